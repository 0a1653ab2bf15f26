"""Documents as Flatfile's DocumentConfig ({title, body, treatments?, actions?}): checked going
in, and given back unchanged (the optional keys only when they were given; the title exactly
as typed), and Markdown files read as documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import InvalidInput


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


def check_title(title: Any) -> str:
    if not isinstance(title, str) or not title.strip():
        raise InvalidInput("a document needs a title")
    return title  # kept exactly: Flatfile does not trim it


def check_extras(treatments: Any, actions: Any) -> dict:
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


def export_config(doc: dict) -> dict:
    """A document as Flatfile's DocumentConfig."""
    return {"title": doc["title"], "body": doc["body"],
            **{k: doc[k] for k in ("treatments", "actions") if k in doc}}
