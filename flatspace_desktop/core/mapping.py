"""Mapping source columns onto a sheet's fields, automatically or from a saved mapping.

Saved mapping format (JSON):
    {"columns": {"Source header": "fieldKey", "Ignored header": null},
     "values": {"fieldKey": {"source value": "option value"}}}
A plain {"Source header": "fieldKey"} object is accepted too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .blueprint import SheetDef
from .errors import InvalidInput
from .jsonfile import read_json


@dataclass
class Mapping:
    columns: dict[str, str | None]  # source header -> field key (None: ignored)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"columns": self.columns, "values": self.values}


def _norm(text: str) -> str:
    return " ".join(str(text).replace("_", " ").replace("-", " ").split()).lower()


def auto_map(headers: list[str], sheet: SheetDef) -> Mapping:
    """Exact key, then label, then alternativeNames, ignoring case, spaces, '_' and '-'."""
    taken: set[str] = set()
    columns: dict[str, str | None] = {h: None for h in headers}
    mappable = [f for f in sheet.fields if not f.computed]
    for names_of in (lambda f: [f.key], lambda f: [f.label], lambda f: list(f.alternative_names)):
        index: dict[str, str] = {}
        for f in mappable:
            for name in names_of(f):
                index.setdefault(_norm(name), f.key)
        for h in headers:
            if columns[h] is None:
                key = index.get(_norm(h))
                if key and key not in taken:
                    columns[h] = key
                    taken.add(key)
    return Mapping(columns)


def load_mapping(path: str | Path) -> Mapping:
    path = Path(path)
    data = read_json(path, "mapping")
    if not isinstance(data, dict):
        raise InvalidInput(f"mapping {path.name}: expected a JSON object")
    columns = data.get("columns", data if "values" not in data else {})
    values = data.get("values", {})
    if not isinstance(columns, dict) or not all(v is None or isinstance(v, str) for v in columns.values()):
        raise InvalidInput(f'mapping {path.name}: "columns" must map headers to field keys or null')
    if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
        raise InvalidInput(f'mapping {path.name}: "values" must map field keys to {{source: option}} objects')
    return Mapping(dict(columns), dict(values))


def check_mapping(mapping: Mapping, headers: list[str], sheet: SheetDef) -> tuple[list[int], list[str], list[str]]:
    """(source column indexes, field keys, notes) for the columns that are mapped."""
    keys = {f.key: f for f in sheet.fields}
    index = {h: i for i, h in enumerate(headers)}
    lowered = {h.lower(): i for i, h in enumerate(headers)}
    cols, targets, notes, used = [], [], [], set()
    for header, key in mapping.columns.items():
        if key is None:
            continue
        if key not in keys:
            raise InvalidInput(f'the mapping sends "{header}" to "{key}", which is not a field of {sheet.slug}')
        if keys[key].computed:
            raise InvalidInput(f'"{key}" is computed and cannot be imported into')
        if key in used:
            raise InvalidInput(f'the mapping sends two columns to "{key}"')
        i = index.get(header, lowered.get(str(header).lower()))
        if i is None:
            notes.append(f'mapped column "{header}" is not in the file')
            continue
        used.add(key)
        cols.append(i)
        targets.append(key)
    for key in mapping.values:
        if key not in keys:
            raise InvalidInput(f'the mapping has values for "{key}", which is not a field of {sheet.slug}')
    if not targets:
        raise InvalidInput(
            f"no column of the file matches a field of {sheet.slug} "
            f"(file columns: {', '.join(headers[:12])}{'…' if len(headers) > 12 else ''}); give a mapping")
    ignored = [h for h in headers if headers.index(h) not in cols]
    if ignored:
        notes.append("columns not imported: " + ", ".join(ignored))
    missing = [f.key for f in sheet.fields if f.required and f.key not in used]
    if missing:
        notes.append("required fields with no column (their cells will be flagged): " + ", ".join(missing))
    return cols, targets, notes
