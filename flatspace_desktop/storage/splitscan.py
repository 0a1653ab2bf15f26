"""A search's scan of a big sheet, split across the computer's cores.

A search matches every field of every record with LIKE: at 1M records x 10 fields that is
half a second of SQLite on one core. SQLite lets go of Python's lock while it steps, so
slices of the record ids read at once on their own connections (read-only, opened for the
scan and closed after it: an open handle would keep Windows from moving the Space) take
about the time of the largest slice.
"""

from __future__ import annotations

import os
import sqlite3
from array import array
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

MIN_RECORDS = 200_000  # below this, opening connections costs more than it saves
_pool: ThreadPoolExecutor | None = None


def parts() -> int:
    return min(4, os.cpu_count() or 1)


def _slices(lo: int, hi: int, n: int) -> list[tuple[int, int]]:
    step = (hi - lo + 1 + n - 1) // n
    return [(a, min(hi, a + step - 1)) for a in range(lo, hi + 1, step)]


def _read(path: str, sql: str, params: list) -> array:
    con = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True, check_same_thread=False)
    try:
        return array("q", (r for (r,) in con.execute(sql, params)))
    finally:
        con.close()


def split_ids(db, table: str, where: str, params: list, lo: int, hi: int, descending: bool) -> array:
    """The ids `SELECT rid FROM table WHERE ...` finds, in rid order (descending if asked), read
    in slices of [lo, hi] at once, each on a connection of its own: the window's own would keep
    the pages of the whole sheet in its cache (64 MB) after one search."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="flatspace-scan")
    cond = (where + " AND" if where else " WHERE") + " rid BETWEEN ? AND ?"
    sql = f"SELECT rid FROM {table}{cond} ORDER BY rid"
    first, *rest = _slices(lo, hi, parts())
    path = str(Path(db.database))
    later = [_pool.submit(_read, path, sql, params + [a, b]) for a, b in rest]
    out = _read(path, sql, params + list(first))
    for job in later:
        out += job.result()
    if descending:
        out.reverse()
    return out
