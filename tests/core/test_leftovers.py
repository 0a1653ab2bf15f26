"""What a killed run leaves (a hidden Space folder being made, an export's .part files) is removed
when the data root is next opened, and never while the run that made it is alive (issue 12, 7)."""

import os
import signal
import subprocess
import sys

import pytest

from support import ROOT
from flatspace_desktop.storage.portable import work_files
from flatspace_desktop.services.app import Flatspace

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

CREATING = """
import sys, time
from flatspace_desktop.services.app import Flatspace
fs = Flatspace(sys.argv[1])
staging = fs.catalog.create_folder("us_sp_killed01")
(staging / "space.sqlite").write_bytes(b"half a Space" * 1000)
print("ready", flush=True)
time.sleep(120)
"""

EXPORTING = """
import sys, time
from pathlib import Path
from flatspace_desktop.storage.portable import work_files
from flatspace_desktop.services.app import Flatspace
fs = Flatspace(sys.argv[1])
parts = work_files(Path(sys.argv[2]))
claim = fs.catalog.unfinished.claim(*parts)  # as export_space holds it while it writes
for p in parts:
    p.write_bytes(b"half an export")
print("ready", flush=True)
time.sleep(120)
"""


def start(script, *args):
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def kill(proc):
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()


def hidden(root):
    spaces = root / "spaces"
    return sorted(p.name for p in spaces.iterdir() if p.name.startswith(".")) if spaces.is_dir() else []


def registry(root):
    folder = root / ".unfinished"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_killed_creation_is_removed_at_the_next_start_and_a_live_one_is_not(isolated_home, admin, tmp_path):
    proc = start(CREATING, isolated_home)
    try:
        assert hidden(isolated_home) == [".us_sp_killed01.creating"]
        fs = Flatspace(isolated_home)  # opens the data root while the other process is still at work
        fs.create_space(admin, "Meanwhile")  # and makes (and sweeps before) a Space of its own
        fs.close()
        assert hidden(isolated_home) == [".us_sp_killed01.creating"]
        assert (isolated_home / "spaces" / ".us_sp_killed01.creating" / "space.sqlite").is_file()
    finally:
        kill(proc)
    fs = Flatspace(isolated_home)
    try:
        assert hidden(isolated_home) == [] and registry(isolated_home) == []
        assert [s["name"] for s in fs.list_spaces(admin)] == ["Meanwhile"]
    finally:
        fs.close()


def test_a_killed_exports_part_files_are_removed_at_the_next_start(isolated_home, tmp_path):
    out = tmp_path / "away" / "acme.flatspace"
    out.parent.mkdir()
    stranger = out.parent / "download.part"  # a .part file nobody registered: someone else's
    stranger.write_bytes(b"not ours")
    proc = start(EXPORTING, isolated_home, out)
    try:
        Flatspace(isolated_home).close()
        assert all(p.exists() for p in work_files(out))  # still being written
    finally:
        kill(proc)
    Flatspace(isolated_home).close()
    assert not any(p.exists() for p in work_files(out))
    assert stranger.read_bytes() == b"not ours" and registry(isolated_home) == []


def test_leftovers_of_runs_from_before_the_registry_are_removed(isolated_home, admin):
    fs = Flatspace(isolated_home)
    sid = fs.create_space(admin, "Kept")["id"]
    fs.close()
    spaces = isolated_home / "spaces"
    for name in (".us_sp_old00001.creating", f".{sid}x.deleting"):
        (spaces / name / "files").mkdir(parents=True)
        (spaces / name / "space.sqlite").write_bytes(b"x" * 4096)
    Flatspace(isolated_home).close()
    assert hidden(isolated_home) == [] and [p.name for p in spaces.iterdir()] == [sid]
