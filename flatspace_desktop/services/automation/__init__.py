"""The programmable Space, offline: listeners (Python, registered as Flatfile's are) handle the
jobs actions start and the events writes make; record hooks change and check records as they
are imported and edited. See registry (the API a listener uses) and loader (where listeners
come from, and the trust a Space's own must be given)."""

from __future__ import annotations

import collections
import queue
import threading
from pathlib import Path

from . import loader
from .registry import Event, HookRecord, Listener, ListenerError, Registration

__all__ = ["Automation", "Event", "HookRecord", "Listener", "ListenerError", "Registration"]


class Automation:
    """The listeners of the Spaces of one data root (one per Flatspace)."""

    def __init__(self):
        self._installed: tuple[list[Listener], list[str]] | None = None
        self._folders: dict[str, tuple[tuple, loader.Loaded]] = {}
        # (space id, thread) -> events of writes not yet committed: each thread commits its own
        self._queued: dict[tuple[str, int], list[tuple]] = {}
        # Committed events are handled one at a time, in order, on a thread of their own: a slow
        # listener never holds up the write (the window's, an import's) that made the event
        self._posted: queue.Queue = queue.Queue()
        self._teller: threading.Thread | None = None
        self._teller_lock = threading.Lock()
        self._telling = threading.local()  # set while a handler runs: its own writes tell no one
        self.failures: collections.deque[str] = collections.deque(maxlen=20)

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
                "installed": [listener.name for listener in installed],
                "problems": problems + own.problems + list(self.failures)}

    # ---- events of writes (records:created, file:created, ...), told once they are committed
    def queue(self, session, action: str, detail: dict | None) -> None:
        topic = topic_of(action)
        if topic is not None and not getattr(self._telling, "on", False):
            self._queued.setdefault((session.id, threading.get_ident()), []).append(
                (session, topic, dict(detail or {})))

    def drop(self, space_id: str) -> None:
        self._queued.pop((space_id, threading.get_ident()), None)

    def tell(self, space_id: str) -> None:
        for session, topic, detail in self._queued.pop((space_id, threading.get_ident()), []):
            self.post(session, topic, detail)

    def post(self, session, topic: str, detail: dict) -> None:
        """Hand an event to the handlers registered for it, on the listeners' thread, after the
        events posted before it; one that raises is noted (the Listeners page shows it) and the
        others still run. A handler's own writes tell no one."""
        if getattr(self._telling, "on", False):
            return  # a handler's own doings tell no one
        context = _context(session, topic, detail)
        found = self.handlers(session.space.folder, topic, context)
        if not found:
            return  # nothing listens: no thread needed
        with self._teller_lock:
            if self._teller is None:
                self._teller = threading.Thread(target=self._tell_posted, name="flatspace-listeners", daemon=True)
                self._teller.start()
        self._posted.put((found, Event(topic, context, detail, session, None)))

    def _tell_posted(self) -> None:
        while True:
            found, event = self._posted.get()
            try:
                self._deliver(found, event)
            finally:
                self._posted.task_done()

    def settle(self, timeout: float | None = None) -> bool:
        """Wait until every event posted so far is handled (before a command ends, or a test
        looks); False if some still were after `timeout` seconds."""
        done = self._posted.all_tasks_done
        with done:
            return done.wait_for(lambda: not self._posted.unfinished_tasks, timeout)

    def _deliver(self, found: list[Registration], event: Event) -> None:
        self._telling.on = True
        try:
            for reg in found:
                try:
                    reg.handler(event)
                except Exception as exc:  # noqa: BLE001 - the listener's fault: noted, the write stands
                    self.failures.append(f"{reg.listener} failed on {event.topic}: {type(exc).__name__}: {exc}")
        finally:
            self._telling.on = False

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


def _context(session, topic: str, detail: dict) -> dict:
    return {"spaceId": session.id, "actorId": session.actor.id, "sheetId": detail.get("sheetId"),
            "sheetSlug": detail.get("sheet"), "fileId": detail.get("file") or detail.get("id"),
            "documentId": detail.get("id") if topic.startswith("document:") else None,
            "workbookId": detail.get("workbookId") or (detail.get("id") if topic.startswith("workbook:") else None),
            **({k: detail[k] for k in ("job", "jobId", "domain", "operation") if k in detail})}


TOPICS_OF = {"records.add": "records:created", "records.import": "records:created", "records.update": "records:updated",
             "records.replace": "records:updated", "records.bulk_update": "records:updated",
             "records.transform": "records:updated", "records.undo": "records:updated",
             "records.redo": "records:updated", "records.delete": "records:deleted", "records.dedupe": "records:deleted",
             "file.upload": "file:created", "file.delete": "file:deleted", "workbook.create": "workbook:created",
             "workbook.delete": "workbook:deleted", "document.add": "document:created",
             "document.update": "document:updated", "document.delete": "document:deleted"}


def topic_of(action: str) -> str | None:
    """The Flatfile event a write makes (records:created for records.import, ...), or None."""
    return TOPICS_OF.get(action)
