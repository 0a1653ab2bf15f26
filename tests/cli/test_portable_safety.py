"""Real `flatspace` processes against broken Spaces and hostile or killed Space moves (issue 12,
items 6 to 8 and 10): the README's exit codes, one line, files kept as they were."""

import os
import signal
import subprocess
import sys
import time

import pytest

from support import DATA, ROOT, write
from flatspace_desktop.services.guests import make_link

sys.path.insert(0, str(DATA / "hostile"))
import gen_portable  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
              pytest.mark.local_space]  # a local Space's SQLite file, and .flatspace files of it


def flatspace(home, *args):
    return subprocess.run([sys.executable, "-m", "flatspace_desktop", "--data-dir", str(home), *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def start(home, *args):
    return subprocess.Popen([sys.executable, "-m", "flatspace_desktop", "--data-dir", str(home), *map(str, args)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_when(proc, seen, what):
    """SIGKILL the process as soon as `seen()` holds; fails if it finished first."""
    deadline = time.monotonic() + 60
    while not seen():
        assert proc.poll() is None, f"the command finished before {what} appeared"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def hidden(home):
    return [p.name for p in (home / "spaces").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("kind", ["empty", "damaged"])
def test_a_broken_database_gets_exit_4_one_line_and_stays_as_it_was(tmp_path, kind):
    breaks = {"empty": lambda p: p.write_bytes(b""), "damaged": gen_portable.damage_btree}[kind]
    root, sid = gen_portable.broken_root(tmp_path, kind, breaks)
    db = root / "spaces" / sid / "space.sqlite"
    before = db.read_bytes()
    csv = write(tmp_path / "more.csv", "email,name\nnew@example.org,New\n")
    for args in (("space", "rename", sid, "Renamed"), ("import", sid, csv, "--sheet", "people"),
                 ("snapshot", sid, "--label", "after"), ("records", sid, "people")):
        done = flatspace(root, *args)
        assert done.returncode == 4, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
        assert ("is empty" if kind == "empty" else "is damaged") in done.stderr
    assert db.read_bytes() == before


@pytest.fixture(scope="module")
def heavy(tmp_path_factory):
    """An exported Space with 120 MB of files: long enough to be killed in the middle of."""
    base = tmp_path_factory.mktemp("heavy")
    home = base / "sender"
    sid = gen_portable.make_space(home, rows=50)
    blobs = home / "spaces" / sid / "files" / "ab"
    blobs.mkdir(parents=True)
    for i in range(4):
        (blobs / f"blob{i}").write_bytes(os.urandom(30 << 20))
    out = base / "heavy.flatspace"
    assert flatspace(home, "space", "export", sid, "--out", out).returncode == 0
    return home, sid, out


def test_a_killed_space_import_leaves_nothing_once_flatspace_runs_again(tmp_path, heavy):
    _, _, out = heavy
    home = tmp_path / "home"
    proc = start(home, "space", "import", out)
    kill_when(proc, lambda: (home / "spaces").is_dir() and hidden(home), "the hidden folder")
    assert [h for h in hidden(home) if h.endswith(".creating")]
    listed = flatspace(home, "space", "list")
    assert listed.returncode == 0 and "no Spaces yet" in listed.stdout
    assert hidden(home) == []
    assert flatspace(home, "space", "import", out).returncode == 0  # and the next import works


def test_a_killed_space_export_leaves_no_part_files_once_flatspace_runs_again(tmp_path, heavy):
    home, sid, _ = heavy
    out = tmp_path / "again.flatspace"
    parts = [out.with_name(out.name + ".part"), out.with_name(out.name + ".db.part")]
    proc = start(home, "space", "export", sid, "--out", out)
    kill_when(proc, lambda: parts[0].exists(), "the .part file")
    assert not out.exists()
    assert flatspace(home, "space", "list").returncode == 0
    assert not [p for p in parts if p.exists()]


def test_import_says_the_guest_links_were_switched_off_and_the_senders_link_opens_nothing(tmp_path):
    dest = tmp_path / "corpus"
    (case,) = [c for c in gen_portable.cases(dest) if c.name == "portable-known-guest-token"]
    home = tmp_path / "home"
    done = flatspace(home, "space", "import", case.file)
    assert done.returncode == 0, done.stderr
    sid = done.stdout.split("(")[1].split(")")[0]
    opened = flatspace(home, "open", make_link(sid, gen_portable.KNOWN_TOKEN), "--check")
    assert opened.returncode == 5 and len(opened.stderr.strip().splitlines()) == 1
    assert "1 guest link came with the file and was switched off" in done.stdout
