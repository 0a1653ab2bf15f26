"""The window's file flows: import a file into a sheet, export a sheet, add a workbook from a
blueprint. Each asks what it needs, runs through the service, and reports plainly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from ..core.errors import FlatspaceError
from ..core.jsonfile import read_json
from ..core.recordquery import View
from .tasks import Task

IMPORT_FILTER = "Data files (*.csv *.tsv *.txt *.xlsx *.xls *.ods *.json);;All files (*)"
EXPORT_FILTERS = {"CSV (*.csv)": "csv", "Excel workbook (*.xlsx)": "xlsx", "Flatfile records JSON (*.json)": "json"}


def choose_sheet(window, info: dict, current: str | None) -> str | None:
    sheets = [(f"{wb['name']} / {s['name']}", f"{wb['id']}/{s['slug']}") for wb in info["workbooks"] for s in wb["sheets"]]
    if not sheets:
        QMessageBox.information(window, "Import", "This Space has no sheet yet: add a workbook from a blueprint first.")
        return None
    if current:
        return current
    labels = [label for label, _ in sheets]
    label, ok = QInputDialog.getItem(window, "Import", "Import into which sheet?", labels, 0, False)
    return dict(sheets)[label] if ok else None


def import_file(window, fs, actor, space_id: str, sheet_ref: str, path: str | None = None) -> Task | None:
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "Import a file", "", IMPORT_FILTER)
        if not path:
            return None

    def work(progress, cancelled):
        return fs.import_file(actor, space_id, sheet_ref, path, progress=progress, cancelled=cancelled)

    return Task(f"Importing {Path(path).name}", work, window)


def import_summary(result: dict) -> str:
    text = (f"Imported {result['imported']:,} records into {result['sheet']}: {result['valid']:,} valid, "
            f"{result['error']:,} with errors in the sheet.")
    if result["notes"]:
        text += "\n\n" + "\n".join(f"• {n}" for n in result["notes"])
    return text


def export_sheet(window, fs, actor, space_id: str, sheet_ref: str, sheet_name: str, view: View) -> Task | None:
    path, chosen = QFileDialog.getSaveFileName(window, "Export sheet", f"{sheet_name}.csv", ";;".join(EXPORT_FILTERS))
    if not path:
        return None
    fmt = EXPORT_FILTERS.get(chosen) or Path(path).suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx", "json"):
        fmt = "csv"
    if not Path(path).suffix:
        path += f".{fmt}"

    def work(progress, cancelled):
        return {"count": fs.export(actor, space_id, sheet_ref, path, fmt, view, progress=progress), "path": path}

    return Task(f"Exporting {Path(path).name}", work, window)


def add_workbook(window, fs, actor, space_id: str) -> dict | None:
    path, _ = QFileDialog.getOpenFileName(window, "Add a workbook from a blueprint", "", "Blueprint (*.json);;All files (*)")
    if not path:
        return None
    try:
        return fs.create_workbook(actor, space_id, read_json(path, "blueprint"))
    except FlatspaceError as exc:
        QMessageBox.warning(window, "Blueprint not added", f"{Path(path).name} was refused; nothing was created.\n\n{exc}")
    return None
