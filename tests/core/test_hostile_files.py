"""Hostile and broken input files (issue 12, items 1, 2 and 9): spreadsheets are measured before
they are read and read in a child process with a memory limit, so a file built to exhaust memory
is refused with the limit it passes and the process survives; identical headers are renamed in
linear time; UTF-32, unclosed quotes, Excel error cells, dates before 1900 and archives named
.csv are read right or refused with the true reason."""

import multiprocessing
import sys
import time
import zipfile
import zlib
from datetime import date, datetime, time as clock

import pytest

from support import DATA, write
from flatspace_desktop.domain.errors import ExtractError
from flatspace_desktop.readers import clean_headers, open_source, sheetcheck, sheetproc

sys.path.insert(0, str(DATA / "hostile"))
import gen_spreadsheets as gen  # noqa: E402

BP = {"name": "People", "sheets": [{"name": "People", "slug": "people", "fields": [
    {"key": "email", "type": "string", "label": "Email"}, {"key": "name", "type": "string", "label": "Name"},
    {"key": "score", "type": "number", "label": "Score"}, {"key": "born", "type": "date", "label": "Born"}]}]}
AREA = "16,384 columns × 1,048,576 rows; Flatspace reads at most 16,777,216 cells of a sheet"


def _read(path, **kw):
    src = open_source(path, **kw)
    return src, list(src.rows)


def _xlsx(path, rows: str, styles: bytes | None = None, book_pr: str = ""):
    parts = gen.xlsx_parts(gen.sheet_xml(rows), styles=styles)
    if book_pr:
        book = next(p for p in parts if p.name == "xl/workbook.xml")
        xml = zlib.decompress(book.deflated, -15).decode().replace("<sheets>", book_pr + "<sheets>")
        parts[parts.index(book)] = gen.Part(book.name, xml.encode())
    return gen.write_zip(path, parts)


def _cells(r: int, *values: str) -> str:
    return f'<row r="{r}">' + "".join(f'<c r="{"ABCD"[i]}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
                                      for i, v in enumerate(values)) + "</row>"


def _no_readers_left():
    for _ in range(50):
        if not [p for p in multiprocessing.active_children() if p.name == "flatspace-sheet-reader"]:
            return True
        time.sleep(0.1)
    return False


# ---- item 1: spreadsheets read with limits
@pytest.mark.parametrize("first", [False, True])
def test_a_cell_at_the_far_corner_is_refused_naming_the_limit(tmp_path, first):
    path = gen.far_corner(tmp_path, first=first)
    assert path.stat().st_size < 2000
    with pytest.raises(ExtractError, match=AREA):
        open_source(path)
    assert _no_readers_left()


def test_the_rectangle_is_measured_exactly_near_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(sheetcheck, "MAX_CELLS", 100)
    rows = _cells(1, "email", "name") + "".join(_cells(r, f"p{r}", "x") for r in range(2, 51))
    _src, got = _read(_xlsx(tmp_path / "fifty.xlsx", rows))  # 2 × 50: at the limit, read
    assert len(got) == 49
    with pytest.raises(ExtractError, match="2 columns × 51 rows; Flatspace reads at most 100 cells"):
        open_source(_xlsx(tmp_path / "more.xlsx", rows + _cells(51, "p51", "x")))
    # python-calamine's rows start at row 1, so cells far down count from there
    with pytest.raises(ExtractError, match="1 column × 200 rows"):
        open_source(_xlsx(tmp_path / "low.xlsx", _cells(199, "email") + _cells(200, "x")))


def test_cells_without_a_place_and_prefixed_elements_are_measured(tmp_path, monkeypatch):
    monkeypatch.setattr(sheetcheck, "MAX_CELLS", 100)
    plain = "".join(f'<row><c t="inlineStr"><is><t>v{r}</t></is></c></row>' for r in range(60))
    src, got = _read(_xlsx(tmp_path / "plain.xlsx", plain))
    assert src.headers == ["v0"] and len(got) == 59
    wide = '<row r="2">' + '<c t="inlineStr"><is><t>x</t></is></c>' * 60 + "</row>"
    with pytest.raises(ExtractError, match="60 columns × 2 rows"):
        open_source(_xlsx(tmp_path / "wide.xlsx", _cells(1, "email") + wide))
    xml = gen.sheet_xml(_cells(1, "email") + _cells(300, "x")).replace(b"<worksheet", b"<x:worksheet").replace(
        b"</worksheet", b"</x:worksheet").replace(b"sheetData", b"x:sheetData").replace(b"<row", b"<x:row").replace(
        b"</row", b"</x:row").replace(b"<c ", b"<x:c ").replace(b"</c>", b"</x:c>").replace(b'xmlns="', b'xmlns:x="')
    parts = gen.xlsx_parts(xml)
    with pytest.raises(ExtractError, match="1 column × 300 rows"):
        open_source(gen.write_zip(tmp_path / "prefixed.xlsx", parts))


def test_the_measure_before_reading_finds_the_same(tmp_path, monkeypatch):
    # Where no memory limit is enforced (macOS, Windows) the sheet is measured before it is
    # read; on Linux only once the reader has died. The same files, measured:
    monkeypatch.setattr(sheetcheck, "MAX_CELLS", 100)
    rows = _cells(1, "email", "name") + "".join(_cells(r, f"p{r}", "x") for r in range(2, 51))
    fifty = _xlsx(tmp_path / "fifty.xlsx", rows)
    assert sheetcheck.check(fifty, fifty, None).part == "xl/worksheets/sheet1.xml"
    wide = '<row r="2">' + '<c t="inlineStr"><is><t>x</t></is></c>' * 60 + "</row>"
    for path, message in [(_xlsx(tmp_path / "more.xlsx", rows + _cells(51, "p51", "x")), "2 columns × 51 rows"),
                          (_xlsx(tmp_path / "low.xlsx", _cells(199, "email") + _cells(200, "x")), "1 column × 200 rows"),
                          (_xlsx(tmp_path / "wide.xlsx", _cells(1, "email") + wide), "60 columns × 2 rows")]:
        with pytest.raises(ExtractError, match=message):
            sheetcheck.check(path, path, None)
    monkeypatch.setattr(sheetcheck, "MAX_CELLS", 1 << 24)
    monkeypatch.setattr(sheetproc, "MEMORY_WALL", False)
    for path in (gen.far_corner(tmp_path, first=True), gen.ods_repeated(tmp_path)):
        with pytest.raises(ExtractError, match=AREA):
            open_source(path)


def test_zip_bombs_are_refused_by_their_size_declared_or_real(tmp_path, monkeypatch):
    monkeypatch.setattr(sheetcheck, "MAX_UNZIPPED", 32 << 20)
    row = b'<row><c t="inlineStr"><is><t>someone@example.org</t></is></c></row>'
    block = row * ((1 << 20) // len(row))
    head, tail = gen.sheet_xml(gen.HEADER_ROW + "{}").split(b"{}")
    sheet = gen.repeated(head, block, 40, tail)
    honest = gen.write_zip(tmp_path / "bomb.xlsx", gen.xlsx_parts(sheet))
    assert honest.stat().st_size < 1_000_000
    with pytest.raises(ExtractError, match=r"unpacks to 40(\.0)? MB; Flatspace reads workbooks of at most 32 MB"):
        open_source(honest)
    sheet.declared = 1 << 20  # a ZIP that lies about what its part unpacks to
    with pytest.raises(ExtractError, match="sheet1.xml unpacks to more than the 1 MB it declares"):
        open_source(gen.write_zip(tmp_path / "lying.xlsx", gen.xlsx_parts(sheet)))


def test_shared_text_is_bounded_in_size_and_in_count(tmp_path, monkeypatch):
    monkeypatch.setattr(sheetcheck, "MAX_SHARED_TEXT", 4 << 20)
    shared = gen.repeated(b'<sst count="1" uniqueCount="1"><si><t>', b"x" * (1 << 20), 5, b"</t></si></sst>")
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    with pytest.raises(ExtractError, match="holds 5 MB of shared text; Flatspace reads at most 4 MB"):
        open_source(gen.write_zip(tmp_path / "text.xlsx", gen.xlsx_parts(gen.sheet_xml(rows), shared)))
    with pytest.raises(ExtractError, match="declares 4,000,000,000,000 shared texts"):
        open_source(gen.shared_count(tmp_path))


def test_ods_repeats_and_xls_size_are_bounded(tmp_path):
    with pytest.raises(ExtractError, match=AREA):
        open_source(gen.ods_repeated(tmp_path))
    with pytest.raises(ExtractError, match="the file is 300 MB; Flatspace reads .xls files of at most 256 MB"):
        open_source(gen.xls_oversized(tmp_path))


def test_a_reader_that_dies_is_a_refused_file_and_this_process_lives_on(tmp_path):
    # 5.6 KB whose declared dimensions make python-calamine ask for 11 PB: it aborts the
    # process it runs in, which is not this one.
    with pytest.raises(ExtractError, match="dimensions.xls: could not be read: the reader ran out of memory"):
        open_source(gen.xls_dimensions(tmp_path))
    _src, rows = _read(_xlsx(tmp_path / "fine.xlsx", _cells(1, "email") + _cells(2, "a@b.c")))
    assert rows == [["a@b.c"]]


def test_the_memory_limit_is_the_second_wall(tmp_path, monkeypatch):
    # With the measuring switched off, the far corner reaches the reader, whose limit stops it.
    monkeypatch.setattr(sheetcheck, "check", lambda *a, **k: sheetcheck.Plan())
    with pytest.raises(ExtractError, match="could not be read: the reader ran out of memory"):
        open_source(gen.far_corner(tmp_path, first=False))


def test_a_hostile_upload_is_refused_and_stores_nothing(fs, admin, tmp_path):
    sid = fs.create_space(admin, "Corpus", blueprint=BP)["id"]
    with pytest.raises(ExtractError, match=AREA + r".*the file was not added"):
        fs.open(admin, sid).files.upload(gen.far_corner(tmp_path, first=False))
    assert fs.open(admin, sid).files.list() == []
    ok = fs.open(admin, sid).files.upload(_xlsx(tmp_path / "ok.xlsx", _cells(1, "email", "name")
                                          + "".join(_cells(r, f"p{r}@e.org", f"P{r}") for r in range(2, 12))))
    src, rows = fs.open(admin, sid).files.preview(ok["id"], limit=3)
    assert src.headers == ["email", "name"] and len(rows) == 3
    assert fs.open(admin, sid).files.column_values(ok["id"], 1)[:2] == ["P2", "P3"]
    assert _no_readers_left()


def test_rows_left_unread_stop_the_reader(tmp_path):
    rows = _cells(1, "email") + "".join(_cells(r, f"p{r}") for r in range(2, 5000))
    src = open_source(_xlsx(tmp_path / "many.xlsx", rows))
    assert next(src.rows) == ["p2"]
    src.rows.close()
    assert _no_readers_left()


# ---- item 2: identical headers
def test_50000_identical_headers_are_renamed_uniquely():
    out = clean_headers(["email"] * 50_000)
    assert len({h.lower() for h in out}) == 50_000
    assert out[:3] == ["email", "email (2)", "email (3)"] and out[-1] == "email (50000)"
    # names already taken are skipped, whatever their case, as before
    assert clean_headers(["a", "A", "a (2)", "a", "", "Column 5"]) == ["a", "A (2)", "a (2) (2)", "a (3)", "Column 5",
                                                                       "Column 5 (2)"]


def test_renaming_identical_headers_takes_linear_time():
    # Lines run, counted, not seconds: twice the headers must cost about twice the steps
    # (quadratic is four times; it took 100 s for 20,000).
    def steps(n: int) -> int:
        count = 0

        def line(frame, event, arg):
            nonlocal count
            count += event == "line"
            return line

        sys.settrace(lambda frame, event, arg: line if frame.f_code is clean_headers.__code__ else None)
        try:
            clean_headers(["name"] * n)
        finally:
            sys.settrace(None)
        return count

    assert steps(40_000) / steps(20_000) < 2.1


# ---- item 9: encodings, quotes, error cells, old dates, archives named .csv
@pytest.mark.parametrize("encoding, detected", [
    ("utf-32", "utf-32"), ("utf-32-le", "utf-32-le"), ("utf-32-be", "utf-32-be"), ("utf-16-le", "utf-16-le")])
def test_utf32_is_read_as_utf32(tmp_path, encoding, detected):
    text = "name;city\nJosé Müller;Zürich 😀\nFrançois;Besançon\n"
    src, rows = _read(write(tmp_path / "u.csv", text, encoding=encoding))
    assert src.encoding == detected
    assert src.headers == ["name", "city"] and rows == [["José Müller", "Zürich 😀"], ["François", "Besançon"]]


def test_an_unclosed_quote_is_refused_with_its_line(tmp_path):
    lines = "".join(f"p{i},x\n" for i in range(1000))
    with pytest.raises(ExtractError, match=r"q.csv, line 3: a quoted cell opened on this line is never closed so it "
                                           r"would swallow the 1,000 lines after it"):
        list(open_source(write(tmp_path / "q.csv", 'a,b\n1,2\n"3,4\n' + lines)).rows)
    with pytest.raises(ExtractError, match="line 1: a quoted cell .* swallow the 1 line after it"):
        open_source(write(tmp_path / "h.csv", 'a,"b\n1,2\n'))
    with pytest.raises(ExtractError, match="line 4: a quoted cell opened on this line is never closed at all"):
        list(open_source(write(tmp_path / "n.csv", 'a,b\n1,"x\ny"\n2,"z')).rows)  # no last newline
    # closed quotes over several lines, at the very end and without a last newline, are data
    src, rows = _read(write(tmp_path / "ok.csv", 'a,b\n1,"two\nlines"\n3,"x""y"'))
    assert rows == [["1", "two\nlines"], ["3", 'x"y']]
    src, rows = _read(write(tmp_path / "one.csv", "a\nx\n"))
    assert src.headers == ["a"] and rows == [["x"]]


def test_excel_error_cells_are_read_as_their_text_and_their_rows_kept(tmp_path, fs, admin):
    src, rows = _read(gen.error_cells(tmp_path))
    assert rows[0] == ["p2@example.org", "#N/A", "#DIV/0!", None]
    assert rows[-1] == ["#N/A", "#REF!", None, None] and len(rows) == 5
    assert src.notes["spreadsheet error cells read as their text (#DIV/0!, #N/A…)"] == 10
    sid = fs.create_space(admin, "Corpus", blueprint=BP)["id"]
    result = fs.open(admin, sid).records.import_file("people", tmp_path / "error-cells.xlsx")
    assert result["imported"] == 5 and result["error"] == 4  # "#DIV/0!" is not a score: flagged, not lost
    assert any("error cells read as their text" in n for n in result["notes"])


def test_dates_before_1900_are_dates(tmp_path):
    src, rows = _read(gen.old_dates(tmp_path))
    assert [r[3] for r in rows] == [date(1899, 12, 31), date(1899, 12, 30), date(1850, 5, 5), date(2000, 1, 1)]
    assert src.notes["dates before 1900 read from their serial number"] == 3
    styles = gen.DATE_STYLES.replace(b'formatCode="yyyy-mm-dd"', b'formatCode="yyyy-mm-dd hh:mm"').replace(
        b"</cellXfs>", b'<xf numFmtId="20"/></cellXfs>').replace(b'cellXfs count="2"', b'cellXfs count="3"')
    rows = (_cells(1, "when", "time") + '<row r="2"><c r="A2" s="1"><v>0.25</v></c><c r="B2" s="2"><v>0.5</v></c>'
            '</row><row r="3"><c r="A3" s="1"><v>-0.5</v></c><c r="B3" s="2"><v>0</v></c></row>')
    src, got = _read(_xlsx(tmp_path / "times.xlsx", rows, styles))
    assert got == [[datetime(1899, 12, 31, 6), clock(12)], [datetime(1899, 12, 30, 12), clock(0)]]
    rows = _cells(1, "born") + '<row r="2"><c r="A2" s="1"><v>0</v></c></row><row r="3"><c r="A3" s="1"><v>-1</v></c></row>'
    src, got = _read(_xlsx(tmp_path / "1904.xlsx", rows, gen.DATE_STYLES, book_pr='<workbookPr date1904="1"/>'))
    assert got == [[date(1904, 1, 1)], [date(1903, 12, 31)]]


def test_archives_named_csv_are_refused_for_what_they_are(tmp_path):
    with zipfile.ZipFile(tmp_path / "data.csv", "w", zipfile.ZIP_STORED) as zf:  # stored: zeros like UTF-16
        zf.writestr("people.csv", "email\n" + "a@b.c\n" * 50)
    with pytest.raises(ExtractError, match=r"^data.csv is a ZIP archive, not delimited text$"):
        open_source(tmp_path / "data.csv")
    book = gen.write_zip(tmp_path / "book.csv", gen.xlsx_parts(gen.sheet_xml(gen.HEADER_ROW)))
    with pytest.raises(ExtractError, match=r"ZIP archive \(an Excel workbook: name it .xlsx\)"):
        open_source(book)
    with pytest.raises(ExtractError, match=r"is a ZIP archive, not delimited text"):
        open_source(tmp_path / "data.csv", encoding="utf-16-le")  # whatever encoding is asked for
