"""Reading records of a sheet: filters, search, sort, pages by offset or key, counts."""

from __future__ import annotations

from array import array
from typing import Sequence

from ..domain.cells import flatfile_source, make_caster
from ..domain.records import FILTERS, Record, View
from ..domain.errors import InvalidInput
from ..domain.limits import INT_MAX, INT_MIN, check_search, clamp_int
from . import splitscan
from .countmemo import remembered
from .recordstore import SheetStore
from .rules import q

def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def any_of(conds: list[str]) -> str:
    """OR of conditions, grouped in halves: SQLite parses a flat chain as a tree as deep as it
    is long, and refuses one deeper than 1,000 (a search over a sheet of 1,000+ fields)."""
    if len(conds) <= 8:
        return "(" + " OR ".join(conds) + ")"
    half = len(conds) // 2
    return f"({any_of(conds[:half])} OR {any_of(conds[half:])})"


def where_clause(store: SheetStore, view: View) -> tuple[str, list]:
    conds, params = [], []
    if view.filter not in FILTERS:
        raise InvalidInput(f"filter must be one of {', '.join(FILTERS)}")
    if view.filter == "valid":
        conds.append("n_err = 0")
    elif view.filter == "error":
        conds.append("n_err > 0")
    if view.field_errors:
        conds.append(f"rid IN (SELECT rid FROM {store.msg} WHERE type = 'error' AND key = ?)")
        params.append(view.field_errors)
    for facet in view.facets:
        cond, args = _facet(store, facet)
        conds.append(cond)
        params += args
    if view.search:
        check_search(view.search)
        like = f"%{_escape_like(view.search)}%"
        parts = [store.d.like(q(c)) for c in store.cols.values()]
        conds.append(any_of(parts))
        params += [like] * len(parts)
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def _stored(store: SheetStore, key: str, values) -> list:
    """Values typed as text (on the command line) in the form the field stores them ("130": 130)."""
    f = store.sheet.field(key)
    if f.type not in ("number", "boolean", "date"):
        return list(values)
    cast = make_caster(f, [])
    return [cast(v) if isinstance(v, str) else v for v in values]


def _facet(store: SheetStore, facet) -> tuple[str, list]:
    col = q(store.cols[facet.key])
    if facet.values:
        given = _stored(store, facet.key, [v for v in facet.values if v is not None])
        parts = [f"{col} IN ({','.join('?' * len(given))})"] if given else []
        given = [store.d.cell(v) for v in given]
        parts += [f"{col} IS NULL"] if len(given) < len(facet.values) else []
        return "(" + " OR ".join(parts) + ")", given
    # A range reads values of its own kind: a text cell is never "between" two numbers
    low, high = _stored(store, facet.key, [facet.low, facet.high])
    parts, args = [store.d.is_text(col) if isinstance(low if low is not None else high, str)
                   else store.d.is_number(col)], []
    if low is not None:
        parts.append(f"{col} >= ?")
        args.append(store.d.cell(low))
    if high is not None:
        parts.append(f"{col} < ?")
        args.append(store.d.cell(high))
    return "(" + " AND ".join(parts) + ")", args


def order_clause(store: SheetStore, view: View) -> str:
    direction = " DESC" if view.descending else ""
    if view.sort:
        # Error filters pick few records: read them in order from the sort index of the invalid
        # records, or find them by their index and sort those ("+" keeps SQLite from walking the
        # whole sort index instead, which costs seconds at 1M rows).
        few = view.filter == "error" and not store.has_sort_index(view.sort, errors=True)
        keys = store.d.sort_keys(q(store.cols[view.sort]), selective=few or bool(view.field_errors))
        return " ORDER BY " + ", ".join(f"{k}{direction}" for k in keys) + f", rid{direction}"
    return f" ORDER BY rid{direction}"


def fetch(store: SheetStore, view: View, limit: int = 100, offset: int = 0,
          after: int | None = None) -> list[Record]:
    """A page of records. `after` pages by key (rid order only): fast at any depth."""
    if limit < 0 or offset < 0:
        raise InvalidInput("a limit and an offset are 0 or more")
    # Past SQLite's 64-bit range they mean the same as at its end: all records, or none.
    limit, offset = clamp_int(limit), clamp_int(offset)
    where, params = where_clause(store, view)
    if after is not None:
        if view.sort:
            raise InvalidInput("paging by key (after an id) works in record order; with a sort, use an offset")
        op = "<" if view.descending else ">"
        where += (" AND " if where else " WHERE ") + f"rid {op} ?"
        params.append(clamp_int(after))
    keys = list(store.cols)
    cols = ", ".join(q(store.cols[k]) for k in keys)
    sql = f"SELECT rid, n_err, updated_by, {cols} FROM {store.rec}{where}{order_clause(store, view)} LIMIT ? OFFSET ?"
    rows = store.db.execute_sql(sql, (*params, limit, offset)).fetchall()
    return _records(store, keys, rows)


def ids(store: SheetStore, view: View) -> Sequence[int]:
    """The record ids of a view, in order: what a grid needs to page any row in O(1).

    Records added in one go have consecutive ids, so the plain view is usually a range and
    costs nothing to hold; otherwise the ids come back as a compact array (8 bytes each).
    """
    if view.filter == "all" and not view.field_errors and not view.search and not view.sort and not view.facets:
        lo, hi, n = _extent(store)
        if not n:
            return range(0)
        if hi - lo + 1 == n:
            return range(hi, lo - 1, -1) if view.descending else range(lo, hi + 1)
    where, params = where_clause(store, view)
    if (view.search and not view.sort and not store.d.server and splitscan.parts() > 1
            and not store.db.connection().in_transaction):
        lo, hi, n = _extent(store)  # (a transaction's own writes are seen by its connection alone)
        if n >= splitscan.MIN_RECORDS:
            return splitscan.split_ids(store.db, store.rec, where, params, lo, hi, view.descending)
    cur = store.db.execute_sql(f"SELECT rid FROM {store.rec}{where}{order_clause(store, view)}", params)
    return array("q", (r for (r,) in cur))


def _storable(rids: Sequence[int]) -> list[int]:
    """The ids SQLite can bind: one past its 64-bit range is no record's."""
    return [r for r in rids if INT_MIN <= r <= INT_MAX]


def errors_among(store: SheetStore, rids: Sequence[int]) -> int:
    """How many of these records have errors (a selection's, for an action's hasAllValid)."""
    rids = _storable(rids)
    n = 0
    for i in range(0, len(rids), 900):
        chunk = rids[i:i + 900]
        n += store.db.execute_sql(f"SELECT COUNT(*) FROM {store.rec} WHERE n_err > 0 AND rid IN "
                                  f"({','.join('?' * len(chunk))})", chunk).fetchone()[0]
    return n


def fetch_rids(store: SheetStore, rids: list[int]) -> list[Record]:
    rids = _storable(rids)
    keys = list(store.cols)
    cols = ", ".join(q(store.cols[k]) for k in keys)
    out: list[Record] = []
    for i in range(0, len(rids), 900):
        chunk = rids[i:i + 900]
        marks = ",".join("?" * len(chunk))
        rows = store.db.execute_sql(f"SELECT rid, n_err, updated_by, {cols} FROM {store.rec} WHERE rid IN ({marks})",
                                    chunk).fetchall()
        out += _records(store, keys, rows)
    order = {r: i for i, r in enumerate(rids)}
    out.sort(key=lambda r: order[r.rid])
    return out


def _records(store: SheetStore, keys: list[str], rows: list[tuple]) -> list[Record]:
    records = [Record(row[0], dict(zip(keys, row[3:])), n_err=row[1], updated_by=row[2]) for row in rows]
    by_rid = {r.rid: r for r in records}
    if records:
        marks = ",".join("?" * len(records))
        cur = store.db.execute_sql(
            f"SELECT rid, key, type, source, message FROM {store.msg} WHERE rid IN ({marks}) ORDER BY rowid",
            list(by_rid))
        for rid, key, kind, source, message in cur:
            # Flatfile's ValidationMessage: the field, and a JSONPath from the cell object's root
            msg = {"field": key, "type": kind, "message": message, "path": "$.value"}
            if flatfile_source(source):
                msg["source"] = flatfile_source(source)
            by_rid[rid].messages.setdefault(key, []).append(msg)
    return records


def _extent(store: SheetStore) -> tuple:
    """(lowest id, highest id, number of records) of the whole sheet."""
    # Three subqueries: each alone is SQLite's fast path (a rowid seek, a page count: 2 ms at
    # 1M); asked together, they walk every record (60 ms)
    t = store.rec
    return remembered(store.db, (t, "extent"), lambda: store.db.execute_sql(
        f"SELECT (SELECT min(rid) FROM {t}), (SELECT max(rid) FROM {t}), (SELECT COUNT(*) FROM {t})").fetchone())


def count(store: SheetStore, view: View | None = None, by_field: bool = True) -> dict:
    """total/valid/error (of the view, if given), and (by_field) errors per field over the whole sheet."""
    db = store.db
    if view is None or view == View():
        total = _extent(store)[2]
        error = remembered(db, (store.rec, "error"), lambda: db.execute_sql(
            f"SELECT COUNT(*) FROM {store.rec} WHERE n_err > 0").fetchone()[0])
    else:
        where, params = where_clause(store, view)
        total, error = db.execute_sql(
            f"SELECT COUNT(*), COUNT(*) FILTER (WHERE n_err > 0) FROM {store.rec}{where}", params).fetchone()
    counts = {"total": total, "valid": total - error, "error": error}
    if by_field:
        counts["errorsByField"] = dict(remembered(db, (store.rec, "byField"), lambda: _errors_by_field(store)))
    return counts


def _errors_by_field(store: SheetStore) -> dict:
    by_field = {k: 0 for k in store.cols}
    cur = store.db.execute_sql(
        f"SELECT key, COUNT(DISTINCT rid) FROM {store.msg} WHERE type = 'error' GROUP BY key")
    for key, n in cur:
        if key in by_field:
            by_field[key] = n
    return by_field
