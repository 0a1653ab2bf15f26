"""A Team Space's guest on their own computer, in the window: the link opens the Space signed
in as the guest (storage.serverguests), the grid shows the granted sheets, nothing is editable,
and a change made on the owner's computer appears."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings, Qt

from flatspace_desktop.services.app import Flatspace
from flatspace_desktop.ui.main_window import MainWindow
from flatspace_desktop.ui.settings import WindowSettings
from ui_helpers import cell, open_sheet, sidebar_labels

SERVER = os.environ.get("FLATSPACE_TEST_SERVER")
pytestmark = pytest.mark.skipif(not SERVER, reason="no PostgreSQL server: set FLATSPACE_TEST_SERVER (.ci/run does)")


@pytest.fixture
def guest_window(qtbot, fs, admin, sample_space, tmp_path):
    from flatspace_desktop.ui.app import make_app

    make_app([])
    owner = fs.open(admin, sample_space)
    owner.files.upload(_csv(tmp_path))
    link = owner.guests.invite("Gina", "gina@x.example", sheets=["contacts"])["link"]
    theirs = Flatspace(tmp_path / "gina-computer")
    guest = theirs.open_link(link)
    w = MainWindow(theirs, guest, WindowSettings(QSettings(str(tmp_path / "g.ini"), QSettings.IniFormat)))
    qtbot.addWidget(w)
    w.open_space(guest.space_id)
    w.show()
    yield w
    w.close()
    theirs.close()


def _csv(tmp_path):
    path = tmp_path / "private.csv"
    path.write_text("name\nnot for guests\n", encoding="utf-8")
    return path


def test_the_guests_own_computer_shows_the_granted_sheet_read_only(guest_window, fs, admin, sample_space, qtbot):
    w = guest_window
    assert "Gina (guest, read-only)" in w.windowTitle()
    wb = w.pane.model.index(0, 0)
    assert [w.pane.model.index(r, 0, wb).data() for r in range(w.pane.model.rowCount(wb))] == ["Contacts"]
    assert sidebar_labels(w.pane.model)[-2:] == ["Files", "Documents"]
    view = open_sheet(w, "contacts")
    first = fs.open(admin, sample_space).records.list("contacts")[0]
    assert view.model.rowCount() == len(fs.open(admin, sample_space).records.list("contacts", limit=100000))
    assert cell(view.model, 0, "firstName") == first.values["firstName"]
    assert not view.act_add.isEnabled() and not (view.model.flags(view.model.index(0, 0)) & Qt.ItemIsEditable)
    # the owner's upload was imported into no granted sheet: the guest's Files are empty
    assert w.pane.select_key(("section", "files"))
    files = w.pane.stack.currentWidget()
    assert files.model.rowCount() == 0
    # a change on the owner's computer reaches the guest's window
    fs.open(admin, sample_space).records.update("contacts", {first.rid: {"firstName": "Changed on the server"}})
    assert open_sheet(w, "contacts") is view
    qtbot.waitUntil(lambda: cell(view.model, 0, "firstName") == "Changed on the server", timeout=5000)


def test_the_guests_grid_names_who_changed_a_record(guest_window, fs, admin, sample_space):
    view = open_sheet(guest_window, "contacts")
    assert view.model.headerData(0, Qt.Vertical, Qt.ToolTipRole).endswith(f"last changed by {admin.name}")
    shot = os.environ.get("FLATSPACE_SHOT")
    if shot:
        guest_window.grab().save(shot)


def test_the_guest_sorts_by_a_column_header_and_reads_the_recipe(guest_window, fs, admin, sample_space, qtbot):
    from PySide6.QtCore import QPoint

    from flatspace_desktop.domain.prep.recipes import Step
    from flatspace_desktop.ui.prep.recipe_dialog import RecipeDialog
    from ui_helpers import column, focus_grid, when_dialog

    fs.open(admin, sample_space).prep.transform("contacts", Step.create("change_case", {"case": "upper"}, ["lastName"]))
    view = open_sheet(guest_window, "contacts")
    view.refresh()
    header = view.table.horizontalHeader()
    col = column(view.model, "lastName")
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(header.sectionViewportPosition(col) + 10, 5))
    names = sorted(r.values.get("lastName") or "" for r in fs.open(admin, sample_space).records.list("contacts"))
    qtbot.waitUntil(lambda: cell(view.model, 0, "lastName") in (names[0], names[-1]) and
                    cell(view.model, 0, "lastName") != cell(view.model, view.model.rowCount() - 1, "lastName"),
                    timeout=5000)
    steps = []
    focus_grid(qtbot, view)
    when_dialog(RecipeDialog, lambda d: (steps.extend(d.table.item(r, 0).text() for r in range(d.table.rowCount())),
                                         d.reject()))
    guest_window.prep.act_steps.trigger()
    assert steps[-1] == "change case: lastName" and steps[0].startswith("map the columns")
