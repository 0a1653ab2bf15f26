"""A whole Space in one .flatspace file, to move it to another machine: its database (with its
history, documents, theme, guests) and its filestore, with a manifest of SHA-256 digests. A
truncated, altered or foreign file is refused with the reason, and nothing is created."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from .db import check_openable
from .errors import FlatspaceError, InvalidInput
from .space import DB_FILE, FILES_DIR

FORMAT = "flatspace-space"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_space(folder: Path, db_path: Path, name: str, schema: int, out: Path) -> int:
    """Pack a consistent copy of the Space (VACUUM INTO: no half-written page) and its files."""
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    work = out.with_name(out.name + ".db.part")
    work.unlink(missing_ok=True)
    try:
        con = sqlite3.connect(f"file:{quote(str(db_path))}?mode=ro", uri=True)
        try:
            con.execute("VACUUM INTO ?", (str(work),))
        finally:
            con.close()
        entries = {DB_FILE: work}
        files_dir = folder / FILES_DIR
        if files_dir.is_dir():
            for blob in sorted(files_dir.rglob("*")):
                if blob.is_file() and not blob.name.startswith("."):
                    entries[f"{FILES_DIR}/{blob.relative_to(files_dir).as_posix()}"] = blob
        manifest = {"format": FORMAT, "formatVersion": FORMAT_VERSION, "app": __version__, "schema": schema,
                    "name": name, "entries": {arc: _sha256(p) for arc, p in entries.items()}}
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(MANIFEST, json.dumps(manifest, indent=1))
            for arc, p in entries.items():
                z.write(p, arc)
        os.replace(tmp, out)
        return out.stat().st_size
    except OSError as exc:
        raise InvalidInput(f"cannot write {out}: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)
        work.unlink(missing_ok=True)


def read_space(path: Path, staging: Path) -> dict:
    """Unpack into `staging` after checking everything; returns the manifest."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise InvalidInput(f"{path.name} is not a Flatspace Space file (it may be truncated or damaged)") from None
    with z:
        try:
            manifest = json.loads(z.read(MANIFEST))
        except (KeyError, ValueError):
            raise InvalidInput(f"{path.name} is not a Flatspace Space file (no manifest)") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise InvalidInput(f"{path.name} is not a Flatspace Space file")
        if manifest.get("formatVersion", 0) > FORMAT_VERSION:
            raise InvalidInput(f"{path.name} was written by a newer Flatspace ({manifest.get('app')}): update to open it")
        entries = manifest.get("entries") or {}
        if DB_FILE not in entries or set(entries) != set(z.namelist()) - {MANIFEST}:
            raise InvalidInput(f"{path.name} is incomplete or has unexpected content")
        for arc, digest in entries.items():
            if arc.startswith(("/", "..")) or ".." in Path(arc).parts:
                raise InvalidInput(f"{path.name} holds a path outside the Space: {arc}")
            target = staging / arc
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with z.open(arc) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise InvalidInput(f"{path.name} is damaged ({arc}: {exc})") from None
            if _sha256(target) != digest:
                raise InvalidInput(f"{path.name} was altered or damaged: {arc} does not match its digest")
    (staging / FILES_DIR).mkdir(exist_ok=True)
    try:
        check_openable(staging / DB_FILE)
        con = sqlite3.connect(staging / DB_FILE)
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        con.close()
    except (FlatspaceError, sqlite3.DatabaseError) as exc:
        raise InvalidInput(f"{path.name}: the Space inside cannot be opened ({exc})") from None
    if ok != "ok":
        raise InvalidInput(f"{path.name}: the Space inside is damaged ({ok})")
    return manifest
