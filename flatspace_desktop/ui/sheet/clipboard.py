"""Cell ranges as tab-separated text, the way spreadsheets copy and paste them."""

from __future__ import annotations

import csv
import io


def to_tsv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def from_tsv(text: str) -> list[list[str]]:
    if not text:
        return []
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    return [row for row in csv.reader(io.StringIO(text), delimiter="\t")]
