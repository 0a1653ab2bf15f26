"""Telling how a text file is written: its encoding (a byte-order mark, UTF-16/32 by their
zeros, UTF-8 if it decodes, else the likeliest code page), its delimiter, and whether it is no
text at all (a ZIP, a PDF, an image: named, so the person knows what they dropped)."""

from __future__ import annotations

import codecs
import csv
import zipfile
from pathlib import Path

DELIMITERS = ",;\t|"
SAMPLE = 256 * 1024  # what detection reads of a file


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


def container(sample: bytes, path: Path) -> str | None:
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


def looks_binary(sample: bytes, encoding: str) -> bool:
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
