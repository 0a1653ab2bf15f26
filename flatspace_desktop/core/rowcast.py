"""A row caster compiled per sheet: the common, clean cell is handled inline, and only cells
that need more (messages, parsing, non-text input) call the field's full caster.

Casting is most of an import's time: ten million Python calls for a million rows of ten
fields. Inlining the checks that clean text passes (non-blank text, plain digits, a plain
decimal, an exact enum value or boolean word, an ISO date) into one generated function cuts
most of them. Any exception in the fast path falls back to the full casters for that row, so
the result is always exactly theirs. A field with external validators always takes its full
caster, which runs them.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Callable, Sequence

from .blueprint import FieldDef
from .cells import FALSE_WORDS, TRUE_WORDS, EnumMatcher, make_caster

FALLBACK = (ValueError, TypeError, IndexError, OverflowError)


def _bool_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for value, group in ((1, TRUE_WORDS), (0, FALSE_WORDS)):
        for w in group:
            for form in (w, w.upper(), w.capitalize()):
                words[form] = value
    return words


def _cell_code(i: int, f: FieldDef, env: dict) -> list[str]:
    x, c = f"x{i}", f"c{i}"
    lines = [f"{x} = r[{i}]"]
    if f.type == "string":
        size = f" or len({x}) > {f.max_length}" if f.max_length is not None else ""
        lines.append(f"if {x}.__class__ is not str or not {x} or {x}.isspace(){size}: {x} = {c}({x})")
    elif f.type == "number":
        places = f.decimal_places
        # Fewer than 19 digits always fit SQLite's 64-bit INTEGER; longer ones go to the caster.
        lines.append(f"if {x}.__class__ is str and {x}.isascii() and {x}.isdigit() and len({x}) < 19: {x} = int({x})")
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
    elif f.type == "boolean":
        lines.append(f"{x} = _bools[{x}] if {x}.__class__ is str and {x} in _bools else {c}({x})")
    elif f.type == "date":
        lines.append(f"if not ({x}.__class__ is str and len({x}) == 10 and {x}[4] == '-' and {x}[7] == '-' "
                     f"and _iso({x})): {x} = {c}({x})")
    elif f.type == "enum":
        env[f"e{i}"] = EnumMatcher(f).exact
        lines.append(f"{x} = e{i}[{x}] if {x}.__class__ is str and {x} in e{i} else {c}({x})")
    else:
        lines.append(f"{x} = {c}({x})")
    return lines


def compile_row_caster(fields: Sequence[FieldDef], sink: list,
                       tail: tuple = ()) -> Callable[[Sequence[Any], int], tuple]:
    """cast_row(raw, rid) -> (rid, 0, *values, *tail); the caller corrects the 0 (error
    count) when the sink received messages."""
    casters = [make_caster(f, sink) for f in fields]
    env: dict[str, Any] = {"_iso": date.fromisoformat, "_bools": _bool_words(), "_inf": math.inf}
    body = []
    for i, f in enumerate(fields):
        env[f"c{i}"] = casters[i]
        if getattr(casters[i], "validated", False):  # its validators see every value: no shortcut
            body.append(f"x{i} = c{i}(r[{i}])")
        else:
            body += _cell_code(i, f, env)
    env["_tail"] = tail
    names = "".join(f", x{i}" for i in range(len(fields)))
    body.append(f"return (rid, 0{names}) + _tail" if tail else f"return (rid, 0{names})")
    source = "def fast(r, rid):\n" + "".join(f"    {line}\n" for line in body)
    exec(compile(source, "<row caster>", "exec"), env)
    fast = env["fast"]

    def cast_row(raw: Sequence[Any], rid: int) -> tuple:
        try:
            return fast(raw, rid)
        except FALLBACK:
            sink.clear()  # the fast path may have half-reported this row
            return (rid, 0, *(c(v) for c, v in zip(casters, raw)), *tail)

    return cast_row
