"""A Space's files: upload (refusing what cannot be read), list, rename, delete, save a copy
elsewhere, preview, and import into a sheet.

Files follow a guest's grants: a guest limited to some sheets sees the files they uploaded and
the files imported into those sheets, and to them any other file does not exist."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from ..domain.access import Can, check_write
from ..domain.errors import AccessDenied, ExtractError, FlatspaceError, InvalidInput, NotFound
from ..domain.mapping import Mapping
from ..domain.names import base_name, file_name
from ..readers import check_supported, kind_of, open_source
from ..storage import filerows
from ..storage.filestore import FileStore

STATUSES = ("uploaded", "extracting", "extracted", "failed")


def file_dict(row) -> dict:
    return {"id": row.id, "name": row.name, "size": row.size, "kind": row.kind, "status": row.status,
            "error": row.error, "createdAt": row.created_at, "createdBy": row.created_by, "sha256": row.sha256}


def _first_rows(src, limit: int):
    try:
        for i, r in enumerate(src.rows):
            if i >= limit:
                break
            yield r
    finally:
        close = getattr(src.rows, "close", None)
        if close:
            close()


class Files:
    def __init__(self, session):
        self.s = session

    @property
    def store(self) -> FileStore:
        return self.s.space.filestore()

    def _scope(self) -> tuple[bool, str, list[int]]:
        """What the actor may see: everything (an admin, a guest of the whole Space), else
        their uploads and files imported into the sheets granted to them."""
        a = self.s.actor
        everything = a.is_admin or a.whole_space
        granted = [] if everything else [s.id for s in self.s.space.sheet_refs() if a.may_see(s.workbook_id, s.id)]
        return everything, a.id, granted

    def _row(self, file_id: int):
        """The row of a file the actor may see; one they may not see is, to them, not there."""
        row = filerows.get_visible(self.s.space, file_id, *self._scope())
        if row is None:
            raise NotFound(f"no file {file_id} in this Space")
        return row

    def _changeable(self, file_id: int):
        """The row of a file the actor may rename or delete: an admin any, a guest their own."""
        row = self._row(file_id)
        check_write(self.s.actor, self.s.id, Can.CHANGE_FILES)  # a read-only link says so, whoever added it
        if not self.s.actor.is_admin and row.created_by != self.s.actor.id:
            raise AccessDenied(f"{row.name} was added by someone else: only they or an admin may rename or delete it.")
        return row

    def upload(self, path: str | Path, name: str | None = None) -> dict:
        """Copy a file into the Space's filestore (content stored once) and list it.

        A file Flatspace cannot read is refused with the reason, and nothing is stored. The name
        is the file's own (its last part, whichever separators it holds) unless `name` is given;
        a given name that is a path, or any name no system can save, is refused (domain.names)."""
        path = Path(path)
        name = file_name(base_name(path.name) if name is None else name)
        check_write(self.s.actor, self.s.id, Can.ADD_FILES)  # now, so a refused upload stores nothing
        if not path.is_file():
            raise InvalidInput(f"{name}: no such file")
        check_supported(name)
        try:
            src = open_source(path, name=name)  # reads the header: proves the file is readable
        except ExtractError as exc:
            raise ExtractError(f"{exc} — the file was not added") from None
        else:
            close = getattr(src.rows, "close", None)
            if close:
                close()
        detail = {"name": name}
        # Stored inside the write: a Team Space's other desktop collecting unused contents
        # waits for it, so it never takes this one away before its row exists.
        with self.s.write("file.upload", detail, needs=Can.ADD_FILES):
            sha, size = self.store.put(path)
            detail["sha256"] = sha
            row = filerows.create(self.s.space, name, sha, size, kind_of(name), self.s.actor.id)
            detail["file"] = row.id  # in its activity row, and its file:created event
        return file_dict(row)

    def list(self) -> list[dict]:
        return [file_dict(r) for r in filerows.listed(self.s.space, *self._scope())]

    def info(self, file_id: int) -> dict:
        return file_dict(self._row(file_id))

    def path(self, file_id: int) -> Path:
        """The stored copy (read it with open_source(..., name=the file's name))."""
        return self.store.blob(self._row(file_id).sha256)

    def rename(self, file_id: int, name: str) -> dict:
        name = file_name(name)
        row = self._changeable(file_id)
        if kind_of(name) != row.kind or Path(name).suffix.lower() != Path(row.name).suffix.lower():
            raise InvalidInput(f"keep the extension {Path(row.name).suffix or '(none)'}: it says how the file is read")
        with self.s.write("file.rename", {"id": file_id, "name": name}, needs=Can.CHANGE_FILES):
            filerows.rename(self.s.space, file_id, name)
        return self.info(file_id)

    def delete(self, file_id: int) -> None:
        row = self._changeable(file_id)
        with self.s.write("file.delete", {"id": file_id, "name": row.name}, needs=Can.CHANGE_FILES):
            filerows.delete(self.s.space, file_id)
        self.collect_blobs()  # after the commit: at worst an unused blob stays

    def collect_blobs(self) -> int:
        """Discard stored contents that no file and no snapshot's history refers to any more."""
        store = self.store
        with self.s.space.transaction():  # in turn with uploads (see upload)
            gone = store.stored() - filerows.wanted_blobs(self.s.space)
            for sha in gone:
                store.discard(sha)
        return len(gone)

    def save_as(self, file_id: int, dest: str | Path) -> Path:
        dest = Path(dest)
        try:
            shutil.copyfile(self.path(file_id), dest)
        except OSError as exc:
            raise InvalidInput(f"cannot write {dest}: {exc.strerror}") from None
        return dest

    def set_status(self, file_id: int, status: str, error: str | None = None, sheet_id: int | None = None) -> None:
        """sheet_id: where the file was imported to (guests granted that sheet then see it)."""
        if status not in STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(STATUSES)}")
        self._row(file_id)
        with self.s.write(f"file.{status}", {"id": file_id}, needs=Can.ADD_FILES):
            filerows.set_status(self.s.space, file_id, status, error, sheet_id)

    def preview(self, file_id: int, limit: int = 50, **options):
        """(source, rows): the first rows as they will be read with these options."""
        row = self._row(file_id)
        src = open_source(self.store.blob(row.sha256), name=row.name, **options)
        return src, list(_first_rows(src, limit))

    def column_values(self, file_id: int, column: int, rows: int = 5_000, most: int = 200, **options) -> list[str]:
        """Distinct values of one column in the first `rows` rows: for mapping enum values."""
        row = self._row(file_id)
        src = open_source(self.store.blob(row.sha256), name=row.name, **options)
        seen: dict[str, None] = {}
        for r in _first_rows(src, rows):
            if len(seen) >= most:
                break
            v = r[column] if column < len(r) else None
            if v is not None and str(v).strip():
                seen.setdefault(str(v).strip(), None)
        return list(seen)

    def reading(self, file_id: int, sheet: str, mapping: Mapping | None = None, **kw) -> dict:
        """How an import of the file into the sheet would read each column (services.importing)."""
        from .importing import reading

        row = self._row(file_id)
        return reading(self.s, sheet, self.store.blob(row.sha256), mapping=mapping, name=row.name,
                       sha256=row.sha256, **kw)

    def import_file(self, file_id: int, sheet: str, mapping: Mapping | None = None, remember: bool = True,
                    **kw) -> dict:
        """Import one of the Space's files; its status follows (extracting, extracted, failed)."""
        row = self._row(file_id)
        sref = self.s.sheet(sheet)  # a sheet not granted is refused before any change
        if kw.get("dry_run"):  # a review: the file's status stays as it is, as does everything else
            return self.s.records.import_file(sheet, self.store.blob(row.sha256), mapping=mapping, name=row.name,
                                              remember=False, sha256=row.sha256, **kw)
        self.set_status(file_id, "extracting")
        try:
            # The records, the file's status and where it went: one transaction, all or nothing.
            with self.s.transaction():
                result = self.s.records.import_file(sheet, self.store.blob(row.sha256), mapping=mapping,
                                                    name=row.name, remember=remember, sha256=row.sha256,
                                                    prepare=False, **kw)
                self.set_status(file_id, "extracted", sheet_id=sref.id)
        except BaseException as exc:
            with contextlib.suppress(FlatspaceError):  # e.g. the link was revoked: the first refusal says why
                self.set_status(file_id, "failed", str(exc) or type(exc).__name__)
            raise
        if "incomingIds" in result:  # a recipe's steps, each its own write, after the import's (which
            # has landed: a cancel now would say "nothing was changed" wrongly, so there is none)
            result["recipe"] = self.s.prep.apply_recipe(sheet, kw["recipe"], rids=result.pop("incomingIds"),
                                                        progress=kw.get("progress"))
        return result
