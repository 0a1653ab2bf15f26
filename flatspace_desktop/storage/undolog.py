"""Undo and redo, owned by the core and kept in the Space's database.

Each record operation (edit cells, add, delete, replace, bulk edit) records a step in the same
transaction as its write: the writes that make it (forward) and the writes that take it back
(backward), as plain operations on stored values. Steps belong to a person and a sheet, so
each sheet has its own history and a guest never undoes the owner's work; they survive a
restart. Undo applies a step's backward writes and marks it undone; redo applies its forward
writes again; a new step drops the undone ones above it (as every editor does).

Operations are JSON lists:
  ["set", [[rid, {key: value}], ...]]   cells to set (values as stored)
  ["add", [rid, ...], [{key: value}, ...]]   records to add under these ids
  ["delete", [rid, ...]]
  ["restore", snapshot id, activity id]   a step too big to keep as values, undone by restoring
                                          the snapshot taken before it (and redone by restoring
                                          the one taken after it) if nothing else changed the
                                          sheet after the activity row with that id
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ..domain.clock import now_iso

MAX_STEPS = 100  # kept per person and sheet; older ones are dropped
MAX_CELLS = 200_000  # a bigger step is not kept as values: restore its snapshot instead


def set_op(changes: dict[int, dict[str, Any]]) -> list:
    return ["set", [[rid, cells] for rid, cells in changes.items()]]


def add_op(rids: list[int], rows: list[dict[str, Any]]) -> list:
    return ["add", list(rids), rows]


def delete_op(rids: list[int]) -> list:
    return ["delete", list(rids)]


def op_cells(op: list) -> int:
    if op[0] == "set":
        return sum(len(cells) for _rid, cells in op[1])
    if op[0] == "add":
        return sum(max(1, len(row)) for row in op[2])
    return len(op[1])


@dataclass
class Pending:
    """A step being gathered: several writes (a paste that edits cells and adds records) that
    undo as one."""

    label: str
    sheet_id: int | None = None
    forward: list = field(default_factory=list)
    backward: list = field(default_factory=list)
    cells: int | None = None  # when given: a step too big to keep, whose values were not gathered

    def add(self, sheet_id: int, forward: list, backward: list) -> None:
        if self.sheet_id is not None and sheet_id != self.sheet_id:
            raise ValueError("one undo step covers one sheet")
        self.sheet_id = sheet_id
        self.forward.append(forward)
        self.backward.insert(0, backward)  # taken back in the opposite order


class UndoLog:
    """The undo steps of one Space. Every method runs inside the caller's transaction."""

    def __init__(self, space):
        self.space = space
        self.U = space.m.UndoStep

    def record(self, actor_id: str, step: Pending) -> int | None:
        """The id of the step recorded (None: nothing to record)."""
        if step.sheet_id is None or not (step.forward or step.cells):
            return None
        U = self.U
        cells = step.cells if step.cells is not None else sum(op_cells(op) for op in step.forward)
        # What was undone above this point can no longer be redone: the sheet moved on.
        gone = U.select(U.id).where((U.actor == actor_id) & (U.sheet_id == step.sheet_id) & (U.undone == True))  # noqa: E712
        R = self.space.m.RecipeStep  # a preparation step undone and left behind is no longer the sheet's
        R.delete().where(R.undo_id.in_(gone)).execute()
        U.delete().where(U.id.in_(gone)).execute()
        if cells > MAX_CELLS or step.cells is not None:
            forward = backward = "null"  # too big to keep as values; the step says so
            if step.cells is not None and step.backward:  # undone by restoring the snapshot before it
                backward = json.dumps(step.backward)
        else:
            forward, backward = _dumps(step.forward), _dumps(step.backward)
        row = U.create(actor=actor_id, sheet_id=step.sheet_id, label=step.label, forward=forward,
                       backward=backward, cells=cells, at=now_iso())
        old = (U.select(U.id).where((U.actor == actor_id) & (U.sheet_id == step.sheet_id))
               .order_by(U.id.desc()).offset(MAX_STEPS))
        U.delete().where(U.id.in_(old)).execute()
        return row.id

    def _stack(self, actor_id: str, sheet_ids: list[int] | None):
        U = self.U
        q = U.select().where(U.actor == actor_id)
        if sheet_ids is not None:
            q = q.where(U.sheet_id.in_(sheet_ids))
        return q

    def next_step(self, actor_id: str, sheet_ids: list[int] | None, undo: bool):
        """The step undo (the newest done one) or redo (the oldest undone one) would take."""
        U = self.U
        q = self._stack(actor_id, sheet_ids).where(U.undone == (not undo))
        return q.order_by(U.id.desc() if undo else U.id).first()

    def steps(self, actor_id: str, sheet_ids: list[int] | None) -> list:
        return list(self._stack(actor_id, sheet_ids).order_by(self.U.id))

    def undone_after(self, step_id: int, sheet_id: int) -> int:
        """How many steps of the sheet, anyone's, made after this one are undone now."""
        U = self.U
        return U.select().where((U.sheet_id == sheet_id) & (U.id > step_id) & (U.undone == True)).count()  # noqa: E712

    def mark(self, step_id: int, undone: bool) -> None:
        self.U.update(undone=undone).where(self.U.id == step_id).execute()

    def rewrite(self, row, forward: list, backward: list, undone: bool) -> None:
        """A step too big to keep as values, after the restore that undid (or redid) it: the
        snapshots that take it each way now, and whether it is undone."""
        self.U.update(forward=json.dumps(forward), backward=json.dumps(backward), undone=undone).where(
            self.U.id == row.id).execute()

    def forget(self, sheet_ids: list[int] | None = None) -> None:
        """Drop the steps of these sheets (all when None): a restore or a removed workbook
        leaves values no step was recorded against."""
        q = self.U.delete()
        if sheet_ids is not None:
            q = q.where(self.U.sheet_id.in_(sheet_ids))
        q.execute()


CHUNK = 5_000  # cells encoded at a time


def _dumps(ops: list) -> str:
    """JSON of a step's operations. json.dumps holds the interpreter lock for the whole text
    (100 ms for a 200,000-cell transform, a stall of the window while a task records it), so a
    long list is encoded a chunk at a time, with a pause off the window's thread in between."""
    parts = []
    for op in ops:
        if op[0] != "set" or len(op[1]) <= CHUNK:
            parts.append(json.dumps(op, ensure_ascii=False))
            continue
        pieces = []
        for i in range(0, len(op[1]), CHUNK):
            pieces.append(json.dumps(op[1][i:i + CHUNK], ensure_ascii=False)[1:-1])
            if threading.current_thread() is not threading.main_thread():
                time.sleep(0.0002)
        parts.append('["set", [' + ", ".join(pieces) + "]]")
    return "[" + ", ".join(parts) + "]"


def step_ops(row, undo: bool) -> list | None:
    """The operations to apply for undoing (or redoing) a stored step; None when it was too big."""
    text = row.backward if undo else row.forward
    ops = json.loads(text)
    if ops is None:
        return None
    return ops


def step_dict(row, slug: str) -> dict:
    return {"id": row.id, "label": row.label, "sheet": slug, "at": row.at, "cells": row.cells,
            "undone": bool(row.undone), "undoable": row.backward != "null",
            "restores": row.cells > MAX_CELLS}  # undone and redone by restoring a snapshot: a long task
