"""The grid's columns as a spreadsheet user expects them: a menu on each column's header (sort,
clear the sort, hide, show all, fit the width, freeze, profile, transform, clusters), and the widths,
order and hidden columns each sheet was left with, remembered between runs."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer
from PySide6.QtWidgets import QMenu

from ..actions.action_bar import tip

STATE_VERSION = 1


class ColumnMemory(QObject):
    """Saves the header's state (widths, order, hidden; the frozen columns) under the sheet's key when it changes,
    and puts it back for the same fields; sheets whose fields changed start afresh."""

    def __init__(self, settings, key: str, header, field_keys: list[str], parent=None):
        super().__init__(parent)
        self.settings, self.key, self.header, self.fields = settings, key, header, list(field_keys)
        self.frozen = None
        self._timer = QTimer(self, singleShot=True, interval=400, timeout=self.save)
        for signal in (header.sectionResized, header.sectionMoved):
            signal.connect(lambda *_a: self._timer.start())

    def restore(self) -> None:
        q = self.settings.q
        state, fields = q.value(f"{self.key}/state"), q.value(f"{self.key}/fields")
        if isinstance(fields, str):
            fields = [fields]
        if not isinstance(state, QByteArray) or list(fields or []) != self.fields:
            return
        h = self.header
        h.blockSignals(True)  # a sort kept in the state would sort the sheet: the view decides that
        try:
            h.restoreState(state)
            h.setSortIndicator(-1, Qt.AscendingOrder)
        finally:
            h.blockSignals(False)

    def save(self) -> None:
        q = self.settings.q
        q.setValue(f"{self.key}/state", self.header.saveState())
        q.setValue(f"{self.key}/fields", self.fields)
        if self.frozen is not None:
            q.setValue(f"{self.key}/frozen", self.frozen.count)

    def keep_frozen(self, frozen) -> None:
        """The frozen columns too: put back as they were, and saved when they change."""
        self.frozen = frozen
        q = self.settings.q
        fields = q.value(f"{self.key}/fields")
        count = q.value(f"{self.key}/frozen")
        if list([fields] if isinstance(fields, str) else fields or []) == self.fields:
            try:
                frozen.freeze(min(int(count or 0), len(self.fields) - 1))
            except (TypeError, ValueError):  # a settings file edited by hand
                pass
        frozen.changed.connect(self.changed)

    def changed(self) -> None:
        self._timer.start()

    def flush(self) -> None:
        """Saved now if a change waits (the window is closing)."""
        if self._timer.isActive():
            self._timer.stop()
            self.save()


def header_menu(view, section: int) -> QMenu:
    """The menu of the column at `section` (a logical index) of a SheetView's grid."""
    model, table, hh = view.model, view.table, view.table.horizontalHeader()
    f = model.fields[section]
    menu = QMenu(view)

    def add(text, slot, enabled=True):
        a = menu.addAction(text, slot)
        a.setEnabled(enabled)
        return a

    sorted_by = model.view.sort == f.key
    add("Sort ascending", lambda: table.sortByColumn(section, Qt.AscendingOrder))
    add("Sort descending", lambda: table.sortByColumn(section, Qt.DescendingOrder))
    add("Clear sort", lambda: clear_sort(view), model.view.sort is not None)
    menu.addSeparator()
    shown = [i for i in range(hh.count()) if not hh.isSectionHidden(i)]
    add(f"Hide {f.label}", lambda: (hh.hideSection(section), view.columns and view.columns.changed()),
        len(shown) > 1)
    add("Show all columns", lambda: show_all(view), len(shown) < hh.count())
    add("Fit width to contents", lambda: table.resizeColumnToContents(section))
    frozen = view.frozen
    shown_at = hh.visualIndex(section)
    if frozen.count and shown_at < frozen.count:
        add("Unfreeze columns", lambda: frozen.freeze(0))
    else:
        add(f"Freeze columns up to {f.label}", lambda: frozen.freeze(shown_at + 1), shown_at < hh.count() - 1)
    tools = getattr(view.window(), "prep", None)
    if tools is not None:
        menu.addSeparator()
        at = lambda: table.setCurrentIndex(model.index(max(0, table.currentIndex().row()), section))  # noqa: E731
        add("Profile column", lambda: (at(), tools.profile()))
        writable = not view.handle.sheet.readonly and not view.handle.actor.read_only and f.editable
        add("Transform cells…", lambda: (at(), tools.transform()), writable)
        add("Cluster and merge values…", lambda: (at(), tools.clusters()), writable)
    field_actions = view.job_actions.field_actions(f.key) if hasattr(view, "job_actions") else []
    if field_actions:  # Flatfile's field actions: in the column's menu, off (with why) by their constraints
        menu.addSeparator()
        for fa in field_actions:
            act = add(fa["label"], lambda fa=fa: view.job_actions.trigger({**fa, "field": f.key}),
                      not fa.get("refused"))
            act.setToolTip(tip(fa))
        menu.setToolTipsVisible(True)
    if sorted_by:
        menu.actions()[1 if model.view.descending else 0].setCheckable(True)
        menu.actions()[1 if model.view.descending else 0].setChecked(True)
    return menu


def grid_menu(view, pos) -> QMenu:
    """The grid's own menu (a right click, or the menu key on a cell): its edits, then the
    menu of the cell's column."""
    menu = QMenu(view)
    for a in (view.act_copy, view.act_paste, view.act_add, view.act_delete, view.act_replace):
        menu.addAction(a)
    index = view.table.indexAt(pos) if pos is not None else view.table.currentIndex()
    if index.isValid():
        column = header_menu(view, index.column())
        column.setTitle(f"Column “{view.model.fields[index.column()].label}”")
        menu.addSeparator()
        menu.addMenu(column)
    return menu


def clear_sort(view) -> None:
    hh = view.table.horizontalHeader()
    hh.blockSignals(True)
    hh.setSortIndicator(-1, Qt.AscendingOrder)
    hh.blockSignals(False)
    view.model.set_view(replace(view.model.view, sort=None, descending=False))


def show_all(view) -> None:
    hh = view.table.horizontalHeader()
    for i in range(hh.count()):
        hh.showSection(i)
    if view.columns:
        view.columns.changed()
