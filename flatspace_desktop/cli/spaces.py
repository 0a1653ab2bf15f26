"""Spaces and workbooks: create, list, show, change, export and import them."""

from __future__ import annotations

import json

from ..domain.jsonfile import read_json
from .common import run_as, workbook_id
from .output import emit_json, say, table


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
    if info.get("server"):
        say(f"  kept on: {info['server']} (a Team Space)")
    say(f"  created {info['createdAt']}, last activity {info['lastActivityAt']}"
        + (f", archived {info['archivedAt']}" if info.get("archivedAt") else ""))
    for wb in info.get("workbooks", []):
        say(f"  workbook {wb['id']}: {wb['name']}" + (f"  [{', '.join(wb['labels'])}]" if wb["labels"] else ""))
        for s in wb["sheets"]:
            c = s.get("counts")
            counts = f"  {c['total']} records, {c['valid']} valid, {c['error']} with errors" if c else ""
            say(f"    {s['slug']}: {s['name']}{counts}")


def space_create(args):
    info = run_as(args, lambda fs, a: fs.create_space(a, args.name, args.label, args.metadata, args.guest_auth,
                                                      server=args.server))
    where = f" on {info['server']}" if info.get("server") else ""
    _print_space(args, info) if args.json else say(f"created {'Team ' if where else ''}Space {info['name']} "
                                                   f"({info['id']}){where}")


def space_join(args):
    info = run_as(args, lambda fs, a: fs.join_space(a, args.server, args.space))
    _print_space(args, info) if args.json else say(f"joined Team Space {info['name']} ({info['id']}) on "
                                                   f"{info['server']}")


def space_move(args):
    info = run_as(args, lambda fs, a: fs.move_space(a, args.space, args.to))
    where = f"to the server {info['server']} (a Team Space)" if info.get("server") else "to this computer"
    _print_space(args, info) if args.json else say(f"moved Space {info['name']} ({info['id']}) {where}")


def space_leave(args):
    gone = run_as(args, lambda fs, a: fs.leave_space(a, args.space))
    emit_json({"left": gone}) if args.json else say(f"left Team Space {gone}: it stays on its server for the others")


def space_list(args):
    spaces = run_as(args, lambda fs, a: fs.list_spaces(a, args.search, args.sort, args.desc, args.archived or "exclude"))
    if args.json:
        return emit_json(spaces)
    if not spaces:
        return say("no Spaces" + (" match" if args.search else " yet: create one with `flatspace space create NAME`"))
    say(table(["ID", "NAME", "LABELS", "STATE", "LAST ACTIVITY"], [_space_line(s) for s in spaces]))


def space_show(args):
    _print_space(args, run_as(args, lambda fs, a: fs.open(a, args.space).info()))


def space_rename(args):
    info = run_as(args, lambda fs, a: fs.open(a, args.space).rename(args.name))
    _print_space(args, info) if args.json else say(f"renamed {info['id']} to {info['name']}")


def space_update(args):
    info = run_as(args, lambda fs, a: fs.open(a, args.space).update(args.label, args.metadata, args.guest_auth))
    _print_space(args, info)


def space_archive(args):
    info = run_as(args, lambda fs, a: fs.open(a, args.space).archive(True))
    _print_space(args, info) if args.json else say(f"archived {info['name']} ({info['id']})")


def space_unarchive(args):
    info = run_as(args, lambda fs, a: fs.open(a, args.space).archive(False))
    _print_space(args, info) if args.json else say(f"unarchived {info['name']} ({info['id']})")


def space_delete(args):
    held, space_id = run_as(args, lambda fs, a: (fs.held_as_guest(fs.catalog.resolve(args.space)),
                                                 fs.delete_space(a, args.space)))
    if args.json:
        return emit_json({"deleted": space_id, **({"copyOnly": True} if held else {})})
    say(f"removed this computer's copy of {space_id} (a guest's: the Space stays on its server)" if held
        else f"deleted {space_id}")


def space_export(args):
    out = args.out if args.out.endswith(".flatspace") else args.out + ".flatspace"
    result = run_as(args, lambda fs, a: fs.open(a, args.space).export(out))
    emit_json(result) if args.json else say(f"exported {result['space']} to {out} ({result['bytes']:,} bytes)")


def space_import(args):
    info = run_as(args, lambda fs, a: fs.import_space(a, args.file))
    if args.json:
        return _print_space(args, info)
    say(f"imported Space {info['name']} ({info['id']})")
    if info["guestLinksOff"]:  # their secrets travelled with the file: whoever sent it knows them
        n = info["guestLinksOff"]
        say(f"{n} guest link{'s' if n != 1 else ''} came with the file and {'were' if n != 1 else 'was'} "
            f"switched off; give new ones with `flatspace guest reissue {info['id']} ID` (see `guest list`)")


def workbook_create(args):
    blueprint = read_json(args.blueprint, "blueprint")
    result = run_as(args, lambda fs, a: fs.open(a, args.space).workbooks.create(blueprint))
    if args.json:
        return emit_json(result)
    say(f"created workbook {result['id']}: {result['name']} (sheets: {', '.join(result['sheets'])})")
    for note in result["notes"]:
        say(f"  note: {note}")


def workbook_blueprint(args):
    def go(fs, a):
        return fs.open(a, args.space).workbooks.blueprint(workbook_id(fs, a, args.space, args.workbook))
    emit_json(run_as(args, go))
