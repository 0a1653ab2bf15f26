"""The service layer: every operation the window and the command line perform.

Each call names the acting user; each write is one transaction that also records the
activity and touches the Space's lastActivityAt. Errors a user can act on are
FlatspaceError subclasses with a message worth showing as is.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any, Callable, Iterable

from ..storage import recordquery
from ..domain.access import Actor, Can, check_sheet, check_space, check_write, require_admin
from ..domain.blueprint import BlueprintDef, parse_blueprint, unenforced_notes
from ..storage.catalog import Catalog, new_space_id, space_dict
from ..domain.changes import Changes, from_activity
from ..domain.clock import now_iso
from ..storage.db import translate_errors
from ..domain.errors import AccessDenied, Ambiguous, Cancelled, InvalidInput, NotFound
from .documents import DocOps
from .files import FileOps
from .guests import GuestOps
from .history import MANY, HistoryOps
from ..storage.undolog import MAX_CELLS as UNDO_CELLS, add_op, delete_op, set_op
from .undo import UndoOps
from ..domain.jsonfile import check_json, parse_json
from ..domain.limits import check_fields, check_text
from ..storage import history
from ..storage.paths import data_root
from ..domain.records import Record, View
from ..storage.space import Space, SheetRef

GUEST_KINDS = ("shared_link", "magic_link")
SORTS = {"name": "name", "createdAt": "createdAt", "lastActivityAt": "lastActivityAt"}


def _labels(labels: Iterable[str] | None) -> list[str]:
    out: list[str] = []
    for label in labels or ():
        label = check_text(str(label).strip(), "a label")
        if label and label not in out:
            out.append(label)
    return out


def _metadata(value: Any) -> dict:
    value = parse_json(value, "metadata") if isinstance(value, str) else check_json(value, "metadata")
    if not isinstance(value, dict):
        raise InvalidInput("metadata must be a JSON object, like {\"companyId\": \"acme\"}")
    return value


def _blueprint_json(blueprint: Any) -> Any:
    if isinstance(blueprint, bytes):
        try:
            blueprint = blueprint.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput("the blueprint is not UTF-8 text") from None
    if isinstance(blueprint, str):
        return parse_json(blueprint, "the blueprint")
    return check_json(blueprint, "the blueprint")


def _guest_auth(kinds: Iterable[str] | None) -> list[str]:
    kinds = list(kinds) if kinds is not None else ["magic_link"]
    for k in kinds:
        if k not in GUEST_KINDS:
            raise InvalidInput(f'guest authentication must be shared_link or magic_link, not "{k}"')
    return kinds


class Flatspace(FileOps, HistoryOps, DocOps, GuestOps, UndoOps):
    def __init__(self, root: str | Path | None = None):
        self.root = data_root(root)
        self.catalog = Catalog(self.root)
        self.catalog.sweep()  # what killed runs left: hidden Space folders, export work files
        self._open: dict[str, Space] = {}
        self._pending_steps: dict = {}  # space id -> the undo step being gathered (undo_group)
        self._unsent: dict[str, Changes] = {}  # space id -> what writes not yet told changed
        # Called with a Changes after each write (the window's SpaceEvents); from the writing thread.
        self.listeners: list[Callable[[Changes], None]] = []

    def close(self) -> None:
        for space in self._open.values():
            space.close()
        self._open.clear()

    # ---- plumbing
    def space(self, ref: str) -> Space:
        space_id = self.catalog.resolve(ref)
        if space_id not in self._open:
            with translate_errors():
                space = Space(space_id, self.catalog.folder(space_id))
                try:
                    space.ensure_history()
                except BaseException:
                    space.close()
                    raise
                self._open[space_id] = space
        return self._open[space_id]

    def _space_for(self, actor: Actor, ref: str) -> Space:
        """A Space the actor may look at (a guest: only the one their link opens, while it is valid)."""
        space = self.space(ref)
        check_space(actor, space.id)
        self.check_guest(space, actor)
        return space

    @contextlib.contextmanager
    def _write(self, space: Space, actor: Actor, action: str, detail: dict | None = None,
               space_fields: bool = False, needs: Can = Can.ADMINISTER):
        """One transaction; the activity row and lastActivityAt go in with the change.
        Every write passes here, so here is where a guest's rights are checked."""
        check_write(actor, space.id, needs)
        self.check_guest(space, actor)
        try:
            with translate_errors(), space.db.atomic():
                yield
                now = now_iso()
                row = space.m.SpaceRow
                values = {row.last_activity_at: now}
                if space_fields:
                    values[row.updated_at] = now
                row.update(values).execute()
                space.m.Activity.create(at=now, actor=actor.id, action=action,
                                        detail=json.dumps(detail or {}, ensure_ascii=False))
                self._unsent.setdefault(space.id, Changes(space.id)).merge(from_activity(space.id, action, detail))
        finally:
            self._send(space)

    def _send(self, space: Space) -> None:
        """Hand what the writes changed to the listeners, once the outermost transaction is
        over (a write nested in another's is told with it). A rollback still tells: a view
        that re-reads needlessly shows the same thing, one that misses a change shows a lie."""
        if space.db.in_transaction() or space.id not in self._unsent:
            return
        changes = self._unsent.pop(space.id)
        for listener in list(self.listeners):
            listener(changes)

    def changes_since(self, ref: str, activity_id: int) -> tuple[Changes, int]:
        """What other programs changed since the activity row `activity_id` (theirs are the
        rows after it), as Changes, and the last row's id. For a window's outside-change check."""
        space = self.space(ref)
        A = space.m.Activity
        changes = Changes(space.id, outside=True)
        last = activity_id
        with translate_errors():
            for row in A.select(A.id, A.action, A.detail).where(A.id > activity_id).order_by(A.id):
                changes.merge(from_activity(space.id, row.action, row.detail))
                last = row.id
        return changes, last

    def last_activity(self, ref: str) -> int:
        space = self.space(ref)
        A = space.m.Activity
        with translate_errors():
            return A.select(A.id).order_by(A.id.desc()).scalar() or 0

    # ---- Spaces
    def create_space(self, actor: Actor, name: str, labels: Iterable[str] | None = None,
                     metadata: Any = None, guest_authentication: Iterable[str] | None = None,
                     blueprint: Any = None) -> dict:
        """Create a Space, with a first workbook if a blueprint is given: all of it or nothing."""
        require_admin(actor, "create Spaces")
        name = (name or "").strip()
        if not name:
            raise InvalidInput("a Space needs a name")
        labels, meta = _labels(labels), _metadata(metadata if metadata is not None else {})
        kinds = _guest_auth(guest_authentication)
        if blueprint is not None:
            blueprint = _blueprint_json(blueprint)
            parse_blueprint(blueprint)  # refuse a broken blueprint before anything exists
        space_id = new_space_id()
        staging = self.catalog.create_folder(space_id)
        try:
            (staging / "files").mkdir()
            space = Space(space_id, staging, create=True)
            try:
                now = now_iso()
                with translate_errors(), space.db.atomic():
                    space.m.SpaceRow.create(
                        name=name, labels=json.dumps(labels), metadata=json.dumps(meta),
                        guest_authentication=json.dumps(kinds), created_at=now, updated_at=now,
                        last_activity_at=now, created_by=actor.id)
                    space.m.Activity.create(at=now, actor=actor.id, action="space.create",
                                            detail=json.dumps({"name": name}))
            finally:
                space.close()
            self.catalog.publish(staging, space_id)
        except BaseException:
            self.catalog.discard(staging)
            raise
        if blueprint is not None:
            try:
                self.create_workbook(actor, space_id, blueprint)
            except BaseException:
                self.delete_space(actor, space_id)
                raise
        return self.space_info(actor, space_id)

    def list_spaces(self, actor: Actor, search: str | None = None, sort: str = "name",
                    descending: bool = False, archived: str = "exclude") -> list[dict]:
        """archived: exclude | include | only. Search looks in names, labels and metadata."""
        if sort not in SORTS:
            raise InvalidInput(f"sort must be one of {', '.join(SORTS)}")
        if archived not in ("exclude", "include", "only"):
            raise InvalidInput("archived must be exclude, include or only")
        out = []
        for space_id in self.catalog.ids():
            if not actor.is_admin and not self.may_open(actor, space_id):
                continue  # a guest sees the one Space their link opens, while it does
            s = self.catalog.summary(space_id)
            is_archived = bool(s.get("archivedAt"))
            if (archived == "exclude" and is_archived) or (archived == "only" and not is_archived):
                continue
            if search and not _matches(s, search):
                continue
            out.append(s)
        key = SORTS[sort]
        out.sort(key=lambda s: ((s.get(key) or "").lower() if key == "name" else (s.get(key) or "")),
                 reverse=descending)
        return out

    def data_version(self, ref: str) -> int:
        """Changes when another connection (another program, or a background task) has
        committed to the Space since this one last looked: a cheap way to notice."""
        space = self.space(ref)
        with translate_errors():
            return space.db.execute_sql("PRAGMA data_version").fetchone()[0]

    def space_info(self, actor: Actor, ref: str, counts: bool = True) -> dict:
        space = self._space_for(actor, ref)
        info = space_dict(space.id, space.row().__data__)
        W = space.m.Workbook
        workbooks = []
        refs = space.sheet_refs()
        for wb in W.select().where(W.deleted_at.is_null()).order_by(W.position):
            sheets = []
            for s in (r for r in refs if r.workbook_id == wb.id and actor.may_see(wb.id, r.id)):
                entry = {"id": s.id, "slug": s.slug, "name": s.name}
                if counts:
                    c = recordquery.count(space.store(s))
                    entry["counts"] = {k: c[k] for k in ("total", "valid", "error")}
                sheets.append(entry)
            if sheets or actor.may_see(wb.id):
                workbooks.append({"id": wb.id, "name": wb.name, "labels": json.loads(wb.labels),
                                  "createdAt": wb.created_at, "sheets": sheets})
        info["workbooks"] = workbooks
        info["folder"] = str(space.folder)
        return info

    def rename_space(self, actor: Actor, ref: str, name: str) -> dict:
        require_admin(actor, "rename Spaces")
        name = (name or "").strip()
        if not name:
            raise InvalidInput("a Space needs a name")
        space = self._space_for(actor, ref)
        with self._write(space, actor, "space.rename", {"name": name}, space_fields=True):
            space.m.SpaceRow.update(name=name).execute()
        return self.space_info(actor, space.id, counts=False)

    def update_space(self, actor: Actor, ref: str, labels: Iterable[str] | None = None,
                     metadata: Any = None, guest_authentication: Iterable[str] | None = None) -> dict:
        require_admin(actor, "change Spaces")
        space = self._space_for(actor, ref)
        values: dict = {}
        if labels is not None:
            values["labels"] = json.dumps(_labels(labels))
        if metadata is not None:
            values["metadata"] = json.dumps(_metadata(metadata), ensure_ascii=False)
        if guest_authentication is not None:
            values["guest_authentication"] = json.dumps(_guest_auth(guest_authentication))
        if values:
            with self._write(space, actor, "space.update", {"fields": sorted(values)}, space_fields=True):
                space.m.SpaceRow.update(**values).execute()
        return self.space_info(actor, space.id, counts=False)

    def set_theme(self, actor: Actor, ref: str, theme: Any) -> dict:
        """The Space's theme in Flatfile's metadata.theme shape (any JSON object; unknown keys kept)."""
        from ..domain.theme import check

        require_admin(actor, "change the theme")
        theme = check(parse_json(theme, "theme") if isinstance(theme, str) else check_json(theme, "theme"))
        space = self._space_for(actor, ref)
        with self._write(space, actor, "space.theme", space_fields=True):
            space.m.SpaceRow.update(theme=json.dumps(theme, ensure_ascii=False)).execute()
        return self.space_info(actor, space.id, counts=False)

    def theme(self, actor: Actor, ref: str) -> dict:
        """The Space's own theme values (the defaults fill in the rest)."""
        return json.loads(self._space_for(actor, ref).row().theme)

    def archive_space(self, actor: Actor, ref: str, archived: bool = True) -> dict:
        require_admin(actor, "archive Spaces")
        space = self._space_for(actor, ref)
        with self._write(space, actor, "space.archive" if archived else "space.unarchive", space_fields=True):
            space.m.SpaceRow.update(archived_at=now_iso() if archived else None).execute()
        return self.space_info(actor, space.id, counts=False)

    def export_space(self, actor: Actor, ref: str, path: str | Path) -> dict:
        """The whole Space (history, files, documents, theme, guests) in one .flatspace file."""
        from ..storage.migrations import CURRENT_VERSION
        from ..storage.portable import work_files, write_space

        require_admin(actor, "export Spaces")
        space = self._space_for(actor, ref)
        with translate_errors(), self.catalog.unfinished.claim(*work_files(Path(path))):
            space.db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
            size = write_space(space.folder, space.folder / "space.sqlite", space.row().name, CURRENT_VERSION,
                               Path(path))
        return {"space": space.id, "file": str(path), "bytes": size}

    def import_space(self, actor: Actor, path: str | Path) -> dict:
        """A .flatspace file as a Space of this machine: its own id, or a new one if taken.
        Its database is rebuilt by this version and its guest links switched off
        ("guestLinksOff" says how many: the owner re-issues them)."""
        from ..storage.catalog import ID_RE
        from ..storage.portable import read_space
        from ..storage.rebuild import settle

        require_admin(actor, "import Spaces")
        staging_id = new_space_id()
        staging = self.catalog.create_folder(staging_id)
        try:
            read_space(Path(path), staging)
            wanted = Path(path).stem if ID_RE.match(Path(path).stem) and Path(path).stem.startswith("us_sp_") else None
            space_id = wanted if wanted and wanted not in self.catalog.ids() else staging_id
            off = settle(staging, space_id, actor.id, Path(path).name)  # migrated and checked before it is listed
            self.catalog.publish(staging, space_id)
        except BaseException:
            self.catalog.discard(staging)
            raise
        return {**self.space_info(actor, space_id), "guestLinksOff": off}

    def delete_space(self, actor: Actor, ref: str) -> str:
        require_admin(actor, "delete Spaces")
        space_id = self.catalog.resolve(ref)
        space = self._open.pop(space_id, None)
        if space:
            space.close()
        self.catalog.remove(space_id)
        return space_id

    # ---- workbooks
    def create_workbook(self, actor: Actor, ref: str, blueprint: Any) -> dict:
        """Create a workbook from a Flatfile blueprint (dict or JSON text); all or nothing."""
        require_admin(actor, "add workbooks")
        blueprint = _blueprint_json(blueprint)
        bp: BlueprintDef = parse_blueprint(blueprint)
        space = self._space_for(actor, ref)
        W, S, F = space.m.Workbook, space.m.Sheet, space.m.Field
        with self._write(space, actor, "workbook.create", {"name": bp.name}):
            now = now_iso()
            position = (W.select().count()) + 1  # deleted ones keep their places, for a restore
            wb = W.create(name=bp.name, labels=json.dumps(bp.labels), position=position,
                          blueprint=json.dumps(blueprint, ensure_ascii=False),
                          created_at=now, updated_at=now, created_by=actor.id)
            for i, sheet in enumerate(bp.sheets):
                row = S.create(workbook=wb.id, name=sheet.name, slug=sheet.slug, position=i,
                               config=json.dumps(sheet.raw, ensure_ascii=False))
                for j, f in enumerate(sheet.fields):
                    F.create(sheet=row.id, key=f.key, col=f"f{j + 1}", position=j)
            space.forget_schema()
            stores = space.stores(wb.id)
            for store in stores.values():
                store.create_tables()
            for store in stores.values():
                store.create_indexes()
                history.install_record_triggers(store)
        return {"id": wb.id, "name": bp.name, "sheets": [s.slug for s in bp.sheets],
                "notes": self.workbook_notes(actor, ref, wb.id)}

    def workbook_notes(self, actor: Actor, ref: str, workbook_id: int) -> list[str]:
        """What the workbook's blueprint asks that is kept but not checked here, with why: its
        sheets as this Space reads them (its own validators.py included, where enabled)."""
        space = self._space_for(actor, ref)
        self._live_workbook(space, workbook_id)
        sheets = [store.sheet for store in space.stores(workbook_id).values()
                  if actor.may_see(workbook_id, store.sid)]
        return unenforced_notes(BlueprintDef(name="", sheets=sheets))

    def set_workbook_labels(self, actor: Actor, ref: str, workbook_id: int, labels: Iterable[str]) -> None:
        require_admin(actor, "change workbooks")
        space = self._space_for(actor, ref)
        W = space.m.Workbook
        self._live_workbook(space, workbook_id)
        with self._write(space, actor, "workbook.labels", {"id": workbook_id}):
            W.update(labels=json.dumps(_labels(labels)), updated_at=now_iso()).where(W.id == workbook_id).execute()

    def rename_workbook(self, actor: Actor, ref: str, workbook_id: int, name: str) -> None:
        require_admin(actor, "rename workbooks")
        name = (name or "").strip()
        if not name:
            raise InvalidInput("a workbook needs a name")
        space = self._space_for(actor, ref)
        W = space.m.Workbook
        self._live_workbook(space, workbook_id)
        with self._write(space, actor, "workbook.rename", {"id": workbook_id, "name": name}):
            W.update(name=name, updated_at=now_iso()).where(W.id == workbook_id).execute()

    def delete_workbook(self, actor: Actor, ref: str, workbook_id: int) -> None:
        """Set aside, with its records: a snapshot taken first can bring it back."""
        require_admin(actor, "delete workbooks")
        space = self._space_for(actor, ref)
        W = space.m.Workbook
        self._live_workbook(space, workbook_id)
        with self._write(space, actor, "workbook.delete", {"id": workbook_id}):
            self._auto(space, actor, "before deleting a workbook")
            W.update(deleted_at=now_iso()).where(W.id == workbook_id).execute()
            S = space.m.Sheet
            self._undo_log(space).forget([r.id for r in S.select(S.id).where(S.workbook == workbook_id)])
        space.forget_schema()

    @staticmethod
    def _live_workbook(space, workbook_id: int):
        W = space.m.Workbook
        row = W.get_or_none((W.id == workbook_id) & W.deleted_at.is_null())
        if row is None:
            raise NotFound(f"no workbook {workbook_id}")
        return row

    def blueprint(self, actor: Actor, ref: str, workbook_id: int) -> dict:
        """As stored; to a guest granted some of its sheets, with those sheets only."""
        space = self._space_for(actor, ref)
        wb = space.m.Workbook.get_or_none(space.m.Workbook.id == workbook_id)
        if wb is None and actor.may_see(workbook_id):
            raise NotFound(f"no workbook {workbook_id}")
        return self.granted_blueprint(space, actor, wb)

    # ---- records
    def sheet(self, actor: Actor, ref: str, sheet: str) -> tuple[Space, SheetRef]:
        space = self._space_for(actor, ref)
        sref = space.resolve_sheet(sheet, actor.may_see)  # a guest's refusals name granted sheets only
        check_sheet(actor, space.id, sref.workbook_id, sref.id, sref.slug)
        return space, sref

    def sheet_def(self, actor: Actor, ref: str, sheet: str):
        space, sref = self.sheet(actor, ref, sheet)
        return space.store(sref).sheet

    def _viewed(self, actor: Actor, ref: str, sheet: str, view: View):
        """The store of a sheet, ready to read `view` (checked; its sort field indexed)."""
        space, sref = self.sheet(actor, ref, sheet)
        store = space.store(sref)
        self._check_view(store, view)
        if view.sort:
            with translate_errors(), space.db.atomic():
                store.ensure_sort_index(view.sort)
        return store

    def records(self, actor: Actor, ref: str, sheet: str, view: View = View(), limit: int = 100,
                offset: int = 0, after: int | None = None) -> list[Record]:
        store = self._viewed(actor, ref, sheet, view)
        with translate_errors():
            return recordquery.fetch(store, view, limit=limit, offset=offset, after=after)

    def record_ids(self, actor: Actor, ref: str, sheet: str, view: View = View()):
        """The ids of the records in `view`, in its order (a range or a compact array)."""
        store = self._viewed(actor, ref, sheet, view)
        with translate_errors():
            return recordquery.ids(store, view)

    def sort_ready(self, actor: Actor, ref: str, sheet: str, key: str) -> bool:
        """Whether sorting by `key` is instant; if not, prepare_sort builds its index (seconds at 1M)."""
        space, sref = self.sheet(actor, ref, sheet)
        return space.store(sref).has_sort_index(key)

    def prepare_sort(self, actor: Actor, ref: str, sheet: str, key: str) -> None:
        space, sref = self.sheet(actor, ref, sheet)
        store = space.store(sref)
        self._check_view(store, View(sort=key))
        with translate_errors(), space.db.atomic():
            store.ensure_sort_index(key)

    def records_by_id(self, actor: Actor, ref: str, sheet: str, rids: list[int]) -> list[Record]:
        space, sref = self.sheet(actor, ref, sheet)
        return recordquery.fetch_rids(space.store(sref), rids)

    def counts(self, actor: Actor, ref: str, sheet: str, view: View | None = None) -> dict:
        space, sref = self.sheet(actor, ref, sheet)
        store = space.store(sref)
        if view:
            self._check_view(store, view)
        with translate_errors():
            return recordquery.count(store, view)

    def record_json(self, actor: Actor, ref: str, sheet: str, record: Record) -> dict:
        space, sref = self.sheet(actor, ref, sheet)
        return record.to_flatfile(space.store(sref).sheet)

    @staticmethod
    def _check_view(store, view: View) -> None:
        for key in (view.sort, view.field_errors):
            if key is not None and key not in store.cols:
                raise InvalidInput(f'no field "{key}" in {store.sheet.slug} (fields: {", ".join(store.cols)})')
        if view.filter not in recordquery.FILTERS:
            raise InvalidInput(f"filter must be one of {', '.join(recordquery.FILTERS)}")

    def _writable(self, store, keys: Iterable[str] = ()) -> None:
        if store.sheet.readonly:
            raise InvalidInput(f"sheet {store.sheet.slug} is read-only")
        for key in keys:
            if key not in store.cols:
                raise InvalidInput(f'no field "{key}" in {store.sheet.slug}')
            f = store.sheet.field(key)
            if not f.editable:
                raise InvalidInput(f'{f.label} is {"computed" if f.computed else "read-only"} and cannot be edited')

    def add_records(self, actor: Actor, ref: str, sheet: str, rows: list[dict[str, Any]],
                    rids: list[int] | None = None, label: str | None = None) -> list[int]:
        """Add records; `rids` puts deleted records back under their old ids. One undo step."""
        space, sref = self.sheet(actor, ref, sheet)
        store = space.store(sref)
        self._writable(store)
        if rids is None:
            keys = [f.key for f in store.sheet.fields if f.editable]
            for row in rows:
                self._writable(store, row)
        else:  # putting records back as they were, read-only and computed values included
            keys = list(store.cols)
            if len(rids) != len(rows):
                raise InvalidInput("give one id per record")
            taken = recordquery.fetch_rids(store, list(rids))
            if taken:
                raise InvalidInput(f"record {taken[0].rid} already exists")
        with self._write(space, actor, "records.add", {"sheet": sref.slug, "sheetId": sref.id, "count": len(rows)},
                         needs=Can.EDIT_RECORDS):
            added = store.insert_rows(keys, ([row.get(k) for k in keys] for row in rows), scoped=True, rids=rids,
                                      author=actor.id)
            given = [{k: row[k] for k in keys if k in row} for row in rows]
            self._recorded(space, actor, sref.id, label or _plural(len(rows), "Add record", "Add {n} records"),
                           add_op(added, given), delete_op(added))
            return added

    def update_cells(self, actor: Actor, ref: str, sheet: str, changes: dict[int, dict[str, Any]],
                     label: str | None = None) -> None:
        """Set cells ({rid: {key: raw value}}); one undo step."""
        space, sref = self.sheet(actor, ref, sheet)
        store = space.store(sref)
        self._writable(store, {k for cells in changes.values() for k in cells})
        with self._write(space, actor, "records.update", {"sheet": sref.slug, "sheetId": sref.id, "count": len(changes)},
                         needs=Can.EDIT_RECORDS):
            before = self._require_rids(store, list(changes))
            if len(changes) >= MANY:  # a paste or a cleared range: bulk, so restorable like one
                self._auto(space, actor, f"before changing {len(changes)} records of {sref.slug}")
            store.update_cells(changes, actor.id)
            old = {r.rid: {k: r.values.get(k) for k in changes[r.rid]} for r in before}
            self._recorded(space, actor, sref.id, label or self._edit_label(store, changes),
                           set_op(changes), set_op(old))

    def delete_records(self, actor: Actor, ref: str, sheet: str, rids: list[int], label: str | None = None) -> int:
        space, sref = self.sheet(actor, ref, sheet)
        store = space.store(sref)
        self._writable(store)
        self._require_rids(store, sorted(set(rids)))  # a record already gone is said so, not "0 deleted"
        with self._write(space, actor, "records.delete", {"sheet": sref.slug, "sheetId": sref.id, "count": len(rids)},
                         needs=Can.EDIT_RECORDS):
            if len(rids) >= MANY:
                self._auto(space, actor, f"before deleting {len(rids)} records of {sref.slug}")
            big = len(rids) > UNDO_CELLS  # too many to keep as values: the snapshot above has them
            saved = [] if big else recordquery.fetch_rids(store, sorted(set(rids)))
            deleted = store.delete_rows(rids)
            gone = sorted(set(rids)) if big else [r.rid for r in saved]
            self._recorded(space, actor, sref.id, label or _plural(len(gone), "Delete record", "Delete {n} records"),
                           delete_op(gone), add_op(gone, [r.values for r in saved]))
            return deleted

    def _require_rids(self, store, rids: list[int]) -> list[Record]:
        """The records with these ids, all of them, or NotFound."""
        records = recordquery.fetch_rids(store, rids) if rids else []
        found = {r.rid for r in records}
        missing = [r for r in rids if r not in found]
        if missing:
            raise NotFound(f"no record {missing[0]} in {store.sheet.slug}")
        return records

    @staticmethod
    def _edit_label(store, changes: dict[int, dict[str, Any]]) -> str:
        keys = {k for cells in changes.values() for k in cells}
        n = sum(len(cells) for cells in changes.values())
        if n == 1:
            return f"Edit {store.sheet.field(next(iter(keys))).label}"
        return f"Edit {n:,} cells"

    def find_replace(self, actor: Actor, ref: str, sheet: str, find: str, replace: str,
                     field: str | None = None, match_case: bool = False, whole_cell: bool = False,
                     view: View = View()) -> int:
        """Replace text in cells (one field, or every editable field) of the records in `view`."""
        return self.replace_text(actor, ref, sheet, find, replace, field, match_case, whole_cell, view)["cells"]

    def replace_text(self, actor: Actor, ref: str, sheet: str, find: str, replace: str,
                     field: str | None = None, match_case: bool = False, whole_cell: bool = False,
                     view: View = View()) -> dict:
        """Find and replace with a snapshot first; says what it wrote ("new") over what was
        stored before ("old"), {rid: {key: value}} each, so the window can undo exactly that."""
        changes = self.preview_replace(actor, ref, sheet, find, replace, field, match_case, whole_cell, view)
        cells = sum(len(c) for c in changes.values())
        old: dict[int, dict[str, Any]] = {}
        if changes:
            space, sref = self.sheet(actor, ref, sheet)
            store = space.store(sref)
            with self._write(space, actor, "records.replace",
                             {"sheet": sref.slug, "sheetId": sref.id, "find": find, "replace": replace, "cells": cells},
                             needs=Can.EDIT_RECORDS):
                self._auto(space, actor, f"before replacing “{find}” in {sref.slug}")
                for rec in recordquery.fetch_rids(store, list(changes)):
                    old[rec.rid] = {k: rec.values.get(k) for k in changes[rec.rid]}
                store.update_cells(changes, actor.id)
                self._recorded(space, actor, sref.id, f"Replace “{find}”", set_op(changes), set_op(old))
        return {"cells": cells, "records": len(changes), "new": changes, "old": old}

    def preview_replace(self, actor: Actor, ref: str, sheet: str, find: str, replace: str,
                        field: str | None = None, match_case: bool = False, whole_cell: bool = False,
                        view: View = View()) -> dict[int, dict[str, str]]:
        """The cells find-and-replace would change ({rid: {key: new text}}), changing nothing."""
        if not find:
            raise InvalidInput("give the text to find")
        space, sref = self.sheet(actor, ref, sheet)
        store = space.store(sref)
        self._check_view(store, view)
        keys = [field] if field else [f.key for f in store.sheet.fields if f.editable]
        self._writable(store, keys)
        from ..storage.findreplace import plan_replacements

        with translate_errors():
            return plan_replacements(store, view, keys, find, replace, match_case, whole_cell)

    def bulk_update(self, actor: Actor, ref: str, sheet: str, key: str, value: Any,
                    rids: list[int] | None = None, view: View | None = None) -> int:
        """Set one field to one value on the given records, or on every record of a view."""
        space, sref = self.sheet(actor, ref, sheet)
        store = space.store(sref)
        self._writable(store, [key])
        if rids is None:
            from .export import iter_records

            rids = [r.rid for r in iter_records(store, view or View())]
        changes = {rid: {key: value} for rid in rids}
        with self._write(space, actor, "records.bulk_update", {"sheet": sref.slug, "sheetId": sref.id, "field": key, "count": len(rids)},
                         needs=Can.EDIT_RECORDS):
            self._auto(space, actor, f"before a bulk edit of {sref.slug}.{key}")
            old = {r.rid: {key: r.values.get(key)} for r in recordquery.fetch_rids(store, rids)} \
                if len(rids) <= UNDO_CELLS else {}
            store.update_cells(changes, actor.id)
            self._recorded(space, actor, sref.id, f"Set {store.sheet.field(key).label} on {len(rids):,} records",
                           set_op(changes), set_op(old))
        return len(rids)

    def validate_sheet(self, actor: Actor, ref: str, sheet: str,
                       progress: Callable[[int], None] | None = None) -> dict:
        space, sref = self.sheet(actor, ref, sheet)
        store = space.store(sref)
        with self._write(space, actor, "records.validate", {"sheet": sref.slug, "sheetId": sref.id},
                         needs=Can.EDIT_RECORDS):
            store.recheck_all(progress)
        return recordquery.count(store)

    # ---- import / export
    def import_file(self, actor: Actor, ref: str, sheet: str, path: str | Path, mapping=None,
                    progress: Callable[[int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None, parallel: bool | None = None,
                    remember: bool = False, **read_options) -> dict:
        """Read, map, cast and validate a file into a sheet: all of it, or (on error) none.

        mapping: a Mapping; if None, the one remembered for these columns, else by name.
        remember: keep the mapping for the next file with the same columns.
        parallel: read and cast in a second process (default: for files big enough to gain).
        """
        from ..storage.batches import make_batches, pick_columns
        from ..readers import open_source
        from ..domain.mapping import auto_map, check_mapping
        from .readerproc import batches_from_reader, worth_a_process

        space, sref = self.sheet(actor, ref, sheet)
        store = space.store(sref)
        self._writable(store)
        src = open_source(path, **read_options)
        given = mapping is not None
        mapping = mapping or self.saved_mapping(actor, ref, sheet, src.headers) or auto_map(src.headers, store.sheet)
        if mapping.add_fields and not store.sheet.allow_additional_fields:
            raise InvalidInput(f"sheet {sref.slug} does not allow additional fields")
        if parallel is None:
            parallel = worth_a_process(path, read_options.get("name"))
        source_notes: dict = {}

        def tick(n: int) -> None:
            if cancelled and cancelled():
                raise Cancelled("Import cancelled: nothing was changed.")
            if progress:
                progress(n)

        name = read_options.get("name") or Path(path).name
        detail = {"sheet": sref.slug, "sheetId": sref.id, "file": name}
        with self._write(space, actor, "records.import", detail, needs=Can.EDIT_RECORDS):
            self._auto(space, actor, f"before importing {name} into {sref.slug}")
            if mapping.add_fields:
                store = self._add_fields(space, sref, mapping, src.headers)
            cols, keys, notes = check_mapping(mapping, src.headers, store.sheet)
            value_maps = [mapping.values.get(k) for k in keys]
            fields, missing = store.split_fields(keys)
            first = store.next_rid()
            if parallel:
                src.rows.close() if hasattr(src.rows, "close") else None
                batches = batches_from_reader(path, read_options, cols, value_maps, fields, missing, first,
                                              source_notes, author=actor.id)
            else:
                rows = pick_columns(src.rows, cols, len(src.headers), value_maps)
                batches = make_batches(fields, missing, rows, first, author=actor.id)
            count = store.insert_batches(keys, batches, progress=tick)
            if mapping.add_fields:  # read when the write ends: the sheet's columns changed too
                detail["fieldsAdded"] = len(mapping.add_fields)
            if remember or given:
                self._remember_mapping(space, sref.id, src.headers, mapping)
        c = recordquery.count(store)
        notes += [f"{what}: {n}" for what, n in (source_notes or src.notes).items()]
        return {"imported": count, "sheet": sref.slug, "columns": dict(zip([src.headers[i] for i in cols], keys)),
                "total": c["total"], "valid": c["valid"], "error": c["error"], "notes": notes,
                "encoding": src.encoding, "delimiter": src.delimiter, "sourceSheet": src.sheet}

    def _add_fields(self, space, sref: SheetRef, mapping, headers: list[str]):
        """New text fields for the mapping's addFields columns (the caller holds the transaction)."""
        from ..domain.blueprint import slugify

        S, W, F = space.m.Sheet, space.m.Workbook, space.m.Field
        store = space.store(sref)
        sheet_row, wb = S.get_by_id(sref.id), W.get_by_id(sref.workbook_id)
        config, blueprint = json.loads(sheet_row.config), json.loads(wb.blueprint)
        bp_sheet = next(s for s in blueprint["sheets"] if (s.get("slug") or slugify(s["name"])) == sref.slug)
        used_cols = {int(c[1:]) for c in history.physical_columns(store)}  # incl. columns of removed fields
        check_fields(len(used_cols) + len(mapping.add_fields), f"{sref.slug} with the added columns")
        for header in mapping.add_fields:
            if header not in headers:
                raise InvalidInput(f'the mapping adds "{header}", which is not a column of the file')
            key = base = slugify(header).replace("-", "_") or "field"
            n = 2
            while key in store.cols:
                key, n = f"{base}_{n}", n + 1
            col = f"f{max(used_cols, default=0) + 1}"
            used_cols.add(int(col[1:]))
            F.create(sheet=sref.id, key=key, col=col, position=len(store.cols))
            space.db.execute_sql(f'ALTER TABLE {store.rec} ADD COLUMN "{col}"')
            definition = {"key": key, "type": "string", "label": header}
            config["fields"].append(definition)
            bp_sheet["fields"].append(definition)
            mapping.columns[header] = key
            store.cols[key] = col
        S.update(config=json.dumps(config, ensure_ascii=False)).where(S.id == sref.id).execute()
        W.update(blueprint=json.dumps(blueprint, ensure_ascii=False), updated_at=now_iso()).where(
            W.id == sref.workbook_id).execute()
        space.forget_schema()
        store = space.store(sref)
        history.install_record_triggers(store)  # the new columns are versioned too
        return store

    def export(self, actor: Actor, ref: str, sheet: str, path: str | Path, fmt: str,
               view: View = View(), progress: Callable[[int], None] | None = None) -> int:
        from .export import export_sheet, work_file

        store = self._viewed(actor, ref, sheet, view)
        with translate_errors(), self.catalog.unfinished.claim(work_file(path)):
            return export_sheet(store, path, fmt, view, progress)

    def export_workbook(self, actor: Actor, ref: str, workbook: str | int, path: str | Path, fmt: str,
                        view: View = View(), progress: Callable[[int], None] | None = None) -> int:
        """Every sheet of a workbook (id or name): XLSX worksheets, JSON by slug, or a ZIP of CSVs."""
        from .export import export_workbook, work_file

        space = self._space_for(actor, ref)
        W = space.m.Workbook
        hits = [w for w in W.select().where(W.deleted_at.is_null()).order_by(W.position)
                if str(w.id) == str(workbook) or w.name == workbook]
        if not hits:
            raise NotFound(f'no workbook "{workbook}" in this Space')
        if len(hits) > 1 and not any(str(w.id) == str(workbook) for w in hits):
            raise Ambiguous(f'{len(hits)} workbooks are named "{workbook}" (ids {", ".join(str(w.id) for w in hits)}): '
                            "give the id")
        hits = [w for w in hits if str(w.id) == str(workbook)] or hits
        if not actor.may_see(hits[0].id):
            raise AccessDenied("This workbook was not shared with you.")
        stores = list(space.stores(hits[0].id).values())
        for store in stores:
            self._check_view(store, view)
        with translate_errors(), self.catalog.unfinished.claim(work_file(path)):
            return export_workbook(stores, path, fmt, view, progress)


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=f"{n:,}")


def _matches(summary: dict, text: str) -> bool:
    t = text.lower()
    if t in summary.get("name", "").lower() or t in summary.get("id", "").lower():
        return True
    if any(t in label.lower() for label in summary.get("labels", [])):
        return True
    return t in json.dumps(summary.get("metadata", {}), ensure_ascii=False).lower()
