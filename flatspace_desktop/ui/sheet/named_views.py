"""Named views in the window: View ▸ Save view as… keeps the sheet's filter, search, sort and
facets under a name (for everyone in the Space, as the command line's `view save` does), and
View ▸ Views lists the sheet's views to go back to one."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from ...domain.errors import FlatspaceError
from ...domain.records import View


def show_view(sheet, view: View) -> None:
    """The sheet view's filters, search and facets set to `view`, then its sort."""
    sheet.filter_buttons[view.filter].setChecked(True)
    for widget in (sheet.field_filter, sheet.search, sheet.facet_chip):
        widget.blockSignals(True)
    try:
        sheet.field_filter.setCurrentIndex(max(0, sheet.field_filter.findData(view.field_errors)))
        sheet.search.setText(view.search or "")
        sheet.facet_chip.set_facets(view.facets)
    finally:
        for widget in (sheet.field_filter, sheet.search, sheet.facet_chip):
            widget.blockSignals(False)
    sheet.model.view = replace(sheet.model.view, sort=None, descending=False)
    sheet._apply_view()
    if view.sort in sheet.model.keys:  # sorted as a click on the header sorts (a big sheet off the window's thread)
        order = Qt.DescendingOrder if view.descending else Qt.AscendingOrder
        sheet.table.sortByColumn(sheet.model.keys.index(view.sort), order)


def save_view(window) -> None:
    sheet = window.pane.current_sheet() if window.pane else None
    if sheet is None:
        return
    name, ok = QInputDialog.getText(window, "Save view", f"A name for this view of {sheet.handle.sheet.name}:")
    if not ok or not name.strip():
        return
    try:
        sheet.handle.session().views.save(sheet.handle.sheet_ref, name, sheet.current_view())
    except FlatspaceError as exc:
        QMessageBox.warning(window, "Save view", str(exc))
        return
    window.status.showMessage(f"Saved the view “{name.strip()}”", 6000)


def fill_views(window, menu) -> None:
    menu.clear()
    sheet = window.pane.current_sheet() if window.pane else None
    views = []
    if sheet is not None:
        try:
            views = sheet.handle.session().views.list(sheet.handle.sheet_ref)
        except FlatspaceError as exc:
            menu.addAction(str(exc)).setEnabled(False)
            return
    for v in views:
        menu.addAction(v["name"], lambda v=v: _open(window, sheet, v))
    if not views:
        menu.addAction("No saved views of this sheet yet" if sheet else "Open a sheet first").setEnabled(False)
        return
    menu.addSeparator()
    remove = menu.addMenu("Delete a view")
    for v in views:
        remove.addAction(v["name"], lambda v=v: _delete(window, sheet, v["name"]))


def _open(window, sheet, saved: dict) -> None:
    from ...domain.viewconfig import view_from_config

    try:
        view = view_from_config(saved["config"])
        sheet.handle.session().records.check_view(sheet.handle.session().store(sheet.handle.sheet_ref), view)
    except FlatspaceError as exc:  # a field it names has gone since
        QMessageBox.warning(window, "Views", f"“{saved['name']}” no longer fits this sheet: {exc}")
        return
    show_view(sheet, view)
    window.status.showMessage(f"Showing the view “{saved['name']}”", 6000)


def _delete(window, sheet, name: str) -> None:
    try:
        sheet.handle.session().views.delete(sheet.handle.sheet_ref, name)
    except FlatspaceError as exc:
        QMessageBox.warning(window, "Views", str(exc))
        return
    window.status.showMessage(f"Deleted the view “{name}”", 6000)
