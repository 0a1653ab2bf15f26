"""Service operations on a Space's files: upload (refusing what cannot be read), list, rename,
delete, save a copy elsewhere, preview, and remembered mappings. Mixed into the service.

Files follow a guest's grants: a guest limited to some sheets sees the files they uploaded and
the files imported into those sheets, and to them any other file does not exist."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

from ..readers import check_supported, kind_of, open_source
from ..domain.access import Actor, Can, check_write, require_admin
from ..domain.clock import now_iso
from ..storage.db import translate_errors
from ..domain.errors import AccessDenied, ExtractError, FlatspaceError, InvalidInput, NotFound
from ..storage.filestore import FileStore
from ..domain.mapping import Mapping, headers_key
from ..domain.names import LOGO_PREFIX, base_name, file_name, is_sha256, logo_sha

STATUSES = ("uploaded", "extracting", "extracted", "failed")
LOGO_TYPES = {".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"}


def file_dict(row) -> dict:
    return {"id": row.id, "name": row.name, "size": row.size, "kind": row.kind, "status": row.status,
            "error": row.error, "createdAt": row.created_at, "createdBy": row.created_by, "sha256": row.sha256}


class FileOps:
    def filestore(self, ref: str) -> FileStore:
        return FileStore(self.space(ref).files_dir)

    def upload_file(self, actor: Actor, ref: str, path: str | Path, name: str | None = None) -> dict:
        """Copy a file into the Space's filestore (content stored once) and list it.

        A file Flatspace cannot read is refused with the reason, and nothing is stored. The name
        is the file's own (its last part, whichever separators it holds) unless `name` is given;
        a given name that is a path, or any name no system can save, is refused (core.names)."""
        path = Path(path)
        name = file_name(base_name(path.name) if name is None else name)
        space = self._space_for(actor, ref)
        check_write(actor, space.id, Can.ADD_FILES)  # now, so a refused upload stores nothing
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
        sha, size = self.filestore(ref).put(path)
        F = space.m.File
        with self._write(space, actor, "file.upload", {"name": name, "sha256": sha}, needs=Can.ADD_FILES):
            now = now_iso()
            row = F.create(name=name, sha256=sha, size=size, kind=kind_of(name), created_at=now,
                           created_by=actor.id, updated_at=now)
        return file_dict(row)

    def _files(self, space, actor: Actor):
        """A query of the files the actor may see: all of them for an admin or a guest of the
        whole Space; else the ones they uploaded and the ones imported into a granted sheet."""
        F = space.m.File
        if actor.is_admin or actor.whole_space:
            return F.select()
        FI = space.m.FileImport
        granted = [s.id for s in space.sheet_refs() if actor.may_see(s.workbook_id, s.id)]
        return F.select().where((F.created_by == actor.id) | F.id.in_(
            FI.select(FI.file).where(FI.sheet.in_(granted))))

    def _file(self, actor: Actor, ref: str, file_id: int):
        """(space, row) of a file the actor may see; one they may not see is, to them, not there."""
        space = self._space_for(actor, ref)
        row = self._files(space, actor).where(space.m.File.id == file_id).first()
        if row is None:
            raise NotFound(f"no file {file_id} in this Space")
        return space, row

    def _changeable(self, actor: Actor, ref: str, file_id: int):
        """(space, row) of a file the actor may rename or delete: an admin any, a guest their own."""
        space, row = self._file(actor, ref, file_id)
        check_write(actor, space.id, Can.CHANGE_FILES)  # a read-only link says so, whoever added the file
        if not actor.is_admin and row.created_by != actor.id:
            raise AccessDenied(f"{row.name} was added by someone else: only they or an admin may rename or delete it.")
        return space, row

    def list_files(self, actor: Actor, ref: str) -> list[dict]:
        space = self._space_for(actor, ref)
        return [file_dict(r) for r in self._files(space, actor).order_by(space.m.File.id)]

    def file_info(self, actor: Actor, ref: str, file_id: int) -> dict:
        return file_dict(self._file(actor, ref, file_id)[1])

    def file_path(self, actor: Actor, ref: str, file_id: int) -> Path:
        """The stored copy (read it with open_source(..., name=the file's name))."""
        return self.filestore(ref).blob(self._file(actor, ref, file_id)[1].sha256)

    def rename_file(self, actor: Actor, ref: str, file_id: int, name: str) -> dict:
        name = file_name(name)
        space, row = self._changeable(actor, ref, file_id)
        if kind_of(name) != row.kind or Path(name).suffix.lower() != Path(row.name).suffix.lower():
            raise InvalidInput(f"keep the extension {Path(row.name).suffix or '(none)'}: it says how the file is read")
        with self._write(space, actor, "file.rename", {"id": file_id, "name": name}, needs=Can.CHANGE_FILES):
            space.m.File.update(name=name, updated_at=now_iso()).where(space.m.File.id == file_id).execute()
        return self.file_info(actor, ref, file_id)

    def delete_file(self, actor: Actor, ref: str, file_id: int) -> None:
        space, row = self._changeable(actor, ref, file_id)
        F = space.m.File
        with self._write(space, actor, "file.delete", {"id": file_id, "name": row.name}, needs=Can.CHANGE_FILES):
            F.delete().where(F.id == file_id).execute()
        self.collect_blobs(ref)  # after the commit: at worst an unused blob stays

    def collect_blobs(self, ref: str) -> int:
        """Discard stored contents that no file and no snapshot's history refers to any more."""
        space = self.space(ref)
        wanted = {r[0] for r in space.db.execute_sql("SELECT sha256 FROM file")}
        wanted |= {r[0] for r in space.db.execute_sql(
            "SELECT json_extract(data, '$.sha256') FROM meta_hist WHERE tbl = 'file' AND data IS NOT NULL")}
        # a theme's logo, now or in history, is kept too ("blob:<sha256>")
        for (theme,) in space.db.execute_sql(
                "SELECT theme FROM space UNION SELECT json_extract(data, '$.theme') FROM meta_hist "
                "WHERE tbl = 'space' AND data IS NOT NULL"):
            logo = str((json.loads(theme or "{}").get("sidebar") or {}).get("logo") or "")
            if logo.startswith(LOGO_PREFIX):
                wanted.add(logo[len(LOGO_PREFIX):])
        store = self.filestore(ref)
        gone = 0
        if store.folder.is_dir():
            for blob in store.folder.glob("??/*"):
                if blob.is_file() and is_sha256(blob.name) and blob.name not in wanted:
                    store.discard(blob.name)
                    gone += 1
        return gone

    def save_file_as(self, actor: Actor, ref: str, file_id: int, dest: str | Path) -> Path:
        dest = Path(dest)
        try:
            shutil.copyfile(self.file_path(actor, ref, file_id), dest)
        except OSError as exc:
            raise InvalidInput(f"cannot write {dest}: {exc.strerror}") from None
        return dest

    def set_file_status(self, actor: Actor, ref: str, file_id: int, status: str, error: str | None = None) -> None:
        if status not in STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(STATUSES)}")
        space, _row = self._file(actor, ref, file_id)
        self._set_status(space, actor, file_id, status, error)

    def _set_status(self, space, actor: Actor, file_id: int, status: str, error: str | None = None,
                    sheet_id: int | None = None) -> None:
        """sheet_id: where the file was imported to (guests granted that sheet then see it)."""
        F, FI = space.m.File, space.m.FileImport
        with self._write(space, actor, f"file.{status}", {"id": file_id}, needs=Can.ADD_FILES):
            F.update(status=status, error=error, updated_at=now_iso()).where(F.id == file_id).execute()
            if sheet_id is not None:
                FI.insert(file=file_id, sheet=sheet_id).on_conflict_ignore().execute()

    def preview_file(self, actor: Actor, ref: str, file_id: int, limit: int = 50, **options):
        """(source, rows): the first rows as they will be read with these options."""
        _space, row = self._file(actor, ref, file_id)
        src = open_source(self.filestore(ref).blob(row.sha256), name=row.name, **options)
        rows = []
        for r in src.rows:
            rows.append(r)
            if len(rows) >= limit:
                break
        close = getattr(src.rows, "close", None)
        if close:
            close()
        return src, rows

    def column_values(self, actor: Actor, ref: str, file_id: int, column: int, rows: int = 5_000,
                      most: int = 200, **options) -> list[str]:
        """Distinct values of one column in the first `rows` rows: for mapping enum values."""
        _space, row = self._file(actor, ref, file_id)
        src = open_source(self.filestore(ref).blob(row.sha256), name=row.name, **options)
        seen: dict[str, None] = {}
        for i, r in enumerate(src.rows):
            if i >= rows or len(seen) >= most:
                break
            v = r[column] if column < len(r) else None
            if v is not None and str(v).strip():
                seen.setdefault(str(v).strip(), None)
        close = getattr(src.rows, "close", None)
        if close:
            close()
        return list(seen)

    def import_stored_file(self, actor: Actor, ref: str, file_id: int, sheet: str, mapping: Mapping | None = None,
                           remember: bool = True, **kw) -> dict:
        """Import one of the Space's files; its status follows (extracting, extracted, failed)."""
        space, row = self._file(actor, ref, file_id)
        _space, sref = self.sheet(actor, ref, sheet)  # a sheet not granted is refused before any change
        self._set_status(space, actor, file_id, "extracting")
        try:
            # The records, the file's status and where it went: one transaction, all or nothing.
            with translate_errors(), space.db.atomic():
                result = self.import_file(actor, ref, sheet, self.filestore(ref).blob(row.sha256), mapping=mapping,
                                          name=row.name, remember=remember, **kw)
                self._set_status(space, actor, file_id, "extracted", sheet_id=sref.id)
        except BaseException as exc:
            with contextlib.suppress(FlatspaceError):  # e.g. the link was revoked: the first refusal says why
                self._set_status(space, actor, file_id, "failed", str(exc) or type(exc).__name__)
            raise
        finally:
            self._send(space)  # the writes inside were told once the whole import was over
        return result

    def store_logo(self, actor: Actor, ref: str, path: str | Path) -> str:
        """Keep an image in the filestore for a theme's logo; returns the value for sidebar.logo."""
        require_admin(actor, "change the theme")
        self._space_for(actor, ref)
        path = Path(path)
        if path.suffix.lower() not in LOGO_TYPES:
            raise InvalidInput(f"{path.name}: a logo is a PNG, JPEG, SVG, GIF or WebP image")
        if not path.is_file():
            raise InvalidInput(f"{path.name}: no such file")
        sha, _size = self.filestore(ref).put(path)
        return LOGO_PREFIX + sha

    def logo_path(self, actor: Actor, ref: str, value: str) -> Path | None:
        """The stored image of a "blob:<sha256>" logo; None for any other value, including a
        malformed one a Space made elsewhere may hold (it is never turned into a path)."""
        sha = logo_sha(value)
        blob = self.filestore(ref).blob(sha) if sha else None
        return blob if blob is not None and blob.is_file() else None

    # ---- remembered mappings
    def saved_mapping(self, actor: Actor, ref: str, sheet: str, headers: list[str]) -> Mapping | None:
        space, sref = self.sheet(actor, ref, sheet)
        SM = space.m.SavedMapping
        row = SM.get_or_none((SM.sheet == sref.id) & (SM.headers_key == headers_key(headers)))
        return Mapping.from_json(json.loads(row.mapping)) if row else None

    def _remember_mapping(self, space, sheet_id: int, headers: list[str], mapping: Mapping) -> None:
        SM = space.m.SavedMapping
        key = headers_key(headers)
        data = json.dumps(mapping.to_json(), ensure_ascii=False)
        with translate_errors():
            (SM.insert(sheet=sheet_id, headers_key=key, mapping=data, updated_at=now_iso())
             .on_conflict(conflict_target=[SM.sheet, SM.headers_key], update={SM.mapping: data,
                                                                           SM.updated_at: now_iso()})
             .execute())


