"""The reader registry (issue 14, item 6): every format is a Reader declared in one module and
registered in one line, and a new one (JSON lines, tests/ndjson_reader.py) is then uploaded,
imported into a sheet, read in the import's reading process and offered on the command line
with its options like the built-in ones."""

import inspect
import json

import pytest

import ndjson_reader
from support import write
from flatspace_desktop import readers
from flatspace_desktop.cli.main import main
from flatspace_desktop.domain.errors import ExtractError
from flatspace_desktop.readers import REGISTRY, SUPPORTED, Option, Reader, register

BP = {"name": "People", "sheets": [{"name": "People", "slug": "people", "fields": [
    {"key": "email", "type": "string", "constraints": [{"type": "required"}]},
    {"key": "score", "type": "number"}]}]}
LINES = '{"email": "a@x.com", "score": 3}\n\n{"email": "b@x.com", "score": "many"}\nnot json\n{"email": "c@x.com"}\n'


@pytest.fixture
def ndjson():
    """The one registry line, undone afterwards so other tests see the built-in formats only."""
    register(ndjson_reader.READER)
    yield ndjson_reader.READER
    readers.unregister("ndjson")


@pytest.mark.parametrize("name", ["csv", "xlsx", "json"])
def test_each_built_in_reader_is_well_formed(name):
    reader = REGISTRY[name]
    assert reader.problems() == [] and reader.name == name
    params = inspect.signature(reader.open).parameters
    assert list(params)[:2] == ["path", "name"]
    for option in reader.options:  # open() takes each option, with the same default
        assert option.key in params and params[option.key].default == option.default
        if option.kind == "choice" and option.choices:
            assert option.default in [v for _, v in option.choices]
    others = [ext for r in REGISTRY.values() if r is not reader for ext in r.extensions]
    assert not set(reader.extensions) & set(others)
    assert set(reader.extensions) <= SUPPORTED


def test_the_built_in_formats_and_their_options():
    assert {r.name: r.extensions for r in REGISTRY.values()} == {
        "csv": (".csv", ".tsv", ".tab", ".txt", ".psv", ".dat"), "xlsx": (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"),
        "json": (".json",)}
    assert [o.key for o in readers.options()] == ["delimiter", "encoding", "quote", "header_row", "no_header",
                                                  "skip_end", "trim", "sheet_name"]
    assert readers.kind_of("a.TSV") == "csv" and readers.kind_of("b.ods") == "xlsx" and readers.kind_of("c.log") == "csv"
    assert REGISTRY["xlsx"].own_process and not REGISTRY["csv"].own_process


def test_a_malformed_or_clashing_reader_is_refused(ndjson):
    def nothing(path, name=None):
        raise AssertionError

    with pytest.raises(ValueError, match="registered already.*read by ndjson already"):
        register(ndjson)
    with pytest.raises(ValueError, match=r"\.csv is read by csv already"):
        register(Reader("mine", "Mine", (".csv",), nothing))
    bad = Reader("Bad Name", "", ("txt", ".A"), nothing, (
        Option("path", "Where", "int"), Option("x", "X", "colour"), Option("y", "Y", "choice"),
        Option("z", "Z", "int", default=-1, minimum=0), Option("z", "Z", "text", choices=(("a", "a"),))))
    problems = bad.problems()
    assert len(problems) >= 9, problems
    with pytest.raises(ValueError, match="lower-case word"):
        register(bad)
    with pytest.raises(ValueError, match="header_row is of kind int for another reader, not text"):
        register(Reader("other", "Other", (".oth",), nothing, (Option("header_row", "Header", "text"),)))
    assert "other" not in REGISTRY and ".oth" not in SUPPORTED and ".A" not in SUPPORTED


def test_a_new_format_is_one_module_and_one_registry_line(ndjson, fs, admin, tmp_path):
    path = write(tmp_path / "people.ndjson", LINES)
    assert readers.kind_of(path) == "ndjson" and ".jsonl" in SUPPORTED
    readers.check_supported("more.JSONL")

    with pytest.raises(ExtractError, match="line 4: not a JSON object"):
        readers.open_source(path)
    src = readers.open_source(path, skip_invalid=True, delimiter=";", header_row=0)  # other readers' options: let by
    assert src.kind == "ndjson" and src.headers == ["email", "score"]
    assert list(src.rows) == [["a@x.com", 3], ["b@x.com", "many"], ["c@x.com", None]]
    assert src.notes == {"lines that are not an object skipped": 1}
    with pytest.raises(TypeError, match="skip_invalids"):
        readers.open_source(path, skip_invalids=True)
    with pytest.raises(ExtractError, match="skip invalid must be true or false"):
        readers.open_source(path, skip_invalid="yes")

    sid = fs.create_space(admin, "Lines", blueprint=BP)["id"]
    with pytest.raises(ExtractError, match="line 4: not a JSON object — the file was not added"):
        fs.open(admin, sid).files.upload(path)  # read as it will be imported: with the defaults
    clean = write(tmp_path / "clean.ndjson", LINES.replace("not json\n", ""))
    stored = fs.open(admin, sid).files.upload(clean, name="people.jsonl")  # the upload accepts it...
    assert stored["kind"] == "ndjson" and fs.open(admin, sid).files.info(stored["id"])["status"] == "uploaded"
    result = fs.open(admin, sid).files.import_file(stored["id"], "people")  # ...and the import
    assert (result["imported"], result["valid"], result["error"]) == (3, 2, 1)
    again = fs.open(admin, sid).records.import_file("people", path, parallel=True, skip_invalid=True)  # read in a second process
    assert (again["imported"], again["total"]) == (3, 6)
    assert "lines that are not an object skipped: 1" in again["notes"]
    assert [r.values["email"] for r in fs.open(admin, sid).records.list("people")] == ["a@x.com", "b@x.com", "c@x.com"] * 2


def test_the_command_line_offers_a_new_readers_options(ndjson, tmp_path, capsys):
    path = write(tmp_path / "people.ndjson", LINES)
    assert main(["extract", str(path)]) == 1
    assert "line 4: not a JSON object" in capsys.readouterr().err
    assert main(["extract", str(path), "--skip-invalid", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"email": "a@x.com", "score": "3"},
                                                   {"email": "b@x.com", "score": "many"}, {"email": "c@x.com", "score": ""}]
