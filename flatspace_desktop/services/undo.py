"""Undo and redo, the core's: each record operation stores its step (the writes that make it
and take it back) with the write, per person and sheet, in the Space (storage.undolog), so an
undo survives a restart. The window's Undo/Redo and `flatspace undo|redo` call these."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from ..domain.access import Can
from ..domain.cells import display_text, make_caster
from ..domain.values import same_value
from ..domain.errors import InvalidInput, NotFound
from ..storage import recordquery, spacerow
from ..storage.undolog import Pending, UndoLog, step_dict, step_ops
from .automation.hooks import run_hooks
from .history import MANY


class Undo:
    def __init__(self, session):
        self.s = session

    def record(self, sheet_id: int, label: str, forward: list, backward: list) -> int | None:
        """Note a write as an undo step (or as part of the step being gathered); inside its
        transaction. The step's id, when it is one of its own."""
        return self.record_ops(sheet_id, label, [(forward, backward)])

    def record_ops(self, sheet_id: int, label: str, ops: list[tuple[list, list]]) -> int | None:
        """A write of several operations ((forward, backward) each, in the order made) as one step."""
        step = self.s.app.pending_steps.get(self.s.id)
        mine = step is None
        step = Pending(label) if mine else step
        for forward, backward in ops:
            step.add(sheet_id, forward, backward)
        return UndoLog(self.s.space).record(self.s.actor.id, step) if mine else None

    def record_too_big(self, sheet_id: int, label: str, cells: int, snapshot: int | None = None,
                       since: int | None = None) -> int | None:
        """A step of more cells than undo keeps as values: listed, and undone by restoring the
        snapshot taken before it (`since`: the last activity row before the step's write)."""
        step = Pending(label, sheet_id, cells=cells)
        if snapshot is not None and since is not None:
            step.backward = [["restore", snapshot, since]]
        return UndoLog(self.s.space).record(self.s.actor.id, step)

    @contextlib.contextmanager
    def group(self, label: str):
        """Writes made inside undo as one step, and happen all or none (a paste that edits
        cells and adds records)."""
        pending = self.s.app.pending_steps
        if self.s.id in pending:
            yield  # already inside one: it gathers these too
            return
        step = pending[self.s.id] = Pending(label)
        try:
            with self.s.transaction():
                yield
                UndoLog(self.s.space).record(self.s.actor.id, step)
        finally:
            del pending[self.s.id]

    def _stack(self, sheet: str | None):
        """(sheet ids, or None for the whole Space; slugs by sheet id)."""
        slugs = {s.id: s.slug for s in self.s.space.sheet_refs()}
        return (None if sheet is None else [self.s.sheet(sheet).id]), slugs

    def history(self, sheet: str | None = None) -> list[dict]:
        """The actor's steps, oldest first: done ones, then those undone (which redo takes)."""
        ids, slugs = self._stack(sheet)
        return [step_dict(r, slugs.get(r.sheet_id, "?")) for r in UndoLog(self.s.space).steps(self.s.actor.id, ids)]

    def next(self, sheet: str | None = None, redo: bool = False) -> dict | None:
        """The step Undo (or Redo) would take, or None: for the window's menu text."""
        ids, slugs = self._stack(sheet)
        row = UndoLog(self.s.space).next_step(self.s.actor.id, ids, undo=not redo)
        return step_dict(row, slugs.get(row.sheet_id, "?")) if row else None

    def undo(self, sheet: str | None = None) -> dict:
        return self._step(sheet, undo=True)

    def redo(self, sheet: str | None = None) -> dict:
        return self._step(sheet, undo=False)

    def _step(self, sheet: str | None, undo: bool) -> dict:
        ids, _slugs = self._stack(sheet)
        space, actor = self.s.space, self.s.actor
        log = UndoLog(space)
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
        if ops and ops[0][0] == "restore":
            return self._restore(row, sref, undo, *ops[0][1:])
        store = self.s.store(f"{sref.workbook_id}/{sref.slug}")  # the actor may still write it
        self.s.records.writable(store)
        rows = any(op[0] != "set" for op in ops)
        with self.s.write(f"records.{word}", {"sheet": sref.slug, "sheetId": sref.id, "step": row.label, "rows": rows},
                          needs=Can.EDIT_RECORDS):
            _unchanged_since(store, row.label, step_ops(row, not undo) or [], word)
            if row.cells >= MANY:
                self.s.history.auto(f"before {'undoing' if undo else 'redoing'} “{row.label}” in {sref.slug}")
            for op in ops:
                _apply(store, op, actor.id)
            touched = sorted({rid for op in ops if op[0] == "set" for rid, _cells in op[1]}
                             | {rid for op in ops if op[0] == "add" for rid in op[1]})
            run_hooks(self.s, store, touched, "records:updated", says_only=True)
            log.mark(row.id, undone=undo)
        return {"label": row.label, "sheet": sref.slug, "workbookId": sref.workbook_id, "cells": row.cells,
                "undone": undo, "ops": sorted({op[0] for op in ops})}

    def _restore(self, row, sref, undo: bool, snapshot: int, since: int) -> dict:
        """Undo (or redo) a step too big to keep as values: the sheet back at the snapshot taken
        before it (or after it), only if nothing but that step changed the sheet since (a later
        edit, anyone's, would be lost with it). The sheet's other steps and its recipe stand (they
        came before it); this one is written again the other way round."""
        later = [a for a in spacerow.activity_after(self.s.space, since) if _touches(a, sref.id)]
        # Writes since: its own (when undoing), and one for each later step of the sheet that is
        # undone now; undoing and redoing steps took the sheet back to states it had
        writes = [a for a in later if a[1] not in ("records.undo", "records.redo", "snapshot.restore")]
        if len(writes) > (1 if undo else 0) + UndoLog(self.s.space).undone_after(row.id, sref.id):
            raise InvalidInput(f"“{row.label}” was followed by other changes to {sref.slug}: restore the snapshot "
                               f"taken {'before' if undo else 'after'} it from the timeline, to choose what to keep")
        space, log = self.s.space, UndoLog(self.s.space)
        now = spacerow.last_activity(space)

        def rewrite(before: dict) -> None:  # inside the restore's write, not around it: a
            # savepoint around a million updates makes each cost more than the one before
            ops = [["restore", before["id"], now]]  # the way back: the state this restore replaced
            forward, backward = (ops, json.loads(row.backward)) if undo else (json.loads(row.forward), ops)
            log.rewrite(row, forward, backward, undone=undo)  # its recipe step follows it, as any step's

        self.s.history.restore(snapshot, sheet=f"{sref.workbook_id}/{sref.slug}", then=rewrite, keep_undo=True)
        return {"label": row.label, "sheet": sref.slug, "workbookId": sref.workbook_id, "cells": row.cells,
                "undone": undo, "ops": ["restore"], "snapshot": snapshot}


def _touches(activity: tuple, sheet_id: int) -> bool:
    """An activity row that may have changed the sheet's records (a saved view does not)."""
    _id, action, detail = activity
    if action.startswith("views."):
        return False
    try:
        sid = json.loads(detail or "{}").get("sheetId")
    except (ValueError, AttributeError):
        return True
    return sid is None or sid == sheet_id


def _unchanged_since(store, label: str, made: list, word: str) -> None:
    """The cells a step set still hold what it set: else someone changed one since (another
    desktop, another program, a listener), and taking the step back would write over that."""
    cells = {rid: c for op in made if op[0] == "set" for rid, c in op[1]}
    if not cells:
        return
    sink: list = []
    for rec in recordquery.fetch_rids(store, sorted(cells)):
        for key, raw in cells[rec.rid].items():
            if key not in store.cols:
                continue
            f = store.sheet.field(key)
            now = rec.values.get(key)
            if same_value(now, raw):  # a stored value kept as it was (what an undo writes back)
                continue
            wanted = make_caster(f, sink)(raw)  # or what a typed value is stored as
            sink.clear()
            if not same_value(now, wanted):
                shown = f'"{display_text(f, now)}"' if now is not None else "empty"
                raise InvalidInput(f"Not {word}ne: {f.label or key} of record {rec.rid} was changed since “{label}” "
                                   f"(it is {shown} now), and {word}ing it would write over that change.")


def _apply(store, op: list, author: str) -> None:
    from .records import Records

    kind = op[0]
    if kind == "set":
        changes: dict[int, dict[str, Any]] = {rid: cells for rid, cells in op[1]}
        Records.require(store, list(changes))
        store.update_cells(changes, author)
    elif kind == "add":
        rids, rows = op[1], op[2]
        taken = recordquery.fetch_rids(store, list(rids))
        if taken:
            raise InvalidInput(f"record {taken[0].rid} exists again")
        keys = [k for k in store.cols if any(k in row for row in rows)]
        store.insert_rows(keys, ([row.get(k) for k in keys] for row in rows), scoped=True, rids=rids, author=author)
    elif kind == "delete":
        Records.require(store, list(op[1]))
        store.delete_rows(op[1])
    else:
        raise ValueError(f"unknown undo operation {kind!r}")
