"""Turning raw rows into insert batches: cast values, error counts and cell messages.

The same generator runs in the importing process for small inputs, and in a reader process
for large files (services.readerproc), where it overlaps with SQLite's writing.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..domain.blueprint import FieldDef
from ..domain.cells import make_caster
from ..domain.rowcast import compile_row_caster

BATCH = 5_000


def make_batches(fields: Sequence[FieldDef], missing: Sequence[FieldDef], rows: Iterable[Sequence[Any]],
                 first_rid: int, size: int = BATCH, rids: Iterable[int] | None = None,
                 author: str | None = None, read: Callable | None = None) -> Iterator[tuple[list, list]]:
    """Yield (records, messages): records are (rid, n_err, *fields, *missing, author) tuples.

    Ids count up from first_rid, or come from `rids` (to put deleted records back as they were).
    read: an import's column reading (domain.importing.plan), row -> (row, refused cells).
    """
    sink: list = []
    empty_tail = tuple(make_caster(f, sink)(None) for f in missing)
    tail_msgs = list(sink)
    sink.clear()
    tail_errors = sum(1 for m in tail_msgs if m[1] == "error")
    cast_row = compile_row_caster(fields, sink, empty_tail + (author,))  # who wrote it rides along for free
    rid = first_rid
    batch: list = []
    msgs: list = []
    append = batch.append
    given = iter(rids) if rids is not None else None
    for raw in rows:
        if given is not None:
            rid = next(given)
        refused = None
        if read is not None:
            raw, refused = read(raw)
        row = cast_row(raw, rid)
        if refused:
            row = _refuse(row, raw, refused, fields, sink)
        if sink or tail_msgs:
            n_err = tail_errors
            for key, kind, source, text in sink:
                msgs.append((rid, key, kind, source, text))
                n_err += kind == "error"
            sink.clear()
            msgs.extend((rid, *m) for m in tail_msgs)
            row = (rid, n_err) + row[2:]
        append(row)
        rid += 1
        if len(batch) >= size:
            yield batch, msgs
            batch, msgs = [], []
            append = batch.append
    if batch or msgs:
        yield batch, msgs


def _refuse(row: tuple, raw: Sequence[Any], refused: list, fields: Sequence[FieldDef], sink: list) -> tuple:
    """Cells the column's reading refused: stored as the file wrote them, with one error (never
    the field type's reading of the text, which might read it another way than its column)."""
    flagged = {m[0] for m in sink if m[1] == "error" and m[2] == "type"}
    cells = list(row)
    for j, text in refused:
        key = fields[j].key
        cells[2 + j] = raw[j]
        if key not in flagged:  # the field type's own error, where it has one, is what a re-check says
            sink[:] = [m for m in sink if not (m[0] == key and m[2] == "type")]
            sink.append((key, "error", "type", text))
    return tuple(cells)


def pick_columns(rows: Iterable[Sequence[Any]], cols: list[int], width: int,
                 value_maps: list[dict | None]) -> Iterable[Sequence[Any]]:
    """The mapped columns of each source row, in field order, with enum values mapped."""
    if any(value_maps):
        def mapped():
            for raw in rows:
                row = [raw[i] for i in cols]
                for j, vm in enumerate(value_maps):
                    if vm and isinstance(row[j], str) and row[j] in vm:
                        row[j] = vm[row[j]]
                yield row
        return mapped()
    if cols == list(range(width)):
        return rows  # every column, in order: no per-row reshuffle
    pick = operator.itemgetter(*cols)
    return ((pick(raw),) for raw in rows) if len(cols) == 1 else map(pick, rows)
