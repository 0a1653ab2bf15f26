"""`flatspace view save|list|delete`: a sheet's named views (filter, search, sort, facets), the
same ones the window's View menu keeps; `--view NAME` on `records`, `export` and the
preparation commands reads one."""

from __future__ import annotations

from .common import run_as, view_from
from .output import emit_json, say, table


def view_save(args):
    out = run_as(args, lambda fs, a: fs.open(a, args.space).views.save(args.sheet, args.name, view_from(args)))
    emit_json(out) if args.json else say(f'saved the view "{out["name"]}" of {args.sheet}')


def view_list(args):
    views = run_as(args, lambda fs, a: fs.open(a, args.space).views.list(args.sheet))
    if args.json:
        return emit_json(views)
    if not views:
        return say(f"{args.sheet} has no named views yet (flatspace view save)")
    say(table(["name", "view", "by"], [[v["name"], _say(v["config"]), v["createdBy"]] for v in views]))


def view_delete(args):
    run_as(args, lambda fs, a: fs.open(a, args.space).views.delete(args.sheet, args.name))
    emit_json({"deleted": args.name}) if args.json else say(f'deleted the view "{args.name}"')


def _say(config: dict) -> str:
    parts = [config.get("filter", "all")]
    if config.get("filterField"):
        parts.append(f"errors in {config['filterField']}")
    if config.get("searchValue"):
        parts.append(f"search {config['searchValue']!r}")
    if config.get("sortField"):
        parts.append(f"sort {config['sortField']} {config.get('sortDirection', 'asc')}")
    for f in config.get("facets", []):
        parts.append(f"{f['key']}: {', '.join(map(str, f['values']))}" if f.get("values") else
                     f"{f['key']} {f.get('low', '')}..{f.get('high', '')}")
    return "; ".join(parts)


def add_parsers(sub, cmd, view_args) -> None:
    vw = sub.add_parser("view", help="a sheet's named views: save the current filter, search, sort and facets")
    vsub = vw.add_subparsers(dest="view_cmd", required=True)
    p = cmd(vsub, "save", view_save, "save a view of a sheet under a name (the same name replaces it)")
    p.add_argument("space")
    p.add_argument("sheet")
    p.add_argument("name")
    view_args(p)
    p = cmd(vsub, "list", view_list, "list a sheet's named views")
    p.add_argument("space")
    p.add_argument("sheet")
    p = cmd(vsub, "delete", view_delete, "delete a named view")
    p.add_argument("space")
    p.add_argument("sheet")
    p.add_argument("name")
