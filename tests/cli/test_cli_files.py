"""`flatspace file ...`: the Space's Files from the command line, as the window has them."""


import pytest

from support import DATA, RESOURCES, run_cli, run_cli_json


run, run_json = run_cli, run_cli_json


@pytest.fixture
def space(capsys, isolated_home):
    created = run_json(capsys, "space", "create", "Acme")
    run(capsys, "workbook", "create", created["id"], "--blueprint", str(RESOURCES / "sample_blueprint.json"))
    return created["id"]


def test_upload_list_show_import_save_and_delete(capsys, space, tmp_path):
    up = run_json(capsys, "file", "upload", space, str(RESOURCES / "sample_contacts.csv"))
    assert (up["name"], up["kind"], up["status"]) == ("sample_contacts.csv", "csv", "uploaded")
    code, out, _ = run(capsys, "file", "list", space)
    assert code == 0 and "sample_contacts.csv" in out and "uploaded" in out

    code, out, _ = run(capsys, "file", "show", space, str(up["id"]), "--rows", "2")
    assert code == 0 and "sample_contacts.csv" in out and "E-mail" in out
    shown = run_json(capsys, "file", "show", space, str(up["id"]), "--rows", "2")
    assert len(shown["rows"]) == 2 and "E-mail" in shown["headers"]

    result = run_json(capsys, "file", "import", space, str(up["id"]), "--sheet", "contacts")
    assert result["imported"] == 7
    assert run_json(capsys, "file", "show", space, str(up["id"]))["status"] == "extracted"
    assert len(run_json(capsys, "records", space, "contacts", "--limit", "100")) == 7

    assert run_json(capsys, "file", "rename", space, str(up["id"]), "contacts-march.csv")["name"] == "contacts-march.csv"
    code, out, _ = run(capsys, "file", "save", space, str(up["id"]), str(tmp_path / "copy.csv"))
    assert code == 0
    assert (tmp_path / "copy.csv").read_bytes() == (RESOURCES / "sample_contacts.csv").read_bytes()

    code, out, _ = run(capsys, "file", "delete", space, str(up["id"]))
    assert code == 0 and "deleted" in out
    code, out, _ = run(capsys, "file", "list", space)
    assert "no files" in out
    assert len(run_json(capsys, "records", space, "contacts", "--limit", "100")) == 7  # the records stay


def test_bad_input_is_one_line_with_its_exit_code(capsys, space, tmp_path):
    code, _, err = run(capsys, "file", "show", space, "99")
    assert code == 3 and err.strip() == "flatspace: no file 99 in this Space"
    code, _, err = run(capsys, "file", "upload", space, str(DATA / "binary_renamed.csv"))
    assert code == 1 and len(err.strip().splitlines()) == 1 and "not added" in err
    assert run_json(capsys, "file", "list", space) == []
    up = run_json(capsys, "file", "upload", space, str(RESOURCES / "sample_contacts.csv"))
    code, _, err = run(capsys, "file", "rename", space, str(up["id"]), "contacts.xlsx")
    assert code == 1 and "keep the extension .csv" in err
    code, _, err = run(capsys, "file", "import", space, str(up["id"]), "--sheet", "nosuch")
    assert code == 3 and len(err.strip().splitlines()) == 1
    assert run_json(capsys, "file", "show", space, str(up["id"]))["status"] == "uploaded"
    code, _, err = run(capsys, "file", "save", space, str(up["id"]), str(tmp_path / "no" / "such" / "dir.csv"))
    assert code == 1 and err.startswith("flatspace: cannot write")


def test_a_guest_sees_only_the_files_of_the_sheets_granted(capsys, space):
    run_json(capsys, "file", "upload", space, str(RESOURCES / "sample_contacts.csv"))
    run_json(capsys, "space", "update", space, "--guest-auth", "shared_link")
    link = run_json(capsys, "guest", "share", space, "--sheet", "companies")["link"]
    assert run_json(capsys, "--link", link, "file", "list", space) == []
    mine = run_json(capsys, "--link", link, "file", "upload", space, str(RESOURCES / "sample_companies.csv"))
    assert [f["id"] for f in run_json(capsys, "--link", link, "file", "list", space)] == [mine["id"]]
    code, _, err = run(capsys, "--link", link, "file", "show", space, "1")
    assert code == 3


def test_undo_and_redo_from_the_command_line(capsys, space):
    run(capsys, "import", space, str(RESOURCES / "sample_companies.csv"), "--sheet", "companies")
    first = run_json(capsys, "records", space, "companies", "--limit", "1")[0]
    code, out, err = run(capsys, "undo", space)
    assert code == 3 and "nothing to undo" in err  # an import is restored from the timeline, not undone
    code, _, err = run(capsys, "replace", space, "companies", first["values"]["name"]["value"], "Renamed", "--field", "name")
    assert code == 0, err
    code, out, _ = run(capsys, "undo", space, "--list")
    assert code == 0 and "Replace" in out and "done" in out
    code, out, _ = run(capsys, "undo", space, "--sheet", "companies")
    assert code == 0 and out.startswith("undid “Replace")
    assert run_json(capsys, "records", space, "companies", "--limit", "1")[0]["values"]["name"] == first["values"]["name"]
    assert run_json(capsys, "redo", space)["undone"] is False
    assert run_json(capsys, "records", space, "companies", "--limit", "1")[0]["values"]["name"]["value"] == "Renamed"
