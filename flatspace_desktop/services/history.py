"""A Space's history: snapshots by hand and automatic, the timeline with what changed since
each, restore of a Space, a workbook or a sheet (a snapshot first, in the same transaction, so
a restore can itself be undone), relabelling, deleting and pruning (storage.snapshots)."""

from __future__ import annotations

import json

from ..domain.access import require_admin
from ..domain.errors import InvalidInput
from ..storage import recipesteps, snapshots as SN, workbookrows
from ..storage.undolog import UndoLog
from . import guests

RETENTION_UNITS = {"keepAllHours": "hours", "dailyDays": "days", "weeklyWeeks": "weeks"}
MANY = 10  # deleting at least this many records at once takes a snapshot first


def snap_dict(row) -> dict:
    return {"id": row.id, "label": row.label, "kind": row.kind, "reason": row.reason,
            "createdAt": row.created_at, "createdBy": row.created_by}


class History:
    def __init__(self, session):
        self.s = session

    # ---- taking
    def take(self, label: str = "") -> dict:
        require_admin(self.s.actor, "take snapshots")
        with self.s.write("snapshot.take", {"label": label}):
            return snap_dict(SN.take(self.s.space, self.s.actor.id, "manual", "", (label or "").strip()))

    def auto(self, reason: str) -> dict:
        """An automatic snapshot before a bulk change, inside that change's write; pruned as the
        retention policy says."""
        row = SN.take(self.s.space, self.s.actor.id, "automatic", reason)
        SN.prune(self.s.space)
        return snap_dict(row)

    # ---- reading. The timeline is an admin's, as restore is: its reasons, authors and
    # summaries name every sheet, file and person of the Space, whatever a guest was granted.
    def list(self, summaries: bool = True) -> list[dict]:
        """Newest first, each with what has changed since it."""
        require_admin(self.s.actor, "read the timeline")
        out = []
        for row in SN.newest_first(self.s.space):
            item = snap_dict(row)
            item["createdByName"] = guests.who(self.s.space, row.created_by)
            if summaries:
                item["changes"] = SN.changes_since(self.s.space, row)
            out.append(item)
        return out

    def changes(self, snapshot_id: int) -> dict:
        require_admin(self.s.actor, "read the timeline")
        return SN.changes_since(self.s.space, SN.get(self.s.space, snapshot_id))

    def records(self, snapshot_id: int, sheet: str, kind: str, limit: int = 200) -> list[dict]:
        """The records a restore would touch, to look at first: kind is created (to remove),
        updated (to revert: old and current values) or deleted (to bring back)."""
        if kind not in ("created", "updated", "deleted"):
            raise InvalidInput("kind must be created, updated or deleted")
        require_admin(self.s.actor, "read the timeline")
        return SN.changed_records(self.s.space, SN.get(self.s.space, snapshot_id), sheet, kind, limit)

    # ---- restoring
    def restore(self, snapshot_id: int, workbook: int | None = None, sheet: str | None = None,
                created: bool = True, updated: bool = True, deleted: bool = True, progress=None,
                then=None, keep_undo: bool = False) -> dict:
        """Put the Space (or one workbook, or one sheet) back as it was at the snapshot.

        For records, created/updated/deleted choose which kinds of change since are reverted.
        A snapshot is taken first, in the same transaction: the restore can itself be undone.
        then(snapshot taken first): more writes to make in the restore's transaction.
        keep_undo: the sheet's undo steps and recipe stand (undo of a big step: the sheet is back
        where the steps before it were made, and nothing came after it)."""
        require_admin(self.s.actor, "restore snapshots")
        space = self.s.space
        snap = SN.get(space, snapshot_id)
        bases = json.loads(snap.bases)
        if sheet is not None:
            sref = space.resolve_sheet(sheet)
            targets, scope = [(sref.workbook_id, sref.slug)], "sheet"
        elif workbook is not None:
            workbook = workbookrows.get_any(space, int(workbook)).id  # deleted ones too
            targets, scope = [(workbook, None)], "workbook"
        else:
            targets, scope = None, "space"
        with self.s.write("snapshot.restore", {"snapshot": snapshot_id, "scope": scope}):
            before = snap_dict(SN.take(space, self.s.actor.id, "automatic", f"before restoring snapshot {snapshot_id}"))
            # Undo steps were recorded against values the restore replaces: they end here.
            sheet_ids = (None if scope == "space" else workbookrows.sheet_ids(space, int(workbook))
                         if scope == "workbook" else [sref.id])
            if not keep_undo:
                UndoLog(space).forget(sheet_ids)
                # What was prepared since is no longer in the sheets: their recipes end at the snapshot too
                recipesteps.forget_after(space, sheet_ids or [s.id for s in space.sheet_refs()], snap.created_at)
            if scope != "sheet":
                SN.restore_meta(space, snap.epoch, None if scope == "space" else int(workbook))
            space.forget_schema()
            counts = {"created": 0, "updated": 0, "deleted": 0}
            for wb in workbookrows.live(space):
                if targets and wb.id != targets[0][0]:
                    continue
                for slug, store in space.stores(wb.id).items():
                    if scope == "sheet" and slug != targets[0][1]:
                        continue
                    done = SN.restore_records(store, snap.epoch, bases.get(str(store.sid), 0),
                                              created, updated, deleted, self.s.actor.id)
                    for k in counts:
                        counts[k] += done[k]
                    if progress:
                        progress(sum(counts.values()))
            if then:
                then(before)
        return {"restored": snapshot_id, "scope": scope, "undo": before, **counts}

    # ---- managing
    def relabel(self, snapshot_id: int, label: str) -> dict:
        require_admin(self.s.actor, "label snapshots")
        SN.get(self.s.space, snapshot_id)
        with self.s.write("snapshot.relabel", {"id": snapshot_id}):
            SN.relabel(self.s.space, snapshot_id, (label or "").strip())
        return snap_dict(SN.get(self.s.space, snapshot_id))

    def delete(self, snapshot_id: int) -> None:
        require_admin(self.s.actor, "delete snapshots")
        row = SN.get(self.s.space, snapshot_id)
        with self.s.write("snapshot.delete", {"id": snapshot_id}):
            SN.drop(self.s.space, row)
        self.s.files.collect_blobs()

    def retention(self) -> dict:
        return SN.policy(self.s.space)

    def set_retention(self, **policy) -> dict:
        require_admin(self.s.actor, "change the retention of snapshots")
        for k, v in policy.items():
            if k not in SN.RETENTION_DEFAULT:
                raise InvalidInput(f"retention has no {k} (it has {', '.join(SN.RETENTION_DEFAULT)})")
            if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= SN.RETENTION_MAX[k]:
                raise InvalidInput(f"retention {k} must be a whole number of {RETENTION_UNITS[k]} from 0 to "
                                   f"{SN.RETENTION_MAX[k]:,} (ten years), not {v}")
        merged = {**self.retention(), **policy}
        with self.s.write("snapshot.retention", merged):
            SN.set_policy(self.s.space, merged)
            SN.prune(self.s.space)
        return merged
