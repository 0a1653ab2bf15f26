"""A sheet's records: reading them by view (filter, search, sort; pages by offset or key),
counts, and every edit: add, set cells, delete, find and replace, bulk set, re-validate,
import and export. Each edit is one write and one undo step; bulk ones take a snapshot first."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from ..domain.access import Can
from ..domain.cells import display_text, make_caster
from ..domain.errors import EditConflict, InvalidInput, NotFound
from ..domain.prep.recipes import Step
from ..domain.records import Record, View
from ..domain.values import same_value
from ..storage import recordquery
from ..storage.db import translate_errors
from ..storage.undolog import MAX_CELLS as UNDO_CELLS, add_op, delete_op, set_op
from .automation.hooks import run_hooks
from .checks import plural
from .history import MANY
from .prep import view_pairs


class Records:
    def __init__(self, session):
        self.s = session

    # ---- reading
    def sheet_def(self, sheet: str):
        return self.s.store(sheet).sheet

    def viewed(self, sheet: str, view: View):
        """The store of a sheet, ready to read `view` (checked; its sort field indexed)."""
        store = self.s.store(sheet)
        self.check_view(store, view)
        if view.sort:
            with self.s.space.transaction():
                store.ensure_sort_index(view.sort)
        return store

    def list(self, sheet: str, view: View = View(), limit: int = 100, offset: int = 0,
             after: int | None = None) -> list[Record]:
        store = self.viewed(sheet, view)
        with translate_errors():
            return recordquery.fetch(store, view, limit=limit, offset=offset, after=after)

    def ids(self, sheet: str, view: View = View()):
        """The ids of the records in `view`, in its order (a range or a compact array)."""
        store = self.viewed(sheet, view)
        with translate_errors():
            return recordquery.ids(store, view)

    def sort_ready(self, sheet: str, key: str) -> bool:
        """Whether sorting by `key` is instant; if not, prepare_sort builds its index (seconds at 1M)."""
        return self.s.store(sheet).has_sort_index(key)

    def prepare_sort(self, sheet: str, key: str) -> None:
        self.viewed(sheet, View(sort=key))

    def by_id(self, sheet: str, rids: list[int]) -> list[Record]:
        return recordquery.fetch_rids(self.s.store(sheet), rids)

    def counts(self, sheet: str, view: View | None = None) -> dict:
        store = self.s.store(sheet)
        if view:
            self.check_view(store, view)
        with translate_errors():
            return recordquery.count(store, view)

    def json(self, sheet: str, record: Record) -> dict:
        return record.to_flatfile(self.s.store(sheet).sheet)

    @staticmethod
    def check_view(store, view: View) -> None:
        for key in (view.sort, view.field_errors, *(f.key for f in view.facets)):
            if key is not None and key not in store.cols:
                raise InvalidInput(f'no field "{key}" in {store.sheet.slug} (fields: {", ".join(store.cols)})')
        if view.filter not in recordquery.FILTERS:
            raise InvalidInput(f"filter must be one of {', '.join(recordquery.FILTERS)}")
        for facet in view.facets:
            _check_range(store.sheet.field(facet.key), facet)

    @staticmethod
    def writable(store, keys: Iterable[str] = ()) -> None:
        if store.sheet.readonly:
            raise InvalidInput(f"sheet {store.sheet.slug} is read-only")
        for key in keys:
            if key not in store.cols:
                raise InvalidInput(f'no field "{key}" in {store.sheet.slug}')
            f = store.sheet.field(key)
            if not f.editable:
                raise InvalidInput(f'{f.label} is {"computed" if f.computed else "read-only"} and cannot be edited')

    @staticmethod
    def require(store, rids: list[int]) -> list[Record]:
        """The records with these ids, all of them, or NotFound."""
        records = recordquery.fetch_rids(store, rids) if rids else []
        found = {r.rid for r in records}
        missing = [r for r in rids if r not in found]
        if missing:
            raise NotFound(f"no record {missing[0]} in {store.sheet.slug}")
        return records

    def _write(self, store, action: str, **detail):
        return self.s.write(f"records.{action}", {"sheet": store.sheet.slug, "sheetId": store.sid, **detail},
                            needs=Can.EDIT_RECORDS)

    # ---- editing
    def add(self, sheet: str, rows: list[dict[str, Any]], rids: list[int] | None = None,
            label: str | None = None) -> list[int]:
        """Add records; `rids` puts deleted records back under their old ids. One undo step."""
        store = self.s.store(sheet)
        self.writable(store)
        if rids is None:
            keys = [f.key for f in store.sheet.fields if f.editable]
            for row in rows:
                self.writable(store, row)
        else:  # putting records back as they were, read-only and computed values included
            keys = list(store.cols)
            if len(rids) != len(rows):
                raise InvalidInput("give one id per record")
            taken = recordquery.fetch_rids(store, list(rids))
            if taken:
                raise InvalidInput(f"record {taken[0].rid} already exists")
        with self._write(store, "add", count=len(rows)):
            added = store.insert_rows(keys, ([row.get(k) for k in keys] for row in rows), scoped=True, rids=rids,
                                      author=self.s.actor.id)
            given = [{k: row[k] for k in keys if k in row} for row in rows]
            if rids is None:  # records put back by an undo are as they were: no hook runs on them
                hooked, _problems = run_hooks(self.s, store, added, "records:created")
                for rid, row in zip(added, given):
                    row.update(hooked.get(rid, {}))
            self.s.undo.record(store.sid, label or plural(len(rows), "Add record", "Add {n} records"),
                               add_op(added, given), delete_op(added))
            return added

    def update(self, sheet: str, changes: dict[int, dict[str, Any]], label: str | None = None,
               expect: dict[int, dict[str, Any]] | None = None) -> list[str]:
        """Set cells ({rid: {key: raw value}}); one undo step. Returns what went wrong in the
        sheet's record hooks, a line each (the edit stands; the hook's batch is left as it was).

        expect: {rid: {key: the stored value the editor read}}. Where a cell holds something
        else now (someone changed it since), EditConflict says who and what, and nothing is
        written: an edit never silently replaces a change its author did not see."""
        store = self.s.store(sheet)
        self.writable(store, {k for cells in changes.values() for k in cells})
        with self._write(store, "update", count=len(changes)):
            before = self.require(store, list(changes))
            if expect:
                self._unchanged_since(store, before, expect)
            if len(changes) >= MANY:  # a paste or a cleared range: bulk, so restorable like one
                self.s.history.auto(f"before changing {len(changes)} records of {store.sheet.slug}")
            store.update_cells(changes, self.s.actor.id)
            hooked, problems = run_hooks(self.s, store, list(changes), "records:updated")
            made = {rid: {**cells, **hooked.get(rid, {})} for rid, cells in changes.items()}  # the hook's too
            prior = {r.rid: r.values for r in before}
            old = {rid: {k: prior[rid].get(k) for k in cells} for rid, cells in made.items() if rid in prior}
            self.s.undo.record(store.sid, label or _edit_label(store, changes), set_op(made), set_op(old))
        return problems

    def _unchanged_since(self, store, records: list[Record], expect: dict[int, dict[str, Any]]) -> None:
        moved: dict[int, dict[str, Any]] = {}
        first = None
        for rec in records:
            for key, seen in expect.get(rec.rid, {}).items():
                now = rec.values.get(key)
                if not same_value(now, seen):
                    moved.setdefault(rec.rid, {})[key] = now
                    first = first or (rec, key, seen, now)
        if not moved:
            return
        rec, key, seen, now = first
        f = store.sheet.field(key)
        who = f" (last changed by {self.s.app.who(self.s.id, rec.updated_by)})" if rec.updated_by else ""

        def shown(value) -> str:
            return f'"{display_text(f, value)}"' if value is not None else "empty"
        n = sum(len(cells) for cells in moved.values())
        also = f" (and {n - 1} more of the cells you changed)" if n > 1 else ""
        raise EditConflict(f"{f.label or key} of record {rec.rid} was changed from {shown(seen)} to {shown(now)} "
                           f"since you read it{who}{also}. Nothing was changed.", moved)

    def delete(self, sheet: str, rids: list[int], label: str | None = None) -> int:
        store = self.s.store(sheet)
        self.writable(store)
        self.require(store, sorted(set(rids)))  # a record already gone is said so, not "0 deleted"
        with self._write(store, "delete", count=len(rids)):
            if len(rids) >= MANY:
                self.s.history.auto(f"before deleting {len(rids)} records of {store.sheet.slug}")
            big = len(rids) > UNDO_CELLS  # too many to keep as values: the snapshot above has them
            saved = [] if big else recordquery.fetch_rids(store, sorted(set(rids)))
            deleted = store.delete_rows(rids)
            gone = sorted(set(rids)) if big else [r.rid for r in saved]
            self.s.undo.record(store.sid, label or plural(len(gone), "Delete record", "Delete {n} records"),
                               delete_op(gone), add_op(gone, [r.values for r in saved]))
            return deleted

    def find_replace(self, sheet: str, find: str, replace: str, field: str | None = None,
                     match_case: bool = False, whole_cell: bool = False, view: View = View()) -> int:
        """Replace text in cells (one field, or every editable field) of the records in `view`."""
        return self.replace_text(sheet, find, replace, field, match_case, whole_cell, view)["cells"]

    def replace_text(self, sheet: str, find: str, replace: str, field: str | None = None,
                     match_case: bool = False, whole_cell: bool = False, view: View = View()) -> dict:
        """Find and replace with a snapshot first; says what it wrote ("new") over what was
        stored before ("old"), {rid: {key: value}} each."""
        changes = self.preview_replace(sheet, find, replace, field, match_case, whole_cell, view)
        cells = sum(len(c) for c in changes.values())
        old: dict[int, dict[str, Any]] = {}
        if changes:
            store = self.s.store(sheet)
            with self._write(store, "replace", find=find, replace=replace, cells=cells):
                self.s.history.auto(f"before replacing “{find}” in {store.sheet.slug}")
                for rec in recordquery.fetch_rids(store, list(changes)):
                    old[rec.rid] = {k: rec.values.get(k) for k in changes[rec.rid]}
                store.update_cells(changes, self.s.actor.id)
                undo_id = self.s.undo.record(store.sid, f"Replace “{find}”", set_op(changes), set_op(old))
                self.s.prep.note_step(store, replace_step(find, replace, self._replaced_keys(store, field),
                                                          match_case, whole_cell, view), undo_id)
        return {"cells": cells, "records": len(changes), "new": changes, "old": old}

    def preview_replace(self, sheet: str, find: str, replace: str, field: str | None = None,
                        match_case: bool = False, whole_cell: bool = False,
                        view: View = View()) -> dict[int, dict[str, str]]:
        """The cells find-and-replace would change ({rid: {key: new text}}), changing nothing."""
        from ..storage.findreplace import plan_replacements

        if not find:
            raise InvalidInput("give the text to find")
        store = self.s.store(sheet)
        self.check_view(store, view)
        keys = self._replaced_keys(store, field)
        self.writable(store, keys)
        with translate_errors():
            return plan_replacements(store, view, keys, find, replace, match_case, whole_cell)

    @staticmethod
    def _replaced_keys(store, field: str | None) -> list[str]:
        return [field] if field else [f.key for f in store.sheet.fields if f.editable]

    def bulk_update(self, sheet: str, key: str, value: Any, rids: list[int] | None = None,
                    view: View | None = None) -> int:
        """Set one field to one value on the given records, or on every record of a view."""
        from .export import iter_records

        store = self.s.store(sheet)
        self.writable(store, [key])
        step = None
        if rids is None:  # a view is a recipe's step; a selection of records is not
            rids = [r.rid for r in iter_records(store, view or View())]
            step = Step.create("set_value", {"value": value}, [key], view=view_pairs(view or View()))
        changes = {rid: {key: value} for rid in rids}
        with self._write(store, "bulk_update", field=key, count=len(rids)):
            self.s.history.auto(f"before a bulk edit of {store.sheet.slug}.{key}")
            old = {r.rid: {key: r.values.get(key)} for r in recordquery.fetch_rids(store, rids)} \
                if len(rids) <= UNDO_CELLS else {}
            store.update_cells(changes, self.s.actor.id)
            undo_id = self.s.undo.record(store.sid, f"Set {store.sheet.field(key).label} on {len(rids):,} records",
                                         set_op(changes), set_op(old))
            if step is not None:
                self.s.prep.note_step(store, step, undo_id)
        return len(rids)

    def validate(self, sheet: str, progress: Callable[[int], None] | None = None) -> dict:
        store = self.s.store(sheet)
        with self._write(store, "validate"):
            store.recheck_all(progress)
        return recordquery.count(store)

    # ---- files in and out
    def import_file(self, sheet: str, path: str | Path, mapping=None, **options) -> dict:
        """Read, map, cast and validate a file into a sheet: all of it, or (on error) none
        (services.importing says how)."""
        from .importing import import_file

        return import_file(self.s, sheet, path, mapping, **options)

    def saved_mapping(self, sheet: str, headers: list[str]):
        """The mapping remembered for a file with these columns, or None."""
        from ..storage import mappings

        return mappings.get(self.s.space, self.s.sheet(sheet).id, headers)

    def export(self, sheet: str, path: str | Path, fmt: str, view: View = View(),
               progress: Callable[[int], None] | None = None) -> int:
        from .export import export_sheet, work_file

        store = self.viewed(sheet, view)
        with translate_errors(), self.s.app.catalog.unfinished.claim(work_file(path)):
            return export_sheet(store, path, fmt, view, progress)


def _check_range(f, facet) -> None:
    """A range's ends read as the field's values do (a number, a date), or it is refused: "abc"
    would be compared as text and silently match nothing."""
    if facet.values or f.type not in ("number", "date"):
        return
    cast = make_caster(f, [])
    for end in (facet.low, facet.high):
        if end is None:
            continue
        value = cast(end) if isinstance(end, str) else end
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) if f.type == "number" else False
        if f.type == "date" and isinstance(value, str):
            try:
                date.fromisoformat(value)
                ok = True
            except ValueError:
                ok = False
        if not ok:
            raise InvalidInput(f'range of {f.label}: "{end}" is not a {"number" if f.type == "number" else "date"}')


def replace_step(find: str, replace: str, keys: list[str], match_case: bool, whole_cell: bool, view: View) -> Step:
    """Find and replace as a recipe step: the text found literally, the replacement taken as is."""
    pattern = re.escape(find)
    literal = replace.replace("\\", "\\\\").replace("$", "$$")
    return Step.create("replace", {"pattern": f"^{pattern}$" if whole_cell else pattern, "replacement": literal,
                                   "ignore_case": not match_case}, keys, view=view_pairs(view))


def _edit_label(store, changes: dict[int, dict[str, Any]]) -> str:
    keys = {k for cells in changes.values() for k in cells}
    n = sum(len(cells) for cells in changes.values())
    if n == 1:
        return f"Edit {store.sheet.field(next(iter(keys))).label}"
    return f"Edit {n:,} cells"
