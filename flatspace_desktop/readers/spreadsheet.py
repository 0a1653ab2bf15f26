"""Spreadsheets: XLSX, XLSM, XLSB, XLS and ODS, one sheet at a time, read by python-calamine in
a process of its own with a memory limit after the file is measured (sheetproc, sheetcheck), so
that a workbook built to exhaust memory is refused instead of ending the program. Empty
cells come out as None, empty rows are skipped and rows are made as wide as the header.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from ..domain.errors import ExtractError
from .base import SHAPE, Option, Reader, Source, clean_headers, numbered, shaped, shown_name

OPTIONS = (
    Option("sheet_name", "Worksheet", "choice", offered="sheets", read_as="sheet", widget="worksheet",
           help="worksheet of an XLSX file", metavar="NAME"),
    *SHAPE,
)


def open_sheet(path: Path, name: str | None = None, *, sheet_name: str | None = None, header_row: int = 0,
               no_header: bool = False, skip_end: int = 0, trim: bool = False) -> Source:
    from .sheetproc import Workbook

    shown = shown_name(path, name)
    book = Workbook(path, shown, sheet_name)  # measured first, read in a child process: see sheetproc
    src = Source(shown, "xlsx", [], iter(()), sheet=book.name, sheets=book.names)
    book.note = src.note
    rows = book.rows()
    try:
        for _ in range(header_row):
            next(rows)
        header = next(rows)
        while not any(str(c).strip() for c in header):
            header = next(rows)
    except StopIteration:
        raise ExtractError(f'{shown.name}: sheet "{book.name}" has no header row') from None
    except BaseException:
        rows.close()
        raise
    if no_header:  # the row read as the header is the first record
        src.headers = numbered(len(header))
        src.rows = shaped(_sheet_rows(_first_again(header, rows), len(header), src), skip_end, trim)
    else:
        src.headers = clean_headers(header, src)
        src.rows = shaped(_sheet_rows(rows, len(src.headers), src), skip_end, trim)
    return src


def _first_again(first, rows):
    """The rows with the one read already in front, still closing the reading process."""
    try:
        yield first
        yield from rows
    finally:
        rows.close()


def _sheet_rows(rows, width: int, src: Source) -> Iterator[list[Any]]:
    try:
        for row in rows:
            if not any(v != "" and v is not None for v in row):
                src.note("empty lines skipped")
                continue
            row = [None if v == "" else v for v in row]
            if len(row) < width:
                row += [None] * (width - len(row))
            elif len(row) > width:
                if any(v is not None for v in row[width:]):
                    src.note("long rows cut (extra cells dropped)")
                row = row[:width]
            yield row
    finally:
        rows.close()  # stops the reading process when the rows are left unread


READER = Reader("xlsx", "Spreadsheet", (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"), open_sheet, OPTIONS,
                own_process=True)
