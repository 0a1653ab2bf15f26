"""Reading JSON a person gave (a file, or text typed in), with a message that says what is wrong
with it. Nesting is bounded so that nothing walking the value later (storing, comparing, the
window's tree) meets Python's recursion limit, and text must be storable as UTF-8."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import InvalidInput
from .limits import check_text

MAX_DEPTH = 100  # far deeper than any blueprint, theme or metadata; far below the recursion limit


def parse_json(text: str, what: str) -> Any:
    """`what` names the JSON's role in the message, e.g. "blueprint b.json" or "metadata"."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise InvalidInput(f"{what} is nested too deeply (at most {MAX_DEPTH} levels)") from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's limit of 4,300 digits
            raise InvalidInput(f"{what} holds a number of more than 4,300 digits") from None
        raise InvalidInput(f"{what} is not valid JSON: {exc}") from None
    return check_json(value, what)


def check_json(value: Any, what: str) -> Any:
    """Refuse nesting deeper than MAX_DEPTH and lone surrogates in keys or strings. Walks with
    its own stack: the value may come from elsewhere than parse_json (the window, a dict)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            items = list(node.items())
        elif isinstance(node, (list, tuple)):
            items = [(None, v) for v in node]
        else:
            if isinstance(node, str):
                check_text(node, what)
            continue
        if depth > MAX_DEPTH:
            raise InvalidInput(f"{what} is nested too deeply (at most {MAX_DEPTH} levels)")
        for key, child in items:
            if isinstance(key, str):
                check_text(key, what)
            if isinstance(child, (dict, list, tuple, str)):
                stack.append((child, depth + 1))
    return value


def read_json(path: str | Path, what: str) -> Any:
    """`what` names the file's role in the message, e.g. "blueprint" or "mapping"."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput(f"cannot read {what} {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{what} {path.name} is not UTF-8 text") from None
    return parse_json(text, f"{what} {path.name}")
