"""The schema version of each sheet's own tables (rec_<id>, msg_<id>), kept in sheet_table.

A sheet's tables follow its blueprint, so the ordered database migrations cannot reach them;
each sheet therefore carries its own version, upgraded here in order when the Space is opened,
all in one transaction. Sheets from before versioning start at 1: a step checks what is there
rather than assuming, since a few of them were already patched by the unversioned code.
"""

from __future__ import annotations

from ..domain.errors import DatabaseTooNew
from .dialect import of


def _columns(db, table: str) -> set[str]:
    return set(of(db).columns(db, table))


def _v2_updated_by(db, sheet_id: int) -> None:
    """Who last changed each record (the guest model of schema 5)."""
    if "updated_by" not in _columns(db, f"rec_{sheet_id}"):
        db.execute_sql(f"ALTER TABLE rec_{sheet_id} ADD COLUMN updated_by TEXT")


# (version, step): a sheet at version v gets every step above v, in order. Never edit one.
UPGRADES = [
    (2, _v2_updated_by),
]
TABLE_VERSION = UPGRADES[-1][0]


def record(db, sheet_id: int) -> None:
    """Tables just made by this version's DDL are at this version."""
    db.execute_sql("INSERT INTO sheet_table (sheet_id, version) VALUES (?, ?) "
                   "ON CONFLICT (sheet_id) DO UPDATE SET version = excluded.version", (sheet_id, TABLE_VERSION))


def versions(db) -> dict[int, int]:
    return dict(db.execute_sql(
        "SELECT s.id, COALESCE(t.version, 1) FROM sheet s LEFT JOIN sheet_table t ON t.sheet_id = s.id"))


def upgrade(db) -> list[int]:
    """Bring every sheet's tables to TABLE_VERSION; the sheets it changed. A sheet made by a
    newer Flatspace is refused before anything is changed."""
    found = versions(db)
    newer = sorted(sid for sid, v in found.items() if v > TABLE_VERSION)
    if newer:
        raise DatabaseTooNew(f"sheet {newer[0]} of this Space was saved by a newer version of Flatspace "
                             f"(table version {found[newer[0]]}; this one knows {TABLE_VERSION}). "
                             "It was left unchanged: update Flatspace to open it.")
    behind = sorted(sid for sid, v in found.items() if v < TABLE_VERSION)
    if not behind:
        return []
    with db.atomic():
        for sid in behind:
            for target, step in UPGRADES:
                if target > found[sid]:
                    step(db, sid)
            record(db, sid)
    return behind
