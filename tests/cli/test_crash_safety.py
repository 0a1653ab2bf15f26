"""A `flatspace import` killed with SIGKILL at any moment leaves the Space whole."""

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from support import ROOT
from flatspace_desktop.domain.access import local_admin
from flatspace_desktop.services.app import Flatspace

ROWS = 200_000
BLUEPRINT = {"name": "Big", "sheets": [{"name": "Items", "slug": "items", "fields": [
    {"key": "sku", "type": "string", "constraints": [{"type": "required"}, {"type": "unique"}]},
    {"key": "qty", "type": "number"}, {"key": "day", "type": "date"}, {"key": "note", "type": "string"}]}]}

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("crash") / "big.csv"
    with open(path, "w", newline="") as fh:
        fh.write("sku,qty,day,note\n")
        for i in range(ROWS):
            fh.write(f"S{i:07d},{i % 97},2024-01-{1 + i % 28:02d},row {i}\n")
    return path


def _import_and_kill(home, space_id, path, after_lines):
    """Start the real command; kill it once it has printed `after_lines` progress lines."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "flatspace_desktop", "--data-dir", str(home), "import", space_id, str(path),
         "--sheet", "items", "--progress"],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    seen = 0
    for line in proc.stderr:
        if line.startswith("imported"):
            seen += 1
            if seen >= after_lines:
                break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    return seen


@pytest.mark.parametrize("after_lines", [1, 8, 25, 41])
def test_killed_import_leaves_none_or_all(isolated_home, big_csv, after_lines):
    fs = Flatspace(isolated_home)
    admin = local_admin()
    sid = fs.create_space(admin, "Crash")["id"]
    fs.open(admin, sid).workbooks.create(BLUEPRINT)
    fs.open(admin, sid).records.add("items", [{"sku": "KEEP", "qty": 1}])
    fs.close()
    # 40 batch lines then one final line: 41 kills it during validation and commit
    _import_and_kill(isolated_home, sid, big_csv, after_lines)
    db = isolated_home / "spaces" / sid / "space.sqlite"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    fs = Flatspace(isolated_home)
    total = fs.open(admin, sid).records.counts("items")["total"]
    assert total in (1, 1 + ROWS), f"a partial import is visible: {total} records"
    kept = fs.open(admin, sid).records.list("items", limit=1)[0]
    assert kept.values["sku"] == "KEEP"
    # and the Space still takes writes
    fs.open(admin, sid).records.add("items", [{"sku": "AFTER"}])
    assert fs.open(admin, sid).records.counts("items")["total"] == total + 1
    fs.close()
