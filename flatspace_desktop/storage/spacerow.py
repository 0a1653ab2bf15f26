"""The Space's own row (name, labels, metadata, theme, guest rules, retention) and its
activity log: one row per write, which other programs' changes are read back from."""

from __future__ import annotations

import json

from ..domain.clock import now_iso
from .db import translate_errors


def create(space, name: str, labels: list, metadata: dict, guest_authentication: list, actor_id: str) -> None:
    """The row of a new Space, and its first activity (the caller holds the transaction)."""
    now = now_iso()
    space.m.SpaceRow.create(name=name, labels=json.dumps(labels), metadata=json.dumps(metadata),
                            guest_authentication=json.dumps(guest_authentication), created_at=now, updated_at=now,
                            last_activity_at=now, created_by=actor_id)
    space.m.Activity.create(at=now, actor=actor_id, action="space.create", detail=json.dumps({"name": name}))


def note_activity(space, actor_id: str, action: str, detail: dict | None, space_fields: bool) -> int:
    """The activity row of a write and the Space's lastActivityAt, inside the write's transaction;
    the row's id."""
    now = now_iso()
    row = space.m.SpaceRow
    values = {row.last_activity_at: now}
    if space_fields:
        values[row.updated_at] = now
    row.update(values).execute()
    return space.m.Activity.create(at=now, actor=actor_id, action=action,
                                   detail=json.dumps(detail or {}, ensure_ascii=False)).id


def update(space, **values) -> None:
    """Columns of the Space's row (name, labels, metadata, theme, guest_authentication,
    archived_at), as given: JSON columns already as text."""
    space.m.SpaceRow.update(**values).execute()


def activity_after(space, activity_id: int) -> list[tuple[int, str, str]]:
    """(id, action, detail) of the activity rows after `activity_id`, oldest first."""
    A = space.m.Activity
    if space.as_guest:  # a guest's own role: what the server tells of them (storage.serverguests)
        with translate_errors():
            return [tuple(r) for r in space.db.execute_sql("SELECT * FROM guest_activity_after(?)", (activity_id,))]
    with translate_errors():
        return [(r.id, r.action, r.detail) for r in
                A.select(A.id, A.action, A.detail).where(A.id > activity_id).order_by(A.id)]


def last_activity(space) -> int:
    A = space.m.Activity
    if space.as_guest:
        return data_version(space)
    with translate_errors():
        return A.select(A.id).order_by(A.id.desc()).scalar() or 0


def data_version(space) -> int:
    """Changes when another connection has committed to the Space since this one last looked."""
    with translate_errors():
        if space.as_guest:
            return space.db.execute_sql("SELECT COALESCE(guest_last_activity(), 0)").fetchone()[0]
        if space.d.server:  # every write notes its activity: the newest row moves with each commit
            return space.db.execute_sql("SELECT COALESCE(max(id), 0) FROM activity").fetchone()[0]
        return space.db.execute_sql("PRAGMA data_version").fetchone()[0]


def checkpoint(space) -> None:
    """Write the journal into the database file, so a copy of the file alone is whole."""
    if space.d.server:
        return  # no file of its own on this computer
    with translate_errors():
        space.db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")


def imported_before(space, sheet_id: int, sha256: str) -> str | None:
    """When a file with this content was last imported into the sheet (its activity's time)."""
    d = space.d
    with translate_errors():
        row = space.db.execute_sql(
            f"SELECT at FROM activity WHERE action = 'records.import' AND {d.json_text('detail', 'sha256')} = ? "
            f"AND {d.json_text('detail', 'sheetId')} = ? ORDER BY id DESC LIMIT 1", (sha256, str(sheet_id))).fetchone()
    return row[0] if row else None
