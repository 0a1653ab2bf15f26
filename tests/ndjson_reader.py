"""A file format added the way the registry asks (README: Adding a file format): this module,
plus one line, `register(ndjson_reader.READER)`. JSON lines: one object per line, its keys the
columns in the order met. The tests register it (tests/core/test_reader_registry.py)."""

from __future__ import annotations

import json
from pathlib import Path

from flatspace_desktop.domain.errors import ExtractError
from flatspace_desktop.readers.base import Option, Reader, Source, clean_headers, shown_name

OPTIONS = (Option("skip_invalid", "Skip bad lines", "bool", default=False,
                  help="skip lines that are not a JSON object (default: refuse the file)"),)


def open_ndjson(path: Path, name: str | None = None, *, skip_invalid: bool = False) -> Source:
    shown = shown_name(path, name)
    src = Source(shown, "ndjson", [], iter(()))
    items, order = [], {}
    with open(path, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError:
                item = None
            if not isinstance(item, dict):
                if skip_invalid:
                    src.note("lines that are not an object skipped")
                    continue
                raise ExtractError(f"{shown.name}, line {n}: not a JSON object")
            items.append(item)
            order.update(dict.fromkeys(item))
    if not order:
        raise ExtractError(f"{shown.name}: no objects")
    keys = list(order)
    src.headers = clean_headers(keys, src)
    src.rows = ([item.get(k) for k in keys] for item in items)
    return src


READER = Reader("ndjson", "JSON lines", (".ndjson", ".jsonl"), open_ndjson, OPTIONS)
