"""Mappings remembered per sheet and set of file columns, for the next file like it."""

from __future__ import annotations

import json

from ..domain.clock import now_iso
from ..domain.mapping import Mapping, headers_key
from .db import translate_errors


def get(space, sheet_id: int, headers: list[str]) -> Mapping | None:
    SM = space.m.SavedMapping
    with translate_errors():
        row = SM.get_or_none((SM.sheet == sheet_id) & (SM.headers_key == headers_key(headers)))
    return Mapping.from_json(json.loads(row.mapping)) if row else None


def remember(space, sheet_id: int, headers: list[str], mapping: Mapping) -> None:
    SM = space.m.SavedMapping
    key = headers_key(headers)
    data = json.dumps(mapping.to_json(), ensure_ascii=False)
    with translate_errors():
        (SM.insert(sheet=sheet_id, headers_key=key, mapping=data, updated_at=now_iso())
         .on_conflict(conflict_target=[SM.sheet, SM.headers_key], update={SM.mapping: data, SM.updated_at: now_iso()})
         .execute())
