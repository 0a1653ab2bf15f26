"""Casting raw cell input to stored values, with the messages of cell-local rules; showing
stored values. Each field type (domain.fieldtypes) does its own; this adds what they share:
the required message of an empty cell, external validators, and empty cells shown as "".

A caster is built once per field and called per cell, so the happy path allocates nothing:
problems are appended to a shared `sink` as (key, type, source, message). What a cell
cannot be cast to is kept as the text that was given, flagged, so nothing is lost.

Stored forms: numbers as int/float, booleans as 1/0, dates as "YYYY-MM-DD", enums as the
option's value, lists as a JSON array of strings, empty as None.
"""

from __future__ import annotations

from typing import Any, Callable

from .fieldtypes import REGISTRY, Caster, Sink
from .fieldtypes.enums import EnumMatcher
from .values import FALSE_WORDS, TRUE_WORDS, parse_date, parse_number, split_list, text_of, too_large
from .blueprint import FieldDef

__all__ = ["FALSE_WORDS", "TRUE_WORDS", "Caster", "EnumMatcher", "Sink", "display_text", "flatfile_source",
           "make_caster", "make_shower", "parse_date", "parse_number", "public_value", "split_list", "text_of",
           "too_large"]

# Flatfile's ValidationSource. Type and size faults have none, so their messages carry no source.
FLATFILE_SOURCES = frozenset({"required-constraint", "unique-constraint", "custom-logic", "unlinked",
                              "invalid-option", "is-artifact"})
_OLD_SOURCES = {"required": "required-constraint", "unique": "unique-constraint", "enum": "invalid-option",
                "reference": "unlinked"}  # names stored by Spaces made before the Flatfile ones


def flatfile_source(source: str) -> str | None:
    """A stored message source as Flatfile names it, or None where Flatfile has no name for it."""
    if source.startswith("hook:"):  # a record hook's message: Flatfile's name for a listener's own
        return "custom-logic"
    source = _OLD_SOURCES.get(source, source)
    return source if source in FLATFILE_SOURCES else None


def make_caster(f: FieldDef, sink: Sink) -> Caster:
    """The field's caster, followed by its external validators when it has any that run here
    (a field without them gets the plain caster: nothing more per cell)."""
    cast = REGISTRY[f.type].caster(f, sink, _empty(f, sink))
    if not f.validators:
        return cast
    from .validators import checks_for

    checks = checks_for(f)
    return _validated(f, cast, checks, sink) if checks else cast


def _validated(f: FieldDef, cast: Caster, checks: list, sink: Sink) -> Caster:
    """Validators see non-empty values that their type accepted (a number field's "abc" is the
    type's error alone), as stored, with the text shown for them; a validator that raises
    puts one error on the cell naming it, and the value is kept."""
    from .validators import SOURCE, failure

    key, add, inputs = f.key, sink.append, REGISTRY[f.type].validator_inputs

    def run(value, text):
        for name, check in checks:
            try:
                found = check(value, text)
            except Exception as exc:  # noqa: BLE001 - the validator's fault, never the import's
                found = [failure(name, exc)]
            if found:
                for level, message in found:
                    add((key, level, SOURCE, message))

    def validated(raw):
        before = len(sink)
        v = cast(raw)
        if v is None:
            return None
        if len(sink) > before and any(m[2] == "type" and m[1] == "error" for m in sink[before:]):
            return v
        for value, text in inputs(f, v):  # each item of a list; a boolean as true/false
            run(value, text)
        return v

    validated.validated = True
    return validated


def _empty(f: FieldDef, sink: Sink) -> Callable[[], None]:
    """What an empty cell is: nothing, and a message when the field is required."""
    key, required, add = f.key, f.required, sink.append

    def empty():
        if required:
            add((key, f.required_level, "required-constraint", f.required_message or f"{f.label} is required"))
        return None
    return empty


def public_value(f: FieldDef, stored: Any) -> Any:
    """The value as Flatfile's record JSON shows it."""
    return None if stored is None else REGISTRY[f.type].public(f, stored)


def display_text(f: FieldDef, stored: Any) -> str:
    """The value as a person reads it in a grid or a CSV."""
    return "" if stored is None else REGISTRY[f.type].display(f, stored)


def make_shower(f: FieldDef) -> Callable[[Any], str]:
    """How a stored value is shown to a person in the window: an option's label instead of its
    value, a number with the field's decimal places, booleans as true/false. For the eye only:
    copying, exporting and editing use display_text, which the casters read back exactly."""
    return REGISTRY[f.type].shower(f)
