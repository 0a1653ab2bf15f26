"""Window flows: import in the background with progress and cancel, export, managing Spaces,
and the editors each field type gets."""

import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QMessageBox, QStyleOptionViewItem

from support import write
from ui_helpers import cell, column, open_sheet
from flatspace_desktop.ui.sheet.delegates import DateEditor


def _big_csv(tmp_path, n):
    lines = ["E-mail,First,Surname,Company,Seats"] + [f"p{i}@x.example,P{i},L{i},ACME,{i % 50}" for i in range(n)]
    return write(tmp_path / "people.csv", "\n".join(lines) + "\n")


def _answer_import_dialog(qtbot, sheet="contacts", cancel=False, tweak=None):
    """When the import dialog opens: go to the mapping page and press Import (or Cancel)."""
    from flatspace_desktop.ui.importing.import_dialog import ImportDialog

    def act():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ImportDialog), dialog
        if cancel:
            dialog.reject()
            return
        dialog.next.click()
        dialog.target.setCurrentIndex(next(i for i in range(dialog.target.count())
                                           if dialog.target.itemData(i).endswith("/" + sheet)))
        if tweak:
            tweak(dialog)
        dialog.next.click()  # the review page
        assert dialog.go.isEnabled()
        dialog.go.click()

    QTimer.singleShot(0, act)


def test_import_runs_in_the_background_with_progress(sample_window, monkeypatch, qtbot, tmp_path):
    open_sheet(sample_window, "contacts")
    path = _big_csv(tmp_path, 12_000)
    infos = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: infos.append(box.text()) or 0)
    _answer_import_dialog(qtbot)
    sample_window.import_file()
    task = sample_window.task
    assert task is not None and sample_window.status.progress.isVisible()
    qtbot.waitUntil(lambda: sample_window.task is None, timeout=20_000)
    assert infos and infos[0].startswith("Imported 12,000 records into Contacts")
    assert not sample_window.status.progress.isVisible()
    files = sample_window.fs.open(sample_window.actor, sample_window.pane.space_id).files.list()
    assert [(f["name"], f["status"]) for f in files] == [("people.csv", "extracted")]
    view = open_sheet(sample_window, "contacts")
    assert view.model.rowCount() == 7 + 12_000


def test_cancelled_import_changes_nothing(sample_window, monkeypatch, qtbot, tmp_path, fs, admin):
    open_sheet(sample_window, "contacts")
    path = _big_csv(tmp_path, 60_000)
    warnings = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    _answer_import_dialog(qtbot)
    sample_window.import_file()
    qtbot.mouseClick(sample_window.status.cancel, Qt.LeftButton)
    # the window forgets its task when it is done (a cancelled one may finish before any wait starts)
    qtbot.waitUntil(lambda: sample_window.task is None, timeout=20_000)
    assert warnings and "nothing was changed" in warnings[0]
    assert fs.open(admin, sample_window.pane.space_id).records.counts("contacts")["total"] == 7
    assert fs.open(admin, sample_window.pane.space_id).files.list()[0]["status"] == "failed"


def test_export_writes_the_current_view(sample_window, monkeypatch, qtbot, tmp_path):
    view = open_sheet(sample_window, "contacts")
    view.set_filter("valid")
    out = tmp_path / "valid.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "Flatfile records JSON (*.json)"))
    sample_window.export_sheet()
    qtbot.waitUntil(lambda: sample_window.task is None, timeout=10_000)  # done (it may beat any wait)
    data = json.loads(out.read_text())
    assert len(data) == view.model.rowCount() and all(r["valid"] for r in data)


def test_spaces_dialog_creates_renames_archives_and_deletes(make_window, fs, admin, qtbot, monkeypatch):
    from flatspace_desktop.ui.space.spaces_dialog import SpacesDialog

    fs.create_space(admin, "Keep me", labels=["client"])
    doomed = fs.create_space(admin, "Doomed")["id"]
    w = make_window()
    dialog = SpacesDialog(fs, admin, w)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    dialog.search.setText("client")
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "Keep me"
    dialog.search.clear()
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == "Doomed")
    dialog.table.selectRow(row)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    dialog.buttons["delete"].click()
    assert doomed not in [s["id"] for s in fs.list_spaces(admin, archived="include")]
    dialog.table.selectRow(0)
    dialog.buttons["archive"].click()
    assert fs.list_spaces(admin) == []
    dialog.show_archived.setChecked(True)
    assert dialog.table.rowCount() == 1 and dialog.buttons["archive"].text() == "Unarchive"


def test_type_fit_editors(sample_window, qtbot):
    view = open_sheet(sample_window, "contacts")
    m = view.model
    delegate = view.table.itemDelegate()
    option = QStyleOptionViewItem()

    date_idx = m.index(0, column(m, "signupDate"))
    editor = delegate.createEditor(view.table.viewport(), option, date_idx)
    assert isinstance(editor, DateEditor)
    delegate.setEditorData(editor, date_idx)
    assert editor.text() == "2024-03-01"
    editor.setText("2024-05-17")
    delegate.setModelData(editor, m, date_idx)
    assert cell(m, 0, "signupDate") == "2024-05-17"

    plan_idx = m.index(0, column(m, "plan"))
    combo = delegate.createEditor(view.table.viewport(), option, plan_idx)
    assert isinstance(combo, QComboBox) and not combo.isEditable()
    assert [combo.itemData(i) for i in range(combo.count())] == [None, "free", "team", "enterprise"]
    combo.setCurrentIndex(combo.findData("free"))
    delegate.setModelData(combo, m, plan_idx)
    assert cell(m, 0, "plan") == "free"

    ref_idx = m.index(4, column(m, "company"))
    refs = delegate.createEditor(view.table.viewport(), option, ref_idx)
    assert isinstance(refs, QComboBox) and refs.isEditable()
    keys = [refs.itemText(i) for i in range(refs.count())]
    assert {"ACME", "GLOBX", "INIT", "UMB"} <= set(keys)
    refs.setEditText("UMB")
    delegate.setModelData(refs, m, ref_idx)
    assert cell(m, 4, "company") == "UMB" and not m.index(4, column(m, "company")).data(3)


def test_keyboard_only_workflow(sample_window, qtbot):
    """Move with the arrows, fix a cell, undo, search, refresh: no mouse."""
    sample_window.activateWindow()
    qtbot.waitActive(sample_window)
    view = open_sheet(sample_window, "contacts")
    m, table = view.model, view.table
    table.setFocus()
    table.setCurrentIndex(m.index(0, 0))
    for key in (Qt.Key_Down, Qt.Key_Down, Qt.Key_Right, Qt.Key_Right, Qt.Key_Right, Qt.Key_Right, Qt.Key_Right):
        qtbot.keyClick(table, key)
    assert (table.currentIndex().row(), column(m, "seats")) == (2, table.currentIndex().column())
    qtbot.keyClick(table, Qt.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "3")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: cell(m, 2, "seats") == "3", timeout=2000)
    assert "not a number" not in view.messages.toPlainText()
    qtbot.keyClick(table, Qt.Key_Z, Qt.ControlModifier)
    assert cell(m, 2, "seats") == "three"
    qtbot.keyClick(table, Qt.Key_F, Qt.ControlModifier)
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, "initech")
    qtbot.waitUntil(lambda: m.rowCount() == 1, timeout=2000)  # alan@initech.example
    qtbot.keyClick(table, Qt.Key_F5)
    assert m.rowCount() == 1 and cell(m, 0, "lastName") == "Turing"


def test_export_workbook_from_the_window(sample_window, monkeypatch, qtbot, tmp_path):
    from python_calamine import CalamineWorkbook

    open_sheet(sample_window, "contacts")
    out = tmp_path / "all.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(out), "Excel workbook, a worksheet per sheet (*.xlsx)"))
    sample_window.act_export_wb.trigger()
    qtbot.waitUntil(lambda: sample_window.task is None, timeout=10_000)  # done (it may beat any wait)
    assert CalamineWorkbook.from_path(str(out)).sheet_names == ["Companies", "Contacts"]


def test_progress_without_a_total_counts_rows_on_a_still_bar(qtbot):
    """An import's length is not known ahead: the bar says how far it got and stays still (no
    moving busy bar); with a total it fills."""
    from flatspace_desktop.ui.status_bar import StatusBar

    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.busy("Importing")
    bar.step(120_000)
    assert bar.progress.text() == "Importing: 120,000 rows"
    assert bar.progress.value() == 0 and bar.progress.maximum() == 1  # 0..0 would animate
    bar.busy("Exporting", total=200)
    bar.step(50)
    assert bar.progress.text() == "Exporting: 25%"
