"""Reading a JSON file a person chose, with a message that says what is wrong with it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import InvalidInput


def read_json(path: str | Path, what: str) -> Any:
    """`what` names the file's role in the message, e.g. "blueprint" or "mapping"."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput(f"cannot read {what} {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{what} {path.name} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"{what} {path.name} is not valid JSON: {exc}") from None
