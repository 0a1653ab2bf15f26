"""Settings of this computer, not of a Space (they do not travel with one): kept as JSON in
the data root. Used for what would be unsafe to take from a Space someone sent, such as the
command a built-in submit runs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

FILE = "computer-settings.json"


def read(root: Path) -> dict[str, Any]:
    try:
        data = json.loads((Path(root) / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write(root: Path, key: str, value: Any) -> None:
    """One key changed, written whole and then moved in place (never half a file)."""
    data = read(root)
    if value is None:
        data.pop(key, None)
    else:
        data[key] = value
    path = Path(root) / FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
