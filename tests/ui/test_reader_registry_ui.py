"""The import dialog's read page is built from the file's reader (its options schema), so a
format registered later (tests/ndjson_reader.py) gets its inputs there, and a folder dropped
on the window gives up its files of that format too."""

import pytest
from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget

import ndjson_reader
from support import DATA, write
from flatspace_desktop import readers
from flatspace_desktop.ui.files.files_view import local_files
from flatspace_desktop.ui.importing.import_dialog import ImportDialog

BP = {"name": "People", "sheets": [{"name": "People", "slug": "people", "fields": [
    {"key": "email", "type": "string"}, {"key": "score", "type": "number"}]}]}


@pytest.fixture
def ndjson():
    readers.register(ndjson_reader.READER)
    yield ndjson_reader.READER
    readers.unregister("ndjson")


def _dialog(fs, admin, qtbot, path):
    sid = fs.create_space(admin, "Read", blueprint=BP)["id"]
    f = fs.open(admin, sid).files.upload(path)
    d = ImportDialog(fs, admin, sid, f["id"], fs.open(admin, sid).info())
    qtbot.addWidget(d)
    return d


def _labels(d) -> list[str]:
    form = d.pages.widget(0).findChild(QFormLayout)
    return [form.itemAt(r, QFormLayout.LabelRole).widget().text() for r in range(form.rowCount())]


@pytest.mark.parametrize("name, labels, inputs", [
    ("windows_cp1252_semicolon.csv", ["Delimiter:", "Encoding:", "Quote:", "Header:", "No header row:", "Skip at end:",
                                      "Trim spaces:"],
     ["delimiter", "encoding", "quote", "header_row", "no_header", "skip_end", "trim"]),
    ("multi_sheet.xlsx", ["Worksheet:", "Header:", "No header row:", "Skip at end:", "Trim spaces:"],
     ["worksheet", "header_row", "no_header", "skip_end", "trim"]),
    ("people.json", [], []),
])
def test_the_read_page_shows_the_readers_options(fs, admin, qtbot, name, labels, inputs):
    d = _dialog(fs, admin, qtbot, DATA / name)
    assert _labels(d) == labels and list(d.inputs) == inputs
    for key in inputs:  # found by the names the dialog always had
        assert d.findChild(QWidget, key.replace("_", "-")) is d.inputs[key] is getattr(d, key)
    assert d.options() == ({"sheet_name": "Notes"} if name.endswith(".xlsx") else {})


def test_other_delimiter_is_typed_in(fs, admin, qtbot):
    d = _dialog(fs, admin, qtbot, DATA / "windows_cp1252_semicolon.csv")
    other = d.others["delimiter"]
    assert other.isHidden()
    d.delimiter.setCurrentIndex(d.delimiter.findData("other"))
    assert not other.isHidden() and other.maxLength() == 1 and d.options() == {}
    other.setText(";")
    d.refresh_preview()
    assert d.options() == {"delimiter": ";"} and d.preview.columnCount() == 5


def test_a_new_readers_options_are_in_the_dialog(ndjson, fs, admin, qtbot, tmp_path):
    path = write(tmp_path / "people.ndjson", '{"email": "a@x.com", "score": 3}\n{"email": "b@x.com"}\n')
    d = _dialog(fs, admin, qtbot, path)
    assert _labels(d) == ["Skip bad lines:"]
    box = d.findChild(QCheckBox, "skip-invalid")
    assert box is d.skip_invalid and not box.isChecked() and "JSON object" in box.toolTip()
    assert "Read as NDJSON; 2 columns." in d.read_status.text() and d.preview.item(1, 0).text() == "b@x.com"
    box.setChecked(True)
    d.refresh_preview()
    assert d.options() == {"skip_invalid": True} and d.readable
    d.next.click()
    d.next.click()
    d.go.click()
    result = fs.open(admin, d.space_id).files.import_file(d.file_id, d.result_sheet, mapping=d.result_mapping,
                                   **d.result_options)
    assert result["imported"] == 2


def test_a_dropped_folder_gives_up_a_new_formats_files(ndjson, tmp_path):
    write(tmp_path / "in" / "a.jsonl", '{"a": 1}\n')
    write(tmp_path / "in" / "b.md", "# no")
    found, skipped = local_files([str(tmp_path / "in")])
    assert [p.name for p in found] == ["a.jsonl"] and skipped == ["b.md: not a data file"]


def test_the_open_dialog_offers_a_new_format(ndjson):
    from flatspace_desktop.ui.flows import import_filter

    filters = import_filter().split(";;")
    assert "*.ndjson" in filters[0] and "*.xlsx" in filters[0] and filters[-1] == "All files (*)"
    assert any(f.endswith("(*.ndjson *.jsonl)") for f in filters[1:-1])
