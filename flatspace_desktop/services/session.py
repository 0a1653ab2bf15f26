"""A session: one person on one Space. It resolves the Space once, carries the author, and
owns the unit of work: `write` is one transaction that checks the capability the operation
needs, keeps the activity row and lastActivityAt with the change, and tells listeners what
changed once it is over. Its managers hold the operations on each part of the Space:

    s = fs.open(actor, "Acme")
    s.records.add("contacts", [{"email": "ana@example.com"}])
    s.history.take("before the clean-up")

as Anki's collection exposes col.decks and col.notes. Reads re-check a guest's link
on every call through `fs.open`, so a session is cheap and is made per operation."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any, Iterable

from ..domain.access import Actor, Can, check_sheet, check_write, require_admin
from ..domain.clock import now_iso
from ..domain.errors import AccessDenied, InvalidInput, NotFound
from ..storage import recordquery, spacerow, workbookrows
from ..storage.catalog import space_dict
from ..storage.space import SheetRef, Space
from . import checks, guests
from .documents import Documents
from .files import Files
from .guests import Guests
from .history import History
from .jobs import Jobs
from .records import Records
from .prep import Prep
from .theme import Theme
from .undo import Undo
from .views import Views
from .workbooks import Workbooks


class Session:
    def __init__(self, app, space: Space, actor: Actor):
        self.app, self.space, self.actor, self.id = app, space, actor, space.id
        self.records = Records(self)
        self.workbooks = Workbooks(self)
        self.files = Files(self)
        self.history = History(self)
        self.documents = Documents(self)
        self.guests = Guests(self)
        self.theme = Theme(self)
        self.undo = Undo(self)
        self.prep = Prep(self)
        self.views = Views(self)
        self.jobs = Jobs(self)

    # ---- the unit of work
    @contextlib.contextmanager
    def write(self, action: str, detail: dict | None = None, space_fields: bool = False,
              needs: Can = Can.ADMINISTER):
        """One transaction; the activity row and lastActivityAt go in with the change.
        Every write passes here, so here is where a guest's rights are checked."""
        if self.space.as_guest:  # the server gives a guest's own role no write at all
            raise AccessDenied("On your own computer a guest's link to a Team Space only reads: nothing was "
                               "changed (edits are made from a computer that holds the Space's address).")
        check_write(self.actor, self.id, needs)
        guests.check_guest(self.space, self.actor)
        try:
            with self.space.transaction():
                yield
                row_id = spacerow.note_activity(self.space, self.actor.id, action, detail, space_fields)
                self.app.note(self.id, action, detail)
                self.app.automation.queue(self, action, detail)  # told to listeners once committed
            self.app.mark_own(self.id, row_id)  # committed (a rolled-back id may be another's later)
        except BaseException:
            self._rolled_back()
            raise
        finally:
            self.app.send(self.space)

    @contextlib.contextmanager
    def transaction(self):
        """Writes made inside commit together (each still its own activity), and are told once."""
        try:
            with self.space.transaction():
                yield
        except BaseException:
            self._rolled_back()
            raise
        finally:
            self.app.send(self.space)

    def _rolled_back(self) -> None:
        if not self.space.in_transaction():  # the outermost: nothing of it happened, listeners hear nothing
            self.app.automation.drop(self.id)

    # ---- sheets
    def sheet(self, sheet: str) -> SheetRef:
        """A sheet the actor may see, by slug, WORKBOOK/slug or name."""
        sref = self.space.resolve_sheet(sheet, self.actor.may_see)  # a guest's refusals name granted sheets only
        check_sheet(self.actor, self.id, sref.workbook_id, sref.id, sref.slug)
        return sref

    def store(self, sheet: str):
        return self.space.store(self.sheet(sheet))

    # ---- the Space itself
    def info(self, counts: bool = True) -> dict:
        space, actor = self.space, self.actor
        info = space_dict(space.id, space.row().__data__)
        workbooks = []
        refs = space.sheet_refs()
        for wb in workbookrows.live(space):
            sheets = []
            for s in (r for r in refs if r.workbook_id == wb.id and actor.may_see(wb.id, r.id)):
                entry = {"id": s.id, "slug": s.slug, "name": s.name}
                if counts:
                    c = recordquery.count(space.store(s), by_field=False)
                    entry["counts"] = {k: c[k] for k in ("total", "valid", "error")}
                sheets.append(entry)
            if sheets or actor.may_see(wb.id):
                workbooks.append({"id": wb.id, "name": wb.name, "labels": json.loads(wb.labels),
                                  "createdAt": wb.created_at, "sheets": sheets})
        info["workbooks"] = workbooks
        info["folder"] = str(space.folder)
        info["server"] = space.server  # a Team Space's server (None: a Space of this computer)
        return info

    def rename(self, name: str) -> dict:
        require_admin(self.actor, "rename Spaces")
        name = checks.space_name(name)
        with self.write("space.rename", {"name": name}, space_fields=True):
            spacerow.update(self.space, name=name)
        return self.info(counts=False)

    def update(self, labels: Iterable[str] | None = None, metadata: Any = None,
               guest_authentication: Iterable[str] | None = None) -> dict:
        require_admin(self.actor, "change Spaces")
        values: dict = {}
        if labels is not None:
            values["labels"] = json.dumps(checks.labels(labels))
        if metadata is not None:
            values["metadata"] = json.dumps(checks.metadata(metadata), ensure_ascii=False)
        if guest_authentication is not None:
            values["guest_authentication"] = json.dumps(checks.guest_auth(guest_authentication))
        if values:
            with self.write("space.update", {"fields": sorted(values)}, space_fields=True):
                spacerow.update(self.space, **values)
        return self.info(counts=False)

    def archive(self, archived: bool = True) -> dict:
        require_admin(self.actor, "archive Spaces")
        with self.write("space.archive" if archived else "space.unarchive", space_fields=True):
            spacerow.update(self.space, archived_at=now_iso() if archived else None)
        return self.info(counts=False)

    def validators(self, enable: bool | None = None) -> dict:
        """The Space's own validators.py: its state, or enable (True) / disable (False) it for
        this computer. It is code, so only an admin decides; its sheets bind it again after."""
        from ..domain import validators as V

        folder = self.space.folder
        if enable is not None:
            require_admin(self.actor, "enable a Space's validators")
            if enable:
                if not (folder / V.SPACE_FILE).is_file():
                    raise InvalidInput(f"this Space has no {V.SPACE_FILE} (put one in {folder})")
                V.enable_space_validators(folder)
            else:
                V.disable_space_validators(folder)
            self.space.forget_schema()
        found = V.space_validators(folder)
        return {"folder": str(folder), "state": found.state, "validators": sorted(found.names),
                "problem": found.problem}

    def listeners(self, allow: bool | None = None) -> dict:
        """The listeners that may run here: installed ones, and the Space's own listeners/
        folder once an admin allowed it on this computer (allow=True; False takes it back).
        It is code that may have come with the Space from someone else."""
        auto, folder = self.app.automation, self.space.folder
        if allow is not None:
            require_admin(self.actor, "allow a Space's listeners")
            try:
                auto.allow(folder) if allow else auto.disallow(folder)
            except FileNotFoundError:
                raise InvalidInput(f"this Space has no listener files (put them in {folder / 'listeners'})") from None
        return auto.status(folder)

    def add_listener(self, path: str | Path) -> str:
        """Copy a listener file into the Space's listeners/ folder (an admin's): its name there.
        Until allowed again, the folder does not run: its code changed."""
        import shutil

        require_admin(self.actor, "add a listener to a Space")
        src = Path(path)
        if not src.exists():
            raise NotFound(f"no file {src}")
        if src.suffix != ".py" or not src.is_file():
            raise InvalidInput(f"{src} is not a Python file")
        folder = self.space.folder / "listeners"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(src, folder / src.name)
        return src.name

    def export(self, path: str | Path) -> dict:
        """The whole Space (history, files, documents, theme, guests) in one .flatspace file."""
        from ..storage.db import translate_errors
        from ..storage.migrations import CURRENT_VERSION
        from ..storage import transfer
        from ..storage.portable import work_files, write_space

        require_admin(self.actor, "export Spaces")
        space = self.space
        parts = work_files(Path(path))
        with translate_errors(), self.app.catalog.unfinished.claim(*parts):
            if space.d.server:  # a Team Space: its data from the server, as one file first
                try:
                    blobs = transfer.to_file(space, parts[2])
                    size = write_space(space.folder, parts[2], space.row().name, CURRENT_VERSION, Path(path), blobs)
                finally:
                    parts[2].unlink(missing_ok=True)
            else:
                spacerow.checkpoint(space)
                size = write_space(space.folder, space.folder / "space.sqlite", space.row().name, CURRENT_VERSION,
                                   Path(path))
        return {"space": space.id, "file": str(path), "bytes": size}

