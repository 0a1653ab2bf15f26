"""Small readers of what the widgets show, shared by the UI tests."""

from PySide6.QtCore import QMimeData, QModelIndex, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication


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


def drop_files(widget, paths) -> bool:
    """Drag files over `widget` and drop them there, as the system's drag and drop does: to the
    window (its QWindow) at the widget's place, which Qt hands to the widget under it (file
    managers offer the paths as text too). False when the drag is refused."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    mime.setText("\n".join(str(p) for p in paths))
    top = widget.window()
    assert top.windowHandle() is not None, "drop on a shown window"
    at = QPointF(widget.mapTo(top, widget.rect().center()))
    enter = QDragEnterEvent(at.toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(top.windowHandle(), enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(at, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(top.windowHandle(), event)
    return event.isAccepted()
