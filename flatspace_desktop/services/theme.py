"""The Space's theme: Flatfile's metadata.theme shape (any JSON object; unknown keys kept),
checked by domain.theme, and the logo images it names, kept in the filestore."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..domain import theme as T
from ..domain.access import require_admin
from ..domain.errors import InvalidInput
from ..domain.jsonfile import check_json, parse_json
from ..domain.names import LOGO_PREFIX, logo_sha
from ..storage import spacerow

LOGO_TYPES = {".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"}


class Theme:
    def __init__(self, session):
        self.s = session

    def get(self) -> dict:
        """The Space's own theme values (the defaults fill in the rest)."""
        return json.loads(self.s.space.row().theme)

    def set(self, theme: Any) -> dict:
        require_admin(self.s.actor, "change the theme")
        theme = T.check(parse_json(theme, "theme") if isinstance(theme, str) else check_json(theme, "theme"))
        with self.s.write("space.theme", space_fields=True):
            spacerow.update(self.s.space, theme=json.dumps(theme, ensure_ascii=False))
        return self.s.info(counts=False)

    def store_logo(self, path: str | Path) -> str:
        """Keep an image in the filestore for a theme's logo; returns the value for sidebar.logo."""
        require_admin(self.s.actor, "change the theme")
        path = Path(path)
        if path.suffix.lower() not in LOGO_TYPES:
            raise InvalidInput(f"{path.name}: a logo is a PNG, JPEG, SVG, GIF or WebP image")
        if not path.is_file():
            raise InvalidInput(f"{path.name}: no such file")
        sha, _size = self.s.space.filestore().put(path)
        return LOGO_PREFIX + sha

    def logo_path(self, value: str) -> Path | None:
        """The stored image of a "blob:<sha256>" logo; None for any other value, including a
        malformed one a Space made elsewhere may hold (it is never turned into a path)."""
        sha = logo_sha(value)
        blob = self.s.space.filestore().blob(sha) if sha else None
        return blob if blob is not None and blob.is_file() else None
