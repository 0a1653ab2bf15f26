"""Undo kept by the core (issue 14): the window's Undo takes back a change made before the
window was closed, and the steps `flatspace undo` moved; Edit > Undo History… goes to any step."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from trust_fixtures import activate, answer_next_dialog, key, retype, stored
from ui_helpers import open_sheet
from test_trust_undo import switch_to


def test_undo_after_closing_and_opening_the_window_again(make_window, club, fs, admin, qtbot):
    sid, _ = club
    w = activate(qtbot, make_window())
    switch_to(qtbot, w, "Club")
    view = open_sheet(w, "people")
    retype(qtbot, view, 0, "name", "Zed", Qt.Key_Return)
    w.close()
    w2 = activate(qtbot, make_window())
    switch_to(qtbot, w2, "Club")
    open_sheet(w2, "people")
    assert w2.act_undo.isEnabled() and w2.act_undo.text() == "Undo Edit Name"
    key(w2, Qt.Key_Z, Qt.ControlModifier)
    assert stored(fs, admin, sid, "people")[0]["name"] == "Ann"
    assert w2.act_redo.text() == "Redo Edit Name" and not w2.act_undo.isEnabled()


def test_the_command_lines_undo_shows_in_the_edit_menu(make_window, club, fs, admin, qtbot, capsys):
    from flatspace_desktop.cli.main import main

    sid, _ = club
    w = activate(qtbot, make_window())
    switch_to(qtbot, w, "Club")
    view = open_sheet(w, "people")
    retype(qtbot, view, 0, "name", "Zed", Qt.Key_Return)
    retype(qtbot, view, 1, "name", "Yan", Qt.Key_Return)
    assert main(["undo", sid, "--sheet", "people"]) == 0
    capsys.readouterr()
    key(w, Qt.Key_F5)  # or the window's own check, a moment later
    qtbot.waitUntil(lambda: view.model.data(view.model.index(1, 0)) == "Bo", timeout=5000)
    key(w, Qt.Key_E, Qt.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=2000)
    texts = [a.text() for a in QApplication.activePopupWidget().actions() if not a.isSeparator()]
    key(w, Qt.Key_Escape)
    assert texts[:3] == ["Undo Edit Name", "Redo Edit Name", "Undo History…"]


def test_undo_history_goes_back_to_a_picked_step(make_window, club, fs, admin, qtbot):
    sid, _ = club
    w = activate(qtbot, make_window())
    switch_to(qtbot, w, "Club")
    view = open_sheet(w, "people")
    for row, name in ((0, "One"), (1, "Two"), (2, "Three")):
        retype(qtbot, view, row, "name", name, Qt.Key_Return)
    seen = []

    def pick_first_step(dialog):
        rows = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        seen.append(rows)
        dialog.list.setCurrentRow(1)  # after the first edit
        key(dialog, Qt.Key_Return)

    answer_next_dialog(pick_first_step)
    w.act_undo_history.trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen[0][0] == "(before the first step)" and all(r.startswith("Edit Name") for r in seen[0][1:])
    qtbot.waitUntil(lambda: [r["name"] for r in stored(fs, admin, sid, "people")] == ["One", "Bo", "Cy"],
                    timeout=5000)
    assert w.act_redo.text() == "Redo Edit Name" and w.act_undo.text() == "Undo Edit Name"
    key(w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert [r["name"] for r in stored(fs, admin, sid, "people")] == ["One", "Two", "Cy"]


def test_a_second_window_shows_an_edit_at_once(make_window, club, fs, admin, qtbot):
    """Both windows take the service's Changes: no reload, no waiting for the outside check."""
    sid, _ = club
    w1 = activate(qtbot, make_window())
    switch_to(qtbot, w1, "Club")
    v1 = open_sheet(w1, "people")
    w2 = make_window()
    switch_to(qtbot, w2, "Club")
    v2 = open_sheet(w2, "people")
    assert v1.model.setData(v1.model.index(0, 0), "Zed")  # as the editor commits it
    assert v2.model.data(v2.model.index(0, 0)) == "Zed"
    w1.act_undo.trigger()
    assert v2.model.data(v2.model.index(0, 0)) == "Ann"
    (rid,) = fs.open(admin, sid).records.add("people", [{"name": "Dee"}])  # the same service, from code
    assert v1.model.rowCount() == v2.model.rowCount() == 4
    fs.open(admin, sid).workbooks.delete(fs.space(sid).resolve_sheet("people").workbook_id)
    assert w1.pane.current_sheet() is None and w2.pane.current_sheet() is None  # its views went with it


def test_a_theme_set_elsewhere_shows_in_the_open_window(make_window, club, fs, admin, qtbot):
    sid, _ = club
    w = activate(qtbot, make_window())
    switch_to(qtbot, w, "Club")
    fs.open(admin, sid).theme.set({"sidebar": {"backgroundColor": "rebeccapurple"}})  # as another program would
    assert w.shown_theme["sidebar"]["backgroundColor"] == "rebeccapurple"
    assert w.theme_editor.stored == {"sidebar": {"backgroundColor": "rebeccapurple"}}


def test_a_change_that_leaves_the_theme_as_it_was_keeps_the_window_as_styled(make_window, club, fs, admin, qtbot):
    """Restyling the window costs tens of milliseconds: a rename or a restore does not redo it."""
    sid, _ = club
    w = activate(qtbot, make_window())
    switch_to(qtbot, w, "Club")
    editor = w.theme_editor
    fs.open(admin, sid).rename("Club House")  # a change of the Space's settings, not its theme
    assert w.windowTitle().startswith("Club House") and w.theme_editor is editor
    fs.open(admin, sid).theme.set({"sidebar": {"backgroundColor": "teal"}})
    assert w.theme_editor is not editor and w.shown_theme["sidebar"]["backgroundColor"] == "teal"
