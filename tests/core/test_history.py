"""Snapshots and restore: each restore checked record by record against the state at the
snapshot; partial restores; undoing a restore; cheap snapshots; retention."""

import itertools
from datetime import datetime, timedelta, timezone

import pytest

from support import RESOURCES, write
from flatspace_desktop.domain import clock
from flatspace_desktop.domain.mapping import Mapping


def state(fs, admin, sid, sheet):
    """Every record as (id, values): what a restore must give back exactly."""
    return {r.rid: r.values for r in fs.open(admin, sid).records.list(sheet, limit=100_000)}


def messages(fs, admin, sid, sheet):
    return {r.rid: r.messages for r in fs.open(admin, sid).records.list(sheet, limit=100_000)}


@pytest.fixture
def sid(sample_space):
    return sample_space


def test_a_snapshot_copies_nothing(fs, admin, sid):
    space = fs.space(sid)
    size = lambda: sum(space.db.execute_sql(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # noqa: E731
                       for t in space.db.get_tables() if t.startswith("hist_") or t == "meta_hist")
    before = size()
    fs.open(admin, sid).history.take("one")
    fs.open(admin, sid).history.take("two")
    assert size() == before
    assert [s["label"] for s in fs.open(admin, sid).history.list(summaries=False)][:2] == ["two", "one"]


def test_history_grows_with_what_changes(fs, admin, sid):
    snap = fs.open(admin, sid).history.take("before edits")
    space = fs.space(sid)
    ref = space.resolve_sheet("contacts")
    fs.open(admin, sid).records.update("contacts", {1: {"firstName": "A"}, 2: {"firstName": "B"}})
    fs.open(admin, sid).records.update("contacts", {1: {"firstName": "AA"}})  # the same row again: no new entry
    rows = space.db.execute_sql(f"SELECT rid FROM hist_{ref.id} WHERE epoch = "
                                "(SELECT epoch FROM snapshot WHERE id = ?)", (snap["id"],)).fetchall()
    assert sorted(r for (r,) in rows) == [1, 2]


def test_restore_after_an_import(fs, admin, sid):
    at = state(fs, admin, sid, "contacts")
    snap = fs.open(admin, sid).history.take("before")
    fs.open(admin, sid).records.import_file("contacts", RESOURCES / "sample_contacts.csv")
    assert len(state(fs, admin, sid, "contacts")) == 14
    fs.open(admin, sid).history.restore(snap["id"], sheet="contacts")
    assert state(fs, admin, sid, "contacts") == at


def test_restore_after_edits_deletes_and_adds(fs, admin, sid):
    at_values, at_msgs = state(fs, admin, sid, "contacts"), messages(fs, admin, sid, "contacts")
    snap = fs.open(admin, sid).history.take()
    fs.open(admin, sid).records.update("contacts", {3: {"seats": "4", "signupDate": "2024-02-28"}, 5: {"plan": "free"}})
    fs.open(admin, sid).records.delete("contacts", [1, 2])
    fs.open(admin, sid).records.add("contacts", [{"email": "new@x.example", "lastName": "New"}])
    fs.open(admin, sid).records.find_replace("contacts", "acme", "ACME Inc")
    changes = fs.open(admin, sid).history.changes(snap["id"])
    sheet = next(s for wb in changes["workbooks"] for s in wb["sheets"] if s["slug"] == "contacts")
    assert sheet["createdSince"]["total"] == 1 and sheet["deletedSince"]["total"] == 2
    assert sheet["updatedSince"]["total"] == 3  # rows 3 and 5, and 4's email by the replace
    assert sheet["updatedSince"]["byField"]["seats"] == 1 and sheet["updatedSince"]["byField"]["email"] == 1
    fs.open(admin, sid).history.restore(snap["id"])
    assert state(fs, admin, sid, "contacts") == at_values
    assert messages(fs, admin, sid, "contacts") == at_msgs  # validation is as it was, too


@pytest.mark.parametrize("created, updated, deleted", list(itertools.product([True, False], repeat=3)))
def test_partial_sheet_restore_options(fs, admin, sid, created, updated, deleted):
    at = state(fs, admin, sid, "contacts")
    snap = fs.open(admin, sid).history.take()
    fs.open(admin, sid).records.update("contacts", {3: {"firstName": "Changed"}})
    fs.open(admin, sid).records.delete("contacts", [6])
    (new,) = fs.open(admin, sid).records.add("contacts", [{"email": "n@x.example", "lastName": "N"}])
    after = state(fs, admin, sid, "contacts")
    fs.open(admin, sid).history.restore(snap["id"], sheet="contacts", created=created, updated=updated, deleted=deleted)
    now = state(fs, admin, sid, "contacts")
    assert (new in now) == (not created)
    assert now[3]["firstName"] == (at[3]["firstName"] if updated else "Changed")
    assert (6 in now) == deleted and (not deleted or now[6] == at[6])
    assert all(now[r] == after[r] for r in now if r not in (3, 6, new))


def test_a_sheet_restore_leaves_other_sheets(fs, admin, sid):
    snap = fs.open(admin, sid).history.take()
    fs.open(admin, sid).records.update("contacts", {1: {"firstName": "X"}})
    fs.open(admin, sid).records.update("companies", {1: {"name": "Y"}})
    fs.open(admin, sid).history.restore(snap["id"], sheet="contacts")
    assert state(fs, admin, sid, "contacts")[1]["firstName"] == "Ada"
    assert state(fs, admin, sid, "companies")[1]["name"] == "Y"


def test_undo_a_restore_with_the_snapshot_it_took(fs, admin, sid):
    snap = fs.open(admin, sid).history.take()
    fs.open(admin, sid).records.delete("companies", [1])
    fs.open(admin, sid).records.update("contacts", {2: {"seats": "99"}})
    edited = state(fs, admin, sid, "contacts"), state(fs, admin, sid, "companies")
    result = fs.open(admin, sid).history.restore(snap["id"])
    assert result["undo"]["kind"] == "automatic" and "before restoring" in result["undo"]["reason"]
    fs.open(admin, sid).history.restore(result["undo"]["id"])
    assert (state(fs, admin, sid, "contacts"), state(fs, admin, sid, "companies")) == edited


def test_workbook_deletion_and_schema_change_are_restored(fs, admin, sid, tmp_path):
    info = fs.open(admin, sid).info()
    wid = info["workbooks"][0]["id"]
    at = state(fs, admin, sid, "contacts")
    snap = fs.open(admin, sid).history.take()
    fs.open(admin, sid).workbooks.create({"name": "Later", "sheets": [{"name": "L", "fields": [{"key": "x", "type": "string"}]}]})
    bp = fs.open(admin, sid).workbooks.blueprint(wid)
    bp["sheets"][1]["allowAdditionalFields"] = True
    # a blueprint change: a column becomes a new field of a sheet that allows it
    space = fs.space(sid)
    import json
    (config,) = space.db.execute_sql("SELECT config FROM sheet WHERE slug = 'contacts'").fetchone()
    space.db.execute_sql("UPDATE sheet SET config = ? WHERE slug = 'contacts'",
                         (json.dumps({**json.loads(config), "allowAdditionalFields": True}),))
    space.forget_schema()
    fs.open(admin, sid).records.import_file("contacts", write(tmp_path / "x.csv", "Email,Shoe\nz@x.com,42\n"),
                   mapping=Mapping({"Email": "email"}, add_fields=["Shoe"]))
    changes = fs.open(admin, sid).history.changes(snap["id"])
    contacts = next(s for wb in changes["workbooks"] for s in wb["sheets"] if s["slug"] == "contacts")
    assert contacts["schema"]["added"] == ["shoe"]
    assert any(wb["name"] == "Later" and wb["state"] == "created" for wb in changes["workbooks"])
    fs.open(admin, sid).workbooks.delete(wid)
    assert [w["name"] for w in fs.open(admin, sid).info()["workbooks"]] == ["Later"]
    fs.open(admin, sid).history.restore(snap["id"])
    assert [w["name"] for w in fs.open(admin, sid).info()["workbooks"]] == ["Customer onboarding"]
    assert "shoe" not in [f.key for f in fs.open(admin, sid).records.sheet_def("contacts").fields]
    assert state(fs, admin, sid, "contacts") == at
    assert json.loads(json.dumps(fs.open(admin, sid).workbooks.blueprint(wid)))["name"] == "Customer onboarding"


def test_space_settings_and_files_are_restored(fs, admin, sid):
    from support import DATA

    kept = fs.open(admin, sid).files.upload(DATA / "utf8_bom_comma.csv")
    snap = fs.open(admin, sid).history.take()
    fs.open(admin, sid).update(labels=["changed"], metadata={"companyId": "other"})
    fs.open(admin, sid).rename("Renamed")
    fs.open(admin, sid).theme.set({"root": {"primaryColor": "#ff0000"}, "custom": {"kept": True}})
    fs.open(admin, sid).files.delete(kept["id"])
    added = fs.open(admin, sid).files.upload(DATA / "people.json")
    changes = fs.open(admin, sid).history.changes(snap["id"])
    assert set(changes["space"]) >= {"name", "labels", "metadata", "theme"} and changes["metadata"] and changes["theme"]
    fs.open(admin, sid).history.restore(snap["id"])
    info = fs.open(admin, sid).info()
    assert (info["name"], info["labels"], info["metadata"], info["theme"]) == ("Sample", [], {}, {})
    files = fs.open(admin, sid).files.list()
    assert [f["id"] for f in files] == [kept["id"]] and added["id"] not in [f["id"] for f in files]
    assert fs.open(admin, sid).files.path(kept["id"]).read_bytes() == (DATA / "utf8_bom_comma.csv").read_bytes()


def test_deleting_a_snapshot_keeps_earlier_ones_exact(fs, admin, sid):
    at1 = state(fs, admin, sid, "contacts")
    s1 = fs.open(admin, sid).history.take("one")
    fs.open(admin, sid).records.update("contacts", {1: {"firstName": "Two"}})
    s2 = fs.open(admin, sid).history.take("two")
    fs.open(admin, sid).records.update("contacts", {1: {"firstName": "Three"}, 2: {"firstName": "Three"}})
    fs.open(admin, sid).history.delete(s2["id"])
    assert s2["id"] not in [s["id"] for s in fs.open(admin, sid).history.list(summaries=False)]
    fs.open(admin, sid).history.restore(s1["id"], sheet="contacts")
    assert state(fs, admin, sid, "contacts") == at1


def test_relabel_and_automatic_snapshots(fs, admin, sid, tmp_path):
    fs.open(admin, sid).records.find_replace("contacts", "acme", "Acme")
    fs.open(admin, sid).records.delete("contacts", list(range(1, 8)))
    reasons = [s["reason"] for s in fs.open(admin, sid).history.list(summaries=False)]
    assert not any(r.startswith("before deleting 7") for r in reasons)  # fewer than ten: the grid's undo covers it
    assert any(r.startswith("before replacing") for r in reasons)
    assert any(r.startswith("before importing") for r in reasons)
    snap = fs.open(admin, sid).history.list(summaries=False)[0]
    assert fs.open(admin, sid).history.relabel(snap["id"], "Checked")["label"] == "Checked"


def test_retention_keeps_the_last_day_then_daily_then_weekly(fs, admin, sid):
    times = {"t": datetime(2026, 1, 1, 12, tzinfo=timezone.utc)}
    clock.set_clock(lambda: times["t"])
    try:
        fs.space(sid)
        made = []
        for hours in range(0, 24 * 60, 6):  # every six hours for sixty days
            times["t"] = datetime(2026, 1, 1, 12, tzinfo=timezone.utc) + timedelta(hours=hours)
            s = fs.open(admin, sid)
            with s.write("test"):
                made.append(s.history.auto("tick"))
        manual = fs.open(admin, sid).history.take("keep me")
        fs.open(admin, sid).history.set_retention(keepAllHours=24, dailyDays=7, weeklyWeeks=4)
        kept = fs.open(admin, sid).history.list(summaries=False)
        autos = [datetime.fromisoformat(s["createdAt"].replace("Z", "+00:00")) for s in kept if s["reason"] == "tick"]
        recent = [a for a in autos if times["t"] - a <= timedelta(hours=24)]
        assert len(recent) == 5  # every one of the last day (ages 0, 6, 12, 18 and 24 hours)
        days = {a.date() for a in autos if timedelta(hours=24) < times["t"] - a <= timedelta(days=7)}
        assert len([a for a in autos if timedelta(hours=24) < times["t"] - a <= timedelta(days=7)]) == len(days)
        assert all(times["t"] - a <= timedelta(weeks=4) for a in autos)
        assert manual["id"] in [s["id"] for s in kept]
    finally:
        clock.set_clock(None)


def test_a_field_removed_by_a_restore_can_be_added_again(fs, admin, tmp_path):
    bp = {"name": "W", "sheets": [{"name": "S", "slug": "s", "allowAdditionalFields": True,
                                   "fields": [{"key": "a", "type": "string"}]}]}
    sid = fs.create_space(admin, "Cols", blueprint=bp)["id"]
    snap = fs.open(admin, sid).history.take()
    src = write(tmp_path / "x.csv", "a,Extra\n1,2\n")
    fs.open(admin, sid).records.import_file("s", src, mapping=Mapping({"a": "a"}, add_fields=["Extra"]))
    fs.open(admin, sid).history.restore(snap["id"])
    assert [f.key for f in fs.open(admin, sid).records.sheet_def("s").fields] == ["a"]
    fs.open(admin, sid).records.import_file("s", src, mapping=Mapping({"a": "a"}, add_fields=["Extra"]))
    assert fs.open(admin, sid).records.list("s")[0].values == {"a": "1", "extra": "2"}


def test_documents_are_restored(fs, admin, sid):
    kept = fs.open(admin, sid).documents.add("Guide", "# Guide\nv1\n")
    gone = fs.open(admin, sid).documents.add("Old notes", "old")
    snap = fs.open(admin, sid).history.take()
    fs.open(admin, sid).documents.update(kept["id"], body="# Guide\nv2\n")
    fs.open(admin, sid).documents.delete(gone["id"])
    fs.open(admin, sid).documents.add("Later", "later")
    changes = fs.open(admin, sid).history.changes(snap["id"])
    assert {d["change"] for d in changes["documents"]} == {"added", "changed"}
    fs.open(admin, sid).history.restore(snap["id"])
    docs = fs.open(admin, sid).documents.list()
    assert [(d["title"], d["body"]) for d in docs] == [("Guide", "# Guide\nv1\n"), ("Old notes", "old")]
