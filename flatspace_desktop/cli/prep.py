"""Preparing data from scripts: `flatspace profile|facet|cluster|transform|dedupe` and
`flatspace recipe show|save|apply`, the same operations as the window's (each change one undo
step with a snapshot before it, and a step of the sheet's recipe)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..domain.errors import InvalidInput
from ..domain.jsonfile import parse_json
from ..domain.prep.recipes import OPS, Recipe, Step
from .common import run_as, view_from
from .output import emit_json, say, table


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _undo(args) -> str:
    return f" (undo: flatspace undo {args.space} --sheet {args.sheet})"


def _positive(text: str) -> int:
    import argparse

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} is too few: give 1 or more")
    return n


def _session(args, fn):
    return run_as(args, lambda fs, a: fn(fs.open(a, args.space)))


def profile(args):
    out = _session(args, lambda s: s.prep.profile(args.sheet, args.field, view_from(args), top=args.top))
    if args.json:
        return emit_json(out)
    distinct = f"{out['distinct']:,}" if out["distinctExact"] else f"at least {out['distinct']:,}"
    say(f"{out['label']} ({out['type']}): {out['records']:,} records, {out['empty']:,} empty, "
        f"{distinct} distinct, {out['invalid']:,} invalid")
    if out["top"]:
        say("\n" + table(["value", "records"], [[t["value"], f"{t['count']:,}"] for t in out["top"]]))
    hist = out["histogram"]
    if hist:
        peak = max((b["count"] for b in hist["bins"]), default=0) or 1
        say("")
        for b in hist["bins"]:
            say(f"{b['label']:>24}  {b['count']:>9,}  {'#' * round(30 * b['count'] / peak)}")


def facet(args):
    out = _session(args, lambda s: s.prep.facet(args.sheet, args.field, view_from(args), limit=args.limit))
    if args.json:
        return emit_json(out)
    say(f"{out['label']}: {out['distinct']:,} values in {out['records']:,} records")
    say(table(["value", "records", "invalid"],
              [["(empty)" if v["value"] is None else v["value"], f"{v['count']:,}", v["invalid"] or ""]
               for v in out["values"]]))


def _picks(args, found: list[dict]) -> list[tuple[list, str]]:
    """The clusters --merge takes (--only N,M; all by default), each into its first (most frequent)
    value or the one --into N=VALUE gives."""
    into: dict[int, str] = {}
    for given in args.into:
        n, sep, value = given.partition("=")
        if not sep or not n.strip().isdigit() or not value:
            raise InvalidInput(f'"{given}": give --into N=VALUE, N a cluster\'s number')
        into[int(n)] = value
    only = set(range(1, len(found) + 1))
    if args.only:
        try:
            only = {int(n) for n in args.only.split(",") if n.strip()}
        except ValueError:
            raise InvalidInput(f'"{args.only}": give --only as cluster numbers, like 1,3') from None
    wrong = sorted(n for n in only | set(into) if not 1 <= n <= len(found))
    if wrong:
        raise InvalidInput(f"there is no cluster {wrong[0]} (there are {len(found)})")
    return [([v["value"] for v in c["values"]], into.get(i, c["suggested"]))
            for i, c in enumerate(found, 1) if i in only]


def cluster(args):
    def go(s):
        found = s.prep.clusters(args.sheet, args.field, args.method, view_from(args), radius=args.radius)
        merged = None
        if (args.merge or args.only or args.into) and found and not args.preview:
            merged = s.prep.merge(args.sheet, args.field, _picks(args, found), view_from(args))
        return found, merged

    found, merged = _session(args, go)
    if args.json:
        return emit_json({"clusters": found, "merged": merged})
    if not found:
        return say(f"no clusters in {args.field} by {args.method}")
    for i, c in enumerate(found, 1):
        values = ", ".join(f"{v['value']!r} ({v['count']:,})" for v in c["values"])
        say(f"{i}. {c['suggested']!r} <- {values}")
    if merged:
        say(f"merged {_n(merged['cells'], 'cell')} in {_n(merged['records'], 'record')}{_undo(args)}")
    elif args.preview:
        say("nothing was merged (--preview)")
    else:
        say("--merge merges every cluster into its first (most frequent) value; --only 1,3 merges those; "
            "--into 2=VALUE names the value cluster 2 becomes")


def _params(args) -> dict:
    params = parse_json(args.params, "the parameters") if args.params else {}
    if not isinstance(params, dict):
        raise InvalidInput('give --params as a JSON object, like {"case": "title"}')
    for pair in args.param:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InvalidInput(f'"{pair}": give --param NAME=VALUE')
        try:
            params[key] = json.loads(value)  # 2, true, null, "text"
        except ValueError:
            params[key] = value
    return params


def _unread(out: dict) -> str:
    u = out.get("unread")
    if not u or not u["records"]:
        return ""
    order = out["step"]["params"].get("order", "")
    return (f"\n  {_n(u['records'], 'value')} left as they are, not dates in {order} order "
            f"(such as {', '.join(map(repr, u['examples']))})")


def transform(args):
    step = Step.create(args.op, _params(args), args.field, into=tuple(args.into), label=args.label)
    out = _session(args, lambda s: s.prep.transform(args.sheet, step, view_from(args), preview=args.preview,
                                                     sample=args.sample))
    if args.json:
        return emit_json(out)
    if args.preview:
        if not out["preview"]:
            return say(f"{step.describe()}: no record of the {_n(out['records'], 'record')} in view would change"
                       + _unread(out))
        say(f"{step.describe()}: the first records it changes (of {_n(out['records'], 'record')} in view); "
            "nothing was changed")
        keys = list(dict.fromkeys(k for r in out["preview"] for k in r["after"]))
        say(table(["record", *[f"{k} before" for k in keys], *[f"{k} after" for k in keys]],
                  [[r["rid"], *[r["before"].get(k, "") for k in keys], *[r["after"].get(k, "") for k in keys]]
                   for r in out["preview"]]))
        if _unread(out):
            say(_unread(out).strip())
        return None
    say(f"{out['label']}: changed {_n(out['cells'], 'cell')} in {_n(out['records'], 'record')}"
        + (_undo(args) if out["records"] else "") + _unread(out))


def dedupe(args):
    out = _session(args, lambda s: s.prep.dedupe(args.sheet, args.key, args.match, args.keep, view_from(args),
                                                 preview=args.preview))
    if args.json:
        return emit_json(out)
    say(out["summary"])
    for ex in out["examples"]:
        say(f"  {' / '.join(map(str, ex['key']))}: {ex['size']} records, keeps {ex['kept']}, "
            f"removes {', '.join(map(str, ex['removed']))}" + (f", fills {', '.join(ex['merged'])}" if ex["merged"] else ""))
    if out["preview"] or not out["remove"]:
        say("nothing was changed" + (" (without --preview it removes them)" if out["remove"] else ""))
    else:
        say(f"removed {_n(out['removed'], 'record')}, filled {_n(out['updated'], 'record')}{_undo(args)}")


def recipe_show(args):
    steps = _session(args, lambda s: s.prep.recipe_steps(args.sheet))
    if args.json:
        return emit_json(steps)
    if not steps:
        return say("no preparation steps on this sheet yet")
    say(table(["#", "step", "by", "at"], [[i, r["label"], r["actor"], r["at"][:19]] for i, r in enumerate(steps, 1)]))


def recipe_save(args):
    recipe = _session(args, lambda s: s.prep.recipe(args.sheet))
    if not recipe.steps:
        raise InvalidInput("the sheet has no preparation steps to save")
    Path(args.file).write_text(recipe.dumps() + "\n", encoding="utf-8")
    emit_json({"file": args.file, "steps": len(recipe.steps)}) if args.json else \
        say(f"saved {len(recipe.steps)} step{'s' if len(recipe.steps) != 1 else ''} to {args.file}")


def load_recipe(path: str) -> Recipe:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read the recipe {path}: {exc}") from None
    return Recipe.loads(text)


def recipe_apply(args):
    recipe = load_recipe(args.file)
    out = _session(args, lambda s: s.prep.apply_recipe(args.sheet, recipe, view_from(args), preview=args.preview))
    if args.json:
        return emit_json(out)
    for step, result in zip(recipe.steps, out):
        if args.preview:
            n = result.get("records", result.get("remove", 0))
            done = (f"would change {len(result.get('preview', [])):,} of the first records it looks at "
                    f"({n:,} in view)" if "preview" in result else f"would remove {n:,} records")
        else:
            done = f"{result.get('records', result.get('removed', 0)):,} records"
        say(f"{step.describe()}: {done}")
    if args.preview and len(recipe.steps) > 1:
        say(f"(steps 2-{len(recipe.steps)} work on what step 1 leaves: they are previewed by running it)")


def _params_help() -> str:
    """Each operation's parameters (--param NAME=VALUE), from its own parameter class."""
    import dataclasses

    lines = ["parameters of each OP (--param NAME=VALUE; * must be given); split and join also take --into:"]
    for op, cls in OPS.items():
        if op == "dedupe":
            continue
        parts = []
        for f in dataclasses.fields(cls):
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            parts.append(f"{f.name}*" if required else f"{f.name}={f.default!r}"
                         if f.default is not dataclasses.MISSING else f.name)
        lines.append(f"  {op}: {', '.join(parts) or '(none)'}")
    return "\n".join(lines)


def add_parsers(sub, cmd, view_args) -> None:
    def sheet_field(p, field=True, view=True):
        p.add_argument("space")
        p.add_argument("sheet", help="sheet slug, or WORKBOOK/slug")
        if field:
            p.add_argument("field", help="field key")
        if view:
            view_args(p)

    p = cmd(sub, "profile", profile, "a column's counts, most frequent values and histogram")
    sheet_field(p)
    p.add_argument("--top", type=_positive, default=10)
    p = cmd(sub, "facet", facet, "a column's values with how many records hold each (filter by them: --search)")
    sheet_field(p)
    p.add_argument("--limit", type=_positive, default=50)
    p = cmd(sub, "cluster", cluster, "find near-identical values in a column; --merge them into one")
    sheet_field(p)
    p.add_argument("--method", default="fingerprint", choices=["fingerprint", "ngram", "phonetic", "levenshtein"])
    p.add_argument("--radius", type=_positive, default=1, help="levenshtein: the largest edit distance")
    p.add_argument("--merge", action="store_true", help="merge every cluster into its first (most frequent) value")
    p.add_argument("--only", metavar="N,M", help="merge only these clusters (their numbers as listed)")
    p.add_argument("--preview", action="store_true", help="list the clusters and merge nothing (as without --merge)")
    p.add_argument("--into", action="append", default=[], metavar="N=VALUE",
                   help="cluster N becomes VALUE instead of its first value (repeatable)")
    p = cmd(sub, "transform", transform, f"change a column's cells ({', '.join(o for o in OPS if o != 'dedupe')})")
    sheet_field(p, field=False)
    p.epilog, p.formatter_class = _params_help(), argparse.RawDescriptionHelpFormatter
    p.add_argument("op", choices=[o for o in OPS if o != "dedupe"])
    p.add_argument("--field", action="append", required=True, help="a field it reads (repeatable)")
    p.add_argument("--into", action="append", default=[], help="a field it writes, if not in place (repeatable)")
    p.add_argument("--params", help='the parameters as JSON, like {"case": "title"}')
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--label", help="a name for the step")
    p.add_argument("--preview", action="store_true", help="show before and after; change nothing")
    p.add_argument("--sample", type=_positive, default=20, help="records the preview shows")
    p = cmd(sub, "dedupe", dedupe, "remove records that share a key (first, last, or merged)")
    sheet_field(p, field=False)
    p.add_argument("--key", action="append", required=True, help="a field of the key (repeatable)")
    p.add_argument("--match", default="exact", choices=["exact", "loose"], help="loose: case and spaces do not count")
    p.add_argument("--keep", default="first", choices=["first", "last", "merge"])
    p.add_argument("--preview", action="store_true", help="say what it would do; change nothing")
    rec = sub.add_parser("recipe", help="a sheet's preparation steps: show, save as JSON, apply to a sheet")
    rsub = rec.add_subparsers(dest="recipe_cmd", required=True)
    p = cmd(rsub, "show", recipe_show, "list the sheet's steps")
    sheet_field(p, field=False, view=False)
    p = cmd(rsub, "save", recipe_save, "save the sheet's steps as a JSON recipe")
    sheet_field(p, field=False, view=False)
    p.add_argument("file")
    p = cmd(rsub, "apply", recipe_apply, "run a JSON recipe's steps on a sheet")
    sheet_field(p, field=False)
    p.add_argument("file")
    p.add_argument("--preview", action="store_true", help="what the first step would change; change nothing")
