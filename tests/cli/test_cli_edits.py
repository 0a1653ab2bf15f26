"""The window's edits from the command line: records, workbooks, documents, snapshot labels and
the guest log, each refusing bad input in one line with its exit code."""

import json

import pytest

from support import RESOURCES, write, run_cli, run_cli_json


run, run_json = run_cli, run_cli_json


@pytest.fixture
def space(capsys, isolated_home):
    created = run_json(capsys, "space", "create", "Acme")
    run(capsys, "workbook", "create", created["id"], "--blueprint", str(RESOURCES / "sample_blueprint.json"))
    return created["id"]


def names(capsys, space):
    return [r["values"]["name"]["value"] for r in run_json(capsys, "records", space, "companies", "--limit", "100")]


def test_records_add_set_delete_and_set_field(capsys, space, tmp_path, monkeypatch):
    added = run_json(capsys, "record", "add", space, "companies", '[{"code": "AC", "name": "Acme"}, {"code": "GX", "name": "Globex"}]')["added"]
    assert names(capsys, space) == ["Acme", "Globex"]
    src = write(tmp_path / "more.json", json.dumps({"code": "IN", "name": "Initech"}))
    run_json(capsys, "record", "add", space, "companies", "--file", str(src))
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO('[{"code": "UM", "name": "Umbrella"}]'))
    run_json(capsys, "record", "add", space, "companies", "--file", "-")
    assert names(capsys, space) == ["Acme", "Globex", "Initech", "Umbrella"]

    code, out, _ = run(capsys, "record", "set", space, "companies", str(added[0]), "name=Acme Corp", "country=")
    assert code == 0 and "set name, country" in out
    assert names(capsys, space)[0] == "Acme Corp"
    code, out, _ = run(capsys, "record", "delete", space, "companies", str(added[1]))
    assert code == 0 and "deleted 1 record" in out
    assert run_json(capsys, "record", "set-field", space, "companies", "country", "FR")["records"] == 3
    recs = run_json(capsys, "records", space, "companies", "--limit", "100")
    assert {r["values"]["country"]["value"] for r in recs} == {"FR"}
    # each is one step: undo takes back the set-field, then the delete
    run(capsys, "undo", space, "--sheet", "companies")
    run(capsys, "undo", space, "--sheet", "companies")
    assert names(capsys, space) == ["Acme Corp", "Globex", "Initech", "Umbrella"]


def test_bad_edits_are_refused_in_one_line(capsys, space):
    for args, code_wanted, text in (
            (("record", "add", space, "companies", "[1, 2]"), 1, "JSON object or an array of objects"),
            (("record", "add", space, "companies", "{oops"), 1, "the records"),
            (("record", "set", space, "companies", "1", "name"), 1, "FIELD=VALUE"),
            (("record", "set", space, "companies", "99", "name=x"), 3, "no record 99"),
            (("record", "add", space, "nosuch", "{}"), 3, "nosuch"),
            (("workbook", "rename", space, "nosuch", "X"), 3, 'no workbook "nosuch"')):
        code, out, err = run(capsys, *args)
        assert code == code_wanted and text in err and len(err.strip().splitlines()) == 1, (args, err)


def test_workbook_rename_pin_and_delete(capsys, space):
    wb = run_json(capsys, "space", "show", space)["workbooks"][0]
    run_json(capsys, "workbook", "rename", space, str(wb["id"]), "Customers")
    assert run_json(capsys, "workbook", "pin", space, "Customers")["labels"][-1] == "pinned"
    assert "pinned" not in run_json(capsys, "workbook", "unpin", space, "Customers")["labels"]
    code, out, _ = run(capsys, "workbook", "delete", space, "Customers")
    assert code == 0 and "snapshot" in out
    assert run_json(capsys, "space", "show", space)["workbooks"] == []


def test_document_update_snapshot_label_and_guest_log(capsys, space, tmp_path):
    md = write(tmp_path / "guide.md", "# Guide\n\nFirst words.\n")
    doc = run_json(capsys, "document", "add", space, str(md))
    write(md, "# Guide\n\nBetter words.\n")
    assert run_json(capsys, "document", "update", space, str(doc["id"]), "--title", "Import guide", "--file", str(md))[
        "title"] == "Import guide"
    assert "Better words." in run_json(capsys, "document", "show", space, str(doc["id"]))["body"]
    code, _, err = run(capsys, "document", "update", space, str(doc["id"]))
    assert code == 1 and "give --title, --file or both" in err

    snap = run_json(capsys, "snapshot", space, "--label", "first")
    assert run_json(capsys, "snapshot-label", space, str(snap["id"]), "before the big import")["label"] == "before the big import"

    code, out, _ = run(capsys, "guest", "log", space)
    assert code == 0 and "no refused links" in out
    code, _, _ = run(capsys, "--link", f"flatspace://open?space={space}&token=altered", "records", space, "companies")
    assert code == 5
    log = run_json(capsys, "guest", "log", space)
    assert log and log[-1]["outcome"] == "refused"


SPACE_CHECKS = ("def sku(value, config, field):\n"
                "    return None if str(value).startswith('SKU-') else 'a SKU starts with SKU-'\n"
                "VALIDATORS = {'sku': sku}\n")
SKU_BP = {"name": "Shop", "sheets": [{"name": "Items", "slug": "items", "fields": [
    {"key": "code", "type": "string", "constraints": [{"type": "external", "validator": "sku"}]}]}]}


def test_a_spaces_own_validators_run_once_enabled_from_the_command_line(capsys, isolated_home, tmp_path):
    sid = run_json(capsys, "space", "create", "Shop")["id"]
    run(capsys, "workbook", "create", sid, "--blueprint", str(write(tmp_path / "bp.json", json.dumps(SKU_BP))))
    code, out, _ = run(capsys, "space", "validators", sid)
    assert code == 0 and out.startswith("no validators.py in")
    code, _, err = run(capsys, "space", "validators", sid, "--enable")
    assert code == 1 and "has no validators.py" in err
    folder = isolated_home / "spaces" / sid
    write(folder / "validators.py", SPACE_CHECKS)
    assert run_json(capsys, "space", "validators", sid)["state"] == "off"
    run_json(capsys, "record", "add", sid, "items", '[{"code": "X-1"}, {"code": "SKU-2"}]')
    assert all(r["valid"] for r in run_json(capsys, "records", sid, "items"))  # not run: not enabled
    assert run_json(capsys, "space", "validators", sid, "--enable") == {
        "folder": str(folder), "state": "on", "validators": ["sku"], "problem": None}
    recs = run_json(capsys, "validate", sid, "items")
    assert recs["error"] == 1
    (bad,) = [r for r in run_json(capsys, "records", sid, "items") if not r["valid"]]
    assert bad["values"]["code"]["messages"][0]["message"] == "a SKU starts with SKU-"
    write(folder / "validators.py", SPACE_CHECKS + "# changed\n")  # changed after it was enabled
    assert run_json(capsys, "space", "validators", sid)["state"] == "changed"
    assert run_json(capsys, "validate", sid, "items")["error"] == 0


def test_two_workbooks_of_one_name_are_told_apart_by_id(capsys, space):
    run(capsys, "workbook", "create", space, "--blueprint", str(RESOURCES / "sample_blueprint.json"))
    first, second = run_json(capsys, "space", "show", space)["workbooks"]
    assert first["name"] == second["name"]
    for args in (("workbook", "delete", space, first["name"]), ("workbook", "blueprint", space, first["name"]),
                 ("export", space, first["name"], "--workbook", "--format", "json", "--out", "x.json")):
        code, _, err = run(capsys, *args)
        assert code == 3 and f"ids {first['id']}, {second['id']}" in err and "give the id" in err, (args, err)
    assert len(run_json(capsys, "space", "show", space)["workbooks"]) == 2  # nothing deleted
    run_json(capsys, "workbook", "delete", space, str(second["id"]))
    assert [w["id"] for w in run_json(capsys, "space", "show", space)["workbooks"]] == [first["id"]]


def test_deleting_a_record_that_is_gone_says_so(capsys, space):
    (rid,) = run_json(capsys, "record", "add", space, "companies", '{"code": "AC", "name": "Acme"}')["added"]
    run_json(capsys, "record", "delete", space, "companies", str(rid))
    steps = run_json(capsys, "undo", space, "--list")
    code, _, err = run(capsys, "record", "delete", space, "companies", str(rid))
    assert code == 3 and f"no record {rid}" in err
    assert run_json(capsys, "undo", space, "--list") == steps  # no empty step
