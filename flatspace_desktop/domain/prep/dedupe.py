"""Duplicate records by a key: which records to delete, which kept record takes which merged
values, and a summary to review before anything changes.

Records come as a stream of (record id, key values, row) in record order. Memory follows the
number of distinct keys (an id each, plus the empty fields of a row merge may fill); with
presorted=True (the stream ordered by dedupe_key, then record order, e.g. by a storage query
using dedupe_key as its sort function) only the current key is held.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Hashable, Iterable, Mapping, Sequence

from ..values import text_of
from .params import Params, is_empty, one_of

MATCHES = ("exact", "loose")  # loose: case, surrounding and repeated spaces do not count
KEEPS = ("first", "last", "merge")  # merge: keep the first, fill its empty fields in record order
EXAMPLE_IDS = 20  # record ids an example group lists


def dedupe_key(values: Sequence[Any], match: str = "exact") -> tuple | None:
    """The key records are compared by; None when every part is empty (records without a key
    are never duplicates of each other)."""
    parts = []
    for v in values:
        text = text_of(v)
        if text is not None and match == "loose":
            text = " ".join(text.split()).casefold() or None
        parts.append(text)
    return None if all(is_empty(p) for p in parts) else tuple(parts)


@dataclass(frozen=True)
class DedupeGroup:
    key: tuple
    kept: Hashable
    removed: tuple  # the first EXAMPLE_IDS removed ids, in record order
    size: int  # records in the group
    merged: Mapping[str, Any]  # fields the kept record takes from the others


@dataclass(frozen=True)
class DedupePlan:
    keep: str
    match: str
    delete: tuple  # record ids (keep last: in the order their later duplicates came)
    updates: Mapping[Hashable, Mapping[str, Any]]  # kept record id -> {field: merged value}
    groups: int  # keys held by more than one record
    records: int  # records read
    examples: tuple[DedupeGroup, ...]

    @property
    def records_to_remove(self) -> int:
        return len(self.delete)

    @property
    def records_to_update(self) -> int:
        return len(self.updates)

    def summary(self, key_label: str = "the key") -> str:
        if not self.groups:
            return f"No duplicates by {key_label} among {_n(self.records, 'record')}."
        how = " (ignoring case and spaces)" if self.match == "loose" else ""
        keep = {"first": "the first of each is kept", "last": "the last of each is kept",
                "merge": "the first of each is kept and takes the others' values for its empty fields (where "
                         "they hold a different value, the first's stays)"}[self.keep]
        text = (f"{_n(self.groups, 'group')} of duplicates by {key_label}{how} among "
                f"{_n(self.records, 'record')}: {self.records_to_remove:,} to remove; {keep}")
        if self.keep == "merge":
            text += f" ({_n(self.records_to_update, 'record')} updated)"
        return text + "."


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@dataclass
class _Example:
    ids: list = field(default_factory=list)
    size: int = 0
    last: Hashable = None


@dataclass(frozen=True)
class Dedupe(Params):
    """The step's parameters; its fields are the key."""

    op = "dedupe"
    shape = "sheet"
    keep: str = "first"
    match: str = "exact"

    def check(self):
        one_of("keep", self.keep, KEEPS)
        one_of("match", self.match, MATCHES)

    def plan(self, records: Iterable[tuple[Hashable, Sequence[Any], Mapping[str, Any]]], **options) -> DedupePlan:
        return plan_dedupe(records, self.match, self.keep, **options)


def plan_dedupe(records: Iterable[tuple[Hashable, Sequence[Any], Mapping[str, Any]]], match: str = "exact",
                keep: str = "first", *, presorted: bool = False, examples: int = 5) -> DedupePlan:
    """Which records to delete and which to update; nothing is changed here."""
    Dedupe(keep, match)  # the same one-line refusals as a recipe step
    kept: dict[tuple, Hashable] = {}  # key -> the record kept so far
    missing: dict[tuple, set[str]] = {}  # merge: key -> the kept record's fields still empty
    delete: list = []
    updates: dict[Hashable, dict[str, Any]] = {}
    shown: dict[tuple, _Example] = {}
    groups = n = 0
    current = None
    dup_of_current = False
    seen_twice: set[tuple] = set()
    for rid, key_values, row in records:
        n += 1
        key = dedupe_key(key_values, match)
        if key is None:
            continue
        if presorted and key != current:
            kept.clear()
            missing.clear()
            current, dup_of_current = key, False
        if key not in kept:
            kept[key] = rid
            if keep == "merge":
                empty = {f for f, v in row.items() if is_empty(v)}
                if empty:
                    missing[key] = empty
            continue
        first_dup = not dup_of_current if presorted else key not in seen_twice
        if first_dup:
            groups += 1
            if presorted:
                dup_of_current = True
            else:
                seen_twice.add(key)
            if len(shown) < examples:
                shown[key] = _Example([kept[key]], 1, kept[key])
        ex = shown.get(key)
        if ex is not None:
            ex.size += 1
            ex.last = rid
            if len(ex.ids) < EXAMPLE_IDS + 1:
                ex.ids.append(rid)
        if keep == "last":
            delete.append(kept[key])
            kept[key] = rid
            continue
        delete.append(rid)
        empty = missing.get(key)
        if empty:
            for f in [f for f in empty if not is_empty(row.get(f))]:
                updates.setdefault(kept[key], {})[f] = row[f]
                empty.discard(f)
            if not empty:
                del missing[key]
    groups_out = []
    for key, ex in shown.items():
        ids = ex.ids
        if keep == "last":
            kept_id, removed = ex.last, tuple(i for i in ids if i != ex.last)[:EXAMPLE_IDS]
        else:
            kept_id, removed = ids[0], tuple(ids[1:EXAMPLE_IDS + 1])
        groups_out.append(DedupeGroup(key, kept_id, removed, ex.size, dict(updates.get(kept_id, {}))))
    return DedupePlan(keep, match, tuple(delete), updates, groups, n, tuple(groups_out))
