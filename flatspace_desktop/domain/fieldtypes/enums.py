"""Enums and enum lists: a value among config.options (each a value, a label and other names it
is known by); config.allowCustom keeps other values with a note instead of an error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..values import INT_MAX, INT_MIN, fits_int, text_of
from .base import FieldType
from .string_list import ListType


@dataclass(frozen=True)
class EnumOption:
    value: Any
    label: str
    alternative_names: tuple[str, ...] = ()


class EnumMatcher:
    """Finds an option by value, then by value/label/alternativeNames ignoring case."""

    def __init__(self, f):
        self.exact = {str(o.value): o.value for o in f.options}
        self.loose: dict[str, Any] = {}
        for o in f.options:
            for name in (str(o.value), o.label, *o.alternative_names):
                self.loose.setdefault(name.strip().lower(), o.value)

    def match(self, text: str):
        if text in self.exact:
            return True, self.exact[text]
        key = text.strip().lower()
        if key in self.loose:
            return True, self.loose[key]
        return False, text


def parse_options(f, c) -> None:
    raw_options = c.get("options", "list", required=True)
    if not raw_options:
        raise c.error("options", "an enum needs at least one option")
    options, seen = [], {}
    for i, o in enumerate(raw_options):
        orr = c.child(o, f"{c.at('options')}[{i}]")
        value = orr.get("value", "any", required=True)
        if isinstance(value, (dict, list)):
            raise orr.error("value", f"expected a string, number or true/false, found {c.type_name(value)}")
        if isinstance(value, int) and not fits_int(value):  # stored in cells as it is
            raise orr.error("value", f"a whole number must lie between {INT_MIN} and {INT_MAX}")
        # Flatfile accepts one value under several labels (either maps to it). Values that read
        # the same but differ in type (1 and "1") are refused: a cell could not say which it holds.
        first = seen.setdefault(str(value), (i, value))
        if type(first[1]) is not type(value) or first[1] != value:
            raise orr.error("value", f'"{value}" is already used by options[{first[0]}]')
        options.append(EnumOption(value, orr.get("label", "str") or str(value), orr.strings("alternativeNames")))
    f.options = tuple(options)
    f.allow_custom = c.get("allowCustom", "bool", False)


def _labels(f) -> dict[str, str]:
    return {str(o.value): o.label for o in reversed(f.options)}  # the first label of a value


def _one_of(f) -> list[str]:
    if not f.options:
        return []
    more = "…" if len(f.options) > 12 else ""
    return ["one of: " + ", ".join(o.label for o in f.options[:12]) + more]


class EnumType(FieldType):
    names = ("enum",)
    editor = "choice"

    def parse_config(self, f, c) -> None:
        parse_options(f, c)

    def caster(self, f, sink, empty):
        key, add = f.key, sink.append
        matcher, allow_custom = EnumMatcher(f), f.allow_custom

        def cast(raw):
            s = text_of(raw)
            if s is None or not s.strip():
                return empty()
            ok, v = matcher.match(s)
            if not ok:
                if allow_custom:
                    add((key, "info", "invalid-option", f'"{s}" is a custom value, not one of the options'))
                else:
                    add((key, "error", "invalid-option", f'"{s}" is not one of the options'))
            return v
        return cast

    def fast_cell(self, i, f, env):
        env[f"e{i}"] = EnumMatcher(f).exact
        x = f"x{i}"
        return [f"{x} = e{i}[{x}] if {x}.__class__ is str and {x} in e{i} else c{i}({x})"]

    def shower(self, f):
        if not f.options:
            return super().shower(f)
        labels, display = _labels(f), self.display
        return lambda v: labels.get(str(v), display(f, v)) if v is not None else ""

    def describe(self, f):
        return _one_of(f)

    def choices(self, f):
        return [(o.label if o.label == str(o.value) else f"{o.label} ({o.value})", o.value) for o in f.options]

    def custom_choice(self, f):
        return f.allow_custom


class EnumListType(ListType):
    names = ("enum-list",)

    def parse_config(self, f, c) -> None:
        parse_options(f, c)

    def matcher(self, f):
        return EnumMatcher(f)

    def shower(self, f):
        if not f.options:
            return super().shower(f)
        labels = _labels(f)

        def show_list(v) -> str:
            if v is None:
                return ""
            items = self.public(f, v)
            if not isinstance(items, list):
                return self.display(f, v)
            return ", ".join(labels.get(str(i), str(i)) for i in items)
        return show_list

    def describe(self, f):
        return _one_of(f)


ENUM = EnumType()
ENUM_LIST = EnumListType()
