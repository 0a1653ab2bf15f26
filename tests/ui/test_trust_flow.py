"""Issue 11, flow: Enter imports on the mapping page, drops go to the upload flow wherever they
land, the window's own sort is not an outside change, New Space keeps what was typed."""

import json

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from support import DATA, write
from trust_fixtures import activate, answer_next_dialog, key
from ui_helpers import drop_files, open_sheet
from flatspace_desktop.ui.importing.import_dialog import ImportDialog
from flatspace_desktop.ui.space.spaces_dialog import CreateSpaceDialog

PEOPLE = {"name": "People", "sheets": [{"name": "People", "slug": "people", "fields": [
    {"key": "email", "type": "string", "label": "Email"}, {"key": "name", "type": "string", "label": "Name"},
    {"key": "city", "type": "string", "label": "City"}]}]}


def test_enter_through_the_pages_imports(make_window, fs, admin, qtbot, monkeypatch):
    sid = fs.create_space(admin, "Enter", blueprint=PEOPLE)["id"]
    w = activate(qtbot, make_window())
    summaries, pages = [], []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: summaries.append(box.text()) or 0)

    def press_enter(dialog):
        assert isinstance(dialog, ImportDialog)
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key_Return)  # Next: the mapping
        pages.append(dialog.pages.currentIndex())
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key_Return)  # Next: the review
        pages.append(dialog.pages.currentIndex())
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key_Return)  # Import all

    answer_next_dialog(press_enter)
    w.import_file([str(DATA / "utf8_bom_comma.csv")])
    qtbot.waitUntil(lambda: bool(summaries), timeout=10000)
    assert pages == [1, 2]
    assert fs.open(admin, sid).records.counts("people")["total"] == 5


def test_a_file_dropped_on_the_search_box_is_uploaded_not_searched(make_window, fs, admin, qtbot):
    sid = fs.create_space(admin, "Drops", blueprint=PEOPLE)["id"]
    w = make_window()
    view = open_sheet(w, "people")
    offered = []

    def decline(dialog):
        offered.append(dialog.file["name"])
        dialog.reject()

    answer_next_dialog(decline)
    assert drop_files(view.search, [DATA / "utf8_bom_comma.csv"])
    qtbot.waitUntil(lambda: bool(offered), timeout=5000)
    assert view.search.text() == ""
    assert [f["name"] for f in fs.open(admin, sid).files.list()] == ["utf8_bom_comma.csv"]
    assert offered == ["utf8_bom_comma.csv"]
    # and on the grid itself, which takes no drops of its own
    answer_next_dialog(decline)
    assert drop_files(view.table.viewport(), [DATA / "people.json"])
    qtbot.waitUntil(lambda: len(offered) == 2, timeout=5000)
    assert [f["name"] for f in fs.open(admin, sid).files.list()] == ["utf8_bom_comma.csv", "people.json"]


def test_the_first_sort_of_a_big_sheet_is_not_an_outside_change(make_window, fs, admin, qtbot, tmp_path):
    from flatspace_desktop.ui.sheet.sheet_model import SORT_INLINE_MAX

    sid = fs.create_space(admin, "Big", blueprint=PEOPLE)["id"]
    n = SORT_INLINE_MAX + 10
    rows = "".join(f"p{i}@example.org,Person {(i * 7919) % n},City {i % 97}\n" for i in range(n))
    fs.open(admin, sid).records.import_file("people", write(tmp_path / "big.csv", "email,name,city\n" + rows))
    w = make_window()
    view = open_sheet(w, "people")
    messages = []
    w.status.messageChanged.connect(messages.append)
    header = view.table.horizontalHeader()
    col = view.model.keys.index("name")
    QTest.mouseClick(header.viewport(), Qt.LeftButton, pos=header.rect().topLeft()
                     + QPointF(header.sectionViewportPosition(col) + 20, 10).toPoint())
    qtbot.waitUntil(lambda: view.sort_task is None and view.model.view.sort == "name", timeout=60000)
    qtbot.wait(3500)  # two rounds of the outside-change check
    assert any("Preparing to sort by Name" in m for m in messages)
    assert not any("changed outside" in m for m in messages), messages
    assert view.model.index(0, col).data() == "Person 0"


def test_a_broken_blueprint_is_refused_in_the_new_space_dialog_keeping_what_was_typed(
        make_window, fs, admin, qtbot, tmp_path):
    bad = write(tmp_path / "bad.json", json.dumps({"name": "Bad", "sheets": [{"name": "S", "fields": [
        {"key": "a", "type": "no-such-type"}]}]}))
    good = write(tmp_path / "good.json", json.dumps(PEOPLE))
    w = activate(qtbot, make_window())
    seen = {}

    def fill(dialog):
        assert isinstance(dialog, CreateSpaceDialog)
        qtbot.keyClicks(dialog.name, "Acme onboarding")
        qtbot.keyClicks(dialog.labels, "q3, clients")
        qtbot.keyClicks(dialog.blueprint, str(bad))
        QTest.keyClick(dialog.windowHandle(), Qt.Key_Return)
        seen["open"] = dialog.isVisible()
        seen["error"] = dialog.error.text()
        seen["name"] = dialog.name.text()
        seen["sizes"] = (dialog.width(), dialog.name.height())
        dialog.blueprint.clear()
        qtbot.keyClicks(dialog.blueprint, str(good))
        QTest.keyClick(dialog.windowHandle(), Qt.Key_Return)

    answer_next_dialog(fill)
    key(w, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: w.pane is not None, timeout=5000)
    assert seen["open"] and seen["name"] == "Acme onboarding"
    assert "no-such-type" in seen["error"]
    assert seen["sizes"][0] >= 460 and seen["sizes"][1] >= 20  # grown for the message, fields not squeezed
    assert w.pane.info["name"] == "Acme onboarding" and w.pane.info["labels"] == ["q3", "clients"]
    assert [s["name"] for s in fs.list_spaces(admin)] == ["Acme onboarding"]


def test_the_switcher_lists_a_space_made_elsewhere_and_hands_the_keys_back(make_window, fs, admin, qtbot,
                                                                           isolated_home):
    from flatspace_desktop.services.app import Flatspace

    fs.create_space(admin, "First", blueprint=PEOPLE)
    w = activate(qtbot, make_window())
    other_program = Flatspace(isolated_home)
    other_program.create_space(admin, "Made by the command line", blueprint=PEOPLE)
    other_program.close()
    w.switcher.showPopup()
    names = [w.switcher.itemText(i) for i in range(w.switcher.count())]
    w.switcher.hidePopup()
    assert "Made by the command line" in names
    i = w.switcher.findText("Made by the command line")
    w.switcher.setCurrentIndex(i)
    w.switcher.activated.emit(i)
    assert w.pane.info["name"] == "Made by the command line"
    assert QApplication.focusWidget() is w.pane.current_sheet().table


def test_after_ctrl_o_the_sheet_comes_back_when_the_import_is_cancelled_or_done(make_window, fs, admin, qtbot,
                                                                                monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    fs.create_space(admin, "Back", blueprint=PEOPLE)
    w = activate(qtbot, make_window())
    sheet = open_sheet(w, "people")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(DATA / "utf8_bom_comma.csv")], ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    answer_next_dialog(lambda dialog: dialog.reject())
    key(w, Qt.Key_O, Qt.ControlModifier)
    qtbot.waitUntil(lambda: w.pane.current_sheet() is sheet, timeout=5000)
    answer_next_dialog(lambda dialog: (dialog._go(2), dialog.go.click()))
    key(w, Qt.Key_O, Qt.ControlModifier)
    qtbot.waitUntil(lambda: w.task is None and w.pane.current_sheet() is sheet and sheet.model.rowCount() == 5,
                    timeout=10000)
