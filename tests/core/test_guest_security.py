"""Guests and links under attack (issue 12, items 11 to 15): links clicked at once, a guest
limited to one sheet reading everything else, sessions outliving what the Space allows, opens
while an import holds the Space, and names and logo references that point outside it."""

import multiprocessing
import sqlite3
import threading
import time

import pytest

from support import write
from flatspace_desktop.domain.errors import AccessDenied, DatabaseError, InvalidInput, NotFound

CLICKS = 8


def _click(root, link, barrier, results):
    """One person clicking a link: a process of its own, with its own service on the data root."""
    from flatspace_desktop.services.app import Flatspace

    fs = Flatspace(root)
    try:
        fs.space(link.split("space=", 1)[1].split("&", 1)[0])  # opened before the race, as a window would be
        barrier.wait(timeout=60)
        try:
            fs.open_link(link)
            results.put("opened")
        except AccessDenied as exc:
            results.put(str(exc))
    finally:
        fs.close()


@pytest.fixture
def shared(fs, admin, sample_space):
    fs.open(admin, sample_space).update(guest_authentication=["magic_link", "shared_link"])
    return sample_space


@pytest.mark.parametrize("uses", [1, 3])
def test_a_link_clicked_eight_times_at_once_opens_as_often_as_it_allows(fs, admin, shared, isolated_home, uses):
    link = fs.open(admin, shared).guests.share_link(uses=uses)["link"]
    fs.close()
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(CLICKS), ctx.Queue()
    clicks = [ctx.Process(target=_click, args=(str(isolated_home), link, barrier, results)) for _ in range(CLICKS)]
    for p in clicks:
        p.start()
    said = [results.get(timeout=120) for _ in clicks]
    for p in clicks:
        p.join(timeout=60)
    assert said.count("opened") == uses, said
    assert all("used as many times" in s for s in said if s != "opened"), said
    (guest,) = fs.open(admin, shared).guests.list()
    assert guest["uses"] == uses and guest["state"] == "used up"
    assert len([e for e in fs.open(admin, shared).guests.access_log() if e["reason"] == "used up"]) == CLICKS - uses


@pytest.fixture
def one_sheet(fs, admin, shared):
    """A guest granted only contacts, in a Space that also has companies and a private workbook."""
    fs.open(admin, shared).workbooks.create({"name": "Private", "sheets": [
        {"name": "Salaries", "slug": "salaries", "fields": [{"key": "who", "type": "string"},
                                                            {"key": "pay", "type": "number"}]}]})
    fs.open(admin, shared).records.add("salaries", [{"who": "the boss", "pay": 1}])
    fs.open(admin, shared).history.take("quarter end")
    fs.open(admin, shared).records.add("salaries", [{"who": "a new hire", "pay": 2}])
    return fs.open_link(fs.open(admin, shared).guests.share_link(sheets=["contacts"])["link"])


def test_a_guest_limited_to_one_sheet_reads_nothing_of_the_others(fs, admin, shared, one_sheet):
    guest, sid = one_sheet, shared
    info = fs.open(guest, sid).info()
    assert [(w["name"], [s["slug"] for s in w["sheets"]]) for w in info["workbooks"]] == [
        ("Customer onboarding", ["contacts"])]
    wb = info["workbooks"][0]["id"]
    shown = fs.open(guest, sid).workbooks.blueprint(wb)  # the sidebar's workbook page
    assert [s["slug"] for s in shown["sheets"]] == ["contacts"] and shown["name"] == "Customer onboarding"
    assert [s["slug"] for s in fs.open(admin, sid).workbooks.blueprint(wb)["sheets"]] == ["companies", "contacts"]
    private = next(w["id"] for w in fs.open(admin, sid).info()["workbooks"] if w["name"] == "Private")
    for workbook in (private, 999):
        with pytest.raises(AccessDenied, match="not shared"):
            fs.open(guest, sid).workbooks.blueprint(workbook)
    with pytest.raises(NotFound) as refused:
        fs.open(guest, sid).records.counts("payroll")
    assert "contacts" in str(refused.value)
    assert not {"salaries", "companies"} & set(str(refused.value).replace(",", " ").replace(")", " ").split())
    for hidden in ("salaries", "Private/salaries", "companies"):
        with pytest.raises(AccessDenied, match="not shared"):
            fs.open(guest, sid).records.counts(hidden)
    snap = fs.open(admin, sid).history.list()[0]["id"]
    for read in (lambda: fs.open(guest, sid).history.list(), lambda: fs.open(guest, sid).history.list(summaries=False),
                 lambda: fs.open(guest, sid).history.changes(snap),
                 lambda: fs.open(guest, sid).history.records(snap, "salaries", "created"),
                 lambda: fs.open(guest, sid).history.relabel(snap, "mine"),
                 lambda: fs.open(guest, sid).workbooks.export("Private", "out.json", "json"),
                 lambda: fs.open(guest, sid).guests.access_log(), lambda: fs.open(guest, sid).guests.list()):
        with pytest.raises(AccessDenied):
            read()


def test_a_repeated_slug_means_the_guests_own_sheet(fs, admin, shared, one_sheet):
    fs.open(admin, shared).workbooks.create({"name": "Archive", "sheets": [
        {"name": "Contacts", "slug": "contacts", "fields": [{"key": "old", "type": "string"}]}]})
    granted = fs.open(admin, shared).records.counts("Customer onboarding/contacts")["total"]
    assert fs.open(one_sheet, shared).records.counts("contacts")["total"] == granted
    with pytest.raises(AccessDenied):
        fs.open(one_sheet, shared).records.counts("Archive/contacts")


@pytest.mark.parametrize("kind", ["shared_link", "magic_link"])
def test_an_open_session_ends_when_the_space_stops_allowing_its_kind_of_link(fs, admin, shared, kind):
    issued = (fs.open(admin, shared).guests.share_link() if kind == "shared_link"
              else fs.open(admin, shared).guests.invite("Mo", "mo@x.example"))
    session = fs.open_link(issued["link"])
    assert fs.open(session, shared).records.counts("contacts")["total"] == 7
    fs.open(admin, shared).update(guest_authentication=[k for k in ("magic_link", "shared_link") if k != kind])
    words = kind.replace("_", " ")
    for call in (lambda: fs.open(session, shared).records.counts("contacts"), lambda: fs.open(session, shared),
                 lambda: fs.open(session, shared).info(), lambda: fs.open(session, shared).records.add("contacts", [{}])):
        with pytest.raises(AccessDenied, match=f"no longer allows {words}s"):
            call()
    assert fs.list_spaces(session) == []  # the switcher of its window lists nothing either
    fs.open(admin, shared).update(guest_authentication=["magic_link", "shared_link"])
    assert fs.open(session, shared).records.counts("contacts")["total"] == 7  # allowed again: the link works again
    assert [s["id"] for s in fs.list_spaces(session)] == [shared]


def test_a_reissued_link_ends_the_session_the_old_one_opened(fs, admin, shared):
    inv = fs.open(admin, shared).guests.invite("Re", "re@x.example")
    old = fs.open_link(inv["link"])
    new = fs.open_link(fs.open(admin, shared).guests.reissue(inv["id"])["link"])
    with pytest.raises(AccessDenied, match="re-issued"):
        fs.open(old, shared).records.counts("contacts")
    assert fs.open(new, shared).records.counts("contacts")["total"] == 7


def _hold_the_space(isolated_home, sid, seconds: float) -> threading.Thread:
    """Another program writing to the Space (a long import) for `seconds`."""
    con = sqlite3.connect(isolated_home / "spaces" / sid / "space.sqlite", timeout=5, isolation_level=None,
                          check_same_thread=False)
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE space SET last_activity_at = last_activity_at")
    holder = threading.Thread(target=lambda: (time.sleep(seconds), con.execute("COMMIT"), con.close()))
    holder.start()
    return holder


@pytest.mark.local_space
def test_opening_a_link_while_an_import_holds_the_space_waits_then_says_busy(fs, admin, shared, isolated_home):
    link = fs.open(admin, shared).guests.share_link()["link"]
    holder = _hold_the_space(isolated_home, shared, 0.7)
    started = time.monotonic()
    assert fs.open_link(link).kind == "guest"  # waited for the write to end
    assert time.monotonic() - started >= 0.5
    holder.join()
    fs.space(shared).db.execute_sql("PRAGMA busy_timeout = 200")  # the 15 s wait, shortened for the test
    holder = _hold_the_space(isolated_home, shared, 1.5)
    try:
        for attempt in (link, link.replace("token=", "token=x")):  # counting a use, logging a refusal
            with pytest.raises(DatabaseError, match="busy") as busy:
                fs.open_link(attempt)
            assert "\n" not in str(busy.value) and "Try again" in str(busy.value)
    finally:
        holder.join()
    assert fs.open_link(link).kind == "guest"


@pytest.mark.parametrize("hostile", ["../../etc/evil.csv", "..\\..\\etc\\evil.csv", "/etc/evil.csv", "evil\0.csv",
                                     "evil\n.csv", "..", ".", "CON.csv", "nul.csv", "Lpt1 .csv", "a" * 300 + ".csv",
                                     "é" * 130 + ".csv", "  "])
def test_hostile_file_names_are_refused_on_upload_and_rename(fs, admin, sample_space, tmp_path, hostile):
    ok = write(tmp_path / "ok.csv", "who\nme\n")
    mine = fs.open(admin, sample_space).files.upload(ok)
    before = fs.open(admin, sample_space).files.list()
    with pytest.raises(InvalidInput, match="file name|not a path|device name") as refused:
        fs.open(admin, sample_space).files.upload(ok, name=hostile)
    assert "\n" not in str(refused.value) and "\0" not in str(refused.value)
    with pytest.raises(InvalidInput, match="file name|not a path|device name"):
        fs.open(admin, sample_space).files.rename(mine["id"], hostile)
    assert fs.open(admin, sample_space).files.list() == before


def test_a_name_that_comes_with_a_path_keeps_its_last_part(fs, admin, sample_space, tmp_path):
    # On Linux a file may be called ..\..\etc\evil.csv: its name is what follows the last separator.
    path = write(tmp_path / "..\\..\\etc\\evil.csv", "who\nme\n")
    assert fs.open(admin, sample_space).files.upload(path)["name"] == "evil.csv"
    with pytest.raises(InvalidInput, match="device name"):
        fs.open(admin, sample_space).files.upload(write(tmp_path / "aux.csv", "who\nme\n"))
    assert fs.open(admin, sample_space).files.upload(write(tmp_path / "..report 2024.csv", "who\nme\n"))["name"] == (
        "..report 2024.csv")


@pytest.mark.parametrize("logo", ["blob:../../../../etc/passwd", "blob:", "blob:" + "A" * 64, "blob:" + "0" * 63,
                                  "blob:" + "0" * 64 + "/../x", "blob:" + "0" * 64 + "\0", "x\ny"])
def test_a_logo_reference_that_is_not_a_stored_image_is_refused(fs, admin, sample_space, logo):
    with pytest.raises(InvalidInput, match="sidebar.logo"):
        fs.open(admin, sample_space).theme.set({"sidebar": {"logo": logo}})
    assert "logo" not in (fs.open(admin, sample_space).theme.get().get("sidebar") or {})


def test_logo_and_file_references_from_elsewhere_never_become_paths(fs, admin, sample_space, tmp_path):
    fs.open(admin, sample_space).theme.set({"sidebar": {"logo": "https://example.com/logo.png"}})  # kept as text
    assert fs.open(admin, sample_space).theme.logo_path("https://example.com/logo.png") is None
    stored = fs.open(admin, sample_space).theme.store_logo(write(tmp_path / "logo.png", b"\x89PNG\r\n\x1a\n"))
    assert fs.open(admin, sample_space).theme.logo_path(stored).is_file()
    # What a Space made elsewhere (or by hand) may hold, written past the checks
    space = fs.space(sample_space)
    space.db.execute_sql("UPDATE space SET theme = ?", ('{"sidebar": {"logo": "blob:../../../../etc/passwd"}}',))
    assert fs.open(admin, sample_space).theme.logo_path("blob:../../../../etc/passwd") is None
    f = fs.open(admin, sample_space).files.upload(write(tmp_path / "ok.csv", "who\nme\n"))
    space.db.execute_sql("UPDATE file SET sha256 = '../../../../etc/passwd' WHERE id = ?", (f["id"],))
    for read in (lambda: fs.open(admin, sample_space).files.path(f["id"]),
                 lambda: fs.open(admin, sample_space).files.save_as(f["id"], tmp_path / "copy.csv"),
                 lambda: fs.open(admin, sample_space).files.preview(f["id"])):
        with pytest.raises(InvalidInput, match="damaged"):
            read()
    assert not (tmp_path / "copy.csv").exists()
    stray = write(space.files_dir / "ab" / "notes.txt", "not a blob")
    fs.open(admin, sample_space).files.collect_blobs()  # only content hashes are blobs: anything else is left alone
    assert stray.is_file()
