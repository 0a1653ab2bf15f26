"""A Space's history: snapshots, the timeline, restores and how long snapshots are kept."""

from __future__ import annotations

import shlex

from ..domain.errors import InvalidInput
from .common import run_as, workbook_id
from .output import emit_json, say


def snapshot(args):
    snap = run_as(args, lambda fs, a: fs.open(a, args.space).history.take(args.label))
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
    snaps = run_as(args, lambda fs, a: fs.open(a, args.space).history.list())
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

    result = run_as(args, go)
    if args.json:
        return emit_json(result)
    say(f"restored the {result['scope']} to snapshot {result['restored']}: {result['created']} created records "
        f"removed, {result['updated']} reverted, {result['deleted']} brought back. "
        f"Undo with `flatspace restore {shlex.quote(args.space)} {result['undo']['id']}`.")


def snapshot_delete(args):
    run_as(args, lambda fs, a: fs.open(a, args.space).history.delete(args.snapshot))
    emit_json({"deleted": args.snapshot}) if args.json else say(f"deleted snapshot {args.snapshot}")


def retention(args):
    given = {k: v for k, v in (("keepAllHours", args.keep_all_hours), ("dailyDays", args.daily_days),
                               ("weeklyWeeks", args.weekly_weeks)) if v is not None}
    policy = run_as(args, lambda fs, a: fs.open(a, args.space).history.set_retention(**given) if given else fs.open(a, args.space).history.retention())
    if args.json:
        return emit_json(policy)
    say(f"automatic snapshots: all of the last {policy['keepAllHours']} hours, then one a day for "
        f"{policy['dailyDays']} days, then one a week for {policy['weeklyWeeks']} weeks; manual ones until deleted")
