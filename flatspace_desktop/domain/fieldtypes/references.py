"""References and reference lists: the key of a record in another sheet (config.ref names the
sheet, config.key its field). Linking them to their sheet is the blueprint's; checking that the
key exists is a rule's (storage.rules)."""

from __future__ import annotations

from ..values import SPACES, text_of
from .base import FieldType
from .string_list import ListType


def parse_reference(f, c) -> None:
    f.ref_sheet = c.get("ref", "str", required=True)
    f.ref_key = c.get("key", "str", required=True)
    relationship = c.get("relationship", "str")
    if relationship is not None and relationship not in ("has-one", "has-many"):
        raise c.error("relationship", f'expected "has-one" or "has-many", found "{relationship}"')


def _refers_to(f) -> list[str]:
    # No sheet: one the workbook does not have, listed as not enforced instead.
    return [f"refers to {f.ref_sheet}.{f.ref_key}"] if f.ref_sheet else []


class ReferenceType(FieldType):
    names = ("reference",)
    editor = "reference"

    def parse_config(self, f, c) -> None:
        parse_reference(f, c)

    def caster(self, f, sink, empty):
        def cast(raw):
            s = text_of(raw)
            if s is None or not s.strip():
                return empty()
            return s.strip()
        return cast

    def fast_cell(self, i, f, env):
        env["_ws"] = SPACES  # text with nothing to strip is its own key
        x = f"x{i}"
        return [f"if {x}.__class__ is not str or not {x} or {x}[0] in _ws or {x}[-1] in _ws: {x} = c{i}({x})"]

    def describe(self, f):
        return _refers_to(f)


class ReferenceListType(ListType):
    names = ("reference-list",)

    def parse_config(self, f, c) -> None:
        parse_reference(f, c)

    def describe(self, f):
        return _refers_to(f)


REFERENCE = ReferenceType()
REFERENCE_LIST = ReferenceListType()
