"""The Space's files as listed (the contents are in the filestore): added, renamed, removed,
their extraction status, the sheets each was imported into, and the contents still wanted."""

from __future__ import annotations

import json

from ..domain.clock import now_iso
from ..domain.names import LOGO_PREFIX
from .db import translate_errors


def create(space, name: str, sha256: str, size: int, kind: str, actor_id: str):
    now = now_iso()
    return space.m.File.create(name=name, sha256=sha256, size=size, kind=kind, created_at=now,
                               created_by=actor_id, updated_at=now)


def visible(space, everything: bool, actor_id: str, granted_sheets: list[int]):
    """A query of the files someone may see: all (`everything`), else the ones they uploaded
    and the ones imported into one of `granted_sheets`."""
    F, FI = space.m.File, space.m.FileImport
    if everything:
        return F.select()
    return F.select().where((F.created_by == actor_id) | F.id.in_(FI.select(FI.file).where(FI.sheet.in_(granted_sheets))))


def listed(space, everything: bool, actor_id: str, granted_sheets: list[int]) -> list:
    with translate_errors():
        return list(visible(space, everything, actor_id, granted_sheets).order_by(space.m.File.id))


def get_visible(space, file_id: int, everything: bool, actor_id: str, granted_sheets: list[int]):
    with translate_errors():
        return visible(space, everything, actor_id, granted_sheets).where(space.m.File.id == file_id).first()


def rename(space, file_id: int, name: str) -> None:
    space.m.File.update(name=name, updated_at=now_iso()).where(space.m.File.id == file_id).execute()


def delete(space, file_id: int) -> None:
    space.m.File.delete().where(space.m.File.id == file_id).execute()


def set_status(space, file_id: int, status: str, error: str | None, sheet_id: int | None) -> None:
    F, FI = space.m.File, space.m.FileImport
    F.update(status=status, error=error, updated_at=now_iso()).where(F.id == file_id).execute()
    if sheet_id is not None:
        FI.insert(file=file_id, sheet=sheet_id).on_conflict_ignore().execute()


def wanted_blobs(space) -> set[str]:
    """The contents some file, some snapshot's history or some theme (now or then) refers to."""
    ex = space.db.execute_sql
    with translate_errors():
        wanted = {r[0] for r in ex("SELECT sha256 FROM file")}
        wanted |= {r[0] for r in ex(
            f"SELECT {space.d.json_text('data', 'sha256')} FROM meta_hist WHERE tbl = 'file' AND data IS NOT NULL")}
        # a theme's logo, now or in history, is kept too ("blob:<sha256>")
        for (theme,) in ex(f"SELECT theme FROM space UNION SELECT {space.d.json_text('data', 'theme')} FROM meta_hist "
                           "WHERE tbl = 'space' AND data IS NOT NULL"):
            logo = str((json.loads(theme or "{}").get("sidebar") or {}).get("logo") or "")
            if logo.startswith(LOGO_PREFIX):
                wanted.add(logo[len(LOGO_PREFIX):])
    return wanted
