"""Mapping source columns onto a sheet's fields, automatically or from a saved mapping.

Saved mapping format (JSON):
    {"columns": {"Source header": "fieldKey", "Ignored header": null},
     "values": {"fieldKey": {"source value": "option value"}},
     "addFields": ["Source header"]}
A plain {"Source header": "fieldKey"} object is accepted too. addFields (for sheets with
allowAdditionalFields) adds each listed column to the sheet as a new text field.
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
    add_fields: list[str] = field(default_factory=list)  # headers to add as new fields

    def to_json(self) -> dict:
        out: dict = {"columns": self.columns, "values": self.values}
        if self.add_fields:
            out["addFields"] = self.add_fields
        return out

    @classmethod
    def from_json(cls, data: Any, where: str = "mapping") -> "Mapping":
        if not isinstance(data, dict):
            raise InvalidInput(f"{where}: expected a JSON object")
        columns = data.get("columns", data if not {"values", "addFields"} & set(data) else {})
        values = data.get("values", {})
        add = data.get("addFields", [])
        if not isinstance(columns, dict) or not all(v is None or isinstance(v, str) for v in columns.values()):
            raise InvalidInput(f'{where}: "columns" must map headers to field keys or null')
        if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
            raise InvalidInput(f'{where}: "values" must map field keys to {{source: option}} objects')
        if not isinstance(add, list) or not all(isinstance(h, str) for h in add):
            raise InvalidInput(f'{where}: "addFields" must be a list of headers')
        return cls(dict(columns), dict(values), list(add))


@dataclass(frozen=True)
class Suggestion:
    key: str | None
    confidence: float  # 1.0 for an exact name, the similarity (0..1) for a fuzzy one
    reason: str


def headers_key(headers: list[str]) -> str:
    """The same set of columns, whatever their order or case, gives the same key."""
    import hashlib

    return hashlib.sha1("\x1f".join(sorted(_norm(h) for h in headers)).encode()).hexdigest()


FUZZY_MIN = 0.72


def suggest(headers: list[str], sheet: SheetDef) -> dict[str, Suggestion]:
    """For each column: the field it most likely is. Exact key, label, alternativeNames first
    (confidence 1), then the most similar remaining names (RapidFuzz), best pairs first."""
    exact = auto_map(headers, sheet)
    out: dict[str, Suggestion] = {}
    taken = {k for k in exact.columns.values() if k}
    for h, k in exact.columns.items():
        if k:
            f = sheet.field(k)
            reason = ("key" if _norm(h) == _norm(f.key) else "label" if _norm(h) == _norm(f.label)
                      else "alternative name")
            out[h] = Suggestion(k, 1.0, f"same {reason}")
    from rapidfuzz import fuzz

    pairs = []
    for h in headers:
        if h in out:
            continue
        for f in sheet.fields:
            if f.computed or f.key in taken:
                continue
            names = [f.key, f.label, *f.alternative_names]
            score, name = max((fuzz.WRatio(_words(h), _words(n)) / 100, n) for n in names)
            if score >= FUZZY_MIN:
                pairs.append((score, h, f.key, name))
    for score, h, key, name in sorted(pairs, reverse=True):
        if h in out or key in taken:
            continue
        out[h] = Suggestion(key, round(score, 2), f'similar to "{name}"')
        taken.add(key)
    return {h: out.get(h, Suggestion(None, 0.0, "no similar field")) for h in headers}


def suggested_mapping(headers: list[str], sheet: SheetDef) -> Mapping:
    """The dialog's suggestions taken as they are, where they are at least as sure as the sheet's
    mappingConfidenceThreshold (else FUZZY_MIN): "First" to "First Name", "E-mail" to email."""
    threshold = sheet.mapping_confidence_threshold
    threshold = FUZZY_MIN if threshold is None else threshold
    hints = suggest(headers, sheet)
    return Mapping({h: (s.key if s.key and s.confidence >= threshold else None) for h, s in hints.items()})


def suggest_values(f, values) -> dict[str, tuple[Any, float]]:
    """Source values of an enum column -> (option value or None, confidence)."""
    from rapidfuzz import fuzz

    from .cells import EnumMatcher

    matcher = EnumMatcher(f)
    out: dict[str, tuple[Any, float]] = {}
    names = [(n, o.value) for o in f.options for n in (str(o.value), o.label, *o.alternative_names)]
    for v in values:
        ok, option = matcher.match(v)
        if ok:
            out[v] = (option, 1.0)
            continue
        best = max(((fuzz.WRatio(_words(v), _words(n)) / 100, val) for n, val in names), default=(0, None))
        out[v] = (best[1], round(best[0], 2)) if best[0] >= FUZZY_MIN else (None, 0.0)
    return out


def _norm(text: str) -> str:
    """For exact matching: "E-mail", "e_mail" and "EMail" are the same name."""
    return "".join(ch for ch in str(text).lower() if ch not in " _-.\t")


def _words(text: str) -> str:
    """For similarity: camelCase and separators become spaces ("signupDate" -> "signup date")."""
    import re

    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(text))
    return " ".join(re.split(r"[\s_\-.]+", spaced)).lower().strip()


def auto_map(headers: list[str], sheet: SheetDef) -> Mapping:
    """Exact key, then label, then alternativeNames, ignoring case, spaces, '_', '-' and '.'."""
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
    return Mapping.from_json(read_json(path, "mapping"), f"mapping {path.name}")


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
    chosen = set(cols)  # a set, and positions, not headers.index(): 50,000 columns stay linear
    ignored = [h for i, h in enumerate(headers) if i not in chosen]
    if ignored:
        notes.append("columns not imported: " + ", ".join(ignored))
    missing = [f.key for f in sheet.fields if f.required and f.key not in used]
    if missing:
        notes.append("required fields with no column (their cells will be flagged): " + ", ".join(missing))
    return cols, targets, notes
