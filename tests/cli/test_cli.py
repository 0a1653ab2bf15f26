"""The `flatspace` command line, driven as a pipeline would: real files, real exit codes."""

import json
import subprocess
import sys

import pytest

from support import RESOURCES, ROOT, write
from flatspace_desktop.cli.main import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args):
    code, out, err = run(capsys, "--json", *args)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def space(capsys, isolated_home):
    created = run_json(capsys, "space", "create", "Acme", "--label", "pinned", "--metadata", '{"companyId": "acme"}')
    run(capsys, "workbook", "create", created["id"], "--blueprint", str(RESOURCES / "sample_blueprint.json"))
    return created["id"]


def test_space_lifecycle(capsys, isolated_home):
    code, out, _ = run(capsys, "space", "list")
    assert code == 0 and "no Spaces yet" in out
    created = run_json(capsys, "space", "create", "Acme", "--label", "q3", "--metadata", '{"companyId": "acme"}')
    sid = created["id"]
    code, out, _ = run(capsys, "space", "list")
    assert sid in out and "Acme" in out and "q3" in out
    assert run_json(capsys, "space", "rename", "acme", "Acme Corp")["name"] == "Acme Corp"
    assert run_json(capsys, "space", "update", sid, "--metadata", '{"tier": 2}')["metadata"] == {"tier": 2}
    assert run_json(capsys, "space", "list", "--search", "tier")[0]["id"] == sid
    run(capsys, "space", "archive", sid)
    assert run_json(capsys, "space", "list") == []
    assert [s["id"] for s in run_json(capsys, "space", "list", "--archived")] == [sid]
    run(capsys, "space", "unarchive", sid)
    assert run_json(capsys, "space", "show", sid)["archivedAt"] is None
    assert run_json(capsys, "space", "delete", sid) == {"deleted": sid}
    assert run_json(capsys, "space", "list", "--all") == []


def test_show_lists_workbooks_sheets_and_counts(capsys, space):
    run(capsys, "import", space, str(RESOURCES / "sample_contacts.csv"), "--sheet", "contacts")
    info = run_json(capsys, "space", "show", space)
    (wb,) = info["workbooks"]
    assert wb["name"] == "Customer onboarding" and wb["labels"] == ["pinned"]
    sheets = {s["slug"]: s["counts"] for s in wb["sheets"]}
    assert sheets["companies"] == {"total": 0, "valid": 0, "error": 0}
    assert sheets["contacts"]["total"] == 7 and sheets["contacts"]["error"] > 0
    code, out, _ = run(capsys, "space", "show", space)
    assert "contacts: Contacts  7 records" in out


def test_extract_prints_rows_exactly_as_in_the_file(capsys, tmp_path):
    path = write(tmp_path / "q.csv", 'id,text,empty\r\n1,"a, b",\r\n2,"say ""yes""",\r\n3,"two\r\nlines",x\r\n')
    rows = run_json(capsys, "extract", str(path))
    assert rows == [{"id": "1", "text": "a, b", "empty": ""}, {"id": "2", "text": 'say "yes"', "empty": ""},
                    {"id": "3", "text": "two\r\nlines", "empty": "x"}]
    assert run_json(capsys, "extract", str(path), "--limit", "1") == rows[:1]
    code, out, _ = run(capsys, "extract", str(path))
    assert code == 0 and "3 rows; csv, encoding utf-8, delimiter comma" in out
    semi = write(tmp_path / "s.txt", "a;b\n1;2\n", encoding="cp1252")
    assert run_json(capsys, "extract", str(semi), "--delimiter", ";", "--encoding", "cp1252") == [{"a": "1", "b": "2"}]


def test_import_maps_by_key_label_and_alternative_names(capsys, space):
    result = run_json(capsys, "import", space, str(RESOURCES / "sample_contacts.csv"), "--sheet", "contacts")
    assert result["columns"] == {"E-mail": "email", "First": "firstName", "Surname": "lastName", "Company": "company",
                                 "Signup date": "signupDate", "Seats": "seats", "Active": "active",
                                 "Plan": "plan", "Tags": "tags"}
    assert result["imported"] == 7 and result["valid"] + result["error"] == 7


def test_import_with_a_mapping_file_and_value_mapping(capsys, space, tmp_path):
    src = write(tmp_path / "odd.csv", "Code;Firm;Land\nAC;Acme;Francia\nGX;Globex;Alemania\n")
    mapping = write(tmp_path / "map.json", json.dumps({
        "columns": {"Code": "code", "Firm": "name", "Land": "country"},
        "values": {"country": {"Francia": "FR", "Alemania": "DE"}}}))
    result = run_json(capsys, "import", space, str(src), "--sheet", "companies", "--mapping", str(mapping))
    assert result["imported"] == 2 and result["error"] == 0
    records = run_json(capsys, "records", space, "companies")
    assert [r["values"]["country"]["value"] for r in records] == ["FR", "DE"]


def test_records_filters_sort_and_pages(capsys, space):
    run(capsys, "import", space, str(RESOURCES / "sample_companies.csv"), "--sheet", "companies")
    run(capsys, "import", space, str(RESOURCES / "sample_contacts.csv"), "--sheet", "contacts")
    everything = run_json(capsys, "records", space, "contacts", "--limit", "100")
    assert len(everything) == 7
    first = everything[0]
    assert set(first) == {"id", "values", "valid", "metadata"}
    assert set(first["values"]["email"]) == {"value", "valid", "messages"}
    errors = run_json(capsys, "records", space, "contacts", "--filter", "error")
    assert errors and all(not r["valid"] for r in errors)
    valid = run_json(capsys, "records", space, "contacts", "--filter", "valid")
    assert valid and all(r["valid"] for r in valid)
    assert len(errors) + len(valid) == 7
    found = run_json(capsys, "records", space, "contacts", "--search", "hopper")
    assert [r["values"]["lastName"]["value"] for r in found] == ["Hopper"]
    desc = run_json(capsys, "records", space, "contacts", "--sort", "seats:desc", "--limit", "2")
    assert [r["values"]["seats"]["value"] for r in desc] == ["three", 40]
    page = run_json(capsys, "records", space, "contacts", "--limit", "2", "--offset", "2")
    assert [r["id"] for r in page] == [everything[2]["id"], everything[3]["id"]]
    after = run_json(capsys, "records", space, "contacts", "--limit", "2", "--after", everything[1]["id"])
    assert [r["id"] for r in after] == [r["id"] for r in page]
    counts = run_json(capsys, "counts", space, "contacts")
    assert counts["total"] == 7 and counts["valid"] == len(valid) and counts["errorsByField"]["email"] == 3


def test_export_csv_and_json_with_filter(capsys, space, tmp_path):
    run(capsys, "import", space, str(RESOURCES / "sample_companies.csv"), "--sheet", "companies")
    run(capsys, "import", space, str(RESOURCES / "sample_contacts.csv"), "--sheet", "contacts")
    out = tmp_path / "valid.csv"
    assert run_json(capsys, "export", space, "contacts", "--format", "csv", "--out", str(out), "--filter", "valid")["exported"] == 2
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Email,First name,Last name") and len(lines) == 3
    jout = tmp_path / "all.json"
    run(capsys, "export", space, "contacts", "--format", "json", "--out", str(jout))
    data = json.loads(jout.read_text())
    assert len(data) == 7 and data[0]["values"]["email"]["value"] == "ada@acme.example"


@pytest.mark.parametrize("args, code, message", [
    (["space", "show", "nope"], 3, 'no Space "nope"'),
    (["records", "Acme", "ghosts"], 3, 'no sheet "ghosts"'),
    (["records", "Acme", "contacts", "--sort", "bogus"], 1, 'no field "bogus"'),
    (["space", "create", "X", "--metadata", "{oops"], 1, "metadata is not valid JSON"),
    (["extract", "/nonexistent/file.csv"], 1, "no such file"),
])
def test_errors_give_one_line_and_an_exit_code(capsys, space, args, code, message):
    got, out, err = run(capsys, *args)
    assert got == code
    assert err.startswith("flatspace: ") and message in err and err.count("\n") == 1


def test_a_bad_blueprint_file_is_refused_with_its_place(capsys, space, tmp_path):
    bp = json.loads((RESOURCES / "sample_blueprint.json").read_text())
    bp["sheets"][1]["fields"][3]["type"] = "emial"
    path = write(tmp_path / "bp.json", json.dumps(bp))
    code, _, err = run(capsys, "workbook", "create", space, "--blueprint", str(path))
    assert code == 1 and 'sheets[1].fields[3].type: unknown type "emial"' in err
    assert len(run_json(capsys, "space", "show", space)["workbooks"]) == 1


def test_a_failed_import_changes_nothing(capsys, space, tmp_path):
    run(capsys, "import", space, str(RESOURCES / "sample_companies.csv"), "--sheet", "companies")
    before = run_json(capsys, "records", space, "companies", "--limit", "100")
    # valid UTF-8 for 300 KB, then a byte that is not: the failure comes after many batches
    good = "code,name\n" + "".join(f"C{i},Name {i}\n" for i in range(20_000))
    path = write(tmp_path / "late.csv", good.encode() + b"BAD,\xff\xfe broken\n")
    code, _, err = run(capsys, "import", space, str(path), "--sheet", "companies")
    assert code == 1 and "not readable as utf-8" in err
    assert run_json(capsys, "records", space, "companies", "--limit", "100") == before
    unmapped = write(tmp_path / "none.csv", "foo,bar\n1,2\n")
    code, _, err = run(capsys, "import", space, str(unmapped), "--sheet", "companies")
    assert code == 1 and "no column of the file matches" in err
    assert run_json(capsys, "counts", space, "companies")["total"] == len(before)


def test_the_installed_command_runs_as_a_process(isolated_home):
    result = subprocess.run([sys.executable, "-m", "flatspace_desktop", "--json", "space", "create", "Proc"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Proc"
    bad = subprocess.run([sys.executable, "-m", "flatspace_desktop", "space", "show", "missing"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 3 and bad.stderr.strip() == 'flatspace: no Space "missing"'
    usage = subprocess.run([sys.executable, "-m", "flatspace_desktop", "space", "frobnicate"],
                           cwd=ROOT, capture_output=True, text=True)
    assert usage.returncode == 2 and "invalid choice" in usage.stderr


def test_snapshot_timeline_restore_and_retention_commands(capsys, space, tmp_path):
    run(capsys, "import", space, str(RESOURCES / "sample_companies.csv"), "--sheet", "companies")
    snap = run_json(capsys, "snapshot", space, "--label", "companies in")
    assert snap["label"] == "companies in" and snap["kind"] == "manual"
    run(capsys, "import", space, str(RESOURCES / "sample_contacts.csv"), "--sheet", "contacts")
    timeline = run_json(capsys, "timeline", space)
    assert timeline[0]["reason"].startswith("before importing sample_contacts.csv")
    mine = next(t for t in timeline if t["id"] == snap["id"])
    contacts = next(s for wb in mine["changes"]["workbooks"] for s in wb["sheets"] if s["slug"] == "contacts")
    assert contacts["createdSince"]["total"] == 7
    code, out, _ = run(capsys, "timeline", space)
    assert "companies in" in out and "contacts: 7 created" in out
    result = run_json(capsys, "restore", space, str(snap["id"]), "--sheet", "contacts", "--no-deleted")
    assert result["created"] == 7 and result["scope"] == "sheet"
    assert run_json(capsys, "counts", space, "contacts")["total"] == 0
    run(capsys, "restore", space, str(result["undo"]["id"]))
    assert run_json(capsys, "counts", space, "contacts")["total"] == 7
    assert run_json(capsys, "retention", space, "--daily-days", "10")["dailyDays"] == 10
    assert run_json(capsys, "snapshot-delete", space, str(snap["id"])) == {"deleted": snap["id"]}
    code, _, err = run(capsys, "restore", space, str(snap["id"]))
    assert code == 3 and f"no snapshot {snap['id']}" in err


def test_guest_commands_and_acting_as_a_guest(capsys, space):
    run(capsys, "space", "update", space, "--guest-auth", "magic_link", "--guest-auth", "shared_link")
    inv = run_json(capsys, "guest", "invite", space, "--name", "Gina", "--email", "gina@x.example",
                   "--sheet", "contacts")
    code, out, _ = run(capsys, "guest", "share", space, "--expires", "2h", "--uses", "3", "--read-only")
    assert code == 0 and "flatspace://open?space=" in out and "shown once" in out
    guests = run_json(capsys, "guest", "list", space)
    assert [(g["kind"], g["state"]) for g in guests] == [("magic_link", "active"), ("shared_link", "active")]
    opened = run_json(capsys, "open", inv["link"], "--check")
    assert opened["guest"] == "Gina" and opened["sheets"] == ["Customer onboarding/contacts"]
    assert run_json(capsys, "--link", inv["link"], "counts", space, "contacts")["total"] == 0
    for args in (["space", "rename", space, "Mine"], ["workbook", "create", space, "--blueprint",
                                                      str(RESOURCES / "sample_blueprint.json")],
                 ["snapshot", space], ["guest", "list", space], ["records", space, "companies"],
                 ["theme", "set", space, str(RESOURCES / "sample_blueprint.json")]):
        code, _, err = run(capsys, "--link", inv["link"], *args)
        assert code == 5 and err.startswith("flatspace: ") and "\n" == err[-1], args
    run(capsys, "guest", "revoke", space, str(inv["id"]))
    code, _, err = run(capsys, "open", inv["link"], "--check")
    assert code == 5 and "revoked" in err
    code, _, err = run(capsys, "open", "flatspace://open?space=x&token=y", "--check")
    assert code == 5 and "not on this computer" in err


@pytest.mark.local_space
def test_space_export_and_import_commands(capsys, space, tmp_path, isolated_home):
    run(capsys, "import", space, str(RESOURCES / "sample_companies.csv"), "--sheet", "companies")
    out = tmp_path / "acme"
    assert run_json(capsys, "space", "export", space, "--out", str(out))["bytes"] > 0
    moved = run_json(capsys, "--data-dir", str(tmp_path / "elsewhere"), "space", "import", str(out) + ".flatspace")
    assert moved["name"] == "Acme"
    code, _, err = run(capsys, "space", "import", str(RESOURCES / "sample_companies.csv"))
    assert code == 1 and "not a Flatspace Space file" in err


def test_replace_is_the_windows_find_and_replace_with_a_snapshot_first(capsys, space):
    run(capsys, "import", space, str(RESOURCES / "sample_contacts.csv"), "--sheet", "contacts")
    snaps = len(run_json(capsys, "timeline", space))
    result = run_json(capsys, "replace", space, "contacts", "team", "enterprise", "--field", "plan")
    assert result == {"cells": 2, "records": 2}
    timeline = run_json(capsys, "timeline", space)
    assert len(timeline) == snaps + 1 and "before replacing “team”" in timeline[0]["reason"]
    plans = [r["values"]["plan"]["value"] for r in run_json(capsys, "records", space, "contacts", "--limit", "100")]
    assert "team" not in plans and plans.count("enterprise") == 4
    code, out, _ = run(capsys, "replace", space, "contacts", "no such text anywhere", "x")
    assert code == 0 and "no match" in out
