"""The messages a listener's record hook put on records (rule "hook"), kept beside the cell and
cross-record ones and counted in each record's errors the same way. A hook that runs again on a
record replaces what it said there before."""

from __future__ import annotations

from typing import Sequence

RULE = "hook"


def replace(store, rids: Sequence[int], messages: list[tuple[int, str, str, str, str]]) -> None:
    """messages: (rid, key, type, source, text); those of `rids` said before go first."""
    store._begin_scope()
    db, msg = store.db, store.msg
    for i in range(0, len(rids), 900):
        chunk = list(rids[i:i + 900])
        marks = ",".join("?" * len(chunk))
        db.execute_sql(f"DELETE FROM {msg} WHERE rule = ? AND rid IN ({marks})", (RULE, *chunk))
    db.cursor().executemany(f"INSERT INTO {msg} (rid, key, type, source, message, rule) VALUES (?, ?, ?, ?, ?, ?)",
                            [(*m, RULE) for m in messages])
    store._note_rids(list(rids))
    store._refresh_counts()
