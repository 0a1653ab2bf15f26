"""Mapping a column's values onto an enum's options, for the import dialog.

enum_values() counts the column's distinct values once and says, for each, whether it
already lands on an option (by value, or by value, label or another name ignoring case:
the enum field's own rule) and, for those that do not, what to do: map it to a similar
option, or keep it as it is (a flagged custom value), or make it empty. The dialog shows
each distinct value once, with its count and the first rows it is in.

Options are anything with .value, .label and (optionally) .alternative_names, such as the
enum field's EnumOption, or dicts with "value", "label", "alternativeNames" (a blueprint's),
or plain values.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from ..values import text_of
from .tokens import DEFAULT_MISSING

KEEP, EMPTY, MAP = "keep", "empty", "map"  # keep as it is / make empty / map to an option
SIMILAR = 0.85  # the least similarity (0..1) to suggest an option
ROWS = 3  # first rows kept per value
MAX_DISTINCT = 10_000  # beyond this a column is not an enum; the rest are counted, not listed


@dataclass(frozen=True)
class EnumChoice:
    action: str  # KEEP, EMPTY or MAP
    option: Any = None  # the option's value, for MAP

    def label(self, labels: dict[str, str] | None = None) -> str:
        if self.action == MAP:
            return f"map to {(labels or {}).get(str(self.option), self.option)}"
        return "keep as it is" if self.action == KEEP else "make empty"


@dataclass(frozen=True)
class EnumValue:
    text: str  # the value as written (trimmed)
    count: int
    rows: tuple[int, ...]  # the first rows it is in (0-based, in the order fed)
    matched: bool  # lands on an option as it is
    suggestion: EnumChoice
    why: str  # "the option's value", "label of Sun, ignoring case", "close to Rain (89%)", ...


@dataclass(frozen=True)
class EnumValues:
    values: tuple[EnumValue, ...]  # distinct values, unmatched first, then by count
    missing: int  # empty cells and missing tokens
    more: int  # distinct values beyond MAX_DISTINCT, not listed

    @property
    def unmatched(self) -> tuple[EnumValue, ...]:
        return tuple(v for v in self.values if not v.matched)

    def value_map(self, choices: dict[str, EnumChoice] | None = None) -> dict[str, Any]:
        """{source text: option value, or None to make it empty} for the import's value map
        (Mapping.values[field]): the suggestions, with the user's `choices` over them. Values
        kept as they are are left out (the field flags them)."""
        out: dict[str, Any] = {}
        for v in self.values:
            choice = (choices or {}).get(v.text, v.suggestion)
            if choice.action == MAP and not v.matched:
                out[v.text] = choice.option
            elif choice.action == EMPTY:
                out[v.text] = None
        return out


def _option_names(options: Iterable[Any]) -> list[tuple[Any, list[str]]]:
    out = []
    for o in options:
        if isinstance(o, dict):
            value, label, other = o.get("value"), o.get("label"), o.get("alternativeNames") or ()
        elif hasattr(o, "value"):
            value, label, other = o.value, getattr(o, "label", None), getattr(o, "alternative_names", ())
        else:
            value, label, other = o, None, ()
        names = [str(value), str(label or value)] + [str(n) for n in other]  # value, label, others
        out.append((value, names))
    return out


def _folded(text: str) -> str:
    """Case, accents, spaces and punctuation aside: "Île-de-France" ~ "ile de france"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[\W_]+", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


class _Matcher:
    def __init__(self, options: Iterable[Any]):
        self.names = _option_names(options)
        self.exact = {names[0]: value for value, names in self.names}
        self.loose: dict[str, tuple[Any, str]] = {}
        self.folded: dict[str, tuple[Any, str]] = {}
        for value, names in self.names:
            shown = names[1]
            for i, name in enumerate(names):
                what = "an option's value" if i == 0 else f"{'the label' if i == 1 else 'another name'} of {shown}"
                self.loose.setdefault(name.strip().lower(), (value, what))
                self.folded.setdefault(_folded(name), (value, what))

    def match(self, text: str) -> tuple[bool, EnumChoice, str]:
        if text in self.exact:
            return True, EnumChoice(MAP, self.exact[text]), "an option's value"
        hit = self.loose.get(text.strip().lower())
        if hit:
            return True, EnumChoice(MAP, hit[0]), f"{hit[1]}, ignoring case"
        hit = self.folded.get(_folded(text)) if _folded(text) else None
        if hit:
            return False, EnumChoice(MAP, hit[0]), f"{hit[1]}, ignoring accents and punctuation"
        return False, *self._similar(text)

    def _similar(self, text: str) -> tuple[EnumChoice, str]:
        from rapidfuzz import fuzz

        best, found = 0.0, None
        for value, names in self.names:
            for name in names:
                score = fuzz.ratio(text.casefold(), name.casefold()) / 100
                if score > best:
                    best, found = score, (value, name)
        if found and best >= SIMILAR:
            return EnumChoice(MAP, found[0]), f"close to {found[1]} ({best:.0%})"
        return EnumChoice(KEEP), "no similar option"


def enum_values(cells: Iterable[Any], options: Iterable[Any],
                missing: Iterable[str] = DEFAULT_MISSING) -> EnumValues:
    """Each distinct value of a column (one pass), with its count, first rows and a suggestion."""
    found = frozenset(t.strip() for t in missing) | {""}
    counts: Counter = Counter()
    rows: dict[str, list[int]] = {}
    empty = 0
    beyond: set[str] = set()
    for i, raw in enumerate(cells):
        text = raw if raw.__class__ is str else text_of(raw)
        s = text.strip() if text is not None else ""
        if s in found:
            empty += 1
            continue
        if s not in counts and len(counts) >= MAX_DISTINCT:
            if len(beyond) < MAX_DISTINCT:
                beyond.add(s)
            continue
        counts[s] += 1
        first = rows.setdefault(s, [])
        if len(first) < ROWS:
            first.append(i)
    matcher = _Matcher(options)
    listed = []
    for text, count in counts.items():
        matched, choice, why = matcher.match(text)
        listed.append(EnumValue(text, count, tuple(rows[text]), matched, choice, why))
    listed.sort(key=lambda v: (v.matched, -v.count, v.text))
    return EnumValues(tuple(listed), empty, len(beyond))
