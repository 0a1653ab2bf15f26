"""Files on the window: drops (files and folders), the Files view, and the import dialog's
preview, suggestions and value mapping."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from support import DATA, write
from ui_helpers import drop_files
from flatspace_desktop.ui.importing.import_dialog import ADD_NEW, ImportDialog

PEOPLE = {"name": "People", "sheets": [{"name": "People", "slug": "people", "allowAdditionalFields": True, "fields": [
    {"key": "email", "type": "string", "label": "Email", "constraints": [{"type": "required"}]},
    {"key": "name", "type": "string", "label": "Name"},
    {"key": "city", "type": "string", "label": "City"},
    {"key": "born", "type": "date", "label": "Born"},
    {"key": "score", "type": "number", "label": "Score"},
    {"key": "tier", "type": "enum", "label": "Tier", "config": {"options": [
        {"value": "gold", "label": "Gold", "alternativeNames": ["premium"]}, {"value": "basic", "label": "Basic"}]}}]}]}


def drop(window, paths):
    return drop_files(window, paths)


def test_dropped_files_and_folders_are_added_and_bad_ones_refused(make_window, fs, admin, qtbot, monkeypatch, tmp_path):
    sid = fs.create_space(admin, "Drops", blueprint=PEOPLE)["id"]
    w = make_window()
    folder = tmp_path / "folder"
    write(folder / "a.csv", "Email,Name\na@x.com,A\n")
    write(folder / "notes.md", "# not data")
    write(folder / "sub" / "b.json", '[{"Email": "b@x.com"}]')
    refused = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: refused.append(a[2]))
    dialogs = []

    def close_dialogs():  # each uploaded file is offered for import; decline them all here
        d = QApplication.activeModalWidget()
        if isinstance(d, ImportDialog):
            dialogs.append(d.file["name"])
            d.reject()
        if len(dialogs) < 3:
            QTimer.singleShot(20, close_dialogs)

    QTimer.singleShot(0, close_dialogs)
    assert drop(w, [DATA / "windows_cp1252_semicolon.csv", DATA / "binary_renamed.csv", folder])
    qtbot.waitUntil(lambda: len(dialogs) == 3, timeout=5000)
    names = [f["name"] for f in fs.open(admin, sid).files.list()]
    assert names == ["windows_cp1252_semicolon.csv", "a.csv", "b.json"]
    assert dialogs == names  # offered one after another, in order
    assert refused and "binary_renamed.csv" in refused[0] and "notes.md: not a data file" in refused[0]
    qtbot.waitUntil(lambda: w.pane.current_sheet() is not None)  # none imported: back to the sheet
    view = w.pane.show_files()
    assert view.model.rowCount() == 3
    assert view.model.index(0, 3).data() == "Uploaded"


def test_a_drop_on_the_welcome_screen_offers_a_space_made_from_the_file(make_window, fs, admin, qtbot, monkeypatch):
    w = make_window()
    assert w.pane is None
    asked, offered = [], []
    summaries = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.Yes)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: summaries.append(box.text()) or 0)

    def take_import():
        d = QApplication.activeModalWidget()
        if not isinstance(d, ImportDialog):
            QTimer.singleShot(20, take_import)
            return
        offered.append((d.file["name"], d.target.currentText()))
        d._go(2)  # the review page: Import all
        d.go.click()

    QTimer.singleShot(0, take_import)
    assert drop(w, [DATA / "utf8_bom_comma.csv"])
    qtbot.waitUntil(lambda: bool(summaries), timeout=10000)
    assert asked and "Create a Space from “utf8_bom_comma.csv”" in asked[0]
    assert w.pane.info["name"] == "utf8_bom_comma"
    assert offered == [("utf8_bom_comma.csv", "utf8_bom_comma / utf8_bom_comma")]
    assert summaries[0].startswith("Imported 5 records into utf8_bom_comma.")
    assert w.pane.current_sheet().model.rowCount() == 5


def _dialog(fs, admin, qtbot, name, blueprint=PEOPLE):
    sid = fs.create_space(admin, "Dialog", blueprint=blueprint)["id"]
    f = fs.open(admin, sid).files.upload(DATA / name)
    info = fs.open(admin, sid).info()
    dialog = ImportDialog(fs, admin, sid, f["id"], info)
    qtbot.addWidget(dialog)
    return sid, f, dialog


def test_preview_follows_every_option(fs, admin, qtbot):
    _sid, _f, d = _dialog(fs, admin, qtbot, "windows_cp1252_semicolon.csv")
    assert "encoding cp1252" in d.read_status.text() and "semicolon" in d.read_status.text()
    assert d.preview.item(0, 1).text() == "Ana Müller"
    d.delimiter.setCurrentIndex(d.delimiter.findData(","))
    d.refresh_preview()
    assert d.preview.columnCount() == 1  # no comma in the header: one column holding each whole line
    assert d.preview.horizontalHeaderItem(0).text() == "Email;Name;City;Born;Score"
    d.delimiter.setCurrentIndex(d.delimiter.findData(";"))
    d.encoding.setCurrentIndex(d.encoding.findData("utf-8"))
    d.refresh_preview()
    assert "not readable as utf-8" in d.read_status.text() and not d.next.isEnabled()
    d.encoding.setCurrentIndex(0)
    d.header_row.setValue(1)
    d.refresh_preview()
    assert d.preview.horizontalHeaderItem(0).text() == "ana@example.com"


def test_worksheet_picker_for_spreadsheets(fs, admin, qtbot):
    _sid, _f, d = _dialog(fs, admin, qtbot, "multi_sheet.xlsx")
    assert [d.worksheet.itemText(i) for i in range(d.worksheet.count())] == ["Notes", "People"]
    d.worksheet.setCurrentText("People")
    d.refresh_preview()
    assert d.preview.horizontalHeaderItem(0).text() == "Email" and d.preview.rowCount() == 5


def test_mapping_suggestions_values_and_a_new_field(fs, admin, qtbot, tmp_path):
    sid = fs.create_space(admin, "Map", blueprint=PEOPLE)["id"]
    src = write(tmp_path / "odd.csv", "E-mail,Full name,Scor,Level,Shoe size\na@x.com,Ann,3,Premium,40\n"
                                     "b@x.com,Bob,4,basic,41\n")
    f = fs.open(admin, sid).files.upload(src)
    d = ImportDialog(fs, admin, sid, f["id"], fs.open(admin, sid).info())
    qtbot.addWidget(d)
    d.next.click()
    chosen = {d.mapping_table.item(r, 0).text(): d._combo(r).currentData() for r in range(d.mapping_table.rowCount())}
    assert chosen["E-mail"] == "email" and chosen["Scor"] == "score" and chosen["Full name"] == "name"
    assert d.mapping_table.item(0, 3).text().startswith("100%")
    assert "%" in d.mapping_table.item(2, 3).text() and not d.mapping_table.item(2, 3).text().startswith("100%")
    level = [d.mapping_table.item(r, 0).text() for r in range(d.mapping_table.rowCount())].index("Level")
    d._combo(level).setCurrentIndex(d._combo(level).findData("tier"))
    values = {d.values_table.item(r, 1).text(): d.values_table.cellWidget(r, 2).currentData()
              for r in range(d.values_table.rowCount())}
    assert values == {"Premium": "gold", "basic": "basic"}
    shoe = [d.mapping_table.item(r, 0).text() for r in range(d.mapping_table.rowCount())].index("Shoe size")
    d._combo(shoe).setCurrentIndex(d._combo(shoe).findData(ADD_NEW))
    d._combo(level).setCurrentIndex(d._combo(level).findData("email"))
    assert "Two columns go to the same field: email" in d.missing.text() and not d.next.isEnabled()
    d._combo(level).setCurrentIndex(d._combo(level).findData("tier"))
    assert d.next.isEnabled()
    d.next.click()
    assert d.go.isEnabled()
    d.go.click()
    result = fs.open(admin, sid).files.import_file(f["id"], d.result_sheet, mapping=d.result_mapping,
                                   remember=d.result_remember, **d.result_options)
    assert result["imported"] == 2 and result["error"] == 0
    rec = fs.open(admin, sid).records.list("people")[0]
    assert rec.values["tier"] == "gold" and rec.values["shoe_size"] == "40"
    again = ImportDialog(fs, admin, sid, f["id"], fs.open(admin, sid).info())
    qtbot.addWidget(again)
    again.next.click()
    assert "remembered" in again.map_note.text()


def test_required_fields_without_a_column_are_flagged(fs, admin, qtbot, tmp_path):
    sid = fs.create_space(admin, "Req", blueprint=PEOPLE)["id"]
    f = fs.open(admin, sid).files.upload(write(tmp_path / "n.csv", "Name\nAnn\n"))
    d = ImportDialog(fs, admin, sid, f["id"], fs.open(admin, sid).info())
    qtbot.addWidget(d)
    d.next.click()
    assert "Required fields with no column" in d.missing.text() and "Email" in d.missing.text()
    assert d.next.isEnabled()  # allowed: the cells will be flagged, nothing is lost


def test_files_view_actions(sample_window, fs, admin, monkeypatch, qtbot, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    sid = sample_window.pane.space_id
    f = fs.open(admin, sid).files.upload(DATA / "utf8_bom_comma.csv")
    view = sample_window.pane.show_files(select=f["id"])
    assert view.model.rowCount() == 1 and view.buttons["rename"].isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("people-may.csv", True))
    view.buttons["rename"].click()
    assert fs.open(admin, sid).files.info(f["id"])["name"] == "people-may.csv"
    out = tmp_path / "copy.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    view.buttons["save"].click()
    assert out.read_bytes() == (DATA / "utf8_bom_comma.csv").read_bytes()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    view.buttons["delete"].click()
    assert fs.open(admin, sid).files.list() == [] and view.stack.currentWidget() is view.empty


def test_drop_two_files_cancel_one_import_the_other_and_export(make_window, fs, admin, qtbot, monkeypatch, tmp_path):
    """The issue's whole story, driven through the window."""
    from PySide6.QtWidgets import QFileDialog

    sid = fs.create_space(admin, "Story", blueprint=PEOPLE)["id"]
    w = make_window()
    rows = "".join(f"p{i}@example.com;Zoë Ærø {i};Besançon;1990-01-01;{i % 9}\r\n" for i in range(80_000))
    messy = write(tmp_path / "export from Windows.csv", ("Email;Name;City;Born;Score\r\n" + rows).encode("cp1252"))
    warnings, summaries = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: summaries.append(box.text()) or 0)
    steps = []

    def answer():
        d = QApplication.activeModalWidget()
        if not isinstance(d, ImportDialog):
            QTimer.singleShot(20, answer)
            return
        if d.file["kind"] == "xlsx":
            d.worksheet.setCurrentText("People")
            d.refresh_preview()
        d.next.click()
        d.next.click()
        assert d.go.isEnabled()
        steps.append(d.file["name"])
        d.go.click()
        if d.file["kind"] == "csv":
            QTimer.singleShot(0, lambda: w.status.cancel.click())  # cancel the first as it starts
        if len(steps) < 2:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    assert drop(w, [messy, DATA / "multi_sheet.xlsx"])
    qtbot.waitUntil(lambda: len(steps) == 2 and w.task is None and bool(summaries), timeout=30_000)
    assert steps == ["export from Windows.csv", "multi_sheet.xlsx"]
    assert warnings and "nothing was changed" in warnings[0]
    assert summaries[0].startswith("Imported 5 records into People")
    statuses = {f["name"]: f["status"] for f in fs.open(admin, sid).files.list()}
    assert statuses == {"export from Windows.csv": "failed", "multi_sheet.xlsx": "extracted"}
    assert fs.open(admin, sid).records.counts("people")["total"] == 5
    out = tmp_path / "clean.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "CSV (*.csv)"))
    w.pane.select_key(("sheet", fs.open(admin, sid).info()["workbooks"][0]["id"], "people"))
    w.export_sheet()
    qtbot.waitUntil(lambda: w.task is None, timeout=10_000)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 6 and "Zürich" in lines[1] and "1990-04-01" in lines[1]


def test_a_text_drag_still_reaches_the_search_box_under_it(sample_window, qtbot):
    """Only file drags are the window's: dragged text goes to the widget under the cursor."""
    from PySide6.QtCore import QMimeData, QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    from ui_helpers import open_sheet

    search = open_sheet(sample_window, "contacts").search
    mime = QMimeData()
    mime.setText("Lovelace")
    handle = sample_window.windowHandle()
    at = QPointF(search.mapTo(sample_window, search.rect().center()))
    enter = QDragEnterEvent(at.toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(handle, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(handle, QDropEvent(at, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    assert search.text() == "Lovelace"
