"""Snapshots and restore, at the cost of what changes rather than what exists.

A snapshot starts an *epoch*. Triggers copy a row's values into a history table the first
time the row is updated or deleted in an epoch (INSERT OR IGNORE on (epoch, row)), so taking
a snapshot writes two small rows, and history grows with the rows that change. Records need
no insert trigger: ids only grow (AUTOINCREMENT), so the records created since snapshot k
are those above the ids it noted per sheet ("bases"); records put back under old ids are
logged by the code that does it. The Space's own rows (space, workbook, sheet, field, file)
are versioned the same way in meta_hist.

The state at snapshot k of a row changed since is its entry in the earliest epoch >= k's.
"""

from __future__ import annotations

import json

from . import pgtriggers
from .dialect import of
from .rules import q

META_TABLES = ("space", "workbook", "sheet", "field", "file", "document")
# Bookkeeping that every write touches is not history: logging it would make each snapshot
# cost a row, and restoring it would turn back the clock of "last activity".
UNVERSIONED = {"space": {"updated_at", "last_activity_at"}}
EPOCH = "(SELECT epoch FROM history_state)"


def hist_table(sheet_id: int) -> str:
    return f"hist_{sheet_id}"


def current_epoch(db) -> int:
    return db.execute_sql("SELECT epoch FROM history_state").fetchone()[0]


def install_meta_triggers(db) -> None:
    d = of(db)
    if d.server:
        db.execute_sql(pgtriggers.META_FUNCTION)
    for t in META_TABLES:
        cols = [c for c in d.columns(db, t) if c != "rowid"]
        if d.server:
            versioned = [c for c in cols if c not in UNVERSIONED.get(t, ())]
            pgtriggers.install_meta(db, t, versioned, d.row_id(t))
            continue
        obj = "json_object(" + ", ".join(f"'{c}', OLD.{q(c)}" for c in cols) + ")"
        db.execute_sql(f"DROP TRIGGER IF EXISTS {t}_hist_i")
        db.execute_sql(f"DROP TRIGGER IF EXISTS {t}_hist_u")
        db.execute_sql(f"DROP TRIGGER IF EXISTS {t}_hist_d")
        db.execute_sql(f"CREATE TRIGGER {t}_hist_i AFTER INSERT ON {t} WHEN {EPOCH} > 0 BEGIN "
                       f"INSERT OR IGNORE INTO meta_hist VALUES ({EPOCH}, '{t}', NEW.rowid, 0, NULL); END")
        versioned = [c for c in cols if c not in UNVERSIONED.get(t, ())]
        update = f"UPDATE OF {', '.join(q(c) for c in versioned)}"
        for when, name in ((update, "u"), ("DELETE", "d")):
            db.execute_sql(f"CREATE TRIGGER {t}_hist_{name} BEFORE {when} ON {t} WHEN {EPOCH} > 0 BEGIN "
                           f"INSERT OR IGNORE INTO meta_hist VALUES ({EPOCH}, '{t}', OLD.rowid, 1, {obj}); END")


def physical_columns(store) -> list[str]:
    """The record table's value columns in table order. Columns are only ever appended (a
    field removed by a restore leaves its column), so they can be mirrored in history."""
    return [c for c in of(store.db).columns(store.db, store.rec) if c.startswith("f") and c[1:].isdigit()]


def ensure_hist_table(store) -> list[str]:
    """The sheet's history table, with a column for each of the record table's; those columns."""
    db, h = store.db, hist_table(store.sid)
    d = of(db)
    db.execute_sql(f"CREATE TABLE IF NOT EXISTS {h} (rid INTEGER NOT NULL, epoch INTEGER NOT NULL, "
                   f"existed INTEGER NOT NULL, msgs TEXT, PRIMARY KEY (rid, epoch)){'' if d.server else ' WITHOUT ROWID'}")
    cols = physical_columns(store)
    have = set(d.columns(db, h))
    for c in cols:
        if c not in have:
            db.execute_sql(f"ALTER TABLE {h} ADD COLUMN {q(c)}{d.cell_type}")
    return cols


def install_record_triggers(store) -> None:
    """(Re)create the sheet's history table and triggers for its current columns.

    The history table mirrors the record table's columns: the trigger copies a row as it is
    (no JSON to build), and a restore copies it back the same way. Keyed (rid, epoch), so a
    record's earliest entry is one look-up and no second index doubles the size."""
    db, h = store.db, hist_table(store.sid)
    cols = ensure_hist_table(store)
    if of(db).server:
        return pgtriggers.install_records(store, h, cols)
    names = ", ".join(q(c) for c in cols)
    old = ", ".join(f"OLD.{q(c)}" for c in cols)
    # The row's cell messages go along (they are still there: records are deleted before their
    # messages, and re-validated after their values change), so putting rows back is pure SQL.
    msgs = (f"(SELECT CASE WHEN COUNT(*) THEN json_group_array(json_array(key, type, source, message)) END "
            f"FROM {store.msg} WHERE rid = OLD.rid AND rule = 'cell')")
    for when, name in ((f"UPDATE OF {names}", "u"), ("DELETE", "d")):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {store.rec}_hist_{name}")
        db.execute_sql(f"CREATE TRIGGER {store.rec}_hist_{name} BEFORE {when} ON {store.rec} WHEN {EPOCH} > 0 "
                       f"BEGIN INSERT OR IGNORE INTO {h} (rid, epoch, existed, msgs, {names}) "
                       f"VALUES (OLD.rid, {EPOCH}, 1, {msgs}, {old}); END")


def log_reinserted(store, rids) -> None:
    """Records put back under old ids did not exist at the current epoch's start: say so."""
    epoch = current_epoch(store.db)
    if epoch > 0 and rids:
        store.db.cursor().executemany(
            f"INSERT OR IGNORE INTO {hist_table(store.sid)} (rid, epoch, existed) VALUES (?, ?, 0)",
            [(r, epoch) for r in rids])


def bases(db) -> dict[str, int]:
    """The highest record id handed out so far, per record table."""
    return of(db).all_issued(db)


def first_entries(db, table: str, epoch: int, where: str = "", params: tuple = ()) -> str:
    """SQL for the earliest history entry of each row since `epoch` (its state at the snapshot)."""
    return (f"SELECT h.* FROM {table} h WHERE h.epoch >= {int(epoch)}{where} AND NOT EXISTS ("
            f"SELECT 1 FROM {table} e WHERE e.rid = h.rid AND e.epoch >= {int(epoch)} AND e.epoch < h.epoch)")


def _has(db, name: str) -> bool:
    return of(db).has(db, name)


def deleted_sql(store, epoch: int, base: int, what: str = "f.*") -> str:
    """Rows that existed at the snapshot (not created after it) and are gone now."""
    h = hist_table(store.sid)
    return (f"SELECT {what} FROM ({first_entries(store.db, h, epoch)}) f WHERE f.existed = 1 "
            f"AND f.rid <= {int(base)} AND NOT EXISTS (SELECT 1 FROM {store.rec} r WHERE r.rid = f.rid)")


def record_changes(store, epoch: int, base: int, deleted: bool = True, created_ids: bool = True) -> dict:
    """Since the snapshot: ids created, {rid: old values} updated, and {rid: old values} deleted.
    base: the highest record id of the sheet at the snapshot (0 if it had none, or did not exist).
    created_ids=False leaves out the ids above base, and deleted=False the deleted rows: callers
    that count or copy those in SQL (summaries, restores) need not carry millions through Python."""
    db, h = store.db, hist_table(store.sid)
    key_of = {c: k for k, c in store.cols.items()}
    cols = [c for c in physical_columns(store) if c in key_of]
    picked = ", ".join(f"f.{q(c)}" for c in cols)
    created = ([r for (r,) in db.execute_sql(f"SELECT rid FROM {store.rec} WHERE rid > ?", (base,))]
               if created_ids else [])
    updated: dict = {}
    gone: dict = {}
    if _has(db, h):
        alive = f"EXISTS (SELECT 1 FROM {store.rec} r WHERE r.rid = f.rid)"
        rows = db.execute_sql(f"SELECT f.rid, f.existed{', ' + picked if picked else ''} FROM "
                              f"({first_entries(db, h, epoch)}) f WHERE f.rid <= ? AND {alive}", (base,))
        for row in rows:
            if not row[1]:
                created.append(row[0])  # put back under its old id after the snapshot
            else:
                updated[row[0]] = {key_of[c]: v for c, v in zip(cols, row[2:])}
        if deleted:
            what = f"f.rid{', ' + picked if picked else ''}"
            for row in db.execute_sql(deleted_sql(store, epoch, base, what)):
                gone[row[0]] = {key_of[c]: v for c, v in zip(cols, row[1:])}
    if updated:
        current = _values(store, list(updated))
        updated = {rid: old for rid, old in updated.items() if current.get(rid) != old}
    return {"created": sorted(set(created)), "updated": updated, "deleted": gone}


def put_back(store, epoch: int, base: int, author: str | None = None) -> int:
    """Re-insert the rows deleted since the snapshot, values and cell messages, in SQL."""
    db, h = store.db, hist_table(store.sid)
    if not _has(db, h):
        return 0
    cols = ", ".join(q(c) for c in physical_columns(store))
    db.execute_sql("CREATE TEMP TABLE IF NOT EXISTS put (rid INTEGER PRIMARY KEY, epoch INTEGER, msgs TEXT)")
    db.execute_sql("DELETE FROM temp.put")
    db.execute_sql(f"INSERT INTO temp.put {deleted_sql(store, epoch, base, 'f.rid, f.epoch, f.msgs')}")
    n = db.execute_sql("SELECT COUNT(*) FROM temp.put").fetchone()[0]
    if n:
        db.execute_sql(f"INSERT INTO {store.rec} (rid, n_err, updated_by, {cols}) SELECT h.rid, 0, ?, {cols} "
                       f"FROM temp.put p JOIN {h} h ON h.rid = p.rid AND h.epoch = p.epoch", (author,))
        keys = ",".join("'" + k.replace("'", "''") + "'" for k in store.cols)
        db.execute_sql(of(db).put_back_messages(store.msg, keys))
        db.execute_sql(f"INSERT OR IGNORE INTO {store.aff}(rid) SELECT rid FROM temp.put WHERE msgs IS NOT NULL")
        epoch_now = current_epoch(db)
        if epoch_now > 0:
            db.execute_sql(f"INSERT OR IGNORE INTO {h} (rid, epoch, existed) SELECT rid, ?, 0 FROM temp.put",
                           (epoch_now,))
        top = db.execute_sql("SELECT max(rid) FROM temp.put").fetchone()[0]
        if of(db).issued(db, store.rec) < top:
            of(db).set_issued(db, store.rec, top)
    db.execute_sql("DELETE FROM temp.put")
    return n


def _values(store, rids: list[int]) -> dict[int, dict]:
    keys = list(store.cols)
    cols = ", ".join(q(store.cols[k]) for k in keys)
    out = {}
    for i in range(0, len(rids), 900):
        chunk = rids[i:i + 900]
        marks = ",".join("?" * len(chunk))
        for row in store.db.execute_sql(f"SELECT rid, {cols} FROM {store.rec} WHERE rid IN ({marks})", chunk):
            out[row[0]] = dict(zip(keys, row[1:]))
    return out


def summarize(store, epoch: int, base: int) -> dict:
    """Flatfile's shape: createdSince/updatedSince/deletedSince, each with total and byField.
    Created and deleted rows are counted in SQL; only updated rows are compared in Python."""
    db = store.db
    keys = list(store.cols)
    ch = record_changes(store, epoch, base, deleted=False, created_ids=False)
    counts = ", ".join(["COUNT(*)"] + [f"COUNT({q(store.cols[k])})" for k in keys])
    created = list(db.execute_sql(f"SELECT {counts} FROM {store.rec} WHERE rid > ?", (base,)).fetchone())
    others = ch["created"]  # records put back under old ids since the snapshot
    for i in range(0, len(others), 900):
        chunk = others[i:i + 900]
        row = db.execute_sql(f"SELECT {counts} FROM {store.rec} WHERE rid IN ({','.join('?' * len(chunk))})",
                             chunk).fetchone()
        created = [a + b for a, b in zip(created, row)]
    deleted = [0] * (len(keys) + 1)
    if _has(db, hist_table(store.sid)):
        cols = physical_columns(store)
        picked = ", ".join(["COUNT(*)"] + [f"COUNT(f.{q(store.cols[k])})" if store.cols[k] in cols else "0"
                                           for k in keys])
        deleted = list(db.execute_sql(f"SELECT {picked} FROM ({deleted_sql(store, epoch, base)}) f").fetchone())
    by_updated = {k: 0 for k in keys}
    if ch["updated"]:
        current = _values(store, list(ch["updated"]))
        for rid, old in ch["updated"].items():
            now = current.get(rid, {})
            for k in keys:
                if old.get(k) != now.get(k):
                    by_updated[k] += 1
    return {
        "createdSince": {"total": created[0], "byField": dict(zip(keys, created[1:]))},
        "updatedSince": {"total": len(ch["updated"]), "byField": by_updated},
        "deletedSince": {"total": deleted[0], "byField": dict(zip(keys, deleted[1:]))},
    }


def meta_changes(db, epoch: int, tables=META_TABLES) -> list[tuple[str, int, int, dict | None]]:
    """(table, row id, existed at the snapshot, old values) of the Space's rows changed since."""
    marks = ",".join("?" * len(tables))
    rows = db.execute_sql(
        f"SELECT h.tbl, h.row_id, h.existed, h.data FROM meta_hist h WHERE h.epoch >= ? AND h.tbl IN ({marks}) "
        "AND NOT EXISTS (SELECT 1 FROM meta_hist e WHERE e.tbl = h.tbl AND e.row_id = h.row_id "
        "AND e.epoch >= ? AND e.epoch < h.epoch)", (epoch, *tables, epoch))
    return [(t, rid, ex, json.loads(d) if d else None) for t, rid, ex, d in rows]


def merge_epoch(db, epoch: int, into: int | None, sheet_ids) -> None:
    """A snapshot is deleted: its epoch's entries join the previous one (or go, if none)."""
    tables = [hist_table(s) for s in sheet_ids]
    tables = [t for t in tables if _has(db, t)]
    for t in tables:
        if into is not None:
            cols = ", ".join(q(c) for c in of(db).columns(db, t) if c != "epoch")
            db.execute_sql(f"INSERT OR IGNORE INTO {t} (epoch, {cols}) SELECT ?, {cols} FROM {t} WHERE epoch = ?",
                           (into, epoch))
        db.execute_sql(f"DELETE FROM {t} WHERE epoch = ?", (epoch,))
    if into is not None:
        db.execute_sql("INSERT OR IGNORE INTO meta_hist SELECT ?, tbl, row_id, existed, data FROM meta_hist "
                       "WHERE epoch = ?", (into, epoch))
    db.execute_sql("DELETE FROM meta_hist WHERE epoch = ?", (epoch,))
