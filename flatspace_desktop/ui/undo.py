"""Undoable sheet operations.

The write happens outside Qt's redo()/undo(): `run` writes first and pushes the command only
when the write succeeded, and `step` writes the inverse before it moves the stack. A refused
write (a record deleted by another program, a revoked link) leaves the stack as it was and
comes back as one line for the user; nothing raises inside a Qt virtual. Each command's
redo()/undo() only tells the model what to re-read.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.errors import FlatspaceError
from .sheet_handle import SheetHandle

Report = Callable[[str], None]


class SheetCommand(QUndoCommand):
    """A step with its write (`forward`) and the write that takes it back (`backward`)."""

    def __init__(self, model, text: str, refresh: Callable[[], None]):
        super().__init__(text)
        self.model = model
        self._refresh = refresh

    def redo(self) -> None:
        self._refresh()

    def undo(self) -> None:
        self._refresh()


class EditCells(SheetCommand):
    """Set cells: new and old are {rid: {key: value}}."""

    def __init__(self, handle: SheetHandle, model, new: dict[int, dict[str, Any]],
                 old: dict[int, dict[str, Any]], text: str):
        super().__init__(model, text, model.refresh_cells)
        self.handle, self.new, self.old = handle, new, old

    def forward(self) -> None:
        self.handle.update(self.new)

    def backward(self) -> None:
        self.handle.update(self.old)


class ReplaceText(SheetCommand):
    """Find and replace: the first run is the service's find-and-replace (with its snapshot);
    undo and redo write back the cells it reported."""

    def __init__(self, handle: SheetHandle, model, params: dict, text: str):
        super().__init__(model, text, model.refresh_cells)
        self.handle, self.params = handle, params
        self.result: dict | None = None

    def forward(self) -> None:
        if self.result is None:
            self.result = self.handle.replace(**self.params)
        else:
            self.handle.update(self.result["new"])

    def backward(self) -> None:
        self.handle.update(self.result["old"])


class AddRecords(SheetCommand):
    def __init__(self, handle: SheetHandle, model, rows: list[dict[str, Any]], text: str = "Add record"):
        super().__init__(model, text, model.reload)
        self.handle, self.rows = handle, rows
        self.rids: list[int] | None = None

    def forward(self) -> None:
        self.rids = self.handle.add(self.rows, rids=self.rids)

    def backward(self) -> None:
        self.handle.delete(self.rids)


class DeleteRecords(SheetCommand):
    def __init__(self, handle: SheetHandle, model, rids: list[int]):
        super().__init__(model, f"Delete {len(rids)} record{'s' if len(rids) != 1 else ''}", model.reload)
        self.handle, self.rids = handle, sorted(rids)
        self.saved: list[dict[str, Any]] = []

    def forward(self) -> None:
        saved = [rec.values for rec in self.handle.records(self.rids)]
        self.handle.delete(self.rids)
        self.saved = saved

    def backward(self) -> None:
        self.handle.add(self.saved, rids=self.rids)


class Steps(SheetCommand):
    """Several commands as one step (a paste that edits cells and adds records). When a later
    part is refused, the parts already written are taken back, so the step is all or nothing."""

    def __init__(self, model, parts: list[SheetCommand], text: str):
        super().__init__(model, text, self._refresh_parts)
        self.parts = parts

    def _refresh_parts(self) -> None:
        for part in self.parts:
            part._refresh()

    def forward(self) -> None:
        _all_or_nothing([(p.forward, p.backward) for p in self.parts])

    def backward(self) -> None:
        _all_or_nothing([(p.backward, p.forward) for p in reversed(self.parts)])


def _all_or_nothing(moves) -> None:
    done = []
    for do, undo in moves:
        try:
            do()
        except FlatspaceError:
            for taken_back in reversed(done):
                taken_back()
            raise
        done.append(undo)


def _show_now(command: SheetCommand) -> None:
    """After a refusal, show what is there now (another program may have changed it); when even
    reading is refused (a revoked link), the window's session check closes the view instead."""
    try:
        command._refresh()
    except FlatspaceError:
        pass


def run(stack: QUndoStack, command: SheetCommand, report: Report) -> bool:
    """Write, then push: the stack only ever holds steps that happened."""
    try:
        command.forward()
    except FlatspaceError as exc:
        _show_now(command)
        report(str(exc))
        return False
    stack.push(command)
    return True


def step(stack: QUndoStack | None, back: bool, report: Report) -> bool:
    """Undo (back) or redo the next step of `stack`: its write first, then the stack moves."""
    if stack is None:
        return False
    command = stack.command(stack.index() - 1 if back else stack.index())
    if not isinstance(command, SheetCommand):
        return False
    try:
        command.backward() if back else command.forward()
    except FlatspaceError as exc:
        _show_now(command)
        report(f"Could not {'undo' if back else 'redo'} “{command.text()}”: {exc}")
        return False
    stack.undo() if back else stack.redo()
    return True
