"""Preparing a sheet's data, OpenRefine's way: a column's profile and facet values, clusters of
near-identical values merged in one step, transforms previewed then run, duplicates removed by
a key, and the recipe all of it leaves. Each change is one write with a snapshot before it and
an undo step after it, and a step of the sheet's recipe (undone: out of the recipe).

Work follows the view (the whole sheet, or a filter, search or sort) and goes batch by batch,
so a million records never sit in memory; ids are read first, so records the change
re-validates into or out of a filter are not visited twice or skipped."""

from __future__ import annotations

from dataclasses import replace
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..domain.cells import make_caster
from ..domain.errors import Cancelled, InvalidInput
from ..domain.prep.clusters import METHODS, key_clusters, nearest_clusters
from ..domain.prep.dates import column_order
from ..domain.prep.dedupe import Dedupe
from ..domain.prep.profile import ColumnProfiler
from ..domain.mapping import Mapping
from ..domain.prep.recipes import MAP_OP, Recipe, Step, describe_map
from ..domain.prep.transforms import UNCHANGED, MassEdit
from ..domain.records import View
from ..storage import prepquery, recipesteps, recordquery, spacerow
from ..storage.db import translate_errors
from ..storage.undolog import MAX_CELLS, add_op, delete_op, set_op
from .checks import plural
from .courtesy import polite

BATCH = 2_000  # records read, changed and written at a time
PREVIEW_ROWS = 20
Progress = Callable[[int], None]


class Prep:
    def __init__(self, session):
        self.s = session

    # ---- reading: profile, facet values, clusters
    def profile(self, sheet: str, field: str, view: View = View(), top: int = 10, bins: int = 30,
                values: int = 0) -> dict:
        """Counts (records, empty, distinct, invalid), the most frequent values and a chart: a
        histogram for numbers and dates, the top values for the rest. values > 0: also the
        first `values` values to tick (as facet gives them), from the same read of the column."""
        store, f = self._field(sheet, field, view)
        kind = f.type if f.type in ("number", "date") else "text"
        with translate_errors():
            rows = list(prepquery.value_counts(store, view, f.key))
        prof = ColumnProfiler(kind, top=top, max_bins=bins).add_counts(rows).result()
        hist = prof.histogram
        out = {"field": f.key, "label": f.label, "type": f.type, "records": prof.total, "empty": prof.empty,
               "invalid": prof.invalid, "distinct": prof.distinct, "distinctExact": prof.distinct_exact,
               "top": [{"value": v, "count": n} for v, n in prof.top], "topError": prof.top_error,
               "histogram": None if hist is None else {
                   "kind": hist.kind, "unit": hist.unit,
                   "bins": [{"low": b.low, "high": b.high, "count": b.count, "label": b.label} for b in hist.bins]},
               "notCharted": prof.not_charted}
        if values > 0:
            out["facet"] = _facet(f, rows, values)
        return out

    def facet(self, sheet: str, field: str, view: View = View(), limit: int = 200) -> dict:
        """The field's values in `view` with how many records hold each (most first), for picking
        values to filter by; empty cells count as the value None."""
        store, f = self._field(sheet, field, view)
        with translate_errors():
            return _facet(f, prepquery.value_counts(store, view, f.key), limit)

    def clusters(self, sheet: str, field: str, method: str = "fingerprint", view: View = View(),
                 radius: int = 1, n: int = 2, phonetic: str = "metaphone") -> list[dict]:
        """Groups of near-identical values ({values: [{value, count}], suggested, records}),
        biggest first. method: fingerprint, ngram, phonetic (key collision) or levenshtein."""
        store, f = self._field(sheet, field, view)
        if method not in (*METHODS, "levenshtein"):
            raise InvalidInput(f'method must be one of {", ".join((*METHODS, "levenshtein"))}')
        with translate_errors():
            pairs = [(v, c) for v, _bad, c in prepquery.value_counts(store, view, f.key)]
        found = (nearest_clusters(pairs, radius) if method == "levenshtein"
                 else key_clusters(pairs, method, n=n, phonetic=phonetic))
        return [{"values": [{"value": v, "count": c} for v, c in cl.values], "suggested": cl.suggested,
                 "records": cl.rows} for cl in found]

    # ---- changing: merge, transform, dedupe
    def merge(self, sheet: str, field: str, merges: Sequence[tuple[Iterable[str], str]], view: View = View(),
              progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> dict:
        """Each (values, into): those values of the field become `into`, in one step."""
        mapping = {v: into for values, into in merges for v in values if v != into}
        if not mapping:
            raise InvalidInput("choose the values to merge, and the value they become")
        store = self.s.store(sheet)
        label = store.sheet.field(field).label if field in store.cols else field
        step = Step(MassEdit(tuple(mapping.items())), (field,),
                    label=f"Merge {plural(len(mapping), '1 value', '{n} values')} of {label}")
        return self.transform(sheet, step, view, progress=progress, cancelled=cancelled)

    def transform(self, sheet: str, step: Step, view: View = View(), rids: Sequence[int] | None = None,
                  preview: bool = False, sample: int = PREVIEW_ROWS, progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None, record: bool | None = None) -> dict:
        """Run a cell, split or join step over the records of `view` (or just `rids`). preview:
        change nothing, and give the first `sample` records it would change, before and after.
        record: a step of the sheet's recipe (by default when it ran on a view, not a selection)."""
        if step.action.shape == "sheet":
            return self.dedupe(sheet, list(step.fields), step.action.match, step.action.keep, view,
                               preview=preview, progress=progress, cancelled=cancelled)
        step = replace(step, view=view_pairs(view))  # the recipe says which records it worked on
        store = self.s.store(sheet)
        self.s.records.check_view(store, view)
        reads, writes = _reads_writes(step)
        _require_fields(store, reads)
        self.s.records.writable(store, writes)
        with translate_errors():
            ids = list(rids) if rids is not None else recordquery.ids(store, view)
        step, unread = self._settled(store, step, View() if rids is not None else view)
        if preview:
            rows = list(islice(_changes(store, step, reads, ids), max(0, sample)))
            return {"preview": [{"rid": rid, "before": before, "after": before | after} for rid, before, after in rows],
                    "step": step.to_json(), "records": len(ids)} | unread
        label = step.describe()
        try:
            return self._run(store, step, reads, ids, label, rids is None if record is None else record,
                             progress, cancelled) | unread
        except _NothingChanged:  # rolled back: no snapshot, step or activity for a change of nothing
            return {"records": 0, "cells": 0, "step": step.to_json(), "label": label} | unread

    def _run(self, store, step: Step, reads: list[str], ids, label: str, recorded: bool,
             progress: Progress | None, cancelled) -> dict:
        cells = records = 0
        old: dict[int, dict] = {}
        new: dict[int, dict] = {}
        since = spacerow.last_activity(self.s.space)
        with self.s.records._write(store, "transform", op=step.op, step=step.to_json()):
            snapshot = self.s.history.auto(f"before “{label}” in {store.sheet.slug}")["id"]
            batch: dict[int, dict] = {}
            for done, (rid, before, after) in enumerate(polite(_changes(store, step, reads, ids)), 1):
                batch[rid] = after
                cells += len(after)
                records += 1
                if cells <= MAX_CELLS:
                    old[rid], new[rid] = {k: before[k] for k in after}, after
                elif new:  # too many to undo cell by cell (its snapshot undoes it): let them go now
                    old.clear()
                    new.clear()
                if len(batch) >= BATCH:
                    self._write_batch(store, batch, cancelled, progress, done)
            if batch:
                self._write_batch(store, batch, cancelled, progress, records)
            if not records:
                raise _NothingChanged
            ops = [(set_op(new), set_op(old))] if cells <= MAX_CELLS else []
            self._step(store, step if recorded else None, label, cells, ops, snapshot, since)
        return {"records": records, "cells": cells, "step": step.to_json(), "label": label}

    def _settled(self, store, step: Step, where: View) -> tuple[Step, dict]:
        """The step as it will run, and what the result says besides. Reformatting dates reads
        the whole column one way (its values in `where` decide the order, or the person must),
        a date field's dates stay dates, and the values it leaves as they are (04/13/2021 in a
        day-first column) are counted, so a column of mixed orders is noticed."""
        if step.op != "reformat_date":
            return step, {}
        action = step.action
        writes = list(step.into) or list(step.fields)
        if action.format != "iso" and any(store.sheet.field(k).type == "date" for k in writes):
            raise InvalidInput("a date field keeps its dates as dates (shown 2021-04-03): another format is for "
                               "text fields; choose iso to repair the dates a date field holds written otherwise")
        counts = [(v, n) for k in step.fields for v, _bad, n in prepquery.value_counts(store, where, k)]
        if action.order == "auto":
            step = replace(step, action=replace(action, order=column_order(v for v, _n in counts)))
        left = [(v, n) for v, n in counts if isinstance(v, str) and v.strip() and step.action.reads(v) is None]
        return step, {"unread": {"records": sum(n for _v, n in left), "examples": [v for v, _n in left[:3]]}}

    def _write_batch(self, store, batch: dict, cancelled, progress, done: int) -> None:
        if cancelled and cancelled():
            raise Cancelled("Cancelled: nothing was changed.")
        store.update_cells(batch, self.s.actor.id)
        batch.clear()
        if progress:
            progress(done)

    def dedupe(self, sheet: str, fields: Sequence[str], match: str = "exact", keep: str = "first",
               view: View = View(), preview: bool = False, progress: Progress | None = None,
               cancelled: Callable[[], bool] | None = None) -> dict:
        """Records sharing a key (fields, exact or loose) become one: the first (or last) kept, or
        the first kept with its empty fields filled from the others (merge). preview: the plan."""
        action = Dedupe(keep, match)
        step = Step(action, tuple(fields), view=view_pairs(view))
        store = self.s.store(sheet)
        self.s.records.check_view(store, view)
        _require_fields(store, fields)
        self.s.records.writable(store)
        editable = [f.key for f in store.sheet.fields if f.editable]
        with translate_errors():
            ids = recordquery.ids(store, view)
            plan = action.plan(polite(_keyed(store, ids, list(fields), editable if keep == "merge" else [])))
        summary = {"groups": plan.groups, "remove": plan.records_to_remove, "update": plan.records_to_update,
                   "records": plan.records, "summary": plan.summary(", ".join(fields)), "step": step.to_json(),
                   "examples": [{"key": list(g.key), "kept": g.kept, "removed": list(g.removed), "size": g.size,
                                 "merged": dict(g.merged)} for g in plan.examples]}
        if preview or not plan.delete:
            return summary | {"preview": preview}
        label = step.describe() if step.label else f"Remove {plural(len(plan.delete), 'duplicate', '{n} duplicates')}"
        since = spacerow.last_activity(self.s.space)
        with self.s.records._write(store, "dedupe", fields=list(fields), match=match, keep=keep,
                                   removed=len(plan.delete)):
            snapshot = self.s.history.auto(f"before removing duplicates by {', '.join(fields)} in "
                                           f"{store.sheet.slug}")["id"]
            updates = {rid: dict(cells) for rid, cells in plan.updates.items()}
            cells = sum(len(c) for c in updates.values()) + len(plan.delete) * len(store.cols)
            ops: list = []
            if cells <= MAX_CELLS:
                keys = list(store.cols)
                gone = prepquery.cells(store, list(plan.delete), keys)
                rows = [dict(zip(keys, gone[r])) for r in plan.delete if r in gone]
                before = {rid: dict(zip(editable, row)) for rid, row in prepquery.cells(store, list(updates),
                                                                                        editable).items()}
                old = {rid: {k: before[rid][k] for k in c} for rid, c in updates.items()}
                ops = [(set_op(updates), set_op(old)),
                       (delete_op(list(plan.delete)), add_op([r for r in plan.delete if r in gone], rows))]
            if updates:
                store.update_cells(updates, self.s.actor.id)
            if cancelled and cancelled():
                raise Cancelled("Cancelled: nothing was changed.")
            store.delete_rows(list(plan.delete))
            if progress:
                progress(plan.records)
            self._step(store, step, label, cells, ops, snapshot, since)
        return summary | {"preview": False, "removed": len(plan.delete), "updated": len(updates), "label": label}

    def _step(self, store, step: Step | None, label: str, cells: int, ops: list[tuple[list, list]],
              snapshot: int, since: int) -> None:
        """The undo step and (unless None: a selection of records) the recipe step of a change,
        inside its write. `snapshot` was taken before it, after the activity row `since`."""
        if cells > MAX_CELLS:  # undone by restoring that snapshot
            undo_id = self.s.undo.record_too_big(store.sid, label, cells, snapshot, since)
        else:
            undo_id = self.s.undo.record_ops(store.sid, label, ops)
        if step is not None:
            self.note_step(store, step, undo_id)

    def note_step(self, store, step: Step, undo_id: int | None) -> None:
        """A change made elsewhere (find and replace, a bulk set) as a step of the recipe."""
        recipesteps.add(self.s.space, store.sid, self.s.actor.id, step.to_json(), undo_id)

    # ---- recipes
    def recipe(self, sheet: str) -> Recipe:
        """The sheet's preparation so far, as a recipe (steps undone are not in it)."""
        sref = self.s.sheet(sheet)
        rows = recipesteps.steps(self.s.space, sref.id)
        maps = [r["step"]["mapping"] for r in rows if r["step"]["op"] == MAP_OP]
        return Recipe(tuple(Step.from_json(r["step"]) for r in rows if r["step"]["op"] != MAP_OP),
                      mapping=Mapping.from_json(maps[-1]) if maps else None)

    def recipe_steps(self, sheet: str) -> list[dict]:
        """The sheet's history of preparation: its imports' mappings and every step, in order."""
        sref = self.s.sheet(sheet)
        return [r | {"label": describe_map(r["step"]) if r["step"]["op"] == MAP_OP else
                     Step.from_json(r["step"]).describe()} for r in recipesteps.steps(self.s.space, sref.id)]

    def check_recipe(self, sheet: str, recipe: Recipe) -> None:
        """Every step's fields are there (before the first step runs, or an import with it)."""
        if not recipe.steps:
            raise InvalidInput("the recipe has no steps")
        for i, step in enumerate(recipe.steps, 1):
            store = self.s.store(step.sheet or sheet)
            missing = [k for k in (*step.fields, *step.into, *(f.key for f in step_view(step).facets))
                       if k not in store.cols]
            if missing:
                raise InvalidInput(f'step {i} ({step.describe()}): no field "{missing[0]}" in {store.sheet.slug} '
                                   f'(fields: {", ".join(store.cols)}); nothing was changed')

    def apply_recipe(self, sheet: str, recipe: Recipe, view: View = View(), preview: bool = False,
                     progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                     rids: Sequence[int] | None = None) -> list[dict]:
        """Each step on `sheet`, in order, each its own undo step (a recipe's `sheet`, when given,
        is the one its step names). preview: what the first step would change. rids: only these
        records (an import's): a step changes those of them in its view, and a dedupe step
        still looks at the whole view, as a record just imported may repeat one from before."""
        self.check_recipe(sheet, recipe)
        chosen = set(rids) if rids is not None else None
        out = []
        for i, step in enumerate(recipe.steps, 1):
            target = step.sheet or sheet
            where = step_view(step) if step.view else view
            try:
                ids = None
                if chosen is not None and step.action.shape != "sheet" and not step.sheet:
                    with translate_errors():
                        ids = [r for r in recordquery.ids(self.s.store(target), where) if r in chosen]
                out.append(self.transform(target, step, where, rids=ids, record=True, preview=preview,
                                          progress=progress, cancelled=cancelled))
            except InvalidInput as exc:
                done = f"; steps 1-{i - 1} were done (each undoes)" if i > 1 and not preview else ""
                raise InvalidInput(f"step {i} ({step.describe()}): {exc}{done}") from None
            if preview:
                break  # later steps work on what the earlier ones leave
        return out

    def _field(self, sheet: str, field: str, view: View):
        store = self.s.store(sheet)
        self.s.records.check_view(store, view)
        _require_fields(store, [field])
        return store, store.sheet.field(field)


def _facet(f, rows: Iterable[tuple[Any, bool, int]], limit: int) -> dict:
    counts: dict[Any, list[int]] = {}
    for value, bad, n in rows:
        c = counts.setdefault(value, [0, 0])
        c[0] += n
        c[1] += n if bad else 0
    ordered = sorted(counts.items(), key=lambda vc: (-vc[1][0], *_order_key(vc[0])))
    return {"field": f.key, "label": f.label, "distinct": len(ordered), "records": sum(c[0] for c in counts.values()),
            "values": [{"value": v, "count": c[0], "invalid": c[1]} for v, c in ordered[:max(0, limit)]]}


def _order_key(value) -> tuple:
    """Values of one count in order: numbers as numbers (2 before 10), then text, empty last."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value, "")
    return (1, 0, str(value)) if value is not None else (2, 0, "")


def _require_fields(store, keys: Iterable[str]) -> None:
    for key in keys:
        if key not in store.cols:
            raise InvalidInput(f'no field "{key}" in {store.sheet.slug} (fields: {", ".join(store.cols)})')


class _NothingChanged(Exception):
    """Raised inside a change's write when it changed no record: the write is rolled back."""


def view_pairs(view: View) -> tuple[tuple[str, Any], ...]:
    """The records of `view` as a recipe step names them."""
    pairs = [("filter", view.filter)] if view.filter != "all" else []
    pairs += [("search", view.search)] if view.search else []
    pairs += [("facets", view.facets)] if view.facets else []
    return tuple(pairs + ([("fieldErrors", view.field_errors)] if view.field_errors else []))


def step_view(step: Step) -> View:
    given = dict(step.view)
    return View(filter=given.get("filter", "all"), search=given.get("search"), field_errors=given.get("fieldErrors"),
                facets=given.get("facets", ()))


def _reads_writes(step: Step) -> tuple[list[str], list[str]]:
    writes = list(step.into) if step.into else list(step.fields)
    return list(dict.fromkeys([*step.fields, *writes])), writes


def _changes(store, step: Step, reads: list[str], ids: Sequence[int]) -> Iterator[tuple[int, dict, dict]]:
    """(rid, every written field's stored value before, the changed ones' values after) of each
    record the step changes, in the order of `ids`. "After" is the value as its field will store
    it (cast: "0012" in a number field is 12), so a preview shows exactly what a run writes."""
    shape, fields, into = step.action.shape, list(step.fields), list(step.into)
    runners = [step.runner() for _ in fields] if shape == "cell" else [step.runner()]
    writes = into or fields
    sink: list = []
    casters = {k: make_caster(store.sheet.field(k), sink) for k in reads}
    for i in range(0, len(ids), BATCH):
        chunk = ids[i:i + BATCH]
        got = prepquery.cells(store, chunk, reads)
        for rid in chunk:
            row = got.get(rid)
            if row is None:
                continue
            values = dict(zip(reads, row))
            if shape == "cell":
                out = {(into[j] if into else k): runners[j](values[k]) for j, k in enumerate(fields)}
            elif shape == "split":
                out = dict(zip(into, runners[0](values[fields[0]])))
            else:
                out = {into[0]: runners[0](tuple(values[k] for k in fields))}
            after = {}
            for k, v in out.items():
                if v is UNCHANGED:
                    continue
                stored = casters[k](v)
                sink.clear()
                if stored != values[k] or type(stored) is not type(values[k]):
                    after[k] = stored
            if after:
                yield rid, {k: values[k] for k in writes}, after


def _keyed(store, ids: Sequence[int], keys: list[str], others: list[str]):
    """(rid, key values, {field: value}) for a dedupe, in the order of `ids`."""
    reads = list(dict.fromkeys([*keys, *others]))
    n = len(keys)
    for i in range(0, len(ids), BATCH):
        chunk = ids[i:i + BATCH]
        got = prepquery.cells(store, chunk, reads)
        for rid in chunk:
            row = got.get(rid)
            if row is not None:
                yield rid, row[:n], dict(zip(reads, row)) if others else {}
