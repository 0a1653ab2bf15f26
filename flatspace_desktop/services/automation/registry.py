"""What a listener registers, in the shape of Flatfile's @flatfile/listener, in Python:

    def register(listener):
        listener.on("job:ready", {"job": "workbook:submitActionFg"}, submit)
        listener.filter({"job": "sheet:dedupe"}, lambda l: l.on("job:ready", dedupe))
        listener.on("records:created", {"sheet": "contacts"}, notice)
        listener.bulk_record_hook("contacts", clean)

A handler gets an Event: its topic, context (spaceId, workbookId, sheetId, sheetSlug, jobId,
fileId, documentId, actorId, job), payload, the session of the person who acted, and for a job
its JobHandle (ack, update, complete, fail, cancelled, input). A record hook gets the records
of a batch (HookRecord: get, set, add_error, add_warning, add_info, compute) and the event."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any, Callable

TOPICS = ("job:ready", "job:completed", "job:failed", "job:canceled", "records:created", "records:updated",
          "records:deleted", "file:created", "file:deleted", "workbook:created", "workbook:deleted",
          "document:created", "document:updated", "document:deleted")
FILTER_KEYS = ("job", "domain", "operation", "sheet", "workbook", "file", "document")

Handler = Callable[["Event"], Any]


class ListenerError(ValueError):
    """A listener that registers something this one cannot take (said when it is loaded)."""


@dataclass
class Event:
    topic: str
    context: dict[str, Any]
    payload: dict[str, Any] = field(default_factory=dict)
    session: Any = None  # services.session.Session of the person who acted
    job: Any = None  # JobHandle, for job events

    @property
    def input(self) -> dict:
        """The values of the action's input form (Flatfile: the job's input)."""
        return self.job.input if self.job is not None else {}


def matches(criteria: dict[str, Any], context: dict[str, Any]) -> bool:
    """Flatfile's filter: every key given matches the event (job names take * wildcards)."""
    for key, want in criteria.items():
        if key == "job":
            have = context.get("job")
        elif key == "sheet":
            have = context.get("sheetSlug")
        elif key == "workbook":
            have = context.get("workbookName")
            if str(want) == str(context.get("workbookId")):
                continue
        else:
            have = context.get(key) if key in ("domain", "operation") else context.get(f"{key}Id")
        wanted = want if isinstance(want, (list, tuple)) else [want]
        if not any(have is not None and fnmatch.fnmatchcase(str(have), str(w)) for w in wanted):
            return False
    return True


@dataclass
class Registration:
    topic: str  # may end in * ("records:*")
    criteria: dict[str, Any]
    handler: Handler
    listener: str  # the name of the listener that registered it


class Listener:
    """One listener module's registrations (its name says where it came from)."""

    def __init__(self, name: str, criteria: dict | None = None, parent: "Listener | None" = None):
        self.name = name
        self.criteria = dict(criteria or {})
        self._root = parent._root if parent else self
        if parent is None:
            self.registrations: list[Registration] = []
            self.hooks: list[tuple[str, Callable, int]] = []  # (sheet slug, handler, batch size)

    def on(self, topic: str, criteria: dict | Handler | None = None, handler: Handler | None = None) -> "Listener":
        """on(topic, handler) or on(topic, {filter}, handler)."""
        if handler is None and callable(criteria):
            criteria, handler = None, criteria
        if not isinstance(topic, str) or not (topic in TOPICS or topic.endswith("*")):
            raise ListenerError(f"{self.name}: unknown topic {topic!r} (known: {', '.join(TOPICS)}; or a prefix "
                                "ending in *)")
        if not callable(handler):
            raise ListenerError(f"{self.name}: on({topic!r}) needs a handler function")
        criteria = {**self.criteria, **(criteria or {})}
        unknown = sorted(set(criteria) - set(FILTER_KEYS))
        if unknown:
            raise ListenerError(f"{self.name}: cannot filter on {unknown[0]!r} (filters: {', '.join(FILTER_KEYS)})")
        self._root.registrations.append(Registration(topic, criteria, handler, self._root.name))
        return self

    def filter(self, criteria: dict, configure: Callable[["Listener"], Any] | None = None) -> "Listener":
        """A listener whose registrations all carry `criteria` (given to configure, and returned)."""
        sub = Listener(self.name, {**self.criteria, **criteria}, self)
        if configure is not None:
            configure(sub)
        return sub

    def bulk_record_hook(self, sheet_slug: str, handler: Callable, chunk_size: int = 1000) -> "Listener":
        """handler(records, event) on every batch of records imported or changed in the sheet."""
        if not isinstance(sheet_slug, str) or not callable(handler):
            raise ListenerError(f"{self.name}: bulk_record_hook(sheet slug, handler)")
        self._root.hooks.append((sheet_slug, handler, max(1, int(chunk_size))))
        return self

    def handlers_for(self, topic: str, context: dict) -> list[Registration]:
        return [r for r in self.registrations
                if fnmatch.fnmatchcase(topic, r.topic) and matches(r.criteria, context)]

    def hooks_for(self, sheet_slug: str) -> list[tuple[Callable, int]]:
        return [(h, n) for slug, h, n in self.hooks if slug == sheet_slug]


class HookRecord:
    """One record as a record hook sees it: what it sets and says is written after the batch."""

    def __init__(self, rid: int, values: dict[str, Any], keys: set[str]):
        self.rid = rid
        self._values = dict(values)
        self._keys = keys
        self.changes: dict[str, Any] = {}
        self.messages: list[tuple[str, str, str]] = []  # (key, type, message)

    @property
    def values(self) -> dict[str, Any]:
        return {**self._values, **self.changes}

    def get(self, key: str) -> Any:
        self._known(key)
        return self.changes.get(key, self._values.get(key))

    def set(self, key: str, value: Any) -> "HookRecord":
        self._known(key)
        if value != self._values.get(key) or key in self.changes:
            self.changes[key] = value
        return self

    def compute(self, key: str, fn: Callable[[Any], Any], message: str | None = None) -> "HookRecord":
        """Set the field to fn(its value); say `message` (info) when that changed it."""
        before = self.get(key)
        after = fn(before)
        if after != before:
            self.set(key, after)
            if message:
                self.add_info(key, message)
        return self

    def add_error(self, key: str, message: str) -> "HookRecord":
        return self._say(key, "error", message)

    def add_warning(self, key: str, message: str) -> "HookRecord":
        return self._say(key, "warn", message)

    def add_info(self, key: str, message: str) -> "HookRecord":
        return self._say(key, "info", message)

    def _say(self, key: str, kind: str, message: str) -> "HookRecord":
        self._known(key)
        self.messages.append((key, kind, str(message)))
        return self

    def _known(self, key: str) -> None:
        if key not in self._keys:
            raise KeyError(f"no field {key!r} in the sheet (fields: {', '.join(sorted(self._keys))})")
