"""A Space's documents: Markdown pages mounted on it, listed in the order they were added,
in and out as Flatfile's DocumentConfig (domain.documents)."""

from __future__ import annotations

from typing import Any

from ..domain.documents import check_extras, check_title, doc_dict
from ..domain.errors import EditConflict, InvalidInput
from ..storage import docrows


def _body(body: Any) -> str:
    if not isinstance(body, str):
        raise InvalidInput("a document's body is Markdown text")
    return body


class Documents:
    def __init__(self, session):
        self.s = session

    def add(self, title: str, body: str = "", treatments: list | None = None, actions: list | None = None) -> dict:
        body = _body(body)
        detail = {"title": title}
        with self.s.write("document.add", detail):
            row = docrows.create(self.s.space, check_title(title), body, check_extras(treatments, actions),
                                 self.s.actor.id)
            detail["id"] = row.id  # in its activity row, and its document:created event
        return doc_dict(row)

    def list(self) -> list[dict]:
        return [doc_dict(r) for r in docrows.listed(self.s.space)]

    def get(self, doc_id: int) -> dict:
        return doc_dict(docrows.get(self.s.space, doc_id))

    def update(self, doc_id: int, title: str | None = None, body: str | None = None,
               treatments: list | None = None, actions: list | None = None, expect_body: str | None = None) -> dict:
        """expect_body: the body the editor read; where the document holds another now (someone
        changed it since), EditConflict, and nothing is written."""
        current = self.get(doc_id)
        extras = None
        if treatments is not None or actions is not None:
            extras = {k: current[k] for k in ("treatments", "actions") if k in current}
            extras.update(check_extras(treatments, actions))
        title = check_title(title) if title is not None else None
        body = _body(body) if body is not None else None
        with self.s.write("document.update", {"id": doc_id}):
            if expect_body is not None and self.get(doc_id)["body"] != expect_body:  # read inside the write
                raise EditConflict(f"“{current['title']}” was changed by someone else since you opened it: "
                                   "your text was not saved.", {})
            docrows.update(self.s.space, doc_id, title, body, extras)
        return self.get(doc_id)

    def delete(self, doc_id: int) -> None:
        self.get(doc_id)
        with self.s.write("document.delete", {"id": doc_id}):
            docrows.delete(self.s.space, doc_id)

    def add_config(self, data: Any) -> dict:
        """Flatfile's DocumentConfig: {"title", "body", "treatments"?, "actions"?}."""
        if not isinstance(data, dict):
            raise InvalidInput("a document is a JSON object with a title and a body")
        return self.add(data.get("title"), data.get("body") or "", data.get("treatments"), data.get("actions"))
