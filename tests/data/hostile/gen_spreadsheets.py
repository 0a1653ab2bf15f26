"""Hostile and broken data files (issue 12, items 1, 2 and 9): spreadsheets built to exhaust
memory (a far corner cell, ZIP bombs honest and lying, a 500 MB shared string, a count that
asks for terabytes, an .xls whose declared size aborts the reader), 50,000 identical headers,
UTF-32 text, an unclosed quote, Excel error cells and dates before 1900, and files named .csv
that are not text.

The workbooks are written here as raw ZIP and XML; the bombs repeat one deflate block (after a
full flush a compressor starts afresh, so the same input gives the same bytes), so a file of a
few MB that unpacks to 3.6 GB is written in about two seconds. Nothing here is committed but
this code."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from make_hostile import Case

IMPORT = ["import", "{space}", "{file}", "--sheet", "people"]
EXTRACT = ["extract", "{file}", "--limit", "3"]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>name</t></is></c><c r="C1" t="inlineStr"><is><t>score</t></is></c>'
              '<c r="D1" t="inlineStr"><is><t>born</t></is></c></row>')


class Part:
    """A ZIP part: its bytes, or a deflate stream already made with the size it declares."""

    def __init__(self, name: str, data: bytes = b"", *, deflated: bytes | None = None, size: int = 0, crc: int = 0,
                 declared: int | None = None):
        self.name = name
        if deflated is None:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            deflated, size, crc = c.compress(data) + c.flush(), len(data), zlib.crc32(data)
        self.deflated, self.size, self.crc = deflated, size, crc
        self.declared = size if declared is None else declared


def repeated(head: bytes, block: bytes, times: int, tail: bytes) -> Part:
    """head + block × times + tail, deflated without deflating it all."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    one = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    assert one == again, "a full flush must make the compressor start afresh"
    last = c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return Part("", deflated=first + one * times + last, size=len(head) + len(block) * times + len(tail), crc=crc)


def write_zip(path: Path, parts: list[Part]) -> Path:
    """A ZIP of deflated parts, each declaring `declared` as its size (which may lie)."""
    central = b""
    with open(path, "wb") as fh:
        for p in parts:
            name = p.name.encode()
            offset = fh.tell()
            fh.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, p.crc, len(p.deflated),
                                 p.declared, len(name), 0) + name)
            fh.write(p.deflated)
            central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, p.crc,
                                   len(p.deflated), p.declared, len(name), 0, 0, 0, 0, 0, offset) + name
        start = fh.tell()
        fh.write(central)
        fh.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(central), start, 0))
    return path


def xlsx_parts(sheet: Part | bytes, shared: Part | bytes | None = None, styles: bytes | None = None) -> list[Part]:
    types = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
             '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    rels = (f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    book = (f'<?xml version="1.0"?><workbook {NS} xmlns:r="{REL}"><sheets>'
            '<sheet name="people" sheetId="1" r:id="rId1"/></sheets></workbook>')
    book_rels = (f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                 f'relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                 + (f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                    if shared is not None else "") + "</Relationships>")
    parts = [Part("[Content_Types].xml", types.encode()), Part("_rels/.rels", rels.encode()),
             Part("xl/workbook.xml", book.encode()), Part("xl/_rels/workbook.xml.rels", book_rels.encode())]
    if styles is not None:
        parts.append(Part("xl/styles.xml", styles))
    for name, part in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
        if part is not None:
            part = part if isinstance(part, Part) else Part(name, part)
            part.name = name
            parts.append(part)
    return parts


def sheet_xml(rows: str, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0"?><worksheet {NS}>{dim}<sheetData>{rows}</sheetData></worksheet>'.encode()


def far_corner(dest: Path, first: bool) -> Path:
    """1.5 KB: the header at A1 and one cell at XFD1048576, the last of Excel's grid."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    rows = far + HEADER_ROW if first else HEADER_ROW + far
    name = "far-corner-first.xlsx" if first else "far-corner.xlsx"
    return write_zip(dest / name, xlsx_parts(sheet_xml(rows, None if first else "A1:XFD1048576")))


def zip_bombs(dest: Path) -> tuple[Path, Path]:
    """3.6 GB of rows that name no place (so the reader keeps every one) in 12 MB; and the same
    declaring 1 MB, for readers that trust what a ZIP says."""
    row = b'<row><c t="inlineStr"><is><t>someone@example.org</t></is></c></row>'
    block = row * ((1 << 20) // len(row))
    head, tail = sheet_xml(HEADER_ROW + "{}").split(b"{}")
    sheet = repeated(head, block, 3_600_000_000 // len(block), tail)
    honest = write_zip(dest / "zip-bomb.xlsx", xlsx_parts(sheet))
    sheet.declared = 1 << 20
    return honest, write_zip(dest / "zip-bomb-lying.xlsx", xlsx_parts(sheet))


def huge_shared_string(dest: Path) -> Path:
    """511 KB holding one shared string of 500 MB."""
    block = b"x" * (1 << 20)
    shared = repeated(b'<?xml version="1.0"?><sst ' + NS.encode() + b' count="1" uniqueCount="1"><si><t>',
                      block, 500, b"</t></si></sst>")
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return write_zip(dest / "shared-string-500mb.xlsx", xlsx_parts(sheet_xml(rows), shared))


def shared_count(dest: Path) -> Path:
    """A few hundred bytes declaring four trillion shared strings, which the reader sets memory aside for."""
    shared = f'<?xml version="1.0"?><sst {NS} count="1" uniqueCount="4000000000000"><si><t>email</t></si></sst>'
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return write_zip(dest / "shared-count.xlsx", xlsx_parts(sheet_xml(rows), shared.encode()))


def many_parts(dest: Path) -> Path:
    parts = xlsx_parts(sheet_xml(HEADER_ROW)) + [Part(f"x/{i}", b"") for i in range(12_000)]
    return write_zip(dest / "many-parts.xlsx", parts)


def ods_repeated(dest: Path) -> Path:
    """An ODS row of 16,384 copies of a value, repeated 1,048,576 times: 17 billion cells."""
    content = ('<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
               'xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text='
               '"urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               '<table:table table:name="people"><table:table-row><table:table-cell office:value-type="string">'
               '<text:p>email</text:p></table:table-cell></table:table-row>'
               '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
               'table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p>'
               '</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>'
               '</office:document-content>')
    return write_zip(dest / "repeated.ods", ods_parts(content))


def ods_parts(content: str) -> list[Part]:
    manifest = ('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                'manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
                '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    return [Part("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            Part("META-INF/manifest.xml", manifest.encode()), Part("content.xml", content.encode())]


def xls(sheet_records: bytes) -> bytes:
    """An .xls file (BIFF8 in an OLE compound file) of one sheet named people."""
    def rec(typ: int, data: bytes = b"") -> bytes:
        return struct.pack("<HH", typ, len(data)) + data

    def bof(kind: int) -> bytes:
        return rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))

    def book(at: int) -> bytes:
        return (bof(0x0005) + rec(0x0042, struct.pack("<H", 1252))
                + rec(0x0085, struct.pack("<IBBBB", at, 0, 0, 6, 0) + b"people") + rec(0x000A))

    stream = book(len(book(0))) + bof(0x0010) + sheet_records + rec(0x000A)
    stream += b"\x00" * max(0, 4096 - len(stream))  # a regular stream: no mini stream to write
    sectors = -(-len(stream) // 512)
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [3 + i for i in range(sectors - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<9I", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
              + struct.pack("<I", 0) + b"\xff" * 432)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le") if name else b""
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBB3I", len(encoded), kind, 1, 0xFFFFFFFF, 0xFFFFFFFF, child)
                + bytes(20) + bytes(16) + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) + entry("Workbook", 2, 0xFFFFFFFF, 2, len(stream))
                 + entry("", 0, 0xFFFFFFFF, 0, 0) * 2)
    return header + struct.pack("<128I", *fat) + directory + stream.ljust(sectors * 512, b"\x00")


def xls_dimensions(dest: Path) -> Path:
    """5.6 KB whose DIMENSIONS record says 4 billion rows × 65,535 columns: the reader asks for
    11 PB at once and aborts the process it runs in (nothing before the read can see it)."""
    records = (struct.pack("<HH", 0x0200, 14) + struct.pack("<IIHHH", 0, 0xFFFFFFFF, 0, 0xFFFF, 0)
               + struct.pack("<HH", 0x0203, 14) + struct.pack("<HHHd", 0, 0, 15, 1.0))
    path = dest / "dimensions.xls"
    path.write_bytes(xls(records))
    return path


def xls_oversized(dest: Path) -> Path:
    """An .xls of 300 MB (a sparse file: it takes no room on the disk)."""
    path = dest / "oversized.xls"
    with open(path, "wb") as fh:
        fh.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        fh.truncate(300 << 20)
    return path


def error_cells(dest: Path) -> Path:
    """Rows of #DIV/0! and #N/A, which the reader used to read as empty rows and drop."""
    rows = HEADER_ROW + "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>p{r}@example.org</t></is></c>'
        f'<c r="B{r}" t="e"><f>NA()</f><v>#N/A</v></c><c r="C{r}" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
        for r in range(2, 6))
    rows += '<row r="6"><c r="A6" t="e"><v>#N/A</v></c><c r="B6" t="e"><v>#REF!</v></c></row>'
    return write_zip(dest / "error-cells.xlsx", xlsx_parts(sheet_xml(rows)))


DATE_STYLES = (f'<?xml version="1.0"?><styleSheet {NS}><numFmts count="1"><numFmt numFmtId="164" '
               'formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" '
               'applyNumberFormat="1"/></cellXfs></styleSheet>').encode()


def old_dates(dest: Path) -> Path:
    """Dates of 1899-12-31 (serial 0) and before (negative), which the reader took for times."""
    rows = HEADER_ROW + "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>p{r}@example.org</t></is></c>'
        f'<c r="D{r}" s="1"><v>{serial}</v></c></row>' for r, serial in ((2, 0), (3, -1), (4, -18137), (5, 36526)))
    return write_zip(dest / "old-dates.xlsx", xlsx_parts(sheet_xml(rows), styles=DATE_STYLES))


def text_files(dest: Path) -> list[Case]:
    people = "email,name,score,born\n" + "".join(f"p{i}@example.org,Person {i},{i},1990-01-0{i % 9 + 1}\n"
                                                for i in range(20))
    (dest / "utf32-bom.csv").write_bytes(people.encode("utf-32"))
    (dest / "utf32-le.csv").write_bytes(people.encode("utf-32-le"))
    (dest / "utf32-be.csv").write_bytes(people.encode("utf-32-be"))
    lines = "".join(f"p{i}@example.org,Person {i},{i},1990-01-01\n" for i in range(1000))
    (dest / "unclosed-quote.csv").write_text('email,name,score,born\n"p@example.org,P,1,1990-01-01\n' + lines)
    (dest / "50k-headers.csv").write_text(",".join(["email"] * 50_000) + "\n" + ",".join(["x"] * 50_000) + "\n")
    with zipfile.ZipFile(dest / "zip-renamed.csv", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("people.csv", people)
        zf.writestr("other.csv", people)
    with zipfile.ZipFile(dest / "xlsx-renamed.csv", "w", zipfile.ZIP_DEFLATED) as zf:
        for part in xlsx_parts(sheet_xml(HEADER_ROW)):
            zf.writestr(part.name, zlib.decompress(part.deflated, -15))
    return [
        Case("csv-utf32-bom", IMPORT, 0, file=dest / "utf32-bom.csv"),
        Case("csv-utf32-le-no-bom", IMPORT, 0, file=dest / "utf32-le.csv"),
        Case("csv-utf32-be-no-bom", IMPORT, 0, file=dest / "utf32-be.csv"),
        Case("csv-unclosed-quote", IMPORT, 1, "line 2: a quoted cell opened on this line is never closed",
             file=dest / "unclosed-quote.csv"),
        Case("csv-50000-identical-headers", IMPORT, 0, file=dest / "50k-headers.csv"),
        Case("csv-that-is-a-zip", IMPORT, 1, "zip-renamed.csv is a ZIP archive, not delimited text",
             file=dest / "zip-renamed.csv"),
        Case("csv-that-is-an-xlsx", EXTRACT, 1, "an Excel workbook: name it .xlsx", file=dest / "xlsx-renamed.csv"),
    ]


def cases(dest: Path) -> list[Case]:
    dest = Path(dest) / "spreadsheets"
    dest.mkdir(parents=True, exist_ok=True)
    area = "16,384 columns × 1,048,576 rows; Flatspace reads at most 16,777,216 cells"
    far = far_corner(dest, first=False)
    bomb, lying_bomb = zip_bombs(dest)
    return [
        Case("xlsx-far-corner", IMPORT, 1, area, file=far),
        Case("xlsx-far-corner-extract", EXTRACT, 1, area, file=far),
        Case("xlsx-far-corner-first-no-dimension", IMPORT, 1, area, file=far_corner(dest, first=True)),
        Case("xlsx-zip-bomb", IMPORT, 1, "the workbook unpacks to 3.4 GB; Flatspace reads workbooks of at most 2 GB",
             file=bomb),
        Case("xlsx-zip-bomb-lying-sizes", IMPORT, 1, "unpacks to more than the 1 MB it declares",
             file=lying_bomb),
        Case("xlsx-500mb-shared-string", IMPORT, 1, "holds 500 MB of shared text; Flatspace reads at most 256 MB",
             file=huge_shared_string(dest)),
        Case("xlsx-shared-string-count", IMPORT, 1, "declares 4,000,000,000,000 shared texts",
             file=shared_count(dest)),
        Case("xlsx-12000-parts", EXTRACT, 1, "Flatspace reads workbooks of at most 10,000 parts",
             file=many_parts(dest)),
        Case("ods-repeated-cells", EXTRACT, 1, area,
             file=ods_repeated(dest)),
        Case("xls-declared-dimensions", IMPORT, 1, "could not be read: the reader ran out of memory",
             file=xls_dimensions(dest)),
        Case("xls-oversized", IMPORT, 1, "Flatspace reads .xls files of at most 256 MB", file=xls_oversized(dest)),
        Case("xlsx-error-cells", IMPORT, 0, file=error_cells(dest)),
        Case("xlsx-dates-before-1900", IMPORT, 0, file=old_dates(dest)),
        *text_files(dest),
    ]
