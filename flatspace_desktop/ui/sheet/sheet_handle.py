"""A sheet bound to the service, the acting user and a Space: what the grid's widgets share.

Plain Python (no Qt): every call goes straight to the service layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...domain.access import Actor
from ...domain.blueprint import SheetDef
from ...domain.records import Record, View
from ...services.app import Flatspace


@dataclass
class SheetHandle:
    fs: Flatspace
    actor: Actor
    space_id: str
    sheet_ref: str  # "workbookId/slug"

    def __post_init__(self) -> None:
        self.sheet: SheetDef = self.session().records.sheet_def(self.sheet_ref)
        self.sheet_id: int = self.session().sheet(self.sheet_ref).id  # as Changes name it

    def session(self):
        """A session per call: each re-checks the actor's access (a guest's link may end)."""
        return self.fs.open(self.actor, self.space_id)

    @property
    def fields(self):
        return self.sheet.fields

    def ids(self, view: View):
        return self.session().records.ids(self.sheet_ref, view)

    def sort_ready(self, key: str) -> bool:
        return self.session().records.sort_ready(self.sheet_ref, key)

    def prepare_sort(self, key: str) -> None:
        self.session().records.prepare_sort(self.sheet_ref, key)

    def who(self, actor_id: str | None) -> str:
        return self.fs.who(self.space_id, actor_id)

    def records(self, rids: list[int]) -> list[Record]:
        return self.session().records.by_id(self.sheet_ref, rids)

    def counts(self, view: View | None = None) -> dict:
        return self.session().records.counts(self.sheet_ref, view)

    def record_hooks(self) -> list[str]:
        """The listeners whose record hooks run on this sheet's writes (allowed ones only)."""
        s = self.session()
        return sorted({name for name, _h, _n in s.app.automation.hooks(s.space.folder, self.sheet.slug)})

    def update(self, changes: dict[int, dict[str, Any]], label: str | None = None,
               expect: dict[int, dict[str, Any]] | None = None) -> list[str]:
        """What went wrong in the sheet's record hooks comes back, a line each. expect: the
        stored values the editor read (EditConflict where someone changed one since)."""
        return self.session().records.update(self.sheet_ref, changes, label=label, expect=expect)

    def add(self, rows: list[dict[str, Any]], label: str | None = None) -> list[int]:
        return self.session().records.add(self.sheet_ref, rows, label=label)

    def delete(self, rids: list[int]) -> int:
        return self.session().records.delete(self.sheet_ref, rids)

    def group(self, label: str):
        """Writes made inside undo as one step, all or none."""
        return self.session().undo.group(label)

    def undo(self, redo: bool = False) -> dict:
        """Undo (or redo) this sheet's next step: the core keeps them, in the Space."""
        undo = self.session().undo
        return (undo.redo if redo else undo.undo)(self.sheet_ref)

    def next_steps(self) -> tuple[dict | None, dict | None]:
        """(what Undo would take back, what Redo would do again) on this sheet."""
        return (self.session().undo.next(self.sheet_ref),
                self.session().undo.next(self.sheet_ref, redo=True))

    def undo_history(self) -> list[dict]:
        return self.session().undo.history(self.sheet_ref)

    def replace(self, **params) -> dict:
        """Find and replace through the service (snapshot first); what it wrote, for undo."""
        return self.session().records.replace_text(self.sheet_ref, **params)

    def preview_replace(self, find: str, replace: str, field: str | None, match_case: bool,
                        whole_cell: bool, view: View) -> dict[int, dict[str, str]]:
        return self.session().records.preview_replace(self.sheet_ref, find, replace, field, match_case,
                                                      whole_cell, view)

    def reference_keys(self, key: str, limit: int = 500) -> list[str]:
        """Values a reference field may take: keys of the referenced sheet, for a drop-down."""
        f = self.sheet.field(key)
        if not f.ref_sheet:  # a reference to a sheet the workbook does not have: plain text
            return []
        wb = self.sheet_ref.split("/", 1)[0]
        target = f"{wb}/{f.ref_sheet}"
        recs = self.session().records.list(target, View(sort=f.ref_key), limit=limit)
        out = []
        for r in recs:
            v = r.values.get(f.ref_key)
            if v is not None and str(v) not in out:
                out.append(str(v))
        return out
