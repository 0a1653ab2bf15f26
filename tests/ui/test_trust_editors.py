"""Issue 11, editors: opening and leaving an editor without typing changes nothing, invalid
values stay as typed, every editor can clear its cell, the number editor keeps keystrokes."""

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCalendarWidget, QComboBox

from trust_fixtures import activate, go_to_cell, key, retype, stored
from ui_helpers import open_sheet

FIELDS = ["name", "born", "score", "active", "level", "team"]


@pytest.fixture
def people(make_window, club, qtbot):
    sid, _ = club
    w = activate(qtbot, make_window())
    i = w.switcher.findText("Club")
    w.switcher.activated.emit(i)
    return w, open_sheet(w, "people"), sid


def editor_of(view):
    return view.table.indexWidget(view.table.currentIndex())


@pytest.mark.parametrize("leave", ["escape", "tab", "enter", "click"])
def test_opening_and_leaving_every_editor_changes_nothing(people, fs, admin, qtbot, leave):
    w, view, sid = people
    before = stored(fs, admin, sid, "people")
    for row in range(3):
        for field in FIELDS:
            go_to_cell(view, row, field)
            key(w, Qt.Key_F2)
            assert editor_of(view) is not None, f"F2 opens an editor on {field}"
            if leave == "escape":
                key(w, Qt.Key_Escape)
            elif leave == "tab":
                key(w, Qt.Key_Tab)
            elif leave == "enter":
                key(w, Qt.Key_Return)
            else:  # click another cell, as a person leaving the editor with the mouse
                other = view.model.index((row + 1) % 3, 0)
                QTest.mouseClick(view.table.viewport(), Qt.LeftButton, pos=view.table.visualRect(other).center())
            qtbot.waitUntil(lambda: editor_of(view) is None or view.table.currentIndex().column() != FIELDS.index(field))
    assert stored(fs, admin, sid, "people") == before
    assert fs.open(admin, sid).undo.history("people") == [] and not w.act_undo.isEnabled()


def test_invalid_values_are_shown_as_typed_in_their_editors(people, qtbot):
    w, view, _ = people
    go_to_cell(view, 0, "born")
    key(w, Qt.Key_F2)
    assert editor_of(view).text() == "1990-02-30"
    key(w, Qt.Key_Escape)
    go_to_cell(view, 1, "level")
    key(w, Qt.Key_F2)
    combo = editor_of(view)
    assert isinstance(combo, QComboBox) and combo.currentText() == "mid  (not an option)"
    key(w, Qt.Key_Escape)
    go_to_cell(view, 1, "active")
    key(w, Qt.Key_F2)
    assert editor_of(view).currentText() == "maybe  (not an option)"
    key(w, Qt.Key_Escape)


@pytest.mark.parametrize("field", ["born", "score", "name", "team"])
def test_a_text_editor_can_clear_its_cell(people, fs, admin, qtbot, field):
    w, view, sid = people
    go_to_cell(view, 0, field)
    key(w, Qt.Key_F2)
    key(w, Qt.Key_A, Qt.ControlModifier)
    key(w, Qt.Key_Backspace)
    key(w, Qt.Key_Return)
    assert stored(fs, admin, sid, "people")[0][field] is None
    key(w, Qt.Key_Z, Qt.ControlModifier)
    assert stored(fs, admin, sid, "people")[0][field] is not None


@pytest.mark.parametrize("field", ["level", "active"])
def test_a_choice_editor_can_clear_its_cell(people, fs, admin, qtbot, field):
    w, view, sid = people
    go_to_cell(view, 1, field)
    key(w, Qt.Key_F2)
    editor_of(view).setCurrentIndex(0)  # the empty choice at the top of the list
    key(w, Qt.Key_Return)
    assert stored(fs, admin, sid, "people")[1][field] is None


def test_the_number_editor_keeps_every_keystroke_and_flags_it(people, fs, admin, qtbot):
    w, view, sid = people
    retype(qtbot, view, 0, "score", "4O.2")
    editor = editor_of(view)
    assert editor.text() == "4O.2" and "Not a number" in editor.toolTip()
    key(w, Qt.Key_Return)
    assert stored(fs, admin, sid, "people")[0]["score"] == "4O.2"
    index = view.model.index(0, view.model.keys.index("score"))
    assert index.data() == "4O.2" and '"4O.2" is not a number' in index.data(Qt.ToolTipRole)


def test_the_date_editor_types_a_date_or_picks_one_from_its_calendar(people, fs, admin, qtbot):
    w, view, sid = people
    retype(qtbot, view, 0, "born", "1990-02-28", Qt.Key_Return)
    assert stored(fs, admin, sid, "people")[0]["born"] == "1990-02-28"
    go_to_cell(view, 2, "born")  # empty: the calendar opens on today, Enter takes it
    key(w, Qt.Key_F2)
    key(w, Qt.Key_F4)
    calendar = QApplication.activePopupWidget()
    assert isinstance(calendar, QCalendarWidget)
    calendar.setSelectedDate(QDate(2001, 9, 11))
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Return)  # the calendar has the keyboard
    assert editor_of(view).text() == "2001-09-11"
    key(w, Qt.Key_Return)
    assert stored(fs, admin, sid, "people")[2]["born"] == "2001-09-11"


def test_tab_leaves_the_editor_for_the_next_cell_without_opening_it(people, fs, admin, qtbot):
    """As in a spreadsheet: after Tab the keys move about the grid; they choose nothing."""
    w, view, sid = people
    before = stored(fs, admin, sid, "people")
    go_to_cell(view, 0, "active")
    key(w, Qt.Key_F2)
    key(w, Qt.Key_Tab)
    assert editor_of(view) is None and view.model.keys[view.table.currentIndex().column()] == "level"
    for k in (Qt.Key_Home, Qt.Key_End, Qt.Key_Down, Qt.Key_Up):
        key(w, k)
    key(w, Qt.Key_Return)  # the grid takes Enter: nothing is chosen for any cell
    key(w, Qt.Key_Escape)
    assert stored(fs, admin, sid, "people") == before


def test_an_outside_change_waits_while_a_cell_is_being_typed_in(people, fs, admin, qtbot, isolated_home):
    from flatspace_desktop.services.app import Flatspace

    w, view, sid = people
    retype(qtbot, view, 2, "name", "Cyrus")
    other_program = Flatspace(isolated_home)
    other_program.open(admin, sid).records.update("people", {fs.open(admin, sid).records.list("people")[0].rid: {"name": "Anne"}})
    other_program.close()
    qtbot.wait(3500)  # two rounds of the outside-change check
    assert editor_of(view) is not None and editor_of(view).text() == "Cyrus"
    key(w, Qt.Key_Return)
    qtbot.waitUntil(lambda: view.model.index(0, 0).data() == "Anne", timeout=5000)
    assert [r["name"] for r in stored(fs, admin, sid, "people")] == ["Anne", "Bo", "Cyrus"]
    assert view.model.keys[view.table.currentIndex().column()] == "name" and view.table.currentIndex().row() in (2, 3)
