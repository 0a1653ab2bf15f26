"""A sheet's records: read a file, import it, list, count, validate, replace and export."""

from __future__ import annotations

import sys

from ..domain.cells import display_text, text_of
from ..domain.errors import UnsettledReading
from ..domain.mapping import load_mapping
from ..readers import open_source
from .common import as_text, read_options, run_as, view_from
from .reading import reading
from .output import emit_json, say, table


def extract(args):
    src = open_source(args.file, **read_options(args))
    rows = []
    for row in src.rows:
        if args.limit is not None and len(rows) >= args.limit:
            break
        rows.append(row)
    if args.json:
        return emit_json([{h: as_text(v) for h, v in zip(src.headers, row)} for row in rows])
    details = [f"{src.kind}"]
    if src.encoding:
        details.append(f"encoding {src.encoding}")
    if src.delimiter:
        details.append("delimiter " + {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(src.delimiter, repr(src.delimiter)))
    if src.sheet:
        details.append(f"sheet {src.sheet} of {', '.join(src.sheets)}")
    say(table(src.headers, [[text_of(v) for v in row] for row in rows]))
    say(f"\n{len(rows)} rows; " + ", ".join(details))
    for what, n in src.notes.items():
        say(f"  {what}: {n}")


def run_import(args, call, source: str = ""):
    """An import from a path or a stored file: `call(fs, actor, mapping, progress, options)`
    does it; the result is printed the same way for both."""
    mapping = load_mapping(args.mapping) if args.mapping else None

    def progress(n: int) -> None:
        print(f"imported {n} rows", file=sys.stderr, flush=True)

    options = {**read_options(args), **reading(args)}
    recipe = None
    if getattr(args, "recipe", None):
        from .prep import load_recipe

        recipe = options["recipe"] = load_recipe(args.recipe)  # a bad recipe is refused before anything is imported

    def go(fs, a):
        return call(fs, a, mapping, progress if args.progress else None, options)

    try:
        result = run_as(args, go)
    except UnsettledReading as exc:
        one = {"date_order": "DMY|MDY|YMD", "decimal": ".|,"}.get(exc.setting)
        flag = {"date_order": "--date-order", "decimal": "--decimal"}.get(exc.setting, "--date-order or --decimal")
        this = f" or --read {exc.field}={one} for this column" if exc.field and one else ""
        raise UnsettledReading(f"{exc} (give {flag} for every column{this}, or --locale)", exc.setting,
                               exc.field) from None
    if args.json:
        return emit_json(result)
    if result["dryRun"]:
        say_review(result, source)
    else:
        say(f"imported {result['imported']} records{source} into {result['sheet']}"
            + (f", updated {result['updated']}" if result["updated"] else "")
            + (f", replacing {result['removed']}" if result["removed"] else "")
            + (f", left out {result['leftOut']} invalid" if result["leftOut"] else "")
            + f"; the sheet now holds {result['total']}: {result['valid']} valid, {result['error']} with errors")
    for note in result["notes"]:
        say(f"  note: {note}")
    for step, done in zip(recipe.steps if recipe else (), result.get("recipe", [])):
        say(f"  recipe: {step.describe()}: {done.get('records', done.get('removed', 0)):,} records")


def say_review(result: dict, source: str = "") -> None:
    """What an import would do (--dry-run): nothing was changed."""
    r = result["review"]
    say(f"would import {result['imported']} records{source} into {result['sheet']}"
        + (f" and update {result['updated']}" if result["updated"] else "")
        + (f", replacing {result['removed']}" if result["removed"] else "")
        + (f", leaving out {result['leftOut']} invalid" if result["leftOut"] else "")
        + f": {r['valid']} valid, {r['invalid']} invalid (nothing was changed)")
    for e in r["topErrors"]:
        say(f"  {e['count']:>6}  {e['field']}: {e['message']}")


def import_file(args):
    run_import(args, lambda fs, a, mapping, progress, options: fs.open(a, args.space).records.import_file(
        args.sheet, args.file, mapping=mapping, progress=progress, **options))


def records(args):
    view = view_from(args)

    def go(fs, a):
        recs = fs.open(a, args.space).records.list(args.sheet, view, limit=args.limit, offset=args.offset, after=args.after)
        if args.json:
            return [fs.open(a, args.space).records.json(args.sheet, r) for r in recs]
        return recs, fs.open(a, args.space).records.sheet_def(args.sheet)

    out = run_as(args, go)
    if args.json:
        return emit_json(out)
    recs, sheet = out
    if not recs:
        return say("no records")
    headers = ["ID", "OK"] + [f.key for f in sheet.fields]
    rows = [[r.rid, "yes" if r.valid else f"{r.n_err} err"] + [display_text(f, r.values.get(f.key)) for f in sheet.fields]
            for r in recs]
    say(table(headers, rows))
    for r in recs:
        for key, msgs in r.messages.items():
            for m in msgs:
                say(f"  {r.rid}.{key}: {m['type']}: {m['message']}")


def counts(args):
    c = run_as(args, lambda fs, a: fs.open(a, args.space).records.counts(args.sheet))
    _print_counts(args, c)


def _print_counts(args, c: dict) -> None:
    if args.json:
        return emit_json(c)
    say(f"total {c['total']}, valid {c['valid']}, with errors {c['error']}")
    for key, n in c["errorsByField"].items():
        if n:
            say(f"  {key}: {n} with errors")


def validate(args):
    c = run_as(args, lambda fs, a: fs.open(a, args.space).records.validate(args.sheet))
    _print_counts(args, c)


def replace(args):
    view = view_from(args)
    result = run_as(args, lambda fs, a: fs.open(a, args.space).records.replace_text(args.sheet, args.find, args.replacement,
                                                      args.field, args.match_case, args.whole_cell, view))
    if args.json:
        return emit_json({"cells": result["cells"], "records": result["records"]})
    say(f"replaced in {result['cells']} cells of {result['records']} records" if result["cells"] else "no match")


def export(args):
    view = view_from(args)
    if args.workbook:
        n = run_as(args, lambda fs, a: fs.open(a, args.space).workbooks.export(args.sheet, args.out, args.format, view))
    else:
        n = run_as(args, lambda fs, a: fs.open(a, args.space).records.export(args.sheet, args.out, args.format, view))
    emit_json({"exported": n, "file": args.out}) if args.json else say(f"exported {n} records to {args.out}")
