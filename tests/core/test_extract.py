"""Reading files: delimiters, encodings, quoting, ragged rows, spreadsheets and JSON."""

import json
from datetime import date, datetime

import pytest

from support import write
from flatspace_desktop.domain.errors import ExtractError
from flatspace_desktop.readers import open_source


def _read(path, **kw):
    src = open_source(path, **kw)
    return src, list(src.rows)


def test_quoting_is_read_exactly(tmp_path):
    content = 'name,note,empty\r\n"Smith, J.","said ""hi""",\r\n"multi\nline","cr\r\nlf",x\r\n'
    src, rows = _read(write(tmp_path / "q.csv", content))
    assert src.headers == ["name", "note", "empty"]
    assert rows == [["Smith, J.", 'said "hi"', ""], ["multi\nline", "cr\r\nlf", "x"]]


@pytest.mark.parametrize("delimiter, name", [(";", "semi.csv"), ("\t", "tabs.tsv"), ("|", "pipes.txt"), (",", "c.csv")])
def test_delimiter_is_detected(tmp_path, delimiter, name):
    lines = [delimiter.join(["id", "city", "amount"])] + [delimiter.join([str(i), f"Town {i}", f"{i}.5"]) for i in range(5)]
    src, rows = _read(write(tmp_path / name, "\n".join(lines) + "\n"))
    assert src.delimiter == delimiter
    assert rows[2] == ["2", "Town 2", "2.5"]


def test_delimiter_can_be_overridden(tmp_path):
    path = write(tmp_path / "odd.csv", "a#b\n1#2\n")
    src, rows = _read(path, delimiter="#")
    assert src.headers == ["a", "b"] and rows == [["1", "2"]]
    with pytest.raises(ExtractError, match="one character"):
        open_source(path, delimiter="##")


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1252", "cp1252"), ("utf-8", "utf-8")])
def test_encodings_are_detected(tmp_path, encoding, expected):
    text = "name;city\nJosé Müller;Besançon\nFrançois Ærø;Zürich\n" * 20
    src, rows = _read(write(tmp_path / "enc.csv", text, encoding=encoding))
    assert src.encoding == expected
    assert src.headers == ["name", "city"]
    assert rows[0] == ["José Müller", "Besançon"]


def test_wrong_encoding_given_by_hand_is_reported(tmp_path):
    path = write(tmp_path / "latin.csv", "name\nJosé\n", encoding="cp1252")
    with pytest.raises(ExtractError, match="not readable as utf-8"):
        list(open_source(path, encoding="utf-8").rows)


def test_ragged_rows_empty_lines_and_headers_are_handled(tmp_path):
    content = "id,,name,name\n1,a,b,c\n\n2,d\n3,e,f,g,h\n4,i,j,k,\n"
    src, rows = _read(write(tmp_path / "rag.csv", content))
    assert src.headers == ["id", "Column 2", "name", "name (2)"]
    assert rows == [["1", "a", "b", "c"], ["2", "d", "", ""], ["3", "e", "f", "g"], ["4", "i", "j", "k"]]
    assert src.notes["short rows padded"] == 1
    assert src.notes["long rows cut (extra cells dropped)"] == 1
    assert src.notes["empty lines skipped"] == 1


def test_header_row_skips_leading_lines(tmp_path):
    src, rows = _read(write(tmp_path / "h.csv", "Report of May\nexported by x\nid,name\n1,a\n"), header_row=2)
    assert src.headers == ["id", "name"] and rows == [["1", "a"]]


def test_huge_cells_are_read(tmp_path):
    big = "x" * 500_000
    src, rows = _read(write(tmp_path / "big.csv", f"a,b\n{big},1\n"))
    assert rows[0][0] == big


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"PK\x03\x04\x00\x00binary\x00stuff", "is a ZIP archive, not delimited text"),
    (bytes(range(256)) * 4, "binary file"),
])
def test_unreadable_files_are_refused(tmp_path, content, message):
    with pytest.raises(ExtractError, match=message):
        open_source(write(tmp_path / "bad.csv", content))


def _xlsx(path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    one = wb.add_worksheet("People")
    fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    one.write_row(0, 0, ["name", "born", "score", "ok"])
    one.write_row(1, 0, ["Ada", None, 12, True])
    one.write_datetime(1, 1, datetime(1985, 12, 10), fmt)
    one.write_row(2, 0, ["Alan", "", 7.5, False])
    one.write_formula(2, 2, "=3+4.5", None, 7.5)
    two = wb.add_worksheet("Teams")
    two.write_row(0, 0, ["code"])
    two.write_row(1, 0, ["A"])
    wb.close()
    return path


def test_xlsx_sheets_can_be_picked(tmp_path):
    path = _xlsx(tmp_path / "book.xlsx")
    src, rows = _read(path)
    assert src.sheets == ["People", "Teams"] and src.sheet == "People"
    assert src.headers == ["name", "born", "score", "ok"]
    assert rows[0][0] == "Ada" and rows[0][2] == 12 and rows[0][3] is True
    assert rows[0][1] in (datetime(1985, 12, 10), date(1985, 12, 10))
    assert rows[1][2] == 7.5
    src, rows = _read(path, sheet_name="Teams")
    assert rows == [["A"]]
    with pytest.raises(ExtractError, match='no sheet named "Nope"'):
        open_source(path, sheet_name="Nope")


def test_damaged_xlsx_is_refused(tmp_path):
    path = _xlsx(tmp_path / "book.xlsx")
    data = path.read_bytes()
    with pytest.raises(ExtractError, match="not a readable spreadsheet"):
        open_source(write(tmp_path / "cut.xlsx", data[: len(data) // 2]))


def test_json_arrays_are_flattened(tmp_path):
    data = [{"id": 1, "name": {"first": "Ada", "last": "L"}, "tags": ["a"]}, {"id": 2, "extra": True}]
    src, rows = _read(write(tmp_path / "d.json", json.dumps(data)))
    assert src.headers == ["id", "name.first", "name.last", "tags", "extra"]
    assert rows == [[1, "Ada", "L", ["a"], None], [2, None, None, None, True]]


@pytest.mark.parametrize("content, message", [
    ('{"a": 1', "not valid JSON"), ('{"a": 1}', "expected a JSON array"), ("[1, 2]", "item 0 is not an object"),
    ("[]", "holds no fields"),
])
def test_bad_json_is_refused(tmp_path, content, message):
    with pytest.raises(ExtractError, match=message):
        open_source(write(tmp_path / "bad.json", content))
