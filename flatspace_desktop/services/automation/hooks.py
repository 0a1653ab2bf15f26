"""Record hooks (Flatfile's bulkRecordHook) run where records come in or change: on import, on
add and on edit, in batches, inside the same write. What a hook sets is written as its own
(updated_by "hook:NAME", and an activity row naming it), what it says is kept as its messages on
those records (replacing what it said there before). A hook that raises changes nothing of its
batch; its error is kept in the activity log and returned, and the write it followed stands."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from ...storage import hookmessages, recordquery, spacerow
from ..checks import plural
from .registry import Event, HookRecord


def run_hooks(s, store, rids: Sequence[int] | Callable[[], Sequence[int]],
              topic: str, says_only: bool = False) -> tuple[dict[int, dict[str, Any]], list[str]]:
    """Run the sheet's record hooks on `rids` (or what calling it gives: read only when there is
    a hook): (the cells they changed, {rid: {key: value}}; the problems, one line each). Inside
    the caller's write. says_only: keep what they say, not what they set (an undo puts values
    back exactly as they were; its records get their hooks' messages back)."""
    hooks = s.app.automation.hooks(s.space.folder, store.sheet.slug)
    changed: dict[int, dict[str, Any]] = {}
    problems: list[str] = []
    if not hooks:
        return changed, problems
    rids = list(rids() if callable(rids) else rids)
    keys = set(store.cols)
    context = {"spaceId": s.space.id, "sheetId": store.sid, "sheetSlug": store.sheet.slug, "actorId": s.actor.id}
    for name, handler, size in hooks:
        done = 0
        for i in range(0, len(rids), size):
            chunk = list(rids[i:i + size])
            records = [HookRecord(r.rid, r.values, keys) for r in recordquery.fetch_rids(store, chunk)]
            try:
                handler(records, Event(topic, context, {"records": len(records)}, s))
            except Exception as exc:  # noqa: BLE001 - the listener's fault: said, its batch left as it was
                problems.append(f"record hook of {name} failed on {plural(len(chunk), 'a record', 'a batch of {n} records')}: "
                                f"{type(exc).__name__}: {exc}")
                s.app.automation.failures.append(problems[-1])  # the Listeners page lists it
                continue
            changes = {} if says_only else {r.rid: dict(r.changes) for r in records if r.changes}
            if changes:
                store.update_cells(changes, f"hook:{name}")
                for rid, cells in changes.items():
                    changed.setdefault(rid, {}).update(cells)
            hookmessages.replace(store, chunk, [(r.rid, key, kind, f"hook:{name}", text)
                                                for r in records for key, kind, text in r.messages])
            done += len(changes)
        spacerow.note_activity(s.space, f"hook:{name}", "records.hook",
                               {"sheet": store.sheet.slug, "sheetId": store.sid, "records": len(rids),
                                "changed": done, "problems": problems[-1:] if problems else []}, False)
    return changed, problems
