"""Whole-sheet counts remembered until the database changes.

After an import the window takes in the result in one turn of its event loop: the grid's ids
(are they a range?), the status bar's counts and the sidebar's counts each counted the sheet,
40-60 ms apiece at 600,000 records, one stall of the window. What they count cannot change
while nothing is written, so one count serves them all. "Nothing written" is SQLite's word:
this connection's total_changes, the data_version other connections' commits move, and the
schema_version any table change moves. Inside a transaction nothing is remembered (a rollback
takes its changes back without moving total_changes).
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from .dialect import of

_local = threading.local()  # each thread reads through its own connection


def remembered(db, key: tuple, compute: Callable[[], Any]) -> Any:
    """compute(), or what it returned for `key` since the database last changed."""
    if of(db).server:  # a server tells no count of changes: counted each time
        return compute()
    con = db.connection()
    if con.in_transaction:
        return compute()
    version, schema = (db.execute_sql(f"PRAGMA {p}").fetchone()[0] for p in ("data_version", "schema_version"))
    stamp = (con.total_changes, version, schema)
    memo = getattr(_local, "memo", None)
    # The connection itself is held: its id cannot be another connection's while it is
    if memo is None or memo[0] is not con or memo[1] != stamp:
        memo = _local.memo = (con, stamp, {})
    values = memo[2]
    if key not in values:
        values[key] = compute()
    return values[key]
