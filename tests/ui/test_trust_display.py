"""What the window shows is what a person reads (issue 11, items 13 and 14): the theme editor
beside a readable sidebar at 1280 px, sidebar icons that follow the theme's colours, contrast
warnings in view; enum labels, decimal places and true/false in the grid and the timeline, the
sheet's name after an import. Showing never writes: stored values stay exactly as they were."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from support import write
from flatspace_desktop.domain import theme as T
from flatspace_desktop.ui.style import is_dark
from trust_fixtures import activate, answer_next_dialog, key, stored
from ui_helpers import column, open_sheet

STAFF = {"name": "Staff", "sheets": [{"name": "Team members", "slug": "members", "fields": [
    {"key": "name", "type": "string", "label": "Name"},
    {"key": "level", "type": "enum", "label": "Level",
     "config": {"options": [{"value": "junior", "label": "Junior"}, {"value": "senior", "label": "Senior"}]}},
    {"key": "rate", "type": "number", "label": "Rate", "config": {"decimalPlaces": 2}},
    {"key": "skills", "type": "enum-list", "label": "Skills",
     "config": {"options": [{"value": "py", "label": "Python"}, {"value": "sql", "label": "SQL"}]}},
    {"key": "active", "type": "boolean", "label": "Active"}]}]}
STAFF_CSV = "name,level,rate,skills,active\nAnn,junior,1.5,py;sql,yes\nBo,Senior,2,sql,no\n"


def staff_window(make_window, fs, admin, tmp_path, qtbot):
    sid = fs.create_space(admin, "Staff", blueprint=STAFF)["id"]
    fs.open(admin, sid).records.import_file("members", write(tmp_path / "staff.csv", STAFF_CSV))
    w = make_window()
    w.resize(1280, 800)
    activate(qtbot, w)
    return w, sid, open_sheet(w, "members")


def shown(view, row: int, key_: str) -> str:
    """A cell's text as the grid paints it."""
    return view.model.index(row, column(view.model, key_)).data(Qt.DisplayRole)


def click_cell(view, row: int, key_: str) -> None:
    table = view.table
    QTest.mouseClick(table.viewport(), Qt.LeftButton,
                     pos=table.visualRect(view.model.index(row, column(view.model, key_))).center())
    assert table.currentIndex().row() == row


# ---- item 13: the theme editor


def _contrast(a, b) -> float:
    return T.contrast(a.name(), b.name())


def _icon_contrast(tree, index) -> float:
    """The strongest contrast between the pixels of a row's icon and the row's background, as drawn."""
    image = tree.viewport().grab().toImage()
    rect = tree.visualRect(index)
    icon = QRect(rect.left(), rect.top(), tree.iconSize().width() if tree.iconSize().width() > 0 else 16,
                 rect.height()).adjusted(0, 0, 8, 0)
    background = image.pixelColor(rect.right() - 2, rect.top() + 1)
    return max(_contrast(image.pixelColor(x, y), background)
               for x in range(icon.left(), icon.right()) for y in range(icon.top(), icon.bottom()))


def test_theme_editor_leaves_a_readable_sidebar_with_visible_icons_and_warnings(sample_window, fs, admin, qtbot):
    w = sample_window
    w.resize(1280, 800)
    activate(qtbot, w)
    assert not is_dark()  # a light desktop
    key(w, Qt.Key_T, Qt.ControlModifier | Qt.ShiftModifier)  # Space ▸ Theme editor
    qtbot.waitUntil(w.theme_dock.isVisible)
    editor, tree = w.theme_editor, w.pane.tree
    qtbot.waitUntil(lambda: editor.width() > 0 and w.pane.current_sheet().width() > 0)
    assert w.pane.widget(0).width() >= 180  # names, not just icons
    for r in range(w.pane.model.rowCount()):
        label = w.pane.model.index(r, 0).data()
        assert tree.fontMetrics().horizontalAdvance(label) + 40 <= tree.viewport().width(), label
    assert not editor.scroll.horizontalScrollBar().isVisible()  # the form fits its dock

    # The dark preset, chosen from the editor's own list with the keyboard.
    editor.preset.setFocus()
    qtbot.keyClick(editor.preset, Qt.Key_Down, Qt.AltModifier)  # open the list
    popup = editor.preset.view()
    qtbot.waitUntil(popup.isVisible)
    target = editor.preset.findData("Flatspace dark")
    while popup.currentIndex().row() < target:
        qtbot.keyClick(popup, Qt.Key_Down)
    qtbot.keyClick(popup, Qt.Key_Return)
    assert T.get(editor.working, "sidebar.backgroundColor") == T.get(T.DARK, "sidebar.backgroundColor")
    qtbot.wait(50)
    drawn = tree.viewport().grab().toImage().pixelColor(QPoint(tree.viewport().width() - 4,
                                                               tree.viewport().height() - 4))
    assert drawn.name() == T.get(T.DARK, "sidebar.backgroundColor")
    model = w.pane.model
    files = model.find(("section", "files"))
    selected = tree.currentIndex().siblingAtColumn(0)
    assert files.isValid() and selected.isValid() and files != selected
    assert _icon_contrast(tree, files) >= 3.0  # WCAG's 3:1 for icons a person must see
    assert _icon_contrast(tree, selected) >= 3.0  # on the selected row's own colour too
    assert w.pane.widget(0).width() >= 180

    # A colour typed that is hard to read: the warning is in view without scrolling.
    text_hex = editor.findChild(QLineEdit, "hex-sidebar.textColor")
    text_hex.setFocus()
    qtbot.keyClick(text_hex, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(text_hex, "#2a2b31")
    qtbot.keyClick(text_hex, Qt.Key_Return)
    warning = editor.warnings
    assert warning.isVisible() and "Background (sidebar) and text" in warning.text()
    assert warning.visibleRegion().boundingRect() == warning.rect()  # not clipped by a scrolled area
    top_left = warning.mapTo(w, QPoint(0, 0))
    assert w.rect().contains(QRect(top_left, warning.size()))
    # The form is taller than the window: it scrolls, and Apply stays in view.
    assert editor.scroll.verticalScrollBar().maximum() > 0
    assert editor.apply_button.visibleRegion().boundingRect() == editor.apply_button.rect()
    qtbot.mouseClick(editor.apply_button, Qt.LeftButton)
    assert T.get(fs.open(admin, w.pane.space_id).theme.get(), "sidebar.textColor") == "#2a2b31"


# ---- item 14: labels, decimal places, true/false


def test_grid_shows_labels_and_decimal_places_and_showing_never_writes(make_window, fs, admin, tmp_path, qtbot):
    w, sid, view = staff_window(make_window, fs, admin, tmp_path, qtbot)
    assert [shown(view, 0, k) for k in ("level", "rate", "skills")] == ["Junior", "1.50", "Python, SQL"]
    assert [shown(view, 1, k) for k in ("level", "rate", "skills")] == ["Senior", "2.00", "SQL"]
    before = stored(fs, admin, sid, "members")
    assert before[0]["level"] == "junior" and before[0]["rate"] == 1.5

    # Open each editor and leave it without typing (Enter, or a click on another cell): the
    # editor commits what it was given, which is no change at all.
    table = view.table
    for row in (0, 1):
        for k in ("level", "rate", "skills"):
            for leave in ("enter", "click"):
                click_cell(view, row, k)
                key(w, Qt.Key_F2)
                qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
                if leave == "enter":
                    key(w, Qt.Key_Return)
                else:
                    other = table.visualRect(view.model.index(1 - row, 0)).center()
                    QTest.mouseClick(table.viewport(), Qt.LeftButton, pos=other)
                qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    assert stored(fs, admin, sid, "members") == before
    assert not w.act_undo.isEnabled()

    # Copy carries the value, paste takes a value or a label.
    click_cell(view, 0, "level")
    key(w, Qt.Key_C, Qt.ControlModifier)
    assert QApplication.clipboard().text().strip() == "junior"
    click_cell(view, 1, "level")
    key(w, Qt.Key_V, Qt.ControlModifier)
    assert stored(fs, admin, sid, "members")[1]["level"] == "junior" and shown(view, 1, "level") == "Junior"
    QApplication.clipboard().setText("Senior")
    click_cell(view, 0, "level")
    key(w, Qt.Key_V, Qt.ControlModifier)
    assert stored(fs, admin, sid, "members")[0]["level"] == "senior" and shown(view, 0, "level") == "Senior"
    click_cell(view, 0, "rate")
    key(w, Qt.Key_C, Qt.ControlModifier)
    assert QApplication.clipboard().text().strip() == "1.5"
    click_cell(view, 1, "rate")
    key(w, Qt.Key_V, Qt.ControlModifier)
    assert stored(fs, admin, sid, "members")[1]["rate"] == 1.5 and shown(view, 1, "rate") == "1.50"


def test_timeline_shows_true_false_and_labels_like_the_grid(make_window, fs, admin, tmp_path, qtbot):
    w, sid, view = staff_window(make_window, fs, admin, tmp_path, qtbot)
    fs.open(admin, sid).history.take("before the review")
    fs.open(admin, sid).records.update("members", {1: {"active": "no", "level": "senior"}})
    seen = {}

    def look(dialog):
        day = dialog.model.item(0)
        row = next(r for r in range(day.rowCount()) if "before the review" in day.child(r).text())
        dialog.tree.setCurrentIndex(day.child(row).index())
        dialog.records_kind.setCurrentIndex(dialog.records_kind.findData("updated"))
        headers = [dialog.records.horizontalHeaderItem(c).text() for c in range(dialog.records.columnCount())]
        seen.update({h: dialog.records.item(0, c).text() for c, h in enumerate(headers)})
        dialog.accept()

    answer_next_dialog(look)
    key(w, Qt.Key_T, Qt.ControlModifier)  # Space ▸ Timeline…
    qtbot.waitUntil(lambda: bool(seen))
    assert seen["Active"] == "false  →  true"
    assert seen["Level"] == "Senior  →  Junior"
    assert seen["Rate"] == "1.50" and seen["Skills"] == "Python, SQL"


def test_import_summary_names_the_sheet_not_its_slug(make_window, fs, admin, tmp_path, qtbot, monkeypatch):
    w, sid, view = staff_window(make_window, fs, admin, tmp_path, qtbot)
    more = write(tmp_path / "more.csv", "name,level,rate,skills,active\nCy,senior,3.25,py,yes\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(more)], ""))
    summaries = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: summaries.append(box.text()) or 0)

    def import_it(dialog):
        dialog.next.click()
        assert dialog.target.currentData().endswith("/members")
        dialog.next.click()
        dialog.go.click()

    answer_next_dialog(import_it)
    key(w, Qt.Key_O, Qt.ControlModifier)  # File ▸ Add and import files…
    qtbot.waitUntil(lambda: bool(summaries), timeout=20_000)
    assert summaries[0].startswith("Imported 1 records into Team members.")
    assert "into members" not in summaries[0]
    assert summaries[0].endswith("restore the snapshot taken before it (Space ▸ Timeline).")  # how to take it back
    assert shown(open_sheet(w, "members"), 2, "rate") == "3.25"
