"""Hostile spreadsheets dropped on the window: each is refused with its reason in one line and
the window lives on (a 1.5 KB file whose far corner once made the reader ask for 512 GiB)."""

import sys

from PySide6.QtWidgets import QMessageBox

from support import DATA
from ui_helpers import drop_files

sys.path.insert(0, str(DATA / "hostile"))
import gen_spreadsheets  # noqa: E402

PEOPLE = {"name": "People", "sheets": [{"name": "People", "slug": "people", "fields": [
    {"key": "email", "type": "string", "label": "Email"}, {"key": "name", "type": "string", "label": "Name"}]}]}


def test_a_dropped_spreadsheet_bomb_is_refused_and_the_window_lives_on(make_window, fs, admin, qtbot,
                                                                       monkeypatch, tmp_path):
    sid = fs.create_space(admin, "Drops", blueprint=PEOPLE)["id"]
    w = make_window()
    files = [gen_spreadsheets.far_corner(tmp_path, first=False), gen_spreadsheets.huge_shared_string(tmp_path),
             *gen_spreadsheets.zip_bombs(tmp_path)]
    refused = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: refused.append(a[2]))
    assert drop_files(w.pane.current_sheet().table.viewport(), files)
    qtbot.waitUntil(lambda: bool(refused), timeout=60000)
    lines = [line for line in refused[0].splitlines() if line.startswith("•")]
    assert len(lines) == len(files), refused[0]
    assert all(f.name in text for f, text in zip(files, lines)), refused[0]
    assert "16,384 columns" in lines[0]
    assert fs.open(admin, sid).files.list() == []  # nothing stored
    assert w.isVisible() and w.pane.files_view().model.rowCount() == 0  # the window goes on
