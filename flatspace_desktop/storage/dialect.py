"""What the storage layer says differently to SQLite (a local Space) and to PostgreSQL (a Team
Space): column types, cell values, JSON, sequences, the catalog, and triggers.

Statements are otherwise written once, in SQLite's words (storage.server translates the
mechanical part). A cell in SQLite is an untyped column: it keeps the type its value was
written with (130, "130", "many"). PostgreSQL has no such column, so a cell there is jsonb,
which keeps the same three apart; `text(expr)` reads a cell as text in both.
"""

from __future__ import annotations

import re
from typing import Any


class SqliteDialect:
    name = "sqlite"
    server = False
    cell_type = ""  # untyped: a cell keeps the type it was written with

    # ---- values
    @staticmethod
    def cell(value: Any) -> Any:
        """A cell's value as bound to a statement."""
        return value

    @staticmethod
    def bound_batches(batches):
        """Insert batches (storage.batches: rid, n_err, *cells, author) as bound: as they are."""
        return batches

    @staticmethod
    def text(expr: str) -> str:
        """A cell (or any expression) as text."""
        return f"CAST({expr} AS TEXT)"

    @staticmethod
    def comparable_text(expr: str) -> str:
        """A cell compared with text (SQLite's comparison gives it text affinity itself)."""
        return expr

    @staticmethod
    def like(expr: str) -> str:
        """A cell holding a bound LIKE pattern (escaped with \\), ignoring case."""
        return f"{expr} LIKE ? ESCAPE '\\'"

    @staticmethod
    def contains(expr: str) -> str:
        """Where a bound text starts in a cell (from 1; 0: nowhere), case counting."""
        return f"instr({expr}, ?)"

    @staticmethod
    def is_text(expr: str) -> str:
        return f"typeof({expr}) = 'text'"

    @staticmethod
    def is_number(expr: str) -> str:
        return f"typeof({expr}) IN ('integer', 'real')"

    @staticmethod
    def sort_keys(col: str, selective: bool = False) -> list[str]:
        """What a sort by a cell orders by: empty cells first, then numbers, then text (byte
        order). selective: keep SQLite from reading the rows through the sort's index ("+"),
        for a view of few records."""
        return [f"{'+' if selective else ''}{col}"]

    @staticmethod
    def group_key(expr: str) -> str:
        """A grouping value as read back to Python (and bound again with group_param)."""
        return expr

    group_param = "?"

    @staticmethod
    def json_text(expr: str, key: str) -> str:
        """The text of a key of the JSON object held (as text) by `expr`."""
        return f"CAST(json_extract({expr}, '$.{key}') AS TEXT)"

    @staticmethod
    def array(parts: list[str]) -> str:
        """Values as one, equal where each is equal (a key of several fields)."""
        return "json_array(" + ", ".join(parts) + ")"

    @staticmethod
    def json_ints() -> str:
        """A query of the ids in one bound JSON array of integers."""
        return "SELECT value FROM json_each(?)"

    @staticmethod
    def json_elements(expr: str) -> str:
        """A table `j(value)` of the text elements of a JSON array held (as text) by `expr`."""
        return f"json_each({expr}) j"

    @staticmethod
    def string_agg(expr: str, sep: str) -> str:
        return f"group_concat({expr}, {sep})"

    @staticmethod
    def format(fmt: str, *args: str) -> str:
        return f"printf({', '.join([fmt, *args])})"

    # ---- the unique rules' grouping values (storage.rules)
    @staticmethod
    def group_value(expr: str, case_sensitive: bool, ignore_empty: bool) -> str:
        value = expr if case_sensitive else f"lower({expr})"
        # NULL never groups in SQL: empties group through a marker no real value can equal
        return value if ignore_empty else f"coalesce({value}, x'00')"

    @staticmethod
    def composite_value(cols: list[str], hashed: bool) -> str:
        if hashed:
            return "||char(31)||".join(f"quote({col})" for col in cols)
        return "||".join(f"coalesce({col}, '')" for col in cols)

    group_value_type = ""

    # ---- the catalog
    @staticmethod
    def columns(db, table: str) -> list[str]:
        return [r[1] for r in db.execute_sql(f"PRAGMA table_info({table})")]

    @staticmethod
    def has(db, name: str, kind: str | None = None) -> bool:
        if kind is None:
            return bool(db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone())
        return bool(db.execute_sql("SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?",
                                   (kind, name)).fetchone())

    @staticmethod
    def triggers(db) -> set[str]:
        return {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}

    @staticmethod
    def tables(db) -> list[str]:
        """The database's own tables (not the engine's), in the order they were made: a table
        another's rows point to comes before it."""
        return [r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")]

    @staticmethod
    def boolean_columns(db, table: str) -> set[str]:
        return set()  # SQLite keeps a flag as 0 or 1

    @staticmethod
    def id_issued(db, table: str) -> int:
        """The highest id a Space table's own counter handed out (0: none, or no counter)."""
        return SqliteDialect.issued(db, table)

    @staticmethod
    def set_id_issued(db, table: str, top: int) -> None:
        if top > 0:
            SqliteDialect.set_issued(db, table, top)

    @staticmethod
    def indexes(db, table: str, but: str) -> list[tuple[str, str]]:
        """(name, statement that makes it) of a table's own indexes, but `but`."""
        return db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
            "AND name <> ?", (table, but)).fetchall()

    @staticmethod
    def errors_of_record(msg: str, rec: str) -> str:
        """How many error messages the record of the outer `rec` row has."""
        return f"SELECT COUNT(*) FROM {msg} m WHERE m.rid = {rec}.rid AND m.type = 'error'"

    # ---- record ids: they only grow, a deleted record's id is never handed out again
    @staticmethod
    def record_key() -> str:
        return "rid INTEGER PRIMARY KEY AUTOINCREMENT"

    @staticmethod
    def message_key() -> str:
        return ""  # messages are in the order written: their rowid

    @staticmethod
    def after_create_records(db, table: str) -> None:
        pass

    @staticmethod
    def issued(db, table: str) -> int:
        """The highest record id handed out so far in a record table."""
        row = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        return row[0] if row else 0

    @staticmethod
    def set_issued(db, table: str, top: int) -> None:
        db.execute_sql("INSERT OR REPLACE INTO sqlite_sequence(name, seq) VALUES (?, ?)", (table, top))

    @staticmethod
    def all_issued(db) -> dict[str, int]:
        rows = db.execute_sql("SELECT name, seq FROM sqlite_sequence WHERE name LIKE 'rec\\_%' ESCAPE '\\'")
        return {name[4:]: seq for name, seq in rows}

    @staticmethod
    def row_id(table: str) -> str:
        """The column that names a row of the Space's own tables in their history."""
        return "rowid"

    @staticmethod
    def migration(script: str) -> list[str]:
        return [s.strip() for s in script.split(";") if s.strip()]

    @staticmethod
    def put_back_messages(msg: str, keys: str) -> str:
        """The cell messages kept with deleted rows (JSON [[key, type, source, text], ...] in
        temp.put's msgs) back into a message table, for the fields in `keys` (SQL literals)."""
        return (f"INSERT INTO {msg} (rid, key, type, source, message, rule) SELECT p.rid, "
                "json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'), "
                "json_extract(j.value, '$[3]'), 'cell' FROM temp.put p, json_each(p.msgs) j "
                f"WHERE p.msgs IS NOT NULL AND json_extract(j.value, '$[0]') IN ({keys})")

    @staticmethod
    def cache_size(db, value: int | None = None) -> int:
        """SQLite's PRAGMA cache_size before it was set to `value` (when given)."""
        (size,) = db.execute_sql("PRAGMA cache_size").fetchone()
        if value is not None:
            db.execute_sql(f"PRAGMA cache_size = {int(value)}")
        return size


class PostgresDialect(SqliteDialect):
    name = "postgresql"
    server = True
    cell_type = " jsonb"
    group_value_type = " jsonb"

    @staticmethod
    def cell(value: Any) -> Any:
        from psycopg.types.json import Jsonb

        return None if value is None else Jsonb(value)

    @staticmethod
    def bound_batches(batches):
        # each cell as jsonb
        from psycopg.types.json import Jsonb

        for batch, msgs in batches:
            yield [(r[0], r[1], *[None if v is None else Jsonb(v) for v in r[2:-1]], r[-1]) for r in batch], msgs

    @staticmethod
    def text(expr: str) -> str:
        # a jsonb cell's own text ('many', '130'); other columns are cast
        return f"fs_text({expr})"

    @staticmethod
    def comparable_text(expr: str) -> str:
        return f"fs_text({expr})"

    @staticmethod
    def like(expr: str) -> str:
        return f"fs_text({expr}) ILIKE ? ESCAPE '\\'"

    @staticmethod
    def contains(expr: str) -> str:
        return f"strpos(fs_text({expr}), ?)"

    @staticmethod
    def is_text(expr: str) -> str:
        return f"jsonb_typeof({expr}) = 'string'"

    @staticmethod
    def is_number(expr: str) -> str:
        return f"jsonb_typeof({expr}) = 'number'"

    @staticmethod
    def sort_keys(col: str, selective: bool = False) -> list[str]:
        # jsonb alone orders text before numbers and by the server's collation
        return [f"fs_rank({col})", f"fs_number({col})", f'fs_text({col}) COLLATE "C"']

    @staticmethod
    def group_key(expr: str) -> str:
        return f"({expr})::text"  # jsonb's text: hashable in Python, exact when bound back

    group_param = "?::jsonb"

    @staticmethod
    def json_text(expr: str, key: str) -> str:
        return f"({expr}::jsonb ->> '{key}')"

    @staticmethod
    def array(parts: list[str]) -> str:
        return "jsonb_build_array(" + ", ".join(parts) + ")"

    @staticmethod
    def json_ints() -> str:
        return "SELECT value::bigint FROM json_array_elements_text(?::json) AS t(value)"

    @staticmethod
    def json_elements(expr: str) -> str:
        return f"json_array_elements_text(fs_text({expr})::json) AS j(value)"

    @staticmethod
    def string_agg(expr: str, sep: str) -> str:
        return f"string_agg({expr}, {sep})"

    @staticmethod
    def format(fmt: str, *args: str) -> str:
        return f"format({', '.join([fmt, *args])})"

    @staticmethod
    def group_value(expr: str, case_sensitive: bool, ignore_empty: bool) -> str:
        # jsonb equality keeps 130 and "130" apart as SQLite does, and groups 5 with 5.0
        value = expr if case_sensitive else f"fs_lower({expr})"
        return value if ignore_empty else f"coalesce({value}, '{{}}'::jsonb)"  # no cell holds an object

    @staticmethod
    def composite_value(cols: list[str], hashed: bool) -> str:
        return f"{'fs_pack' if hashed else 'fs_concat'}({', '.join(cols)})"

    @staticmethod
    def columns(db, table: str) -> list[str]:
        return [r[0] for r in db.execute_sql(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position", (table,))]

    @staticmethod
    def tables(db) -> list[str]:
        return [r[0] for r in db.execute_sql(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.oid")]

    @staticmethod
    def boolean_columns(db, table: str) -> set[str]:
        return {r[0] for r in db.execute_sql(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? AND data_type = 'boolean'", (table,))}

    @staticmethod
    def _id_sequence(db, table: str) -> str | None:
        col = PostgresDialect.row_id(table)
        if col not in PostgresDialect.columns(db, table):
            return None
        row = db.execute_sql("SELECT pg_get_serial_sequence(?, ?)", (table, col)).fetchone()
        return row[0] if row else None

    @staticmethod
    def id_issued(db, table: str) -> int:
        seq = PostgresDialect._id_sequence(db, table)
        if seq is None:
            return 0
        last, called = db.execute_sql(f"SELECT last_value, is_called FROM {seq}").fetchone()
        return last if called else 0

    @staticmethod
    def set_id_issued(db, table: str, top: int) -> None:
        seq = PostgresDialect._id_sequence(db, table)
        if seq is not None and top > 0:
            db.execute_sql("SELECT setval(?, ?, true)", (seq, top))

    @staticmethod
    def has(db, name: str, kind: str | None = None) -> bool:
        if kind == "trigger":
            return name in PostgresDialect.triggers(db)
        relkind = {"table": "('r')", "index": "('i')"}.get(kind, "('r', 'i', 'S', 'v')")
        return bool(db.execute_sql(
            f"SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
            f"current_schema() AND c.relname = ? AND c.relkind IN {relkind}", (name,)).fetchone())

    @staticmethod
    def triggers(db) -> set[str]:
        return {r[0] for r in db.execute_sql(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT t.tgisinternal")}

    @staticmethod
    def indexes(db, table: str, but: str) -> list[tuple[str, str]]:
        return db.execute_sql(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = ? AND i.indexname <> ? AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
            "WHERE k.conname = i.indexname)", (table, but)).fetchall()

    @staticmethod
    def errors_of_record(msg: str, rec: str) -> str:
        # Found by the record's own index: PostgreSQL otherwise takes the errors' (key, rid)
        # index and reads all of it for each record (3 ms a record: minutes for an import).
        return f"SELECT COUNT(CASE WHEN m.type = 'error' THEN 1 END) FROM {msg} m WHERE m.rid = {rec}.rid"

    @staticmethod
    def record_key() -> str:
        return "rid BIGINT PRIMARY KEY"

    @staticmethod
    def message_key() -> str:
        return ", rowid BIGINT GENERATED ALWAYS AS IDENTITY"

    @staticmethod
    def after_create_records(db, table: str) -> None:
        db.execute_sql(f"CREATE SEQUENCE {table}_issued MINVALUE 0 START 0")

    @staticmethod
    def issued(db, table: str) -> int:
        row = db.execute_sql(f"SELECT last_value, is_called FROM {table}_issued").fetchone()
        return row[0] if row else 0

    @staticmethod
    def set_issued(db, table: str, top: int) -> None:
        db.execute_sql("SELECT setval(?, ?, true)", (f"{table}_issued", top))

    @staticmethod
    def all_issued(db) -> dict[str, int]:
        rows = db.execute_sql("SELECT sequencename, COALESCE(last_value, 0) FROM pg_sequences WHERE schemaname = "
                              "current_schema() AND sequencename LIKE 'rec\\_%\\_issued'")
        return {name[4:-len("_issued")]: seq for name, seq in rows}

    @staticmethod
    def row_id(table: str) -> str:
        return "rowid" if table == "space" else "id"

    @staticmethod
    def migration(script: str) -> list[str]:
        """SQLite's DDL of storage.migrations in PostgreSQL's types (the script's own words:
        it is this project's, not anyone's SQL)."""
        out = []
        for stmt in SqliteDialect.migration(script):
            stmt = stmt.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY "
                                                                     "PRIMARY KEY")
            stmt = re.sub(r"\b(read_only|undone) INTEGER NOT NULL DEFAULT 0", r"\1 BOOLEAN NOT NULL DEFAULT false",
                          stmt)
            stmt = re.sub(r"\bINTEGER\b", "BIGINT", stmt)
            stmt = re.sub(r"\)\s*WITHOUT ROWID\s*$", ")", stmt)
            if stmt.startswith("CREATE TABLE space ("):  # its history names it by a row id, as SQLite's
                stmt = stmt.replace("(", "(rowid BIGINT GENERATED BY DEFAULT AS IDENTITY, ", 1)
            out.append(stmt)
        return out

    @staticmethod
    def put_back_messages(msg: str, keys: str) -> str:
        return (f"INSERT INTO {msg} (rid, key, type, source, message, rule) SELECT p.rid, "
                "j.value->>0, j.value->>1, j.value->>2, j.value->>3, 'cell' FROM temp.put p, "
                "json_array_elements(p.msgs::json) AS j(value) "
                f"WHERE p.msgs IS NOT NULL AND j.value->>0 IN ({keys})")

    @staticmethod
    def cache_size(db, value: int | None = None) -> int:
        return 0  # the server's memory is the server's to manage


SQLITE = SqliteDialect()
POSTGRES = PostgresDialect()

# Functions a Team Space's statements use, made once in its schema.
POSTGRES_FUNCTIONS = [
    # A cell as text: a jsonb string's own text, a number's digits; any other value cast.
    """CREATE OR REPLACE FUNCTION fs_text(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT v #>> '{}' $$""",
    """CREATE OR REPLACE FUNCTION fs_text(v anyelement) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT v::text $$""",
    # A sort's keys, as SQLite orders values: empty, numbers, text.
    """CREATE OR REPLACE FUNCTION fs_rank(v jsonb) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT CASE WHEN v IS NULL THEN 0 WHEN jsonb_typeof(v) IN ('number', 'boolean') THEN 1
                         WHEN jsonb_typeof(v) = 'string' THEN 2 ELSE 3 END $$""",
    """CREATE OR REPLACE FUNCTION fs_number(v jsonb) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT CASE WHEN jsonb_typeof(v) = 'number' THEN v::numeric END $$""",
    # The unique rules' grouping values (indexed, so immutable): a cell in lower case; cells
    # each kept whole (a composite's "hash"); cells joined as text (its "concat").
    """CREATE OR REPLACE FUNCTION fs_lower(v jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT to_jsonb(lower(v #>> '{}')) $$""",
    """CREATE OR REPLACE FUNCTION fs_pack(VARIADIC v jsonb[]) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT to_jsonb(v) $$""",
    """CREATE OR REPLACE FUNCTION fs_concat(VARIADIC v jsonb[]) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT to_jsonb(array_to_string(ARRAY(SELECT coalesce(x #>> '{}', '') FROM unnest(v)
             WITH ORDINALITY AS t(x, i) ORDER BY i), '')) $$""",
]


def of(db) -> SqliteDialect:
    return getattr(db, "dialect", SQLITE)
