"""Where a Space is kept, in the window: New Space offers a server; Manage Spaces shows where
each is kept, joins a Team Space another computer made, and moves a Space to a server and back."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from trust_fixtures import activate, answer_next_dialog, key
from flatspace_desktop.storage.server import shown_url
from flatspace_desktop.ui.space.spaces_dialog import CreateSpaceDialog, SpacesDialog

SERVER = os.environ.get("FLATSPACE_TEST_SERVER")
needs_server = pytest.mark.skipif(not SERVER, reason="no PostgreSQL server: set FLATSPACE_TEST_SERVER (.ci/run does)")


def _new_space(qtbot, w, name: str, server: str | None, seen: dict) -> None:
    """Ctrl+N, a name, and (server given) "A PostgreSQL server" with its address typed; Enter."""
    def fill(dialog):
        assert isinstance(dialog, CreateSpaceDialog)
        qtbot.keyClicks(dialog.name, name)
        if server is not None:
            dialog.kept_on.where.setFocus()
            QTest.keyClick(dialog.kept_on.where, Qt.Key_Down)
            seen["url shown"] = dialog.kept_on.url.isVisible()
            dialog.kept_on.url.clear()
            qtbot.keyClicks(dialog.kept_on.url, server)
        QTest.keyClick(dialog.windowHandle(), Qt.Key_Return)
        seen["error"] = dialog.error.text()
        if dialog.isVisible():
            dialog.reject()
    answer_next_dialog(fill)
    key(w, Qt.Key_N, Qt.ControlModifier)


@pytest.mark.local_space
def test_new_space_keeps_it_on_this_computer_unless_a_server_is_chosen(make_window, fs, admin, qtbot):
    w = activate(qtbot, make_window())
    seen: dict = {}
    _new_space(qtbot, w, "Here", None, seen)
    qtbot.waitUntil(lambda: w.pane is not None, timeout=5000)
    assert w.pane.info.get("server") is None
    assert (fs.catalog.folder(w.pane.space_id) / "space.sqlite").is_file()

    seen.clear()
    _new_space(qtbot, w, "Nowhere", "", seen)  # a server chosen, no address typed
    qtbot.waitUntil(lambda: "error" in seen)
    assert seen["url shown"] and seen["error"] == "Give the server's address, or keep the Space on this computer."
    seen.clear()
    _new_space(qtbot, w, "Wrong", "mysql://db.example/team", seen)
    qtbot.waitUntil(lambda: "error" in seen)
    assert seen["error"].startswith("a server is a PostgreSQL address such as postgresql://")
    assert sorted(s["name"] for s in fs.list_spaces(admin)) == ["Here"]


@needs_server
def test_new_space_on_a_server_is_a_team_space(make_window, fs, admin, qtbot):
    w = activate(qtbot, make_window())
    seen: dict = {}
    _new_space(qtbot, w, "Team", SERVER, seen)
    qtbot.waitUntil(lambda: w.pane is not None, timeout=10_000)
    assert seen["error"] == ""
    assert w.pane.info["server"] == shown_url(SERVER)
    assert (fs.catalog.folder(w.pane.space_id) / "server.json").is_file()


def _row(dialog, name: str) -> int:
    return next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == name)


@needs_server
@pytest.mark.local_space
def test_manage_spaces_moves_a_space_to_the_server_and_back(make_window, fs, admin, qtbot):
    sid = fs.create_space(admin, "Movers")["id"]
    w = activate(qtbot, make_window())
    dialog = SpacesDialog(fs, admin, w)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(_row(dialog, "Movers"))
    assert dialog.table.item(_row(dialog, "Movers"), 4).text() == "this computer"

    def to_server(d):
        d.url.clear()
        qtbot.keyClicks(d.url, SERVER)
        QTest.keyClick(d.windowHandle(), Qt.Key_Return)
    answer_next_dialog(to_server)
    qtbot.mouseClick(dialog.buttons["move"], Qt.LeftButton)
    assert dialog.table.item(_row(dialog, "Movers"), 4).text() == f"{shown_url(SERVER)} · id {sid}"
    assert fs.open(admin, sid).info()["server"] == shown_url(SERVER)

    seen: list = []
    dialog.table.selectRow(_row(dialog, "Movers"))
    answer_next_dialog(lambda d: QTest.keyClick(d.windowHandle(), Qt.Key_Return), seen)
    qtbot.mouseClick(dialog.buttons["move"], Qt.LeftButton)
    assert dialog.table.item(_row(dialog, "Movers"), 4).text() == "this computer"
    assert (fs.catalog.folder(sid) / "space.sqlite").is_file()


@needs_server
def test_manage_spaces_joins_a_team_space_another_computer_made(make_window, fs, admin, qtbot, tmp_path):
    from flatspace_desktop.services.app import Flatspace

    other = Flatspace(tmp_path / "other", default_server=SERVER)
    try:
        sid = other.create_space(admin, "Theirs")["id"]
    finally:
        other.close()
    w = activate(qtbot, make_window())
    dialog = SpacesDialog(fs, admin, w)
    qtbot.addWidget(dialog)
    opened: list = []
    dialog.openRequested.connect(opened.append)
    dialog.show()

    def join(d):
        d.url.clear()
        qtbot.keyClicks(d.url, SERVER)
        qtbot.keyClicks(d.space_id, sid)
        QTest.keyClick(d.windowHandle(), Qt.Key_Return)
    answer_next_dialog(join)
    qtbot.mouseClick(dialog.buttons["join"], Qt.LeftButton)
    assert opened == [sid]
    assert fs.open(admin, sid).info()["name"] == "Theirs"


@needs_server
def test_manage_spaces_leaves_a_team_space_on_this_computer_only(make_window, fs, admin, qtbot, tmp_path):
    from flatspace_desktop.services.app import Flatspace

    sid = fs.create_space(admin, "Shared", server=SERVER)["id"]
    local = fs.create_space(admin, "Mine", server="")["id"]
    w = activate(qtbot, make_window())
    dialog = SpacesDialog(fs, admin, w)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(_row(dialog, "Mine"))
    assert not dialog.buttons["leave"].isEnabled()  # a Space on this computer has no server to stay on
    dialog.table.selectRow(_row(dialog, "Shared"))
    assert dialog.buttons["leave"].isEnabled()
    seen: list = []
    answer_next_dialog(lambda box: box.button(box.StandardButton.Yes).click(), seen)
    qtbot.mouseClick(dialog.buttons["leave"], Qt.LeftButton)
    assert "stays on" in seen[0]
    assert [s["name"] for s in fs.list_spaces(admin)] == ["Mine"] and local
    other = Flatspace(tmp_path / "other")
    try:
        other.join_space(admin, SERVER, sid)
        assert other.open(admin, sid).info()["name"] == "Shared"  # still on the server for the others
    finally:
        other.close()
