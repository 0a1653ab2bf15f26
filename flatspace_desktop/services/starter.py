"""A Space made from one file: a workbook whose single sheet has a text field per column, and
the file in its filestore, ready to import. What a file dropped on the empty window offers."""

from __future__ import annotations

import re
from pathlib import Path

from ..readers import check_supported, open_source


def blueprint_for_file(path: str | Path) -> dict:
    """A Flatfile workbook blueprint with one string field per column of the file."""
    path = Path(path)
    check_supported(path)
    src = open_source(path)
    close = getattr(src.rows, "close", None)
    if close:
        close()
    fields, used = [], set()
    for i, header in enumerate(src.headers):
        base = re.sub(r"[^0-9A-Za-z]+", "_", header).strip("_").lower() or f"column_{i + 1}"
        key, n = base, 2
        while key in used:  # clean_headers made the labels unique; keys may still collide
            key, n = f"{base}_{n}", n + 1
        used.add(key)
        fields.append({"key": key, "type": "string", "label": header})
    name = path.stem or "Data"
    return {"name": name, "sheets": [{"name": name, "slug": "data", "allowAdditionalFields": True,
                                       "fields": fields}]}


def create_space_from_file(fs, actor, path: str | Path) -> dict:
    """A new Space named after the file, with its workbook and the file added: all or nothing.
    Returns {"space": info, "file": the stored file, "sheet": "workbookId/slug"}."""
    path = Path(path)
    blueprint = blueprint_for_file(path)
    info = fs.create_space(actor, path.stem or path.name, blueprint=blueprint)
    try:
        stored = fs.open(actor, info["id"]).files.upload(path)
    except BaseException:
        fs.delete_space(actor, info["id"])
        raise
    workbook = info["workbooks"][0]
    return {"space": info, "file": stored, "sheet": f"{workbook['id']}/{workbook['sheets'][0]['slug']}"}
