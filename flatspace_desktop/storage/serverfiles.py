"""A Team Space's filestore: the content of its files on the server, in the Space's schema
(table blob_part, a row per 4 MB part), so every desktop that opens the Space reads the same
files. The readers take a path, so each desktop keeps a copy of what it has read in the
Space's folder on this computer (checked against its SHA-256 when fetched)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from ..domain.errors import DatabaseError
from ..domain.names import is_sha256
from .filestore import FileStore, sha256_of

PART = 4 << 20


class ServerFileStore(FileStore):
    def __init__(self, db, folder: Path):
        super().__init__(folder)
        self.db = db

    def _on_server(self, sha: str) -> bool:
        return self.db.execute_sql("SELECT 1 FROM blob_part WHERE sha256 = ? AND part = 0", (sha,)).fetchone() is not None

    def blob(self, sha256: str) -> Path:
        path = self.path(sha256)
        if not path.is_file():
            self._fetch(sha256, path)
        return path

    def _fetch(self, sha: str, path: Path) -> None:
        """The server's copy into this computer's folder; nothing when the server has none."""
        if not self._on_server(sha):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".download-")
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out:
                part = 0
                while True:  # a part at a time: a large file is never whole in memory
                    row = self.db.execute_sql("SELECT data FROM blob_part WHERE sha256 = ? AND part = ?",
                                              (sha, part)).fetchone()
                    if row is None:
                        break
                    data = bytes(row[0])
                    digest.update(data)
                    out.write(data)
                    part += 1
            if digest.hexdigest() != sha:
                raise DatabaseError("a file's content on the server is damaged (its SHA-256 does not match): "
                                    "it was not read")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def put(self, source: Path) -> tuple[str, int]:
        sha, size = sha256_of(source)
        self.keep_on_server(source, sha)
        self.keep(source, sha)  # this computer's copy: read without a round trip
        return sha, size

    def keep_on_server(self, source: Path, sha: str) -> None:
        """`source` (whose SHA-256 is `sha`) in the server's table, unless it is there already."""
        if self._on_server(sha):
            return
        with self.db.atomic(), open(source, "rb") as fh:  # all its parts, or none
            parts = 0
            for part, data in enumerate(iter(lambda: fh.read(PART), b"")):
                self.db.execute_sql("INSERT OR IGNORE INTO blob_part (sha256, part, data) VALUES (?, ?, ?)",
                                    (sha, part, data))
                parts += 1
            if not parts:  # an empty file: one empty part, so that it is there
                self.db.execute_sql("INSERT OR IGNORE INTO blob_part (sha256, part, data) VALUES (?, 0, ?)",
                                    (sha, b""))

    def discard(self, sha256: str) -> None:
        with self.db.atomic():
            self.db.execute_sql("DELETE FROM blob_part WHERE sha256 = ?", (sha256,))
        super().discard(sha256)

    def stored(self) -> set[str]:
        here = super().stored()
        return here | {r[0] for r in self.db.execute_sql("SELECT DISTINCT sha256 FROM blob_part") if is_sha256(r[0])}
