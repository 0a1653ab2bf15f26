"""Two desktops on one Team Space (two data roots on one PostgreSQL server), each with its
window: what one writes shows in the other's grid within a second, and an edit of a cell the
other changed meanwhile is caught and settled in the open, never written over silently."""

from __future__ import annotations

import os

import pytest

from support import write
from trust_fixtures import PEOPLE_BLUEPRINT, PEOPLE_CSV
from ui_helpers import open_sheet

SERVER = os.environ.get("FLATSPACE_TEST_SERVER")
pytestmark = pytest.mark.skipif(not SERVER, reason="no PostgreSQL server: set FLATSPACE_TEST_SERVER (.ci/run does)")


@pytest.fixture
def two_desktops(tmp_path, admin):
    """(ana's Flatspace, ben's Flatspace, the Space's id): ana made it on the server, ben joined."""
    from flatspace_desktop.services.app import Flatspace

    ana = Flatspace(tmp_path / "ana", default_server=SERVER)
    sid = ana.create_space(admin, "Club", blueprint=PEOPLE_BLUEPRINT)["id"]
    ana.open(admin, sid).records.import_file("teams", write(tmp_path / "teams.csv", "code,name\nA,Alpha\nB,Beta\n"))
    ana.open(admin, sid).records.import_file("people", write(tmp_path / "people.csv", PEOPLE_CSV))
    ben = Flatspace(tmp_path / "ben")
    ben.join_space(admin, SERVER, sid)
    yield ana, ben, sid
    ana.close()


@pytest.fixture
def bens_window(qtbot, two_desktops, admin, settings):
    from flatspace_desktop.ui.app import make_app
    from flatspace_desktop.ui.main_window import MainWindow

    make_app([])
    _ana, ben, _sid = two_desktops
    w = MainWindow(ben, admin, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def _cell(view, row: int, key: str) -> str:
    return view.model.data(view.model.index(row, view.model.keys.index(key)))


def test_another_desktops_edit_shows_in_the_grid_within_a_second(qtbot, two_desktops, bens_window, admin):
    ana, _ben, sid = two_desktops
    w = bens_window
    view = open_sheet(w, "people")
    assert _cell(view, 0, "name") == "Ann"
    w.pane._watch.stop()  # the window's own look every 1.5 s: only the server's notice may bring it
    qtbot.waitUntil(lambda: w.pane._server_watch is not None and w.pane._server_watch.listening.is_set())
    rid = view.model.rid(0)
    ana.open(admin, sid).records.update("people", {rid: {"name": "Anna"}})
    qtbot.waitUntil(lambda: _cell(view, 0, "name") == "Anna", timeout=1000)
    assert "changed outside this window" in w.status.currentMessage()


def test_a_window_whose_server_connection_is_lost_says_so_and_goes_on(make_window, club, qtbot, fs, admin):
    """What a server restart does to an open window: every connection it held is cut. The edit
    met then is refused in one line, nothing half-saved; the same edit again is saved."""
    import psycopg
    from PySide6.QtCore import Qt

    from trust_fixtures import activate, answer_next_dialog, retype, stored

    sid, _ = club
    w = activate(qtbot, make_window())
    w.switcher.activated.emit(w.switcher.findText("Club"))
    view = open_sheet(w, "people")
    before = stored(fs, admin, sid, "people")
    with psycopg.connect(SERVER, autocommit=True) as c:  # as a restart does: every other connection ends
        c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                  "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")
    seen: list[str] = []
    answer_next_dialog(lambda box: box.accept(), seen)
    retype(qtbot, view, 0, "name", "Annie", Qt.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == ["The connection to the Team Space's server was lost: nothing was saved. Try again."]
    assert stored(fs, admin, sid, "people") == before
    retype(qtbot, view, 0, "name", "Annie", Qt.Key_Return)  # tried again, as the line says
    qtbot.waitUntil(lambda: stored(fs, admin, sid, "people")[0]["name"] == "Annie", timeout=5000)
    assert _cell(view, 0, "name") == "Annie"
