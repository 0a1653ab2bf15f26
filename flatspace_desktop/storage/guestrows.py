"""Guests as stored (a link's secret only as its hash) and the log of refused links."""

from __future__ import annotations

from ..domain.clock import now_iso
from .db import translate_errors
from .models import get_or_refuse


def create(space, **values):
    return space.m.Guest.create(created_at=now_iso(), **values)


def listed(space) -> list:
    G = space.m.Guest
    return list(G.select().order_by(G.id))


def get(space, guest_id: int):
    return get_or_refuse(space.m.Guest, guest_id, "guest")


def find(space, guest_id: int):
    G = space.m.Guest
    with translate_errors():
        return G.get_or_none(G.id == guest_id)


def by_token_hash(space, token_hash: str):
    G = space.m.Guest
    return G.get_or_none(G.token_hash == token_hash)


def update(space, guest_id: int, **values) -> None:
    G = space.m.Guest
    G.update(**values).where(G.id == guest_id).execute()


def delete(space, guest_id: int) -> None:
    G = space.m.Guest
    G.delete().where(G.id == guest_id).execute()


def count_use(space, guest_id: int) -> bool:
    """Count one use of a link if it has one left, in one statement: of eight clicks at once on
    a single-use link, exactly one finds a use left."""
    G = space.m.Guest
    with space.db.atomic():
        return bool(G.update(uses=G.uses + 1, last_access_at=now_iso()).where(
            (G.id == guest_id) & (G.max_uses.is_null() | (G.uses < G.max_uses))).execute())


def log_refusal(space, guest_id: int | None, reason: str) -> None:
    with space.db.atomic():
        space.db.execute_sql("INSERT INTO access_log (at, guest_id, outcome, reason) VALUES (?, ?, 'refused', ?)",
                             (now_iso(), guest_id, reason))


def access_log(space) -> list[dict]:
    with translate_errors():
        rows = space.db.execute_sql("SELECT at, guest_id, outcome, reason FROM access_log ORDER BY id").fetchall()
    return [{"at": a, "guest": g, "outcome": o, "reason": r} for a, g, o, r in rows]
