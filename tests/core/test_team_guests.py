"""A Team Space's guests are kept to their grant by the server itself: each link is a role of
the server's, and the guest's desktop signs in with it. What Flatspace refuses the server
refuses too, to anyone holding only the guest's credentials."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from support import RESOURCES, write
from flatspace_desktop.domain.errors import AccessDenied
from flatspace_desktop.storage.server import as_role, schema_for

SERVER = os.environ.get("FLATSPACE_TEST_SERVER")
pytestmark = pytest.mark.skipif(not SERVER, reason="no PostgreSQL server: set FLATSPACE_TEST_SERVER (.ci/run does)")


@pytest.fixture
def team(fs, admin, tmp_path):
    """A Team Space with contacts (granted below) and a private salaries sheet."""
    bp = json.loads((RESOURCES / "sample_blueprint.json").read_text())
    sid = fs.create_space(admin, "Team", blueprint=bp, server=SERVER,
                          guest_authentication=["magic_link", "shared_link"])["id"]
    fs.open(admin, sid).workbooks.create({"name": "Private", "sheets": [
        {"name": "Salaries", "slug": "salaries", "fields": [{"key": "who", "type": "string"}]}]})
    s = fs.open(admin, sid)
    s.records.import_file("contacts", RESOURCES / "sample_contacts.csv")
    s.records.import_file("salaries", write(tmp_path / "pay.csv", "who\nthe boss\n"))
    return sid


def _link_parts(link: str) -> tuple[str, str]:
    """(the server address the link names, with the guest's password), and its token."""
    q = parse_qs(urlsplit(link).query)
    token = q["token"][0]
    return as_role(q["server"][0], urlsplit(q["server"][0]).username,
                   hashlib.sha256(token.encode()).hexdigest()), token


def _as_guest(link: str, schema: str):
    url, _token = _link_parts(link)
    conn = psycopg.connect(url, autocommit=True)
    conn.execute(f'SET search_path = "{schema}"')
    return conn


def _sheet_id(fs, admin, sid, slug) -> int:
    return fs.open(admin, sid).sheet(slug).id


def test_with_only_a_guests_credentials_the_server_shows_only_the_grant(fs, admin, team):
    sid = team
    link = fs.open(admin, sid).guests.invite("Gina", "gina@x.example", sheets=["contacts"])["link"]
    other = fs.open(admin, sid).guests.share_link()["link"]
    assert "server=" in link and "password" not in link.lower()
    contacts, salaries = _sheet_id(fs, admin, sid, "contacts"), _sheet_id(fs, admin, sid, "salaries")
    with _as_guest(link, schema_for(sid)) as conn:
        assert conn.execute(f"SELECT count(*) FROM rec_{contacts}").fetchone()[0] == 7
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"SELECT * FROM rec_{salaries}")
        assert [r[0] for r in conn.execute("SELECT name FROM workbook")] == ["Customer onboarding"]
        assert [r[0] for r in conn.execute("SELECT slug FROM sheet")] == ["contacts"]
        assert conn.execute("SELECT count(*) FROM guest").fetchone()[0] == 1  # its own row, not the others'
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM guest")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("CREATE TABLE mine (x int)")
    assert other  # a second guest, whose row Gina's role never saw


def test_a_read_only_guests_role_cannot_write_even_bypassing_flatspace(fs, admin, team):
    sid = team
    link = fs.open(admin, sid).guests.share_link(sheets=["contacts"], read_only=True)["link"]
    contacts = _sheet_id(fs, admin, sid, "contacts")
    with _as_guest(link, schema_for(sid)) as conn:
        assert conn.execute(f"SELECT count(*) FROM rec_{contacts}").fetchone()[0] == 7
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"UPDATE rec_{contacts} SET n_err = 0")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"DELETE FROM rec_{contacts}")


@pytest.mark.skipif(not SERVER or urlsplit(SERVER).password is None,
                    reason="a server that asks no password (trust) lets any secret in: .ci/postgres asks one")
def test_revoking_reissuing_and_removing_a_link_follow_on_the_server(fs, admin, team):
    sid = team
    g = fs.open(admin, sid).guests.invite("Gina", "gina@x.example", sheets=["contacts"])
    fs.open(admin, sid).guests.revoke(g["id"])
    with pytest.raises(psycopg.OperationalError):
        _as_guest(g["link"], schema_for(sid))
    again = fs.open(admin, sid).guests.reissue(g["id"])
    with pytest.raises(psycopg.OperationalError):  # the old link's secret signs in no more
        _as_guest(g["link"], schema_for(sid))
    _as_guest(again["link"], schema_for(sid)).close()
    fs.open(admin, sid).guests.delete(g["id"])
    with pytest.raises(psycopg.OperationalError):
        _as_guest(again["link"], schema_for(sid))


def test_a_workbook_added_later_reaches_a_guest_of_the_whole_space_only(fs, admin, team):
    sid = team
    whole = fs.open(admin, sid).guests.share_link()["link"]
    one = fs.open(admin, sid).guests.share_link(sheets=["contacts"])["link"]
    fs.open(admin, sid).workbooks.create({"name": "Later", "sheets": [
        {"name": "Notes", "slug": "notes", "fields": [{"key": "text", "type": "string"}]}]})
    notes = _sheet_id(fs, admin, sid, "notes")
    with _as_guest(whole, schema_for(sid)) as conn:
        assert conn.execute(f"SELECT count(*) FROM rec_{notes}").fetchone()[0] == 0
    with _as_guest(one, schema_for(sid)) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(f"SELECT count(*) FROM rec_{notes}")


def _cli(home, *args):
    return subprocess.run([sys.executable, "-m", "flatspace_desktop", "--data-dir", str(home), *args],
                          capture_output=True, text=True, env={**os.environ, "FLATSPACE_SERVER": ""})


def test_a_guests_desktop_opens_the_link_with_the_guests_role(fs, admin, team, tmp_path):
    sid = team
    link = fs.open(admin, sid).guests.invite("Gina", "gina@x.example", sheets=["contacts"])["link"]
    guest_home = tmp_path / "gina"
    out = _cli(guest_home, "--link", link, "counts", sid, "contacts")
    assert out.returncode == 0, out.stderr
    assert "7" in out.stdout
    where = json.loads((guest_home / "spaces" / sid / "server.json").read_text())
    assert urlsplit(where["server"]).username.startswith("fsg_")  # never the owner's role
    out = _cli(guest_home, "--link", link, "records", sid, "salaries")
    assert out.returncode != 0 and len(out.stderr.strip().splitlines()) == 1 and "Salaries" not in out.stderr
    out = _cli(guest_home, "--link", link, "records", "set", sid, "contacts", "1", "firstName=Gina")
    fs.open(admin, sid).guests.revoke(fs.open(admin, sid).guests.list()[0]["id"])
    out = _cli(guest_home, "--link", link, "counts", sid, "contacts")
    assert out.returncode != 0 and "ask the Space's owner for a new one" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_an_altered_link_to_a_space_not_here_leaves_nothing_behind(fs, admin, team, tmp_path):
    from flatspace_desktop.services.app import Flatspace

    link = fs.open(admin, team).guests.share_link()["link"]
    bad = link.replace("token=", "token=x")
    alone = Flatspace(tmp_path / "alone", default_server="")
    try:
        with pytest.raises(AccessDenied):
            alone.open_link(bad)
        assert alone.catalog.ids() == []
    finally:
        alone.close()
