"""A row caster compiled per sheet: the common, clean cell is handled inline, and only cells
that need more (messages, parsing, non-text input) call the field's full caster.

Casting is most of an import's time: ten million Python calls for a million rows of ten
fields. Inlining the checks that clean text passes (non-blank text, plain digits, a plain
decimal, an exact enum value or boolean word, an ISO date) into one generated function cuts
most of them; each field type (domain.fieldtypes) gives its own lines. Any exception in
the fast path falls back to the full casters for that row, so the result is always exactly
theirs. A field with external validators always takes its full caster, which runs them.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from .fieldtypes import REGISTRY
from .blueprint import FieldDef
from .cells import make_caster

FALLBACK = (ValueError, TypeError, IndexError, OverflowError)


def compile_row_caster(fields: Sequence[FieldDef], sink: list,
                       tail: tuple = ()) -> Callable[[Sequence[Any], int], tuple]:
    """cast_row(raw, rid) -> (rid, 0, *values, *tail); the caller corrects the 0 (error
    count) when the sink received messages."""
    casters = [make_caster(f, sink) for f in fields]
    env: dict[str, Any] = {}
    body = []
    for i, f in enumerate(fields):
        env[f"c{i}"] = casters[i]
        # A field's type gives the inlined lines of its clean cells; one with validators has
        # them see every value: no shortcut.
        lines = None if getattr(casters[i], "validated", False) else REGISTRY[f.type].fast_cell(i, f, env)
        body += [f"x{i} = c{i}(r[{i}])"] if lines is None else [f"x{i} = r[{i}]", *lines]
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
