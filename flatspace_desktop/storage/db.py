"""One module owns a Space's SQLite file: opening, pragmas, versioning, transactions, errors.

The schema version lives in PRAGMA user_version. It is read through a read-only connection
before anything else touches the file, so a database from a newer Flatspace is refused
without a single byte changing (even switching to WAL would write to it).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

import peewee

from ..domain.errors import (AccessDenied, DatabaseBusy, DatabaseCorrupt, DatabaseError, DatabaseReadOnly,
                             DatabaseTooNew, DiskFull, FlatspaceError, InvalidInput)
from ..domain.limits import COLUMN_LIMIT
from .sheettables import TABLE_VERSION
from .migrations import BACKFILLS, CURRENT_VERSION, MIGRATIONS

APPLICATION_ID = 0x46535044  # "FSPD": marks the file as a Flatspace Space
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",  # in WAL mode: consistent after any crash, durable after checkpoint
    "cache_size": -64000,
    "temp_store": "file",
}


def _probe(path: Path) -> tuple[int, int, int]:
    """(application_id, user_version, newest sheet table version) read without writing."""
    uri = f"file:{quote(str(path))}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = 0
            if con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sheet_table'").fetchone():
                tables = con.execute("SELECT COALESCE(MAX(version), 0) FROM sheet_table").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a readable Space database ({exc})") from exc
    return app_id, version, tables


def check_openable(path: Path) -> int:
    """Return the file's schema version, or refuse a foreign or newer file (or one whose sheets
    were saved by a newer version: refused here, before opening writes the file's header)."""
    app_id, version, tables = _probe(path)
    if app_id not in (0, APPLICATION_ID):
        raise DatabaseError(f"{path} is an SQLite file but not a Flatspace Space")
    if version > CURRENT_VERSION:
        raise DatabaseTooNew(
            f"This Space was saved by a newer version of Flatspace (schema {version}; this "
            f"version reads up to {CURRENT_VERSION}). It was left untouched: update Flatspace "
            "to open it."
        )
    if tables > TABLE_VERSION:
        raise DatabaseTooNew(
            f"This Space's sheets were saved by a newer version of Flatspace (table version {tables}; "
            f"this version reads up to {TABLE_VERSION}). It was left untouched: update Flatspace to open it."
        )
    return version


def check_intact(path: Path) -> None:
    """Refuse a damaged file before anything writes to it: switching to WAL, a migration or the
    first change would build on the damage. One read of the file (about 0.3 s per 150 MB)."""
    try:
        con = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        try:
            problems = [r[0] for r in con.execute("PRAGMA quick_check(3)")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems != ["ok"]:
        why = " ".join("; ".join(problems).split())[:200]
        raise DatabaseError(f"The Space's database {path} is damaged ({why}). It was left as it is: "
                            "restore its folder from a backup, or import a .flatspace file exported earlier.")


def _statements(script: str):
    return [s.strip() for s in script.split(";") if s.strip()]


def check_build() -> None:
    """This SQLite takes as many columns as the domain lets a sheet hold (limits.COLUMN_LIMIT)."""
    con = sqlite3.connect(":memory:")
    try:
        allowed = con.getlimit(sqlite3.SQLITE_LIMIT_COLUMN)
    finally:
        con.close()
    if allowed < COLUMN_LIMIT:
        raise DatabaseError(f"this SQLite allows {allowed:,} columns a table; Flatspace needs {COLUMN_LIMIT:,}")


def open_database(path: Path, create: bool = False) -> peewee.SqliteDatabase:
    """Open (and migrate) a Space database. Raises DatabaseTooNew/DatabaseError."""
    check_build()
    path = Path(path)
    if not path.exists() and not create:
        raise DatabaseError(f"{path} does not exist")
    version = check_openable(path) if path.exists() else 0
    if path.exists():
        if version == 0 and not create:  # an empty file would be given a fresh, empty schema
            raise DatabaseError(f"{path} is empty or holds no Space. It was left as it is: restore its "
                                "folder from a backup, or import a .flatspace file exported earlier.")
        check_intact(path)
    # IMMEDIATE: a write transaction takes the lock at BEGIN, so two writers wait rather than deadlock.
    db = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS, timeout=15, lock_type="IMMEDIATE")
    try:
        db.connect()
        if version < CURRENT_VERSION:
            _migrate(db, path, version)
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        db.close()
        raise DatabaseError(f"Could not open {path}: {exc}") from exc
    return db


def _migrate(db: peewee.SqliteDatabase, path: Path, version: int) -> None:
    if version > 0:
        # A copy before changing a file that holds someone's data; kept until the next upgrade.
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(path, path.with_name(f"{path.name}.v{version}.bak"))
    for target, script in MIGRATIONS:
        if target <= version:
            continue
        with db.atomic():
            for stmt in _statements(script) + _statements(BACKFILLS.get(target, "")):
                db.execute_sql(stmt)
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute_sql(f"PRAGMA user_version = {target}")


# SQLite's primary result codes (sqlite3 gives them as `sqlite_errorcode`; extended codes keep
# the primary one in their low byte) and what each means to the person at the keyboard.
_KNOWN = {
    5: (DatabaseBusy, "The Space is busy: another Flatspace window or command is writing to it. Try again."),
    6: (DatabaseBusy, "The Space is busy: another Flatspace window or command is writing to it. Try again."),
    13: (DiskFull, "The disk is full: nothing was saved. Free some space and try again."),
    10: (DatabaseError, "The disk reported an error while saving: nothing was saved."),
    8: (DatabaseReadOnly, "The Space's folder is read-only: nothing can be saved there."),
    14: (DatabaseError, "The Space's database file could not be opened: its folder may have been moved or "
                        "made unreadable."),
    11: (DatabaseCorrupt, "The Space's database file is damaged"),
    26: (DatabaseCorrupt, "The Space's database file is damaged or not a database"),
}


def _chain(exc: BaseException) -> list[BaseException]:
    """The error and those it was raised while handling. After a write fails with "database or
    disk is full", SQLite has already rolled the transaction back, so the ROLLBACK that follows
    fails too ("cannot rollback - no transaction is active"): the reason is in its context.
    Peewee wraps sqlite3's error and passes it as the first argument."""
    out: list[BaseException] = []
    while exc is not None and exc not in out:
        out.append(exc)
        wrapped = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = wrapped or exc.__cause__ or exc.__context__
    return out


# A PostgreSQL server's SQLSTATE codes (a Team Space's), and what each means to the person.
_SERVER = {
    "53100": (DiskFull, "The server's disk is full: nothing was saved. Ask its administrator to free some space."),
    "40001": (DatabaseBusy, "Someone else was changing the same records on the server: nothing was saved. Try again."),
    "40P01": (DatabaseBusy, "Someone else was changing the same records on the server: nothing was saved. Try again."),
    "55P03": (DatabaseBusy, "The Team Space is busy: someone else is writing to it. Try again."),
    "57014": (DatabaseBusy, "The server stopped the statement (it took too long): nothing was saved. Try again."),
    # A Team Space another computer moved off the server (space move --to local) or deleted.
    "42P01": (DatabaseError, "This Team Space is no longer on its server (another computer moved it off the "
                             "server, or deleted it): nothing was saved."),
    "3F000": (DatabaseError, "This Team Space is no longer on its server (another computer moved it off the "
                             "server, or deleted it): nothing was saved."),
    # A login the server gives less (a guest's role reads only its grant): nothing happened.
    "42501": (AccessDenied, "The server refused this to your login: it reaches only what was shared with you."),
}
_UNICODE = ("22P05", "22021", "22P02")  # text the server's UTF-8 cannot hold, or JSON holding it


def sqlstate(exc: BaseException) -> str | None:
    """The server's code for an error (a Team Space's), wherever it is in the chain, or None."""
    return next((e.sqlstate for e in _chain(exc) if isinstance(getattr(e, "sqlstate", None), str)), None)


def _server_error(err: BaseException) -> FlatspaceError | None:
    state = getattr(err, "sqlstate", None)
    if not isinstance(state, str):
        return None
    if state in _SERVER:
        kind, message = _SERVER[state]
        return kind(message)
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):  # or the server ended the session
        return DatabaseError("The connection to the Team Space's server was lost: nothing was saved. Try again.")
    if state in _UNICODE and "unicode" in str(err).lower():
        found = re.search(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", str(err))
        bad = f" {found.group(0).lower()}" if found else ""
        return InvalidInput(f"text holding{bad} (half of a UTF-16 pair, or bytes that are not UTF-8) cannot be saved; "
                            "nothing was changed")
    return None


def known_error(exc: BaseException) -> FlatspaceError | None:
    """The user's error for a storage failure SQLite (or a Team Space's server) names by its
    code, or None (a bug)."""
    for err in _chain(exc):
        found = _server_error(err)
        if found is not None:
            return found
        code = getattr(err, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in _KNOWN:
            kind, message = _KNOWN[code & 0xFF]
            if kind is DatabaseCorrupt:
                message = f"{message} ({err}). Restore its folder from a backup, or import a .flatspace file exported earlier."
            return kind(message)
    return None


@contextlib.contextmanager
def translate_errors():
    """Turn the storage errors a user can act on into DatabaseError (by SQLite's result code,
    once, here); let everything else through as the bug it is."""
    try:
        yield
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        known = known_error(exc)
        if known is not None:
            raise known from exc
        raise
    except UnicodeEncodeError as exc:
        # Text SQLite cannot take as UTF-8: half of a UTF-16 pair ("\ud800" in JSON), or a
        # command-line argument whose bytes were not UTF-8.
        if exc.reason != "surrogates not allowed":
            raise
        bad = exc.object[exc.start].encode("unicode_escape").decode()
        raise InvalidInput(f"text holding {bad} (half of a UTF-16 pair, or bytes that are not UTF-8) "
                           "cannot be saved; nothing was changed") from None
