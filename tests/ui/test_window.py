"""The main window: first run, the sample Space, the switcher, the sidebar, remembering."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from support import RESOURCES
from ui_helpers import open_sheet, sidebar_labels
from flatspace_desktop.ui.space.sidebar_model import SidebarModel, build_tree


def test_first_run_offers_the_sample_space_in_one_click(make_window, fs, admin, qtbot):
    w = make_window()
    assert w.pane is None and w.windowTitle() == "Flatspace"
    assert not w.act_import.isEnabled()
    button = w.findChild(QPushButton, "sample-button")
    qtbot.mouseClick(button, Qt.LeftButton)
    assert w.pane is not None
    sheet = w.pane.current_sheet()
    assert sheet is not None and sheet.model.rowCount() > 0
    counts = fs.open(admin, w.pane.space_id).records.counts("contacts")
    assert counts["error"] > 0, "the sample must show invalid records"
    assert "Sample" in w.windowTitle()
    assert "with errors" in w.status.counts.text()


def test_sidebar_lists_pinned_workbooks_first_then_sections(make_window, fs, admin):
    sid = fs.create_space(admin, "Order")["id"]
    bp = {"name": "Alpha", "sheets": [{"name": "One", "fields": [{"key": "a", "type": "string"}]}]}
    fs.open(admin, sid).workbooks.create(bp)
    fs.open(admin, sid).workbooks.create({**bp, "name": "Beta", "labels": ["pinned"]})
    fs.open(admin, sid).workbooks.create({**bp, "name": "Gamma"})
    w = make_window()
    assert sidebar_labels(w.pane.model) == ["Beta", "Alpha", "Gamma", "Files", "Documents", "Users", "Theme",
                                            "Metadata", "Listeners"]
    alpha = fs.open(admin, sid).info()["workbooks"][0]
    w.pane._pin(alpha["id"], alpha["labels"], True)
    assert sidebar_labels(w.pane.model)[:3] == ["Alpha", "Beta", "Gamma"]
    w.pane._pin(alpha["id"], ["pinned"], False)
    assert sidebar_labels(w.pane.model)[:3] == ["Beta", "Alpha", "Gamma"]


def test_documents_are_listed_in_the_order_they_were_added(qtmodeltester):
    info = {"name": "S", "workbooks": []}
    docs = [{"id": 3, "title": "Zeta guide"}, {"id": 1, "title": "Alpha intro"}, {"id": 2, "title": "Middle"}]
    model = SidebarModel()
    model.set_tree(build_tree(info, documents=docs))
    qtmodeltester.check(model)
    section = model.find(("section", "documents"))
    titles = [model.index(r, 0, section).data() for r in range(model.rowCount(section))]
    assert titles == ["Zeta guide", "Alpha intro", "Middle"]


def test_sidebar_model_passes_the_model_tester(sample_window, qtmodeltester):
    qtmodeltester.check(sample_window.pane.model)


def test_sidebar_follows_changes_and_keeps_the_selection(sample_window, fs, admin):
    pane = sample_window.pane
    contacts = pane.current_sheet()
    key = pane.tree.currentIndex().data(256)
    fs.open(admin, pane.space_id).workbooks.create({"name": "Later", "sheets": [
        {"name": "Extra", "fields": [{"key": "x", "type": "string"}]}]})
    pane.reload_tree()
    assert "Later" in sidebar_labels(pane.model)
    assert pane.tree.currentIndex().data(256) == key
    assert pane.current_sheet() is contacts


def test_switcher_opens_spaces_and_the_window_remembers(make_window, fs, admin, settings, qtbot):
    a = fs.create_space(admin, "Alpha")["id"]
    b = fs.create_space(admin, "Bravo")["id"]
    w = make_window()
    names = [w.switcher.itemText(i) for i in range(w.switcher.count())]
    assert sorted(names) == ["Alpha", "Bravo"]
    target = w.switcher.findData(b)
    w.switcher.setCurrentIndex(target)
    w.switcher.activated.emit(target)
    assert w.pane.space_id == b and w.windowTitle().startswith("Bravo")
    w.resize(701, 502)  # within the offscreen screen (800x600), which restoring clamps to
    w.close()
    again = make_window()
    assert again.pane.space_id == b
    assert (again.width(), again.height()) == (701, 502)
    assert settings.recent()[:1] == [b] and a not in settings.recent()[:1]


def test_metadata_is_saved_only_when_valid(sample_window, fs, admin, qtbot):
    pane = sample_window.pane
    assert pane.select_key(("section", "metadata"))
    view = pane.stack.currentWidget()
    view.editor.setPlainText('{"companyId": ')
    assert not view.save.isEnabled() and "Line 1" in view.status.text()
    view.editor.setPlainText("[1, 2]")
    assert not view.save.isEnabled()
    view.editor.setPlainText('{"companyId": "acme-7"}')
    assert view.save.isEnabled()
    qtbot.mouseClick(view.save, Qt.LeftButton)
    assert fs.open(admin, pane.space_id).info()["metadata"] == {"companyId": "acme-7"}


def test_sections_show_their_views(sample_window):
    pane = sample_window.pane
    assert pane.select_key(("section", "users"))
    assert pane.stack.currentWidget().model.index(0, 2).data() == "admin"
    for kind, needle in (("files", "No files yet"), ("documents", "in the order they were added"),
                         ("theme", "default look")):
        assert pane.select_key(("section", kind))
        texts = " ".join(lbl.text() for lbl in pane.stack.currentWidget().findChildren(type(sample_window.status.counts)))
        assert needle in texts, kind


def test_a_workbook_added_from_a_blueprint_appears(sample_window, monkeypatch, tmp_path):
    import json

    from PySide6.QtWidgets import QFileDialog, QMessageBox

    bad = tmp_path / "bad.json"
    bp = json.loads((RESOURCES / "sample_blueprint.json").read_text())
    bp["name"] = "Second"
    bp["sheets"][0]["fields"][0]["type"] = "emial"
    bad.write_text(json.dumps(bp))
    shown = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    sample_window.add_workbook()
    assert shown and 'sheets[0].fields[0].type: unknown type "emial"' in shown[0]
    assert "Second" not in sidebar_labels(sample_window.pane.model)
    bp["sheets"][0]["fields"][0]["type"] = "string"
    bad.write_text(json.dumps(bp))
    bp["sheets"][0]["fields"][0]["constraints"] = [{"type": "external", "validator": "noSuchCheck"}]
    bad.write_text(json.dumps(bp))
    sample_window.add_workbook()
    assert "Second" in sidebar_labels(sample_window.pane.model)
    assert "kept but not enforced offline: see its overview" in sample_window.status.currentMessage()


def test_changes_from_another_program_appear_without_a_restart(sample_window, isolated_home, admin, qtbot):
    from flatspace_desktop.services.app import Flatspace

    other = Flatspace(isolated_home)  # as a `flatspace` command in a terminal would
    try:
        other.open(admin, sample_window.pane.space_id).workbooks.create({"name": "From the terminal", "sheets": [
            {"name": "T", "fields": [{"key": "t", "type": "string"}]}]})
        other.open(admin, sample_window.pane.space_id).records.add("contacts", [{"email": "new@x.example"}])
    finally:
        other.close()
    qtbot.waitUntil(lambda: "From the terminal" in sidebar_labels(sample_window.pane.model), timeout=20_000)
    view = open_sheet(sample_window, "contacts")
    assert view.model.rowCount() == 8


def test_filters_and_panes_by_keyboard(sample_window, fs, admin, qtbot):
    from PySide6.QtCore import Qt

    sample_window.activateWindow()
    qtbot.waitActive(sample_window)
    view = open_sheet(sample_window, "contacts")
    errors = fs.open(admin, sample_window.pane.space_id).records.counts("contacts")["error"]
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key_E, Qt.AltModifier | Qt.ShiftModifier)
    assert view.model.rowCount() == errors and view.filter_buttons["error"].isChecked()
    qtbot.keyClick(view.table, Qt.Key_A, Qt.AltModifier | Qt.ShiftModifier)
    assert view.model.rowCount() == 7
    qtbot.keyClick(view.table, Qt.Key_1, Qt.ControlModifier)
    assert sample_window.pane.tree.hasFocus()
    qtbot.keyClick(sample_window.pane.tree, Qt.Key_Up)  # from Contacts to Companies
    assert sample_window.pane.current_sheet().handle.sheet.slug == "companies"
    qtbot.keyClick(sample_window.pane.tree, Qt.Key_2, Qt.ControlModifier)
    assert sample_window.pane.current_sheet().table.hasFocus()
