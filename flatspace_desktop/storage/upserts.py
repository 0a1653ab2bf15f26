"""What an import does with the records already in its sheet: keep them (add all), update those
whose key matches an incoming record (Flatfile's and DB Browser's upsert), or replace them;
then, if asked, leave out the incoming records that are not valid, and say what it did.

Each works on records already written by the import (ids from `first` up), inside the import's
transaction, in a few statements over the whole sheet; a dry run is the same work rolled back.
"""

from __future__ import annotations

from typing import Sequence

from .rules import q

# The incoming records after the merge: the ones added, and the older ones they updated
INCOMING = "temp.import_incoming"


def _key_sql(store, keys: Sequence[str], alias: str, fold: bool) -> tuple[str, str]:
    """(the key expression of a record, the condition that it has a whole key)."""
    parts = [store.d.text(f"{alias}.{q(store.cols[k])}") for k in keys]
    if fold:
        parts = [f"lower({p})" for p in parts]
    whole = " AND ".join(f"COALESCE(trim({p}), '') <> ''" for p in parts)
    return store.d.array(parts), whole


def merge_by_key(store, keys: Sequence[str], written: Sequence[str], first: int, fold: bool = False) -> int:
    """Incoming records whose key matches an older record's: their cells of `written` fields
    (with those cells' messages) go onto the older record, and they are removed. Of several
    incoming records with one key, the last updates; the others stay, added (and flagged where
    the key is unique). Where older records share a key, the first is updated. Returns how many
    older records were updated."""
    db, rec, msg = store.db, store.rec, store.msg
    key_n, whole_n = _key_sql(store, keys, "n", fold)
    key_o, _ = _key_sql(store, keys, "o", fold)
    db.execute_sql("CREATE TEMP TABLE IF NOT EXISTS import_pairs (new_rid INTEGER PRIMARY KEY, old_rid INTEGER UNIQUE)")
    db.execute_sql("DELETE FROM temp.import_pairs")
    db.execute_sql(
        f"INSERT INTO temp.import_pairs (new_rid, old_rid) "
        f"SELECT MAX(new_rid), old_rid FROM ("
        f"  SELECT n.rid AS new_rid, (SELECT MIN(o.rid) FROM {rec} o WHERE o.rid < ? AND {key_o} = {key_n}) AS old_rid"
        f"  FROM {rec} n WHERE n.rid >= ? AND {whole_n}"
        f") AS pairs WHERE old_rid IS NOT NULL GROUP BY old_rid", (first, first))
    updated = db.execute_sql("SELECT COUNT(*) FROM temp.import_pairs").fetchone()[0]
    if updated:
        cols = [q(store.cols[k]) for k in written]
        targets = ", ".join(cols + ["updated_by"])
        sources = ", ".join(f"n.{c}" for c in cols + ["updated_by"])
        db.execute_sql(
            f"UPDATE {rec} SET ({targets}) = (SELECT {sources} FROM {rec} n JOIN temp.import_pairs p "
            f"ON p.new_rid = n.rid WHERE p.old_rid = {rec}.rid) WHERE rid IN (SELECT old_rid FROM temp.import_pairs)")
        marks = ", ".join("?" * len(written))
        db.execute_sql(f"DELETE FROM {msg} WHERE rule = 'cell' AND key IN ({marks}) "
                       "AND rid IN (SELECT old_rid FROM temp.import_pairs)", tuple(written))
        db.execute_sql(f"UPDATE {msg} SET rid = (SELECT old_rid FROM temp.import_pairs WHERE new_rid = {msg}.rid) "
                       f"WHERE rule = 'cell' AND key IN ({marks}) AND rid IN (SELECT new_rid FROM temp.import_pairs)",
                       tuple(written))
        db.execute_sql(f"DELETE FROM {rec} WHERE rid IN (SELECT new_rid FROM temp.import_pairs)")
        db.execute_sql(f"DELETE FROM {msg} WHERE rid IN (SELECT new_rid FROM temp.import_pairs)")
    db.execute_sql(f"INSERT OR IGNORE INTO {INCOMING} SELECT old_rid FROM temp.import_pairs")
    store.revalidate_all()
    return updated


def start(store) -> None:
    """The incoming records are those written from `first` on (and, after a merge, the ones updated)."""
    store.db.execute_sql(f"CREATE TEMP TABLE IF NOT EXISTS {INCOMING.split('.')[1]} (rid INTEGER PRIMARY KEY)")
    store.db.execute_sql(f"DELETE FROM {INCOMING}")


def incoming_ids(store, first: int) -> list[int]:
    """The ids of the incoming records, in order: what a recipe run after the import works on."""
    return [r[0] for r in store.db.execute_sql(
        f"SELECT rid FROM {store.rec} WHERE {_incoming_where(store, first)} ORDER BY rid")]


def _incoming_where(store, first: int) -> str:
    """The condition on `rid` of the incoming records: a range of ids, and the older records
    a merge updated when there are any (a UNION of both costs a sort of every id)."""
    merged = store.db.execute_sql(f"SELECT 1 FROM {INCOMING} LIMIT 1").fetchone()
    return f"(rid >= {int(first)}" + (f" OR rid IN (SELECT rid FROM {INCOMING}))" if merged else ")")


def replace_older(store, first: int) -> int:
    """Every record from before the import goes; returns how many."""
    db = store.db
    n = db.execute_sql(f"DELETE FROM {store.rec} WHERE rid < ?", (first,)).rowcount
    db.execute_sql(f"DELETE FROM {store.msg} WHERE rid < ?", (first,))
    store.revalidate_all()
    return n


def drop_invalid(store, first: int, cells_only: bool = False) -> int:
    """The incoming records added with an error (cells_only: an error of the cell itself, not
    of a rule over several records) are left out; returns how many."""
    db = store.db
    if cells_only:
        where = (f"rid >= ? AND rid IN (SELECT rid FROM {store.msg} WHERE type = 'error' AND rule = 'cell')")
    else:
        where = "rid >= ? AND n_err > 0"
    doomed = [r[0] for r in db.execute_sql(f"SELECT rid FROM {store.rec} WHERE {where}", (first,))]
    if doomed:
        store.delete_rows(doomed, revalidate=False)
        store.revalidate_all()
    return len(doomed)


def review(store, first: int, top: int = 10) -> dict:
    """The incoming records as they now stand: how many are valid, and the most frequent errors."""
    db = store.db
    incoming = _incoming_where(store, first)
    total = db.execute_sql(f"SELECT COUNT(*) FROM {store.rec} WHERE {incoming}").fetchone()[0]
    invalid = db.execute_sql(f"SELECT COUNT(*) FROM {store.rec} WHERE n_err > 0 AND {incoming}").fetchone()[0]
    by_field = dict(db.execute_sql(
        f"SELECT key, COUNT(DISTINCT rid) FROM {store.msg} WHERE type = 'error' AND {incoming} "
        "GROUP BY key ORDER BY 2 DESC, key"))
    messages = [{"field": k, "message": m, "count": n} for k, m, n in db.execute_sql(
        f"SELECT key, message, COUNT(*) FROM {store.msg} WHERE type = 'error' AND {incoming} "
        "GROUP BY key, message ORDER BY 3 DESC, key LIMIT ?", (top,))]
    return {"records": total, "valid": total - invalid, "invalid": invalid, "errorsByField": by_field,
            "topErrors": messages}
