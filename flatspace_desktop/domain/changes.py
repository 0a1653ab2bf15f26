"""What a write changed, so each view re-reads only that (Anki's OpChanges).

Every write passes the service's unit of work, which records one activity row in the same
transaction; a Changes value is derived from that row. The same derivation turns the rows
another program wrote (seen when the database's data_version moves) into the same Changes,
so a view does not care who changed the Space.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

CELLS, ROWS = "cells", "rows"  # what changed in a sheet: values and messages, or which records exist


@dataclass
class Changes:
    space_id: str
    records: dict[int, str] = field(default_factory=dict)  # sheet id -> CELLS or ROWS
    all_records: bool = False  # every sheet (a restore, or a change whose sheet is not known)
    schema: bool = False  # workbooks, sheets or fields: the tree and the sheets' columns
    files: bool = False
    documents: bool = False
    settings: bool = False  # name, labels, metadata, theme, archive state
    guests: bool = False
    history: bool = False  # snapshots taken, relabelled, deleted or restored
    undo: bool = False  # undo steps moved
    outside: bool = False  # written by another program

    def merge(self, other: "Changes") -> None:
        for sid, kind in other.records.items():
            if self.records.get(sid) != ROWS:
                self.records[sid] = kind
        for name in ("all_records", "schema", "files", "documents", "settings", "guests", "history", "undo",
                     "outside"):
            if getattr(other, name):
                setattr(self, name, True)

    def sheet(self, sheet_id: int) -> str | None:
        """CELLS or ROWS when this sheet's records changed, else None."""
        if self.all_records or self.schema:
            return ROWS
        return self.records.get(sheet_id)

    def __bool__(self) -> bool:
        return bool(self.records) or any(getattr(self, n) for n in (
            "all_records", "schema", "files", "documents", "settings", "guests", "history", "undo"))


_ROWS = {"add", "delete", "import", "undo", "redo", "dedupe"}  # record actions that add or remove records


def from_activity(space_id: str, action: str, detail: dict[str, Any] | str | None) -> Changes:
    """The Changes of one activity-log row (action "records.update", detail {"sheetId": 3, ...})."""
    if isinstance(detail, str):
        try:
            detail = json.loads(detail)
        except ValueError:
            detail = {}
    detail = detail if isinstance(detail, dict) else {}
    noun, _, verb = action.partition(".")
    c = Changes(space_id)
    if noun == "records":
        sid = detail.get("sheetId")
        kind = ROWS if verb in _ROWS and detail.get("rows", True) else CELLS
        if isinstance(sid, int):
            c.records[sid] = kind
        else:
            c.all_records = True
        c.undo = True
        c.schema = bool(detail.get("fieldsAdded"))  # an import that added columns for new fields
        c.history = verb in ("import", "replace", "bulk_update", "undo", "redo") or detail.get("count", 0) >= 10
    elif noun == "file":
        c.files = True
    elif noun == "document":
        c.documents = True
    elif noun == "workbook":
        c.schema = c.history = True
    elif noun == "space":
        c.settings = True
        c.schema = verb == "import"
    elif noun == "guest":
        c.guests = True
    elif noun == "views":
        pass  # a named view saved or deleted: read when the menu of views opens
    elif noun == "snapshot":
        c.history = True
        if verb == "restore":
            c.all_records = c.schema = c.files = c.documents = c.settings = c.undo = True
    else:  # an action this version does not know (a newer program wrote it): read everything
        c.all_records = c.schema = c.files = c.documents = c.settings = c.guests = c.history = True
    return c
