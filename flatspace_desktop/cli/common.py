"""What every command does: open the service as the right person, read common options."""

from __future__ import annotations

from ..domain.access import local_admin
from ..domain.cells import text_of
from ..domain.errors import InvalidInput
from ..domain.records import Facet, View
from ..services.app import Flatspace


def service(args) -> Flatspace:
    return Flatspace(getattr(args, "data_dir", None))


def run_as(args, fn):
    fs = service(args)
    try:
        link = getattr(args, "link", None)
        # Given at all, even empty (an unset variable in a script), it must be a valid link:
        # falling back to the owner would hand a guest's command the owner's rights.
        actor = fs.open_link(link) if link is not None else local_admin()
        return fn(fs, actor)
    finally:
        fs.close()


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


def view_from(args) -> View:
    sort, desc = None, False
    if args.sort:
        sort, _, direction = args.sort.partition(":")
        if direction not in ("", "asc", "desc"):
            raise InvalidInput('sort as FIELD, FIELD:asc or FIELD:desc')
        desc = direction == "desc"
    given = View(filter=args.filter, field_errors=args.field_errors, search=args.search, sort=sort, descending=desc,
                 facets=facets_from(getattr(args, "facet", []), getattr(args, "range", [])))
    if not getattr(args, "view", None):
        return given
    saved = run_as(args, lambda fs, a: fs.open(a, args.space).views.get(args.sheet, args.view))
    # The flags given as well narrow or change the saved view
    from dataclasses import replace

    return replace(saved, **{k: getattr(given, k) for k in ("filter", "field_errors", "search", "sort", "descending")
                             if getattr(given, k) != getattr(View(), k)},
                   facets=saved.facets + given.facets)


def facets_from(picks: list[str], ranges: list[str]) -> tuple[Facet, ...]:
    """--facet FIELD=VALUE (an empty VALUE: empty cells) and --range FIELD=LOW..HIGH."""
    values: dict[str, list] = {}
    for pick in picks:
        key, sep, value = pick.partition("=")
        if not sep or not key:
            raise InvalidInput(f'"{pick}": give --facet FIELD=VALUE')
        values.setdefault(key, []).append(value or None)
    out = [Facet(k, tuple(vs)) for k, vs in values.items()]
    for given in ranges:
        key, sep, bounds = given.partition("=")
        low, dots, high = bounds.partition("..")
        if not sep or not key or not dots or not (low or high):
            raise InvalidInput(f'"{given}": give --range FIELD=LOW..HIGH, like seats=10..50 or date=2024-01-01..')
        out.append(Facet(key, (), low or None, high or None))
    return tuple(out)


def read_options(args) -> dict:
    """The read options given (main's read_options made a flag of each reader's)."""
    from ..readers import options

    return {o.key: getattr(args, o.key, None) for o in options()}


def as_text(value) -> str:
    """Exactly as in the file: text stays text (empty included), spreadsheet values as text."""
    if isinstance(value, str):
        return value
    return "" if value is None else text_of(value)
