"""A Space's filestore: files kept by the SHA-256 of their content, so identical content is
stored once however often it is uploaded. Blobs are written under a temporary name and
renamed into place, so a crash leaves at worst an unused blob, never half a file."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from ..domain.errors import InvalidInput
from ..domain.names import is_sha256

CHUNK = 1 << 20


def sha256_of(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


class FileStore:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, sha256: str) -> Path:
        """Where this computer keeps the content (there or not)."""
        # Every stored reference passes here: one from a Space made elsewhere ("../../etc/passwd")
        # must not become a path outside the filestore.
        if not is_sha256(sha256):
            raise InvalidInput("this file's stored reference is damaged (not a SHA-256): its content cannot be read")
        return self.folder / sha256[:2] / sha256

    def blob(self, sha256: str) -> Path:
        """The content's file, to read."""
        return self.path(sha256)

    def put(self, source: Path) -> tuple[str, int]:
        """Store a copy of `source` (if its content is not stored yet); returns (sha256, size)."""
        sha, size = sha256_of(source)
        self.keep(source, sha)
        return sha, size

    def keep(self, source: Path, sha: str) -> None:
        """A copy of `source`, whose SHA-256 is `sha`, here (unless it is here already)."""
        target = self.path(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
            try:
                with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                    shutil.copyfileobj(src, out, CHUNK)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    def discard(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def stored(self) -> set[str]:
        """The SHA-256 of every content kept."""
        if not self.folder.is_dir():
            return set()
        return {b.name for b in self.folder.glob("??/*") if b.is_file() and is_sha256(b.name)}
