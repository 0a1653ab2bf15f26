"""The window, when a cell being edited is changed by someone else meanwhile (another program
on this Space; another desktop when the suite runs on a server): the person is told both
values and chooses; nothing is overwritten that they did not choose to overwrite."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from trust_fixtures import activate, answer_next_dialog, key, retype, stored
from ui_helpers import open_document, open_sheet


@pytest.fixture
def editing(make_window, club, qtbot, fs, admin):
    """(window, people view, space id, another program on the Space), Ann's name in an editor
    reading "Annie", and the other program having renamed her "Anna" meanwhile."""
    from flatspace_desktop.services.app import Flatspace

    sid, _ = club
    w = activate(qtbot, make_window())
    w.switcher.activated.emit(w.switcher.findText("Club"))
    view = open_sheet(w, "people")
    other = Flatspace(fs.root)
    retype(qtbot, view, 0, "name", "Annie")
    other.open(admin, sid).records.update("people", {view.model.rid(0): {"name": "Anna"}})
    w.pane._tick()  # the window looks for outside changes: it leaves the open editor alone
    assert view.is_editing()
    yield w, view, sid
    other.close()


def _click(label):
    def action(box):
        next(b for b in box.buttons() if b.text() == label).click()
    return action


def test_keeping_theirs_leaves_their_value_and_shows_it(editing, fs, admin, qtbot):
    w, view, sid = editing
    seen: list[str] = []
    answer_next_dialog(_click("Keep theirs"), seen)
    key(w, Qt.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0].startswith('Name of record') and 'from "Ann" to "Anna" since you read it' in seen[0]
    qtbot.waitUntil(lambda: "Kept the value someone else saved" in w.status.currentMessage())
    assert stored(fs, admin, sid, "people")[0]["name"] == "Anna"
    assert view.model.data(view.model.index(0, view.model.keys.index("name"))) == "Anna"


def test_using_mine_writes_mine_over_theirs_as_one_undo_step(editing, fs, admin, qtbot):
    w, view, sid = editing
    seen: list[str] = []
    answer_next_dialog(_click("Use mine"), seen)
    key(w, Qt.Key_Return)
    qtbot.waitUntil(lambda: stored(fs, admin, sid, "people")[0]["name"] == "Annie")
    assert view.model.data(view.model.index(0, view.model.keys.index("name"))) == "Annie"
    key(w, Qt.Key_Z, Qt.ControlModifier)  # undo takes back mine, to theirs
    qtbot.waitUntil(lambda: stored(fs, admin, sid, "people")[0]["name"] == "Anna")


def test_an_edit_nobody_else_touched_is_saved_at_once(make_window, club, qtbot, fs, admin):
    sid, _ = club
    w = activate(qtbot, make_window())
    w.switcher.activated.emit(w.switcher.findText("Club"))
    view = open_sheet(w, "people")
    retype(qtbot, view, 0, "name", "Annie", Qt.Key_Return)
    assert stored(fs, admin, sid, "people")[0]["name"] == "Annie"


@pytest.mark.parametrize("choice", ["Keep theirs", "Use mine"])
def test_a_document_someone_else_saved_meanwhile_is_not_written_over(sample_window, fs, admin, qtbot, choice):
    from PySide6.QtWidgets import QApplication

    from flatspace_desktop.services.app import Flatspace

    sid = sample_window.pane.space_id
    d = fs.open(admin, sid).documents.add("Vendor notes", "# Notes\n")
    view = open_document(sample_window, d["id"])
    other = Flatspace(fs.root)
    try:
        other.open(admin, sid).documents.update(d["id"], body="Ana rewrote this.")
    finally:
        other.close()
    seen: list = []
    answer_next_dialog(_click(choice), seen)
    view.editor.moveCursor(view.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(view.editor, "Ben's line.")
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen[0] == "“Vendor notes” was changed by someone else since you opened it: your text was not saved."
    stored = lambda: fs.open(admin, sid).documents.get(d["id"])["body"]  # noqa: E731
    if choice == "Keep theirs":
        qtbot.waitUntil(lambda: view.editor.toPlainText() == "Ana rewrote this.")
        assert stored() == "Ana rewrote this." and "Ben's line." in QApplication.clipboard().text()
        assert view.state.text() == "Theirs kept (yours is on the clipboard)"
    else:
        qtbot.waitUntil(lambda: stored() == "# Notes\nBen's line.")
        assert view.state.text() == "Saved"
