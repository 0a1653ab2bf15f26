"""`--link` on the command line (issue 12, items 12 to 14): a link given but empty or malformed is
refused, never the owner's rights; a guest limited to one sheet reads nothing of the others; an
open that meets a Space busy with a long write says so in one line."""

import json
import sqlite3

import pytest

from support import RESOURCES
from flatspace_desktop.cli.main import main
from flatspace_desktop.storage import db


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def space(capsys, isolated_home):
    sid = json.loads(run(capsys, "--json", "space", "create", "Acme", "--guest-auth", "shared_link")[1])["id"]
    run(capsys, "workbook", "create", sid, "--blueprint", str(RESOURCES / "sample_blueprint.json"))
    return sid


def _private(tmp_path) -> str:
    path = tmp_path / "private.json"
    path.write_text(json.dumps({"name": "Private", "sheets": [
        {"name": "Salaries", "slug": "salaries", "fields": [{"key": "who", "type": "string"}]}]}))
    return str(path)


@pytest.mark.parametrize("link", ["", "   ", "flatspace://open?space=x", "not a link"])
def test_a_link_given_but_empty_or_malformed_is_refused_not_the_owner(capsys, space, link):
    for args in (["--link", link, "space", "rename", space, "Mine"], ["space", "rename", space, "Mine", "--link", link],
                 ["--link", link, "guest", "list", space]):
        code, out, err = run(capsys, *args)
        assert code == 5 and out == "" and err.startswith("flatspace: ") and err.count("\n") == 1, (args, err)
        assert "not a Flatspace link" in err
    code, out, _ = run(capsys, "--json", "space", "show", space)
    assert json.loads(out)["name"] == "Acme"


def test_a_guest_limited_to_one_sheet_sees_only_that_sheet_from_the_command_line(capsys, space, tmp_path):
    run(capsys, "workbook", "create", space, "--blueprint", _private(tmp_path))
    run(capsys, "import", space, str(RESOURCES / "sample_contacts.csv"), "--sheet", "contacts")
    run(capsys, "snapshot", space, "--label", "before the salaries")
    code, out, _ = run(capsys, "--json", "guest", "share", space, "--sheet", "contacts")
    link = json.loads(out)["link"]
    code, out, _ = run(capsys, "--json", "--link", link, "space", "show", space)
    shown = json.loads(out)["workbooks"]
    assert [(w["name"], [s["slug"] for s in w["sheets"]]) for w in shown] == [("Customer onboarding", ["contacts"])]
    code, out, _ = run(capsys, "--link", link, "workbook", "blueprint", space, "Customer onboarding")
    assert code == 0 and [s["slug"] for s in json.loads(out)["sheets"]] == ["contacts"]
    for args, exit_code in ((["timeline", space], 5), (["--json", "timeline", space], 5),
                            (["counts", space, "salaries"], 5), (["records", space, "companies"], 5),
                            (["counts", space, "payroll"], 3), (["workbook", "blueprint", space, "Private"], 3)):
        code, out, err = run(capsys, "--link", link, *args)
        assert code == exit_code and out == "" and err.count("\n") == 1, (args, code, err)
        assert not [h for h in ("salaries", "companies", "Private", "before the salaries") if h in err
                    and h not in args], err  # only what the guest typed is named back
    code, _, err = run(capsys, "--link", link, "counts", space, "payroll")
    assert "(sheets: contacts)" in err


@pytest.mark.local_space
def test_an_open_meeting_a_long_write_says_busy_in_one_line(capsys, space, isolated_home, monkeypatch):
    code, out, _ = run(capsys, "--json", "guest", "share", space)
    link = json.loads(out)["link"]
    monkeypatch.setitem(db.PRAGMAS, "busy_timeout", 200)  # the 15 s wait, shortened for the test
    holder = sqlite3.connect(isolated_home / "spaces" / space / "space.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program's import, writing
    try:
        code, out, err = run(capsys, "--link", link, "counts", space, "contacts")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 4 and out == "" and err.count("\n") == 1 and "busy" in err and "Try again" in err
    code, out, _ = run(capsys, "--json", "--link", link, "counts", space, "contacts")
    assert code == 0 and json.loads(out)["total"] == 0
