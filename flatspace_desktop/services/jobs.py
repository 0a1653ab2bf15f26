"""Actions and the jobs they start, the window's and `flatspace action|jobs`: which actions a
workbook, sheet, field, document or file offers (from its config, as Flatfile mounts them),
whether each may run now (its constraints), and running one as a job: a row in the Space's
log, handed to the listener that handles DOMAIN:operation (or a built-in), with progress,
cancel and an outcome. A failing handler fails its job with its error; the Space is left as the
handler's own writes (each one transaction) left it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from ..domain.access import Can, check_write, require_admin
from ..domain.actions import Action, Situation, parse_actions, refusal
from ..domain.errors import Cancelled, FlatspaceError, InvalidInput, NotFound
from ..domain.limits import clamp_int
from ..domain.records import View
from ..storage import jobrows, recordquery, workbookrows
from .automation import Event
from .automation.builtin import BUILT_IN_SHEET, run_builtin, set_submit_settings, submit_settings

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Mounted:
    """An action where it is shown: the action, and the ids of what it is on."""
    action: Action
    workbook_id: int | None = None
    sheet: str | None = None  # WORKBOOK/slug
    field: str | None = None
    document_id: int | None = None
    file_id: int | None = None
    built_in: bool = False

    def to_dict(self, handled_by: str | None, refused: str | None) -> dict:
        a = self.action
        return {"operation": a.operation, "label": a.label, "job": a.job, "domain": a.domain, "mode": a.mode,
                "primary": a.primary, "confirm": a.confirm, "description": a.description, "tooltip": a.tooltip,
                "constraints": list(a.constraints), "inputs": [i.__dict__ | {"options": [list(o) for o in i.options]}
                                                               for i in a.inputs],
                "messages": [{"type": t, "content": c} for t, c in a.messages], "keys": list(a.keys),
                "workbookId": self.workbook_id, "sheet": self.sheet, "field": self.field,
                "documentId": self.document_id, "fileId": self.file_id, "builtIn": self.built_in,
                "handledBy": handled_by, "refused": refused}


class JobHandle:
    """What a handler reports through (Flatfile's api.jobs.ack / update / complete / fail)."""

    def __init__(self, jobs: "Jobs", job: dict, inputs: dict, progress: Progress | None, cancelled,
                 noted: Callable[[str], None] | None = None):
        self._jobs, self.id, self.input, self.subject = jobs, job["id"], inputs, job["subject"]
        self._progress, self._cancelled, self._noted = progress, cancelled, noted
        self.outcome: dict | None = None
        self.failed: dict | None = None

    @property
    def cancelled(self) -> bool:
        return bool(self._cancelled and self._cancelled())

    def ack(self, info: str | None = None, progress: int | None = None) -> None:
        self.update(progress, info)

    def update(self, progress: int | None = None, info: str | None = None) -> None:
        """Progress 0-100; raises Cancelled when the person cancelled the job (stop there)."""
        values: dict = {}
        if progress is not None:
            values["progress"] = max(0, min(100, int(progress)))
        if info is not None:
            values["info"] = str(info)
        self._jobs._set(self.id, **values)
        if self._progress and progress is not None:
            self._progress(values["progress"])
        if self._noted and info is not None:  # the job's own words on where it is, for the window
            self._noted(values["info"])
        if self.cancelled:
            raise Cancelled("the job was cancelled")

    def complete(self, outcome: dict | None = None, info: str | None = None) -> None:
        self.outcome = _outcome(outcome)
        if info is not None:
            self._jobs._set(self.id, info=str(info))

    def fail(self, outcome: dict | str | None = None, info: str | None = None) -> None:
        self.failed = _outcome({"message": outcome} if isinstance(outcome, str) else outcome)
        if info is not None:
            self._jobs._set(self.id, info=str(info))


NEXT_TYPES = ("id", "url", "download", "files", "wait", "snapshot", "retry", "view", "clearFilters")


def _outcome(raw) -> dict:
    """A listener's outcome as Flatfile's JobOutcome: texts as text, a `next` of a known type
    (another is left out, and said in the message) — a listener's mistake shows, never breaks."""
    if not isinstance(raw, dict):
        return {"message": str(raw)} if raw is not None else {}
    out = {k: v for k, v in raw.items() if k not in ("heading", "message", "buttonText", "next")}
    for key in ("heading", "message", "buttonText"):
        if raw.get(key) is not None:
            out[key] = str(raw[key])
    nxt = raw.get("next")
    if nxt is not None:
        if isinstance(nxt, dict) and nxt.get("type") in NEXT_TYPES:
            out["next"] = nxt
        else:
            out["message"] = (out.get("message", "") + f" (its next {nxt!r} is not one Flatfile knows)").strip()
    return out


class Jobs:
    def __init__(self, session):
        self.s = session

    # ---- what is offered
    def actions(self, sheet: str | None = None, workbook: int | None = None, document: int | None = None,
                file: int | None = None, selected: int = 0, selected_errors: int = 0,
                rids: list[int] | None = None) -> list[dict]:
        """The actions shown there, each with who handles it and why it is off now (or None).
        rids: the selected records of the sheet (their count and errors read here)."""
        if rids and sheet is not None:
            selected, selected_errors = len(rids), recordquery.errors_among(self.s.store(sheet), rids)
        out = []
        for m in self._mounted(sheet, workbook, document, file):
            handler = self._handled_by(m)
            out.append(m.to_dict(handler, self._refusal(m, selected, selected_errors, handler)))
        return out

    def _mounted(self, sheet=None, workbook=None, document=None, file=None) -> list[Mounted]:
        space = self.s.space
        out: list[Mounted] = []
        if document is not None:
            doc = self.s.documents.get(int(document))
            return [Mounted(a, document_id=doc["id"]) for a in parse_actions(doc.get("actions"), "document")]
        if file is not None:
            out += [Mounted(a, file_id=int(file)) for a in parse_actions(jobrows.file_actions(space, int(file)), "file")]
            return out
        if sheet is not None:
            sref = self.s.sheet(sheet)
            store = space.store(sref)
            ref = f"{sref.workbook_id}/{sref.slug}"
            for a in parse_actions(store.sheet.actions, "sheet", f"sheets[{sref.slug}].actions"):
                out.append(Mounted(a, sref.workbook_id, ref, a.keys[0] if a.domain == "field" and a.keys else None))
            for f in store.sheet.fields:
                for a in parse_actions(f.raw.get("actions"), "field", f"fields[{f.key}].actions"):
                    out.append(Mounted(a, sref.workbook_id, ref, f.key))
            out += [Mounted(a, sref.workbook_id, ref, built_in=True) for a in BUILT_IN_SHEET]
            return out
        if workbook is not None:
            row = workbookrows.get_live(space, self._workbook_id(workbook))
            if not any(s.workbook_id == row.id for s in self._visible_sheets()):
                raise NotFound(f"no workbook {workbook}")
            raw = json.loads(workbookrows.blueprint_text(space, row) or "{}")
            out += [Mounted(a, row.id) for a in parse_actions(raw.get("actions"), "workbook")]
        return out

    def _workbook_id(self, ref) -> int:
        if isinstance(ref, int) or str(ref).isdigit():
            return int(ref)
        named = [w.id for w in workbookrows.live(self.s.space) if w.name == ref]
        if not named:
            raise NotFound(f'no workbook "{ref}"')
        return named[0]

    def submit_settings(self, folder: str | None = None, fmt: str | None = None, command: str | None = None,
                        clear: bool = False) -> dict:
        """Where this computer's built-in submit puts a workbook's valid records (and the command it
        runs on them): kept on this computer, never taken from a Space. Given nothing: as it is."""
        root, sid = self.s.app.root, self.s.space.id
        if not (clear or folder or fmt or command):
            return submit_settings(root, sid)
        require_admin(self.s.actor, "set what submit does on this computer")
        if clear:
            return set_submit_settings(root, sid, None, None, None)
        now = submit_settings(root, sid)
        return set_submit_settings(root, sid, folder or now.get("folder"), fmt or now.get("format"),
                                   command or now.get("command"))

    def _visible_sheets(self):
        return [s for s in self.s.space.sheet_refs() if self.s.actor.may_see(s.workbook_id, s.id)]

    def _handled_by(self, m: Mounted) -> str | None:
        if m.built_in:
            return "built-in"
        found = self.s.app.automation.handlers(self.s.space.folder, "job:ready", self._context(m, None))
        if found:
            return found[0].listener
        return "built-in" if m.action.domain in ("workbook", "sheet") and "submit" in m.action.operation.lower() else None

    def _situation(self, m: Mounted, selected: int, selected_errors: int) -> Situation:
        refs = [m.sheet] if m.sheet else [f"{m.workbook_id}/{s.slug}" for s in self._visible_sheets()
                                          if s.workbook_id == m.workbook_id] if m.workbook_id else []
        records = errors = 0
        for ref in refs:
            c = recordquery.count(self.s.store(ref))
            records, errors = records + c["total"], errors + c["error"]
        column_readonly = False
        if m.field and m.sheet:
            f = self.s.store(m.sheet).sheet.field(m.field)
            column_readonly = f.readonly or not f.editable
        return Situation(records, errors, selected, selected_errors, column_readonly, self.s.actor.read_only)

    def _refusal(self, m: Mounted, selected: int = 0, selected_errors: int = 0,
                 handler: str | None = "") -> str | None:
        """Why it cannot run now, or None. handler: _handled_by(m) when known ("" to look it up)."""
        if self.s.actor.read_only:
            return "Your link is read-only"
        if (self._handled_by(m) if handler == "" else handler) is None:
            state = self.s.app.automation.status(self.s.space.folder)["state"]
            if state in ("off", "changed"):
                return (f"Nothing allowed here handles {m.action.job}: this Space's listeners may, once allowed "
                        "(the Listeners page, or `flatspace listeners allow SPACE`)")
            return f"Nothing on this computer handles {m.action.job}: add a listener for it"
        return refusal(m.action, self._situation(m, selected, selected_errors))

    def find(self, operation: str, sheet: str | None = None, workbook: int | None = None,
             document: int | None = None, file: int | None = None, field: str | None = None) -> Mounted:
        """An action by its operation (or job name, or label) where it is mounted."""
        mounted = self._mounted(sheet, workbook, document, file)
        for m in mounted:
            a = m.action
            if operation in (a.operation, a.job, a.label) and (field is None or m.field in (None, field)):
                return m if field is None or m.field == field else Mounted(a, m.workbook_id, m.sheet, field)
        elsewhere = sorted({m.field for m in mounted if operation in (m.action.operation, m.action.job, m.action.label)
                            and m.field})
        if elsewhere:
            raise NotFound(f'“{operation}” is an action of the {", ".join(elsewhere)} column, not of {field}')
        known = ", ".join(sorted({m.action.operation for m in mounted})) or "none"
        raise NotFound(f'no action "{operation}" there (actions: {known})')

    # ---- running
    def run(self, m: Mounted, inputs: dict | None = None, rids: list[int] | None = None, view: View = View(),
            progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
            noted: Callable[[str], None] | None = None) -> dict:
        """Run the action as a job; the finished job (status, outcome) is returned. progress
        gets its percent, noted its info text (ack and update), as the handler reports them."""
        check_write(self.s.actor, self.s.id, Can.EDIT_RECORDS)
        selected_errors = 0
        if rids and m.sheet:
            found = recordquery.fetch_rids(self.s.store(m.sheet), list(rids))
            missing = sorted(set(rids) - {r.rid for r in found})
            if missing:
                raise NotFound(f"no record {missing[0]} in {m.sheet.split('/', 1)[-1]}")
            selected_errors = sum(1 for r in found if r.n_err)
        handler = self._handled_by(m)
        why = self._refusal(m, len(rids or []), selected_errors, handler)
        if why:
            raise InvalidInput(f"“{m.action.label}” cannot run now: {why}")
        values = m.action.check_input(inputs)
        subject = {k: v for k, v in {"workbookId": m.workbook_id, "sheet": m.sheet, "field": m.field,
                                     "documentId": m.document_id, "fileId": m.file_id}.items() if v is not None}
        if m.sheet:
            subject["query"] = {"ids": list(rids or []), **({"filter": view.filter} if view.filter else {}),
                                **({"q": view.search} if view.search else {})}
        domain, _, operation = m.action.job.partition(":")
        with self.s.transaction():
            job = jobrows.create(self.s.space, domain, operation, self.s.actor.id, values, subject)
            self._set(job["id"], status="executing", started=True)
        handle = JobHandle(self, job, values, progress, cancelled, noted)
        event = Event("job:ready", self._context(m, job["id"]), {"job": m.action.job, "subject": subject},
                      self.s, handle)
        running = "the listener"
        try:
            if m.built_in or handler == "built-in":
                run_builtin(self.s, m, event, rids, view)
            else:
                for reg in self.s.app.automation.handlers(self.s.space.folder, "job:ready", event.context):
                    running = reg.listener
                    reg.handler(event)
            if handle.failed is not None:
                return self._finish(job["id"], "failed", handle.failed)
            return self._finish(job["id"], "complete", handle.outcome or {"message": f"{m.action.label}: done"})
        except Cancelled:
            return self._finish(job["id"], "canceled", {"message": f"{m.action.label} was cancelled"})
        except FlatspaceError as exc:
            return self._finish(job["id"], "failed", {"message": str(exc)})
        except Exception as exc:  # noqa: BLE001 - the listener's fault: its job says so, the Space goes on
            return self._finish(job["id"], "failed", {"message": f"{running} failed: {type(exc).__name__}: {exc}"})
        except BaseException:  # Ctrl+C, or the program ending: the job is not left "executing"
            self._finish(job["id"], "canceled", {"message": f"{m.action.label} was stopped"})
            raise

    def _finish(self, job_id: int, status: str, outcome: dict) -> dict:
        self._set(job_id, status=status, outcome=outcome, finished=True,
                  **({"progress": 100} if status == "complete" else {}))
        job = self.get(job_id)
        topic = {"complete": "job:completed", "failed": "job:failed", "canceled": "job:canceled"}[status]
        self.s.app.automation.post(self.s, topic, {"jobId": job_id, "job": job["job"], "domain": job["type"],
                                                   "operation": job["operation"], **job["subject"]})
        return job

    def _set(self, job_id: int, **values: Any) -> None:
        with self.s.transaction():
            jobrows.update(self.s.space, job_id, **values)

    def _context(self, m: Mounted, job_id: int | None) -> dict:
        sref = self.s.sheet(m.sheet) if m.sheet else None
        wb = workbookrows.get(self.s.space, m.workbook_id) if m.workbook_id else None
        return {"spaceId": self.s.space.id, "workbookId": m.workbook_id, "workbookName": wb.name if wb else None,
                "sheetId": sref.id if sref else None, "sheetSlug": sref.slug if sref else None,
                "fieldKey": m.field, "documentId": m.document_id, "fileId": m.file_id, "jobId": job_id,
                "actorId": self.s.actor.id, "job": m.action.job, "domain": m.action.job.split(":")[0],
                "operation": m.action.operation}

    def set_file_actions(self, file_id: int, actions: list[dict]) -> list[dict]:
        """The actions shown on a file (Flatfile mounts them on the file, often from a listener
        on file:created): checked as actions are, kept with the file."""
        self.s.files.info(file_id)  # a file the person may see
        parse_actions(actions, "file")
        with self.s.write("file.actions", {"file": int(file_id)}):
            jobrows.set_file_actions(self.s.space, int(file_id), actions)
        return actions

    # ---- the log
    def list(self, limit: int = 100) -> list[dict]:
        if limit < 0:
            raise InvalidInput("a limit is 0 or more")
        return jobrows.listing(self.s.space, clamp_int(limit))  # past SQLite's range: all of them

    def get(self, job_id: int) -> dict:
        return jobrows.get(self.s.space, job_id)
