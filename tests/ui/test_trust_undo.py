"""Issue 11, data and undo: menus open, undo follows the active sheet, bulk changes from the
window go through the service with a snapshot, refused edits leave no trace on the stack."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from trust_fixtures import activate, answer_next_dialog, go_to_cell, key, retype, stored
from ui_helpers import open_sheet

MENUS = {"&File": Qt.Key_F, "&Edit": Qt.Key_E, "&View": Qt.Key_V, "&Space": Qt.Key_S, "&Help": Qt.Key_H}


def open_menus(qtbot, w) -> dict[str, list[str]]:
    """Open each menu of the menu bar with its Alt shortcut, as a person does; what each shows."""
    shown = {}
    for title, letter in MENUS.items():
        key(w, letter, Qt.AltModifier)
        qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=2000)
        menu = QApplication.activePopupWidget()
        assert menu.title() == title
        shown[title] = [a.text() for a in menu.actions() if not a.isSeparator()]
        key(w, Qt.Key_Escape)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=2000)
    return shown


def switch_to(qtbot, w, name: str) -> None:
    i = w.switcher.findText(name)
    w.switcher.setCurrentIndex(i)
    w.switcher.activated.emit(i)
    assert w.pane.info["name"] == name


def test_every_menu_opens_with_a_space_open_and_after_switching(make_window, club, qtbot):
    w = activate(qtbot, make_window())
    switch_to(qtbot, w, "Club")
    open_sheet(w, "people")
    shown = open_menus(qtbot, w)
    assert shown["&Edit"][:2] == ["Undo", "Redo"] and "Find and replace…" in shown["&Edit"]
    switch_to(qtbot, w, "Other")
    shown = open_menus(qtbot, w)
    assert shown["&Edit"][:2] == ["Undo", "Redo"]
    switch_to(qtbot, w, "Club")
    assert open_menus(qtbot, w)["&Edit"][:2] == ["Undo", "Redo"]


def test_undo_and_redo_follow_the_active_sheet_after_switching_spaces(make_window, club, fs, admin, qtbot):
    sid, other = club
    w = activate(qtbot, make_window())
    switch_to(qtbot, w, "Club")
    switch_to(qtbot, w, "Other")
    switch_to(qtbot, w, "Club")
    view = open_sheet(w, "people")
    retype(qtbot, view, 0, "name", "Zed", Qt.Key_Return)
    assert stored(fs, admin, sid, "people")[0]["name"] == "Zed"
    assert w.act_undo.isEnabled() and w.act_undo.text() == "Undo Edit Name"
    key(w, Qt.Key_Z, Qt.ControlModifier)
    assert stored(fs, admin, sid, "people")[0]["name"] == "Ann"
    key(w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert stored(fs, admin, sid, "people")[0]["name"] == "Zed"
    # switching away and back keeps the sheet shown and its history
    switch_to(qtbot, w, "Other")
    switch_to(qtbot, w, "Club")
    assert w.pane.current_sheet() is view and w.act_undo.text() == "Undo Edit Name"
    key(w, Qt.Key_Z, Qt.ControlModifier)
    assert stored(fs, admin, sid, "people")[0]["name"] == "Ann"
    key(w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    # the other Space's sheet has its own history
    switch_to(qtbot, w, "Other")
    teams = open_sheet(w, "teams")
    assert not w.act_undo.isEnabled()
    retype(qtbot, teams, 0, "name", "Yankee", Qt.Key_Return)
    key(w, Qt.Key_Z, Qt.ControlModifier)
    assert stored(fs, admin, other, "teams")[0]["name"] == "Xray"
    assert stored(fs, admin, sid, "people")[0]["name"] == "Zed"


def test_find_and_replace_from_the_window_takes_a_snapshot_and_undoes(make_window, club, fs, admin, qtbot):
    sid, _ = club
    w = activate(qtbot, make_window())
    switch_to(qtbot, w, "Club")
    view = open_sheet(w, "people")
    go_to_cell(view, 0, "name")
    before = len(fs.open(admin, sid).history.list())

    def fill(dialog):
        qtbot.keyClicks(dialog.find, "Bo")
        qtbot.keyClicks(dialog.replace, "Bob")
        dialog.refresh_now()
        qtbot.keyClick(dialog.apply, Qt.Key_Space)

    answer_next_dialog(fill)
    key(w, Qt.Key_H, Qt.ControlModifier)
    assert [r["name"] for r in stored(fs, admin, sid, "people")] == ["Ann", "Bob", "Cy"]
    snaps = fs.open(admin, sid).history.list()
    assert len(snaps) == before + 1 and "before replacing" in snaps[0]["reason"]
    assert "snapshot" in w.status.currentMessage()
    key(w, Qt.Key_Z, Qt.ControlModifier)
    assert [r["name"] for r in stored(fs, admin, sid, "people")] == ["Ann", "Bo", "Cy"]


def test_a_refused_edit_leaves_no_undo_step_and_says_why_in_one_line(make_window, club, fs, admin, qtbot, isolated_home):
    from flatspace_desktop.services.app import Flatspace

    sid, _ = club
    w = activate(qtbot, make_window())
    switch_to(qtbot, w, "Club")
    view = open_sheet(w, "people")
    fs.open(admin, sid).update(guest_authentication=["shared_link"])
    link = fs.open(admin, sid).guests.share_link()["link"]

    def someone_else_deletes(rid):  # another person, in another program: no step of ours
        other_program = Flatspace(isolated_home)
        other_program.open(other_program.open_link(link), sid).records.delete("people", [rid])
        other_program.close()

    rid = stored(fs, admin, sid, "people") and fs.open(admin, sid).records.list("people")[1].rid
    someone_else_deletes(rid)
    seen, said = [], []
    w.status.messageChanged.connect(said.append)

    def read_then_close(box):  # the window's outside-change check runs while the box is open
        qtbot.wait(3500)
        box.accept()

    answer_next_dialog(read_then_close, seen)
    retype(qtbot, view, 1, "name", "Ghost", Qt.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=10000)
    assert seen and seen[0] == f"no record {rid} in people"
    assert f"no record {rid} in people" in said  # the status line says it too
    assert fs.open(admin, sid).undo.history("people") == [] and not w.act_undo.isEnabled()
    # an undo refused the same way keeps its step, to try again
    retype(qtbot, view, 0, "name", "Zed", Qt.Key_Return)
    first = fs.open(admin, sid).records.list("people")[0].rid
    someone_else_deletes(first)
    seen.clear()
    answer_next_dialog(lambda box: box.accept(), seen)
    key(w, Qt.Key_Z, Qt.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert seen and "Could not undo “Edit Name”" in seen[0]
    assert fs.open(admin, sid).undo.next("people")["label"] == "Edit Name" and w.act_undo.isEnabled()
