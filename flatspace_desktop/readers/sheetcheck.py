"""Measuring a spreadsheet before it is read, so that a file built to exhaust memory or time is
refused with the limit it passes instead of taking the process down.

python-calamine builds a sheet's whole rectangle in memory (cells at A1 and XFD1048576 ask for
17 billion cells), keeps every shared string, and trusts the counts a file declares. So this
measures what it would build: the unpacked size of the workbook (declared, and actual: a ZIP
may lie), the shared text, and, with measure=True, the rectangle spanned by the cells of the
sheet read (every table of an ODS file, which is read whole). It reads the XML as a stream
with a few regular expressions, so memory stays flat.

The reader runs in a child process (sheetproc). Where the system enforces its memory limit
(Linux), the cheap checks run while it reads and the rectangle is measured by the child on
what python-calamine built, or here only once the child has died, to name the limit; the full
measure costs about half of python-calamine's own time. Elsewhere this is the wall, before.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree

from ..domain.errors import ExtractError

MAX_CELLS = 1 << 24  # 16,777,216: e.g. 16 columns of 1,048,576 rows, or a whole .xls grid
MAX_UNZIPPED = 2 << 30  # what all the parts of a workbook may unpack to
MAX_SHARED_TEXT = 256 << 20  # python-calamine holds all of it, twice over while reading
MAX_PARTS = 10_000  # Python's zipfile keeps an object per part
MAX_XLS_BYTES = 256 << 20  # an .xls file is read whole; its format caps a sheet at 65,536 rows
MAX_META_PART = 16 << 20  # workbook.xml and its relationships, parsed whole here
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384  # python-calamine caps ODS repeats at these
CHUNK = 1 << 20
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Plan:
    """What the reader may have to put right in the sheet python-calamine hands over."""
    part: str | None = None  # the worksheet's name in the ZIP (XLSX), when known
    sheet: str | None = None  # the sheet that part holds
    styles: str | None = None  # the styles part, which says which numbers are dates
    prefix: bytes = b""  # the namespace prefix of its elements ("x:" in some writers)
    errors: bool = False  # it holds error cells (#N/A), which python-calamine reads as empty
    small_numbers: bool = False  # numbers below 1: dates before 1900 would be read as times
    date1904: bool = False


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}".replace(".0 ", " ")
    return f"{n:,} bytes"


class Stopped(Exception):
    """The reader died while the file was being measured: its death is the answer."""


def check(path: Path, shown: Path, sheet: str | None, alive=lambda: True, measure: bool = True) -> Plan:
    """Raise ExtractError naming the limit a file passes; else what the reader must know.
    alive(): whether the reader still runs (asked between chunks; Stopped when not).
    measure: measure the sheet's rectangle too (else only sizes, and what to put right)."""
    with open(path, "rb") as fh:
        magic = fh.read(8)
    if magic == OLE_MAGIC:
        size = path.stat().st_size
        if size > MAX_XLS_BYTES:
            raise ExtractError(f"{shown.name}: the file is {_size(size)}; Flatspace reads .xls files of at most "
                               f"{_size(MAX_XLS_BYTES)} (save it as .xlsx)")
        return Plan()
    if not magic.startswith(b"PK"):
        return Plan()  # not a workbook at all: the reader says what it is not
    try:
        parts = _parts(path, shown)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return Plan()  # damaged: the reader says so in its own words
    total = sum(i.file_size for i in parts.values())
    if total > MAX_UNZIPPED:
        raise ExtractError(f"{shown.name}: the workbook unpacks to {_size(total)}; Flatspace reads workbooks of at most "
                           f"{_size(MAX_UNZIPPED)} unpacked")
    with open(path, "rb") as fh:
        book = Book(fh, parts, shown, alive, measure)
        if "content.xml" in parts and "_rels/.rels" not in parts:
            if measure:
                book.check_ods()
            return Plan()
        return book.check_ooxml(sheet)


def _parts(path: Path, shown: Path) -> dict[str, zipfile.ZipInfo]:
    """The ZIP's parts by lower-case name (python-calamine finds them whatever their case),
    after making sure the directory is not so long that listing it costs the memory."""
    count, listed = _directory(path)
    if count > MAX_PARTS or listed > MAX_PARTS * 1024:
        raise ExtractError(f"{shown.name}: the workbook lists {count:,} parts in {_size(listed)}; Flatspace reads "
                           f"workbooks of at most {MAX_PARTS:,} parts")
    with zipfile.ZipFile(path) as zf:
        return {i.filename.lower(): i for i in zf.infolist()}


def _directory(path: Path) -> tuple[int, int]:
    """(parts, bytes) of the ZIP's directory, as its end record declares them."""
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - (1 << 16) - 22))
        tail = fh.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            return 0, 0
        count, listed = struct.unpack_from("<HI", tail, at + 10)
        if at >= 20 and tail[at - 20:at - 16] == b"PK\x06\x07":  # ZIP64: the real numbers are there
            fh.seek(struct.unpack_from("<Q", tail, at - 12)[0])
            record = fh.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                count, listed = struct.unpack_from("<QQ", record, 32)
        return count, listed


def inflate(fh, info: zipfile.ZipInfo, shown: Path, alive=lambda: True) -> Iterator[bytes]:
    """A part's bytes in chunks, decompressed here rather than trusting the sizes the ZIP
    declares: a part that holds more than it declares is refused as it passes the mark."""
    damaged = ExtractError(f"{shown.name}: the workbook is damaged ({info.filename} does not match its entry)")
    fh.seek(info.header_offset)
    head = fh.read(30)
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        raise damaged
    fh.seek(info.header_offset + 30 + sum(struct.unpack_from("<HH", head, 26)))
    if info.flag_bits & 1:
        raise ExtractError(f"{shown.name}: the workbook's parts are encrypted")
    if info.compress_type == zipfile.ZIP_STORED:
        unpack = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        unpack = zlib.decompressobj(-15)
    else:
        raise ExtractError(f"{shown.name}: {info.filename} is compressed in a way Flatspace does not read")
    left, out = info.compress_size, 0
    try:
        while left > 0:
            if not alive():
                raise Stopped
            raw = fh.read(min(CHUNK, left))
            if not raw:
                raise damaged
            left -= len(raw)
            while raw:
                if unpack is None:
                    data, raw = raw, b""
                else:
                    data = unpack.decompress(raw, CHUNK)
                    raw = unpack.unconsumed_tail
                out += len(data)
                if out > info.file_size:
                    raise ExtractError(f"{shown.name}: the workbook is damaged or hostile: {info.filename} unpacks to "
                                       f"more than the {_size(info.file_size)} it declares")
                if data:
                    yield data
            if unpack is not None and unpack.eof:
                break
        if unpack is not None:
            data = unpack.flush()  # a few bytes at most once all the input is in
            if out + len(data) > info.file_size:
                raise damaged
            if data:
                yield data
    except zlib.error:
        raise damaged from None


def whole_tags(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks cut before their last "<", so that no tag is split between two of them."""
    carry = b""
    for data in chunks:
        buf = carry + data if carry else data
        cut = buf.rfind(b"<")
        if cut <= 0 or len(buf) - cut > CHUNK:  # a tag this long holds nothing measured here
            yield buf
            carry = b""
        else:
            yield buf[:cut]
            carry = buf[cut:]
    if carry:
        yield carry


def column_number(letters: bytes) -> int:
    """A1-style column letters as python-calamine counts them (1 = A), 32-bit like it."""
    n = 0
    for c in letters.upper():
        n = (n * 26 + c - 64) & 0xFFFFFFFF
    return n


def refuse_area(shown: Path, sheet: str | None, rows: int, columns: int) -> None:
    if rows * columns > MAX_CELLS:
        which = f'sheet "{sheet}"' if sheet else "a sheet"
        raise ExtractError(f"{shown.name}: {which} spans {_count(columns, 'column')} × {_count(rows, 'row')}; "
                           f"Flatspace reads at most {MAX_CELLS:,} cells of a sheet (e.g. 16 columns × 1,048,576 rows)")


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else "s")


class Book:
    """One ZIP workbook, open for measuring."""

    def __init__(self, fh, parts: dict[str, zipfile.ZipInfo], shown: Path, alive, measure: bool):
        self.fh, self.parts, self.shown, self.alive, self.measure = fh, parts, shown, alive, measure

    def read_whole(self, name: str) -> bytes | None:
        info = self.parts.get(name.lower())
        if info is None:
            return None
        if info.file_size > MAX_META_PART:
            raise ExtractError(f"{self.shown.name}: {info.filename} is {_size(info.file_size)}; Flatspace reads at "
                               f"most {_size(MAX_META_PART)} of it")
        return b"".join(inflate(self.fh, info, self.shown, self.alive))

    def stream(self, name: str) -> Iterator[bytes]:
        return whole_tags(inflate(self.fh, self.parts[name.lower()], self.shown, self.alive))

    # ---- XLSX, XLSM and XLSB
    def check_ooxml(self, sheet: str | None) -> Plan:
        book = _target(self.read_whole("_rels/.rels"), "officeDocument", "") or "xl/workbook.xml"
        folder = posixpath.dirname(book)
        binary = book.lower().endswith(".bin")
        self._check_shared_text(posixpath.join(folder, "sharedStrings.bin" if binary else "sharedStrings.xml"))
        if binary:  # XLSB: binary sheets; their bytes are at least counted
            for name in self.parts if self.measure else ():
                for _ in inflate(self.fh, self.parts[name], self.shown, self.alive):
                    pass
            return Plan()
        plan = Plan()
        sheets, plan.date1904 = _sheets(self.read_whole(book))
        rels = _relations(self.read_whole(posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")))
        wanted = sheet if sheet is not None else (sheets[0][0] if sheets else None)
        target = next((rels.get(rid) for name, rid in sheets if name == wanted), None)
        part = _resolve(folder, target) if target else None
        if part is None or part.lower() not in self.parts:
            # Not found as python-calamine would find it: measure every worksheet instead.
            for name in self.parts if self.measure else ():
                if "/worksheets/" in name and name.endswith(".xml"):
                    self._measure_sheet(name, None, plan)
            return plan
        plan.part, plan.sheet = self.parts[part.lower()].filename, wanted
        styles = self.parts.get(posixpath.join(folder, "styles.xml").lower())
        plan.styles = styles.filename if styles else None
        self._measure_sheet(part, wanted, plan)
        return plan

    def _check_shared_text(self, name: str) -> None:
        info = self.parts.get(name.lower())
        if info is None:
            return
        limit = f"Flatspace reads at most {_size(MAX_SHARED_TEXT)} of shared text"
        if info.file_size > MAX_SHARED_TEXT:
            raise ExtractError(f"{self.shown.name}: the workbook holds {_size(info.file_size)} of shared text; {limit}")
        for i, chunk in enumerate(inflate(self.fh, info, self.shown, self.alive)):
            if i == 0:  # python-calamine sets memory aside for the count the file declares
                m = re.search(rb"<(?:\w+:)?sst\b[^>]*?\suniqueCount=[\"']([0-9]+)", chunk[:4096])
                if m and int(m.group(1)) > MAX_CELLS:
                    raise ExtractError(f"{self.shown.name}: the workbook declares {int(m.group(1)):,} shared texts; "
                                       f"Flatspace reads at most {MAX_CELLS:,}")
                if not self.measure:
                    break  # python-calamine itself refuses a part longer than it declares

    def _measure_sheet(self, part: str, sheet: str | None, plan: Plan) -> None:
        scan = CellScan(self.stream(part), self.measure)
        plan.prefix = scan.prefix
        plan.errors |= scan.errors
        plan.small_numbers |= scan.small
        if not self.measure:
            return
        if scan.irregular:
            rows, first, last = irregular_bounds(self.stream(part), scan.prefix)
        elif scan.rows_bound() * scan.columns() > MAX_CELLS:
            rows, first, last = exact_bounds(self.stream(part), scan.prefix)
        else:
            return
        if last >= first:
            refuse_area(self.shown, sheet or posixpath.basename(part), rows, last - first + 1)

    # ---- ODS: every table of content.xml is read when the file is opened
    def check_ods(self) -> None:
        tok = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
        name, rows, end, first, last, row_repeat, row_first, row_last, col = None, 0, 0, 1 << 62, -1, 1, 0, -1, 0
        for buf in self.stream("content.xml"):
            for m in tok.finditer(buf):
                closing, tag, attrs, empty = m.groups()
                if tag == b"table":
                    if not closing:
                        found = re.search(rb'table:name="([^"]*)"', attrs)
                        name = found.group(1).decode("utf-8", "replace") if found else None
                        rows, end, first, last = 0, 0, 1 << 62, -1
                    elif last >= first:
                        refuse_area(self.shown, name, end, last - first + 1)
                elif tag == b"table-row":
                    if not closing:
                        row_repeat = min(_repeat(attrs, b"rows"), max(EXCEL_ROWS - rows, 0))
                        row_first, row_last, col = 1 << 62, -1, 0
                    if closing or empty:
                        if row_last >= row_first:
                            end = rows + row_repeat
                            first, last = min(first, row_first), max(last, row_last)
                        rows += row_repeat
                elif not closing:
                    n = min(_repeat(attrs, b"columns"), max(EXCEL_COLUMNS - col, 0))
                    if (not empty or b"office:value-type" in attrs) and n:
                        row_first, row_last = min(row_first, col), max(row_last, col + n - 1)
                    col += n


def _repeat(attrs: bytes, what: bytes) -> int:
    m = re.search(rb"table:number-" + what + rb'-repeated="([0-9]{1,12})"', attrs)
    return int(m.group(1)) if m else 1


def _xml(data: bytes | None):
    if data is None:
        return None
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(data: bytes | None, tag: str) -> list:
    root = _xml(data)
    return [] if root is None else [el for el in root if _local(el.tag) == tag]


def _target(rels: bytes | None, kind: str, folder: str) -> str | None:
    for el in _children(rels, "Relationship"):
        if el.get("Type", "").endswith("/" + kind):
            return _resolve(folder, el.get("Target", ""))
    return None


def _relations(rels: bytes | None) -> dict[str, str]:
    return {el.get("Id", ""): el.get("Target", "") for el in _children(rels, "Relationship")}


def _sheets(book: bytes | None) -> tuple[list[tuple[str, str]], bool]:
    """The workbook's sheets in order as (name, relationship id), and whether it counts
    dates from 1904."""
    root = _xml(book)
    if root is None:
        return [], False
    sheets, date1904 = [], False
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), "")
            sheets.append((el.get("name", ""), rid))
        elif tag == "workbookPr":
            date1904 = el.get("date1904", "").lower() in ("1", "true")
    return sheets, date1904


def _resolve(folder: str, target: str) -> str | None:
    if not target:
        return None
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(path).lstrip("/")


class CellScan:
    """One fast pass over a worksheet's XML. When every cell names its place ("r", as all
    common writers do), the rectangle is bounded by the columns seen and by the number of
    digits of the rows; python-calamine's rows start at row 1 whatever the first one."""

    def __init__(self, chunks: Iterator[bytes], measure: bool = True):
        self.prefix, self.irregular, self.errors, self.small = b"", False, False, False
        self.letters: set[bytes] = set()
        self.digits = 0
        for i, buf in enumerate(chunks):
            if i == 0:
                m = re.search(rb"<([A-Za-z_][\w.-]*:)?worksheet\b", buf)
                self.prefix = (m.group(1) or b"") if m else b""
                self._compile()
            if measure and not self.irregular:
                self._feed(buf)
            # Cheap, and wanted whether measured or not: what the reader must put right.
            self.errors = self.errors or b't="e"' in buf
            self.small = self.small or bool(self.small_re.search(buf))

    def _compile(self) -> None:
        p = re.escape(self.prefix)
        self.cell_re = re.compile(rb"<" + p + rb'c r="([A-Z]{1,3})[0-9]')
        self.digit_res = [re.compile(rb"<" + p + rb'c r="[A-Z]{1,3}[0-9]{%d}' % n) for n in range(1, 9)]
        self.tags = (b"<" + self.prefix + b"c ", b"<" + self.prefix + b"c>")
        formula = rb"(?:<" + p + rb"f\b[^>]*(?:/>|>[^<]*</" + p + rb"f>))?"
        # a styled number below 1: a date before 1900 if its style shows dates
        self.small_re = re.compile(rb's="[0-9]+"(?: t="n")?>' + formula + rb"<" + p + rb"v>[-0.]")

    def _feed(self, buf: bytes) -> None:
        found = self.cell_re.findall(buf)
        if len(found) != buf.count(self.tags[0]) + buf.count(self.tags[1]):
            self.irregular = True  # a cell without "r", or an odd one: measured one by one
            return
        self.letters.update(found)
        while self.digits < 8 and self.digit_res[self.digits].search(buf):
            self.digits += 1
        self.irregular = self.digits > 7

    def rows_bound(self) -> int:
        return 10 ** self.digits - 1

    def columns(self) -> int:
        if not self.letters:
            return 0
        numbers = [column_number(c) for c in self.letters]
        return max(numbers) - min(numbers) + 1


def exact_bounds(chunks: Iterator[bytes], prefix: bytes) -> tuple[int, int, int]:
    """(last row, first column, last column) of the cells holding something: the slow pass,
    for sheets the fast one cannot clear."""
    cell = re.compile(rb"<" + re.escape(prefix) + rb'c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>')
    rows, letters, numbers = 0, set(), [1, 0]
    for buf in chunks:
        found = cell.findall(buf)
        letters.update(c for c, _ in found)
        rows = max(rows, max((int(r) for r in {r for _, r in found}), default=0))
        numbers = [column_number(c) for c in letters] or [1, 0]
        if rows * (max(numbers) - min(numbers) + 1) > MAX_CELLS:
            break  # past the limit already: the rest cannot bring it back
    return rows, min(numbers), max(numbers)


def irregular_bounds(chunks: Iterator[bytes], prefix: bytes) -> tuple[int, int, int]:
    """The same, placing each cell as python-calamine does: by its "r", else after the one
    before it in its row (a row without "r" follows the row before it)."""
    tok = re.compile(rb"<(/?)" + re.escape(prefix) + rb"(row|c)(?=[\s/>])([^>]*?)(/?)>")
    ref = re.compile(rb"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
    row = col = 0
    rows, first, last = 0, 1 << 62, -1
    for buf in chunks:
        for m in tok.finditer(buf):
            closing, tag, attrs, empty = m.groups()
            if closing:
                if tag == b"row":
                    row, col = row + 1, 0
                continue
            r = ref.search(attrs)
            if tag == b"row":
                if r:
                    row = max(int(r.group(1)) if r.group(1).isdigit() else 1, 1) - 1
                if empty:
                    row, col = row + 1, 0
                continue
            at = row
            if r:
                letters = re.match(rb"[A-Za-z]*", r.group(1)).group()
                digits = r.group(1)[len(letters):]
                col = column_number(letters) - 1
                at = int(digits) - 1 if digits.isdigit() and int(digits) > 0 else row
            if not empty:
                rows, first, last = max(rows, at + 1), min(first, col), max(last, col)
            col += 1
        if rows * (last - first + 1) > MAX_CELLS:
            break
    return rows, first, last
