"""The core and the command line never import Qt; the UI reaches storage only via services."""

import subprocess
import sys
import tomllib

import pytest

from support import ROOT

# import-linter has no `python -m importlinter` entry; run its `lint-imports` console script
# through this interpreter (so the venv's bin need not be on PATH), found in its metadata.
LINT_IMPORTS = (
    "import sys\n"
    "from importlib.metadata import entry_points\n"
    "found = entry_points(group='console_scripts', name='lint-imports')\n"
    "if not found:\n"
    "    sys.exit('import-linter is part of the test extra: pip install \".[test]\"')\n"
    "next(iter(found)).load()()\n"
)


def test_import_linter_contracts_hold():
    result = subprocess.run([sys.executable, "-c", LINT_IMPORTS], cwd=ROOT, capture_output=True, text=True)
    if "import-linter is part of the test extra" in result.stderr:
        pytest.fail(result.stderr.strip())
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    assert f"{len(contracts)} kept, 0 broken" in result.stdout  # each one ran


def test_command_line_runs_without_loading_qt(tmp_path):
    code = (
        "import sys\n"
        "from flatspace_desktop.cli.main import main\n"
        "rc = main(['--data-dir', sys.argv[1], 'space', 'list'])\n"
        "assert rc == 0\n"
        "assert 'PySide6' not in sys.modules, 'the command line pulled in Qt'\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "no Spaces yet" in result.stdout


# What the layers contract cannot see: SQL written as text, or a storage object's database
# reached through an attribute. Only storage/ may hold either (issue 14: one owner of the schema).
SQL_MARKS = ("execute_sql", ".atomic(", "SELECT ", "INSERT INTO", "ALTER TABLE", "CREATE TABLE",
             "DELETE FROM", "PRAGMA ")


def test_no_sql_outside_storage():
    package = ROOT / "flatspace_desktop"
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] == "storage":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(mark in line for mark in SQL_MARKS):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_window_without_a_display_says_so_in_one_line(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux opens windows through DISPLAY / WAYLAND_DISPLAY")
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "flatspace_desktop", "--data-dir", str(tmp_path)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "no display" in result.stderr and "Traceback" not in result.stderr
