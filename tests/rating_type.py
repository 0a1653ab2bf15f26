"""A field type from outside the app, as a plugin would add one: a rating, a whole number from 1
to config.max (5 unless given), shown as stars and picked from a list. This module and the
register(RATING) line in tests/core/test_fieldtype_registry.py are all it takes."""

from __future__ import annotations

from flatspace_desktop.domain.fieldtypes import FieldType
from flatspace_desktop.domain.values import parse_number, text_of


class RatingType(FieldType):
    names = ("rating",)
    numeric = True
    editor = "choice"

    def parse_config(self, f, c) -> None:
        top = c.get("max", "int", 5)
        if not 1 <= top <= 10:
            raise c.error("max", "must be between 1 and 10")
        f.settings["max"] = top

    def caster(self, f, sink, empty):
        key, add, top = f.key, sink.append, f.settings["max"]

        def cast(raw):
            s = text_of(raw)
            if s is None or not s.strip():
                return empty()
            v = parse_number(raw)
            if v.__class__ is int and 1 <= v <= top:
                return v
            add((key, "error", "type", f'"{s}" is not a rating from 1 to {top}'))
            return s  # kept as given, flagged
        return cast

    def fast_cell(self, i, f, env):
        env[f"rating{i}"] = {str(n): n for n in range(1, f.settings["max"] + 1)}
        return [f"x{i} = rating{i}[x{i}] if x{i}.__class__ is str and x{i} in rating{i} else c{i}(x{i})"]

    def shower(self, f):
        top = f.settings["max"]

        def stars(v) -> str:
            if v.__class__ is int and 1 <= v <= top:
                return "★" * v + "☆" * (top - v)
            return "" if v is None else self.display(f, v)
        return stars

    def describe(self, f):
        return [f"a rating from 1 to {f.settings['max']}"]

    def choices(self, f):
        return [(str(n), n) for n in range(1, f.settings["max"] + 1)]


RATING = RatingType()
