"""Files in a Space, and the corpus of awkward files: each imports exactly or is refused with a
clear message, and nothing already in the Space changes."""

import json
import zipfile

import pytest

from support import DATA, write
from flatspace_desktop.domain.errors import ExtractError, InvalidInput, NotFound
from flatspace_desktop.domain.mapping import Mapping, suggest, suggest_values

BP = {"name": "People", "sheets": [{"name": "People", "slug": "people", "allowAdditionalFields": True, "fields": [
    {"key": "email", "type": "string", "label": "Email", "constraints": [{"type": "required"}, {"type": "unique"}]},
    {"key": "name", "type": "string", "label": "Name"},
    {"key": "city", "type": "string", "label": "City"},
    {"key": "born", "type": "date", "label": "Born"},
    {"key": "score", "type": "number", "label": "Score"}]}]}
NAMES = ["Ana Müller", "Bö Ærøskøbing", 'Chloé "CJ" Dupont', "Dan O'Neil", "Ève €uro"]
CITIES = ["Zürich", "Besançon", "Paris, 11e", "Dublin", "Lyon"]
BORN = ["1990-04-01", "1985-12-24", "2001-07-14", "1979-01-31", "1999-09-09"]
SCORES = [12, 7.5, -3, 100, 0]


@pytest.fixture
def people(fs, admin):
    sid = fs.create_space(admin, "Corpus", blueprint=BP)["id"]
    fs.open(admin, sid).records.add("people", [{"email": "keep@example.com", "name": "Already here"}])
    return sid


def _state(fs, admin, sid):
    recs = fs.open(admin, sid).records.list("people", limit=1000)
    return [r.values for r in recs], [(f["name"], f["status"]) for f in fs.open(admin, sid).files.list()]


def _imported(fs, admin, sid):
    return [r.values for r in fs.open(admin, sid).records.list("people", limit=1000)][1:]


GOOD = [
    ("utf8_bom_comma.csv", {}, None),
    ("utf16_tab.tsv", {}, None),
    ("windows_cp1252_semicolon.csv", {}, None),
    ("quoted_newlines.csv", {}, None),
    ("report_with_preamble.csv", {"header_row": 2}, None),
    ("multi_sheet.xlsx", {"sheet_name": "People"}, None),
    ("people.json", {}, {"Email": "email", "Name": "name", "address.City": "city", "Born": "born", "Score": "score"}),
]


@pytest.mark.parametrize("name, options, columns", GOOD)
def test_corpus_files_import_exactly(fs, admin, people, name, options, columns):
    uploaded = fs.open(admin, people).files.upload(DATA / name)
    assert uploaded["status"] == "uploaded"
    mapping = Mapping(columns) if columns else None
    result = fs.open(admin, people).files.import_file(uploaded["id"], "people", mapping=mapping, **options)
    assert result["imported"] == 5
    got = _imported(fs, admin, people)
    names = NAMES if name != "quoted_newlines.csv" else [NAMES[0], "Bö\nÆrøskøbing", *NAMES[2:]]
    cities = CITIES if name != "quoted_newlines.csv" else [*CITIES[:3], "Dublin\r\nIreland", CITIES[4]]
    assert [g["name"] for g in got] == names
    assert [g["city"] for g in got] == cities
    assert [g["born"] for g in got] == BORN
    assert [g["score"] for g in got] == SCORES
    assert fs.open(admin, people).files.info(uploaded["id"])["status"] == "extracted"


def test_latin1_pipe_file(fs, admin, people):
    f = fs.open(admin, people).files.upload(DATA / "latin1_pipe.txt")
    result = fs.open(admin, people).files.import_file(f["id"], "people")
    assert result["delimiter"] == "|" and result["imported"] == 5
    assert _imported(fs, admin, people)[4]["name"] == "Ève Euro"


def test_ragged_rows_are_padded_cut_and_reported(fs, admin, people):
    f = fs.open(admin, people).files.upload(DATA / "ragged.csv")
    result = fs.open(admin, people).files.import_file(f["id"], "people")
    assert result["imported"] == 5
    assert any("short rows padded: 1" in n for n in result["notes"])
    assert any("long rows cut" in n for n in result["notes"])
    assert any("empty lines skipped: 1" in n for n in result["notes"])
    got = _imported(fs, admin, people)
    assert got[1]["city"] is None and got[2]["score"] == -3


def test_duplicate_and_empty_headers_are_named(fs, admin, people):
    f = fs.open(admin, people).files.upload(DATA / "duplicate_headers.csv")
    src, rows = fs.open(admin, people).files.preview(f["id"])
    assert src.headers == ["Email", "Name", "Name (2)", "Column 4", "Score"]
    assert rows == [["ana@example.com", "Ana", "Müller", "x", "12"]]


@pytest.mark.parametrize("name, message", [
    ("empty.csv", "the file is empty"),
    ("binary_renamed.csv", "is a PNG image, not delimited text"),
    ("malformed.json", "not valid JSON"),
    ("not_an_array.json", "expected a JSON array"),
    ("malformed.xlsx", "not a readable spreadsheet"),
    ("text_renamed.xlsx", "not a readable spreadsheet"),
])
def test_bad_files_are_refused_and_nothing_changes(fs, admin, people, name, message):
    before = _state(fs, admin, people)
    with pytest.raises(ExtractError, match=message) as err:
        fs.open(admin, people).files.upload(DATA / name)
    assert "was not added" in str(err.value)
    assert _state(fs, admin, people) == before
    assert not any(fs.space(people).files_dir.rglob("*")) or all(
        p.is_dir() for p in fs.space(people).files_dir.rglob("*"))


def test_unsupported_types_are_refused(fs, admin, people, tmp_path):
    with pytest.raises(ExtractError, match=r"\.pdf is not a file type Flatspace reads"):
        fs.open(admin, people).files.upload(write(tmp_path / "scan.pdf", b"%PDF-1.4"))


def test_identical_content_is_stored_once_and_files_can_be_managed(fs, admin, people, tmp_path):
    a = fs.open(admin, people).files.upload(DATA / "utf8_bom_comma.csv")
    copy = write(tmp_path / "again.csv", (DATA / "utf8_bom_comma.csv").read_bytes())
    b = fs.open(admin, people).files.upload(copy)
    assert a["sha256"] == b["sha256"] and a["id"] != b["id"]
    blobs = [p for p in fs.space(people).files_dir.rglob("*") if p.is_file()]
    assert len(blobs) == 1
    assert [f["name"] for f in fs.open(admin, people).files.list()] == ["utf8_bom_comma.csv", "again.csv"]
    assert fs.open(admin, people).files.rename(b["id"], "march.csv")["name"] == "march.csv"
    with pytest.raises(InvalidInput, match="keep the extension"):
        fs.open(admin, people).files.rename(b["id"], "march.xlsx")
    saved = fs.open(admin, people).files.save_as(b["id"], tmp_path / "out.csv")
    assert saved.read_bytes() == (DATA / "utf8_bom_comma.csv").read_bytes()
    fs.open(admin, people).files.delete(a["id"])
    assert len([p for p in fs.space(people).files_dir.rglob("*") if p.is_file()]) == 1  # still used by b
    fs.open(admin, people).files.delete(b["id"])
    assert not [p for p in fs.space(people).files_dir.rglob("*") if p.is_file()]
    with pytest.raises(NotFound):
        fs.open(admin, people).files.info(b["id"])


def test_a_failed_import_marks_the_file_failed_and_keeps_the_sheet(fs, admin, people, tmp_path):
    bad = write(tmp_path / "late.csv", b"Email,Name\n" + b"".join(b"x%d@e.com,X\n" % i for i in range(30_000))
                + b"bad,\xff\xfe\n")
    f = fs.open(admin, people).files.upload(bad)  # the head of the file reads fine
    before = _state(fs, admin, people)[0]
    with pytest.raises(ExtractError):
        fs.open(admin, people).files.import_file(f["id"], "people")
    info = fs.open(admin, people).files.info(f["id"])
    assert info["status"] == "failed" and "utf-8" in info["error"]
    assert _state(fs, admin, people)[0] == before


def test_suggestions_exact_then_fuzzy_with_confidence(fs, admin, people):
    sheet = fs.open(admin, people).records.sheet_def("people")
    s = suggest(["E-mail", "Full Name", "city", "Date of birth", "Scoree", "Notes"], sheet)
    assert (s["E-mail"].key, s["E-mail"].confidence) == ("email", 1.0)
    assert s["city"].key == "city" and s["city"].confidence == 1.0
    assert s["Scoree"].key == "score" and 0.72 <= s["Scoree"].confidence < 1
    assert s["Notes"].key is None
    options = {"options": [{"value": "gold", "label": "Gold", "alternativeNames": ["premium"]}, {"value": "free"}]}
    from flatspace_desktop.domain.blueprint import parse_sheet

    plan = parse_sheet({"name": "x", "fields": [{"key": "plan", "type": "enum", "config": options}]}).field("plan")
    values = suggest_values(plan, ["GOLD", "Premium", "fre", "platinum"])
    assert values["GOLD"] == ("gold", 1.0) and values["Premium"] == ("gold", 1.0)
    assert values["fre"][0] == "free" and values["fre"][1] < 1
    assert values["platinum"] == (None, 0.0)


def test_mappings_are_remembered_for_the_same_columns(fs, admin, people, tmp_path):
    src = write(tmp_path / "odd.csv", "Mail,Who,Town\nz@x.com,Zed,Oslo\n")
    mapping = Mapping({"Mail": "email", "Who": "name", "Town": "city"})
    fs.open(admin, people).records.import_file("people", src, mapping=mapping, remember=True)
    again = write(tmp_path / "odd2.csv", "town,WHO,mail\nBergen,Yan,y@x.com\n")
    assert fs.open(admin, people).records.saved_mapping("people", ["town", "WHO", "mail"]) is not None
    result = fs.open(admin, people).records.import_file("people", again)  # no mapping given: the remembered one
    assert result["columns"] == {"town": "city", "WHO": "name", "mail": "email"}
    assert _imported(fs, admin, people)[-1] == {"email": "y@x.com", "name": "Yan", "city": "Bergen", "born": None,
                                                "score": None}


def test_additional_fields_are_added_with_the_import(fs, admin, people, tmp_path):
    src = write(tmp_path / "extra.csv", "Email,Shoe size\nq@x.com,44\n")
    mapping = Mapping({"Email": "email"}, add_fields=["Shoe size"])
    fs.open(admin, people).records.import_file("people", src, mapping=mapping)
    sheet = fs.open(admin, people).records.sheet_def("people")
    assert sheet.fields[-1].key == "shoe_size" and sheet.fields[-1].label == "Shoe size"
    assert _imported(fs, admin, people)[-1]["shoe_size"] == "44"
    wb = fs.open(admin, people).info()["workbooks"][0]
    assert fs.open(admin, people).workbooks.blueprint(wb["id"])["sheets"][0]["fields"][-1]["key"] == "shoe_size"


def test_whole_workbook_export_in_each_format(fs, admin, sample_space, tmp_path):
    from python_calamine import CalamineWorkbook

    n = fs.open(admin, sample_space).workbooks.export("Customer onboarding", tmp_path / "wb.xlsx", "xlsx")
    assert n == 13
    book = CalamineWorkbook.from_path(str(tmp_path / "wb.xlsx"))
    assert book.sheet_names == ["Companies", "Contacts"]
    rows = book.get_sheet_by_name("Contacts").to_python()
    assert rows[0][:3] == ["Email", "First name", "Last name"]
    assert str(rows[1][4]).startswith("2024-03-01")  # a date cell, not text
    fs.open(admin, sample_space).workbooks.export("Customer onboarding", tmp_path / "wb.zip", "csv")
    with zipfile.ZipFile(tmp_path / "wb.zip") as z:
        assert sorted(z.namelist()) == ["companies.csv", "contacts.csv"]
    fs.open(admin, sample_space).workbooks.export("Customer onboarding", tmp_path / "wb.json", "json")
    data = json.loads((tmp_path / "wb.json").read_text())
    assert len(data["companies"]) == 6 and data["contacts"][0]["values"]["email"]["value"] == "ada@acme.example"


def test_formulas_are_neutralised_in_csv_and_xlsx(fs, admin, people, tmp_path):
    from python_calamine import CalamineWorkbook

    fs.open(admin, people).records.add("people", [
        {"email": "=HYPERLINK(\"http://evil\")", "name": "+1+1", "city": "@SUM(A1)", "score": "-5"},
        {"email": "t@x.com", "name": "\tcmd", "city": "\rcr"}])
    fs.open(admin, people).records.export("people", tmp_path / "out.csv", "csv")
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1+1" in text and "'@SUM(A1)" in text and "'\tcmd" in text
    assert ",-5\n" in text.replace("\r\n", "\n")  # a real number stays a number
    fs.open(admin, people).records.export("people", tmp_path / "out.xlsx", "xlsx")
    rows = CalamineWorkbook.from_path(str(tmp_path / "out.xlsx")).get_sheet_by_name("People").to_python()
    assert rows[2][0] == "'=HYPERLINK(\"http://evil\")" and rows[2][4] == -5
