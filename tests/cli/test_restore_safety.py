"""A `flatspace restore` or `flatspace snapshot` killed at any moment leaves the Space exactly as
it was before or exactly as restored, never a mix."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from support import ROOT
from flatspace_desktop.domain.access import local_admin
from flatspace_desktop.services.app import Flatspace

ROWS = 60_000
BP = {"name": "Big", "sheets": [{"name": "Items", "slug": "items", "fields": [
    {"key": "sku", "type": "string", "constraints": [{"type": "unique"}]}, {"key": "qty", "type": "number"}]}]}

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]


def fingerprint(home, sid):
    con = sqlite3.connect(home / "spaces" / sid / "space.sqlite")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sheet = con.execute("SELECT id FROM sheet WHERE slug = 'items'").fetchone()[0]
        return (con.execute(f"SELECT COUNT(*), total(f2), min(rid), max(rid) FROM rec_{sheet}").fetchone(),
                con.execute("SELECT COUNT(*) FROM snapshot").fetchone()[0])
    finally:
        con.close()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A Space whose sheet was entirely replaced after a snapshot: restoring it is heavy work."""
    home = tmp_path_factory.mktemp("restore") / "home"
    csv_a = home.parent / "a.csv"
    csv_b = home.parent / "b.csv"
    csv_a.write_text("sku,qty\n" + "".join(f"A{i},{i % 50}\n" for i in range(ROWS)))
    csv_b.write_text("sku,qty\n" + "".join(f"B{i},{i % 7}\n" for i in range(ROWS)))
    fs, admin = Flatspace(home), local_admin()
    sid = fs.create_space(admin, "Big")["id"]
    fs.open(admin, sid).workbooks.create(BP)
    fs.open(admin, sid).records.import_file("items", csv_a)
    snap = fs.open(admin, sid).history.take("all A")
    fs.open(admin, sid).records.delete("items", list(fs.open(admin, sid).records.ids("items")))
    fs.open(admin, sid).records.import_file("items", csv_b)
    fs.close()
    return home, sid, snap["id"]


@pytest.mark.parametrize("delay", [0.35, 0.8, 1.4, 2.5])
def test_killed_restore_is_all_or_nothing(prepared, tmp_path, delay):
    src, sid, snap = prepared
    home = tmp_path / "home"
    shutil.copytree(src, home)
    before = fingerprint(home, sid)
    proc = subprocess.Popen([sys.executable, "-m", "flatspace_desktop", "--data-dir", str(home), "restore", sid,
                             str(snap)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after = fingerprint(home, sid)
    restored = ((ROWS, float(sum(i % 50 for i in range(ROWS))), 1, ROWS), before[1] + 1)
    assert after in (before, restored), f"a mix after a kill at {delay}s: {after}"
    # the Space still works either way
    fs = Flatspace(home)
    assert fs.open(local_admin(), sid).records.counts("items")["total"] == after[0][0]
    fs.close()


def test_a_finished_restore_matches_the_snapshot(prepared, tmp_path):
    src, sid, snap = prepared
    home = tmp_path / "home"
    shutil.copytree(src, home)
    subprocess.run([sys.executable, "-m", "flatspace_desktop", "--data-dir", str(home), "restore", sid, str(snap)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    (count, total, lo, hi), _ = fingerprint(home, sid)
    assert (count, total, lo, hi) == (ROWS, float(sum(i % 50 for i in range(ROWS))), 1, ROWS)


@pytest.mark.parametrize("delay", [0.15, 0.3])
def test_killed_snapshot_is_all_or_nothing(prepared, tmp_path, delay):
    src, sid, _snap = prepared
    home = tmp_path / "home"
    shutil.copytree(src, home)
    before = fingerprint(home, sid)
    proc = subprocess.Popen([sys.executable, "-m", "flatspace_desktop", "--data-dir", str(home), "snapshot", sid],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after = fingerprint(home, sid)
    assert after[0] == before[0] and after[1] in (before[1], before[1] + 1)
