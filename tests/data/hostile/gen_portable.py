"""Hostile and broken Spaces (issue 12, items 3, 6, 8 and 10): .flatspace files whose zip, manifest
or database is wrong or hostile, and Space folders whose database is empty or damaged on disk.

Each file starts as a real Space exported by this version (a sheet of people, a snapshot, a
guest) and is then altered; the manifest's digests are made to match, so the check that meets a
file is the one it is meant for. The broken databases sit in data roots of their own, reached
with --data-dir. Everything is small and made here: nothing is committed but this code."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
import struct
import warnings
import zipfile
from pathlib import Path
from typing import Callable

from make_hostile import Case

DB = "space.sqlite"
MANIFEST = "manifest.json"
ROWS = 300  # records in the sender's sheet
KNOWN_TOKEN = "the-sender-knows-this-token"  # a guest secret that came inside the file
PEOPLE = {"name": "People", "sheets": [{"name": "People", "slug": "people", "fields": [
    {"key": "email", "type": "string", "label": "Email", "constraints": [{"type": "unique"}]},
    {"key": "name", "type": "string", "label": "Name"}]}]}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_space(root: Path, name: str = "Sender", rows: int = ROWS) -> str:
    """A Space made by this version under `root`, with records, a snapshot and one guest; its id."""
    from flatspace_desktop.domain.access import local_admin
    from flatspace_desktop.services.app import Flatspace

    fs, admin = Flatspace(root), local_admin()
    try:
        sid = fs.create_space(admin, name)["id"]
        fs.open(admin, sid).workbooks.create(PEOPLE)
        fs.open(admin, sid).records.add("people", [{"email": f"p{i}@example.org", "name": f"Person {i}"}
                                              for i in range(rows)])
        fs.open(admin, sid).history.take("sent")
        fs.open(admin, sid).guests.invite("Sam", "sam@example.org")
        return sid
    finally:
        fs.close()


def sender(dest: Path) -> Path:
    """The exported Space every hostile file is made from (made once per folder)."""
    out = Path(dest) / "sender.flatspace"
    if not out.exists():
        from flatspace_desktop.domain.access import local_admin
        from flatspace_desktop.services.app import Flatspace

        root = Path(dest) / "sender-root"
        sid = make_space(root)
        fs = Flatspace(root)
        try:
            fs.open(local_admin(), sid).export(out)
        finally:
            fs.close()
    return out


def damage_btree(path: Path, table: str = "rec_1") -> None:
    """Overwrite the header of one of the table's leaf pages: a b-tree that SQLite refuses."""
    con = sqlite3.connect(path)
    try:
        pages = [p for p, kind in con.execute("SELECT pageno, pagetype FROM dbstat WHERE name = ?", (table,))
                 if kind == "leaf"]
        size = con.execute("PRAGMA page_size").fetchone()[0]
    finally:
        con.close()
    with open(path, "r+b") as fh:
        fh.seek((pages[len(pages) // 2] - 1) * size)
        fh.write(b"\xff" * 16)


def repack(src: Path, out: Path, sql: tuple[str, ...] = (), db: bytes | None = None,
           edit_db: Callable[[Path], None] | None = None, manifest: Callable[[dict], object] | None = None,
           raw_manifest: bytes | None = None, extra: tuple[tuple[zipfile.ZipInfo | str, bytes], ...] = ()) -> Path:
    """`src` with its database changed (by `sql`, `edit_db`, or replaced by `db`), its digests made
    to match, the manifest edited (`manifest` returns the new one) or replaced, entries added."""
    out = Path(out)
    work = out.with_name(out.name + ".db")
    with zipfile.ZipFile(src) as z:
        work.write_bytes(z.read(DB) if db is None else db)
        files = {n: z.read(n) for n in z.namelist() if n not in (DB, MANIFEST)}
        data = json.loads(z.read(MANIFEST))
    if sql:
        con = sqlite3.connect(work)
        for statement in sql:
            con.execute(statement)
        con.commit()
        con.close()
    if edit_db:
        edit_db(work)
    body = work.read_bytes()
    work.unlink()
    data["entries"][DB] = hashlib.sha256(body).hexdigest()
    if manifest:
        data = manifest(data)
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # duplicate names are the point of one case
        z.writestr(MANIFEST, raw_manifest if raw_manifest is not None else json.dumps(data))
        z.writestr(DB, body)
        for name, blob in files.items():
            z.writestr(name, blob)
        for info, blob in extra:
            z.writestr(info, blob)
    return out


def set_entry_bits(path: Path, name: str, method: int | None = None, flags: int | None = None) -> Path:
    """Rewrite an entry's compression method or flag bits in both of its zip headers."""
    data = bytearray(Path(path).read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
    spots = [info.header_offset + 6]  # local header: flags at +6, method at +8
    end = data.rfind(b"PK\x05\x06")
    at = struct.unpack_from("<I", data, end + 16)[0]
    while data[at:at + 4] == b"PK\x01\x02":  # central directory: flags at +8, method at +10
        n, m, k = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46:at + 46 + n].decode() == name:
            spots.append(at + 8)
        at += 46 + n + m + k
    for spot in spots:
        if flags is not None:
            struct.pack_into("<H", data, spot, flags)
        if method is not None:
            struct.pack_into("<H", data, spot + 2, method)
    Path(path).write_bytes(bytes(data))
    return Path(path)


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _fresh_db(path: Path, sql: tuple[str, ...]) -> bytes:
    con = sqlite3.connect(path)
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()
    body = path.read_bytes()
    path.unlink()
    return body


def _without(key: str) -> Callable[[dict], dict]:
    return lambda m: {k: v for k, v in m.items() if k != key}


def _with(key: str, value) -> Callable[[dict], dict]:
    return lambda m: {**m, key: value}


def broken_root(dest: Path, name: str, breaks: Callable[[Path], None]) -> tuple[Path, str]:
    """A data root holding one Space whose database `breaks` has broken on disk."""
    root = Path(dest) / "roots" / name
    sid = make_space(root, rows=2000)
    breaks(root / "spaces" / sid / DB)
    return root, sid


def cases(dest: Path) -> list[Case]:
    here = Path(dest) / "portable"
    here.mkdir(parents=True, exist_ok=True)
    src = sender(here)
    imp = ["space", "import", "{file}"]
    out: list[Case] = []

    def add(name: str, exit_code: int, says: str, **how) -> None:
        path = here / f"{name}.flatspace"
        if not path.exists():
            post = how.pop("post", None)
            repack(src, path, **how)
            if post:
                post(path)
        out.append(Case(name, imp, exit_code, says, path))

    # item 3: the zip and its manifest
    add("portable-encrypted-entry", 1, "is encrypted", post=lambda p: set_entry_bits(p, DB, flags=0x1))
    add("portable-ppmd-entry", 1, "PPMd", post=lambda p: set_entry_bits(p, DB, method=98))
    add("portable-lzma-entry", 1, "LZMA", post=lambda p: set_entry_bits(p, MANIFEST, method=14))
    add("portable-symlink-entry", 1, "symbolic link", extra=((_symlink("files/ab/link"), b"/etc/passwd"),))
    add("portable-parent-path", 1, "outside the Space", extra=(("../../evil.csv", b"a,b\n"),))
    add("portable-absolute-path", 1, "outside the Space", extra=(("/tmp/evil.csv", b"a,b\n"),))
    add("portable-backslash-path", 1, "outside the Space", extra=(("files\\..\\..\\evil.csv", b"a,b\n"),))
    add("portable-duplicate-entry", 1, "two entries", extra=((DB, b"not the database"),))
    add("portable-manifest-list", 1, "not a Flatspace Space file", raw_manifest=b'[{"format": "flatspace-space"}]')
    add("portable-manifest-version-text", 1, "formatVersion is not a whole number",
        manifest=_with("formatVersion", "1"))
    add("portable-manifest-schema-text", 1, "schema is not a whole number", manifest=_with("schema", "6"))
    add("portable-manifest-no-version", 1, "has no formatVersion", manifest=_without("formatVersion"))
    add("portable-manifest-no-entries", 1, "entries", manifest=_without("entries"))
    add("portable-manifest-entries-list", 1, "entries", manifest=_with("entries", [DB]))
    add("portable-manifest-digest-number", 1, "digests", manifest=lambda m: {**m, "entries": {
        k: 12345 for k in m["entries"]}})
    add("portable-manifest-huge-version", 1, "newer Flatspace", manifest=_with("formatVersion", 10 ** 40))
    add("portable-manifest-5000-digits", 1, "not readable JSON",
        raw_manifest=b'{"format": "flatspace-space", "formatVersion": ' + b"9" * 5000 + b"}")
    add("portable-manifest-nested", 1, "nested too deeply",
        raw_manifest=b'{"format": "flatspace-space", "x": ' + b"[" * 10_000 + b"]" * 10_000 + b"}")
    # item 6: a database that is not a whole Space
    add("portable-empty-schema", 1, "has no space table",
        db=_fresh_db(here / "empty.db", ("PRAGMA application_id = 1179865156", "PRAGMA user_version = 6")))
    add("portable-not-a-database", 1, "not a Space", db=b"SQLite format 3\x00" + b"\x00" * 84 + b"junk" * 100)
    add("portable-no-space-row", 1, "one settings row", sql=("DELETE FROM space",))
    add("portable-no-record-table", 1, "record (rec_1)", sql=("DROP TABLE rec_1",))
    add("portable-no-field-column", 1, "no column for its field", sql=(
        "UPDATE field SET col = 'f9' WHERE key = 'email'",))
    add("portable-sheet-without-workbook", 1, "points to a workbook", sql=(
        "PRAGMA foreign_keys = OFF", "UPDATE sheet SET workbook_id = 77"))
    add("portable-computed-column", 1, "computed columns", sql=(
        "ALTER TABLE activity ADD COLUMN boom TEXT GENERATED ALWAYS AS (hex(zeroblob(1000000))) VIRTUAL",))
    add("portable-damaged-btree", 1, "damaged", edit_db=damage_btree)
    # item 10: SQL and secrets that came with the file are not used (the import itself succeeds)
    add("portable-trigger-deletes-records", 0, "", sql=(
        "CREATE TRIGGER wipe AFTER UPDATE ON space BEGIN DELETE FROM rec_1; END",
        "CREATE TRIGGER wipe_insert AFTER INSERT ON activity BEGIN DELETE FROM rec_1; END"))
    add("portable-view-table-index", 0, "", sql=(
        "CREATE VIEW everyone AS SELECT * FROM guest", "CREATE TABLE stowaway (x)",
        "CREATE INDEX rec_1_odd ON rec_1(length(f1))"))
    add("portable-known-guest-token", 0, "", sql=(f"UPDATE guest SET token_hash = '{token_hash(KNOWN_TOKEN)}'",))

    # item 8: a Space's own database, empty or damaged on disk: refused, left as it is
    for name, breaks, says in (("db-zero-bytes", lambda p: p.write_bytes(b""), "is empty"),
                               ("db-damaged-btree", damage_btree, "is damaged")):
        root = here / "roots" / name
        if not root.exists():
            broken_root(here, name, breaks)
        sid = next(p.name for p in (root / "spaces").iterdir() if not p.name.startswith("."))
        for verb, args in (("rename", ["space", "rename", sid, "Renamed"]), ("records", ["records", sid, "people"])):
            out.append(Case(f"{name}-{verb}", ["--data-dir", str(root), *args], 4, says,
                            root / "spaces" / sid / DB))
    return out
