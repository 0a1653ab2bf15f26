"""Files follow a guest's grants: a guest sees the files they uploaded and the files imported
into the sheets they were granted; any other file does not exist for them, whatever they call.
Read-only links upload, rename and delete nothing."""

import sqlite3

import pytest

from support import RESOURCES, files_in_three_sheets, write
from flatspace_desktop.domain.errors import AccessDenied, NotFound
from flatspace_desktop.storage.migrations import CURRENT_VERSION
from flatspace_desktop.services.app import Flatspace


@pytest.fixture
def files_space(fs, admin, sample_space, tmp_path):
    """contacts.csv imported into contacts, pay.csv into the private salaries sheet, and
    notes.csv only uploaded; all three by the admin."""
    sid = sample_space
    fs.open(admin, sid).update(guest_authentication=["magic_link", "shared_link"])
    return sid, files_in_three_sheets(fs, admin, sid, tmp_path)


def names(fs, actor, sid):
    return [f["name"] for f in fs.open(actor, sid).files.list()]


def every_file_call(fs, actor, sid, fid, tmp_path):
    return {
        "file_info": lambda: fs.open(actor, sid).files.info(fid),
        "file_path": lambda: fs.open(actor, sid).files.path(fid),
        "save_file_as": lambda: fs.open(actor, sid).files.save_as(fid, tmp_path / "copy.csv"),
        "rename_file": lambda: fs.open(actor, sid).files.rename(fid, "mine.csv"),
        "delete_file": lambda: fs.open(actor, sid).files.delete(fid),
        "preview_file": lambda: fs.open(actor, sid).files.preview(fid),
        "column_values": lambda: fs.open(actor, sid).files.column_values(fid, 0),
        "import_stored_file": lambda: fs.open(actor, sid).files.import_file(fid, "contacts"),
        "set_file_status": lambda: fs.open(actor, sid).files.set_status(fid, "failed", "x"),
    }


def test_a_guest_limited_to_one_sheet_sees_only_its_files(fs, admin, files_space, tmp_path):
    sid, ids = files_space
    gina = fs.open_link(fs.open(admin, sid).guests.invite("Gina", "g@x.example", sheets=["contacts"])["link"])
    assert names(fs, gina, sid) == ["sample_contacts.csv"]
    assert [f["name"] for f in fs.open(gina, sid).info()["workbooks"][0]["sheets"]] == ["Contacts"]
    for hidden in (ids["pay"], ids["notes"]):
        for call, attempt in every_file_call(fs, gina, sid, hidden, tmp_path).items():
            with pytest.raises(NotFound, match=f"^no file {hidden} in this Space$"):  # as if it did not exist
                attempt()
    assert not (tmp_path / "copy.csv").exists()
    assert names(fs, admin, sid) == ["sample_contacts.csv", "pay.csv", "notes.csv"]  # nothing renamed or deleted
    assert [f["status"] for f in fs.open(admin, sid).files.list()] == ["extracted", "extracted", "uploaded"]
    # what the guest may see, they may read
    assert fs.open(gina, sid).files.info(ids["contacts"])["name"] == "sample_contacts.csv"
    fs.open(gina, sid).files.save_as(ids["contacts"], tmp_path / "mine.csv")
    assert (tmp_path / "mine.csv").read_bytes() == (RESOURCES / "sample_contacts.csv").read_bytes()
    _src, rows = fs.open(gina, sid).files.preview(ids["contacts"], limit=2)
    assert len(rows) == 2
    # but a file someone else added is not theirs to rename or delete
    for attempt in (lambda: fs.open(gina, sid).files.rename(ids["contacts"], "gone.csv"),
                    lambda: fs.open(gina, sid).files.delete(ids["contacts"])):
        with pytest.raises(AccessDenied, match="added by someone else"):
            attempt()
    assert names(fs, admin, sid)[0] == "sample_contacts.csv"


def test_a_guest_sees_renames_and_deletes_what_they_uploaded(fs, admin, files_space, tmp_path):
    sid, ids = files_space
    gina = fs.open_link(fs.open(admin, sid).guests.invite("Gina", "g@x.example", sheets=["contacts"])["link"])
    mine = fs.open(gina, sid).files.upload(write(tmp_path / "more.csv", "email\nnew@x.example\n"))
    assert names(fs, gina, sid) == ["sample_contacts.csv", "more.csv"]
    fs.open(gina, sid).files.rename(mine["id"], "more contacts.csv")
    assert names(fs, gina, sid) == ["sample_contacts.csv", "more contacts.csv"]
    fs.open(gina, sid).files.delete(mine["id"])
    assert names(fs, gina, sid) == ["sample_contacts.csv"]
    assert "more contacts.csv" not in names(fs, admin, sid)


def test_a_file_a_guest_imports_is_seen_by_guests_of_that_sheet_only(fs, admin, files_space, tmp_path):
    sid, _ids = files_space
    gina = fs.open_link(fs.open(admin, sid).guests.invite("Gina", "g@x.example", sheets=["contacts"])["link"])
    wb_guest = fs.open_link(fs.open(admin, sid).guests.invite("Wes", "w@x.example", workbooks=["Customer onboarding"])["link"])
    companies = fs.open_link(fs.open(admin, sid).guests.invite("Cy", "c@x.example", sheets=["companies"])["link"])
    everything = fs.open_link(fs.open(admin, sid).guests.invite("Eve", "e@x.example")["link"])
    up = fs.open(gina, sid).files.upload(write(tmp_path / "more.csv", "email\nnew@x.example\n"))
    assert "more.csv" not in names(fs, wb_guest, sid)  # only uploaded so far: Gina's alone
    fs.open(gina, sid).files.import_file(up["id"], "contacts")
    assert fs.open(admin, sid).files.info(up["id"])["status"] == "extracted"
    assert names(fs, wb_guest, sid) == ["sample_contacts.csv", "more.csv"]  # a workbook grant covers its sheets
    assert names(fs, companies, sid) == []
    assert names(fs, everything, sid) == ["sample_contacts.csv", "pay.csv", "notes.csv", "more.csv"]
    with pytest.raises(AccessDenied, match="was not shared with you"):  # and not into a sheet they may not see
        fs.open(gina, sid).files.import_file(up["id"], "salaries")
    assert fs.open(admin, sid).files.info(up["id"])["status"] == "extracted"


def test_read_only_links_upload_rename_and_delete_nothing(fs, admin, files_space, tmp_path):
    sid, ids = files_space
    viewer = fs.open_link(fs.open(admin, sid).guests.share_link(sheets=["contacts"], read_only=True)["link"])
    blobs = sorted(p.name for p in (fs.space(sid).files_dir).rglob("*") if p.is_file())
    fid = ids["contacts"]
    for attempt in (lambda: fs.open(viewer, sid).files.upload(write(tmp_path / "new.csv", "email\nn@x.example\n")),
                    lambda: fs.open(viewer, sid).files.rename(fid, "renamed.csv"),
                    lambda: fs.open(viewer, sid).files.delete(fid),
                    lambda: fs.open(viewer, sid).files.import_file(fid, "contacts"),
                    lambda: fs.open(viewer, sid).files.set_status(fid, "failed", "x")):
        with pytest.raises(AccessDenied, match="read-only"):
            attempt()
    assert sorted(p.name for p in (fs.space(sid).files_dir).rglob("*") if p.is_file()) == blobs  # nothing stored
    assert [(f["name"], f["status"]) for f in fs.open(admin, sid).files.list()] == [
        ("sample_contacts.csv", "extracted"), ("pay.csv", "extracted"), ("notes.csv", "uploaded")]
    assert names(fs, viewer, sid) == ["sample_contacts.csv"]  # reading is what the link is for
    assert fs.open(viewer, sid).files.save_as(fid, tmp_path / "copy.csv").is_file()


@pytest.mark.local_space
def test_a_space_from_before_imports_were_recorded_learns_them_on_opening(fs, admin, files_space, isolated_home):
    sid, _ids = files_space
    link = fs.open(admin, sid).guests.invite("Gina", "g@x.example", sheets=["contacts"])["link"]
    fs.close()
    path = isolated_home / "spaces" / sid / "space.sqlite"
    con = sqlite3.connect(path)  # the Space as the previous version left it
    con.execute("DROP TABLE file_import")
    con.execute("DROP TABLE undo_step")
    con.execute("DROP TABLE sheet_table")
    con.execute("DROP TABLE recipe_step")
    con.execute("DROP TABLE saved_view")
    con.execute("DROP TABLE job")
    con.execute("DROP TABLE file_actions")
    con.execute("PRAGMA user_version = 5")
    con.commit()
    con.close()
    upgraded = Flatspace(isolated_home)
    try:
        gina = upgraded.open_link(link)
        assert names(upgraded, gina, sid) == ["sample_contacts.csv"]  # from the activity log
        assert (path.parent / "space.sqlite.v5.bak").is_file()
    finally:
        upgraded.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
