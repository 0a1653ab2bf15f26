"""A Team Space's guest on their own computer: the server keeps them to their grant.

Each test opens the guest's link from a second data root (the guest's computer), and then, as
a guest who distrusts their own copy of Flatspace would, connects to the server with the
link's credentials directly and tries to read and write past the grant."""

from __future__ import annotations

import hashlib
import json
import os
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from flatspace_desktop.domain.errors import AccessDenied, DatabaseError, NotFound
from flatspace_desktop.services.app import Flatspace
from flatspace_desktop.storage import server

SERVER = os.environ.get("FLATSPACE_TEST_SERVER")
pytestmark = pytest.mark.skipif(not SERVER, reason="no PostgreSQL server: set FLATSPACE_TEST_SERVER (.ci/run does)")

BLUEPRINT = {"name": "Vendors", "sheets": [
    {"name": "Contacts", "slug": "contacts", "fields": [{"key": "email", "type": "string", "label": "Email"}]},
    {"name": "Payroll", "slug": "payroll", "fields": [{"key": "pay", "type": "number", "label": "Pay"}]}]}


@pytest.fixture
def team(fs, admin):
    sid = fs.create_space(admin, "Vendors", blueprint=BLUEPRINT, guest_authentication=["magic_link", "shared_link"],
                          server=SERVER)["id"]
    s = fs.open(admin, sid)
    s.records.add("contacts", [{"email": "ana@example.com"}, {"email": "bo@example.com"}])
    s.records.add("payroll", [{"pay": 91000}])
    s.documents.add("Welcome", "<p>Read me</p>")
    return sid


@pytest.fixture
def elsewhere(tmp_path):
    guest_fs = Flatspace(tmp_path / "guest-computer")
    yield guest_fs
    guest_fs.close()


def _login(link: str) -> str:
    """The address a guest's own program signs in with: the link's role, its secret's hash."""
    q = parse_qs(urlsplit(link).query)
    url = q["server"][0]
    return server.as_role(url, urlsplit(url).username, hashlib.sha256(q["token"][0].encode()).hexdigest())


def _raw(link: str, begin: bool = True):
    conn = psycopg.connect(_login(link), autocommit=True,
                           options=f"-c search_path={server.schema_for(parse_qs(urlsplit(link).query)['space'][0])}")
    if begin:
        conn.execute("SELECT guest_begin()")
    return conn


def _denied(conn, sql: str) -> bool:
    try:
        conn.execute(sql).fetchall()
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


def _rows(conn, sql: str) -> list:
    return conn.execute(sql).fetchall()


def test_a_guest_opens_the_link_on_their_own_computer_and_reads_only_the_granted_sheet(fs, admin, team, elsewhere):
    link = fs.open(admin, team).guests.invite("Gia", "gia@example.com", sheets=["contacts"])["link"]
    assert "server=" in link and "fsg_" in link and "%3A" in link  # the server, the role, no password
    guest = elsewhere.open_link(link)
    assert guest.name == "Gia" and guest.read_only
    s = elsewhere.open(guest, team)
    assert [r.values["email"] for r in s.records.list("contacts")] == ["ana@example.com", "bo@example.com"]
    info = s.info()
    assert [sh["slug"] for wb in info["workbooks"] for sh in wb["sheets"]] == ["contacts"]
    assert [sh["slug"] for sh in s.workbooks.blueprint(info["workbooks"][0]["id"])["sheets"]] == ["contacts"]
    with pytest.raises(NotFound, match=r"\(sheets: contacts\)"):  # the server does not show it exists
        s.records.list("payroll")
    with pytest.raises(AccessDenied, match="only reads"):
        s.records.add("contacts", [{"email": "x@example.com"}])
    assert [d["title"] for d in s.documents.list()] == ["Welcome"]
    # the guest's computer lists the Space for the guest, and refuses it to its own admin
    assert [x["id"] for x in elsewhere.list_spaces(guest)] == [team]
    assert elsewhere.list_spaces(admin) == []
    with pytest.raises(AccessDenied, match="guest's link"):
        elsewhere.open(admin, team)


def test_with_the_links_own_credentials_nothing_past_the_grant_is_read_or_written(fs, admin, team):
    link = fs.open(admin, team).guests.invite("Gia", "gia@example.com", sheets=["contacts"])["link"]
    conn = _raw(link)
    contacts, payroll = _rows(conn, "SELECT id FROM sheet ORDER BY id"), None
    assert len(contacts) == 1  # the other sheet's row is not there
    cid = contacts[0][0]
    payroll = cid + 1
    assert len(_rows(conn, f"SELECT * FROM rec_{cid}")) == 2
    assert _rows(conn, f"SELECT * FROM rec_{payroll}") == [] and _rows(conn, f"SELECT * FROM msg_{payroll}") == []
    assert _rows(conn, f"SELECT key FROM field WHERE sheet_id = {payroll}") == []
    for table in ("guest", "access_log", "activity", "undo_step", "snapshot", "meta_hist", "history_state",
                  "saved_mapping", "recipe_step", "job", "guest_session", f"hist_{cid}"):
        assert _denied(conn, f"SELECT * FROM {table}"), table
    assert _denied(conn, "SELECT blueprint FROM workbook")  # the whole workbook's: guest_blueprint cuts it
    assert "payroll" not in conn.execute("SELECT guest_blueprint(id) FROM workbook").fetchone()[0]
    for sql in (f"UPDATE rec_{cid} SET n_err = 0", f"DELETE FROM rec_{cid}", "UPDATE space SET name = 'x'",
                "DELETE FROM document", "INSERT INTO activity (at, actor, action) VALUES ('', '', '')",
                "UPDATE guest SET max_uses = NULL", "DELETE FROM access_log",
                "INSERT INTO undo_step (actor, sheet_id, label, forward, backward, at) VALUES ('', 1, '', '', '', '')",
                "CREATE TABLE sneaky (x int)"):
        assert _denied(conn, sql), sql
    # what tells a guest's window to read again names only its own sheets
    assert all(d == "{}" or f'"sheetId": {cid}' in d for _id, _a, d in _rows(conn, "SELECT * FROM guest_activity_after(0)"))
    conn.close()
    assert len(fs.open(admin, team).records.list("contacts")) == 2  # nothing of the Space changed


def test_a_connection_that_did_not_open_the_link_reads_nothing(fs, admin, team):
    link = fs.open(admin, team).guests.share_link(uses=5)["link"]
    conn = _raw(link, begin=False)
    assert _rows(conn, "SELECT * FROM sheet") == [] and _rows(conn, "SELECT * FROM space") == []
    assert _rows(conn, "SELECT * FROM document") == []
    conn.close()
    assert fs.open(admin, team).guests.list()[0]["uses"] == 0


def test_a_link_of_two_uses_opens_twice_then_is_refused_and_logged(fs, admin, team, elsewhere):
    link = fs.open(admin, team).guests.share_link(uses=2)["link"]
    elsewhere.open_link(link)
    elsewhere.open_link(link)
    with pytest.raises(AccessDenied, match="as many times"):
        elsewhere.open_link(link)
    conn = _raw(link)  # straight to the server: refused all the same
    assert _rows(conn, "SELECT * FROM sheet") == []
    conn.close()
    log = fs.open(admin, team).guests.access_log()
    assert [e["reason"] for e in log] == ["used up", "used up"]


def test_revoking_ends_an_open_connection_at_its_next_read_and_the_login(fs, admin, team, elsewhere):
    owner = fs.open(admin, team)
    made = owner.guests.invite("Gia", "gia@example.com")
    conn = _raw(made["link"])
    guest = elsewhere.open_link(made["link"])
    assert len(_rows(conn, "SELECT * FROM sheet")) == 2  # the whole Space
    owner.guests.revoke(made["id"])
    assert _rows(conn, "SELECT * FROM sheet") == []
    assert conn.execute("SELECT guest_state()").fetchone()[0] == "revoked"
    conn.close()
    with pytest.raises(AccessDenied, match="revoked"):
        elsewhere.open(guest, team)
    again = _raw(made["link"], begin=False)  # it signs in, to be refused and logged, and reads nothing
    assert json.loads(again.execute("SELECT guest_begin()").fetchone()[0])["refused"] == "revoked"
    assert _rows(again, "SELECT * FROM sheet") == []
    again.close()
    with pytest.raises(AccessDenied, match="revoked"):
        Flatspace(elsewhere.root).open_link(made["link"])
    assert [e["reason"] for e in owner.guests.access_log()] == ["revoked", "revoked"]


def test_reissuing_changes_the_password_and_ends_the_old_connection(fs, admin, team):
    owner = fs.open(admin, team)
    made = owner.guests.invite("Gia", "gia@example.com")
    conn = _raw(made["link"])
    fresh = owner.guests.reissue(made["id"])
    assert _rows(conn, "SELECT * FROM sheet") == []
    assert conn.execute("SELECT guest_state()").fetchone()[0] == "re-issued"
    conn.close()
    with pytest.raises(psycopg.OperationalError):
        _raw(made["link"])  # the old secret signs in no more
    with pytest.raises(AccessDenied, match="altered or re-issued"):
        Flatspace(fs.root / "elsewhere").open_link(made["link"])
    again = _raw(fresh["link"])
    assert len(_rows(again, "SELECT * FROM sheet")) == 2
    again.close()


def test_a_space_that_stops_allowing_the_links_kind_ends_it_on_the_server(fs, admin, team):
    owner = fs.open(admin, team)
    conn = _raw(owner.guests.share_link()["link"])
    assert len(_rows(conn, "SELECT * FROM sheet")) == 2
    owner.update(guest_authentication=["magic_link"])
    assert _rows(conn, "SELECT * FROM sheet") == []
    assert conn.execute("SELECT guest_state()").fetchone()[0] == "not allowed"
    conn.close()


def test_a_guest_of_a_workbook_reads_the_workbooks_added_later_only_when_granted(fs, admin, team, elsewhere):
    owner = fs.open(admin, team)
    wid = owner.info()["workbooks"][0]["id"]
    link = owner.guests.invite("Gia", "gia@example.com", workbooks=[wid])["link"]
    owner.workbooks.create({"name": "Later", "sheets": [{"name": "Notes", "slug": "notes",
                                                         "fields": [{"key": "t", "type": "string"}]}]})
    owner.records.add("notes", [{"t": "private"}])
    conn = _raw(link)
    slugs = sorted(r[0] for r in _rows(conn, "SELECT slug FROM sheet"))
    assert slugs == ["contacts", "payroll"]
    notes = owner.space.resolve_sheet("notes").id
    assert _rows(conn, f"SELECT * FROM rec_{notes}") == []
    conn.close()
    whole = _raw(owner.guests.invite("Wes", "wes@example.com")["link"])
    assert [r[1] for r in _rows(whole, f"SELECT rid, f1 FROM rec_{notes}")] == ["private"]
    whole.close()


def test_removing_a_guest_or_the_space_drops_its_roles(fs, admin, team):
    owner = fs.open(admin, team)
    made = owner.guests.invite("Gia", "gia@example.com")
    role = urlsplit(parse_qs(urlsplit(made["link"]).query)["server"][0]).username

    def roles() -> set:
        with psycopg.connect(SERVER, autocommit=True) as c:
            return {r[0] for r in c.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE 'fsg%'")}

    assert role in roles()
    owner.guests.delete(made["id"])
    assert role not in roles()
    owner.guests.invite("Ivo", "ivo@example.com")
    group = role.rsplit("_", 1)[0]
    assert group in roles()
    fs.delete_space(admin, team)
    assert not {r for r in roles() if r.startswith(group)}


def test_the_guests_computer_deletes_only_its_own_copy(fs, admin, team, elsewhere):
    guest = elsewhere.open_link(fs.open(admin, team).guests.invite("Gia", "gia@example.com")["link"])
    assert elsewhere.open(guest, team).info()["name"] == "Vendors"
    elsewhere.delete_space(admin, team)
    assert team not in elsewhere.catalog.ids()
    assert len(fs.open(admin, team).records.list("contacts")) == 2  # still on the server, whole


def test_a_space_moved_back_to_a_computer_leaves_no_role_on_the_server(fs, admin, team, elsewhere):
    made = fs.open(admin, team).guests.invite("Gia", "gia@example.com")
    guest = elsewhere.open_link(made["link"])
    fs.move_space(admin, team, "local")
    with psycopg.connect(SERVER, autocommit=True) as c:
        left = c.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                         (server.schema_for(team).replace("fs_", "fsg_", 1) + "%",)).fetchall()
    assert left == []
    with pytest.raises(DatabaseError, match="no longer on its server"):
        elsewhere.open(guest, team)
    assert fs.open(admin, team).guests.list()[0]["name"] == "Gia"  # the guest is still the Space's


def test_an_owner_whose_login_may_not_make_roles_gets_a_link_that_says_so(fs, admin):
    import secrets

    role, password = f"fs_plain_{secrets.token_hex(4)}", secrets.token_hex(8)
    with psycopg.connect(SERVER, autocommit=True) as c:
        c.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        c.execute(f"GRANT CREATE ON DATABASE {urlsplit(SERVER).path.strip('/')} TO {role}")
    sid = fs.create_space(admin, "Plain", blueprint=BLUEPRINT, server=server.as_role(SERVER, role, password))["id"]
    made = fs.open(admin, sid).guests.invite("Gia", "gia@example.com")
    assert "server=" not in made["link"] and "CREATEROLE" in made["note"]
    guest = fs.open_link(made["link"])  # on the computer that holds the address, as before
    assert fs.open(guest, sid).info()["name"] == "Plain"
    fs.delete_space(admin, sid)


def test_an_expired_link_is_refused_and_logged_by_the_server(fs, admin, team, elsewhere):
    owner = fs.open(admin, team)
    made = owner.guests.share_link(expires="1h")
    owner.space.db.execute_sql("UPDATE guest SET expires_at = '2000-01-01T00:00:00.000Z'")
    with pytest.raises(AccessDenied, match="expired"):
        elsewhere.open_link(made["link"])
    assert [e["reason"] for e in owner.guests.access_log()] == ["expired"]


def test_a_guest_sorts_reads_the_recipe_and_hears_only_of_its_own_sheets(fs, admin, team, elsewhere):
    from flatspace_desktop.domain.prep.recipes import Step
    from flatspace_desktop.domain.records import View

    owner = fs.open(admin, team)
    link = owner.guests.invite("Gia", "gia@example.com", sheets=["contacts"])["link"]
    owner.prep.transform("contacts", Step.create("change_case", {"case": "upper"}, ["email"]))
    guest = elsewhere.open_link(link)
    s = elsewhere.open(guest, team)
    desc = s.records.list("contacts", View(sort="email", descending=True))
    assert [r.values["email"].lower() for r in desc] == ["bo@example.com", "ana@example.com"]
    assert [step.op for step in s.prep.recipe("contacts").steps] == ["change_case"]
    before = elsewhere.last_activity(team)
    owner.records.add("payroll", [{"pay": 1}])
    changes, last = elsewhere.changes_since(team, before)
    assert last > before and not changes  # told something happened, not what, on a sheet not its own
    owner.records.add("contacts", [{"email": "cy@example.com"}])
    changes, _ = elsewhere.changes_since(team, last)
    assert changes.sheet(s.sheet("contacts").id)


def test_the_command_line_says_a_guests_delete_took_only_its_copy(fs, admin, team, tmp_path):
    import subprocess
    import sys

    link = fs.open(admin, team).guests.invite("Gia", "gia@example.com")["link"]
    home = tmp_path / "gia"
    run = lambda *a: subprocess.run([sys.executable, "-m", "flatspace_desktop", "--data-dir", str(home), *a],  # noqa: E731
                                    capture_output=True, text=True, env={**os.environ, "FLATSPACE_SERVER": ""})
    assert run("open", link, "--check").returncode == 0
    shown = run("space", "show", team)
    assert shown.returncode != 0 and "through a guest's link" in shown.stderr and "Traceback" not in shown.stderr
    gone = run("space", "delete", team)
    assert gone.stdout.strip() == f"removed this computer's copy of {team} (a guest's: the Space stays on its server)"
    assert fs.open(admin, team).info()["name"] == "Vendors"
