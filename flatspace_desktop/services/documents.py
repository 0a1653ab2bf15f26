"""Documents: Markdown pages mounted on a Space, listed in the order they were added.
Flatfile's DocumentConfig ({title, body, treatments?, actions?}) goes in and out unchanged: the
optional keys come back only when they were given, and the title exactly as typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..domain.access import Actor
from ..domain.clock import now_iso
from ..domain.errors import InvalidInput
from ..storage.models import get_or_refuse


def read_markdown(path: str | Path) -> tuple[str, str]:
    """(title, body) of a Markdown file: its first heading, else its name. Refuses what is not
    text: bytes that are not UTF-8, or NUL bytes, which no text editor writes."""
    path = Path(path)
    try:
        body = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path.name} is not Markdown text: byte {exc.start} is not UTF-8") from None
    if "\0" in body:
        raise InvalidInput(f"{path.name} is not Markdown text: it holds NUL bytes (a binary file?)")
    heading = next((line.lstrip("#").strip() for line in body.splitlines() if line.startswith("# ")), None)
    return heading or path.stem, body


def _extras(stored: str) -> dict:
    """The optional DocumentConfig keys of a row. The treatments column holds them as an object;
    rows written before actions were kept hold a bare list, which was always given or [] then."""
    value = json.loads(stored)
    return {"treatments": value} if isinstance(value, list) else value


def doc_dict(row) -> dict:
    return {"id": row.id, "title": row.title, "body": row.body, **_extras(row.treatments),
            "createdAt": row.created_at, "createdBy": row.created_by, "updatedAt": row.updated_at}


def _title(title: Any) -> str:
    if not isinstance(title, str) or not title.strip():
        raise InvalidInput("a document needs a title")
    return title  # kept exactly: Flatfile does not trim it


def _check_extras(treatments: Any, actions: Any) -> dict:
    """The optional keys that were given, checked against DocumentConfig's types."""
    extras: dict = {}
    if treatments is not None:
        if not isinstance(treatments, list) or not all(isinstance(t, str) for t in treatments):
            raise InvalidInput("treatments must be a list of strings")
        extras["treatments"] = treatments
    if actions is not None:
        if not isinstance(actions, list):
            raise InvalidInput("actions must be a list of actions")
        for i, action in enumerate(actions):
            if not isinstance(action, dict) or not isinstance(action.get("label"), str):
                raise InvalidInput(f"actions[{i}] must be an object with a label")
        extras["actions"] = actions
    return extras


class DocOps:
    def add_document(self, actor: Actor, ref: str, title: str, body: str = "", treatments: list | None = None,
                     actions: list | None = None) -> dict:
        space = self._space_for(actor, ref)
        D = space.m.Document
        if not isinstance(body, str):
            raise InvalidInput("a document's body is Markdown text")
        with self._write(space, actor, "document.add", {"title": title}):
            now = now_iso()
            extras = json.dumps(_check_extras(treatments, actions), ensure_ascii=False)
            row = D.create(title=_title(title), body=body, treatments=extras,
                           created_at=now, created_by=actor.id, updated_at=now)
        return doc_dict(row)

    def list_documents(self, actor: Actor, ref: str) -> list[dict]:
        D = self._space_for(actor, ref).m.Document
        return [doc_dict(r) for r in D.select().order_by(D.id)]  # in the order they were added

    def document(self, actor: Actor, ref: str, doc_id: int) -> dict:
        return doc_dict(get_or_refuse(self._space_for(actor, ref).m.Document, doc_id, "document"))

    def update_document(self, actor: Actor, ref: str, doc_id: int, title: str | None = None,
                        body: str | None = None, treatments: list | None = None,
                        actions: list | None = None) -> dict:
        current = self.document(actor, ref, doc_id)
        space = self._space_for(actor, ref)
        D = space.m.Document
        values: dict = {D.updated_at: now_iso()}
        if title is not None:
            values[D.title] = _title(title)
        if body is not None:
            if not isinstance(body, str):
                raise InvalidInput("a document's body is Markdown text")
            values[D.body] = body
        if treatments is not None or actions is not None:
            extras = {k: current[k] for k in ("treatments", "actions") if k in current}
            extras.update(_check_extras(treatments, actions))
            values[D.treatments] = json.dumps(extras, ensure_ascii=False)
        with self._write(space, actor, "document.update", {"id": doc_id}):
            D.update(values).where(D.id == doc_id).execute()
        return self.document(actor, ref, doc_id)

    def delete_document(self, actor: Actor, ref: str, doc_id: int) -> None:
        self.document(actor, ref, doc_id)
        space = self._space_for(actor, ref)
        with self._write(space, actor, "document.delete", {"id": doc_id}):
            space.m.Document.delete().where(space.m.Document.id == doc_id).execute()

    def import_document(self, actor: Actor, ref: str, data: Any) -> dict:
        """Flatfile's DocumentConfig: {"title", "body", "treatments"?, "actions"?}."""
        if not isinstance(data, dict):
            raise InvalidInput("a document is a JSON object with a title and a body")
        return self.add_document(actor, ref, data.get("title"), data.get("body") or "", data.get("treatments"),
                                 data.get("actions"))

    @staticmethod
    def export_document(doc: dict) -> dict:
        return {"title": doc["title"], "body": doc["body"],
                **{k: doc[k] for k in ("treatments", "actions") if k in doc}}
