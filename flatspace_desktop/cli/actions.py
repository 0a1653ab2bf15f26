"""`flatspace action list|run`, `flatspace jobs` and `flatspace listeners`: the actions a
blueprint declares (and the built-in ones), run as jobs by the listeners allowed on this
computer, as the window's action buttons and menus run them."""

from __future__ import annotations

import json
import sys

from ..domain.errors import InvalidInput
from .common import run_as, view_from
from .usage import UsageError
from .output import emit_json, say, table


def _where(args) -> dict:
    return {"sheet": args.sheet, "workbook": args.workbook, "document": args.document, "file": args.file}


def _need_place(args) -> None:
    if all(v is None for v in _where(args).values()):
        raise UsageError("say where: --sheet SHEET, --workbook WORKBOOK, --document ID or --file ID")


def action_list(args):
    _need_place(args)
    found = run_as(args, lambda fs, a: fs.open(a, args.space).jobs.actions(**_where(args)))
    if args.json:
        return emit_json(found)
    if not found:
        return say("no actions there")
    say(table(["operation", "label", "job", "handled by", "now"],
              [[f["operation"] + (" *" if f["primary"] else ""), f["label"], f["job"] + (f" ({f['field']})" if f["field"] else ""),
                f["handledBy"] or "-", "off (below)" if f["refused"] else "ready"] for f in found]))
    off = [f for f in found if f["refused"]]
    if off:  # whole, not cut to a column's width
        say("\noff now:\n" + "\n".join(f"  {f['operation']}: {f['refused']}" for f in off))
    place = next(f"--{k} {v}" for k, v in _where(args).items() if v is not None)
    say(f"\n* primary. Run one with: flatspace action run SPACE OPERATION {place} [--input JSON]")


def record_ids(text: str) -> list[int]:
    try:
        return [int(r) for r in text.split(",") if r.strip()]
    except ValueError:
        raise InvalidInput(f"--select takes record ids separated by commas, e.g. 3,4,9 (not {text!r})") from None


def action_run(args):
    _need_place(args)
    try:
        inputs = json.loads(args.input) if args.input else {}
    except ValueError as exc:
        raise InvalidInput(f"--input is not JSON: {exc}") from None
    except RecursionError:
        raise InvalidInput("--input nests too deeply: a form's values are one level of fields") from None
    if not isinstance(inputs, dict):
        raise InvalidInput('--input must be a JSON object, e.g. \'{"name": "Ana"}\'')
    rids = record_ids(args.select) if args.select else None

    def progress(n: int) -> None:
        if args.progress:
            print(f"{n}%", file=sys.stderr, flush=True)

    def go(fs, a):
        jobs = fs.open(a, args.space).jobs
        mounted = jobs.find(args.action, field=args.field, **_where(args))
        return jobs.run(mounted, inputs, rids, view_from(args), progress=progress)

    job = run_as(args, go)
    if args.json:
        return emit_json(job)
    outcome = job["outcome"] or {}
    say(f"job {job['id']} ({job['job']}): {job['status']}")
    for key in ("heading", "message"):
        if outcome.get(key):
            say(f"  {outcome[key]}")
    if isinstance(outcome.get("next"), dict):
        nxt = outcome["next"]
        say(f"  next: {nxt.get('label') or nxt.get('type')}: {nxt.get('url') or nxt.get('id') or ''}".rstrip(": "))
    if job["status"] != "complete":
        raise SystemExit(1)


def jobs_list(args):
    found = run_as(args, lambda fs, a: fs.open(a, args.space).jobs.list(args.limit))
    if args.json:
        return emit_json(found)
    if not found:
        return say("no jobs yet (flatspace action run)")
    say(table(["id", "job", "status", "%", "by", "at", "outcome"],
              [[j["id"], j["job"], j["status"], j["progress"], j["createdBy"], j["createdAt"][:19],
                ((j["outcome"] or {}).get("message") or "")[:60]] for j in found]))


def listeners(args):
    def go(fs, a):
        s = fs.open(a, args.space)
        if args.listeners_cmd == "add":
            s.add_listener(args.file)
            return s.listeners(allow=True if args.allow else None)
        return s.listeners(allow={"allow": True, "disallow": False}.get(args.listeners_cmd))

    status = run_as(args, go)
    if args.json:
        return emit_json(status)
    words = {"absent": "none", "off": "not allowed on this computer", "changed": "changed since allowed: not running",
             "on": "allowed: running"}
    say(f"listeners/ folder: {status['folder']}")
    say(f"  files: {', '.join(status['files']) or 'none'} ({words[status['state']]})")
    say(f"  installed listeners: {', '.join(status['installed']) or 'none'}")
    for p in status["problems"]:
        say(f"  problem: {p}")


def submit_settings(args):
    out = run_as(args, lambda fs, a: fs.open(a, args.space).jobs.submit_settings(
        args.folder, args.format, args.command, clear=args.clear))
    emit_json(out) if args.json else say("submit: " + (", ".join(f"{k} {v}" for k, v in out.items()) or
                                                       "the default folder, CSV, no command"))


def add_parsers(sub, cmd, view_args) -> None:
    def place(p):
        p.add_argument("space")
        p.add_argument("--sheet", help="a sheet's actions (and its fields'): slug or WORKBOOK/slug")
        p.add_argument("--workbook", help="a workbook's actions: its id or name")
        p.add_argument("--document", type=int, help="a document's actions: its id")
        p.add_argument("--file", type=int, help="a file's actions: its id")

    act = sub.add_parser("action", help="the actions of a workbook, sheet, field, document or file: list, run")
    asub = act.add_subparsers(dest="action_cmd", required=True)
    p = cmd(asub, "list", action_list, "list the actions there, who handles each and whether it may run now")
    place(p)
    p = cmd(asub, "run", action_run, "run an action as a job and print its outcome")
    place(p)
    p.add_argument("action", metavar="ACTION", help="its operation, job name (sheet:dedupe) or label")
    p.add_argument("--field", help="a field action's column")
    p.add_argument("--input", metavar="JSON", help="the values of its input form, as a JSON object")
    p.add_argument("--select", metavar="RIDS", help="the selected records' ids, comma-separated")
    p.add_argument("--progress", action="store_true", help="print the job's progress on stderr")
    view_args(p)
    p = cmd(asub, "submit-settings", submit_settings,
            "where this computer's built-in submit writes a workbook's valid records, and what it runs then")
    p.add_argument("space")
    p.add_argument("--folder", help="the folder the files go to (default: DATA-ROOT/submitted/SPACE)")
    p.add_argument("--format", choices=["csv", "xlsx", "json"])
    p.add_argument("--command", help="a command run with the files' paths after them (no shell)")
    p.add_argument("--clear", action="store_true", help="back to the default folder, CSV, no command")
    p = cmd(sub, "jobs", jobs_list, "the Space's jobs: what actions started, their status and outcome")
    p.add_argument("space")
    p.add_argument("--limit", type=int, default=50)
    lst = sub.add_parser("listeners", help="the listener code that may run for a Space: status, add, allow")
    lsub = lst.add_subparsers(dest="listeners_cmd", required=True)
    for name, text in (("status", "the Space's listener files, whether they may run here, installed listeners"),
                       ("allow", "let the Space's listeners/ folder run on this computer, as it is now"),
                       ("disallow", "stop the Space's listeners/ folder running on this computer")):
        p = cmd(lsub, name, listeners, text)
        p.add_argument("space")
    p = cmd(lsub, "add", listeners, "copy a listener file into the Space's listeners/ folder")
    p.add_argument("space")
    p.add_argument("file")
    p.add_argument("--allow", action="store_true", help="and allow the folder to run on this computer")
