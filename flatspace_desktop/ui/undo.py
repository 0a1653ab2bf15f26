"""Undoable sheet operations. Each does its work through the service, then tells the model
what to re-read; undo writes back exactly what was there (deleted records keep their ids)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from .sheet_handle import SheetHandle


class EditCells(QUndoCommand):
    """Set cells: new and old are {rid: {key: value}}."""

    def __init__(self, handle: SheetHandle, model, new: dict[int, dict[str, Any]],
                 old: dict[int, dict[str, Any]], text: str):
        super().__init__(text)
        self.handle, self.model, self.new, self.old = handle, model, new, old

    def redo(self) -> None:
        self.handle.update(self.new)
        self.model.refresh_cells()

    def undo(self) -> None:
        self.handle.update(self.old)
        self.model.refresh_cells()


class AddRecords(QUndoCommand):
    def __init__(self, handle: SheetHandle, model, rows: list[dict[str, Any]], text: str = "Add record"):
        super().__init__(text)
        self.handle, self.model, self.rows = handle, model, rows
        self.rids: list[int] | None = None

    def redo(self) -> None:
        self.rids = self.handle.add(self.rows, rids=self.rids)
        self.model.reload()

    def undo(self) -> None:
        self.handle.delete(self.rids)
        self.model.reload()


class DeleteRecords(QUndoCommand):
    def __init__(self, handle: SheetHandle, model, rids: list[int]):
        super().__init__(f"Delete {len(rids)} record{'s' if len(rids) != 1 else ''}")
        self.handle, self.model, self.rids = handle, model, sorted(rids)
        self.saved: list[dict[str, Any]] = []

    def redo(self) -> None:
        self.saved = [rec.values for rec in self.handle.records(self.rids)]
        self.handle.delete(self.rids)
        self.model.reload()

    def undo(self) -> None:
        self.handle.add(self.saved, rids=self.rids)
        self.model.reload()
