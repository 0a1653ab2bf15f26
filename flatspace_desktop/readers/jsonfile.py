"""JSON: an array of objects, or one wrapped as {"records": [...]} (also "data", "rows",
"items"), Flatfile's record objects ({"values": {"email": {"value": ...}}}) included. Nested
objects become dotted columns ("address.city"); the columns are every key met, in the order met.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..domain.errors import ExtractError
from .base import Reader, Source, clean_headers, shown_name
from .detect import SAMPLE, detect_encoding


def flatten(obj: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in obj.items():
        key = f"{prefix}.{k}" if prefix else str(k)
        if isinstance(v, dict) and v:
            out.update(flatten(v, key))
        else:
            out[key] = v
    return out


def open_json(path: Path, name: str | None = None) -> Source:
    shown = shown_name(path, name)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        if not raw.strip():
            raise ExtractError(f"{shown.name}: the file is empty")
        data = json.loads(raw.decode(detect_encoding(raw[:SAMPLE])))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ExtractError(f"{shown.name}: not valid JSON ({exc})") from None
    except RecursionError:
        raise ExtractError(f"{shown.name}: the JSON is nested too deeply to read") from None
    if isinstance(data, dict):
        # Flatfile-style {"records": [...]} or {"data": [...]} wrappers
        for key in ("records", "data", "rows", "items"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list):
        raise ExtractError(f"{shown.name}: expected a JSON array of objects")
    src = Source(shown, "json", [], iter(()))
    flat = []
    order: dict[str, None] = {}
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise ExtractError(f"{shown.name}: item {i} is not an object")
        if "values" in item and isinstance(item["values"], dict):  # Flatfile record objects
            item = {k: (v.get("value") if isinstance(v, dict) else v) for k, v in item["values"].items()}
        row = flatten(item)
        flat.append(row)
        for k in row:
            order.setdefault(k, None)
    if not order:
        raise ExtractError(f"{shown.name}: the array holds no fields")
    keys = list(order)
    src.headers = clean_headers(keys, src)
    src.rows = ([r.get(k) for k in keys] for r in flat)
    return src


READER = Reader("json", "JSON", (".json",), open_json)
