"""Service operations for undo and redo (the steps themselves: core.undolog). Mixed into the
service; the window's Undo/Redo and `flatspace undo|redo` call these."""

from __future__ import annotations

import contextlib
from typing import Any

from ..storage import recordquery
from ..domain.access import Actor, Can
from ..storage.db import translate_errors
from ..domain.errors import InvalidInput, NotFound
from .history import MANY
from ..storage.undolog import Pending, UndoLog, step_dict, step_ops


class UndoOps:
    def _undo_log(self, space) -> UndoLog:
        return UndoLog(space)

    def _recorded(self, space, actor: Actor, sheet_id: int, label: str, forward: list, backward: list) -> None:
        """Note a write as an undo step (or as part of the step being gathered); inside its transaction."""
        pending = self._pending_steps.get(space.id)
        if pending is not None:
            pending.add(sheet_id, forward, backward)
            return
        step = Pending(label)
        step.add(sheet_id, forward, backward)
        self._undo_log(space).record(actor.id, step)

    @contextlib.contextmanager
    def undo_group(self, actor: Actor, ref: str, label: str):
        """Writes made inside undo as one step, and happen all or none (a paste that edits
        cells and adds records)."""
        space = self._space_for(actor, ref)
        if space.id in self._pending_steps:
            yield  # already inside one: it gathers these too
            return
        step = self._pending_steps[space.id] = Pending(label)
        try:
            with translate_errors(), space.db.atomic():
                yield
                self._undo_log(space).record(actor.id, step)
        finally:
            del self._pending_steps[space.id]
            self._send(space)  # the writes inside were told only once the whole step was over

    def _stack_sheets(self, actor: Actor, ref: str, sheet: str | None):
        """(space, sheet ids or None for the whole Space, slugs by sheet id)."""
        space = self._space_for(actor, ref)
        slugs = {s.id: s.slug for s in space.sheet_refs()}
        if sheet is None:
            return space, None, slugs
        _space, sref = self.sheet(actor, ref, sheet)
        return space, [sref.id], slugs

    def undo_history(self, actor: Actor, ref: str, sheet: str | None = None) -> list[dict]:
        """The actor's steps, oldest first: done ones, then those undone (which redo takes)."""
        space, ids, slugs = self._stack_sheets(actor, ref, sheet)
        return [step_dict(r, slugs.get(r.sheet_id, "?")) for r in self._undo_log(space).steps(actor.id, ids)]

    def next_undo(self, actor: Actor, ref: str, sheet: str | None = None, redo: bool = False) -> dict | None:
        """The step Undo (or Redo) would take, or None: for the window's menu text."""
        space, ids, slugs = self._stack_sheets(actor, ref, sheet)
        row = self._undo_log(space).next_step(actor.id, ids, undo=not redo)
        return step_dict(row, slugs.get(row.sheet_id, "?")) if row else None

    def undo(self, actor: Actor, ref: str, sheet: str | None = None) -> dict:
        return self._step(actor, ref, sheet, undo=True)

    def redo(self, actor: Actor, ref: str, sheet: str | None = None) -> dict:
        return self._step(actor, ref, sheet, undo=False)

    def _step(self, actor: Actor, ref: str, sheet: str | None, undo: bool) -> dict:
        space, ids, slugs = self._stack_sheets(actor, ref, sheet)
        log = self._undo_log(space)
        row = log.next_step(actor.id, ids, undo=undo)
        word = "undo" if undo else "redo"
        if row is None:
            raise NotFound(f"nothing to {word}")
        ops = step_ops(row, undo)
        if ops is None:
            raise InvalidInput(f"“{row.label}” changed {row.cells:,} cells, too many to {word} here: restore the "
                               "snapshot taken before it from the timeline")
        sref = next((s for s in space.sheet_refs() if s.id == row.sheet_id), None)
        if sref is None:
            raise NotFound(f"the sheet of “{row.label}” is gone")
        _space, sref = self.sheet(actor, ref, f"{sref.workbook_id}/{sref.slug}")  # the actor may still write it
        store = space.store(sref)
        self._writable(store)
        cells = row.cells
        rows = any(op[0] != "set" for op in ops)
        with self._write(space, actor, f"records.{word}", {"sheet": sref.slug, "sheetId": sref.id, "step": row.label,
                                                           "rows": rows}, needs=Can.EDIT_RECORDS):
            if cells >= MANY:
                self._auto(space, actor, f"before {'undoing' if undo else 'redoing'} “{row.label}” in {sref.slug}")
            for op in ops:
                _apply(self, store, op, actor.id)
            log.mark(row.id, undone=undo)
        return {"label": row.label, "sheet": sref.slug, "workbookId": sref.workbook_id, "cells": cells,
                "undone": undo, "ops": sorted({op[0] for op in ops})}


def _apply(fs, store, op: list, author: str) -> None:
    kind = op[0]
    if kind == "set":
        changes: dict[int, dict[str, Any]] = {rid: cells for rid, cells in op[1]}
        fs._require_rids(store, list(changes))
        store.update_cells(changes, author)
    elif kind == "add":
        rids, rows = op[1], op[2]
        taken = recordquery.fetch_rids(store, list(rids))
        if taken:
            raise InvalidInput(f"record {taken[0].rid} exists again")
        keys = [k for k in store.cols if any(k in row for row in rows)]
        store.insert_rows(keys, ([row.get(k) for k in keys] for row in rows), scoped=True, rids=rids, author=author)
    elif kind == "delete":
        fs._require_rids(store, list(op[1]))
        store.delete_rows(op[1])
    else:
        raise ValueError(f"unknown undo operation {kind!r}")
