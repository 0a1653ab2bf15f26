"""The core and the command line never import Qt; the UI reaches storage only via services."""

import shutil
import subprocess
import sys

import pytest

from support import ROOT


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports")
    if exe is None:
        pytest.fail("import-linter is part of the test extra: pip install '.[test]'")
    result = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


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
