"""The import dialog's review page, driven as a person does: how each column will be read (and
the questions its values leave open), the missing-value tokens, what becomes of the records
already there, and a review of the whole file before Import all / Import only valid."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from flatspace_desktop.ui.importing.import_dialog import ImportDialog, MAKE_EMPTY
from support import ROOT, write

from realworld_blueprints import ECONOMICS, WEATHER

REAL = ROOT / "tests" / "data" / "realworld"


def dialog_for(fs, admin, qtbot, blueprint, path, locale="C"):
    sid = fs.create_space(admin, "Review")["id"] if not fs.list_spaces(admin) else fs.list_spaces(admin)[0]["id"]
    s = fs.open(admin, sid)
    if not s.info()["workbooks"]:
        s.workbooks.create(blueprint)
    f = s.files.upload(path)
    d = ImportDialog(fs, admin, sid, f["id"], s.info())
    d.locale = locale  # as a computer set to C would: nothing settles what the values leave open
    qtbot.addWidget(d)
    d.show()
    return s, f, d


def to_review(d, qtbot):
    d.next.click()
    d.next.click()
    assert d.pages.currentWidget() is d.review


def rows_of(d):
    t = d.review.table
    return {t.item(r, 0).text(): t.item(r, 4).text() for r in range(t.rowCount())}


def read_as(d, label, kind):
    """Choose how the column `label` is read, in its "Read as" box."""
    t = d.review.table
    r = [t.item(i, 0).text() for i in range(t.rowCount())].index(label)
    combo = t.cellWidget(r, 2)
    assert combo.findData(kind) >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(combo.findData(kind))
    return r


def reviewed(d, qtbot):
    qtbot.waitUntil(lambda: d.review.last_review is not None and d.review.task is None
                    or "If imported" in d.review.review.text(), timeout=15_000)
    return d.review.review.text()


def test_a_european_file_is_read_day_first_and_reviewed_before_import(fs, admin, qtbot):
    s, f, d = dialog_for(fs, admin, qtbot, WEATHER, REAL / "seattle_weather_eu.csv")
    to_review(d, qtbot)
    shown = rows_of(d)
    assert shown["Datum"].startswith("dates, day first") and "decimal comma" in shown["Wind (m/s)"]
    assert "If imported: 300 valid and 0 invalid records" in reviewed(d, qtbot)
    assert s.records.counts("days")["total"] == 0  # the review wrote nothing
    assert d.go.isEnabled()
    d.go.click()
    result = s.files.import_file(f["id"], d.result_sheet, mapping=d.result_mapping, **d.result_options)
    assert (result["imported"], result["error"]) == (300, 0)


def test_what_the_values_leave_open_is_asked_and_import_waits_for_the_answer(fs, admin, qtbot):
    s, f, d = dialog_for(fs, admin, qtbot, ECONOMICS, REAL / "economics_us.csv")
    to_review(d, qtbot)
    questions = d.review.questions.text()
    assert "date order of Month" in questions
    # "198,712" alone reads either way; the file's "$506.7" says its comma groups thousands
    assert "decimal" not in questions and "as the file's other number columns write it" in rows_of(d)[
        "Population (000s)"]
    assert not d.go.isEnabled()
    for r in range(d.review.table.rowCount()):
        choice = d.review.table.cellWidget(r, 3)
        if d.review.columns[r]["settled"] is False:
            wanted = "MDY" if d.review.columns[r]["readsAs"] == "date" else "."
            choice.setCurrentIndex(choice.findData(wanted))
    assert d.review.questions.text() == "" and d.go.isEnabled()
    assert "300 valid and 0 invalid" in reviewed(d, qtbot)
    d.go.click()
    s.files.import_file(f["id"], d.result_sheet, mapping=d.result_mapping, **d.result_options)
    first = s.records.list("econ")[0].values
    assert first["month"] == "1967-07-01" and first["pop"] == 198712


def imported_once_then_again(fs, admin, qtbot):
    """(session, the review page of a second dialog) for the European weather file imported once."""
    s, f, _d = dialog_for(fs, admin, qtbot, WEATHER, REAL / "seattle_weather_eu.csv")
    s.files.import_file(f["id"], "days")
    d2 = ImportDialog(fs, admin, s.id, f["id"], s.info())
    qtbot.addWidget(d2)
    d2.show()
    to_review(d2, qtbot)
    return s, d2


def test_the_same_file_again_is_noticed_and_updated_by_key(fs, admin, qtbot):
    s, d2 = imported_once_then_again(fs, admin, qtbot)
    assert "was imported into this sheet before" in d2.review.before.text()
    assert not d2.go.isDefault()  # Enter must not add the same records again
    d2.review.existing.setCurrentIndex(d2.review.existing.findData("update"))
    assert not d2.go.isEnabled()  # which key?
    keys = d2.review.keys
    next(keys.item(i) for i in range(keys.count()) if keys.item(i).data(Qt.UserRole) == "date").setCheckState(
        Qt.Checked)
    assert d2.go.isEnabled() and d2.go.isDefault()
    assert "300 of them updating records already there" in reviewed(d2, qtbot)
    d2.go.click()
    result = s.files.import_file(d2.file["id"], d2.result_sheet, mapping=d2.result_mapping, **d2.result_options)
    assert (result["imported"], result["updated"], s.records.counts("days")["total"]) == (0, 300, 300)


def test_missing_values_and_import_only_valid(fs, admin, qtbot, tmp_path):
    path = write(tmp_path / "w.csv", "Datum;Wind (m/s);Wetter\n13/01/2013;NA;sun\n14/01/2013;windy;rain\n"
                                     "15/01/2013;3,0;sun\n")
    s, f, d = dialog_for(fs, admin, qtbot, WEATHER, path)
    to_review(d, qtbot)
    assert "1 invalid" in reviewed(d, qtbot)  # "NA" is a missing value: only "windy" is wrong
    d.review.missing_edit.setText('""')  # only an empty cell is missing
    qtbot.waitUntil(lambda: "2 invalid" in d.review.review.text(), timeout=15_000)
    d.review.missing_edit.setText('"", NA')
    qtbot.waitUntil(lambda: "1 invalid" in d.review.review.text(), timeout=15_000)
    d.go_valid.click()
    assert d.result_options["only_valid"] and d.result_options["missing"] == ("", "NA")
    result = s.files.import_file(f["id"], d.result_sheet, mapping=d.result_mapping, **d.result_options)
    assert (result["imported"], result["leftOut"], result["error"]) == (2, 1, 0)


def test_an_enum_value_can_be_made_empty_and_examples_are_distinct(fs, admin, qtbot, tmp_path):
    path = write(tmp_path / "w.csv", "Datum;Wetter\n13/01/2013;sun\n14/01/2013;sun\n15/01/2013;hail\n16/01/2013;rain\n")
    s, f, d = dialog_for(fs, admin, qtbot, WEATHER, path)
    d.next.click()
    row = [d.mapping_table.item(r, 0).text() for r in range(d.mapping_table.rowCount())].index("Wetter")
    assert d.mapping_table.item(row, 1).text() == "sun, hail, rain"
    for r in range(d.values_table.rowCount()):
        if d.values_table.item(r, 1).text() == "hail":
            combo = d.values_table.cellWidget(r, 2)
            assert combo.itemText(1) == "make empty"
            combo.setCurrentIndex(combo.findData(MAKE_EMPTY))
    assert d.mapping().values["weather"]["hail"] is None
    d.next.click()
    d.go.click()
    s.files.import_file(f["id"], d.result_sheet, mapping=d.result_mapping, **d.result_options)
    assert [r.values["weather"] for r in s.records.list("days")] == ["sun", "sun", None, "rain"]
    assert d.review.table.cellWidget(0, 2).currentText() == "dates"


def test_with_no_sheet_named_the_dialog_picks_the_sheet_the_columns_match(fs, admin, qtbot, tmp_path):
    sid = fs.create_space(admin, "Two")["id"]
    s = fs.open(admin, sid)
    s.workbooks.create(WEATHER)
    s.workbooks.create(ECONOMICS)
    f = s.files.upload(REAL / "economics_us.csv")
    d = ImportDialog(fs, admin, sid, f["id"], s.info())
    qtbot.addWidget(d)
    assert d.target.currentData().endswith("/econ")


def test_a_column_can_be_read_another_way_than_its_values_say(fs, admin, qtbot, tmp_path):
    """The type override: a number column as written (the field reads each cell), another as
    percentages, and dates in a text field rewritten year first, each column on its own."""
    bp = {"name": "Mixed", "sheets": [{"name": "Mixed", "slug": "mixed", "fields": [
        {"key": "when", "type": "string", "label": "When"}, {"key": "share", "type": "number", "label": "Share"},
        {"key": "wind", "type": "number", "label": "Wind"}]}]}
    path = write(tmp_path / "m.csv", "When;Share;Wind\n31/12/2020;12,5;4,5\n01/02/2021;50%;3,0\n")
    s, f, d = dialog_for(fs, admin, qtbot, bp, path)
    to_review(d, qtbot)
    assert d.review.table.cellWidget(0, 2).currentText() == "text, as written"
    r = read_as(d, "When", "date")
    assert d.review.table.cellWidget(r, 3).currentData() == "DMY"  # the column's own order
    read_as(d, "Share", "percent")
    read_as(d, "Wind", "text")  # the number field reads "4,5" itself: not a number
    assert "2 invalid" in reviewed(d, qtbot)
    read_as(d, "Wind", "decimal")
    qtbot.waitUntil(lambda: "2 valid and 0 invalid" in d.review.review.text(), timeout=15_000)
    d.go.click()
    result = s.files.import_file(f["id"], d.result_sheet, mapping=d.result_mapping, **d.result_options)
    assert [r.values for r in s.records.list("mixed")] == [
        {"when": "2020-12-31", "share": 12.5, "wind": 4.5}, {"when": "2021-02-01", "share": 50, "wind": 3.0}]
    assert any(n.startswith("When: read as dates, as chosen") for n in result["notes"])


def test_a_reading_chosen_for_an_ambiguous_column_asks_its_order(fs, admin, qtbot, tmp_path):
    bp = {"name": "T", "sheets": [{"name": "T", "slug": "t", "fields": [{"key": "when", "type": "string"}]}]}
    path = write(tmp_path / "t.csv", "when\n01/02/2021\n03/04/2021\n")
    s, f, d = dialog_for(fs, admin, qtbot, bp, path)
    to_review(d, qtbot)
    assert d.go.isEnabled()  # as text nothing is open
    r = read_as(d, "when", "date")
    assert "date order of when" in d.review.questions.text() and not d.go.isEnabled()
    setting = d.review.table.cellWidget(r, 3)
    setting.setCurrentIndex(setting.findData("MDY"))
    assert d.go.isEnabled()
    d.go.click()
    s.files.import_file(f["id"], d.result_sheet, mapping=d.result_mapping, **d.result_options)
    assert [r.values["when"] for r in s.records.list("t")] == ["2021-01-02", "2021-03-04"]


def test_tab_leads_out_of_the_reading_table_to_the_fields_and_buttons(fs, admin, qtbot):
    s, f, d = dialog_for(fs, admin, qtbot, WEATHER, REAL / "seattle_weather_eu.csv")
    to_review(d, qtbot)
    d.activateWindow()
    d.review.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is d.review.table)
    reached = set()
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        reached.add(QApplication.focusWidget())
    assert d.review.missing_edit in reached and d.review.existing in reached and d.go in reached


def test_adding_a_file_imported_before_again_asks_first(fs, admin, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    s, d2 = imported_once_then_again(fs, admin, qtbot)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.Cancel)
    d2.go.setFocus()
    qtbot.keyClick(d2.go, Qt.Key_Return)  # the focused button, by its key
    assert asked and "imported into this sheet before" in asked[0] and d2.isVisible() and d2.result() == 0
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    d2.go.click()
    assert d2.result() == 1 and d2.result_options["existing"] == "add"
