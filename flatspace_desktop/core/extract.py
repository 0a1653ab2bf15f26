"""Reading source files into headers and a stream of rows: CSV/TSV/delimited text, XLSX/XLS/ODS,
and JSON arrays of objects. Rows are streamed, never held, so a million-row file reads in
constant memory. Whatever is odd about a file is counted in `notes`, never fatal unless
nothing sensible can be read.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .errors import ExtractError

TEXT_EXT = {".csv", ".tsv", ".tab", ".txt", ".psv", ".dat"}
SHEET_EXT = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
JSON_EXT = {".json"}
DELIMITERS = ",;\t|"
SAMPLE = 256 * 1024
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # huge cells are data, flagged later, not a crash


@dataclass
class Source:
    path: Path
    kind: str  # csv | xlsx | json
    headers: list[str]
    rows: Iterator[list[Any]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)

    def note(self, what: str, n: int = 1) -> None:
        self.notes[what] = self.notes.get(what, 0) + n


SUPPORTED = TEXT_EXT | SHEET_EXT | JSON_EXT


def kind_of(name: str | Path) -> str:
    ext = Path(name).suffix.lower()
    if ext in SHEET_EXT:
        return "xlsx"
    if ext in JSON_EXT:
        return "json"
    return "csv"


def check_supported(name: str | Path) -> None:
    ext = Path(name).suffix.lower()
    if ext not in SUPPORTED:
        known = ", ".join(sorted(SUPPORTED))
        raise ExtractError(f"{Path(name).name}: {ext or 'no extension'} is not a file type Flatspace reads "
                           f"(it reads {known})")


def open_source(path: str | Path, *, delimiter: str | None = None, encoding: str | None = None,
                sheet_name: str | None = None, header_row: int = 0, name: str | None = None) -> Source:
    """Open a file for reading. header_row: how many rows come before the header (0 = first).
    name: the file's original name, when `path` is a stored copy without its extension."""
    path = Path(path)
    if not path.is_file():
        raise ExtractError(f"{path}: no such file")
    if header_row < 0:
        raise ExtractError("the header row must be 0 or more")
    shown = Path(name) if name else path
    kind = kind_of(shown)
    if kind == "xlsx":
        src = _open_sheet(path, sheet_name, header_row, shown)
    elif kind == "json":
        src = _open_json(path, shown)
    else:
        src = _open_text(path, delimiter, encoding, header_row, shown)
    src.path = shown
    return src


# ---- delimited text
def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE starts both
        return "utf-32"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf32 = _utf32_without_bom(sample[:4000])
    if utf32:
        return utf32
    if sample[:4000].count(b"\x00") > len(sample[:4000]) // 4 and len(sample) >= 2:
        # UTF-16 without a BOM: every other byte is zero for Latin text
        return "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start > len(sample) - 4:  # the sample cut a character in half
            return "utf-8"
    from charset_normalizer import from_bytes

    results = from_bytes(sample)
    best = results.best()
    if best is None:
        return "cp1252"
    # Several single-byte code pages often fit a Western sample equally well; Windows-1252 is
    # by far the most common source of such files, so it wins a tie.
    tied = {m.encoding for m in results if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    if tied & {"cp1252", "latin_1", "iso8859_1", "ascii"}:
        return "cp1252"
    return best.encoding


def _utf32_without_bom(head: bytes) -> str | None:
    """UTF-32 holds no character above U+10FFFF: one byte of each four is zero and the next is
    at most 0x10, which no UTF-16 text of letters matches."""
    head = head[:len(head) // 4 * 4]
    if len(head) < 8:
        return None
    for name, zero, low in (("utf-32-le", 3, 2), ("utf-32-be", 0, 1)):
        if not head[zero::4].strip(b"\x00") and max(head[low::4]) <= 0x10:
            try:
                head.decode(name)
            except UnicodeDecodeError:
                continue
            return name
    return None


CONTAINERS = ((b"PK\x03\x04", "a ZIP archive"), (b"PK\x05\x06", "a ZIP archive"), (b"%PDF", "a PDF document"),
              (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"\x1f\x8b", "a gzip archive"),
              (b"\xd0\xcf\x11\xe0", "an Office file (such as an .xls workbook)"))


def _container(sample: bytes, path: Path) -> str | None:
    """What a file that is not text is, by its first bytes; a workbook in a ZIP says which."""
    what = next((name for magic, name in CONTAINERS if sample.startswith(magic)), None)
    if what == "a ZIP archive":
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            what += " (an Excel workbook: name it .xlsx)"
        elif "content.xml" in names:
            what += " (an OpenDocument spreadsheet: name it .ods)"
    return what


def _looks_binary(sample: bytes, encoding: str) -> bool:
    if encoding.startswith(("utf-16", "utf-32")):
        return False
    head = sample[:8192]
    return b"\x00" in head or head.startswith((b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xd0\xcf\x11\xe0"))


def detect_delimiter(text: str, path: Path) -> str:
    if path.suffix.lower() in (".tsv", ".tab"):
        return "\t"
    if path.suffix.lower() == ".psv":
        return "|"
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        pass
    # The most frequent candidate outside quotes in the first line wins.
    counts = {d: lines[0].count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _open_text(path: Path, delimiter: str | None, encoding: str | None, header_row: int, shown: Path) -> Source:
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE)
    if not sample.strip():
        raise ExtractError(f"{shown.name}: the file is empty")
    what = _container(sample, path)  # before the encoding: a ZIP's zeros look like UTF-16
    if what:
        raise ExtractError(f"{shown.name} is {what}, not delimited text")
    enc = encoding or detect_encoding(sample)
    try:
        "".encode(enc)  # finds the codec, and refuses those that are not text encodings (rot13)
    except (LookupError, UnicodeError) as exc:
        what = f'unknown encoding "{enc}"' if "unknown encoding" in str(exc) else f'"{enc}" is not a text encoding'
        raise ExtractError(f"{what} (text encodings are for example utf-8, utf-16 and cp1252)") from None
    if _looks_binary(sample, enc):
        raise ExtractError(f"{shown.name}: this is a binary file, not delimited text")
    try:
        text_sample = sample.decode(enc, errors="ignore" if encoding is None else "strict")
    except UnicodeError as exc:  # not only UnicodeDecodeError: "undefined" and "punycode" raise their own
        where = f" (byte {exc.start})" if isinstance(exc, UnicodeDecodeError) else ""
        raise ExtractError(f"{shown.name}: not readable as {enc}{where}; choose another encoding") from None
    if delimiter is not None:
        delimiter = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise ExtractError(f'the delimiter must be one character, got "{delimiter}"')
    delim = delimiter or detect_delimiter(text_sample, shown)
    src = Source(path, "csv", [], iter(()), encoding=enc, delimiter=delim)
    fh = open(path, "r", encoding=enc, newline="")
    # A line no file holds, after the last: read as a row of its own, unless a quote left open
    # has swallowed it into a cell with every line before it (see _unclosed).
    end = next(m for m in ("\x1e\x1d\x1e", "\x1f\x1c\x1f") if delim not in m)
    reader = csv.reader(itertools.chain(fh, (end + "\n",)), delimiter=delim)
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
    src.headers = clean_headers(header, src)
    src.rows = _text_rows(reader, fh, len(src.headers), src, end)
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


def _text_rows(reader, fh, width: int, src: Source, end: str) -> Iterator[list[str]]:
    closed = end + "\n"
    try:
        for row in reader:
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


def clean_headers(raw: list[Any], src: Source | None = None) -> list[str]:
    """Headers as unique, non-empty text: empty ones become 'Column N', repeats get ' (2)'."""
    out, seen, suffix = [], set(), {}
    for i, h in enumerate(raw):
        name = ("" if h is None else str(h)).strip()
        if not name:
            name = f"Column {i + 1}"
            if src:
                src.note("empty headers named")
        base = name
        if name.lower() in seen:
            # Each name's next free number is kept: 50,000 repeats of one name cost 50,000
            # steps, not the 1.25 billion of trying " (2)", " (3)"... again for each.
            key = base.lower()
            n = suffix.get(key, 2)
            while f"{key} ({n})" in seen:
                n += 1
            suffix[key] = n + 1
            name = f"{base} ({n})"
            if src:
                src.note("duplicate headers renamed")
        seen.add(name.lower())
        out.append(name)
    return out


# ---- spreadsheets
def _open_sheet(path: Path, sheet: str | None, header_row: int, shown: Path) -> Source:
    from .sheetproc import Workbook

    book = Workbook(path, shown, sheet)  # measured first, read in a child process: see sheetproc
    src = Source(path, "xlsx", [], iter(()), sheet=book.name, sheets=book.names)
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
    src.headers = clean_headers(header, src)
    src.rows = _sheet_rows(rows, len(src.headers), src)
    return src


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


# ---- JSON
def flatten(obj: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in obj.items():
        key = f"{prefix}.{k}" if prefix else str(k)
        if isinstance(v, dict) and v:
            out.update(flatten(v, key))
        else:
            out[key] = v
    return out


def _open_json(path: Path, shown: Path) -> Source:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        if not raw.strip():
            raise ExtractError(f"{shown.name}: the file is empty")
        data = json.loads(raw.decode(detect_encoding(raw[:SAMPLE])))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ExtractError(f"{shown.name}: not valid JSON ({exc})") from None
    except RecursionError:
        raise ExtractError(f"{shown.name}: the JSON is nested too deeply to read") from None
    if isinstance(data, dict):
        # Flatfile-style {"records": [...]} or {"data": [...]} wrappers
        for key in ("records", "data", "rows", "items"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list):
        raise ExtractError(f"{shown.name}: expected a JSON array of objects")
    src = Source(path, "json", [], iter(()))
    flat = []
    order: dict[str, None] = {}
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise ExtractError(f"{shown.name}: item {i} is not an object")
        if "values" in item and isinstance(item["values"], dict):  # Flatfile record objects
            item = {k: (v.get("value") if isinstance(v, dict) else v) for k, v in item["values"].items()}
        row = flatten(item)
        flat.append(row)
        for k in row:
            order.setdefault(k, None)
    if not order:
        raise ExtractError(f"{shown.name}: the array holds no fields")
    keys = list(order)
    src.headers = clean_headers(keys, src)
    src.rows = iter([[r.get(k) for k in keys] for r in flat])
    return src
