"""Lists of text, and the list base the enum and reference lists share: given as a JSON array or
text split at ";" (or "," when there is none), stored as a JSON array of strings."""

from __future__ import annotations

import json

from ..values import split_list
from .base import FieldType


class ListType(FieldType):
    is_list = True

    def matcher(self, f):
        """What checks each item (an enum list's options), or None: every item is kept."""
        return None

    def caster(self, f, sink, empty):
        key, add = f.key, sink.append
        matcher = self.matcher(f)
        allow_custom = f.allow_custom

        def cast(raw):
            items = split_list(raw)
            if not items:
                return empty()
            if matcher is not None:
                out = []
                for item in items:
                    ok, v = matcher.match(item)
                    if not ok:
                        kind = "info" if allow_custom else "error"
                        add((key, kind, "invalid-option", f'"{item}" is not one of the options'))
                    out.append(str(v))
                items = out
            return json.dumps(items, ensure_ascii=False)
        return cast

    def public(self, f, stored):
        if isinstance(stored, str):
            try:
                return json.loads(stored)
            except ValueError:
                return stored
        return stored

    def display(self, f, stored):
        if isinstance(stored, str):
            try:
                return ", ".join(json.loads(stored))
            except ValueError:
                return stored
        return super().display(f, stored)

    def validator_inputs(self, f, stored):
        items = self.public(f, stored)
        return tuple((item, item) for item in items) if isinstance(items, list) else ()


class StringListType(ListType):
    names = ("string-list",)


STRING_LIST = StringListType()
