"""Running an action from the window as Flatfile does: off when its constraints say so (the
reason is its tooltip), a confirmation first where it asks (or its input form, which is one),
then the job in the background with its progress and a Cancel, then its outcome: heading,
message, and where `next` leads (a sheet, a document, a file, a snapshot, a web page)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QMessageBox

from ...domain.errors import FlatspaceError
from ...domain.records import View
from ..flows import ask_sheet_file
from ..tasks import Task
from .input_form import InputForm


def _bars():
    from .action_bar import ActionBar  # here: action_bar imports this module

    return ActionBar


def run_action(window, open_session, a: dict, rids: list[int] | None = None, view: View = View(),
               done=None) -> None:
    """a: an action as the service lists it; open_session() gives the person's session. Its
    mode decides what stays usable while it runs: nothing of the Space (foreground), all but the
    actions (toolbarBlocking), everything (background)."""
    if a.get("refused"):
        window.status.showMessage(f"{a['label']}: {a['refused']}", 8000)
        return
    if getattr(window, "task", None) is not None:
        window.status.showMessage(f"{window.task.title} first: wait for it to finish", 6000)
        return
    try:
        mounted = open_session().jobs.find(a["operation"], sheet=a["sheet"],
                                           workbook=None if a["sheet"] else a["workbookId"],
                                           document=a["documentId"], file=a["fileId"], field=a["field"])
    except FlatspaceError as exc:
        QMessageBox.warning(window, a["label"], str(exc))
        return
    inputs: dict = {}
    if mounted.built_in and mounted.action.operation == "downloadFiltered":  # a file to save: the system's dialog
        picked = ask_sheet_file(window, a["label"], mounted.sheet.split("/", 1)[-1])
        if picked is None:
            return
        inputs = dict(zip(("path", "format"), picked))
    elif mounted.action.inputs:
        form = InputForm(mounted.action, window)
        if form.exec() != QDialog.Accepted:
            return
        inputs = form.values
    elif a["confirm"] and not _confirmed(window, a):
        return
    task = Task(a["label"], lambda progress, cancelled: open_session().jobs.run(
        mounted, inputs, rids, view, progress=progress, cancelled=cancelled, noted=task.noted.emit), window)
    _say_while_running(window.status, task, a["label"])
    window.start_task(task, lambda job: show_outcome(window, job, done, a["label"]))
    window.status.busy(a["label"], 100)  # a job reports percent
    if a["mode"] != "foreground" and window.pane:  # Flatfile's modes: the Space stays usable meanwhile,
        window.pane.setEnabled(True)  # all of it (background) or all but its actions (toolbarBlocking)
        if a["mode"] == "toolbarBlocking":
            bars = [b for b in window.pane.findChildren(_bars()) if b.isEnabled()]
            for b in bars:
                b.setEnabled(False)
            task.finished.connect(lambda: [b.setEnabled(True) for b in bars])


def _confirmed(window, a: dict) -> bool:
    """The question first, its answer button named for the action; a delete's default is Cancel."""
    box = QMessageBox(QMessageBox.Question, a["label"], a.get("description") or f"Run “{a['label']}”?",
                      QMessageBox.Cancel, window)
    box.setObjectName("action-confirm")
    go = box.addButton(a["label"], QMessageBox.AcceptRole)
    box.setDefaultButton(box.button(QMessageBox.Cancel) if a["operation"].lower().startswith("delete") else go)
    box.exec()
    return box.clickedButton() is go


def _say_while_running(status, task, label: str) -> None:
    """The job's info (ack, update) as the status bar's message while it runs, gone with it."""
    said = []
    task.noted.connect(lambda text: (said.append(f"{label}: {text}"), status.showMessage(said[-1])))
    task.finished.connect(lambda: status.clearMessage() if said and status.currentMessage() == said[-1] else None)


def show_outcome(window, job: dict, done=None, label: str | None = None) -> None:
    outcome = job.get("outcome") or {}
    ok = job["status"] == "complete"
    box = QMessageBox(QMessageBox.Information if ok else QMessageBox.Warning,
                      str(outcome.get("heading") or label or job["job"]), "", QMessageBox.Ok, window)
    box.setObjectName("job-outcome")
    heading = outcome.get("heading") or ({"complete": "Done", "failed": "Failed", "canceled": "Cancelled"}
                                         .get(job["status"], job["status"]))
    box.setText(str(heading))
    box.setInformativeText(str(outcome.get("message") or job.get("info") or ""))
    nxt = outcome.get("next") if isinstance(outcome.get("next"), dict) else None
    go = box.addButton(str(nxt.get("label") or _next_label(nxt)), QMessageBox.ActionRole) if nxt and _next_label(nxt) \
        else None
    if done:
        done(job)
    box.exec()
    if go is not None and box.clickedButton() is go:
        follow(window, nxt)


def _next_label(nxt: dict) -> str | None:
    return {"url": "Open", "download": "Open", "id": "Show", "snapshot": "Open the timeline", "view": "Show",
            "files": "Show the files"}.get(nxt.get("type"))


def follow(window, nxt: dict) -> None:
    """Go where a job's outcome says next."""
    kind, pane = nxt.get("type"), window.pane
    if kind in ("url", "download") and nxt.get("url"):
        QDesktopServices.openUrl(QUrl(nxt["url"]))
    elif kind in ("id", "view") and pane:
        target = str(nxt.get("id") or nxt.get("sheetId"))
        for s in (s for wb in pane.info.get("workbooks", []) for s in wb["sheets"]):
            if str(s.get("id")) == target:
                pane.select_key(("sheet", next(w["id"] for w in pane.info["workbooks"] if s in w["sheets"]), s["slug"]))
                view = pane.current_sheet()
                hidden = nxt.get("hiddenColumns") or [] if kind == "view" else []
                for key in (k for k in hidden if view is not None and k in view.model.keys):
                    view.table.horizontalHeader().hideSection(view.model.keys.index(key))  # Flatfile's view
                return
        pane.select_key(("document", int(target))) if target.isdigit() else None
    elif kind == "files" and pane:
        files = nxt.get("files") or []
        pane.show_files(select=int(files[0]["fileId"]) if files and str(files[0].get("fileId")).isdigit() else None)
    elif kind == "snapshot":
        window.timeline("")
