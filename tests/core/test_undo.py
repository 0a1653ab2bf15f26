"""Undo and redo owned by the core: per person and sheet, kept in the Space, so a step made in
one run of the window (or by one command) is undone by the next."""

import pytest

from flatspace_desktop.domain.access import local_admin
from flatspace_desktop.domain.errors import InvalidInput, NotFound
from flatspace_desktop.services.app import Flatspace

BP = {"name": "CRM", "sheets": [
    {"name": "People", "slug": "people", "fields": [
        {"key": "email", "type": "string", "label": "Email", "constraints": [{"type": "unique"}]},
        {"key": "age", "type": "number", "label": "Age"},
        {"key": "id", "type": "string", "label": "ID", "readonly": True}]},
    {"name": "Teams", "slug": "teams", "fields": [{"key": "name", "type": "string", "label": "Name"}]}]}


@pytest.fixture
def sid(fs, admin):
    info = fs.create_space(admin, "Undo")
    fs.create_workbook(admin, info["id"], BP)
    return info["id"]


def values(fs, admin, sid, sheet="people"):
    return [r.values for r in fs.records(admin, sid, sheet, limit=1000)]


def test_edit_add_delete_undo_and_redo_in_order(fs, admin, sid):
    (a,) = fs.add_records(admin, sid, "people", [{"email": "a@x.example", "age": "30"}])
    fs.update_cells(admin, sid, "people", {a: {"age": "31"}})
    fs.delete_records(admin, sid, "people", [a])
    assert [s["label"] for s in fs.undo_history(admin, sid, "people")] == ["Add record", "Edit Age", "Delete record"]
    assert fs.next_undo(admin, sid, "people")["label"] == "Delete record"

    assert fs.undo(admin, sid, "people")["label"] == "Delete record"
    assert values(fs, admin, sid) == [{"email": "a@x.example", "age": 31, "id": None}]
    fs.undo(admin, sid, "people")
    assert values(fs, admin, sid)[0]["age"] == 30
    fs.undo(admin, sid, "people")
    assert values(fs, admin, sid) == []
    with pytest.raises(NotFound, match="nothing to undo"):
        fs.undo(admin, sid, "people")

    fs.redo(admin, sid, "people")
    fs.redo(admin, sid, "people")
    assert values(fs, admin, sid) == [{"email": "a@x.example", "age": 31, "id": None}]
    assert fs.next_undo(admin, sid, "people", redo=True)["label"] == "Delete record"
    # a new step drops what was undone above it
    fs.update_cells(admin, sid, "people", {a: {"email": "b@x.example"}})
    assert fs.next_undo(admin, sid, "people", redo=True) is None
    with pytest.raises(NotFound, match="nothing to redo"):
        fs.redo(admin, sid, "people")


def test_undo_survives_a_restart(fs, admin, sid, isolated_home):
    (a,) = fs.add_records(admin, sid, "people", [{"email": "a@x.example", "age": "30"}])
    fs.update_cells(admin, sid, "people", {a: {"age": "99"}})
    fs.close()
    again = Flatspace(isolated_home)
    try:
        assert again.undo(local_admin(), sid, "people")["label"] == "Edit Age"
        assert [r.values["age"] for r in again.records(local_admin(), sid, "people")] == [30]
    finally:
        again.close()


def test_each_sheet_has_its_own_steps(fs, admin, sid):
    (p,) = fs.add_records(admin, sid, "people", [{"email": "a@x.example"}])
    (t,) = fs.add_records(admin, sid, "teams", [{"name": "Ops"}])
    fs.update_cells(admin, sid, "people", {p: {"email": "b@x.example"}})
    assert fs.undo(admin, sid, "teams")["label"] == "Add record"
    assert values(fs, admin, sid, "teams") == [] and values(fs, admin, sid)[0]["email"] == "b@x.example"
    # without a sheet: the newest step in the Space
    assert fs.undo(admin, sid)["label"] == "Edit Email"
    assert values(fs, admin, sid)[0]["email"] == "a@x.example"


def test_a_group_undoes_as_one_step_and_writes_all_or_nothing(fs, admin, sid):
    (a,) = fs.add_records(admin, sid, "people", [{"email": "a@x.example"}])
    with fs.undo_group(admin, sid, "Paste 2×1 cells"):
        fs.update_cells(admin, sid, "people", {a: {"email": "p@x.example"}})
        fs.add_records(admin, sid, "people", [{"email": "q@x.example"}])
    assert fs.next_undo(admin, sid, "people")["label"] == "Paste 2×1 cells"
    fs.undo(admin, sid, "people")
    assert [v["email"] for v in values(fs, admin, sid)] == ["a@x.example"]
    fs.redo(admin, sid, "people")
    assert [v["email"] for v in values(fs, admin, sid)] == ["p@x.example", "q@x.example"]

    with pytest.raises(InvalidInput):
        with fs.undo_group(admin, sid, "Paste"):
            fs.update_cells(admin, sid, "people", {a: {"email": "z@x.example"}})
            fs.update_cells(admin, sid, "people", {a: {"id": "refused: read-only"}})
    assert [v["email"] for v in values(fs, admin, sid)] == ["p@x.example", "q@x.example"]
    assert fs.next_undo(admin, sid, "people")["label"] == "Paste 2×1 cells"


def test_undo_that_cannot_be_written_changes_nothing_and_keeps_the_step(fs, admin, sid):
    (a, b) = fs.add_records(admin, sid, "people", [{"email": "a@x.example"}, {"email": "b@x.example"}])
    with fs.undo_group(admin, sid, "Edit two"):
        fs.update_cells(admin, sid, "people", {b: {"age": "2"}})
        fs.update_cells(admin, sid, "people", {a: {"age": "1"}})
    fs.update_space(admin, sid, guest_authentication=["shared_link"])
    link = fs.share_link(admin, sid)["link"]
    other = Flatspace(fs.root)
    try:  # someone else, in another program, deletes one of the records
        other.delete_records(other.open_link(link), sid, "people", [a])
    finally:
        other.close()
    with pytest.raises(NotFound, match=f"no record {a} in people"):
        fs.undo(admin, sid, "people")
    assert values(fs, admin, sid) == [{"email": "b@x.example", "age": 2, "id": None}]  # all or nothing
    assert fs.next_undo(admin, sid, "people")["label"] == "Edit two"  # still there to try again


def test_a_guest_has_their_own_steps(fs, admin, sid):
    (a,) = fs.add_records(admin, sid, "people", [{"email": "a@x.example"}])
    fs.update_space(admin, sid, guest_authentication=["shared_link"])
    link = fs.share_link(admin, sid)["link"]
    guest = fs.open_link(link)
    fs.update_cells(guest, sid, "people", {a: {"age": "7"}})
    assert [s["label"] for s in fs.undo_history(guest, sid, "people")] == ["Edit Age"]
    assert fs.undo(admin, sid, "people")["label"] == "Add record"  # the owner's own step, not the guest's
    with pytest.raises(NotFound):
        fs.undo(guest, sid, "people")  # the record it edited is gone


def test_restore_ends_the_steps_it_overwrites(fs, admin, sid):
    (a,) = fs.add_records(admin, sid, "people", [{"email": "a@x.example"}])
    snap = fs.take_snapshot(admin, sid, "here")
    fs.update_cells(admin, sid, "people", {a: {"age": "1"}})
    fs.restore(admin, sid, snap["id"])
    assert fs.undo_history(admin, sid, "people") == []


def test_replace_and_bulk_edits_undo(fs, admin, sid):
    rids = fs.add_records(admin, sid, "people", [{"email": f"u{i}@old.example", "age": str(i)} for i in range(12)])
    fs.replace_text(admin, sid, "people", "old.example", "new.example", field="email")
    fs.bulk_update(admin, sid, "people", "age", "0", rids=rids)
    assert [s["label"] for s in fs.undo_history(admin, sid, "people")][-2:] == [
        "Replace “old.example”", "Set Age on 12 records"]
    fs.undo(admin, sid, "people")
    fs.undo(admin, sid, "people")
    assert values(fs, admin, sid) == [{"email": f"u{i}@old.example", "age": i, "id": None} for i in range(12)]
    before = len(fs.list_snapshots(admin, sid, summaries=False))
    fs.redo(admin, sid, "people")  # 12 records at once: a snapshot first, as any bulk change
    assert len(fs.list_snapshots(admin, sid, summaries=False)) == before + 1


def test_a_space_received_as_a_file_brings_no_undo_steps(fs, admin, sid, tmp_path):
    (a,) = fs.add_records(admin, sid, "people", [{"email": "a@x.example"}])
    fs.export_space(admin, sid, tmp_path / "crm.flatspace")
    copy = fs.import_space(admin, tmp_path / "crm.flatspace")
    assert fs.undo_history(admin, copy["id"]) == []
    assert fs.undo_history(admin, sid)[0]["label"] == "Add record"
