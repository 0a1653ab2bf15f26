"""space move: a Space taken, whole, from this computer to a PostgreSQL server and back, with
its records, messages, history, files, documents, guests and theme, and nothing else changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from support import RESOURCES, ROOT
from flatspace_desktop.domain.errors import FlatspaceError, InvalidInput
from flatspace_desktop.storage.server import schema_for, shown_url

SERVER = os.environ.get("FLATSPACE_TEST_SERVER")
pytestmark = [pytest.mark.skipif(not SERVER, reason="no PostgreSQL server: set FLATSPACE_TEST_SERVER (.ci/run does)"),
              pytest.mark.local_space]  # made on this computer first


def _rich(fs, admin) -> tuple[str, int]:
    """A Space with a bit of everything, and the id of its snapshot "before"."""
    bp = json.loads((RESOURCES / "sample_blueprint.json").read_text())
    sid = fs.create_space(admin, "Rich", blueprint=bp)["id"]
    s = fs.open(admin, sid)
    s.records.import_file("contacts", RESOURCES / "sample_contacts.csv")
    s.records.import_file("companies", RESOURCES / "sample_companies.csv")
    snap = s.history.take("before")["id"]
    s.files.upload(ROOT / "tests" / "data" / "utf8_bom_comma.csv")
    first = s.records.list("contacts")[:2]
    s.records.update("contacts", {first[0].rid: {"firstName": "Zed"}})
    s.records.delete("contacts", [first[1].rid])
    s.documents.add("Notes", "# Hi")
    s.guests.invite("Ana", "ana@example.com", read_only=True)
    s.theme.set({"root": {"primaryColor": "#aa3300"}})
    return sid, snap


def _state(fs, admin, sid) -> dict:
    """Everything a person sees of the Space, but where it is kept."""
    s = fs.open(admin, sid)
    info = s.info()
    for k in ("server", "lastActivityAt", "updatedAt", "folder"):
        info.pop(k, None)
    out = {"info": info, "files": [(f["name"], f["sha256"]) for f in s.files.list()],
           "docs": [(d["title"], d["body"]) for d in s.documents.list()],
           "guests": [(g["name"], g["readOnly"]) for g in s.guests.list()],
           "snapshots": [(x["id"], x["label"]) for x in s.history.list()], "theme": s.theme.get()}
    for wb in info["workbooks"]:
        for sh in wb["sheets"]:
            out[sh["slug"]] = [(r.rid, r.values, r.messages) for r in s.records.list(sh["slug"], limit=10_000)]
    return json.loads(json.dumps(out, default=str))


def test_a_space_moves_to_the_server_whole_and_back(fs, admin, tmp_path):
    from flatspace_desktop.services.app import Flatspace

    sid, snap = _rich(fs, admin)
    before = _state(fs, admin, sid)
    folder = fs.catalog.folder(sid)

    moved = fs.move_space(admin, sid, SERVER)
    assert moved["server"] == shown_url(SERVER)
    assert not (folder / "space.sqlite").exists() and (folder / "server.json").is_file()
    assert _state(fs, admin, sid) == before

    # another computer joins it: the same records, and the file's content from the server
    ben = Flatspace(tmp_path / "ben")
    try:
        ben.join_space(admin, SERVER, sid)
        assert _state(ben, admin, sid) == before
        f = ben.open(admin, sid).files.list()[0]
        assert ben.open(admin, sid).files.path(f["id"]).read_bytes() == (
            ROOT / "tests" / "data" / "utf8_bom_comma.csv").read_bytes()
    finally:
        ben.close()

    # its history came along: a record added gets an id never handed out, a restore goes back
    s = fs.open(admin, sid)
    top = max(r.rid for r in s.records.list("contacts", limit=10_000))
    assert s.records.add("contacts", [{"firstName": "New"}])[0] > top
    on_server = _state(fs, admin, sid)
    s.history.restore(snap)
    restored = _state(fs, admin, sid)
    assert len(restored["contacts"]) == len(before["contacts"]) + 1  # the deleted one back, the new one gone
    assert "Zed" not in json.dumps(restored["contacts"])
    s.history.restore(max(x["id"] for x in s.history.list()))  # the snapshot the restore took first
    assert _state(fs, admin, sid)["contacts"] == on_server["contacts"]

    # and back to this computer: off the server
    back = fs.move_space(admin, sid, "local")
    assert "server" not in back or back["server"] is None
    assert (folder / "space.sqlite").is_file() and not (folder / "server.json").exists()
    assert _state(fs, admin, sid)["contacts"] == on_server["contacts"]
    cy = Flatspace(tmp_path / "cy")
    try:
        with pytest.raises(FlatspaceError, match="holds no readable Space"):
            cy.join_space(admin, SERVER, sid)
    finally:
        cy.close()


def test_a_move_to_where_the_space_is_or_over_another_is_refused(fs, admin):
    sid = fs.create_space(admin, "Here")["id"]
    with pytest.raises(InvalidInput, match="kept on this computer already"):
        fs.move_space(admin, sid, "local")
    with pytest.raises(InvalidInput, match="not"):
        fs.move_space(admin, sid, "mysql://db/x")
    fs.move_space(admin, sid, SERVER)
    with pytest.raises(InvalidInput, match="move it to local first"):
        fs.move_space(admin, sid, SERVER)
    fs.move_space(admin, sid, "local")
    # a schema by its name on the server already (another Space's, or a move cut off after its copy)
    from flatspace_desktop.storage.server import connect

    connect(SERVER, schema_for(sid), create=True).close()
    with pytest.raises(InvalidInput, match="holds a Space .* already: nothing was moved"):
        fs.move_space(admin, sid, SERVER)
    assert (fs.catalog.folder(sid) / "space.sqlite").is_file()
    assert fs.open(admin, sid).info()["name"] == "Here"


def test_a_move_cut_off_before_its_end_leaves_the_space_where_it_was(fs, admin, monkeypatch):
    from flatspace_desktop.storage import transfer

    sid = fs.create_space(admin, "Kept")["id"]
    fs.open(admin, sid).documents.add("Notes", "kept")

    def broken(src, dst):
        raise FlatspaceError("the line went down")
    monkeypatch.setattr(transfer, "check_whole", broken)
    with pytest.raises(FlatspaceError, match="the line went down"):
        fs.move_space(admin, sid, SERVER)
    assert (fs.catalog.folder(sid) / "space.sqlite").is_file()
    assert not (fs.catalog.folder(sid) / "server.json").exists()
    assert [d["title"] for d in fs.open(admin, sid).documents.list()] == ["Notes"]
    monkeypatch.undo()
    fs.move_space(admin, sid, SERVER)  # tried again: what the first left on the server is not in the way
    assert [d["title"] for d in fs.open(admin, sid).documents.list()] == ["Notes"]


def test_another_program_on_the_moved_space_follows_it(fs, admin):
    from flatspace_desktop.services.app import Flatspace

    sid = fs.create_space(admin, "Shared")["id"]
    other = Flatspace(fs.root)
    try:
        other.open(admin, sid).documents.add("First", "")
        fs.move_space(admin, sid, SERVER)
        other.open(admin, sid).documents.add("Second", "")  # written to the server, not to the old file
        assert [d["title"] for d in fs.open(admin, sid).documents.list()] == ["First", "Second"]
    finally:
        other.close()


def test_the_command_line_moves_a_space_and_says_where(tmp_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "flatspace_desktop", "--data-dir", str(tmp_path), *args],
                              capture_output=True, text=True, env={**os.environ, "FLATSPACE_SERVER": ""})

    sid = json.loads(cli("--json", "space", "create", "Moving").stdout)["id"]
    out = cli("space", "move", sid, "--to", SERVER)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"moved Space Moving ({sid}) to the server {shown_url(SERVER)} (a Team Space)"
    out = cli("space", "move", "Moving", "--to", "local")
    assert out.stdout.strip() == f"moved Space Moving ({sid}) to this computer"
    again = cli("space", "move", sid, "--to", "local")
    assert again.returncode != 0 and again.stderr.strip() == f"flatspace: {sid} is kept on this computer already"


def test_a_team_space_exports_to_a_flatspace_file_that_opens_on_a_computer_alone(fs, admin, tmp_path):
    from flatspace_desktop.services.app import Flatspace

    sid, _snap = _rich(fs, admin)
    fs.move_space(admin, sid, SERVER)
    before = _state(fs, admin, sid)
    out = tmp_path / "rich.flatspace"
    fs.open(admin, sid).export(out)
    alone = Flatspace(tmp_path / "alone", default_server="")
    try:
        got = alone.import_space(admin, out)
        assert got.get("server") is None
        assert _state(alone, admin, got["id"]) | {"info": None} == before | {"info": None}  # (its id may differ)
        f = alone.open(admin, got["id"]).files.list()[0]
        assert alone.open(admin, got["id"]).files.path(f["id"]).read_bytes() == (
            ROOT / "tests" / "data" / "utf8_bom_comma.csv").read_bytes()
    finally:
        alone.close()


def test_a_program_on_a_team_space_moved_back_here_follows_it_and_another_computer_is_told(fs, admin, tmp_path):
    from flatspace_desktop.domain.errors import DatabaseError
    from flatspace_desktop.services.app import Flatspace

    sid = fs.create_space(admin, "Round", server=SERVER)["id"]
    window = Flatspace(fs.root)  # ana's window, open on the Team Space
    ben = Flatspace(tmp_path / "ben")
    try:
        window.open(admin, sid).documents.add("First", "")
        ben.join_space(admin, SERVER, sid)
        assert [d["title"] for d in ben.open(admin, sid).documents.list()] == ["First"]
        fs.move_space(admin, sid, "local")
        window.open(admin, sid).documents.add("Second", "")  # to this computer's copy, not a schema gone
        assert [d["title"] for d in fs.open(admin, sid).documents.list()] == ["First", "Second"]
        with pytest.raises(DatabaseError, match="no longer on its server"):
            ben.open(admin, sid).documents.list()
    finally:
        window.close()
        ben.close()
