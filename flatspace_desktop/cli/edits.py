"""The edits the window makes, for scripts: `flatspace record add|set|delete|set-field` (each one
undoable step, `flatspace undo`), `flatspace workbook rename|pin|unpin|delete`, `flatspace
document update`, `flatspace snapshot-label` and `flatspace guest log`."""

from __future__ import annotations

import sys

from ..domain.errors import InvalidInput
from ..domain.jsonfile import parse_json, read_json
from .common import run_as, view_from, workbook_id
from .output import emit_json, say


def _rows(args) -> list[dict]:
    """The records to add, as a JSON array of objects (or one object): inline, from a file, or on stdin."""
    if args.file == "-":
        data = parse_json(sys.stdin.read(), "the records")
    elif args.file:
        data = read_json(args.file, "the records")
    else:
        data = parse_json(args.values, "the records")
    data = [data] if isinstance(data, dict) else data
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InvalidInput('give the records as a JSON object or an array of objects, like [{"email": "a@example.org"}]')
    return data


def record_add(args):
    rids = run_as(args, lambda fs, a: fs.open(a, args.space).records.add(args.sheet, _rows(args)))
    emit_json({"added": rids}) if args.json else say(f"added {len(rids)} record{'s' if len(rids) != 1 else ''}: "
                                                     + ", ".join(map(str, rids)))


def _cells(pairs: list[str]) -> dict:
    cells = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InvalidInput(f'"{pair}": give FIELD=VALUE (an empty VALUE clears the cell)')
        cells[key] = value
    return cells


def record_set(args):
    cells = _cells(args.cell)
    problems = run_as(args, lambda fs, a: fs.open(a, args.space).records.update(args.sheet, {args.id: cells}))
    emit_json({"id": args.id, "set": cells, "hookProblems": problems}) if args.json else say(
        f"record {args.id}: set {', '.join(cells)}")
    for line in problems if not args.json else ():
        print(f"warning: {line}", file=sys.stderr)


def record_delete(args):
    n = run_as(args, lambda fs, a: fs.open(a, args.space).records.delete(args.sheet, args.ids))
    emit_json({"deleted": n}) if args.json else say(f"deleted {n} record{'s' if n != 1 else ''}")


def record_set_field(args):
    view = view_from(args)
    n = run_as(args, lambda fs, a: fs.open(a, args.space).records.bulk_update(args.sheet, args.field, args.value, view=view))
    emit_json({"field": args.field, "records": n}) if args.json else say(
        f"set {args.field} on {n} record{'s' if n != 1 else ''} (a snapshot was taken first)")


def _workbook_id(fs, a, space: str, ref: str) -> int:
    return workbook_id(fs, a, space, ref)


def workbook_rename(args):
    run_as(args, lambda fs, a: fs.open(a, args.space).workbooks.rename(_workbook_id(fs, a, args.space, args.workbook), args.name))
    emit_json({"renamed": args.workbook, "name": args.name}) if args.json else say(f"renamed to {args.name}")


def _pin(args, pin: bool):
    def go(fs, a):
        wid = _workbook_id(fs, a, args.space, args.workbook)
        labels = next(w["labels"] for w in fs.open(a, args.space).info(counts=False)["workbooks"] if w["id"] == wid)
        labels = [x for x in labels if x != "pinned"] + (["pinned"] if pin else [])
        fs.open(a, args.space).workbooks.set_labels(wid, labels)
        return labels
    labels = run_as(args, go)
    emit_json({"labels": labels}) if args.json else say("pinned to the top" if pin else "unpinned")


def workbook_delete(args):
    run_as(args, lambda fs, a: fs.open(a, args.space).workbooks.delete(_workbook_id(fs, a, args.space, args.workbook)))
    emit_json({"deleted": args.workbook}) if args.json else say(
        f"deleted workbook {args.workbook} (a snapshot taken first can bring it back: `flatspace timeline`)")


def document_update(args):
    from ..domain.documents import read_markdown

    body = read_markdown(args.file)[1] if args.file else None
    if args.title is None and body is None:
        raise InvalidInput("give --title, --file or both")
    doc = run_as(args, lambda fs, a: fs.open(a, args.space).documents.update(args.document, title=args.title, body=body))
    emit_json(doc) if args.json else say(f"updated document {doc['id']}: {doc['title']}")


def snapshot_label(args):
    snap = run_as(args, lambda fs, a: fs.open(a, args.space).history.relabel(args.snapshot, args.label))
    emit_json(snap) if args.json else say(f"snapshot {snap['id']} is now labelled “{snap['label']}”")


def guest_log(args):
    from .output import table

    rows = run_as(args, lambda fs, a: fs.open(a, args.space).guests.access_log())
    if args.json:
        return emit_json(rows)
    if not rows:
        return say("no refused links")
    say(table(["AT", "GUEST", "OUTCOME", "REASON"], [[r["at"][:19], r["guest"] or "-", r["outcome"], r["reason"]]
                                                     for r in rows]))


def add_parsers(sub, cmd, wsub, view_args, dsub, gsub, ssub) -> None:
    """`record` is a new noun; the others join their nouns' subparsers (wsub: workbook, dsub:
    document, gsub: guest, ssub: space). `cmd` and `view_args` are the main parser's helpers."""
    rp = sub.add_parser("record", help="add, change and delete records, as the grid does")
    rsub = rp.add_subparsers(dest="record_command", metavar="ACTION", required=True)

    def sheet_args(p):
        p.add_argument("space")
        p.add_argument("sheet", help="sheet slug, or WORKBOOK/slug")

    p = cmd(rsub, "add", record_add, "add records given as JSON (one undoable step)")
    sheet_args(p)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("values", nargs="?", help='a JSON object or array, e.g. \'{"email": "a@example.org"}\'')
    g.add_argument("--file", metavar="FILE", help="read the JSON from FILE (- for stdin)")
    p = cmd(rsub, "set", record_set, "set cells of one record: FIELD=VALUE ... (an empty VALUE clears)")
    sheet_args(p)
    p.add_argument("id", type=int)
    p.add_argument("cell", nargs="+", metavar="FIELD=VALUE")
    p = cmd(rsub, "delete", record_delete, "delete records by id")
    sheet_args(p)
    p.add_argument("ids", type=int, nargs="+", metavar="ID")
    p = cmd(rsub, "set-field", record_set_field, "set one field to one value on every record of a view")
    sheet_args(p)
    p.add_argument("field")
    p.add_argument("value")
    view_args(p)

    p = cmd(wsub, "rename", workbook_rename, "rename a workbook")
    p.add_argument("space")
    p.add_argument("workbook", help="workbook id or name")
    p.add_argument("name")
    for name, pin in (("pin", True), ("unpin", False)):
        p = cmd(wsub, name, lambda args, pin=pin: _pin(args, pin), f"{name} a workbook {'to' if pin else 'from'} the top of the sidebar")
        p.add_argument("space")
        p.add_argument("workbook", help="workbook id or name")
    p = cmd(wsub, "delete", workbook_delete, "delete a workbook (a snapshot is taken first)")
    p.add_argument("space")
    p.add_argument("workbook", help="workbook id or name")
    p = cmd(dsub, "update", document_update, "change a document's title, or its text from a Markdown file")
    p.add_argument("space")
    p.add_argument("document", type=int)
    p.add_argument("--title")
    p.add_argument("--file", help="a .md file whose text replaces the document's")
    p = cmd(sub, "snapshot-label", snapshot_label, "give a snapshot a label")
    p.add_argument("space")
    p.add_argument("snapshot", type=int)
    p.add_argument("label")
    p = cmd(gsub, "log", guest_log, "list the links that were refused (who, when, why)")
    p.add_argument("space")
    p = cmd(ssub, "validators", space_validators,
            "show whether the Space's own validators.py runs here; --enable it (it is code) or --disable it")
    p.add_argument("space")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--enable", action="store_true", help="let validators.py, as it is now, run on this computer")
    g.add_argument("--disable", action="store_true")


def space_validators(args):
    """Show, enable or disable the Space's own validators.py (code: it runs only once enabled here)."""
    def go(fs, a):
        return fs.open(a, args.space).validators(True if args.enable else False if args.disable else None)

    info = run_as(args, go)
    if args.json:
        return emit_json(info)
    words = {"absent": f"no validators.py in {info['folder']}", "off": "validators.py is there but not enabled",
             "changed": "validators.py changed since it was enabled: not run until enabled again",
             "on": "validators.py is enabled", "broken": f"validators.py is enabled but fails: {info['problem']}"}
    say(words[info["state"]] + (f": {', '.join(info['validators'])}" if info["validators"] else ""))
