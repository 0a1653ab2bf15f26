"""A guest's window follows the link: it lists only the files the guest may see, and when the
link stops working it closes the Space and says why, whichever action met the refusal: F5, the
periodic check for outside changes, or a click in the sidebar. No traceback, no data left."""

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QTableView, QTreeView

from support import files_in_three_sheets
from flatspace_desktop.services.app import Flatspace
from flatspace_desktop.ui.main_window import MainWindow
from flatspace_desktop.ui.settings import WindowSettings


@pytest.fixture
def guest_window(qtbot, fs, admin, sample_space, tmp_path):
    from flatspace_desktop.ui.app import make_app

    make_app([])
    fs.open(admin, sample_space).update(guest_authentication=["magic_link", "shared_link"])
    windows = []

    def make(read_only=False, **grant):
        if read_only:
            issued = fs.open(admin, sample_space).guests.share_link(read_only=True, **grant)
        else:
            issued = fs.open(admin, sample_space).guests.invite("Gina", "gina@x.example", **grant)
        guest = fs.open_link(issued["link"])
        w = MainWindow(fs, guest, WindowSettings(QSettings(str(tmp_path / f"g{len(windows)}.ini"), QSettings.IniFormat)))
        qtbot.addWidget(w)
        w.open_space(guest.space_id)
        with qtbot.waitActive(w):  # keys go to the active window, as they do for a person
            w.show()
            w.activateWindow()
        windows.append(w)
        return w, issued["id"]

    yield make
    for w in windows:
        w.close()


def shown_text(w) -> str:
    return " ".join(label.text() for label in w.centralWidget().findChildren(QLabel) if label.isVisible())


def assert_closed_with_reason(w, qtbot, reason: str) -> None:
    qtbot.wait(20)  # let the closed views go
    assert "This link is no longer valid" in shown_text(w)
    assert reason in shown_text(w) and reason in w.statusBar().currentMessage()
    assert not [t for t in w.findChildren(QTableView) if t.isVisible()]  # no grid, no file list
    assert not [t for t in w.findChildren(QTreeView) if t.isVisible()]  # no sidebar
    assert w.switcher.count() == 0
    for action in (w.act_refresh, w.act_import, w.act_export, w.act_export_wb, w.act_undo, w.act_focus_sheet):
        assert not action.isEnabled()
    assert w.windowTitle() == "Flatspace"


def test_f5_in_a_revoked_guests_window_closes_the_space_and_says_why(guest_window, fs, admin, qtbot):
    w, gid = guest_window(sheets=["contacts"])
    view = w.pane.current_sheet()
    assert view.table.isVisible() and view.model.rowCount() == 7
    fs.open(admin, w.actor.space_id).guests.revoke(gid)
    qtbot.keyClick(w, Qt.Key_F5)
    assert_closed_with_reason(w, qtbot, "Your link was revoked")
    qtbot.keyClick(w, Qt.Key_F5)  # pressed again: nothing comes back, nothing breaks
    assert_closed_with_reason(w, qtbot, "Your link was revoked")


def test_a_link_revoked_by_another_program_closes_the_window_by_itself(guest_window, admin, qtbot, isolated_home):
    w, gid = guest_window(sheets=["contacts"])
    other = Flatspace(isolated_home)  # the command line, or the owner's window in another process
    try:
        other.open(admin, w.actor.space_id).guests.revoke(gid)
    finally:
        other.close()
    qtbot.waitUntil(lambda: "This link is no longer valid" in shown_text(w), timeout=6000)
    assert_closed_with_reason(w, qtbot, "Your link was revoked")


def test_a_link_revoked_from_this_program_closes_the_window_by_itself(guest_window, fs, admin, qtbot):
    w, gid = guest_window(sheets=["contacts"])
    fs.open(admin, w.actor.space_id).guests.delete(gid)  # the owner's Users view, in the same process
    qtbot.waitUntil(lambda: "This link is no longer valid" in shown_text(w), timeout=6000)
    assert_closed_with_reason(w, qtbot, "Your link was withdrawn")


def test_a_click_in_the_sidebar_after_revocation_closes_the_space(guest_window, fs, admin, qtbot):
    w, gid = guest_window(sheets=["contacts"])
    w.pane._watch.stop()  # the click, not the periodic check, meets the refusal
    fs.open(admin, w.actor.space_id).guests.revoke(gid)
    tree = w.pane.tree
    tree.setFocus()
    files = w.pane.model.find(("section", "files"))
    qtbot.mouseClick(tree.viewport(), Qt.LeftButton, pos=tree.visualRect(files).center())
    assert_closed_with_reason(w, qtbot, "Your link was revoked")


def test_a_guests_files_section_lists_only_their_sheets_files(guest_window, fs, admin, sample_space, tmp_path):
    sid = sample_space
    files_in_three_sheets(fs, admin, sid, tmp_path)
    w, _gid = guest_window(read_only=True, sheets=["contacts"])
    files = w.pane.model.find(("section", "files"))
    assert [w.pane.model.index(r, 0, files).data() for r in range(w.pane.model.rowCount(files))] == [
        "sample_contacts.csv"]
    assert w.pane.select_key(("section", "files"))
    view = w.pane.files_view()
    assert [view.model.index(r, 0).data() for r in range(view.model.rowCount())] == ["sample_contacts.csv"]
    assert view.summary.text().startswith("1 file,")
    view.table.selectRow(0)
    assert view.buttons["save"].isEnabled()  # a read-only link reads and keeps copies, nothing more
    for name in ("upload", "import", "rename", "delete"):
        assert not view.buttons[name].isEnabled(), name


def test_an_edit_after_the_link_was_revoked_is_refused_and_leaves_no_undo_step(guest_window, fs, admin,
                                                                                sample_space, qtbot):
    from trust_fixtures import answer_next_dialog, retype

    w, gid = guest_window(sheets=["contacts"])
    view = w.pane.current_sheet()
    before = [r.values for r in fs.open(admin, sample_space).records.list("contacts", limit=100)]
    steps = fs.space(sample_space).m.UndoStep.select().count()
    fs.open(admin, sample_space).guests.revoke(gid)
    seen = []
    answer_next_dialog(lambda box: box.accept(), seen)
    retype(qtbot, view, 0, "firstName", "Mallory", Qt.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "revoked" in seen[0]
    assert [r.values for r in fs.open(admin, sample_space).records.list("contacts", limit=100)] == before
    assert fs.space(sample_space).m.UndoStep.select().count() == steps  # no step for a refused edit
    qtbot.waitUntil(lambda: "This link is no longer valid" in shown_text(w), timeout=5000)
    assert_closed_with_reason(w, qtbot, "Your link was revoked")


def test_a_link_revoked_while_a_cell_is_being_typed_in_ends_the_session_safely(guest_window, fs, admin,
                                                                                sample_space, qtbot):
    """The refusal's box stays open while the window closes the Space behind it."""
    from trust_fixtures import answer_next_dialog, key, retype

    w, gid = guest_window(sheets=["contacts"])
    view = w.pane.current_sheet()
    before = [r.values for r in fs.open(admin, sample_space).records.list("contacts", limit=100)]
    retype(qtbot, view, 0, "firstName", "Guest-TYPED")
    fs.open(admin, sample_space).guests.revoke(gid)
    qtbot.wait(2000)  # the window holds its check back while the editor is open
    seen = []

    def read_slowly(box):
        qtbot.wait(3500)  # meanwhile the window's check ends the session and closes the view
        box.accept()

    answer_next_dialog(read_slowly, seen)
    key(w, Qt.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    qtbot.waitUntil(lambda: "This link is no longer valid" in shown_text(w), timeout=10000)
    qtbot.wait(100)
    assert "revoked" in seen[0]
    assert [r.values for r in fs.open(admin, sample_space).records.list("contacts", limit=100)] == before
    assert_closed_with_reason(w, qtbot, "Your link was revoked")
