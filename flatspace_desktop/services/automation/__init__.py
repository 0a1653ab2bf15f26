"""The programmable Space, offline: listeners (Python, registered as Flatfile's are) handle the
jobs actions start and the events writes make; record hooks change and check records as they
are imported and edited. See registry (the API a listener uses) and loader (where listeners
come from, and the trust a Space's own must be given)."""

from __future__ import annotations

from pathlib import Path

from . import loader
from .registry import Event, HookRecord, Listener, ListenerError, Registration

__all__ = ["Automation", "Event", "HookRecord", "Listener", "ListenerError", "Registration"]


class Automation:
    """The listeners of the Spaces of one data root (one per Flatspace)."""

    def __init__(self):
        self._installed: tuple[list[Listener], list[str]] | None = None
        self._folders: dict[str, tuple[tuple, loader.Loaded]] = {}

    def _folder(self, folder: Path) -> loader.Loaded:
        """The Space's own listeners, loaded again when its files or its allowance changed."""
        where = folder / loader.FOLDER
        try:
            files = sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in where.glob("*.py"))
            trust = (folder / loader.TRUST_FILE).stat().st_mtime_ns if (folder / loader.TRUST_FILE).exists() else 0
        except OSError:
            files, trust = [], 0
        key = (tuple(files), trust)
        cached = self._folders.get(str(folder))
        if cached is None or cached[0] != key:
            cached = self._folders[str(folder)] = (key, loader.load_folder(folder))
        return cached[1]

    def _installed_listeners(self) -> tuple[list[Listener], list[str]]:
        if self._installed is None:
            self._installed = loader.load_installed()
        return self._installed

    def listeners(self, folder: Path) -> list[Listener]:
        """Those that may run for the Space in `folder`: installed ones, and its own if allowed."""
        return self._installed_listeners()[0] + self._folder(folder).listeners

    def status(self, folder: Path) -> dict:
        own = self._folder(folder)
        installed, problems = self._installed_listeners()
        return {"folder": str(folder / loader.FOLDER), "files": own.files, "state": own.state,
                "installed": [listener.name for listener in installed], "problems": problems + own.problems}

    def allow(self, folder: Path) -> None:
        loader.allow(folder)
        self._folders.pop(str(folder), None)

    def disallow(self, folder: Path) -> None:
        loader.disallow(folder)
        self._folders.pop(str(folder), None)

    def handlers(self, folder: Path, topic: str, context: dict) -> list[Registration]:
        return [r for listener in self.listeners(folder) for r in listener.handlers_for(topic, context)]

    def hooks(self, folder: Path, sheet_slug: str) -> list[tuple[str, object, int]]:
        """(listener name, handler, batch size) of the record hooks on a sheet."""
        return [(listener.name, h, n) for listener in self.listeners(folder) for h, n in listener.hooks_for(sheet_slug)]
