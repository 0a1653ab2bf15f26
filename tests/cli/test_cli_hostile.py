"""`flatspace` meeting hostile input (issue 12, items 3, 4 and 5): the README's exit code and one
line on stderr, never a traceback; a full disk exits 4 and keeps what was written before."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from support import write
from flatspace_desktop.cli.main import main
from flatspace_desktop.domain import clock
from flatspace_desktop.storage import db as dbmod

PEOPLE = {"name": "People", "sheets": [{"name": "People", "slug": "people", "fields": [
    {"key": "email", "type": "string"}, {"key": "score", "type": "number"}]}]}
HUGE = str(10 ** 20)


def run(capsys, *args):
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's way out, as a real process would exit
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, code: int, *args) -> str:
    got, _out, err = run(capsys, *args)
    assert got == code, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("flatspace: "), err
    return err


@pytest.fixture
def space(capsys, isolated_home, tmp_path):
    code, out, err = run(capsys, "--json", "space", "create", "Target")
    sid = json.loads(out)["id"]
    assert run(capsys, "workbook", "create", sid, "--blueprint",
               str(write(tmp_path / "people.json", json.dumps(PEOPLE))))[0] == 0
    return sid


def _count(capsys, sid) -> int:
    code, out, err = run(capsys, "--json", "counts", sid, "people")
    assert code == 0, err
    return json.loads(out)["total"]


@pytest.mark.local_space
def test_a_full_disk_exits_4_in_one_line_and_keeps_earlier_imports(capsys, space, tmp_path, monkeypatch,
                                                                    isolated_home):
    first = write(tmp_path / "first.csv", "email,score\nkept@example.org,1\nalso@example.org,2\n")
    assert run(capsys, "import", space, str(first), "--sheet", "people")[0] == 0
    big = write(tmp_path / "big.csv", "email,score\n" + "".join(f"u{i}@example.org,{i}\n" for i in range(20_000)))
    con = sqlite3.connect(isolated_home / "spaces" / space / "space.sqlite")
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    # Every connection the command opens may hold only a few more pages: the file is "full".
    monkeypatch.setitem(dbmod.PRAGMAS, "max_page_count", pages + 4)
    err = refused(capsys, 4, "import", space, str(big), "--sheet", "people")
    assert "disk is full" in err
    monkeypatch.delitem(dbmod.PRAGMAS, "max_page_count")
    assert _count(capsys, space) == 2
    assert run(capsys, "import", space, str(big), "--sheet", "people")[0] == 0
    assert _count(capsys, space) == 20_002


def test_retention_of_ten_to_the_twenty_days_is_refused_and_imports_go_on(capsys, space, tmp_path):
    err = refused(capsys, 1, "retention", space, "--daily-days", "100000000000000000000")
    assert "3,650" in err and "dailyDays" in err
    refused(capsys, 1, "retention", space, "--keep-all-hours", HUGE)
    code, out, _ = run(capsys, "--json", "retention", space)
    assert json.loads(out) == {"keepAllHours": 24, "dailyDays": 30, "weeklyWeeks": 26}
    rows = write(tmp_path / "rows.csv", "email,score\na,1\n")
    assert run(capsys, "import", space, str(rows), "--sheet", "people")[0] == 0
    later = datetime.now(timezone.utc) + timedelta(days=1, hours=1)
    clock.set_clock(lambda: later)
    try:
        assert run(capsys, "import", space, str(rows), "--sheet", "people")[0] == 0  # the day after
    finally:
        clock.set_clock(None)


@pytest.mark.parametrize("args, code, says", [
    (["records", "{sid}", "people", "--limit", "-1"], 1, "0 or more"),
    (["records", "{sid}", "people", "--sort", "email", "--after", "1"], 1, "record order"),
    (["records", "{sid}", "people", "--search", "x" * 100_000], 1, "at most 10,000"),
    (["replace", "{sid}", "people", "x" * 100_000, "y"], 1, "at most 10,000"),
    (["document", "show", "{sid}", HUGE], 3, HUGE),
    (["guest", "revoke", "{sid}", HUGE], 3, HUGE),
    (["restore", "{sid}", HUGE], 3, HUGE),
    (["snapshot-delete", "{sid}", HUGE], 3, HUGE),
    (["guest", "share", "{sid}", "--expires", HUGE + "d"], 1, "at most a year"),
    (["guest", "share", "{sid}", "--uses", HUGE], 1, "from 1 to 1,000,000"),
    (["document", "show", "{sid}", "9" * 5000], 2, "invalid int value"),
    (["space", "rename", "{sid}", "Acme \udcff"], 1, "\\udcff"),
    (["space", "update", "{sid}", "--metadata", '{"a": "\\ud800"}'], 1, "\\ud800"),
    (["space", "update", "{sid}", "--metadata", "[" * 10_000 + "]" * 10_000], 1, "nested too deeply"),
    (["export", "{sid}", "people", "--format", "xlsx", "--out", "{tmp}/missing/out.xlsx"], 1, "no folder"),
    (["extract", "{tmp}/a.csv", "--encoding", "rot13"], 1, "not a text encoding"),
    (["import", "{sid}", "{tmp}/a.csv", "--sheet", "people", "--encoding", "base64"], 1, "not a text encoding"),
    (["document", "add", "{sid}", "{tmp}/binary.md"], 1, "not Markdown text"),
    (["workbook", "create", "{sid}", "--blueprint", "{tmp}/wide.json"], 1, "this one has 2,400"),
    (["import", "{sid}", "{tmp}/deep.json", "--sheet", "people"], 1, "nested too deeply"),
])
def test_hostile_arguments_get_one_line_and_the_readme_code(capsys, space, tmp_path, args, code, says):
    write(tmp_path / "a.csv", "email,score\na,1\n")
    write(tmp_path / "binary.md", bytes(range(256)) * 4)
    write(tmp_path / "wide.json", json.dumps({"name": "W", "sheets": [{"name": "W", "fields": [
        {"key": f"k{i}", "type": "string"} for i in range(2_400)]}]}))
    write(tmp_path / "deep.json", "[" * 10_000 + "]" * 10_000)
    err = refused(capsys, code, *[a.replace("{sid}", space).replace("{tmp}", str(tmp_path)) for a in args])
    assert says in err


def test_restore_of_a_workbook_past_64_bits_is_not_found(capsys, space):
    code, out, _ = run(capsys, "--json", "snapshot", space, "--label", "s")
    snap = json.loads(out)["id"]
    assert "no workbook" in refused(capsys, 3, "restore", space, str(snap), "--workbook", HUGE)


def test_huge_pages_read_as_all_or_none(capsys, space, tmp_path):
    assert run(capsys, "import", space, str(write(tmp_path / "a.csv", "email,score\na,1\nb,2\n")),
               "--sheet", "people")[0] == 0
    for flag, n in (("--limit", 2), ("--offset", 0), ("--after", 0)):
        code, out, err = run(capsys, "--json", "records", space, "people", flag, HUGE)
        assert code == 0 and len(json.loads(out)) == n, err


def test_numbers_past_64_bits_are_imported_as_flagged_text(capsys, space, tmp_path):
    big = 1 << 63
    path = write(tmp_path / "big.csv", f"email,score\na,{big}\nb,{'9' * 5000}\n")
    assert run(capsys, "import", space, str(path), "--sheet", "people")[0] == 0
    code, out, _ = run(capsys, "--json", "records", space, "people")
    recs = json.loads(out)
    assert [r["values"]["score"]["value"] for r in recs] == [str(big), "9" * 5000]
    assert all(not r["valid"] and "Too large" in r["values"]["score"]["messages"][0]["message"] for r in recs)


def test_text_no_encoding_can_print_is_printed_escaped(tmp_path, isolated_home):
    """A real process: its stdout is strict UTF-8, as in a terminal or a pipe."""
    path = write(tmp_path / "rows.json", '[{"email": "\\ud800"}]')
    done = subprocess.run([sys.executable, "-m", "flatspace_desktop", "extract", str(path), "--json"],
                          capture_output=True, text=True, env={"FLATSPACE_HOME": str(isolated_home),
                                                               "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                                                               "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert json.loads(done.stdout.replace("\\ud800", "?")) == [{"email": "?"}]
