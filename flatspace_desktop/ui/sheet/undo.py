"""The window's view of undo: the core keeps the steps, per person and sheet, in the Space
(storage.undolog), so they outlive the window and `flatspace undo` takes the same ones. Here are
only the one-line refusal around a write and the history list (Edit > Undo History…), which
shows the steps with their labels and moves to any of them, as QUndoView does for a stack."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem,
                               QVBoxLayout)

from ...domain.errors import FlatspaceError

Report = Callable[[str], None]


def attempt(write: Callable[[], object], report: Report, show_now: Callable[[], None]) -> bool:
    """Run a write; a refusal is reported in one line and what is there now is shown (another
    program may have changed it). When even reading is refused (a revoked link), the window's
    session check closes the view instead."""
    try:
        write()
    except FlatspaceError as exc:
        try:
            show_now()
        except FlatspaceError:
            pass
        report(str(exc))
        return False
    return True


class UndoHistory(QDialog):
    """The sheet's steps, oldest first, with the current point marked: picking a row undoes or
    redoes up to it, one step at a time through the sheet (each refusal stops the walk)."""

    def __init__(self, steps: list[dict], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Undo history")
        self.setObjectName("undo-history")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Pick the point to go back (or forward) to. Steps stay with the Space: "
                                "they are there after a restart too.", wordWrap=True))
        self.list = QListWidget(objectName="undo-steps")
        start = QListWidgetItem("(before the first step)")
        start.setData(Qt.UserRole, 0)
        self.list.addItem(start)
        done = 0
        grey = QBrush(self.palette().color(QPalette.Disabled, QPalette.Text))
        for i, s in enumerate(steps, 1):
            item = QListWidgetItem(f"{s['label']}  ·  {s['at'][11:16]}" + ("" if s["undoable"] else "  (too large)"))
            item.setData(Qt.UserRole, i)
            if s["undone"]:
                item.setForeground(grey)
            else:
                done = i
            self.list.addItem(item)
        self.current = done  # steps up to here are done
        self.list.setCurrentRow(done)
        self.list.itemActivated.connect(lambda _i: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Go there")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, 360)

    def moves(self) -> int:
        """How many steps to take: negative undoes, positive redoes."""
        item = self.list.currentItem()
        return (item.data(Qt.UserRole) if item else self.current) - self.current
