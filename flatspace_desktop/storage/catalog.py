"""The catalog of Spaces under a data root: one folder per Space, named by its id.

Copying a folder copies a Space (the copy gets the folder's name as its id); deleting a
folder deletes it. A Space is created under a hidden name and renamed into place, and
deleted by renaming it away first, so a crash never leaves half a Space in the list; what a
killed run left under those hidden names is removed the next time the data root is opened.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

from .db import check_openable
from ..domain.errors import Ambiguous, FlatspaceError, NotFound
from . import server
from .server import SERVER_FILE
from .space import DB_FILE
from .unfinished import Claim, Unfinished

SPACES = "spaces"
ID_RE = re.compile(r"^[A-Za-z0-9_.-]+$")


def new_space_id() -> str:
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "us_sp_" + "".join(secrets.choice(alphabet) for _ in range(8))


class Catalog:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.dir = self.root / SPACES
        self.unfinished = Unfinished(self.root, self.dir)
        self._claims: dict[Path, Claim] = {}

    def folder(self, space_id: str) -> Path:
        if not ID_RE.match(space_id) or space_id.startswith("."):
            raise NotFound(f'"{space_id}" is not a Space id')
        return self.dir / space_id

    def ids(self) -> list[str]:
        if not self.dir.is_dir():
            return []
        return sorted(p.name for p in self.dir.iterdir()
                      if not p.name.startswith(".") and ((p / DB_FILE).is_file() or (p / SERVER_FILE).is_file()))

    def summary(self, space_id: str) -> dict:
        """The Space's own fields, read without opening it for writing."""
        path = self.folder(space_id) / DB_FILE
        base = {"id": space_id, "name": space_id, "labels": [], "metadata": {}, "problem": None}
        try:
            where = server.read_location(path.parent)
            if where is not None:
                row = server.space_row(where["server"], where["schema"])
                return {**space_dict(space_id, row), "server": server.shown_url(where["server"])}
            check_openable(path)
            con = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
            try:
                con.row_factory = sqlite3.Row
                row = con.execute("SELECT * FROM space").fetchone()
            finally:
                con.close()
        except (FlatspaceError, sqlite3.DatabaseError) as exc:
            return {**base, "problem": str(exc)}
        if row is None:
            return {**base, "problem": "the Space has no settings row"}
        return space_dict(space_id, dict(row))

    def sweep(self) -> None:
        """Remove the hidden folders and export work files of runs that were killed."""
        self.unfinished.sweep()

    def create_folder(self, space_id: str) -> Path:
        """A hidden folder to build a Space in, claimed by this process until publish or discard."""
        self.dir.mkdir(parents=True, exist_ok=True)
        staging = self.dir / f".{space_id}.creating"
        claim = self.unfinished.claim(staging)
        try:
            if staging.exists():
                shutil.rmtree(staging)
            staging.mkdir()
        except BaseException:
            claim.release()
            raise
        self._claims[staging] = claim
        return staging

    def publish(self, staging: Path, space_id: str) -> Path:
        final = self.folder(space_id)
        staging.rename(final)
        self._release(staging)  # only once renamed: a sweep in between would see a claimed folder
        return final

    def discard(self, staging: Path) -> None:
        shutil.rmtree(staging, ignore_errors=True)
        self._release(staging)

    def _release(self, staging: Path) -> None:
        claim = self._claims.pop(staging, None)
        if claim:
            claim.release()

    def remove(self, space_id: str) -> None:
        folder = self.folder(space_id)
        where = server.read_location(folder)
        if where is not None:  # a Team Space: its schema goes, for every computer that opened it
            server.drop(where["server"], where["schema"])
        self.forget(space_id)

    def forget(self, space_id: str) -> None:
        """This computer's folder of a Team Space, gone; the Space stays on its server."""
        doomed = self.dir / f".{space_id}.deleting"
        self.folder(space_id).rename(doomed)
        shutil.rmtree(doomed, ignore_errors=True)

    def resolve(self, ref: str) -> str:
        """An id, or a name that only one Space has (case-insensitive)."""
        ids = self.ids()
        if ref in ids:
            return ref
        hits = [s for s in (self.summary(i) for i in ids) if s["name"].lower() == ref.lower()]
        if not hits:
            raise NotFound(f'no Space "{ref}"')
        if len(hits) > 1:
            raise Ambiguous(f'several Spaces are named "{ref}": use an id ({", ".join(h["id"] for h in hits)})')
        return hits[0]["id"]


def space_dict(space_id: str, row: dict) -> dict:
    return {
        "id": space_id,
        "name": row["name"],
        "labels": json.loads(row["labels"]),
        "metadata": json.loads(row["metadata"]),
        "theme": json.loads(row["theme"]),
        "guestAuthentication": json.loads(row["guest_authentication"]),
        "displayOrder": row["display_order"],
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
        "lastActivityAt": row["last_activity_at"],
        "archivedAt": row["archived_at"],
        "createdBy": row["created_by"],
        "problem": None,
    }
