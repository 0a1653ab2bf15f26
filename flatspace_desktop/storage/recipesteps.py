"""A sheet's preparation steps, its recipe: each kept with the undo step it was made with, so a
step undone drops out of the recipe and comes back when it is redone."""

from __future__ import annotations

import json

import peewee as pw

from ..domain.clock import now_iso


def add(space, sheet_id: int, actor_id: str, step: dict, undo_id: int | None) -> None:
    """Inside the write that made the step."""
    space.m.RecipeStep.create(sheet_id=sheet_id, actor=actor_id, step=json.dumps(step, ensure_ascii=False),
                              undo_id=undo_id, at=now_iso())


def steps(space, sheet_id: int) -> list[dict]:
    """The sheet's steps in the order they were made, those undone left out: [{step, actor, at}]."""
    if space.as_guest:  # a guest's own role: as the server gives it (storage.serverguests)
        from . import serverguests

        return [{"step": json.loads(step), "actor": actor, "at": at}
                for step, actor, at in serverguests.recipe(space.db, sheet_id)]
    R, U = space.m.RecipeStep, space.m.UndoStep
    rows = (R.select(R.step, R.actor, R.at)
            .join(U, pw.JOIN.LEFT_OUTER, on=(R.undo_id == U.id))
            .where((R.sheet_id == sheet_id) & (U.undone.is_null() | (U.undone == False)))  # noqa: E712
            .order_by(R.id))
    return [{"step": json.loads(r.step), "actor": r.actor, "at": r.at} for r in rows]


def forget_after(space, sheet_ids: list[int], at: str) -> None:
    """A restore took the sheets back to `at`: the steps made since are no longer theirs."""
    R = space.m.RecipeStep
    R.delete().where(R.sheet_id.in_(sheet_ids) & (R.at >= at)).execute()

