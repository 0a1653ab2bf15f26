"""A Space like the ones people bring: typed fields, invalid values, two Spaces to switch between."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

PEOPLE_BLUEPRINT = {"name": "Club", "labels": ["pinned"], "sheets": [
    {"name": "Teams", "slug": "teams", "fields": [
        {"key": "code", "type": "string", "label": "Code", "constraints": [{"type": "required"}]},
        {"key": "name", "type": "string", "label": "Name"}]},
    {"name": "People", "slug": "people", "fields": [
        {"key": "name", "type": "string", "label": "Name"},
        {"key": "born", "type": "date", "label": "Born"},
        {"key": "score", "type": "number", "label": "Score"},
        {"key": "active", "type": "boolean", "label": "Active"},
        {"key": "level", "type": "enum", "label": "Level",
         "config": {"options": [{"value": "jr", "label": "Junior"}, {"value": "sr", "label": "Senior"}]}},
        {"key": "team", "type": "reference", "label": "Team", "config": {"ref": "teams", "key": "code"}}]}]}

PEOPLE_CSV = ("name,born,score,active,level,team\n"
              "Ann,1990-02-30,1.5,yes,jr,A\n"
              "Bo,1991-01-01,abc,maybe,mid,Z\n"
              "Cy,,3,true,sr,B\n")


def stored(fs, admin, sid, sheet) -> list[dict]:
    """Every record's values as the command line would print them."""
    return [r.values for r in fs.open(admin, sid).records.list(sheet, limit=1000)]


def answer_next_dialog(action, seen: list | None = None):
    """Run `action(dialog)` on the next modal dialog that opens (message boxes included)."""
    def attempt(tries=[0]):
        d = QApplication.activeModalWidget()
        if d is None:
            tries[0] += 1
            if tries[0] < 200:
                QTimer.singleShot(20, attempt)
            return
        if seen is not None:
            seen.append(d.text() if hasattr(d, "text") and callable(d.text) else d.windowTitle())
        action(d)
    QTimer.singleShot(0, attempt)


def activate(qtbot, w):
    """Make `w` the active window, so shortcuts reach it as on a desktop."""
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    return w


def key(w, k, modifiers=Qt.NoModifier):
    """Press a key as the keyboard does: through the window, its shortcuts and menus first.
    (The offscreen platform has no window manager to give focus back after a dialog closes.)"""
    if QApplication.activeModalWidget() is None and QApplication.activePopupWidget() is None \
            and not w.isActiveWindow():
        w.activateWindow()
        QApplication.processEvents()
    QTest.keyClick(w.windowHandle(), k, modifiers)


def type_text(qtbot, text: str):
    """Type into whatever has the keyboard focus."""
    qtbot.keyClicks(QApplication.focusWidget(), text)


def focused():
    return QApplication.focusWidget()


def go_to_cell(view, row: int, key: str):
    table = view.table
    table.setFocus()
    table.setCurrentIndex(view.model.index(row, view.model.keys.index(key)))
    return table


def retype(qtbot, view, row: int, field: str, text: str, finish=None):
    """Go to a cell, F2, select what is there and type `text`; then press `finish` if given."""
    w = view.window()
    go_to_cell(view, row, field)
    key(w, Qt.Key_F2)
    key(w, Qt.Key_A, Qt.ControlModifier)
    type_text(qtbot, text)
    if finish is not None:
        key(w, finish)
