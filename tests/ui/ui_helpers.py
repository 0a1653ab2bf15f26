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


def open_document(window, doc_id):
    """Go to a document in the sidebar (read again first: it may be new); its view."""
    from flatspace_desktop.ui.documents.document_view import DocumentView

    window.pane.reload_tree()
    assert window.pane.select_key(("document", doc_id))
    view = window.pane.stack.currentWidget()
    assert isinstance(view, DocumentView)
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


def focus_grid(qtbot, view):
    """The window active and the grid focused before a dialog is awaited (the offscreen platform
    gives no window focus back after a dialog closes; key() would activate it, turning the event
    loop, and the dialog's answer would run before the dialog is there)."""
    view.window().activateWindow()
    QApplication.processEvents()
    view.table.setFocus()


def when_dialog(kind, act):
    """act(dialog) once a `kind` dialog is open (looked for every few milliseconds: pressing a
    key turns the event loop before the dialog opens, so a one-off timer would come too early)."""
    from PySide6.QtCore import QTimer

    timer = QTimer(interval=10)
    tries = []

    def look():
        dialog = QApplication.activeModalWidget()
        tries.append(1)
        if isinstance(dialog, kind):
            timer.stop()
            act(dialog)
        elif len(tries) > 500:
            timer.stop()
    timer.timeout.connect(look)
    timer.start()
    _timers.append(timer)


_timers: list = []  # kept alive until they stop
