"""Every file of the hostile corpus (tests/data/hostile) meets a real `flatspace` process,
bounded to 1 GB of memory and 30 s: one line of output, the README's exit code, no traceback."""

from __future__ import annotations

import atexit
import json
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from support import DATA

sys.path.insert(0, str(DATA / "hostile"))
from make_hostile import cases  # noqa: E402

MEMORY = 1 << 30
SECONDS = 30
PEOPLE = {"name": "People", "sheets": [{"name": "People", "slug": "people", "fields": [
    {"key": "email", "type": "string", "label": "Email"}, {"key": "name", "type": "string", "label": "Name"},
    {"key": "score", "type": "number", "label": "Score"}, {"key": "born", "type": "date", "label": "Born"}]}]}


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def flatspace(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"FLATSPACE_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
           "HOME": str(home), "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "flatspace_desktop", *args], capture_output=True, text=True,
                          env=env, timeout=SECONDS, preexec_fn=_bounded)


# Written once per test run, at collection, so each case can be a test of its own.
DEST = Path(tempfile.mkdtemp(prefix="flatspace-hostile-"))
atexit.register(shutil.rmtree, DEST, True)
CASES = {c.name: c for c in cases(DEST)}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_process_meets_each_hostile_input_with_one_line(name, tmp_path):
    case, dest = CASES[name], DEST
    home = tmp_path / "home"
    made = flatspace(home, "--json", "space", "create", "Target")
    space = json.loads(made.stdout)["id"]
    bp = tmp_path / "people.json"
    bp.write_text(json.dumps(PEOPLE))
    assert flatspace(home, "workbook", "create", space, "--blueprint", str(bp)).returncode == 0
    args = [a.format(space=space, file=case.file, dest=dest) for a in case.command]
    try:
        done = flatspace(home, *args)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: still running after {SECONDS} s")
    said = (done.stderr or done.stdout).strip()
    assert "Traceback" not in done.stderr and "Error calling Python" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == case.exit, f"{name}: exit {done.returncode}, said: {said[-500:]}"
    if case.exit:
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr[-2000:]
        assert case.says in done.stderr, done.stderr
