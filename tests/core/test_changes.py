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
    fs.open(admin, sid).workbooks.create(BP)
    ids = {s.slug: s.id for s in fs.space(sid).sheet_refs()}
    return sid, ids


def test_each_write_tells_what_it_changed(fs, admin):
    sid, ids = _space(fs, admin)
    told = []
    fs.listeners.append(told.append)
    (a,) = fs.open(admin, sid).records.add("people", [{"email": "a@x.example"}])
    fs.open(admin, sid).records.update("teams", {fs.open(admin, sid).records.add("teams", [{"name": "Ops"}])[0]: {"name": "Dev"}})
    assert [(c.space_id, c.records, c.undo) for c in told] == [
        (sid, {ids["people"]: ROWS}, True), (sid, {ids["teams"]: ROWS}, True), (sid, {ids["teams"]: CELLS}, True)]
    assert told[0].sheet(ids["teams"]) is None and not told[0].files and not told[0].schema
    told.clear()
    fs.open(admin, sid).files.upload(RESOURCES / "sample_contacts.csv")
    fs.open(admin, sid).rename("Told again")
    fs.open(admin, sid).documents.add("Read me", "# Hello")
    assert [(c.files, c.settings, c.documents, bool(c.records)) for c in told] == [
        (True, False, False, False), (False, True, False, False), (False, False, True, False)]


def test_a_group_is_told_once_when_it_is_over(fs, admin):
    sid, ids = _space(fs, admin)
    (a,) = fs.open(admin, sid).records.add("people", [{"email": "a@x.example"}])
    told = []
    fs.listeners.append(told.append)
    with fs.open(admin, sid).undo.group("Paste"):
        fs.open(admin, sid).records.update("people", {a: {"email": "b@x.example"}})
        fs.open(admin, sid).records.add("people", [{"email": "c@x.example"}])
        assert told == []  # nothing is told while the transaction may still be rolled back
    assert len(told) == 1 and told[0].records == {ids["people"]: ROWS}
    fs.open(admin, sid).undo.undo("people")
    assert told[-1].records == {ids["people"]: ROWS} and told[-1].undo


def test_what_another_program_wrote_reads_as_changes(fs, admin, isolated_home):
    sid, ids = _space(fs, admin)
    seen = fs.last_activity(sid)
    other = Flatspace(isolated_home)
    try:
        (a,) = other.open(admin, sid).records.add("teams", [{"name": "Ops"}])
        other.open(admin, sid).records.update("teams", {a: {"name": "Dev"}})
    finally:
        other.close()
    changes, last = fs.changes_since(sid, seen)
    assert changes.outside and changes.records == {ids["teams"]: ROWS} and not changes.files
    assert last == fs.last_activity(sid) and last > seen
    other = Flatspace(isolated_home)
    try:
        snap = other.open(admin, sid).history.take()
        other.open(admin, sid).history.restore(snap["id"])
    finally:
        other.close()
    changes, _ = fs.changes_since(sid, last)
    assert changes.all_records and changes.schema and changes.history and changes.sheet(ids["people"]) == ROWS


def test_a_background_task_of_this_program_is_not_another_programs_change(fs, admin):
    # The window's import runs in a worker thread on a connection of its own: the window is told
    # through its listeners, and must not say "changed outside this window" about it after.
    import threading

    sid, ids = _space(fs, admin)
    seen = fs.last_activity(sid)
    worker = threading.Thread(target=lambda: fs.open(admin, sid).records.add("teams", [{"name": "Ops"}]))
    worker.start()
    worker.join()
    changes, last = fs.changes_since(sid, seen)
    assert not changes and last == fs.last_activity(sid) > seen
