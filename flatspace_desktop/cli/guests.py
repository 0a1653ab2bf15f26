"""Guests, their links, and opening a link as that guest."""

from __future__ import annotations

from .common import run_as
from .output import emit_json, say, table


def _show_link(args, result: dict) -> None:
    if args.json:
        return emit_json(result)
    who = result["name"] or "anyone with the link"
    say(f"guest {result['id']} ({who}): {result['link']}")
    say("  this link is shown once: copy it now" + (f"; it expires {result['expiresAt']}" if result["expiresAt"] else ""))
    if result.get("note"):
        say(f"  {result['note']}")


def guest_invite(args):
    _show_link(args, run_as(args, lambda fs, a: fs.open(a, args.space).guests.invite(args.name, args.email, args.workbook,
                                                              args.sheet, args.read_only)))


def guest_share(args):
    _show_link(args, run_as(args, lambda fs, a: fs.open(a, args.space).guests.share_link(args.expires, args.uses, args.workbook,
                                                            args.sheet, args.read_only)))


def guest_list(args):
    guests = run_as(args, lambda fs, a: fs.open(a, args.space).guests.list())
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
    g = run_as(args, lambda fs, a: fs.open(a, args.space).guests.revoke(args.guest))
    emit_json(g) if args.json else say(f"revoked guest {g['id']}: their link no longer opens the Space")


def guest_reissue(args):
    _show_link(args, run_as(args, lambda fs, a: fs.open(a, args.space).guests.reissue(args.guest)))


def guest_delete(args):
    run_as(args, lambda fs, a: fs.open(a, args.space).guests.delete(args.guest))
    emit_json({"deleted": args.guest}) if args.json else say(f"removed guest {args.guest}")


def open_link(args):
    """Check a link; without --check the caller (flatspace's entry point) opens the window."""
    def go(fs, _a):
        actor = fs.open_link(args.target)
        info = fs.open(actor, actor.space_id).info(counts=False)
        return {"space": info["id"], "name": info["name"], "guest": actor.name, "readOnly": actor.read_only,
                "sheets": [f"{w['name']}/{s['slug']}" for w in info["workbooks"] for s in w["sheets"]]}

    args.link = None  # the link is the command's subject here, not who acts
    result = run_as(args, go)
    if args.json:
        return emit_json(result)
    say(f"opens {result['name']} as {result['guest']}" + (" (read-only)" if result["readOnly"] else "")
        + ": " + (", ".join(result["sheets"]) or "no sheets"))
