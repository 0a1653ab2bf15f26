"""A .flatspace file from elsewhere can neither run SQL here nor carry access, and a file that is
not a whole Space is refused before anything is published (issue 12, items 3, 6 and 10)."""

import atexit
import json
import shutil
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from support import DATA
from flatspace_desktop.domain.errors import AccessDenied, InvalidInput
from flatspace_desktop.services.guests import make_link
from flatspace_desktop.services.app import Flatspace

sys.path.insert(0, str(DATA / "hostile"))
import gen_portable  # noqa: E402

pytestmark = pytest.mark.local_space  # a local Space's SQLite file, and .flatspace files of it

# Made once, at collection, so each refused file is a test of its own.
DEST = Path(tempfile.mkdtemp(prefix="flatspace-portable-"))
atexit.register(shutil.rmtree, DEST, True)
CASES = {c.name: c for c in gen_portable.cases(DEST) if c.name.startswith("portable-")}
REFUSED = sorted(n for n, c in CASES.items() if c.exit)


def schema(path):
    con = sqlite3.connect(path)
    try:
        return sorted(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"), key=str)
    finally:
        con.close()


def leftovers(fs):
    """Hidden folders under spaces/ and registered work of unfinished runs."""
    found = []
    for folder in (fs.root / "spaces", fs.root / ".unfinished"):
        if folder.is_dir():
            found += [p.name for p in folder.iterdir() if p.name.startswith(".") or folder.name == ".unfinished"]
    return found


@pytest.mark.parametrize("name", REFUSED)
def test_each_hostile_or_broken_file_is_refused_with_one_line_and_creates_nothing(fs, admin, name):
    case = CASES[name]
    before = fs.list_spaces(admin, archived="include")
    with pytest.raises(InvalidInput) as refused:
        fs.import_space(admin, case.file)
    message = str(refused.value)
    assert case.says in message and "\n" not in message and case.file.name in message
    assert fs.list_spaces(admin, archived="include") == before
    assert leftovers(fs) == []


def _imported(fs, admin, name):
    info = fs.import_space(admin, CASES[name].file)
    return info, fs.root / "spaces" / info["id"] / "space.sqlite"


def test_a_trigger_that_came_with_the_file_never_runs(fs, admin):
    info, db = _imported(fs, admin, "portable-trigger-deletes-records")
    sid = info["id"]
    fs.open(admin, sid).rename("Received")  # the sender's triggers fired on these writes
    fs.open(admin, sid).records.add("people", [{"email": "new@example.org"}])
    fs.open(admin, sid).records.update("people", {1: {"name": "Changed"}})
    assert fs.open(admin, sid).records.counts("people")["total"] == gen_portable.ROWS + 1
    names = {row[1] for row in schema(db)}
    assert not names & {"wipe", "wipe_insert"}
    (sent,) = [s for s in fs.open(admin, sid).history.list() if s["label"] == "sent"]
    fs.open(admin, sid).history.restore(sent["id"])  # the history came along and still restores
    assert fs.open(admin, sid).records.counts("people")["total"] == gen_portable.ROWS
    assert fs.open(admin, sid).records.list("people", limit=1)[0].values["name"] == "Person 0"


def test_views_extra_tables_and_indexes_stay_behind(fs, admin):
    _, db = _imported(fs, admin, "portable-view-table-index")
    names = {row[1] for row in schema(db)}
    assert not names & {"everyone", "stowaway", "rec_1_odd"}


def test_the_schema_is_the_one_this_version_makes(fs, admin, tmp_path):
    """Every object of the imported database is one this version made for the sender's Space, as
    it made it: same names, same SQL (a round trip through a clean file changes nothing)."""
    sender_db = next((DEST / "portable" / "sender-root" / "spaces").glob("us_sp_*/space.sqlite"))
    for name in ("portable-trigger-deletes-records", "portable-view-table-index", "portable-known-guest-token"):
        _, db = _imported(fs, admin, name)
        assert schema(db) == schema(sender_db), name
    with zipfile.ZipFile(CASES["portable-trigger-deletes-records"].file) as z:
        (tmp_path / "sent.sqlite").write_bytes(z.read("space.sqlite"))
    assert {r[1] for r in schema(tmp_path / "sent.sqlite")} > {r[1] for r in schema(sender_db)}


def test_a_guest_secret_that_came_with_the_file_opens_nothing(fs, admin):
    info, db = _imported(fs, admin, "portable-known-guest-token")
    sid = info["id"]
    with pytest.raises(AccessDenied):
        fs.open_link(make_link(sid, gen_portable.KNOWN_TOKEN))
    assert info["guestLinksOff"] == 1
    (guest,) = fs.open(admin, sid).guests.list()
    assert guest["name"] == "Sam" and guest["state"] == "revoked"  # kept, so its link can be re-issued
    fresh = fs.open(admin, sid).guests.reissue(guest["id"])
    assert fs.open_link(fresh["link"]).name == "Sam"
    con = sqlite3.connect(db)
    (detail,) = con.execute("SELECT detail FROM activity WHERE action = 'space.import'").fetchone()
    con.close()
    assert json.loads(detail) == {"file": CASES["portable-known-guest-token"].file.name, "guestLinksOff": 1}


def test_a_plain_export_brings_its_guests_switched_off(fs, admin, tmp_path):
    sid = fs.create_space(admin, "Mine")["id"]
    fs.open(admin, sid).guests.invite("Ana", "ana@example.org")
    issued = fs.open(admin, sid).guests.invite("Ben", "ben@example.org")
    fs.open(admin, sid).export(tmp_path / "mine.flatspace")
    other = Flatspace(tmp_path / "elsewhere")
    try:
        info = other.import_space(admin, tmp_path / "mine.flatspace")
        with pytest.raises(AccessDenied):
            other.open_link(issued["link"].replace(sid, info["id"]))
        assert info["guestLinksOff"] == 2
        assert {g["state"] for g in other.open(admin, info["id"]).guests.list()} == {"revoked"}
    finally:
        other.close()


def test_file_names_that_came_as_paths_keep_only_their_last_part(fs, admin, tmp_path):
    from support import write

    sid = fs.create_space(admin, "Sender")["id"]
    fs.open(admin, sid).files.upload(write(tmp_path / "a.csv", "email\nx@example.org\n"))
    fs.open(admin, sid).files.upload(write(tmp_path / "b.csv", "email\ny@example.org\n"))
    sent = tmp_path / "sent.flatspace"
    fs.open(admin, sid).export(sent)
    hostile = gen_portable.repack(sent, tmp_path / "hostile.flatspace", sql=(
        "UPDATE file SET name = '../../etc/evil.csv' WHERE name = 'a.csv'",
        "UPDATE file SET name = 'CON' WHERE name = 'b.csv'"))
    info = fs.import_space(admin, hostile)
    names = {f["id"]: f["name"] for f in fs.open(admin, info["id"]).files.list()}
    evil = next(i for i, n in names.items() if n == "evil.csv")  # "../../etc/" is gone
    assert [n for i, n in names.items() if i != evil] == [f"file-{i}" for i in names if i != evil]  # not CON
