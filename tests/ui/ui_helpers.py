"""Small readers of what the widgets show, shared by the UI tests."""

from PySide6.QtCore import QModelIndex


def sidebar_labels(model) -> list[str]:
    return [model.index(r, 0, QModelIndex()).data() for r in range(model.rowCount())]


def column(model, key: str) -> int:
    return model.keys.index(key)


def cell(model, row: int, key: str) -> str:
    return model.index(row, column(model, key)).data(2)


def open_sheet(window, slug):
    pane = window.pane
    wid = next(wb["id"] for wb in pane.info["workbooks"] if any(s["slug"] == slug for s in wb["sheets"]))
    assert pane.select_key(("sheet", wid, slug))
    view = pane.current_sheet()
    assert view is not None and view.handle.sheet.slug == slug
    return view
