"""An open Space: its database, models, and the record stores of its sheets."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..domain.blueprint import link_references, parse_sheet
from ..domain.validators import bind_space
from . import dialect, server, serverguests
from .db import open_database, translate_errors
from ..domain.errors import Ambiguous, NotFound
from .filestore import FileStore
from .models import define_models
from .recordstore import SheetStore
from .serverfiles import ServerFileStore

DB_FILE = "space.sqlite"
FILES_DIR = "files"


@dataclass(frozen=True)
class SheetRef:
    id: int
    workbook_id: int
    workbook_name: str
    slug: str
    name: str


class Space:
    def __init__(self, space_id: str, folder: Path, create: bool = False, db=None):
        """db: a database opened already (a Space being moved: its new home, before the folder
        names it)."""
        self.id = space_id
        self.folder = Path(folder)
        self.server: str | None = None  # where a Team Space is kept (its address, no password)
        if db is not None:
            self.db = db
            self.server = server.shown_url(db.url) if dialect.of(db).server else None
        elif (where := server.read_location(self.folder)) is None:  # a Team Space's data is on a server
            self.db = open_database(self.folder / DB_FILE, create=create)
        else:
            self.db = server.connect(where["server"], where["schema"], create=create)
            self.server = server.shown_url(where["server"])
        self.d = dialect.of(self.db)
        # A Team Space opened with a guest's own role (a guest's computer): the server's grant holds.
        self.as_guest = self.d.server and serverguests.is_guest_role(self.db.role)
        self.m = define_models(self.db, guest=self.as_guest)
        self.guest_kind = None  # as_guest: its link's kind ("magic link", "shared link")
        self.guest = None  # as_guest: the guest the server said the link stands for (services.guests)
        self._stores: dict[int, dict[str, SheetStore]] = {}

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self):
        """One transaction (nested ones are savepoints), its SQLite errors as known errors."""
        with translate_errors(), self.db.atomic():
            yield

    def in_transaction(self) -> bool:
        return self.db.in_transaction()

    @property
    def files_dir(self) -> Path:
        return self.folder / FILES_DIR

    def moved(self) -> bool:
        """To be opened again: another program moved it (its file went to a server, or its
        server's copy came to this computer), or its server's connection was lost."""
        if self.server is None:
            return not (self.folder / DB_FILE).is_file()
        return not (self.folder / server.SERVER_FILE).is_file() or self.db.broken()

    def filestore(self) -> FileStore:
        if self.server is None:
            return FileStore(self.files_dir)
        return ServerFileStore(self.db, self.files_dir)

    def row(self):
        return self.m.SpaceRow.get()

    # ---- sheets
    def sheet_refs(self) -> list[SheetRef]:
        S, W = self.m.Sheet, self.m.Workbook
        q = (S.select(S.id, S.slug, S.name, W.id.alias("wid"), W.name.alias("wname"))
             .join(W).where(W.deleted_at.is_null()).order_by(W.position, S.position).dicts())
        return [SheetRef(r["id"], r["wid"], r["wname"], r["slug"], r["name"]) for r in q]

    def resolve_sheet(self, ref: str, visible=None) -> SheetRef:
        """A sheet slug, or WORKBOOK/slug where slugs repeat (WORKBOOK: name or id).

        visible(workbook_id, sheet_id): the sheets a guest was granted. Only they are named when
        a sheet is not found and picked among repeated slugs; one named exactly but not granted
        is returned for the caller to refuse."""
        refs = self.sheet_refs()
        shown = [s for s in refs if visible is None or visible(s.workbook_id, s.id)]
        hits = [s for s in refs if s.slug == ref]  # a slug may itself hold "/" ("customers/Customers")
        if not hits and "/" in ref:  # WORKBOOK/slug, at whichever "/" names a workbook of a sheet
            cuts = [(ref[:i], ref[i + 1:]) for i, ch in enumerate(ref) if ch == "/"]
            hits = [s for s in refs if any(s.slug == slug and (s.workbook_name == wb or str(s.workbook_id) == wb)
                                           for wb, slug in cuts)]
        if not hits:
            hits = [s for s in refs if s.name.lower() == ref.lower()]
        if not hits:
            known = ", ".join(sorted({s.slug for s in shown})) or "none"
            raise NotFound(f'no sheet "{ref}" in this Space (sheets: {known})')
        if len(hits) > 1:
            hits = [s for s in hits if s in shown] or hits[:1]
        if len(hits) > 1:
            options = ", ".join(f"{s.workbook_name}/{s.slug}" for s in hits)
            raise Ambiguous(f'sheet "{ref}" is in several workbooks; name one of: {options}')
        return hits[0]

    def stores(self, workbook_id: int) -> dict[str, SheetStore]:
        """The wired stores of a workbook's sheets, by slug (cached until the schema changes)."""
        if workbook_id not in self._stores:
            S, F = self.m.Sheet, self.m.Field
            by_slug: dict[str, SheetStore] = {}
            parsed = []
            for sheet in S.select().where(S.workbook == workbook_id).order_by(S.position):
                cols = {f.key: f.col for f in F.select().where(F.sheet == sheet.id).order_by(F.position)}
                parsed.append((sheet, cols, parse_sheet(json.loads(sheet.config), f"sheet {sheet.slug}")))
            link_references([sdef for _s, _c, sdef in parsed])  # as when the workbook was made
            for _s, _c, sdef in parsed:
                bind_space(sdef, self.folder)  # its own validators.py, where enabled on this computer
            for sheet, cols, sdef in parsed:
                by_slug[sheet.slug] = SheetStore(self.db, sheet.id, sdef, cols)
            for store in by_slug.values():
                store.wire(by_slug)
            self._stores[workbook_id] = by_slug
        return self._stores[workbook_id]

    def store(self, ref: SheetRef) -> SheetStore:
        return self.stores(ref.workbook_id)[ref.slug]

    def forget_schema(self) -> None:
        self._stores.clear()

    def ensure_history(self) -> None:
        """Each sheet's tables at this version, and history triggers for the Space's rows and
        every sheet (new or upgraded databases)."""
        from . import history, sheettables

        sheettables.upgrade(self.db)
        have = self.d.triggers(self.db)
        missing_meta = not {f"{t}_hist_u" for t in history.META_TABLES} <= have
        sheets = [(r.id, r.workbook_id) for r in self.m.Sheet.select()]
        missing = [wid for sid, wid in sheets if f"rec_{sid}_hist_u" not in have]
        if not missing_meta and not missing:
            return
        with self.db.atomic():
            if missing_meta:
                history.install_meta_triggers(self.db)
            for wid in set(missing):
                for store in self.stores(wid).values():
                    history.install_record_triggers(store)
