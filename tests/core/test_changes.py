"""Every write tells what it changed (a Changes value), once its transaction is over; what
another program wrote is read back as the same Changes."""

from support import RESOURCES
from flatspace_desktop.domain.changes import CELLS, ROWS
from flatspace_desktop.services.app import Flatspace

BP = {"name": "CRM", "sheets": [
    {"name": "People", "slug": "people", "fields": [{"key": "email", "type": "string"}]},
    {"name": "Teams", "slug": "teams", "fields": [{"key": "name", "type": "string"}]}]}


def _space(fs, admin):
    sid = fs.create_space(admin, "Told")["id"]
    fs.create_workbook(admin, sid, BP)
    ids = {s.slug: s.id for s in fs.space(sid).sheet_refs()}
    return sid, ids


def test_each_write_tells_what_it_changed(fs, admin):
    sid, ids = _space(fs, admin)
    told = []
    fs.listeners.append(told.append)
    (a,) = fs.add_records(admin, sid, "people", [{"email": "a@x.example"}])
    fs.update_cells(admin, sid, "teams", {fs.add_records(admin, sid, "teams", [{"name": "Ops"}])[0]: {"name": "Dev"}})
    assert [(c.space_id, c.records, c.undo) for c in told] == [
        (sid, {ids["people"]: ROWS}, True), (sid, {ids["teams"]: ROWS}, True), (sid, {ids["teams"]: CELLS}, True)]
    assert told[0].sheet(ids["teams"]) is None and not told[0].files and not told[0].schema
    told.clear()
    fs.upload_file(admin, sid, RESOURCES / "sample_contacts.csv")
    fs.rename_space(admin, sid, "Told again")
    fs.add_document(admin, sid, "Read me", "# Hello")
    assert [(c.files, c.settings, c.documents, bool(c.records)) for c in told] == [
        (True, False, False, False), (False, True, False, False), (False, False, True, False)]


def test_a_group_is_told_once_when_it_is_over(fs, admin):
    sid, ids = _space(fs, admin)
    (a,) = fs.add_records(admin, sid, "people", [{"email": "a@x.example"}])
    told = []
    fs.listeners.append(told.append)
    with fs.undo_group(admin, sid, "Paste"):
        fs.update_cells(admin, sid, "people", {a: {"email": "b@x.example"}})
        fs.add_records(admin, sid, "people", [{"email": "c@x.example"}])
        assert told == []  # nothing is told while the transaction may still be rolled back
    assert len(told) == 1 and told[0].records == {ids["people"]: ROWS}
    fs.undo(admin, sid, "people")
    assert told[-1].records == {ids["people"]: ROWS} and told[-1].undo


def test_what_another_program_wrote_reads_as_changes(fs, admin, isolated_home):
    sid, ids = _space(fs, admin)
    seen = fs.last_activity(sid)
    other = Flatspace(isolated_home)
    try:
        (a,) = other.add_records(admin, sid, "teams", [{"name": "Ops"}])
        other.update_cells(admin, sid, "teams", {a: {"name": "Dev"}})
    finally:
        other.close()
    changes, last = fs.changes_since(sid, seen)
    assert changes.outside and changes.records == {ids["teams"]: ROWS} and not changes.files
    assert last == fs.last_activity(sid) and last > seen
    snap = fs.take_snapshot(admin, sid)
    fs.restore(admin, sid, snap["id"])
    changes, _ = fs.changes_since(sid, last)
    assert changes.all_records and changes.schema and changes.history and changes.sheet(ids["people"]) == ROWS
