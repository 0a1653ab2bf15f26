"""Writing a sheet's records to CSV, XLSX or JSON (Flatfile record objects), streamed in pages.

Text that a spreadsheet would run as a formula (starting with = + - @ tab or CR) is written
with a leading apostrophe in CSV and XLSX; numbers are numbers and are left alone.
"""

from __future__ import annotations

import csv
import json
import os
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from ..domain.cells import display_text
from ..domain.errors import InvalidInput
from ..domain.records import Record, View
from ..storage.recordquery import fetch
from ..storage.recordstore import SheetStore

FORMATS = ("csv", "xlsx", "json")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PAGE = 5_000


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def iter_records(store: SheetStore, view: View) -> Iterator[Record]:
    if view.sort:
        offset = 0
        while True:
            page = fetch(store, view, limit=PAGE, offset=offset)
            yield from page
            if len(page) < PAGE:
                return
            offset += PAGE
    last = None
    while True:
        page = fetch(store, view, limit=PAGE, after=last)
        yield from page
        if len(page) < PAGE:
            return
        last = page[-1].rid


def export_sheet(store: SheetStore, path: str | Path, fmt: str, view: View = View(),
                 progress: Callable[[int], None] | None = None) -> int:
    if fmt not in FORMATS:
        raise InvalidInput(f"format must be one of {', '.join(FORMATS)}")
    writer = {"csv": _write_csv, "xlsx": _write_xlsx, "json": _write_json}[fmt]
    return _atomically(path, lambda tmp: writer(store, tmp, view, progress))


def work_file(path: str | Path) -> Path:
    """The temporary name an export is written under, beside its file."""
    path = Path(path)
    return path.with_name(path.name + ".part")


def _atomically(path: str | Path, write: Callable[[Path], int]) -> int:
    """Write to a temporary name, then rename: a half-written export never replaces a good file."""
    path = Path(path)
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path}: there is no folder {path.parent}")
    tmp = work_file(path)
    try:
        n = write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return n


def _headers(store: SheetStore) -> list[str]:
    seen, out = set(), []
    for f in store.sheet.fields:
        name = f.label if f.label.lower() not in seen else f"{f.label} ({f.key})"
        seen.add(name.lower())
        out.append(name)
    return out


def _write_csv(store, path, view, progress) -> int:
    fields = store.sheet.fields
    n = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(_headers(store))
        for rec in iter_records(store, view):
            w.writerow([_cell_text(f, rec.values.get(f.key)) for f in fields])
            n += 1
            if progress and n % PAGE == 0:
                progress(n)
    return n


def _cell_text(f, value) -> str:
    text = display_text(f, value)
    return neutralise(text) if isinstance(value, str) else text


def _write_json(store, path, view, progress) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("[")
        for rec in iter_records(store, view):
            fh.write(("\n" if n == 0 else ",\n") + json.dumps(rec.to_flatfile(store.sheet), ensure_ascii=False))
            n += 1
            if progress and n % PAGE == 0:
                progress(n)
        fh.write("\n]\n")
    return n


def _write_xlsx(store, path, view, progress) -> int:
    return _xlsx(path, [(store, view)], progress)


def _xlsx(path, sheets, progress) -> int:
    """One worksheet per (store, view); dates as dates, numbers as numbers."""
    import xlsxwriter
    import xlsxwriter.exceptions

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    total = 0
    try:
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        bold = wb.add_format({"bold": True})
        used: set[str] = set()
        for store, view in sheets:
            total += _xlsx_sheet(wb, store, view, date_fmt, bold, used, progress, total)
    finally:
        try:
            wb.close()
        except xlsxwriter.exceptions.FileCreateError as exc:
            # xlsxwriter writes the file only here, and wraps the OSError it met
            raise (exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))) from None
    return total


def _xlsx_sheet(wb, store, view, date_fmt, bold, used: set, progress, done: int) -> int:
    # Excel limits worksheet names to 31 characters without []:*?/\ and unique ignoring case
    base = "".join(ch for ch in store.sheet.name if ch not in "[]:*?/\\")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base[:27]} ({n})", n + 1
    used.add(name.lower())
    ws = wb.add_worksheet(name)
    for c, h in enumerate(_headers(store)):
        ws.write_string(0, c, h, bold)
    n = 0
    fields = store.sheet.fields
    columns = [(c, f, f.key, f.kind.export_value) for c, f in enumerate(fields)]  # its type says what a cell is
    for n, rec in enumerate(iter_records(store, view), start=1):
        for c, f, key, value_of in columns:
            v = rec.values.get(key)
            if v is None:
                continue
            x = value_of(f, v)
            if isinstance(x, date):
                ws.write_datetime(n, c, x, date_fmt)
            elif isinstance(x, bool):
                ws.write_boolean(n, c, x)
            elif isinstance(x, (int, float)):
                ws.write_number(n, c, x)
            else:
                ws.write_string(n, c, neutralise(x))
        if progress and n % PAGE == 0:
            progress(done + n)
    return n


def _entry_name(slug: str) -> str:
    """A sheet's CSV in a ZIP: its slug, with what no system's file name may hold replaced."""
    return "".join("_" if ch in '<>:"/\\|?*' else ch for ch in slug).strip(" .") + ".csv"


def export_workbook(stores: list[SheetStore], path: str | Path, fmt: str, view: View = View(),
                    progress: Callable[[int], None] | None = None) -> int:
    """A whole workbook: XLSX with a worksheet per sheet, JSON {slug: [records]}, or a ZIP of
    one CSV per sheet. The view's filter and search apply to every sheet."""
    if fmt not in FORMATS:
        raise InvalidInput(f"format must be one of {', '.join(FORMATS)}")
    def write(tmp: Path) -> int:
        if fmt == "xlsx":
            return _xlsx(tmp, [(s, view) for s in stores], progress)
        n = 0
        if fmt == "json":
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write("{")
                for i, store in enumerate(stores):
                    fh.write(("" if i == 0 else ",") + f"\n{json.dumps(store.sheet.slug)}: [")
                    for j, rec in enumerate(iter_records(store, view)):
                        fh.write(("" if j == 0 else ",") + "\n" + json.dumps(rec.to_flatfile(store.sheet), ensure_ascii=False))
                        n += 1
                    fh.write("]")
                fh.write("\n}\n")
            return n
        import zipfile

        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for i, store in enumerate(stores):
                part = tmp.with_name(f"{tmp.name}.{i}.csv")  # a slug may hold "/" or "<>": not in a path
                try:
                    n += _write_csv(store, part, view, None)
                    z.write(part, _entry_name(store.sheet.slug))
                finally:
                    part.unlink(missing_ok=True)
        return n

    return _atomically(path, write)

