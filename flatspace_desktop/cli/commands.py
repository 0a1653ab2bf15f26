"""One function per subcommand: call the service layer, print the result."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..domain.access import local_admin
from ..domain.cells import display_text, text_of
from ..domain.documents import read_markdown
from ..domain.errors import InvalidInput
from ..domain.jsonfile import read_json
from ..domain.mapping import load_mapping
from ..domain.records import View
from ..services.app import Flatspace
from ..readers import open_source
from .output import emit_json, say, table


def _service(args) -> Flatspace:
    return Flatspace(getattr(args, "data_dir", None))


def _run(args, fn):
    fs = _service(args)
    try:
        link = getattr(args, "link", None)
        # Given at all, even empty (an unset variable in a script), it must be a valid link:
        # falling back to the owner would hand a guest's command the owner's rights.
        actor = fs.open_link(link) if link is not None else local_admin()
        return fn(fs, actor)
    finally:
        fs.close()


def _space_line(s: dict) -> list:
    state = "archived" if s.get("archivedAt") else ("problem" if s.get("problem") else "active")
    return [s["id"], s["name"], ", ".join(s.get("labels", [])), state, (s.get("lastActivityAt") or "")[:19]]


def _print_space(args, info: dict) -> None:
    if args.json:
        return emit_json(info)
    say(f"{info['name']}  ({info['id']})")
    say(f"  labels: {', '.join(info['labels']) or '-'}")
    say(f"  metadata: {json.dumps(info['metadata'], ensure_ascii=False)}")
    say(f"  guests: {', '.join(info['guestAuthentication']) or 'none'}")
    say(f"  created {info['createdAt']}, last activity {info['lastActivityAt']}"
        + (f", archived {info['archivedAt']}" if info.get("archivedAt") else ""))
    for wb in info.get("workbooks", []):
        say(f"  workbook {wb['id']}: {wb['name']}" + (f"  [{', '.join(wb['labels'])}]" if wb["labels"] else ""))
        for s in wb["sheets"]:
            c = s.get("counts")
            counts = f"  {c['total']} records, {c['valid']} valid, {c['error']} with errors" if c else ""
            say(f"    {s['slug']}: {s['name']}{counts}")


def space_create(args):
    info = _run(args, lambda fs, a: fs.create_space(a, args.name, args.label, args.metadata, args.guest_auth))
    _print_space(args, info) if args.json else say(f"created Space {info['name']} ({info['id']})")


def space_list(args):
    spaces = _run(args, lambda fs, a: fs.list_spaces(a, args.search, args.sort, args.desc, args.archived or "exclude"))
    if args.json:
        return emit_json(spaces)
    if not spaces:
        return say("no Spaces" + (" match" if args.search else " yet: create one with `flatspace space create NAME`"))
    say(table(["ID", "NAME", "LABELS", "STATE", "LAST ACTIVITY"], [_space_line(s) for s in spaces]))


def space_show(args):
    _print_space(args, _run(args, lambda fs, a: fs.open(a, args.space).info()))


def space_rename(args):
    info = _run(args, lambda fs, a: fs.open(a, args.space).rename(args.name))
    _print_space(args, info) if args.json else say(f"renamed {info['id']} to {info['name']}")


def space_update(args):
    info = _run(args, lambda fs, a: fs.open(a, args.space).update(args.label, args.metadata, args.guest_auth))
    _print_space(args, info)


def space_archive(args):
    info = _run(args, lambda fs, a: fs.open(a, args.space).archive(True))
    _print_space(args, info) if args.json else say(f"archived {info['name']} ({info['id']})")


def space_unarchive(args):
    info = _run(args, lambda fs, a: fs.open(a, args.space).archive(False))
    _print_space(args, info) if args.json else say(f"unarchived {info['name']} ({info['id']})")


def space_delete(args):
    space_id = _run(args, lambda fs, a: fs.delete_space(a, args.space))
    emit_json({"deleted": space_id}) if args.json else say(f"deleted {space_id}")


def workbook_create(args):
    blueprint = read_json(args.blueprint, "blueprint")
    result = _run(args, lambda fs, a: fs.open(a, args.space).workbooks.create(blueprint))
    if args.json:
        return emit_json(result)
    say(f"created workbook {result['id']}: {result['name']} (sheets: {', '.join(result['sheets'])})")
    for note in result["notes"]:
        say(f"  note: {note}")


def workbook_id(fs, a, space: str, ref: str, missing_ok: bool = False) -> int | None:
    """A workbook by id, or by a name only one workbook has: with two of one name, acting on
    either could change the wrong one's records, so the person is asked for the id."""
    info = fs.open(a, space).info(counts=False)
    by_id = [w for w in info["workbooks"] if str(w["id"]) == ref]
    hits = by_id or [w for w in info["workbooks"] if w["name"] == ref]
    if len(hits) > 1:
        from ..domain.errors import Ambiguous
        raise Ambiguous(f'{len(hits)} workbooks are named "{ref}" (ids {", ".join(str(w["id"]) for w in hits)}): '
                        "give the id")
    if not hits:
        if missing_ok:
            return None
        from ..domain.errors import NotFound
        raise NotFound(f'no workbook "{ref}" in {info["name"]}')
    return hits[0]["id"]


def workbook_blueprint(args):
    def go(fs, a):
        return fs.open(a, args.space).workbooks.blueprint(workbook_id(fs, a, args.space, args.workbook))
    emit_json(_run(args, go))


def _read_options(args) -> dict:
    """The read options given (main's _read_options made a flag of each reader's)."""
    from ..readers import options

    return {o.key: getattr(args, o.key, None) for o in options()}


def extract(args):
    src = open_source(args.file, **_read_options(args))
    rows = []
    for row in src.rows:
        if args.limit is not None and len(rows) >= args.limit:
            break
        rows.append(row)
    if args.json:
        return emit_json([{h: _as_text(v) for h, v in zip(src.headers, row)} for row in rows])
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


def _as_text(value) -> str:
    """Exactly as in the file: text stays text (empty included), spreadsheet values as text."""
    if isinstance(value, str):
        return value
    return "" if value is None else text_of(value)


def run_import(args, call, source: str = ""):
    """An import from a path or a stored file: `call(fs, actor, mapping, progress, options)`
    does it; the result is printed the same way for both."""
    mapping = load_mapping(args.mapping) if args.mapping else None

    def progress(n: int) -> None:
        print(f"imported {n} rows", file=sys.stderr, flush=True)

    result = _run(args, lambda fs, a: call(fs, a, mapping, progress if args.progress else None, _read_options(args)))
    if args.json:
        return emit_json(result)
    say(f"imported {result['imported']} records{source} into {result['sheet']}; the sheet now holds "
        f"{result['total']}: {result['valid']} valid, {result['error']} with errors")
    for note in result["notes"]:
        say(f"  note: {note}")


def import_file(args):
    run_import(args, lambda fs, a, mapping, progress, options: fs.open(a, args.space).records.import_file(
        args.sheet, args.file, mapping=mapping, progress=progress, **options))


def _view(args) -> View:
    sort, desc = None, False
    if args.sort:
        sort, _, direction = args.sort.partition(":")
        if direction not in ("", "asc", "desc"):
            raise InvalidInput('sort as FIELD, FIELD:asc or FIELD:desc')
        desc = direction == "desc"
    return View(filter=args.filter, field_errors=args.field_errors, search=args.search, sort=sort, descending=desc)


def records(args):
    view = _view(args)

    def go(fs, a):
        recs = fs.open(a, args.space).records.list(args.sheet, view, limit=args.limit, offset=args.offset, after=args.after)
        if args.json:
            return [fs.open(a, args.space).records.json(args.sheet, r) for r in recs]
        return recs, fs.open(a, args.space).records.sheet_def(args.sheet)

    out = _run(args, go)
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
    c = _run(args, lambda fs, a: fs.open(a, args.space).records.counts(args.sheet))
    _print_counts(args, c)


def _print_counts(args, c: dict) -> None:
    if args.json:
        return emit_json(c)
    say(f"total {c['total']}, valid {c['valid']}, with errors {c['error']}")
    for key, n in c["errorsByField"].items():
        if n:
            say(f"  {key}: {n} with errors")


def validate(args):
    c = _run(args, lambda fs, a: fs.open(a, args.space).records.validate(args.sheet))
    _print_counts(args, c)


def replace(args):
    view = _view(args)
    result = _run(args, lambda fs, a: fs.open(a, args.space).records.replace_text(args.sheet, args.find, args.replacement,
                                                      args.field, args.match_case, args.whole_cell, view))
    if args.json:
        return emit_json({"cells": result["cells"], "records": result["records"]})
    say(f"replaced in {result['cells']} cells of {result['records']} records" if result["cells"] else "no match")


def export(args):
    view = _view(args)
    if args.workbook:
        n = _run(args, lambda fs, a: fs.open(a, args.space).workbooks.export(args.sheet, args.out, args.format, view))
    else:
        n = _run(args, lambda fs, a: fs.open(a, args.space).records.export(args.sheet, args.out, args.format, view))
    emit_json({"exported": n, "file": args.out}) if args.json else say(f"exported {n} records to {args.out}")


def snapshot(args):
    snap = _run(args, lambda fs, a: fs.open(a, args.space).history.take(args.label))
    emit_json(snap) if args.json else say(f"snapshot {snap['id']} taken" + (f": {snap['label']}" if snap["label"] else ""))


def _change_lines(changes: dict) -> list[str]:
    lines = []
    for wb in changes["workbooks"]:
        if wb["state"] in ("created", "deleted", "restored"):
            lines.append(f"    workbook {wb['name']}: {wb['state']} since")
        for s in wb["sheets"]:
            c, u, d = (s[k]["total"] for k in ("createdSince", "updatedSince", "deletedSince"))
            schema = s["schema"]
            parts = [f"{n} {what}" for n, what in ((c, "created"), (u, "updated"), (d, "deleted")) if n]
            parts += [f"fields {k}: {', '.join(v)}" for k, v in schema.items() if v]
            if parts:
                lines.append(f"    {wb['name']}/{s['slug']}: " + "; ".join(parts))
    if changes["space"]:
        lines.append("    space settings: " + ", ".join(changes["space"]))
    if changes["files"]:
        lines.append(f"    files: {len(changes['files'])} added or changed")
    return lines or ["    no changes since"]


def timeline(args):
    snaps = _run(args, lambda fs, a: fs.open(a, args.space).history.list())
    if args.json:
        return emit_json(snaps)
    if not snaps:
        return say("no snapshots yet: take one with `flatspace snapshot SPACE --label TEXT`")
    for snap in snaps:
        what = snap["label"] or snap["reason"] or "(no label)"
        say(f"{snap['id']:>5}  {snap['createdAt'][:19].replace('T', ' ')}  {snap['kind']:<9}  {what}  "
            f"by {snap['createdByName']}")
        for line in _change_lines(snap["changes"]):
            say(line)


def restore(args):
    def go(fs, a):
        workbook = None
        if args.workbook:
            # a deleted workbook is not listed: by id only
            workbook = workbook_id(fs, a, args.space, args.workbook, missing_ok=True)
            workbook = workbook or (int(args.workbook) if args.workbook.isdigit() else None)
            if workbook is None:
                raise InvalidInput(f'no workbook "{args.workbook}"')
        return fs.open(a, args.space).history.restore(args.snapshot, workbook=workbook, sheet=args.sheet,
                          created=not args.no_created, updated=not args.no_updated, deleted=not args.no_deleted)

    result = _run(args, go)
    if args.json:
        return emit_json(result)
    say(f"restored the {result['scope']} to snapshot {result['restored']}: {result['created']} created records "
        f"removed, {result['updated']} reverted, {result['deleted']} brought back. "
        f"Undo with `flatspace restore {args.space} {result['undo']['id']}`.")


def snapshot_delete(args):
    _run(args, lambda fs, a: fs.open(a, args.space).history.delete(args.snapshot))
    emit_json({"deleted": args.snapshot}) if args.json else say(f"deleted snapshot {args.snapshot}")


def retention(args):
    given = {k: v for k, v in (("keepAllHours", args.keep_all_hours), ("dailyDays", args.daily_days),
                               ("weeklyWeeks", args.weekly_weeks)) if v is not None}
    policy = _run(args, lambda fs, a: fs.open(a, args.space).history.set_retention(**given) if given else fs.open(a, args.space).history.retention())
    if args.json:
        return emit_json(policy)
    say(f"automatic snapshots: all of the last {policy['keepAllHours']} hours, then one a day for "
        f"{policy['dailyDays']} days, then one a week for {policy['weeklyWeeks']} weeks; manual ones until deleted")


def document_add(args):
    path = Path(args.file)
    if path.suffix.lower() == ".json":
        data = read_json(path, "document")
        if args.title:
            data = {**data, "title": args.title} if isinstance(data, dict) else data
        doc = _run(args, lambda fs, a: fs.open(a, args.space).documents.add_config(data))
    else:
        title, body = read_markdown(path)
        title = args.title or title
        doc = _run(args, lambda fs, a: fs.open(a, args.space).documents.add(title, body))
    emit_json(doc) if args.json else say(f"added document {doc['id']}: {doc['title']}")


def document_list(args):
    docs = _run(args, lambda fs, a: fs.open(a, args.space).documents.list())
    if args.json:
        return emit_json(docs)
    if not docs:
        return say("no documents")
    say(table(["ID", "TITLE", "UPDATED"], [[d["id"], d["title"], d["updatedAt"][:19].replace("T", " ")] for d in docs]))


def document_show(args):
    doc = _run(args, lambda fs, a: fs.open(a, args.space).documents.get(args.document))
    if args.json:
        from ..domain.documents import export_config

        return emit_json(export_config(doc))
    sys.stdout.write(doc["body"] + ("" if doc["body"].endswith("\n") else "\n"))


def document_delete(args):
    _run(args, lambda fs, a: fs.open(a, args.space).documents.delete(args.document))
    emit_json({"deleted": args.document}) if args.json else say(f"deleted document {args.document}")


def theme_get(args):
    emit_json(_run(args, lambda fs, a: fs.open(a, args.space).theme.get()))


def theme_set(args):
    from ..domain.theme import contrast_warnings

    theme = read_json(args.file, "theme")
    info = _run(args, lambda fs, a: fs.open(a, args.space).theme.set(theme))
    if args.json:
        return emit_json(info["theme"])
    say(f"theme set for {info['name']}")
    for warning in contrast_warnings(info["theme"]):
        say(f"  warning: {warning}")


def _show_link(args, result: dict) -> None:
    if args.json:
        return emit_json(result)
    who = result["name"] or "anyone with the link"
    say(f"guest {result['id']} ({who}): {result['link']}")
    say("  this link is shown once: copy it now" + (f"; it expires {result['expiresAt']}" if result["expiresAt"] else ""))


def guest_invite(args):
    _show_link(args, _run(args, lambda fs, a: fs.open(a, args.space).guests.invite(args.name, args.email, args.workbook,
                                                              args.sheet, args.read_only)))


def guest_share(args):
    _show_link(args, _run(args, lambda fs, a: fs.open(a, args.space).guests.share_link(args.expires, args.uses, args.workbook,
                                                            args.sheet, args.read_only)))


def guest_list(args):
    guests = _run(args, lambda fs, a: fs.open(a, args.space).guests.list())
    if args.json:
        return emit_json(guests)
    if not guests:
        return say("no guests")
    rows = [[g["id"], g["kind"], g["name"] or "-", g["email"] or "-", "read-only" if g["readOnly"] else "edit",
             "whole Space" if g["workbooks"] is None and g["sheets"] is None else
             f"{len(g['workbooks'] or [])} workbooks, {len(g['sheets'] or [])} sheets", g["state"],
             (g["lastAccessAt"] or "never")[:16]] for g in guests]
    say(table(["ID", "KIND", "NAME", "EMAIL", "RIGHTS", "GRANTED", "STATE", "LAST ACCESS"], rows))


def guest_revoke(args):
    g = _run(args, lambda fs, a: fs.open(a, args.space).guests.revoke(args.guest))
    emit_json(g) if args.json else say(f"revoked guest {g['id']}: their link no longer opens the Space")


def guest_reissue(args):
    _show_link(args, _run(args, lambda fs, a: fs.open(a, args.space).guests.reissue(args.guest)))


def guest_delete(args):
    _run(args, lambda fs, a: fs.open(a, args.space).guests.delete(args.guest))
    emit_json({"deleted": args.guest}) if args.json else say(f"removed guest {args.guest}")


def open_link(args):
    """Check a link; without --check the caller (flatspace's entry point) opens the window."""
    def go(fs, _a):
        actor = fs.open_link(args.target)
        info = fs.open(actor, actor.space_id).info(counts=False)
        return {"space": info["id"], "name": info["name"], "guest": actor.name, "readOnly": actor.read_only,
                "sheets": [f"{w['name']}/{s['slug']}" for w in info["workbooks"] for s in w["sheets"]]}

    args.link = None  # the link is the command's subject here, not who acts
    result = _run(args, go)
    if args.json:
        return emit_json(result)
    say(f"opens {result['name']} as {result['guest']}" + (" (read-only)" if result["readOnly"] else "")
        + ": " + (", ".join(result["sheets"]) or "no sheets"))


def space_export(args):
    out = args.out if args.out.endswith(".flatspace") else args.out + ".flatspace"
    result = _run(args, lambda fs, a: fs.open(a, args.space).export(out))
    emit_json(result) if args.json else say(f"exported {result['space']} to {out} ({result['bytes']:,} bytes)")


def space_import(args):
    info = _run(args, lambda fs, a: fs.import_space(a, args.file))
    if args.json:
        return _print_space(args, info)
    say(f"imported Space {info['name']} ({info['id']})")
    if info["guestLinksOff"]:  # their secrets travelled with the file: whoever sent it knows them
        n = info["guestLinksOff"]
        say(f"{n} guest link{'s' if n != 1 else ''} came with the file and {'were' if n != 1 else 'was'} "
            f"switched off; give new ones with `flatspace guest reissue {info['id']} ID` (see `guest list`)")
