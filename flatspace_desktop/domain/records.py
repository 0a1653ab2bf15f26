"""What a person asks to see of a sheet (View) and a record as read (Record): the same objects
drive the grid, the command line and exports, whatever storage answers them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .cells import public_value

FILTERS = ("all", "valid", "error")


@dataclass(frozen=True)
class Facet:
    """Records by one field's values, picked in its profile: those holding any of `values`
    (None: an empty cell), or a value in low <= value < high (numbers, or ISO dates)."""

    key: str
    values: tuple = ()
    low: Any = None
    high: Any = None

    def describe(self) -> str:
        if self.values:
            shown = ", ".join("(empty)" if v is None else str(v) for v in self.values[:3])
            return f"{self.key}: {shown}" + (f" +{len(self.values) - 3}" if len(self.values) > 3 else "")
        return f"{self.key}: {'' if self.low is None else self.low}–{'' if self.high is None else self.high}"


@dataclass(frozen=True)
class View:
    """What a person has chosen to see: the same object drives the grid, the CLI and exports."""

    filter: str = "all"
    field_errors: str | None = None  # only records with an error in this field
    search: str | None = None
    sort: str | None = None  # field key
    descending: bool = False
    facets: tuple[Facet, ...] = ()  # all of them hold (and the filter and search)


@dataclass
class Record:
    rid: int
    values: dict[str, Any]
    messages: dict[str, list[dict]] = field(default_factory=dict)
    n_err: int = 0
    updated_by: str | None = None

    @property
    def valid(self) -> bool:
        return self.n_err == 0

    def to_flatfile(self, sheet) -> dict:
        """As Flatfile's Record: {id, values: {key: {value, valid, messages}}, valid, metadata}."""
        out = {}
        for f in sheet.fields:
            msgs = self.messages.get(f.key, [])
            out[f.key] = {
                "value": public_value(f, self.values.get(f.key)),
                "valid": not any(m["type"] == "error" for m in msgs),
                "messages": msgs,
            }
        return {"id": str(self.rid), "values": out, "valid": self.valid, "metadata": {}}
