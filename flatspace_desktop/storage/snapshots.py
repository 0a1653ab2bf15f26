"""Snapshots as stored: taking one (a new history epoch and the record ids each sheet has
reached), what changed since one, putting a Space, workbook or sheet back as it was, dropping
and pruning them, and the retention policy. The caller holds the transaction."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from ..domain.clock import now, now_iso
from . import history as H
from .dialect import of
from .models import get_or_refuse
from .rules import q

RETENTION_DEFAULT = {"keepAllHours": 24, "dailyDays": 30, "weeklyWeeks": 26}
# Ten years each: beyond that a policy keeps everything anyway, and far beyond it the ages
# compared in prune overflow (timedelta ends at 999,999,999 days).
RETENTION_MAX = {"keepAllHours": 87_600, "dailyDays": 3_650, "weeklyWeeks": 520}


def take(space, actor_id: str, kind: str, reason: str = "", label: str = ""):
    """A new epoch, and the record ids each sheet has reached; returns the snapshot's row."""
    db = space.db
    last = db.execute_sql("SELECT max(epoch) FROM snapshot").fetchone()[0] or 0
    epoch = max(last, H.current_epoch(db)) + 1
    row = space.m.Snapshot.create(epoch=epoch, label=label, kind=kind, reason=reason, created_at=now_iso(),
                                  created_by=actor_id, bases=json.dumps(H.bases(db)))
    db.execute_sql("UPDATE history_state SET epoch = ?", (epoch,))
    return row


def get(space, snapshot_id: int):
    return get_or_refuse(space.m.Snapshot, snapshot_id, "snapshot")


def changes_since(space, snap) -> dict:
    bases = json.loads(snap.bases)
    meta = H.meta_changes(space.db, snap.epoch)
    sheets_then = {rid: old for t, rid, ex, old in meta if t == "sheet"}
    workbooks = []
    W = space.m.Workbook
    for wb in W.select().order_by(W.position):
        wb_meta = next(((ex, old) for t, rid, ex, old in meta if t == "workbook" and rid == wb.id), None)
        existed = wb_meta is None or bool(wb_meta[0])
        deleted_then = wb_meta[1].get("deleted_at") if wb_meta and wb_meta[1] else wb.deleted_at
        if wb.deleted_at and (not existed or deleted_then):
            continue  # gone then and now: nothing to tell
        entry = {"id": wb.id, "name": wb.name, "state": ("created" if not existed else "deleted" if wb.deleted_at
                                                          else "restored" if deleted_then else "kept"),
                 "sheets": []}
        for slug, store in space.stores(wb.id).items():
            summary = H.summarize(store, snap.epoch, bases.get(str(store.sid), 0))
            summary["schema"] = _schema_diff(store, sheets_then.get(store.sid))
            entry["sheets"].append({"slug": slug, "name": store.sheet.name, **summary})
        workbooks.append(entry)
    space_old = next((old for t, _r, _e, old in meta if t == "space"), None)
    row = space.row()
    space_changes = sorted(k for k in ("name", "labels", "metadata", "theme", "guest_authentication")
                           if space_old and space_old.get(k) != getattr(row, k))
    files = [{"id": rid, "change": "added" if not ex else "changed"} for t, rid, ex, old in meta if t == "file"]
    documents = [{"id": rid, "change": "added" if not ex else "changed", "title": (old or {}).get("title")}
                 for t, rid, ex, old in meta if t == "document"]
    return {"workbooks": workbooks, "space": space_changes, "files": files, "documents": documents,
            "theme": "theme" in space_changes, "metadata": "metadata" in space_changes}


def _schema_diff(store, old_config: dict | None) -> dict:
    if not old_config:
        return {"added": [], "removed": [], "changed": []}
    then = {f["key"]: f for f in json.loads(old_config["config"]).get("fields", [])}
    now_fields = {f["key"]: f for f in store.sheet.raw.get("fields", [])}
    return {"added": sorted(set(now_fields) - set(then)), "removed": sorted(set(then) - set(now_fields)),
            "changed": sorted(k for k in set(then) & set(now_fields) if then[k] != now_fields[k])}


def restore_records(store, epoch: int, base: int, created: bool, updated: bool, deleted: bool,
                     author: str) -> dict:
    ch = H.record_changes(store, epoch, base, deleted=False, created_ids=False)
    done = {"created": 0, "updated": 0, "deleted": 0}
    whole_sheet = False  # set when rules must run once over the sheet at the end
    if created:
        above = store.delete_above(base)  # ids handed out after the snapshot: one range
        others = ch["created"]  # records put back under old ids since the snapshot
        done["created"] = above + (store.delete_rows(others, revalidate=False) if others else 0)
        whole_sheet = bool(done["created"])
    if updated and ch["updated"]:
        current = H._values(store, list(ch["updated"]))
        # Only the fields that changed: rules over untouched fields need no second look.
        back = {rid: {k: v for k, v in old.items() if current.get(rid, {}).get(k) != v}
                for rid, old in ch["updated"].items()}
        back = {rid: cells for rid, cells in back.items() if cells}
        if back:
            store.update_cells(back, author)
        done["updated"] = len(back)
    if deleted:
        store._begin_scope()
        done["deleted"] = H.put_back(store, epoch, base, author)  # finds the deleted rows itself, in SQL
        whole_sheet = whole_sheet or bool(done["deleted"])
    if whole_sheet:
        store.revalidate_all()  # cross-record rules, and the error counts of rows put back
    return done


def restore_meta(space, epoch: int, workbook_id: int | None) -> None:
    db = space.db
    changes = H.meta_changes(db, epoch)
    sheets_of = {}
    if workbook_id is not None:
        sheets_of = {r[0] for r in db.execute_sql("SELECT id FROM sheet WHERE workbook_id = ?", (workbook_id,))}
        for t, rid, ex, old in changes:  # sheets that belonged to it at the snapshot
            if t == "sheet" and old and old.get("workbook_id") == workbook_id:
                sheets_of.add(rid)
    order = {t: i for i, t in enumerate(H.META_TABLES)}  # parents before children
    for t, rid, existed, old in sorted(changes, key=lambda c: order[c[0]]):
        if workbook_id is not None:
            mine = ((t == "workbook" and rid == workbook_id) or (t == "sheet" and rid in sheets_of)
                    or (t == "field" and (old or {}).get("sheet_id", _field_sheet(db, rid)) in sheets_of))
            if not mine:
                continue
        if t == "space":
            keep = {k: v for k, v in old.items() if k not in H.UNVERSIONED["space"]}
            sets = ", ".join(f'"{k}" = ?' for k in keep)
            db.execute_sql(f"UPDATE space SET {sets} WHERE rowid = ?", (*keep.values(), rid))
        elif not existed:
            if t == "workbook":  # created since: set aside, so undoing this restore brings it back
                db.execute_sql("UPDATE workbook SET deleted_at = ? WHERE id = ?", (now_iso(), rid))
            elif t in ("field", "file", "document"):
                db.execute_sql(f"DELETE FROM {t} WHERE {space.d.row_id(t)} = ?", (rid,))
        else:
            _put_row(db, t, rid, old)


def drop(space, row) -> None:
    S = space.m.Snapshot
    prev = S.select().where(S.epoch < row.epoch).order_by(S.epoch.desc()).first()
    sheet_ids = [r[0] for r in space.db.execute_sql("SELECT id FROM sheet")]
    H.merge_epoch(space.db, row.epoch, prev.epoch if prev else None, sheet_ids)
    if H.current_epoch(space.db) == row.epoch:
        space.db.execute_sql("UPDATE history_state SET epoch = ?", (prev.epoch if prev else 0,))
    S.delete().where(S.id == row.id).execute()


def prune(space) -> None:
    """Automatic snapshots: all of the last day, then one a day, then one a week; manual ones stay."""
    rules = policy(space)
    t = now()
    S = space.m.Snapshot
    kept_days, kept_weeks = set(), set()
    for row in S.select().where(S.kind == "automatic").order_by(S.epoch.desc()):
        at = datetime.fromisoformat(row.created_at.replace("Z", "+00:00"))
        age = t - at
        if age <= timedelta(hours=rules["keepAllHours"]):
            continue
        day, week = at.date(), tuple(at.isocalendar()[:2])
        if age <= timedelta(days=rules["dailyDays"]) and day not in kept_days:
            kept_days.add(day)
            continue
        if age <= timedelta(weeks=rules["weeklyWeeks"]) and week not in kept_weeks and age > timedelta(
                days=rules["dailyDays"]):
            kept_weeks.add(week)
            continue
        drop(space, row)


def policy(space) -> dict:
    """The stored policy, with values out of range (saved before they were checked) brought
    back into it, so that no stored value can stop the imports that prune."""
    raw = space.db.execute_sql("SELECT retention FROM history_state").fetchone()[0]
    try:
        stored = json.loads(raw or "{}")
    except ValueError:
        stored = {}
    policy = dict(RETENTION_DEFAULT)
    for k, v in (stored if isinstance(stored, dict) else {}).items():
        if k in policy and isinstance(v, int) and not isinstance(v, bool):
            policy[k] = min(max(v, 0), RETENTION_MAX[k])
    return policy


def _put_row(db, table: str, rowid: int, values: dict) -> None:
    """Back to its old values; UPDATE when the row is there (REPLACE would cascade-delete children)."""
    cols = list(values)
    key = of(db).row_id(table)
    if db.execute_sql(f"SELECT 1 FROM {table} WHERE {key} = ?", (rowid,)).fetchone():
        sets = ", ".join(f"{q(c)} = ?" for c in cols)
        db.execute_sql(f"UPDATE {table} SET {sets} WHERE {key} = ?", (*[values[c] for c in cols], rowid))
    else:
        db.execute_sql(f"INSERT INTO {table} ({', '.join(q(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})",
                       [values[c] for c in cols])


def _field_sheet(db, field_id: int):
    row = db.execute_sql("SELECT sheet_id FROM field WHERE id = ?", (field_id,)).fetchone()
    return row[0] if row else None


def newest_first(space) -> list:
    S = space.m.Snapshot
    return list(S.select().order_by(S.epoch.desc()))


def relabel(space, snapshot_id: int, label: str) -> None:
    S = space.m.Snapshot
    S.update(label=label).where(S.id == snapshot_id).execute()


def set_policy(space, policy: dict) -> None:
    space.db.execute_sql("UPDATE history_state SET retention = ?", (json.dumps(policy),))


def changed_records(space, snap, sheet: str, kind: str, limit: int) -> list[dict]:
    """The records of a sheet a restore to `snap` would touch: created since (to remove),
    updated (to revert: old and current values) or deleted (to bring back)."""
    store = space.store(space.resolve_sheet(sheet))
    ch = H.record_changes(store, snap.epoch, json.loads(snap.bases).get(str(store.sid), 0))
    if kind == "created":
        rids = ch["created"][:limit]
        current = H._values(store, rids)
        return [{"id": r, "now": current.get(r, {})} for r in rids]
    if kind == "deleted":
        return [{"id": r, "then": old} for r, old in list(ch["deleted"].items())[:limit]]
    rids = list(ch["updated"])[:limit]
    current = H._values(store, rids)
    return [{"id": r, "then": ch["updated"][r], "now": current.get(r, {})} for r in rids]
