"""Numbers: stored as int or float; config.decimalPlaces rounds (with a warning) and shows them."""

from __future__ import annotations

import math

from ..values import INT_DIGITS, INT_MAX, INT_MIN, parse_number, text_of, too_large
from .base import FieldType


class NumberType(FieldType):
    names = ("number",)
    numeric = True
    editor = "number"

    def parse_config(self, f, c) -> None:
        places = c.get("decimalPlaces", "int")
        if places is not None and not 0 <= places <= 15:
            raise c.error("decimalPlaces", "must be between 0 and 15")
        f.decimal_places = places

    def caster(self, f, sink, empty):
        key, add, places = f.key, sink.append, f.decimal_places

        def cast(raw):
            if raw is None or raw == "" or (isinstance(raw, str) and not raw.strip()):
                return empty()
            v = parse_number(raw)
            if v is None:
                if too_large(raw):
                    add((key, "error", "type", f"Too large to store as a number (whole numbers go up to {INT_MAX:,}); "
                                               "kept as text"))
                else:
                    add((key, "error", "type", f'"{text_of(raw)}" is not a number'))
                return text_of(raw)
            if places is not None and isinstance(v, float):
                r = round(v, places)
                if places == 0:
                    r = int(r)
                if r != v:
                    add((key, "warn", "type", f"Rounded {v} to {places} decimal places"))
                v = r
            return v
        return cast

    def fast_cell(self, i, f, env):
        x, c, places = f"x{i}", f"c{i}", f.decimal_places
        env["_inf"] = math.inf
        env["_imin"], env["_imax"] = INT_MIN, INT_MAX
        # Fewer digits than INT_DIGITS always fit SQLite's 64-bit INTEGER; longer ones go to the caster.
        lines = [f"if {x}.__class__ is str and {x}.isascii() and {x}.isdigit() and len({x}) < {INT_DIGITS}: "
                 f"{x} = int({x})",
                 # A whole number already read (by the import's column reading, or a spreadsheet) is itself
                 f"elif {x}.__class__ is int and _imin <= {x} <= _imax: pass"]
        if places is None:  # a decimal already read, as the caster keeps it (integral ones become int)
            lines.append(f"elif {x}.__class__ is float and -_inf < {x} < _inf and not {x}.is_integer(): pass")
        if places != 0:
            # Plain decimals only ("12.5"); the full caster returns a float for these too.
            # With decimalPlaces, text with no more decimals than allowed needs no rounding.
            fits = f" and len({x}) - {x}.rfind('.') <= {places + 1}" if places is not None else ""
            lines += [
                f"elif {x}.__class__ is str and '.' in {x} and '_' not in {x} and 'e' not in {x} "
                f"and 'E' not in {x}{fits}:",
                f"    v = float({x})",
                f"    {x} = v if v == v and -_inf < v < _inf else {c}({x})",
            ]
        lines.append(f"else: {x} = {c}({x})")
        return lines

    def display(self, f, stored):
        if f.decimal_places is None and isinstance(stored, float) and stored.is_integer():
            return str(int(stored))  # 3.0 reads as 3; with decimal places it stays 3.0
        return str(stored)

    def shower(self, f):
        places = f.decimal_places
        if places is None:
            return super().shower(f)

        def show_number(v) -> str:
            if v is None:
                return ""
            if isinstance(v, int) and not isinstance(v, bool):  # exact, however large
                return f"{v}.{'0' * places}" if places else str(v)
            if isinstance(v, float) and math.isfinite(v):
                return f"{v:.{places}f}"
            return str(v)
        return show_number

    def reads(self, f, text):
        return parse_number(text) is not None

    def expected(self, f):
        return "a number"


NUMBER = NumberType()
