"""What the preparation tools read from a sheet: a field's distinct values with their counts
(as many rows as distinct values, never one per record), and the cells of chosen records."""

from __future__ import annotations

from typing import Any, Iterator, Sequence

from ..domain.records import View
from .recordquery import where_clause
from .recordstore import SheetStore
from .rules import q

CHUNK = 900  # ids per statement: under SQLite's oldest limit on parameters


def value_counts(store: SheetStore, view: View, key: str) -> Iterator[tuple[Any, bool, int]]:
    """(value, flagged invalid in this field, count) of the records in `view`."""
    where, params = where_clause(store, view)
    col = q(store.cols[key])
    flagged = store.db.execute_sql(f"SELECT 1 FROM {store.msg} WHERE key = ? AND type = 'error' LIMIT 1",
                                   (key,)).fetchone()
    if not flagged:  # a field without errors needs no look at each record's messages (5x the GROUP BY)
        yield from ((v, False, n) for v, n in store.db.execute_sql(
            f"SELECT {col}, COUNT(*) FROM {store.rec}{where} GROUP BY 1", params))
        return
    bad = f"EXISTS (SELECT 1 FROM {store.msg} m WHERE m.rid = r.rid AND m.key = ? AND m.type = 'error')"
    sql = f"SELECT r.{col}, {bad}, COUNT(*) FROM {store.rec} AS r{where} GROUP BY 1, 2"
    yield from store.db.execute_sql(sql, (key, *params))


def cells(store: SheetStore, rids: Sequence[int], keys: Sequence[str]) -> dict[int, tuple]:
    """{rid: (value of each key)} of those of `rids` that exist."""
    cols = ", ".join(q(store.cols[k]) for k in keys)
    out: dict[int, tuple] = {}
    for i in range(0, len(rids), CHUNK):
        chunk = list(rids[i:i + CHUNK])
        marks = ",".join("?" * len(chunk))
        for row in store.db.execute_sql(f"SELECT rid, {cols} FROM {store.rec} WHERE rid IN ({marks})", chunk):
            out[row[0]] = row[1:]
    return out
