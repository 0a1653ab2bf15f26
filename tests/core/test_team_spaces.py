"""Team Spaces: a Space kept on a PostgreSQL server, opened from two computers (two data roots).

The rest of the suite runs on a server too when $FLATSPACE_TEST_SERVER names one (.ci/run's
second run); these tests are about what only a server Space has: its address, a second
computer joining it, and each seeing what the other wrote."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from support import RESOURCES
from flatspace_desktop.storage.server import shown_url, translate

SERVER = os.environ.get("FLATSPACE_TEST_SERVER")
needs_server = pytest.mark.skipif(not SERVER, reason="no PostgreSQL server: set FLATSPACE_TEST_SERVER (.ci/run does)")


def test_the_storage_layers_statements_are_translated_only_where_mechanical():
    assert translate("INSERT OR IGNORE INTO temp.aff_1(rid) SELECT rid FROM msg_1 WHERE rule = ?") == (
        "INSERT INTO pg_temp.aff_1(rid) SELECT rid FROM msg_1 WHERE rule = %s ON CONFLICT DO NOTHING")
    # a ? or % inside a literal is text; a LIKE pattern's % survives psycopg's reading
    assert translate("SELECT '?', 'a%b' FROM t WHERE x LIKE ? AND y % 2 = 1") == (
        "SELECT '?', 'a%%b' FROM t WHERE x LIKE %s AND y %% 2 = 1")
    assert translate("SELECT 1 FROM pg_class WHERE relname = %s") == "SELECT 1 FROM pg_class WHERE relname = %s"


def test_an_address_is_shown_without_its_password():
    assert shown_url("postgresql://ana:s3cret@db.example:5432/team") == "postgresql://ana:***@db.example:5432/team"
    assert shown_url("postgresql://ana@db.example/team") == "postgresql://ana@db.example/team"


def _cli(home, *args):
    return subprocess.run([sys.executable, "-m", "flatspace_desktop", "--data-dir", str(home), *args],
                          capture_output=True, text=True, env={**os.environ, "FLATSPACE_SERVER": ""})


@needs_server
def test_a_team_space_is_made_on_the_server_and_joined_from_another_computer(tmp_path):
    first, second = tmp_path / "ana", tmp_path / "ben"
    made = _cli(first, "--json", "space", "create", "Vendors", "--server", SERVER)
    assert made.returncode == 0, made.stderr
    sid = json.loads(made.stdout)["id"]
    assert json.loads(made.stdout)["server"] == shown_url(SERVER)
    assert not (first / "spaces" / sid / "space.sqlite").exists()  # the data is on the server
    shown = _cli(first, "space", "show", sid)
    assert f"kept on: {shown_url(SERVER)} (a Team Space)" in shown.stdout

    joined = _cli(second, "space", "join", sid, "--server", SERVER)
    assert joined.returncode == 0, joined.stderr
    assert joined.stdout.strip() == f"joined Team Space Vendors ({sid}) on {shown_url(SERVER)}"
    listed = _cli(second, "space", "list")
    assert sid in listed.stdout and "Vendors" in listed.stdout

    again = _cli(second, "space", "join", sid, "--server", SERVER)
    assert again.returncode != 0 and again.stderr.strip() == f"flatspace: this computer has a Space {sid} already"
    nothing = _cli(tmp_path / "cy", "space", "join", "us_sp_nothere", "--server", SERVER)
    assert nothing.returncode != 0 and len(nothing.stderr.strip().splitlines()) == 1
    assert "holds no readable Space" in nothing.stderr


@needs_server
def test_what_one_computer_writes_the_other_reads_and_notices(tmp_path, admin, sample_blueprint):
    from flatspace_desktop.services.app import Flatspace

    ana, ben = Flatspace(tmp_path / "ana", default_server=SERVER), Flatspace(tmp_path / "ben")
    try:
        sid = ana.create_space(admin, "Club", blueprint=sample_blueprint)["id"]
        ana.open(admin, sid).records.import_file("contacts", RESOURCES / "sample_contacts.csv")
        ben.join_space(admin, SERVER, sid)
        theirs = ben.open(admin, sid).records
        assert theirs.counts("contacts") == ana.open(admin, sid).records.counts("contacts")
        first = theirs.list("contacts")[0]
        version, seen = ben.data_version(sid), ben.last_activity(sid)

        ana.open(admin, sid).records.update("contacts", {first.rid: {"firstName": "Zoë"}})
        assert ben.data_version(sid) != version  # the other desktop's window looks again
        changes, _seen = ben.changes_since(sid, seen)
        assert changes.outside and (changes.records or changes.all_records)
        assert theirs.list("contacts")[0].values["firstName"] == "Zoë"

        # both keep a cell's type as written: text that looks like a number stays text
        ben.open(admin, sid).records.update("contacts", {first.rid: {"firstName": "130"}})
        assert ana.open(admin, sid).records.list("contacts")[0].values["firstName"] == "130"
    finally:
        ana.close()
        ben.close()


@needs_server
def test_a_file_added_on_one_computer_is_read_on_the_other_and_removed_from_both(tmp_path, admin):
    from flatspace_desktop.services.app import Flatspace

    ana, ben = Flatspace(tmp_path / "ana", default_server=SERVER), Flatspace(tmp_path / "ben")
    try:
        sid = ana.create_space(admin, "Files")["id"]
        added = ana.open(admin, sid).files.upload(RESOURCES / "sample_contacts.csv")
        ben.join_space(admin, SERVER, sid)
        theirs = ben.open(admin, sid).files
        assert [f["name"] for f in theirs.list()] == ["sample_contacts.csv"]
        # ben's computer never had the file: its content comes from the server
        assert theirs.path(added["id"]).read_bytes() == (RESOURCES / "sample_contacts.csv").read_bytes()

        ana.open(admin, sid).files.delete(added["id"])
        assert theirs.list() == []
        fresh = Flatspace(tmp_path / "cy")
        try:
            fresh.join_space(admin, SERVER, sid)
            assert fresh.open(admin, sid).space.filestore().stored() == set()
        finally:
            fresh.close()
    finally:
        ana.close()
        ben.close()


@needs_server
def test_a_server_that_refuses_the_password_or_is_not_there_is_said_in_one_line(tmp_path):
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(SERVER)
    wrong = urlunsplit(parts._replace(netloc=f"{parts.username}:not-the-password@{parts.hostname}:{parts.port}"))
    nowhere = urlunsplit(parts._replace(netloc=f"{parts.username}@{parts.hostname}:1"))
    for url, why in ((nowhere, "refused"),) + (((wrong, "password authentication failed"),) if parts.password else ()):
        out = _cli(tmp_path, "space", "create", "X", "--server", url)
        assert out.returncode != 0 and len(out.stderr.strip().splitlines()) == 1, out.stderr
        assert out.stderr.startswith(f"flatspace: Could not connect to the server {shown_url(url)}: ")
        assert why in out.stderr and "not-the-password" not in out.stderr
    assert not any((tmp_path / "spaces").glob("*/server.json")) if (tmp_path / "spaces").exists() else True


@needs_server
def test_a_lost_connection_is_said_in_one_line_and_the_next_step_opens_a_new_one(fs, admin):
    import psycopg

    from flatspace_desktop.domain.errors import DatabaseError

    sid = fs.create_space(admin, "Cut", server=SERVER)["id"]
    pid = fs.open(admin, sid).space.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    with psycopg.connect(SERVER, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(DatabaseError, match="connection to the Team Space's server was lost: nothing was saved"):
        fs.open(admin, sid).documents.add("Lost", "")
    fs.open(admin, sid).documents.add("Kept", "")
    assert [d["title"] for d in fs.open(admin, sid).documents.list()] == ["Kept"]


def test_an_address_in_any_of_postgresqls_spellings_is_read_the_same():
    from flatspace_desktop.storage.server import check_url

    for url in ("postgres://ana@db.example:5433/team", "POSTGRESQL://ana@db.example:5433/team",
                " postgresql://ana@db.example:5433/team "):
        assert check_url(url) == "postgresql://ana@db.example:5433/team"


@needs_server
def test_a_team_space_joined_is_one_entry_whatever_the_ids_case_and_leaving_keeps_it_on_the_server(tmp_path):
    first, second = tmp_path / "ana", tmp_path / "ben"
    sid = json.loads(_cli(first, "--json", "space", "create", "Shared", "--server", SERVER).stdout)["id"]
    assert _cli(second, "space", "join", sid.upper(), "--server", SERVER).returncode == 0
    again = _cli(second, "space", "join", sid, "--server", SERVER)
    assert again.returncode != 0 and "already" in again.stderr
    left = _cli(second, "space", "leave", sid)
    assert left.returncode == 0 and left.stdout.strip() == f"left Team Space {sid}: it stays on its server for the others"
    assert sid not in _cli(second, "space", "list").stdout
    assert "Shared" in _cli(first, "space", "show", sid).stdout  # still there for ana
    here = json.loads(_cli(first, "--json", "space", "create", "Mine").stdout)["id"]
    refused = _cli(first, "space", "leave", here)
    assert refused.returncode != 0 and "kept on this computer, not on a server" in refused.stderr


@needs_server
def test_with_a_default_server_local_keeps_a_new_space_on_this_computer(tmp_path):
    home = tmp_path / "ana"
    out = subprocess.run([sys.executable, "-m", "flatspace_desktop", "--data-dir", str(home), "--json", "space",
                          "create", "Here", "--server", "local"], capture_output=True, text=True,
                         env={**os.environ, "FLATSPACE_SERVER": SERVER})
    assert out.returncode == 0, out.stderr
    assert (home / "spaces" / json.loads(out.stdout)["id"] / "space.sqlite").is_file()
