"""What a killed run leaves behind: a Space folder being made (spaces/.<id>.creating) or deleted
(.<id>.deleting), the work files of an export (<file>.part). A run registers what it makes in the
data root, in an entry it keeps locked while it lives; opening the data root (and starting the
next run) removes what dead runs registered, and any such folder that no live run claims.

A lock rather than a pid: the lock ends with its process, and a pid can be reused. The entry is
written before the things it names exist, so a folder seen on disk always has a complete entry."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from pathlib import Path

REGISTRY = ".unfinished"
DOOMED = (".creating", ".deleting", ".part")  # nothing else is ever removed from a registered list
GRACE = 60  # seconds: an entry still empty this young belongs to a run that is writing it

if os.name == "nt":
    import msvcrt

    _AT = 1 << 20  # Windows locks are mandatory: lock a byte past the entry's text, not the text

    def _lock(fd: int, wait: bool) -> bool:
        os.lseek(fd, _AT, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
else:
    import fcntl

    def _lock(fd: int, wait: bool) -> bool:
        # flock, not lockf: a second open file in the same process is refused too, so a window's
        # own sweep never takes the folder its background import is filling.
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            return True
        except OSError:
            return False


def _close_and_unlink(fd: int, entry: Path) -> None:
    if os.name == "nt":  # an open file cannot be removed there
        os.close(fd)
        entry.unlink(missing_ok=True)
    else:  # removed while still locked: no other sweep can take it in between
        entry.unlink(missing_ok=True)
        os.close(fd)


def _remove(path: Path) -> None:
    if not path.name.endswith(DOOMED):
        return
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


class Claim:
    """Paths a live run is making; release() once they are published or removed."""

    def __init__(self, fd: int | None, entry: Path | None):
        self._fd, self._entry = fd, entry

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            _close_and_unlink(fd, self._entry)

    def __enter__(self) -> "Claim":
        return self

    def __exit__(self, *exc) -> None:
        self.release()


class Unfinished:
    def __init__(self, root: Path, spaces: Path):
        self.dir = Path(root) / REGISTRY
        self.spaces = Path(spaces)

    def claim(self, *paths: Path) -> Claim:
        """Register `paths` (not made yet) for as long as this process lives or until released.
        Best effort for exports: a data root that cannot be written to stops nothing."""
        self.sweep()
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            entry = self.dir / f"{secrets.token_hex(8)}.json"
            fd = os.open(entry, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:
            return Claim(None, None)
        try:
            _lock(fd, wait=True)  # a new file: only a sweep looking at it can hold it, briefly
            os.write(fd, json.dumps([str(Path(p).resolve()) for p in paths]).encode())
        except BaseException:
            _close_and_unlink(fd, entry)
            raise
        return Claim(fd, entry)

    def sweep(self) -> None:
        """Remove what dead runs left. Never raises: a data root it cannot clean still opens."""
        try:
            # Folders first, entries second: a folder seen here was made after its entry was written.
            left = [p for p in self.spaces.iterdir() if p.name.startswith(".") and p.name.endswith(DOOMED)] \
                if self.spaces.is_dir() else []
            entries = sorted(self.dir.glob("*.json")) if self.dir.is_dir() else []
        except OSError:
            return
        live: set[str] = set()
        dead: list[tuple[int, Path, list[str]]] = []
        for entry in entries:
            try:
                fd = os.open(entry, os.O_RDWR)
            except OSError:
                continue
            if not _lock(fd, wait=False):
                live.update(_paths(entry) or ())
                os.close(fd)
                continue
            paths = _paths(entry)
            if paths is None and _age(entry) < GRACE:
                os.close(fd)  # being written right now by a run that has not locked it yet
                continue
            dead.append((fd, entry, paths or []))
        for fd, entry, paths in dead:
            for p in paths:
                if p not in live:
                    _remove(Path(p))
            try:
                _close_and_unlink(fd, entry)
            except OSError:
                pass
        for folder in left:
            if str(folder.resolve()) not in live:
                _remove(folder)


def _paths(entry: Path) -> list[str] | None:
    try:
        paths = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return [p for p in paths if isinstance(p, str)] if isinstance(paths, list) else None


def _age(entry: Path) -> float:
    try:
        return time.time() - entry.stat().st_mtime
    except OSError:
        return GRACE
