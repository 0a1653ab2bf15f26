"""Files dropped anywhere on a window go to its upload flow, whatever widget is under the
cursor: a search box or an editor would otherwise take a dropped file's path as text.
On the empty window (no Space yet) a drop offers to make a Space from the file."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.errors import FlatspaceError
from ..services.starter import create_space_from_file
from . import flows
from .files.files_view import local_files

DRAG_TYPES = frozenset({QEvent.DragEnter, QEvent.DragMove, QEvent.Drop})


def local_paths(mime) -> list[str]:
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []


class DropCatcher(QObject):
    """Takes file drops meant for one window's widgets where the system hands them over: the
    window's QWindow, before Qt gives them to the widget under the cursor. (An application-wide
    filter saw every event of every widget, each a call into Python: while a background task
    ran Python, each waited for the interpreter, and a repaint of many widgets stalled the
    window 100-200 ms.)"""

    def __init__(self, window: QWidget, on_drop: Callable[[list[str]], None]):
        super().__init__(window)
        self._window, self._on_drop = window, on_drop
        self._handle = None
        window.installEventFilter(self)  # its own events only: to learn of its QWindow
        self._attach()

    def _attach(self) -> None:
        handle = self._window.windowHandle()
        if handle is not None and handle is not self._handle:
            if self._handle is not None:
                self._handle.removeEventFilter(self)
            handle.installEventFilter(self)
            self._handle = handle

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if obj is self._window:
            if kind in (QEvent.Show, QEvent.WinIdChange):
                self._attach()
            return False
        if kind not in DRAG_TYPES:
            return False
        paths = local_paths(event.mimeData())
        if not paths:
            return False  # text and other drags keep their usual meaning
        event.acceptProposedAction()
        if kind == QEvent.Drop:
            QTimer.singleShot(0, lambda: self._on_drop(paths))  # after the drop returns: dialogs may follow
        return True


def space_from_files(parent, fs, actor, paths: list[str]) -> tuple[str, list[int]] | None:
    """Offer to make a Space from the first dropped file; the others are added to it too.
    Returns (the new Space's id, the ids of its files to offer for import), or None."""
    files, refused = local_files(paths)
    if not files:
        QMessageBox.warning(parent, "Nothing to add", "\n".join(refused) or "No data file was dropped.")
        return None
    first = files[0]
    more = f" and add the other {len(files) - 1} file{'s' if len(files) > 2 else ''}" if len(files) > 1 else ""
    answer = QMessageBox.question(
        parent, "Create a Space",
        f"Create a Space from “{first.name}”{more}?\n\nIts sheet gets one field per column of the file; "
        "you choose how to import it next.", QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Yes)
    if answer != QMessageBox.Yes:
        return None
    try:
        made = create_space_from_file(fs, actor, first)
    except FlatspaceError as exc:
        QMessageBox.warning(parent, "Space not created", str(exc))
        return None
    sid = made["space"]["id"]
    uploaded, refused_more = flows.upload(parent, fs, actor, sid, [str(p) for p in files[1:]])
    if refused or refused_more:
        QMessageBox.warning(parent, "Not added", "These were not added; nothing else changed:\n\n"
                            + "\n".join(f"• {r}" for r in refused + refused_more))
    return sid, [made["file"]["id"]] + [f["id"] for f in uploaded]
