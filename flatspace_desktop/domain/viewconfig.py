"""A named view of a sheet as Flatfile's ViewConfig writes it (filter, filterField, searchValue,
sortField, sortDirection), with the facets picked: read strictly (one line naming the key that
is wrong), written back as it was read."""

from __future__ import annotations

from typing import Any

from .prep.params import ParamError
from .records import FILTERS, Facet, View

KEYS = ("filter", "filterField", "searchValue", "sortField", "sortDirection", "facets")


def facets_from(raw: Any) -> tuple[Facet, ...]:
    """Facets as a step keeps them, from Facet objects or their JSON ({key, values} or {key, low, high})."""
    if not isinstance(raw, (list, tuple)):
        raise ParamError("view.facets", "must be a list of facets")
    out = []
    for i, f in enumerate(raw):
        if isinstance(f, Facet):
            out.append(f)
            continue
        where = f"view.facets[{i}]"
        if not isinstance(f, dict) or not isinstance(f.get("key"), str) or set(f) - {"key", "values", "low", "high"}:
            raise ParamError(where, "must be an object with key, and values or low and high")
        values = f.get("values", [])
        if not isinstance(values, list) or not all(v is None or isinstance(v, (str, int, float)) for v in values):
            raise ParamError(f"{where}.values", "must be a list of values")
        bounds = [f.get("low"), f.get("high")]
        if not all(b is None or isinstance(b, (str, int, float)) and not isinstance(b, bool) for b in bounds):
            raise ParamError(where, "low and high must be numbers or dates")
        if not values and bounds == [None, None]:
            raise ParamError(where, "give values, or low or high")
        out.append(Facet(f["key"], tuple(values), *bounds))
    return tuple(out)


def facet_json(f: Facet) -> dict:
    if f.values:
        return {"key": f.key, "values": list(f.values)}
    return {"key": f.key} | {k: v for k, v in (("low", f.low), ("high", f.high)) if v is not None}


def view_config(view: View) -> dict:
    out: dict[str, Any] = {"filter": view.filter}
    if view.field_errors:
        out["filterField"] = view.field_errors
    if view.search:
        out["searchValue"] = view.search
    if view.sort:
        out["sortField"] = view.sort
        out["sortDirection"] = "desc" if view.descending else "asc"
    if view.facets:
        out["facets"] = [facet_json(f) for f in view.facets]
    return out


def view_from_config(raw: Any) -> View:
    if not isinstance(raw, dict):
        raise ParamError("", f"a view is an object with any of {', '.join(KEYS)}")
    unknown = sorted(k for k in raw if k not in KEYS)
    if unknown:
        raise ParamError(unknown[0], f"is not a key of a view (it has: {', '.join(KEYS)})")
    filt = raw.get("filter", "all")
    if filt not in FILTERS:
        raise ParamError("filter", f"must be one of {', '.join(FILTERS)}")
    texts = {}
    for key in ("filterField", "searchValue", "sortField"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ParamError(key, "must be text")
        texts[key] = value
    direction = raw.get("sortDirection", "asc")
    if direction not in ("asc", "desc"):
        raise ParamError("sortDirection", "must be asc or desc")
    return View(filter=filt, field_errors=texts["filterField"], search=texts["searchValue"], sort=texts["sortField"],
                descending=direction == "desc", facets=facets_from(raw.get("facets", [])))
