"""How a file is laid out: no header row, a header further down, totals at the end, a quote
character other than ", spaces around cells; the same options for text and spreadsheets."""

import pytest
import xlsxwriter

from flatspace_desktop.domain.errors import ExtractError
from flatspace_desktop.readers import open_source
from support import ROOT, run_cli, write

REAL = ROOT / "tests" / "data" / "realworld"


def rows(src):
    return list(src.rows)


def test_a_file_without_a_header_names_its_columns_and_keeps_the_first_row(tmp_path):
    # airquality as R writes it with col.names = FALSE
    lines = (REAL / "airquality_r.csv").read_text().splitlines()[1:]
    path = write(tmp_path / "air.csv", "\n".join(lines) + "\n")
    src = open_source(path, no_header=True)
    assert src.headers == [f"Column {i}" for i in range(1, 9)]
    got = rows(src)
    assert len(got) == 153 and got[0] == ["1", "41", "190", "7.4", "67", "5", "1", "1973-05-01"]


def test_header_further_down_and_totals_at_the_end_are_left_out(tmp_path):
    path = write(tmp_path / "report.csv", "Sales report\n\nregion,amount\nnorth,10\nsouth,20\nTotal,30\n")
    src = open_source(path, header_row=1, skip_end=1)
    assert src.headers == ["region", "amount"]
    assert rows(src) == [["north", "10"], ["south", "20"]]


def test_trim_and_another_quote_character(tmp_path):
    path = write(tmp_path / "q.csv", "name;note\n  Ada ;'a;b'\n'Bo';x\n")
    assert rows(open_source(path, delimiter=";")) == [["  Ada ", "'a"], ["'Bo'", "x"]]  # long row cut
    assert rows(open_source(path, delimiter=";", quote="'", trim=True)) == [["Ada", "a;b"], ["Bo", "x"]]
    assert rows(open_source(path, delimiter=";", quote="none")) == [["  Ada ", "'a"], ["'Bo'", "x"]]
    with pytest.raises(ExtractError, match="quote must be one character"):
        open_source(path, delimiter=";", quote=";")


def test_a_spreadsheet_takes_the_same_options(tmp_path):
    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Data")
    for r, row in enumerate([["north", 10], ["south", 20], ["Total", 30]]):
        sheet.write_row(r, 0, row)
    book.close()
    src = open_source(path, no_header=True, skip_end=1)
    assert src.headers == ["Column 1", "Column 2"]
    assert rows(src) == [["north", 10], ["south", 20]]


def test_the_command_line_takes_them(fs, admin, capsys, tmp_path):
    sid = fs.create_space(admin, "Shapes")["id"]
    fs.open(admin, sid).workbooks.create({"name": "W", "sheets": [{"name": "S", "slug": "s", "fields": [
        {"key": "region", "type": "string", "label": "Column 1"}, {"key": "amount", "type": "number", "label": "Column 2"}]}]})
    fs.close()
    path = write(tmp_path / "r.csv", "north , 10\nsouth,20\nTotal,30\n")
    code, out, err = run_cli(capsys, "import", sid, str(path), "--sheet", "s", "--no-header", "--skip-end", "1",
                             "--trim")
    assert code == 0, err
    assert "imported 2 records" in out and "2 valid, 0 with errors" in out
