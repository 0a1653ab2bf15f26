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
    fs.open(admin, info["id"]).workbooks.create(BP)
    return info["id"]


def values(fs, admin, sid, sheet="people"):
    return [r.values for r in fs.open(admin, sid).records.list(sheet, limit=1000)]


def test_edit_add_delete_undo_and_redo_in_order(fs, admin, sid):
    (a,) = fs.open(admin, sid).records.add("people", [{"email": "a@x.example", "age": "30"}])
    fs.open(admin, sid).records.update("people", {a: {"age": "31"}})
    fs.open(admin, sid).records.delete("people", [a])
    assert [s["label"] for s in fs.open(admin, sid).undo.history("people")] == ["Add record", "Edit Age", "Delete record"]
    assert fs.open(admin, sid).undo.next("people")["label"] == "Delete record"

    assert fs.open(admin, sid).undo.undo("people")["label"] == "Delete record"
    assert values(fs, admin, sid) == [{"email": "a@x.example", "age": 31, "id": None}]
    fs.open(admin, sid).undo.undo("people")
    assert values(fs, admin, sid)[0]["age"] == 30
    fs.open(admin, sid).undo.undo("people")
    assert values(fs, admin, sid) == []
    with pytest.raises(NotFound, match="nothing to undo"):
        fs.open(admin, sid).undo.undo("people")

    fs.open(admin, sid).undo.redo("people")
    fs.open(admin, sid).undo.redo("people")
    assert values(fs, admin, sid) == [{"email": "a@x.example", "age": 31, "id": None}]
    assert fs.open(admin, sid).undo.next("people", redo=True)["label"] == "Delete record"
    # a new step drops what was undone above it
    fs.open(admin, sid).records.update("people", {a: {"email": "b@x.example"}})
    assert fs.open(admin, sid).undo.next("people", redo=True) is None
    with pytest.raises(NotFound, match="nothing to redo"):
        fs.open(admin, sid).undo.redo("people")


def test_undo_survives_a_restart(fs, admin, sid, isolated_home):
    (a,) = fs.open(admin, sid).records.add("people", [{"email": "a@x.example", "age": "30"}])
    fs.open(admin, sid).records.update("people", {a: {"age": "99"}})
    fs.close()
    again = Flatspace(isolated_home)
    try:
        assert again.open(local_admin(), sid).undo.undo("people")["label"] == "Edit Age"
        assert [r.values["age"] for r in again.open(local_admin(), sid).records.list("people")] == [30]
    finally:
        again.close()


def test_each_sheet_has_its_own_steps(fs, admin, sid):
    (p,) = fs.open(admin, sid).records.add("people", [{"email": "a@x.example"}])
    (t,) = fs.open(admin, sid).records.add("teams", [{"name": "Ops"}])
    fs.open(admin, sid).records.update("people", {p: {"email": "b@x.example"}})
    assert fs.open(admin, sid).undo.undo("teams")["label"] == "Add record"
    assert values(fs, admin, sid, "teams") == [] and values(fs, admin, sid)[0]["email"] == "b@x.example"
    # without a sheet: the newest step in the Space
    assert fs.open(admin, sid).undo.undo()["label"] == "Edit Email"
    assert values(fs, admin, sid)[0]["email"] == "a@x.example"


def test_a_group_undoes_as_one_step_and_writes_all_or_nothing(fs, admin, sid):
    (a,) = fs.open(admin, sid).records.add("people", [{"email": "a@x.example"}])
    with fs.open(admin, sid).undo.group("Paste 2×1 cells"):
        fs.open(admin, sid).records.update("people", {a: {"email": "p@x.example"}})
        fs.open(admin, sid).records.add("people", [{"email": "q@x.example"}])
    assert fs.open(admin, sid).undo.next("people")["label"] == "Paste 2×1 cells"
    fs.open(admin, sid).undo.undo("people")
    assert [v["email"] for v in values(fs, admin, sid)] == ["a@x.example"]
    fs.open(admin, sid).undo.redo("people")
    assert [v["email"] for v in values(fs, admin, sid)] == ["p@x.example", "q@x.example"]

    with pytest.raises(InvalidInput):
        with fs.open(admin, sid).undo.group("Paste"):
            fs.open(admin, sid).records.update("people", {a: {"email": "z@x.example"}})
            fs.open(admin, sid).records.update("people", {a: {"id": "refused: read-only"}})
    assert [v["email"] for v in values(fs, admin, sid)] == ["p@x.example", "q@x.example"]
    assert fs.open(admin, sid).undo.next("people")["label"] == "Paste 2×1 cells"


def test_undo_that_cannot_be_written_changes_nothing_and_keeps_the_step(fs, admin, sid):
    (a, b) = fs.open(admin, sid).records.add("people", [{"email": "a@x.example"}, {"email": "b@x.example"}])
    with fs.open(admin, sid).undo.group("Edit two"):
        fs.open(admin, sid).records.update("people", {b: {"age": "2"}})
        fs.open(admin, sid).records.update("people", {a: {"age": "1"}})
    fs.open(admin, sid).update(guest_authentication=["shared_link"])
    link = fs.open(admin, sid).guests.share_link()["link"]
    other = Flatspace(fs.root)
    try:  # someone else, in another program, deletes one of the records
        other.open(other.open_link(link), sid).records.delete("people", [a])
    finally:
        other.close()
    with pytest.raises(NotFound, match=f"no record {a} in people"):
        fs.open(admin, sid).undo.undo("people")
    assert values(fs, admin, sid) == [{"email": "b@x.example", "age": 2, "id": None}]  # all or nothing
    assert fs.open(admin, sid).undo.next("people")["label"] == "Edit two"  # still there to try again


def test_a_guest_has_their_own_steps(fs, admin, sid):
    (a,) = fs.open(admin, sid).records.add("people", [{"email": "a@x.example"}])
    fs.open(admin, sid).update(guest_authentication=["shared_link"])
    link = fs.open(admin, sid).guests.share_link()["link"]
    guest = fs.open_link(link)
    fs.open(guest, sid).records.update("people", {a: {"age": "7"}})
    assert [s["label"] for s in fs.open(guest, sid).undo.history("people")] == ["Edit Age"]
    assert fs.open(admin, sid).undo.undo("people")["label"] == "Add record"  # the owner's own step, not the guest's
    with pytest.raises(NotFound):
        fs.open(guest, sid).undo.undo("people")  # the record it edited is gone


def test_restore_ends_the_steps_it_overwrites(fs, admin, sid):
    (a,) = fs.open(admin, sid).records.add("people", [{"email": "a@x.example"}])
    snap = fs.open(admin, sid).history.take("here")
    fs.open(admin, sid).records.update("people", {a: {"age": "1"}})
    fs.open(admin, sid).history.restore(snap["id"])
    assert fs.open(admin, sid).undo.history("people") == []


def test_replace_and_bulk_edits_undo(fs, admin, sid):
    rids = fs.open(admin, sid).records.add("people", [{"email": f"u{i}@old.example", "age": str(i)} for i in range(12)])
    fs.open(admin, sid).records.replace_text("people", "old.example", "new.example", field="email")
    fs.open(admin, sid).records.bulk_update("people", "age", "0", rids=rids)
    assert [s["label"] for s in fs.open(admin, sid).undo.history("people")][-2:] == [
        "Replace “old.example”", "Set Age on 12 records"]
    fs.open(admin, sid).undo.undo("people")
    fs.open(admin, sid).undo.undo("people")
    assert values(fs, admin, sid) == [{"email": f"u{i}@old.example", "age": i, "id": None} for i in range(12)]
    before = len(fs.open(admin, sid).history.list(summaries=False))
    fs.open(admin, sid).undo.redo("people")  # 12 records at once: a snapshot first, as any bulk change
    assert len(fs.open(admin, sid).history.list(summaries=False)) == before + 1


@pytest.mark.local_space
def test_a_space_received_as_a_file_brings_no_undo_steps(fs, admin, sid, tmp_path):
    (a,) = fs.open(admin, sid).records.add("people", [{"email": "a@x.example"}])
    fs.open(admin, sid).export(tmp_path / "crm.flatspace")
    copy = fs.import_space(admin, tmp_path / "crm.flatspace")
    assert fs.open(admin, copy["id"]).undo.history() == []
    assert fs.open(admin, sid).undo.history()[0]["label"] == "Add record"
