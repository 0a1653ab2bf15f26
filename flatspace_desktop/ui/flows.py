"""The window's file flows: import a file into a sheet, export a sheet, export and import a
whole Space, add a workbook from a blueprint. Each asks what it needs, runs through the service, and reports plainly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..domain.errors import FlatspaceError
from ..domain.jsonfile import read_json
from ..domain.records import View
from .tasks import Task



def import_filter() -> str:
    """The Open dialog's filters, from the registered readers (a new format appears in them)."""
    from ..readers import REGISTRY

    readers = list(REGISTRY.values())
    every = " ".join(f"*{ext}" for r in readers for ext in r.extensions)
    each = ";;".join(f"{r.label} ({' '.join('*' + e for e in r.extensions)})" for r in readers)
    return f"Data files ({every});;{each};;All files (*)"


EXPORT_FILTERS = {"CSV (*.csv)": "csv", "Excel workbook (*.xlsx)": "xlsx", "Flatfile records JSON (*.json)": "json"}


def upload(window, fs, actor, space_id: str, paths: list[str]) -> tuple[list[dict], list[str]]:
    """Copy files into the Space; returns (uploaded, refusals with their reasons)."""
    from .files.files_view import local_files

    files, refused = local_files(paths)
    uploaded = []
    for path in files:
        try:
            uploaded.append(fs.open(actor, space_id).files.upload(path))
        except FlatspaceError as exc:
            refused.append(str(exc))
    return uploaded, refused


def import_stored(window, fs, actor, space_id: str, file_id: int, dialog) -> Task:
    sheet, mapping, options, remember = (dialog.result_sheet, dialog.result_mapping, dialog.result_options,
                                         dialog.result_remember)

    # What a column's values leave open (07/01/1967, 1,234) is read as this computer writes it.
    options = {"locale": QLocale.system().name(), **options}

    def work(progress, cancelled):
        return fs.open(actor, space_id).files.import_file(file_id, sheet, mapping=mapping, remember=remember,
                                                          progress=progress, cancelled=cancelled, **options)

    name = fs.open(actor, space_id).files.info(file_id)["name"]
    return Task(f"Importing {name}", work, window)


def import_summary(result: dict, sheet_name: str) -> str:
    """The result in words; the sheet by the name the person sees, not its slug."""
    text = (f"Imported {result['imported']:,} records into {sheet_name}. The sheet now holds "
            f"{result['total']:,} records: {result['valid']:,} valid, {result['error']:,} with errors.")
    if result["notes"]:
        text += "\n\n" + "\n".join(f"• {n}" for n in result["notes"])
    if result.get("recipe"):
        text += "\n\nThen prepared (each step undoes with Ctrl+Z):\n" + "\n".join(
            f"• {r['label']}: {r.get('records', r.get('removed', 0)):,} records" for r in result["recipe"])
    # An import is not an undo step (it can be a million records): the snapshot before it is.
    return text + "\n\nTo take the import back, restore the snapshot taken before it (Space ▸ Timeline)."


def ask_sheet_file(window, title: str, sheet_name: str) -> tuple[str, str] | None:
    """(path, format) of the file a sheet's records are to be written to, as the person picks."""
    path, chosen = QFileDialog.getSaveFileName(window, title, f"{sheet_name}.csv", ";;".join(EXPORT_FILTERS))
    if not path:
        return None
    fmt = EXPORT_FILTERS.get(chosen) or Path(path).suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx", "json"):
        fmt = "csv"
    if not Path(path).suffix:
        path += f".{fmt}"
    return path, fmt


def export_sheet(window, fs, actor, space_id: str, sheet_ref: str, sheet_name: str, view: View) -> Task | None:
    picked = ask_sheet_file(window, "Export sheet", sheet_name)
    if picked is None:
        return None
    path, fmt = picked

    def work(progress, cancelled):
        return {"count": fs.open(actor, space_id).records.export(sheet_ref, path, fmt, view, progress=progress), "path": path}

    return Task(f"Exporting {Path(path).name}", work, window)


WORKBOOK_FILTERS = {"Excel workbook, a worksheet per sheet (*.xlsx)": "xlsx",
                    "Flatfile records JSON, by sheet (*.json)": "json", "ZIP of CSV files, one per sheet (*.zip)": "csv"}


def export_workbook(window, fs, actor, space_id: str, workbook: dict) -> Task | None:
    path, chosen = QFileDialog.getSaveFileName(window, "Export workbook", f"{workbook['name']}.xlsx",
                                               ";;".join(WORKBOOK_FILTERS))
    if not path:
        return None
    fmt = WORKBOOK_FILTERS.get(chosen) or {".xlsx": "xlsx", ".json": "json", ".zip": "csv"}.get(
        Path(path).suffix.lower(), "xlsx")
    if not Path(path).suffix:
        path += {"xlsx": ".xlsx", "json": ".json", "csv": ".zip"}[fmt]

    def work(progress, cancelled):
        return {"count": fs.open(actor, space_id).workbooks.export(workbook["id"], path, fmt, progress=progress),
                "path": path}

    return Task(f"Exporting {Path(path).name}", work, window)


def add_workbook(window, fs, actor, space_id: str) -> dict | None:
    path, _ = QFileDialog.getOpenFileName(window, "Add a workbook from a blueprint", "", "Blueprint (*.json);;All files (*)")
    if not path:
        return None
    try:
        return fs.open(actor, space_id).workbooks.create(read_json(path, "blueprint"))
    except FlatspaceError as exc:
        QMessageBox.warning(window, "Blueprint not added", f"{Path(path).name} was refused; nothing was created.\n\n{exc}")
    return None


def import_summary_box(parent, result: dict, sheet_name: str) -> bool:
    """The import's result in a box; True when the person asks to see the invalid records."""
    box = QMessageBox(QMessageBox.Information, "Import finished", import_summary(result, sheet_name), parent=parent)
    show = box.addButton("Show errors", QMessageBox.ActionRole) if result["error"] else None
    box.addButton(QMessageBox.Ok)
    box.exec()
    return show is not None and box.clickedButton() is show


def export_space(parent, fs, actor, space_id: str, name: str) -> str | None:
    """Write the whole Space to a .flatspace file the person names; what was done, or None."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export Space", f"{name}.flatspace", "Flatspace Space (*.flatspace)")
    if not path:
        return None
    if not path.endswith(".flatspace"):
        path += ".flatspace"
    try:
        result = fs.open(actor, space_id).export(path)
    except FlatspaceError as exc:
        QMessageBox.warning(parent, "Not exported", str(exc))
        return None
    return f"Exported the Space to {path} ({result['bytes']:,} bytes)"


def import_space(parent, fs, actor, path: str | None = None) -> dict | None:
    """Add the Space held in a .flatspace file (asked for when not given); its info, or None."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, "Import a Space", "", "Flatspace Space (*.flatspace)")
        if not path:
            return None
    try:
        info = fs.import_space(actor, path)
    except FlatspaceError as exc:
        QMessageBox.warning(parent, "Space not imported", f"{exc}\n\nNothing was added.")
        return None
    if info.get("guestLinksOff"):
        QMessageBox.information(parent, "Space imported", guest_links_off(info))
    return info


def guest_links_off(info: dict) -> str:
    n = info["guestLinksOff"]
    return (f"{info['name']} came with {n} guest link{'s' if n != 1 else ''}. They were switched off: "
            "whoever holds them cannot open this copy. Give new links under Users (New link…).")
