"""A Space database that came from elsewhere (a .flatspace file) is never used as it is: its
schema could carry triggers, views or odd definitions that run SQL on this machine, and its
guest rows secrets that the sender knows. rebuild() copies its data, table by table and column by
column, into a new database made by this version's own migrations and record-table code; every
trigger, view, extra table, index or column stays behind. settle() then gives the copy this
version's indexes and history triggers and switches off every guest link it brought."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import peewee

from .catalog import space_dict
from ..domain.clock import now_iso
from .db import APPLICATION_ID, check_openable
from ..domain.errors import DatabaseError, DatabaseTooNew, FlatspaceError, InvalidInput
from .history import META_TABLES, ensure_hist_table
from .migrations import CURRENT_VERSION, MIGRATIONS
from ..domain.names import base_name, file_name
from .recordstore import SheetStore
from .rules import q
from .space import Space

FIELD_COL = re.compile(r"^f[0-9]{1,6}$")  # a field's column, as services.app names them
SORT_INDEX = re.compile(r"^rec_([0-9]+)_s_(f[0-9]{1,6})$")
REC_BASE = ("rid", "n_err", "meta", "updated_by")
MSG_COLS = ("rid", "key", "type", "source", "message", "rule")
HIST_BASE = ("rid", "epoch", "existed", "msgs")
STORAGE = (peewee.DatabaseError, sqlite3.DatabaseError)


class _Refused(Exception):
    """Why the database inside is not a whole Space (said once, with the file's name)."""


def _damaged(name: str, why) -> InvalidInput:
    text = " ".join(str(why).split())[:300]  # one line, whatever the reason holds
    return InvalidInput(f"{name}: the Space inside is damaged or is not a Space ({text}); nothing was added")


def _storage(name: str, exc: Exception) -> FlatspaceError:
    if "full" in str(exc).lower():
        return DatabaseError(f"The disk is full: {name} was not imported. Free some space and try again.")
    return _damaged(name, exc)


def rebuild(received: Path, dest: Path, name: str) -> int:
    """Copy the Space database `received` into a new file `dest`; returns its schema version."""
    try:
        version = check_openable(received)
    except DatabaseTooNew:
        raise InvalidInput(f"{name} was written by a newer Flatspace: update Flatspace to import it") from None
    except FlatspaceError as exc:
        raise _damaged(name, exc) from None
    if not 1 <= version <= CURRENT_VERSION:
        raise _damaged(name, "it has no Space schema")
    db = peewee.SqliteDatabase(f"file:{quote(str(dest))}", uri=True, pragmas={"trusted_schema": 0})
    try:
        db.connect()
        for target, script in MIGRATIONS:
            if target <= version:
                db.connection().executescript(script)
        db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute_sql(f"PRAGMA user_version = {version}")
        db.execute_sql("ATTACH DATABASE ? AS src", (f"file:{quote(str(received))}?mode=ro&immutable=1",))
        problems = [r[0] for r in db.execute_sql("PRAGMA src.integrity_check(5)")]
        if problems != ["ok"]:
            raise _Refused("; ".join(problems))
        with db.atomic():
            _copy_all(db)
        db.execute_sql("DETACH DATABASE src")
    except _Refused as exc:
        raise _damaged(name, exc) from None
    except STORAGE as exc:
        raise _storage(name, exc) from None
    finally:
        db.close()
    return version


def _objects(db) -> dict[str, tuple[str, str, str]]:
    """The received schema: lower-case name -> (type, name, sql)."""
    rows = db.execute_sql("SELECT type, name, sql FROM src.sqlite_master").fetchall()
    return {n.lower(): (t, n, s or "") for t, n, s in rows if isinstance(n, str)}


def _columns(db, schema: str, table: str) -> list[str]:
    return [r[1] for r in db.execute_sql(f"PRAGMA {schema}.table_xinfo({q(table)})")]


def _source_table(db, objects: dict, table: str, what: str) -> list[str]:
    """The columns of a plain table of the received database (no view, virtual or generated column)."""
    kind, _, sql = objects.get(table.lower(), ("", "", ""))
    if kind != "table" or not sql.startswith("CREATE TABLE "):
        raise _Refused(f"it has no {what} table" if not kind else f"{table} is not a plain table")
    info = db.execute_sql(f"PRAGMA src.table_xinfo({q(table)})").fetchall()
    if any(r[6] for r in info):  # generated or hidden columns compute values while being read
        raise _Refused(f"{table} has computed columns")
    return [r[1] for r in info]


def _copy(db, table: str, cols: list[str]) -> None:
    if table == "space":  # its history is kept by rowid, and it has no id column to carry it
        cols = ["rowid", *cols]
    names = ", ".join(q(c) for c in cols)
    db.execute_sql(f"DELETE FROM main.{q(table)}")
    db.execute_sql(f"INSERT INTO main.{q(table)} ({names}) SELECT {names} FROM src.{q(table)}")


def _copy_all(db) -> None:
    objects = _objects(db)
    fixed = [r[0] for r in db.execute_sql(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")]
    for table in fixed:
        have = _source_table(db, objects, table, table)
        cols = _columns(db, "main", table)
        missing = [c for c in cols if c not in have]
        if missing:
            raise _Refused(f"its {table} table has no column {missing[0]}")
        _copy(db, table, cols)
    for table, wanted in (("space", "one settings row"), ("history_state", "one history state")):
        if table in fixed and db.execute_sql(f"SELECT COUNT(*) FROM main.{table}").fetchone()[0] != 1:
            raise _Refused(f"it does not have {wanted}")
    if "meta_hist" in fixed:
        _keep_plain_history(db, [t for t in META_TABLES if t in fixed])
    _copy_sheets(db, objects, "history_state" in fixed)
    _copy_sequences(db, objects)
    bad = db.execute_sql("PRAGMA main.foreign_key_check").fetchone()
    if bad:
        raise _Refused(f"a row of {bad[0]} points to a {bad[2]} that is not there")


def _keep_plain_history(db, tables: list[str]) -> None:
    """History rows are put back by column name: keep only those naming columns of their table."""
    db.execute_sql(f"DELETE FROM main.meta_hist WHERE tbl NOT IN ({', '.join('?' * len(tables))})", tables)
    obj = "CASE WHEN json_valid(data) AND json_type(data) = 'object' THEN data END"
    db.execute_sql(f"DELETE FROM main.meta_hist WHERE existed = 1 AND ({obj}) IS NULL")
    for t in tables:
        cols = _columns(db, "main", t)
        db.execute_sql(f"DELETE FROM main.meta_hist WHERE tbl = ? AND EXISTS (SELECT 1 FROM json_each("
                       f"COALESCE({obj}, '{{}}')) WHERE key NOT IN ({', '.join('?' * len(cols))}))", (t, *cols))


def _copy_sheets(db, objects: dict, versioned: bool) -> None:
    """Each sheet's records, messages and history, in tables made by this version's code."""
    fields = defaultdict(list)
    for sid, key, col in db.execute_sql("SELECT sheet_id, key, col FROM main.field"):
        fields[sid].append((key, col))
    for (sid,) in db.execute_sql("SELECT id FROM main.sheet").fetchall():
        have = _source_table(db, objects, f"rec_{sid}", f"record (rec_{sid})")
        cols = [c for c in have if FIELD_COL.match(c)]
        for key, col in fields[sid]:
            if col not in cols:
                raise _Refused(f"sheet {sid} has no column for its field {key}")
        if not {"rid", "n_err"} <= set(have):
            raise _Refused(f"rec_{sid} is not a record table")
        # The store only needs its columns here: the tables it makes are this version's DDL.
        store = SheetStore(db, sid, None, {c: c for c in cols})
        store.create_tables()
        _copy(db, store.rec, [c for c in REC_BASE if c in have] + cols)
        msg = _source_table(db, objects, store.msg, f"message (msg_{sid})")
        if not set(MSG_COLS) <= set(msg):
            raise _Refused(f"{store.msg} is not a message table")
        _copy(db, store.msg, list(MSG_COLS))
        if versioned and f"hist_{sid}" in objects:
            hist = _source_table(db, objects, f"hist_{sid}", "history")
            if not set(HIST_BASE) <= set(hist):
                raise _Refused(f"hist_{sid} is not a history table")
            ensure_hist_table(store)
            _copy(db, f"hist_{sid}", list(HIST_BASE) + [c for c in cols if c in hist])
        for kind, index, _ in objects.values():  # sort indexes: built on demand, kept if there
            m = SORT_INDEX.match(index) if kind == "index" else None
            if m and int(m.group(1)) == sid and m.group(2) in cols:
                store.ensure_sort_index(m.group(2))


def _copy_sequences(db, objects: dict) -> None:
    """Ids never handed out twice: the history tells records created since a snapshot by them."""
    if "sqlite_sequence" not in objects:
        return
    tables = {r[0] for r in db.execute_sql("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    for name, seq in db.execute_sql("SELECT name, seq FROM src.sqlite_sequence").fetchall():
        if name in tables and type(seq) is int and 0 <= seq < 1 << 62:
            cur = db.execute_sql("UPDATE main.sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, name))
            if not cur.rowcount:
                db.execute_sql("INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)", (name, seq))


def _safe_file_names(space) -> None:
    """File names are offered as the name of a saved copy: one the sender made a path of
    (`../../etc/evil.csv`) keeps only its last part, one that cannot name a file becomes file-ID."""
    for fid, shown in space.db.execute_sql("SELECT id, name FROM file").fetchall():
        try:
            safe = file_name(base_name(shown if isinstance(shown, str) else ""))
        except InvalidInput:
            safe = f"file-{fid}"
        if safe != shown:
            space.db.execute_sql("UPDATE file SET name = ? WHERE id = ?", (safe, fid))


def settle(folder: Path, space_id: str, actor_id: str, name: str) -> int:
    """Open the rebuilt Space (migrating an older one), give it this version's indexes and history
    triggers, and switch off the guest links it brought; returns how many were switched off."""
    try:
        space = Space(space_id, folder)
    except FlatspaceError as exc:
        raise _damaged(name, exc) from None
    try:
        space_dict(space_id, space.row().__data__)  # its settings read as JSON
        with space.db.atomic():
            W = space.m.Workbook
            for wid in [w.id for w in W.select(W.id)]:
                for store in space.stores(wid).values():
                    store.create_indexes()
            space.ensure_history()
            # The sender holds these secrets: no link issued elsewhere opens this copy. The rows
            # stay (names and grants), revoked, so the owner re-issues the links they want.
            off = space.db.execute_sql("SELECT COUNT(*) FROM guest").fetchone()[0]
            space.db.execute_sql("UPDATE guest SET token_hash = 'off:' || id || ':' || lower(hex(randomblob(16))), "
                                 "revoked_at = COALESCE(revoked_at, ?)", (now_iso(),))
            _safe_file_names(space)
            space.m.UndoStep.delete().execute()  # the sender's steps are theirs, not the receiver's
            space.m.Activity.create(at=now_iso(), actor=actor_id, action="space.import",
                                    detail=json.dumps({"file": name, "guestLinksOff": off}, ensure_ascii=False))
    except STORAGE as exc:
        raise _storage(name, exc) from None
    except (FlatspaceError, ValueError, TypeError, KeyError, RecursionError) as exc:
        # Checked here, once, rather than at each later use: a sheet or setting this version
        # cannot read would otherwise fail on the owner's first click.
        raise _damaged(name, exc) from None
    finally:
        space.close()
    return off
