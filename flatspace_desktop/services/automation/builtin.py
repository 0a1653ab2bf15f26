"""Built-in actions, so a blueprint works without code: Flatfile's sheet actions (delete all,
valid or invalid records; download the records in view) and a workbook's or a sheet's submit
when no listener handles it: the valid records of each sheet (or of that sheet) exported (CSV,
XLSX or JSON) to a folder, and, if this computer was told one, a command run with the files' paths."""

from __future__ import annotations

import shlex
import subprocess
from datetime import datetime
from pathlib import Path

from ...domain.actions import Action, InputField
from ...domain.errors import InvalidInput
from ...domain.records import View
from ...storage import localsettings, recordquery

FORMATS = ("csv", "xlsx", "json")
_FORMAT = InputField("format", "Format", "enum", None, "csv", tuple((f, f.upper()) for f in FORMATS), True)
BUILT_IN_SHEET = (
    Action("deleteAllRecords", "Delete all records", "sheet", confirm=True, constraints=("hasData",),
           description="Delete every record of the sheet (a snapshot is taken first; Ctrl+Z undoes it)."),
    Action("deleteValidRecords", "Delete valid records", "sheet", confirm=True, constraints=("hasData", "hasValidRecords"),
           description="Delete the records with no errors."),
    Action("deleteInvalidRecords", "Delete invalid records", "sheet", confirm=True,
           constraints=("hasData", "hasInvalidRecords"),
           description="Delete the records with errors."),
    Action("downloadFiltered", "Download the records in view", "sheet", confirm=False, constraints=("hasData",),
           inputs=(InputField("path", "Save as", "string", "The file to write", None, (), True), _FORMAT)),
)
DELETES = {"deleteAllRecords": None, "deleteValidRecords": "valid", "deleteInvalidRecords": "error"}
SUBMIT_KEY = "submit"  # this computer's settings: {space id: {folder, format, command}}


def submit_settings(root: Path, space_id: str) -> dict:
    return dict(localsettings.read(root).get(SUBMIT_KEY, {}).get(space_id, {}))


def set_submit_settings(root: Path, space_id: str, folder: str | None, fmt: str | None, command: str | None) -> dict:
    if fmt is not None and fmt not in FORMATS:
        raise InvalidInput(f"format must be one of {', '.join(FORMATS)}")
    if command:
        shlex.split(command)  # a command that cannot be split is refused now, not at submit
    every = localsettings.read(root).get(SUBMIT_KEY, {})
    mine = {k: v for k, v in {"folder": folder, "format": fmt, "command": command}.items() if v}
    every[space_id] = mine
    localsettings.write(root, SUBMIT_KEY, every)
    return mine


def run_builtin(s, m, event, rids, view: View) -> None:
    op, job = m.action.operation, event.job
    if op in DELETES:
        where = View(filter=DELETES[op]) if DELETES[op] else View()
        ids = list(recordquery.ids(s.store(m.sheet), where))
        job.ack(f"Deleting {len(ids):,} records", 10)
        gone = s.records.delete(m.sheet, ids, label=m.action.label) if ids else 0
        job.complete({"heading": m.action.label, "message": f"Deleted {_n(gone, 'record')}. Ctrl+Z puts them back."})
    elif op == "downloadFiltered":
        path, fmt = Path(job.input["path"]).expanduser(), job.input.get("format") or "csv"
        job.ack(f"Writing {path.name}", 10)
        n = s.records.export(m.sheet, path, fmt, view)
        job.complete({"heading": "Downloaded", "message": f"Wrote {_n(n, 'record')} to {path.resolve()}",
                      "next": {"type": "url", "url": path.resolve().as_uri(), "label": "Open the file"}})
    elif m.action.domain in ("workbook", "sheet") and "submit" in op.lower():
        submit(s, m, job)
    else:
        raise InvalidInput(f"nothing handles {m.action.job}")


def submit(s, m, job) -> None:
    """The valid records of the workbook (a file per sheet), or of the sheet whose action it
    is, in this computer's submit folder."""
    root = s.app.root
    settings = submit_settings(root, s.space.id)
    fmt = settings.get("format", "csv")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(settings.get("folder") or root / "submitted" / s.space.id).expanduser() / stamp
    folder.mkdir(parents=True, exist_ok=True)
    sheets = [r for r in s.space.sheet_refs() if r.workbook_id == m.workbook_id and s.actor.may_see(r.workbook_id, r.id)]
    if m.sheet:
        sheets = [s.sheet(m.sheet)]
    paths, total = [], 0
    for i, sref in enumerate(sheets, 1):
        path = folder / f"{sref.slug}.{fmt}"
        total += s.records.export(f"{sref.workbook_id}/{sref.slug}", path, fmt, View(filter="valid"))
        paths.append(str(path))
        job.update(int(80 * i / max(1, len(sheets))), f"Exported {sref.name}")
    message = f"Submitted {_n(total, 'valid record')} in {_n(len(paths), 'file')} to {folder}"
    if settings.get("command"):
        argv = shlex.split(settings["command"]) + paths
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return job.fail({"heading": "Submit failed", "message": f"{message}, but {argv[0]} did not run: {exc}"})
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip()[-500:]
            return job.fail({"heading": "Submit failed",
                             "message": f"{message}, but {argv[0]} ended with {done.returncode}: {tail}"})
        message += f"; {argv[0]} took them"
    job.complete({"heading": "Submitted", "message": message,
                  "next": {"type": "url", "url": folder.resolve().as_uri(), "label": "Open the folder"}})


def _n(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"
