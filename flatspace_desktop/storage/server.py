"""A Space whose database lives on a PostgreSQL server (a Team Space): one schema per Space.

The Space keeps a folder on each computer that opens it, as a local Space does, holding
`server.json` (the server's address and the Space's schema) instead of `space.sqlite`: what
is trusted on this computer (listeners, validators) stays per computer, the data is shared.

The storage layer's statements are written once, in SQLite's words. ServerDatabase takes
them as they are and changes only what is mechanical, the same way each time: `?` becomes
psycopg's `%s`, `INSERT OR IGNORE` becomes `ON CONFLICT DO NOTHING`, `temp.` names
PostgreSQL's own temporary schema. What differs in meaning (types, JSON, triggers,
sequences, the catalog) is asked of the database's dialect (storage.dialect).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import zlib
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import peewee

from ..domain.errors import AccessDenied, DatabaseError, DatabaseTooNew, InvalidInput
from .db import known_error
from . import serverguests
from .dialect import POSTGRES, POSTGRES_FUNCTIONS
from .migrations import CURRENT_VERSION, MIGRATIONS

SERVER_FILE = "server.json"
SCHEMES = ("postgresql", "postgres")
_SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# A literal, a quoted name, or a placeholder: literals and names pass whole, so a `?` or `%`
# inside them is text, never a parameter.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%s|%")
_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.I)
_TEMP = re.compile(r"\btemp\.(?=\w)")
# A plain many-row INSERT (values all bound, or fixed literals): sent as COPY, the server's bulk
# path (an import's records and messages, a move's rows). Constraints and triggers fire as for
# INSERT; OR IGNORE (ON CONFLICT) never matches, COPY having no such clause.
_COPYABLE = re.compile(r"^\s*INSERT INTO ([\w.]+) \(([^()]*)\) VALUES \(((?:\s*(?:\?|'[^']*')\s*,)*"
                       r"\s*(?:\?|'[^']*')\s*)\)\s*$", re.S)
COPY_MIN = 50  # fewer rows: one INSERT each (psycopg pipelines them) costs less than a COPY

# What only a Team Space's schema holds, numbered as migrations are (flatspace_schema.server):
# its filestore as a table of parts, and a notice on the Space's channel (its schema's name)
# at each commit that wrote an activity row, for the other desktops' windows.
SERVER_STEPS = [
    (1, [
        "CREATE TABLE blob_part (sha256 TEXT NOT NULL, part INTEGER NOT NULL, data BYTEA NOT NULL, "
        "PRIMARY KEY (sha256, part))",
        "CREATE FUNCTION fs_notify() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "PERFORM pg_notify(TG_TABLE_SCHEMA, NEW.id::text); RETURN NULL; END $$",
        "CREATE TRIGGER activity_notify AFTER INSERT ON activity FOR EACH ROW EXECUTE FUNCTION fs_notify()",
    ]),
    (2, serverguests.setup),  # the schema's name in it: guests' roles read only their grant
]
SERVER_VERSION = SERVER_STEPS[-1][0]


def check_url(url: str) -> str:
    """A PostgreSQL address as given (postgresql://user:password@host:port/database), or
    InvalidInput saying what is wrong with it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES:
        raise InvalidInput(f'a server is a PostgreSQL address such as postgresql://user@host/database, not "{url}"')
    if not parts.path.strip("/"):
        raise InvalidInput(f"the server address {shown_url(url)} names no database (…/DATABASE at its end)")
    return urlunsplit(parts._replace(scheme="postgresql"))  # the form psycopg reads (postgres://, POSTGRESQL://)


def as_role(url: str, role: str, password: str | None = None) -> str:
    """The same server and database, signing in as `role` (with `password`, when given)."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    who = quote(role, safe="") + (f":{quote(password, safe='')}" if password else "")
    return urlunsplit(parts._replace(netloc=f"{who}@{host}"))


def shown_url(url: str) -> str:
    """The address without its password: what may be printed or shown."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def schema_for(space_id: str) -> str:
    name = "fs_" + space_id.lower().replace("-", "_").replace(".", "_")
    if not _SCHEMA_RE.match(name):
        raise InvalidInput(f'"{space_id}" cannot name a schema on the server')
    return name


def read_location(folder: Path) -> dict | None:
    """{"server": url, "schema": name} of a Team Space's folder, or None for a local Space."""
    path = Path(folder) / SERVER_FILE
    if not path.is_file():
        return None
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        return {"server": check_url(found["server"]), "schema": found["schema"]}
    except (OSError, ValueError, KeyError, TypeError, InvalidInput) as exc:
        raise DatabaseError(f"{path} does not say which server holds this Space ({exc})") from None


def write_location(folder: Path, url: str, schema: str) -> None:
    path = Path(folder) / SERVER_FILE
    part = path.with_name(SERVER_FILE + ".part")  # whole or not there: a folder read meanwhile sees one
    part.write_text(json.dumps({"server": url, "schema": schema}, indent=2), encoding="utf-8")
    try:
        part.chmod(0o600)  # it may hold a password
    except OSError:
        pass
    os.replace(part, path)


def translate(sql: str) -> str:
    """The storage layer's SQLite wording of a statement, in psycopg's (see the module's note)."""
    def token(m: re.Match) -> str:
        t = m.group(0)
        if t in ("?", "%s"):  # peewee's own statements (get_tables, ...) come with psycopg's
            return "%s"
        if t == "%":  # psycopg reads every statement for placeholders (peewee always passes some)
            return "%%"
        return t.replace("%", "%%") if t[0] == "'" else t

    out = _TOKENS.sub(token, sql)
    if _IGNORE.match(out):
        out = _IGNORE.sub("INSERT INTO", out, count=1).rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    return _TEMP.sub("pg_temp.", out)


class ServerDatabase(peewee.PostgresqlDatabase):
    """One Space's schema on a PostgreSQL server, through psycopg 3."""

    dialect = POSTGRES

    def __init__(self, url: str, schema: str, **kwargs):
        self.schema = schema
        self.url = url
        self.role = urlsplit(url).username
        # Writers of one Space take turns, as SQLite's IMMEDIATE transactions do: the set-wise
        # rules (unique, reference) read the whole sheet and must not interleave with another
        # writer's. The lock's key is the schema's, so other Spaces on the server never wait.
        self.lock_key = zlib.crc32(schema.encode())
        self._translated: dict[str, str] = {}
        self._plans: dict[str, tuple | None] = {}
        super().__init__(url, prefer_psycopg3=True, options=f"-c search_path={schema}", **kwargs)

    def execute(self, query, commit=None, **context_options):
        # Peewee's own queries are already in psycopg's wording: run as they are.
        ctx = self.get_sql_context(**context_options)
        sql, params = ctx.sql(query).query()
        self._log_query(sql, params)
        with said():
            cursor = super().cursor()
            cursor.execute(sql, params or ())
        return cursor

    def execute_sql(self, sql, params=None):
        with said():
            return super().execute_sql(sql, params)

    def commit(self):
        with said():
            return super().commit()

    def rollback(self):
        try:
            return super().rollback()
        except Exception:  # noqa: BLE001
            if not self.broken():
                raise  # a connection lost has nothing left to take back: the first error is said

    def broken(self) -> bool:
        """The connection was lost (the server restarted, the network went): open a new one."""
        conn = self._state.conn
        return conn is not None and (conn.closed or conn.broken)

    def native(self, sql: str) -> str:
        found = self._translated.get(sql)
        if found is None:
            found = self._translated[sql] = translate(sql)
        return found

    def copy_plan(self, sql: str):
        """(COPY statement, where each bound value goes, the literals) of a COPYable INSERT, or None."""
        if sql not in self._plans:
            m = _COPYABLE.match(sql)
            plan = None
            if m:
                items = [i.strip() for i in m.group(3).split(",")]
                cols = m.group(2)
                fixed = [(n, i[1:-1].replace("''", "'")) for n, i in enumerate(items) if i != "?"]
                plan = (f"COPY {_TEMP.sub('pg_temp.', m.group(1))} ({cols}) FROM STDIN", len(items), fixed)
            self._plans[sql] = plan
        return self._plans[sql]

    def cursor(self, named_cursor=None):
        """A cursor taking the storage layer's statements (execute_sql's, and executemany's)."""
        return _Cursor(self, super().cursor(named_cursor))

    def begin(self, *args, **kwargs):
        super().begin(*args, **kwargs)
        self.execute_sql("SELECT pg_advisory_xact_lock(?)", (self.lock_key,))


@contextlib.contextmanager
def said():
    """The server's errors as peewee's; those a person can act on (a lost connection, a Space
    gone from the server, a full disk) as the known error, wherever the statement was sent."""
    try:
        with peewee.__exception_wrapper__:
            yield
    except peewee.DatabaseError as exc:
        known = known_error(exc)
        if known is not None:
            raise known from exc
        raise


class _Cursor:
    def __init__(self, db: ServerDatabase, cursor):
        self._db, self._cursor = db, cursor

    def execute(self, sql, params=()):
        # inside execute_sql's own wrapper (which names errors by their class's name): said there
        with peewee.__exception_wrapper__:
            self._cursor.execute(self._db.native(sql), tuple(params or ()))
        return self

    def executemany(self, sql, rows):
        rows = list(rows)
        if rows:
            plan = self._db.copy_plan(sql) if len(rows) >= COPY_MIN else None
            with said():
                if plan is None:
                    self._cursor.executemany(self._db.native(sql), rows)
                else:
                    _copy(self._cursor, plan, rows)
        return self

    def __getattr__(self, name):
        return getattr(self._cursor, name)

    def __iter__(self):
        return iter(self._cursor)


def _copy(cursor, plan, rows) -> None:
    statement, width, fixed = plan
    with cursor.copy(statement) as copy:
        if not fixed:
            for row in rows:
                copy.write_row(row)
            return
        for row in rows:
            out = list(row)
            for n, value in fixed:
                out.insert(n, value)
            if len(out) != width:
                raise ValueError(f"{len(row)} values for {width - len(fixed)} places")
            copy.write_row(out)


def connect(url: str, schema: str, create: bool = False) -> ServerDatabase:
    """The Space's schema on the server (made if `create`), checked and migrated."""
    db = ServerDatabase(check_url(url), schema)
    try:
        db.connect()
    except peewee.OperationalError as exc:
        text = _first_line(exc)
        if serverguests.is_guest_role(db.role) and ("password authentication failed" in text
                                                    or "not permitted to log in" in text):
            # a secret the server does not know: altered, re-issued since, or the guest removed
            raise AccessDenied("This link is not valid for this Space: it may have been altered or re-issued, "
                               "or the guest removed. Ask the Space's owner for a new one.") from None
        raise DatabaseError(f"Could not connect to the server {shown_url(url)}: {text}") from None
    try:
        exists = _schema_exists(db, schema)
        if not exists and not create:
            raise DatabaseError(f"the server {shown_url(url)} holds no Space schema {schema} (was it deleted?)")
        if not exists:
            db.execute_sql(f'CREATE SCHEMA "{schema}"')
        version, parts = _version(db)
        if version > CURRENT_VERSION or parts > SERVER_VERSION:
            raise DatabaseTooNew(
                f"This Space was saved by a newer version of Flatspace (schema {version}.{parts}; this "
                f"version reads up to {CURRENT_VERSION}.{SERVER_VERSION}). It was left untouched: "
                "update Flatspace to open it.")
        if (version < CURRENT_VERSION or parts < SERVER_VERSION) and serverguests.is_guest_role(db.role):
            raise DatabaseError("This Space is kept by an older version of Flatspace: its owner opens it "
                                "with this version first, then your link opens it.")
        if version < CURRENT_VERSION or parts < SERVER_VERSION:
            _migrate(db, version, parts)
    except BaseException:
        db.close()
        raise
    return db


def _version(db: ServerDatabase) -> tuple[int, int]:
    """(the Space's schema version, that of the server's own parts)."""
    cols = {r[0] for r in db.execute_sql("SELECT column_name FROM information_schema.columns "
                                         "WHERE table_schema = ? AND table_name = 'flatspace_schema'", (db.schema,))}
    if not cols:
        return 0, 0
    row = db.execute_sql(f"SELECT version, {'server' if 'server' in cols else '0'} FROM flatspace_schema").fetchone()
    return (row[0], row[1]) if row else (0, 0)


def _migrate(db: ServerDatabase, version: int, parts: int) -> None:
    with db.atomic():
        if version == 0:
            db.execute_sql("CREATE TABLE IF NOT EXISTS flatspace_schema (version INTEGER NOT NULL)")
            db.execute_sql("INSERT INTO flatspace_schema (version) VALUES (0)")
            for stmt in POSTGRES_FUNCTIONS:
                db.execute_sql(stmt)
        for target, script in MIGRATIONS:
            if target <= version:
                continue
            for stmt in POSTGRES.migration(script):
                db.execute_sql(stmt)
            db.execute_sql("UPDATE flatspace_schema SET version = ?", (target,))
        db.execute_sql("ALTER TABLE flatspace_schema ADD COLUMN IF NOT EXISTS server INTEGER NOT NULL DEFAULT 0")
        for target, stmts in SERVER_STEPS:
            if target > parts:
                for stmt in (stmts(db.schema) if callable(stmts) else stmts):
                    db.execute_sql(stmt)
                db.execute_sql("UPDATE flatspace_schema SET server = ?", (target,))


@contextlib.contextmanager
def _briefly(url: str, schema: str):
    """A connection to the server for one look or one change, without migrating anything."""
    db = ServerDatabase(check_url(url), schema)
    try:
        db.connect()
        yield db
    except peewee.OperationalError as exc:
        raise DatabaseError(f"Could not connect to the server {shown_url(url)}: {_first_line(exc)}") from None
    finally:
        db.close()


def _schema_exists(db: ServerDatabase, schema: str) -> bool:
    return db.execute_sql("SELECT 1 FROM pg_namespace WHERE nspname = ?", (schema,)).fetchone() is not None


def space_row(url: str, schema: str) -> dict:
    """The Space's own row (name, labels, ...), read without migrating anything."""
    with _briefly(url, schema) as db:
        if not _schema_exists(db, schema):
            raise DatabaseError(f"the server {shown_url(url)} holds no readable Space in {schema} (none by that "
                                "id: `flatspace space list` on the computer that made it shows its id)")
        version, parts = _version(db)
        if version > CURRENT_VERSION or parts > SERVER_VERSION:
            raise DatabaseTooNew("This Space was saved by a newer version of Flatspace: update Flatspace to open it.")
        try:
            cur = db.execute_sql("SELECT * FROM space")
        except peewee.ProgrammingError as exc:
            raise DatabaseError(f"the server {shown_url(url)} holds no readable Space in {schema} "
                                f"({_first_line(exc)})") from None
        row = cur.fetchone()
        if row is None:
            raise DatabaseError("the Space has no settings row")
        return dict(zip([c[0] for c in cur.description], row))


def has_schema(url: str, schema: str) -> bool:
    with _briefly(url, schema) as db:
        return _schema_exists(db, schema)


def drop(url: str, schema: str) -> None:
    """Remove a Space's schema from the server, and all it holds."""
    with _briefly(url, schema) as db, db.atomic():
        db.execute_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        serverguests.drop_all(db, schema)  # its guests' roles: nothing left for them to reach


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
