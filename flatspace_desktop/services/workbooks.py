"""A Space's workbooks: made from a Flatfile blueprint, renamed, labelled, set aside (a
snapshot first), their blueprints as the actor may see them, and exports of all their sheets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable

from ..domain.access import require_admin
from ..domain.blueprint import BlueprintDef, parse_blueprint, slugify, unenforced_notes
from ..domain.errors import AccessDenied, Ambiguous, InvalidInput, NotFound
from ..domain.records import View
from ..storage import workbookrows
from ..storage.db import translate_errors
from ..storage.undolog import UndoLog
from . import checks


class Workbooks:
    def __init__(self, session):
        self.s = session

    def create(self, blueprint: Any) -> dict:
        """Create a workbook from a Flatfile blueprint (dict or JSON text); all or nothing."""
        require_admin(self.s.actor, "add workbooks")
        blueprint = checks.blueprint_json(blueprint)
        bp: BlueprintDef = parse_blueprint(blueprint)
        detail = {"name": bp.name}
        with self.s.write("workbook.create", detail):
            wid = workbookrows.create(self.s.space, bp, blueprint, self.s.actor.id)
            detail["workbookId"] = wid  # in its activity row, and its workbook:created event
        return {"id": wid, "name": bp.name, "sheets": [s.slug for s in bp.sheets], "notes": self.notes(wid)}

    def notes(self, workbook_id: int) -> list[str]:
        """What the workbook's blueprint asks that is kept but not checked here, with why: its
        sheets as this Space reads them (its own validators.py included, where enabled)."""
        workbookrows.get_live(self.s.space, workbook_id)
        sheets = [store.sheet for store in self.s.space.stores(workbook_id).values()
                  if self.s.actor.may_see(workbook_id, store.sid)]
        return unenforced_notes(BlueprintDef(name="", sheets=sheets))

    def set_labels(self, workbook_id: int, labels: Iterable[str]) -> None:
        require_admin(self.s.actor, "change workbooks")
        workbookrows.get_live(self.s.space, workbook_id)
        with self.s.write("workbook.labels", {"id": workbook_id}):
            workbookrows.update(self.s.space, workbook_id, labels=json.dumps(checks.labels(labels)))

    def rename(self, workbook_id: int, name: str) -> None:
        require_admin(self.s.actor, "rename workbooks")
        name = (name or "").strip()
        if not name:
            raise InvalidInput("a workbook needs a name")
        workbookrows.get_live(self.s.space, workbook_id)
        with self.s.write("workbook.rename", {"id": workbook_id, "name": name}):
            workbookrows.update(self.s.space, workbook_id, name=name)

    def delete(self, workbook_id: int) -> None:
        """Set aside, with its records: a snapshot taken first can bring it back."""
        require_admin(self.s.actor, "delete workbooks")
        space = self.s.space
        workbookrows.get_live(space, workbook_id)
        with self.s.write("workbook.delete", {"id": workbook_id}):
            self.s.history.auto("before deleting a workbook")
            workbookrows.set_aside(space, workbook_id)
            UndoLog(space).forget(workbookrows.sheet_ids(space, workbook_id))
        space.forget_schema()

    def blueprint(self, workbook_id: int) -> dict:
        """As stored; to a guest granted some of its sheets, with those sheets only (no names
        or fields of the others); one granted none is refused."""
        space, actor = self.s.space, self.s.actor
        wb = workbookrows.get(space, workbook_id)
        if wb is None and actor.may_see(workbook_id):
            raise NotFound(f"no workbook {workbook_id}")
        if wb is not None and actor.may_see(wb.id):
            return json.loads(workbookrows.blueprint_text(space, wb))
        seen = {s.slug for s in space.sheet_refs() if wb is not None and s.workbook_id == wb.id
                and actor.may_see(wb.id, s.id)}
        if not seen:
            raise AccessDenied("This workbook was not shared with you.")
        blueprint = json.loads(workbookrows.blueprint_text(space, wb))
        return {**blueprint, "sheets": [s for s in blueprint.get("sheets", [])
                                        if (s.get("slug") or slugify(s.get("name", ""))) in seen]}

    def export(self, workbook: str | int, path: str | Path, fmt: str, view: View = View(),
               progress: Callable[[int], None] | None = None) -> int:
        """Every sheet of a workbook (id or name): XLSX worksheets, JSON by slug, or a ZIP of CSVs."""
        from .export import export_workbook, work_file

        hits = [w for w in workbookrows.live(self.s.space) if str(w.id) == str(workbook) or w.name == workbook]
        if not hits:
            raise NotFound(f'no workbook "{workbook}" in this Space')
        if len(hits) > 1 and not any(str(w.id) == str(workbook) for w in hits):
            raise Ambiguous(f'{len(hits)} workbooks are named "{workbook}" (ids {", ".join(str(w.id) for w in hits)}): '
                            "give the id")
        hits = [w for w in hits if str(w.id) == str(workbook)] or hits
        if not self.s.actor.may_see(hits[0].id):
            raise AccessDenied("This workbook was not shared with you.")
        stores = list(self.s.space.stores(hits[0].id).values())
        for store in stores:
            self.s.records.check_view(store, view)
        with translate_errors(), self.s.app.catalog.unfinished.claim(work_file(path)):
            return export_workbook(stores, path, fmt, view, progress)
