"""A Space moved between this computer and a PostgreSQL server (space move --to), whole: its
settings, workbooks, records and their messages, history (snapshots stay restorable), undo
steps, guests, documents and files, table by table, into a schema or file made by this
version's own migrations and record-table code (as storage.rebuild does for .flatspace files).

Writers wait while it runs (the source's write lock is held throughout). The copy is counted
table by table against its source before anything is switched; only then is the Space's
folder pointed at its new home, and the old copy taken away, inside the source's transaction,
so another program still holding it open meets an error on its next write, never a write
into a copy nobody reads."""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.errors import DatabaseError, InvalidInput
from .dialect import of
from .filestore import FileStore
from .recordstore import SheetStore
from .rules import q
from .serverfiles import ServerFileStore

SHEET_TABLE = re.compile(r"^(rec|msg|hist)_([0-9]+)$")
ENGINE_TABLES = {"flatspace_schema", "blob_part", "guest_session"}  # a server schema's own: made with it
BATCH = 2000


def copy_space(src, dst) -> None:
    """Every row of the Space database `src` into `dst` (fresh, at the same schema version)."""
    ds, dd = of(src), of(dst)
    fixed = [t for t in dd.tables(dst) if t not in ENGINE_TABLES and not SHEET_TABLE.match(t)]
    for table in reversed(fixed):  # what the migrations put there (a first row), pointed-to last
        dst.execute_sql(f"DELETE FROM {table}")
    for table in fixed:
        have = set(ds.columns(src, table))
        cols = [c for c in dd.columns(dst, table) if c in have]
        if table == "space" and "rowid" not in cols:  # its history names it by row id
            cols = ["rowid", *cols]
        _copy_rows(src, dst, table, table, cols, cells=set(), order=None)
        dd.set_id_issued(dst, table, max(ds.id_issued(src, table), _top(dst, table, dd.row_id(table), cols)))
    for (sid,) in src.execute_sql("SELECT id FROM sheet").fetchall():
        _copy_sheet(src, dst, sid)


def _copy_sheet(src, dst, sid: int) -> None:
    ds, dd = of(src), of(dst)
    rec = ds.columns(src, f"rec_{sid}")
    cells = [c for c in rec if c.startswith("f") and c[1:].isdigit()]
    store = SheetStore(dst, sid, None, {c: c for c in cells})  # its tables: this version's DDL
    store.create_tables()
    base = [c for c in ("rid", "n_err", "meta", "updated_by") if c in rec]
    _copy_rows(src, dst, store.rec, store.rec, base + cells, set(cells), "rid")
    dd.set_issued(dst, store.rec, max(ds.issued(src, store.rec), _top(dst, store.rec, "rid", base)))
    _copy_rows(src, dst, store.msg, store.msg, ["rid", "key", "type", "source", "message", "rule"], set(), "rowid")
    hist = f"hist_{sid}"
    if ds.has(src, hist, "table"):
        from .history import ensure_hist_table

        kept = set(ds.columns(src, hist))
        ensure_hist_table(store)
        _copy_rows(src, dst, hist, hist, ["rid", "epoch", "existed", "msgs"] + [c for c in cells if c in kept],
                   set(cells), None)


def _copy_rows(src, dst, source: str, target: str, cols: list[str], cells: set[str], order: str | None) -> None:
    dd = of(dst)
    flags = dd.boolean_columns(dst, target)
    names = ", ".join(q(c) for c in cols)
    insert = f"INSERT INTO {target} ({names}) VALUES ({', '.join('?' * len(cols))})"
    convert = [(dd.cell if c in cells else (_flag if c in flags else _plain)) for c in cols]
    cur = src.cursor()
    cur.execute(f"SELECT {names} FROM {source}" + (f" ORDER BY {order}" if order else ""))
    out = dst.cursor()
    while True:
        rows = cur.fetchmany(BATCH)
        if not rows:
            break
        out.executemany(insert, [tuple(f(v) for f, v in zip(convert, row)) for row in rows])


def _plain(value):
    return int(value) if isinstance(value, bool) else value  # a server's flag, as SQLite keeps it


def _flag(value):
    return None if value is None else bool(value)


def _top(db, table: str, col: str, cols: list[str]) -> int:
    if col not in cols and not (table == "space" and col == "rowid"):
        return 0
    return db.execute_sql(f"SELECT COALESCE(MAX({col}), 0) FROM {table}").fetchone()[0]


def count_rows(db) -> dict[str, int]:
    d = of(db)
    return {t: db.execute_sql(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in d.tables(db) if t not in ENGINE_TABLES}


def check_whole(src, dst) -> None:
    """The copy holds as many rows as its source, table by table: or DatabaseError, and the
    source is left as it was."""
    have, want = count_rows(dst), count_rows(src)
    for table, n in want.items():
        if have.get(table) != n:
            raise DatabaseError(f"the copy of {table} holds {have.get(table, 0):,} rows, not {n:,}: the Space "
                                "was not moved")


def here(store: FileStore) -> set[str]:
    """Every content the Space keeps, in this computer's folder (a server's fetched); their SHA-256."""
    shas = store.stored()
    for sha in sorted(shas):
        if not store.blob(sha).is_file():
            raise DatabaseError(f"a file's content ({sha[:12]}…) could not be read: the Space was not moved")
    return shas


def _settle(space_id: str, folder: Path, db) -> None:
    """The copy's indexes and history triggers, as its new home keeps them."""
    from .space import Space

    space = Space(space_id, folder, db=db)
    W = space.m.Workbook
    for wid in [w.id for w in W.select(W.id)]:
        for store in space.stores(wid).values():
            store.create_indexes()
    space.ensure_history()


def to_server(space, url: str) -> None:
    """Move the local Space `space` (open) to the server `url`; the caller closes it after."""
    from . import server

    schema = server.schema_for(space.id)
    if server.has_schema(url, schema):
        raise InvalidInput(f"the server {server.shown_url(url)} holds a Space {space.id} already: nothing was moved")
    moving = f"{schema}_moving"[:63]
    server.drop(url, moving)  # what a move cut off before its end left there
    dst = server.connect(url, moving, create=True)
    renamed = False
    try:
        with space.transaction():  # this computer's writers wait until it is done
            with dst.atomic():
                copy_space(space.db, dst)
                _settle(space.id, space.folder, dst)
                to = ServerFileStore(dst, space.files_dir)
                for sha in here(space.filestore()):
                    to.keep_on_server(to.path(sha), sha)
                check_whole(space.db, dst)
                dst.execute_sql(f'ALTER SCHEMA "{moving}" RENAME TO "{schema}"')
            renamed = True
            space.db.execute_sql("DROP TABLE activity")  # another program's next write here fails
            server.write_location(space.folder, url, schema)
    except BaseException:
        dst.close()
        server.drop(url, schema if renamed else moving)
        raise
    dst.close()


def local_leftovers(folder: Path) -> list[Path]:
    from .space import DB_FILE

    return [folder / f"{DB_FILE}{tail}" for tail in ("", "-wal", "-shm", ".part", ".part-wal", ".part-shm")]


def to_folder(space) -> None:
    """Move the Team Space `space` (open) into its folder on this computer, and off the server."""
    from . import server, serverguests
    from .db import open_database
    from .space import DB_FILE

    folder = space.folder
    where = server.read_location(folder)
    for path in local_leftovers(folder):
        path.unlink(missing_ok=True)
    part = folder / f"{DB_FILE}.part"
    dst = open_database(part, create=True)
    placed = False
    try:
        with space.transaction():  # every desktop's writers wait (the Space's lock on the server)
            with dst.atomic():
                copy_space(space.db, dst)
                _settle(space.id, folder, dst)
                check_whole(space.db, dst)
            here(space.filestore())  # the server's file contents: in the folder, where a local Space keeps them
            dst.close()
            part.rename(folder / DB_FILE)
            placed = True
            (folder / server.SERVER_FILE).unlink()
            space.db.execute_sql(f'DROP SCHEMA "{where["schema"]}" CASCADE')
            serverguests.drop_all(space.db, where["schema"])  # its guests' roles: nothing left to reach
    except BaseException:
        dst.close()
        if placed:
            server.write_location(folder, where["server"], where["schema"])
        for path in local_leftovers(folder):
            path.unlink(missing_ok=True)
        raise


def to_file(space, dest: Path) -> set[str]:
    """A Team Space's data as a Space database file `dest` (for a .flatspace export), read in
    one transaction; its files' contents fetched into the folder. Returns their SHA-256."""
    from .db import open_database

    dest.unlink(missing_ok=True)
    dst = open_database(dest, create=True)
    try:
        with space.transaction(), dst.atomic():
            copy_space(space.db, dst)
            check_whole(space.db, dst)
            shas = here(space.filestore())  # this computer's copies, to pack
    finally:
        dst.close()
    return shas
