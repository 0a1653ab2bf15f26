"""Delimited text: CSV, TSV and the like, in any encoding, with any one-character delimiter.
Both are detected unless given (readers.detect). Rows are streamed in constant memory; short
rows are padded, long ones cut, empty lines skipped, each counted in the Source's notes. A
quote left open is refused with the line it opened on, not read as one cell holding the rest.
"""

from __future__ import annotations

import csv
import itertools
import sys
from pathlib import Path
from typing import Iterator

from ..domain.errors import ExtractError
from .base import SHAPE, Option, Reader, Source, clean_headers, numbered, shaped, shown_name
from .detect import SAMPLE, container, detect_delimiter, detect_encoding, looks_binary

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # huge cells are data, flagged later, not a crash

DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
OPTIONS = (
    Option("delimiter", "Delimiter", "choice", other=1, read_as="delimiter",
           choices=(("Detected", None), ("Comma ,", ","), ("Semicolon ;", ";"), ("Tab", "\t"), ("Pipe |", "|")),
           help="one character, or tab/comma/semicolon/pipe (default: detected)"),
    Option("encoding", "Encoding", "choice", read_as="encoding",
           choices=(("Detected", None), ("UTF-8", "utf-8"), ("UTF-8 with BOM", "utf-8-sig"), ("UTF-16", "utf-16"),
                    ("Windows-1252 (Western)", "cp1252"), ("Latin-1 (ISO-8859-1)", "latin-1"),
                    ("Windows-1250 (Central European)", "cp1250"), ("Mac Roman", "mac_roman")),
           help="e.g. utf-8, utf-16, cp1252 (default: detected)"),
    Option("quote", "Quote", "choice", default='"', other=1,
           choices=(('Double "', '"'), ("Single '", "'"), ("None", "none")),
           help='the character around cells that hold the delimiter: " (default), \' or none'),
    *SHAPE,
)


def open_text(path: Path, name: str | None = None, *, delimiter: str | None = None, encoding: str | None = None,
              quote: str = '"', header_row: int = 0, no_header: bool = False, skip_end: int = 0,
              trim: bool = False) -> Source:
    shown = shown_name(path, name)
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE)
    if not sample.strip():
        raise ExtractError(f"{shown.name}: the file is empty")
    what = container(sample, path)  # before the encoding: a ZIP's zeros look like UTF-16
    if what:
        raise ExtractError(f"{shown.name} is {what}, not delimited text")
    enc = encoding or detect_encoding(sample)
    try:
        "".encode(enc)  # finds the codec, and refuses those that are not text encodings (rot13)
    except (LookupError, UnicodeError) as exc:
        what = f'unknown encoding "{enc}"' if "unknown encoding" in str(exc) else f'"{enc}" is not a text encoding'
        raise ExtractError(f"{what} (text encodings are for example utf-8, utf-16 and cp1252)") from None
    if looks_binary(sample, enc):
        raise ExtractError(f"{shown.name}: this is a binary file, not delimited text")
    try:
        text_sample = sample.decode(enc, errors="ignore" if encoding is None else "strict")
    except UnicodeError as exc:  # not only UnicodeDecodeError: "undefined" and "punycode" raise their own
        where = f" (byte {exc.start})" if isinstance(exc, UnicodeDecodeError) else ""
        raise ExtractError(f"{shown.name}: not readable as {enc}{where}; choose another encoding") from None
    if delimiter is not None:
        delimiter = DELIMITER_NAMES.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise ExtractError(f'the delimiter must be one character, got "{delimiter}"')
    delim = delimiter or detect_delimiter(text_sample, shown)
    quoting = {"quoting": csv.QUOTE_NONE} if quote in ("none", "") else {"quotechar": quote}
    if quote not in ("none", "") and (len(quote) != 1 or quote == delim):
        raise ExtractError(f'the quote must be one character other than the delimiter, got "{quote}"')
    src = Source(shown, "csv", [], iter(()), encoding=enc, delimiter=delim)
    fh = open(path, "r", encoding=enc, newline="")
    # A line no file holds, after the last: read as a row of its own, unless a quote left open
    # has swallowed it into a cell with every line before it (see _unclosed).
    end = next(m for m in ("\x1e\x1d\x1e", "\x1f\x1c\x1f") if delim not in m)
    reader = csv.reader(itertools.chain(fh, (end + "\n",)), delimiter=delim, **quoting)
    try:
        for _ in range(header_row):
            next(reader)
        header = next(reader)
        while not any(c.strip() for c in header):
            src.note("empty lines skipped")
            header = next(reader)
        if header == [end]:
            raise StopIteration
        if header[-1].endswith(end + "\n"):
            raise _unclosed(shown, reader, header, end)
    except StopIteration:
        fh.close()
        raise ExtractError(f"{shown.name}: no header row found") from None
    except csv.Error as exc:
        fh.close()
        raise ExtractError(f"{shown.name}: {exc}") from None
    except UnicodeDecodeError:
        fh.close()
        raise ExtractError(f"{shown.name}: not readable as {enc}; choose another encoding") from None
    except ExtractError:
        fh.close()
        raise
    if no_header:  # the row read as the header is the first record
        src.headers = numbered(len(header))
        rows = _text_rows(itertools.chain([header], reader), fh, len(header), src, end, reader)
    else:
        src.headers = clean_headers(header, src)
        rows = _text_rows(reader, fh, len(src.headers), src, end, reader)
    src.rows = shaped(rows, skip_end, trim)
    return src


def _unclosed(shown: Path, reader, row: list[str], end: str) -> ExtractError:
    text = "".join(row)[:-len(end) - 1]  # the record as read, without the line after the last
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    last = reader.line_num - 1
    start = last - breaks + (1 if text.endswith(("\n", "\r")) else 0)
    after = last - start
    swallowed = f"so it would swallow the {after:,} line{'s' if after > 1 else ''} after it" if after else "at all"
    return ExtractError(f"{shown.name}, line {start}: a quoted cell opened on this line is never closed {swallowed}; "
                        "close the quote or remove it")


def _text_rows(rows, fh, width: int, src: Source, end: str, reader) -> Iterator[list[str]]:
    """`rows` are the csv `reader`'s (perhaps with the first row put back before them)."""
    closed = end + "\n"
    try:
        for row in rows:
            n = len(row)
            if n == width and not row[-1].endswith(closed):
                if n == 1 and row[0] == end:
                    return
                yield row
                continue
            if row == [end]:
                return
            if row and row[-1].endswith(closed):
                raise _unclosed(src.path, reader, row, end)
            if not any(c.strip() for c in row):
                src.note("empty lines skipped")
                continue
            if n < width:
                src.note("short rows padded")
                row += [""] * (width - n)
            else:
                extra = row[width:]
                if any(c.strip() for c in extra):
                    src.note("long rows cut (extra cells dropped)")
                row = row[:width]
            yield row
    except csv.Error as exc:
        raise ExtractError(f"{src.path.name}, line {reader.line_num}: {exc}") from None
    except UnicodeDecodeError:
        raise ExtractError(
            f"{src.path.name}, near line {reader.line_num + 1}: not readable as {src.encoding}; "
            "choose another encoding (for example cp1252)") from None
    finally:
        fh.close()


READER = Reader("csv", "Delimited text", (".csv", ".tsv", ".tab", ".txt", ".psv", ".dat"), open_text, OPTIONS)
