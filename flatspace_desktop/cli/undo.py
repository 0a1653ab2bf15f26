"""`flatspace undo|redo`: the same steps the window's Edit menu undoes, kept in the Space."""

from __future__ import annotations

from .common import run_as
from .output import emit_json, say, table


def undo(args):
    if args.list:
        steps = run_as(args, lambda fs, a: fs.open(a, args.space).undo.history(args.sheet))
        if args.json:
            return emit_json(steps)
        if not steps:
            return say("nothing to undo")
        rows = [[s["id"], s["sheet"], s["label"], f"{s['cells']:,}", "undone (redo)" if s["undone"] else "done",
                 s["at"][:19]] for s in reversed(steps)]
        return say(table(["id", "sheet", "step", "cells", "state", "at"], rows))
    _done(args, run_as(args, lambda fs, a: fs.open(a, args.space).undo.undo(args.sheet)))


def redo(args):
    _done(args, run_as(args, lambda fs, a: fs.open(a, args.space).undo.redo(args.sheet)))


def _done(args, result: dict) -> None:
    if args.json:
        return emit_json(result)
    how = (f" (restored the snapshot taken {'before' if result['undone'] else 'after'} it)"
           if "restore" in result.get("ops", []) else "")
    say(f"{'undid' if result['undone'] else 'redid'} “{result['label']}” in {result['sheet']}{how}")


def add_parsers(sub, cmd) -> None:
    p = cmd(sub, "undo", undo, "undo your last change to a sheet's records (the window's Edit > Undo)")
    p.add_argument("space")
    p.add_argument("--sheet", help="this sheet's last change (default: your last change in the Space)")
    p.add_argument("--list", action="store_true", help="list your steps instead, newest first")
    p = cmd(sub, "redo", redo, "redo what undo took back")
    p.add_argument("space")
    p.add_argument("--sheet", help="this sheet's (default: the Space's next step)")
