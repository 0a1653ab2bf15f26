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
from ..tasks import Task

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


# ---- a sheet view's Undo, Redo and Undo History
BACKGROUND_CELLS = 2_000  # a step of more cells is undone as the window's task (measured: 20,000 took 350 ms)


def step(view, redo: bool = False, then: Callable[[], None] | None = None) -> bool:
    """Undo (or redo) the sheet's next step; `then()` once it is done (a big step finishes
    later, as the window's task)."""
    result = {}
    word = "redo" if redo else "undo"
    nxt = view.next_steps()[1 if redo else 0]
    what = f" “{nxt['label']}”" if nxt else ""
    window = view.window()
    if nxt and (nxt.get("restores") or nxt["cells"] > BACKGROUND_CELLS) and hasattr(window, "start_task"):
        return _as_task(view, window, nxt, redo, then)
    ok = attempt(lambda: result.update(view.handle.undo(redo=redo)),
                 lambda text: view._refused(f"Could not {word}{what}: {text}"), view.model.reload)
    if ok:
        view.message.emit(f"{'Redid' if redo else 'Undid'} “{result['label']}”")
        view._show_messages(view.table.currentIndex())
    view.undoChanged.emit()
    if ok and then:
        then()
    return ok


def _as_task(view, window, nxt: dict, redo: bool, then) -> bool:
    """A big step is undone (and redone) off the window's thread: a step too big to keep as
    values restores a snapshot of the sheet (seconds at a million records), and writing 20,000
    cells back and checking them again stalls the window for a third of a second."""
    if window.task is not None:
        view.message.emit(f"{window.task.title} first: wait for it to finish")
        return False
    handle, word = view.handle, "Redoing" if redo else "Undoing"
    task = Task(f"{word} “{nxt['label']}”", lambda _progress, _cancelled: handle.undo(redo=redo), window)

    def done(result: dict) -> None:
        view.model.reload()
        how = f" (the sheet restored to the snapshot taken {'after' if redo else 'before'} it)" \
            if "restore" in result.get("ops", []) else ""
        view.message.emit(f"{'Redid' if redo else 'Undid'} “{result['label']}”{how}")
        view.undoChanged.emit()
        if then:
            then()
    window.start_task(task, done)  # a refusal is the window's one-line box
    window.status.cancel.hide()  # one write, all or nothing: there is nothing to stop halfway
    return True


def show_history(view) -> None:
    try:
        steps = view.handle.undo_history()
    except FlatspaceError as exc:
        return view._refused(str(exc))
    dialog = UndoHistory(steps, view)
    if dialog.exec() == QDialog.Accepted:
        _move(view, dialog.moves())


def _move(view, moves: int) -> None:
    """Undo (moves < 0) or redo that many steps, each after the one before has finished."""
    if moves:
        step(view, redo=moves > 0, then=lambda: _move(view, moves - 1 if moves > 0 else moves + 1))
