"""Text: stored as given; config.size caps its length (Flatfile's tiny/normal/medium/long or a number)."""

from __future__ import annotations

from ..values import text_of
from .base import FieldType

SIZES = {"tiny": 255, "normal": 65_535, "medium": 16_777_215, "long": None}


class StringType(FieldType):
    names = ("string",)

    def parse_config(self, f, c) -> None:
        size = c.get("size", "any")
        if size is None:
            f.max_length = None
        elif isinstance(size, str) and size in SIZES:
            f.max_length = SIZES[size]
        elif isinstance(size, int) and not isinstance(size, bool) and size > 0:
            f.max_length = size
        else:
            raise c.error("size", f'expected one of {", ".join(SIZES)} or a positive whole number, found {size!r}')

    def caster(self, f, sink, empty):
        key, add, limit = f.key, sink.append, f.max_length

        def cast(raw):
            if raw is None or raw == "" or (isinstance(raw, str) and raw[0] in " \t\r\n" and not raw.strip()):
                return empty()
            s = raw if isinstance(raw, str) else text_of(raw)
            if limit is not None and len(s) > limit:
                add((key, "error", "size", f"Longer than {limit} characters ({len(s)})"))
            return s
        return cast

    def fast_cell(self, i, f, env):
        x = f"x{i}"
        size = f" or len({x}) > {f.max_length}" if f.max_length is not None else ""
        return [f"if {x}.__class__ is not str or not {x} or {x}.isspace(){size}: {x} = c{i}({x})"]

    def validator_inputs(self, f, stored):
        return ((stored, stored),)  # its value is its text


STRING = StringType()
