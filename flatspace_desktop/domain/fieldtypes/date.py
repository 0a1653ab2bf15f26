"""Dates: stored as YYYY-MM-DD; day/month/year text is read with a note when it could be either way."""

from __future__ import annotations

from datetime import date

from ..values import parse_date, text_of
from .base import FieldType


class DateType(FieldType):
    names = ("date",)
    editor = "date"

    def caster(self, f, sink, empty):
        key, add = f.key, sink.append

        def cast(raw):
            if raw is None or raw == "" or (isinstance(raw, str) and not raw.strip()):
                return empty()
            v, note = parse_date(raw)
            if v is None:
                add((key, "error", "type", f'"{text_of(raw)}" is not a date (expected YYYY-MM-DD)'))
                return text_of(raw)
            if note:
                add((key, "warn", "type", note))
            return v
        return cast

    def fast_cell(self, i, f, env):
        env["_iso"] = date.fromisoformat
        x = f"x{i}"
        return [f"if not ({x}.__class__ is str and len({x}) == 10 and {x}[4] == '-' and {x}[7] == '-' "
                f"and _iso({x})): {x} = c{i}({x})"]

    def export_value(self, f, stored):
        if isinstance(stored, str) and len(stored) == 10:
            try:
                return date.fromisoformat(stored)
            except ValueError:
                pass  # text kept because it is not a date
        return super().export_value(f, stored)

    def reads(self, f, text):
        return parse_date(text)[0] is not None

    def expected(self, f):
        return "a date"


DATE = DateType()
