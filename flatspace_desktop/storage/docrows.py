"""The documents of a Space as stored, in the order they were added. The treatments column
holds the optional DocumentConfig keys (treatments, actions) as one JSON object."""

from __future__ import annotations

import json

from ..domain.clock import now_iso
from .db import translate_errors
from .models import get_or_refuse


def create(space, title: str, body: str, extras: dict, actor_id: str):
    now = now_iso()
    return space.m.Document.create(title=title, body=body, treatments=json.dumps(extras, ensure_ascii=False),
                                   created_at=now, created_by=actor_id, updated_at=now)


def listed(space) -> list:
    D = space.m.Document
    with translate_errors():
        return list(D.select().order_by(D.id))


def get(space, doc_id: int):
    with translate_errors():
        return get_or_refuse(space.m.Document, doc_id, "document")


def update(space, doc_id: int, title: str | None = None, body: str | None = None, extras: dict | None = None) -> None:
    D = space.m.Document
    values: dict = {D.updated_at: now_iso()}
    if title is not None:
        values[D.title] = title
    if body is not None:
        values[D.body] = body
    if extras is not None:
        values[D.treatments] = json.dumps(extras, ensure_ascii=False)
    D.update(values).where(D.id == doc_id).execute()


def delete(space, doc_id: int) -> None:
    space.m.Document.delete().where(space.m.Document.id == doc_id).execute()
