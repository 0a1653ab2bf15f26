"""Workbooks, their sheets and fields as stored: creating one with its record tables, the
live ones in order, renaming, labels, setting aside, and fields added by an import."""

from __future__ import annotations

import json

from ..domain.blueprint import BlueprintDef, slugify
from ..domain.clock import now_iso
from ..domain.errors import InvalidInput, NotFound
from ..domain.limits import check_fields
from . import history, serverguests
from .models import get_or_refuse


def create(space, bp: BlueprintDef, blueprint: dict, actor_id: str) -> int:
    """A workbook, its sheets and fields, and a record table per sheet, versioned from the
    start (the caller holds the transaction). Returns the workbook's id."""
    W, S, F = space.m.Workbook, space.m.Sheet, space.m.Field
    now = now_iso()
    position = W.select().count() + 1  # deleted ones keep their places, for a restore
    wb = W.create(name=bp.name, labels=json.dumps(bp.labels), position=position,
                  blueprint=json.dumps(blueprint, ensure_ascii=False), created_at=now, updated_at=now,
                  created_by=actor_id)
    for i, sheet in enumerate(bp.sheets):
        row = S.create(workbook=wb.id, name=sheet.name, slug=sheet.slug, position=i,
                       config=json.dumps(sheet.raw, ensure_ascii=False))
        for j, f in enumerate(sheet.fields):
            F.create(sheet=row.id, key=f.key, col=f"f{j + 1}", position=j)
    space.forget_schema()
    stores = space.stores(wb.id)
    for store in stores.values():
        store.create_tables()
    for store in stores.values():
        store.create_indexes()
        history.install_record_triggers(store)
    if space.d.server:
        serverguests.secure(space.db)  # a Team Space's guests whose grant reaches them read them
    return wb.id


def live(space) -> list:
    """The workbooks not set aside, in their order (rows: id, name, labels, created_at, blueprint)."""
    W = space.m.Workbook
    return list(W.select().where(W.deleted_at.is_null()).order_by(W.position))


def blueprint_text(space, wb) -> str:
    """A workbook's blueprint as stored; on a guest's own connection to a Team Space, the part
    its grant reaches, as the server cuts it."""
    if space.as_guest:
        row = space.db.execute_sql("SELECT guest_blueprint(?)", (wb.id,)).fetchone()
        return row[0] if row and row[0] else "{}"
    return wb.blueprint


def all_in_order(space) -> list:
    """Every workbook, set-aside ones too, in their order."""
    W = space.m.Workbook
    return list(W.select().order_by(W.position))


def get(space, workbook_id: int):
    """A workbook's row, set aside or not, or None."""
    W = space.m.Workbook
    return W.get_or_none(W.id == workbook_id)


def get_any(space, workbook_id: int):
    """A workbook's row, set aside or not, or NotFound."""
    return get_or_refuse(space.m.Workbook, workbook_id, "workbook")


def get_live(space, workbook_id: int):
    W = space.m.Workbook
    row = W.get_or_none((W.id == workbook_id) & W.deleted_at.is_null())
    if row is None:
        raise NotFound(f"no workbook {workbook_id}")
    return row


def update(space, workbook_id: int, **values) -> None:
    W = space.m.Workbook
    W.update(**values, updated_at=now_iso()).where(W.id == workbook_id).execute()


def set_aside(space, workbook_id: int) -> None:
    W = space.m.Workbook
    W.update(deleted_at=now_iso()).where(W.id == workbook_id).execute()
    space.forget_schema()


def sheet_ids(space, workbook_id: int | None = None) -> list[int]:
    """The ids of a workbook's sheets (every sheet's, given None), set-aside workbooks' too."""
    S = space.m.Sheet
    q = S.select(S.id)
    if workbook_id is not None:
        q = q.where(S.workbook == workbook_id)
    return [r.id for r in q]


def add_text_fields(space, sref, headers: list[str], wanted: list[str], columns: dict) -> object:
    """New text fields for the file columns `wanted` (of `headers`), mapped into `columns`
    (header -> key); their columns added to the record table and versioned. Returns the
    sheet's new store (the caller holds the transaction)."""
    S, W, F = space.m.Sheet, space.m.Workbook, space.m.Field
    store = space.store(sref)
    sheet_row, wb = S.get_by_id(sref.id), W.get_by_id(sref.workbook_id)
    config, blueprint = json.loads(sheet_row.config), json.loads(wb.blueprint)
    bp_sheet = next(s for s in blueprint["sheets"] if (s.get("slug") or slugify(s["name"])) == sref.slug)
    used_cols = {int(c[1:]) for c in history.physical_columns(store)}  # incl. columns of removed fields
    check_fields(len(used_cols) + len(wanted), f"{sref.slug} with the added columns")
    for header in wanted:
        if header not in headers:
            raise InvalidInput(f'the mapping adds "{header}", which is not a column of the file')
        key = base = slugify(header).replace("-", "_") or "field"
        n = 2
        while key in store.cols:
            key, n = f"{base}_{n}", n + 1
        col = f"f{max(used_cols, default=0) + 1}"
        used_cols.add(int(col[1:]))
        F.create(sheet=sref.id, key=key, col=col, position=len(store.cols))
        store.add_column(col)
        definition = {"key": key, "type": "string", "label": header}
        config["fields"].append(definition)
        bp_sheet["fields"].append(definition)
        columns[header] = key
        store.cols[key] = col
    S.update(config=json.dumps(config, ensure_ascii=False)).where(S.id == sref.id).execute()
    W.update(blueprint=json.dumps(blueprint, ensure_ascii=False), updated_at=now_iso()).where(
        W.id == sref.workbook_id).execute()
    space.forget_schema()
    store = space.store(sref)
    history.install_record_triggers(store)  # the new columns are versioned too
    return store
