"""The Space's jobs (what actions started) and the actions put on its files, as rows. Every
function runs inside the caller's transaction."""

from __future__ import annotations

import json
from typing import Any

from ..domain.clock import now_iso
from ..domain.errors import NotFound

def job_dict(row) -> dict:
    return {"id": row.id, "type": row.type, "operation": row.operation, "job": f"{row.type}:{row.operation}",
            "status": row.status, "progress": row.progress, "info": row.info, "input": json.loads(row.input),
            "subject": json.loads(row.subject), "outcome": json.loads(row.outcome) if row.outcome else None,
            "createdBy": row.created_by, "createdAt": row.created_at, "startedAt": row.started_at,
            "finishedAt": row.finished_at}


def create(space, kind: str, operation: str, actor_id: str, input: dict, subject: dict) -> dict:
    row = space.m.Job.create(type=kind, operation=operation, status="ready", input=json.dumps(input, default=str),
                             subject=json.dumps(subject, default=str), created_by=actor_id, created_at=now_iso())
    return job_dict(row)


def get(space, job_id: int) -> dict:
    row = space.m.Job.get_or_none(space.m.Job.id == int(job_id))
    if row is None:
        raise NotFound(f"no job {job_id}")
    return job_dict(row)


def update(space, job_id: int, **values: Any) -> None:
    """status, progress, info, outcome (a dict), started/finished (True: now)."""
    J = space.m.Job
    changes: dict = {}
    for key in ("status", "progress", "info"):
        if key in values:
            changes[key] = values[key]
    if "outcome" in values:
        changes["outcome"] = json.dumps(values["outcome"], default=str) if values["outcome"] is not None else None
    if values.get("started"):
        changes["started_at"] = now_iso()
    if values.get("finished"):
        changes["finished_at"] = now_iso()
    if changes:
        J.update(**changes).where(J.id == int(job_id)).execute()


def listing(space, limit: int = 100) -> list[dict]:
    J = space.m.Job
    return [job_dict(r) for r in J.select().order_by(J.id.desc()).limit(limit)]


def file_actions(space, file_id: int) -> list[dict]:
    row = space.m.FileActions.get_or_none(space.m.FileActions.file_id == int(file_id))
    return json.loads(row.actions) if row else []


def set_file_actions(space, file_id: int, actions: list[dict]) -> None:
    F = space.m.FileActions
    F.insert(file_id=int(file_id), actions=json.dumps(actions)).on_conflict(
        conflict_target=[F.file_id], update={F.actions: json.dumps(actions)}).execute()
