"""The named views of a sheet (its saved filter, search, sort and facets), in the Space."""

from __future__ import annotations

import json

from ..domain.clock import now_iso


def all_of(space, sheet_id: int) -> list[dict]:
    V = space.m.SavedView
    return [{"name": r.name, "config": json.loads(r.config), "createdBy": r.created_by, "createdAt": r.created_at}
            for r in V.select().where(V.sheet_id == sheet_id).order_by(V.name)]


def put(space, sheet_id: int, name: str, config: dict, actor_id: str) -> None:
    """Saved under its name, in place of a view of the same name."""
    V = space.m.SavedView
    V.delete().where((V.sheet_id == sheet_id) & (V.name == name)).execute()
    V.create(sheet_id=sheet_id, name=name, config=json.dumps(config, ensure_ascii=False), created_by=actor_id,
             created_at=now_iso())


def drop(space, sheet_id: int, name: str) -> int:
    V = space.m.SavedView
    return V.delete().where((V.sheet_id == sheet_id) & (V.name == name)).execute()
