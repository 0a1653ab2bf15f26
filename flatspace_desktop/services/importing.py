"""Importing a file into a sheet: read (in a process of its own when that pays), map, cast and
validate, all of it or (on any error, or a cancel) none, with a snapshot before it."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..domain.access import Can
from ..domain.errors import Cancelled, InvalidInput
from ..domain.importing.casting import Overrides
from ..domain.importing.plan import ImportPlan, describe
from ..domain.mapping import Mapping, check_mapping, suggested_mapping
from ..domain.prep.recipes import map_step
from ..readers import open_source
from ..storage import mappings, recipesteps, recordquery, spacerow, upserts, workbookrows
from ..storage.batches import make_batches, pick_columns
from ..storage.filestore import sha256_of
from .automation.hooks import run_hooks
from .courtesy import polite
from .planning import check_overrides, close_source, plan_columns, survey_source
from .readerproc import batches_from_reader, worth_a_process


def import_file(s, sheet: str, path: str | Path, mapping=None, progress: Callable[[int], None] | None = None,
                cancelled: Callable[[], bool] | None = None, parallel: bool | None = None,
                remember: bool = False, missing: Iterable[str] | None = None, locale: str | None = None,
                columns: dict[str, Overrides] | None = None, existing: str = "add", update_by: Sequence[str] = (),
                only_valid: bool = False, dry_run: bool = False, sha256: str | None = None, recipe=None,
                prepare: bool = True, **read_options) -> dict:
    """mapping: a Mapping; if None, the one remembered for these columns, else by name.
    remember: keep the mapping for the next file with the same columns.
    parallel: read and cast in a second process (default: for files big enough to gain).
    missing: the cell texts that mean "no value" (default: empty, NA, N/A, null, ...).
    locale: how to read what a column's values leave open ("de_DE": day first, decimal comma).
    columns: per field key, how to read its column instead of the guess (domain.importing).
    existing: what becomes of the sheet's records: "add" (kept, the file's added), "update"
    (those whose `update_by` fields match a record of the file take its values; the rest of the
    file is added) or "replace" (they go). only_valid: leave out the file's invalid records.
    dry_run: do it all, report it (result["review"]), and change nothing.
    sha256: the file's content hash when known (a stored file's), else it is computed.
    recipe: a Recipe whose steps then run on the records the import brought (added or updated),
    each its own undo step; its mapping maps a file with its columns when none is given.
    prepare=False: the steps are the caller's to run after its own transaction (prepare_imported
    with result["incomingIds"]): under a savepoint a million updates slow down quadratically."""
    if existing not in STRATEGIES:
        raise InvalidInput(f'"{existing}": choose what becomes of the records already there: {", ".join(STRATEGIES)}')
    if (existing == "update") != bool(update_by):
        raise InvalidInput("give the key fields to update by" if not update_by else
                           "key fields are for updating by them (existing=update)")
    sref = s.sheet(sheet)
    store = s.space.store(sref)
    s.records.writable(store)
    src = open_source(path, **read_options)
    given = mapping is not None or (recipe is not None and recipe.mapping_for(src.headers) is not None)
    mapping = mapping or (recipe and recipe.mapping_for(src.headers)) or mappings.get(s.space, sref.id, src.headers) or suggested_mapping(src.headers, store.sheet)
    if mapping.add_fields and not store.sheet.allow_additional_fields:
        raise InvalidInput(f"sheet {sref.slug} does not allow additional fields")
    if parallel is None:
        parallel = worth_a_process(path, read_options.get("name"))
    source_notes: dict = {}

    def tick(n: int) -> None:
        if cancelled and cancelled():
            raise Cancelled("Import cancelled: nothing was changed.")
        if progress:
            progress(n)

    name = read_options.get("name") or Path(path).name
    sha = sha256 or sha256_of(Path(path))[0]
    before = spacerow.imported_before(s.space, sref.id, sha)
    detail = {"sheet": sref.slug, "sheetId": sref.id, "file": name, "sha256": sha}
    outcome: dict = {}
    incoming: list[int] = []
    problems: list[str] = []
    if recipe is not None and recipe.steps and not mapping.add_fields:
        s.prep.check_recipe(sheet, recipe)  # a step it cannot run is refused before anything is imported
    try:
        with s.write("records.import", detail, needs=Can.EDIT_RECORDS):
            s.history.auto(f"before importing {name} into {sref.slug}")
            if mapping.add_fields:
                store = workbookrows.add_text_fields(s.space, sref, src.headers, mapping.add_fields, mapping.columns)
            cols, keys, notes = check_mapping(mapping, src.headers, store.sheet)
            value_maps = [mapping.values.get(k) for k in keys]
            fields, missing_fields = store.split_fields(keys)
            planning = dict(width=len(src.headers), labels=[src.headers[i] for i in cols], missing=missing,
                            locale=locale, columns=columns)
            check_overrides(fields, columns)
            first = store.next_rid()
            plans: list[ImportPlan] = []
            if parallel:  # the reading process surveys the file too: none of it competes with the window
                close_source(src)
                batches = batches_from_reader(path, read_options, cols, value_maps, fields, missing_fields, first,
                                              source_notes, author=s.actor.id, planning=planning,
                                              planned=plans.append)
            else:
                plans.append(plan_columns(path, read_options, cols, value_maps=value_maps, fields=fields,
                                          **planning))
                rows = polite(pick_columns(src.rows, cols, len(src.headers), value_maps))
                batches = make_batches(fields, missing_fields, rows, first, author=s.actor.id,
                                       read=plans[0].reader())
            upserts.start(store)
            # A big file, or a first import: build the sheet's indexes once, after the writing
            count = store.insert_batches(keys, batches, progress=tick, index_once=parallel or store.is_empty())
            _hooked, problems = run_hooks(s, store, lambda: upserts.incoming_ids(store, first), "records:created")
            outcome = settle(store, first, keys, existing, update_by, only_valid)
            if dry_run:
                raise _DryRun
            if mapping.add_fields:  # read when the write ends: the sheet's columns changed too
                detail["fieldsAdded"] = len(mapping.add_fields)
            if remember or given:
                mappings.remember(s.space, sref.id, src.headers, mapping)
            recipesteps.add(s.space, sref.id, s.actor.id, map_step(mapping, name), None)  # the sheet's history
            incoming = upserts.incoming_ids(store, first) if recipe is not None and recipe.steps else []
    except _DryRun:  # everything above was rolled back: the review says what it would have done
        if mapping.add_fields:
            s.space.forget_schema()  # the fields it added went with the rest
            store = s.space.store(sref)
    c = recordquery.count(store)
    notes += problems
    notes += [f"{p.label}: {p.describe()}" for p in plans[0].columns
              if (p.reads_as != "text" and p.guess.kind not in ("text", "empty")) or p.overrides.keep_as_text
              or p.overrides.kind]
    notes += [f"{what}: {n}" for what, n in (source_notes or src.notes).items()]
    if before:
        notes.insert(0, f"the same file (same content) was imported into {sref.slug} before, at {before[:19]}")
    ready = recipe is not None and recipe.steps and not dry_run
    prepared = s.prep.apply_recipe(sheet, recipe, rids=incoming) if ready and prepare else []
    return {"imported": count - outcome["updated"] - outcome["leftOut"], "sheet": sref.slug,
            "columns": dict(zip([src.headers[i] for i in cols], keys)),
            "total": c["total"], "valid": c["valid"], "error": c["error"], "notes": notes,
            "encoding": src.encoding, "delimiter": src.delimiter, "sourceSheet": src.sheet,
            "updated": outcome["updated"], "removed": outcome["removed"], "leftOut": outcome["leftOut"],
            "review": outcome["review"], "dryRun": dry_run, "importedBefore": before} | \
        ({"recipe": prepared} if recipe is not None else {}) | ({"incomingIds": incoming} if ready and not prepare else {})


STRATEGIES = ("add", "update", "replace")


class _DryRun(Exception):
    """Raised inside the import's transaction to roll it back after its review."""


def settle(store, first: int, keys: list[str], existing: str, update_by: Sequence[str], only_valid: bool) -> dict:
    """The records just written (ids from `first`) against those already there, as asked."""
    updated = removed = left_out = 0
    if existing == "update":
        absent = [k for k in update_by if k not in store.cols]
        if absent:
            raise InvalidInput(f'sheet {store.sheet.slug} has no field {", ".join(absent)} to update by')
        unknown = [k for k in update_by if k not in keys]
        if unknown:
            raise InvalidInput(f'to update by {", ".join(unknown)}, map a column of the file to it')
        if only_valid:  # an update by a unique key is a duplicate until merged: judge its cells only
            left_out += upserts.drop_invalid(store, first, cells_only=True)
        updated = upserts.merge_by_key(store, list(update_by), keys, first)
    elif existing == "replace":
        removed = upserts.replace_older(store, first)
    if only_valid:
        left_out += upserts.drop_invalid(store, first)
    return {"updated": updated, "removed": removed, "leftOut": left_out, "review": upserts.review(store, first)}


def reading(s, sheet: str, path, mapping=None, missing: Iterable[str] | None = None, locale: str | None = None,
            columns: dict[str, Overrides] | None = None, sha256: str | None = None, **read_options) -> dict:
    """What an import of this file would read each mapped column as, nothing written: for the
    dialog's review (its per-column choices, the questions left open, a file imported before)."""
    sref = s.sheet(sheet)
    store = s.space.store(sref)
    src = open_source(path, **read_options)  # its header, then its rows for the survey: read once
    try:
        mapping = mapping or mappings.get(s.space, sref.id, src.headers) or suggested_mapping(src.headers, store.sheet)
        known = {f.key for f in store.sheet.fields}
        mapped = Mapping({h: k for h, k in mapping.columns.items() if k in known}, mapping.values)
        cols, keys, _notes = check_mapping(mapped, src.headers, store.sheet)
        fields = [store.sheet.field(k) for k in keys]
    except BaseException:
        close_source(src)
        raise
    evidence = survey_source(src, cols, len(src.headers), [mapping.values.get(k) for k in keys], len(fields), missing)
    return {"columns": describe(evidence, fields, [src.headers[i] for i in cols], locale, columns),
            "importedBefore": spacerow.imported_before(s.space, sref.id, sha256 or sha256_of(Path(path))[0])}
