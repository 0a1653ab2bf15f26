"""A whole Space in one .flatspace file, to move it to another machine: its database (with its
history, documents, theme, guests) and its filestore, with a manifest of SHA-256 digests. A
truncated, altered, foreign or hostile file is refused with the reason, and nothing is created.

A file from elsewhere is checked whole before anything is written (entry names, methods, the
manifest's types), and its database is not used as it came: storage.rebuild copies its data into
one made by this version, so no trigger or view of the sender's runs here."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import zipfile
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..domain.errors import DatabaseError, InvalidInput
from .migrations import CURRENT_VERSION
from .rebuild import rebuild
from .space import DB_FILE, FILES_DIR

FORMAT = "flatspace-space"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
RECEIVED = ".received.sqlite"  # the database as it came, until its data is copied into one made here
MANIFEST_LIMIT = 64 << 20
PART = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$")  # one folder or file name under files/
DIGEST = re.compile(r"^[0-9a-f]{64}$")
METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "Deflate"}  # what write_space uses
OTHER_METHODS = {9: "Deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 98: "PPMd", 99: "AES"}


def work_files(out: Path) -> list[Path]:
    """The temporary files write_space makes beside `out`."""
    out = Path(out)
    return [out.with_name(out.name + ".part"), out.with_name(out.name + ".db.part"),
            out.with_name(out.name + ".server.part")]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_space(folder: Path, db_path: Path, name: str, schema: int, out: Path,
                blobs: set[str] | None = None) -> int:
    """Pack a consistent copy of the Space (VACUUM INTO: no half-written page) and its files
    (blobs: only the contents with these SHA-256, where the folder may hold others)."""
    out = Path(out)
    tmp, work, _server = work_files(out)
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
                if blob.is_file() and not blob.name.startswith(".") and (blobs is None or blob.name in blobs):
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


def _shown(text: str) -> str:
    return ascii(text)[:100]  # a hostile name could hold line breaks or control characters


def _safe_name(arc: str) -> bool:
    if arc in (MANIFEST, DB_FILE):
        return True
    parts = arc.split("/")
    return parts[0] == FILES_DIR and 1 < len(parts) <= 8 and all(PART.match(p) for p in parts[1:])


def _entries(z: zipfile.ZipFile, name: str) -> dict[str, zipfile.ZipInfo]:
    """Every entry checked before any is read: names, duplicates, links, encryption, methods."""
    infos: dict[str, zipfile.ZipInfo] = {}
    for info in z.infolist():
        arc = info.filename
        if arc in infos:
            raise InvalidInput(f"{name} holds two entries named {_shown(arc)}: refused")
        if not _safe_name(arc):
            escapes = arc.startswith(("/", "\\")) or "\\" in arc or ":" in arc or ".." in arc.split("/")
            raise InvalidInput(f"{name} holds a path outside the Space: {_shown(arc)}" if escapes
                               else f"{name} is incomplete or has unexpected content ({_shown(arc)})")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise InvalidInput(f"{name} holds a symbolic link ({_shown(arc)}): refused")
        if info.flag_bits & 0x1:
            raise InvalidInput(f"{name}: {_shown(arc)} is encrypted, and Flatspace Space files never are")
        if info.compress_type not in METHODS:
            method = OTHER_METHODS.get(info.compress_type, f"method {info.compress_type}")
            raise InvalidInput(f"{name}: {_shown(arc)} is compressed with {method}, which Flatspace does not read "
                               "(its Space files use Deflate)")
        infos[arc] = info
    return infos


def _whole(manifest: dict, key: str, name: str) -> int:
    value = manifest.get(key)
    if key not in manifest:
        raise InvalidInput(f"{name}: its manifest has no {key}")
    if type(value) is not int:
        raise InvalidInput(f"{name}: its manifest's {key} is not a whole number")
    return value


def _manifest(z: zipfile.ZipFile, infos: dict, name: str) -> dict:
    info = infos.get(MANIFEST)
    if info is None:
        raise InvalidInput(f"{name} is not a Flatspace Space file (no manifest)")
    if info.file_size > MANIFEST_LIMIT:
        raise InvalidInput(f"{name}: its manifest is larger than {MANIFEST_LIMIT >> 20} MB")
    try:
        with z.open(info) as fh:
            raw = fh.read(MANIFEST_LIMIT + 1)
        manifest = json.loads(raw)
    except RecursionError:
        raise InvalidInput(f"{name}: its manifest is nested too deeply") from None
    except (ValueError, zipfile.BadZipFile, OSError, EOFError):
        raise InvalidInput(f"{name} is not a Flatspace Space file (its manifest is not readable JSON)") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InvalidInput(f"{name} is not a Flatspace Space file")
    app = manifest.get("app") if isinstance(manifest.get("app"), str) else "?"
    for key, newest in (("formatVersion", FORMAT_VERSION), ("schema", CURRENT_VERSION)):
        value = _whole(manifest, key, name)
        if value > newest:
            raise InvalidInput(f"{name} was written by a newer Flatspace ({_shown(app)}): update to open it")
        if value < 1:
            raise InvalidInput(f"{name}: its manifest's {key} is not a version")
    entries = manifest.get("entries")
    if not isinstance(entries, dict) or not all(isinstance(d, str) and DIGEST.match(d) for d in entries.values()):
        raise InvalidInput(f"{name}: its manifest's entries are not files with SHA-256 digests")
    if DB_FILE not in entries or set(entries) != set(infos) - {MANIFEST}:
        raise InvalidInput(f"{name} is incomplete or has unexpected content")
    return manifest


def _unpack(z: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, digest: str, name: str) -> None:
    h, size = hashlib.sha256(), 0
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with z.open(info) as src, open(target, "xb") as dst:  # "x": never through an existing path
            for block in iter(lambda: src.read(1 << 20), b""):
                size += len(block)
                if size > info.file_size:
                    raise InvalidInput(f"{name} is damaged ({_shown(info.filename)} is longer than it says)")
                h.update(block)
                dst.write(block)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise InvalidInput(f"{name} is damaged ({_shown(info.filename)}: {exc})") from None
    if h.hexdigest() != digest:
        raise InvalidInput(f"{name} was altered or damaged: {info.filename} does not match its digest")


def read_space(path: Path, staging: Path) -> dict:
    """Unpack into `staging` after checking everything, the database rebuilt; returns the manifest."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InvalidInput(f"{path.name} is not a Flatspace Space file (it may be truncated or damaged)") from None
    with z:
        infos = _entries(z, path.name)
        manifest = _manifest(z, infos, path.name)
        needed = 2 * sum(i.file_size for i in infos.values())  # the database is copied once more
        free = shutil.disk_usage(staging).free
        if needed > free:
            raise DatabaseError(f"The disk is too full to import {path.name}: it needs {needed:,} bytes, "
                                f"{free:,} are free. Nothing was added.")
        try:
            for arc, digest in manifest["entries"].items():
                _unpack(z, infos[arc], staging / (RECEIVED if arc == DB_FILE else arc), digest, path.name)
        except OSError as exc:
            raise DatabaseError(f"{path.name} could not be unpacked ({exc.strerror}): nothing was added") from None
    (staging / FILES_DIR).mkdir(exist_ok=True)
    rebuild(staging / RECEIVED, staging / DB_FILE, path.name)
    (staging / RECEIVED).unlink()
    return manifest
