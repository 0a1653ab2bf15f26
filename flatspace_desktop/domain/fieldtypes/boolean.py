"""True or false: stored as 1 or 0, read from words (yes/no, on/off, x); config.allowIndeterminate."""

from __future__ import annotations

from ..values import FALSE_WORDS, TRUE_WORDS, text_of
from .base import FieldType


def _words() -> dict[str, int]:
    """Every word in the cases people type it: the row caster's exact look-up."""
    words: dict[str, int] = {}
    for value, group in ((1, TRUE_WORDS), (0, FALSE_WORDS)):
        for w in group:
            for form in (w, w.upper(), w.capitalize()):
                words[form] = value
    return words


WORDS = _words()


class BooleanType(FieldType):
    names = ("boolean",)
    editor = "check"

    def parse_config(self, f, c) -> None:
        f.allow_indeterminate = c.get("allowIndeterminate", "bool", True)

    def caster(self, f, sink, empty):
        key, add = f.key, sink.append
        if not f.allow_indeterminate and not f.required:
            # Flatfile: with allowIndeterminate false a boolean is never neither; an empty cell
            # is false. A required one still asks for an answer instead of assuming one.
            def empty():
                return 0

        def cast(raw):
            if raw is None or raw == "":
                return empty()
            if isinstance(raw, bool):
                return 1 if raw else 0
            if isinstance(raw, (int, float)) and raw in (0, 1):
                return int(raw)
            s = str(raw).strip().lower()
            if s in TRUE_WORDS:
                return 1
            if s in FALSE_WORDS:
                return 0
            if not s:
                return empty()
            add((key, "error", "type", f'"{text_of(raw)}" is not true or false'))
            return text_of(raw)
        return cast

    def fast_cell(self, i, f, env):
        env["_bools"] = WORDS
        x = f"x{i}"
        # True and False: a yes/no already read by the import's column reading
        return [f"{x} = _bools[{x}] if {x}.__class__ is str and {x} in _bools else "
                f"1 if {x} is True else 0 if {x} is False else c{i}({x})"]

    def public(self, f, stored):
        return bool(stored) if isinstance(stored, int) else stored

    def display(self, f, stored):
        if isinstance(stored, int):
            return "true" if stored else "false"
        return super().display(f, stored)

    def export_value(self, f, stored):
        return bool(stored) if isinstance(stored, int) else super().export_value(f, stored)

    def validator_inputs(self, f, stored):
        if isinstance(stored, int):
            return ((bool(stored), "true" if stored else "false"),)
        return super().validator_inputs(f, stored)

    def choices(self, f):
        return [("true", "true"), ("false", "false")]

    def choice_of(self, f, stored):
        return "true" if stored == 1 else "false" if stored == 0 else stored


BOOLEAN = BooleanType()
