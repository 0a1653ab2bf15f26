"""Real exports import as their columns are written: a European Excel file, an R export and a US
spreadsheet (public data, tests/data/realworld/README.md), read one way per column."""

import pytest

from flatspace_desktop.domain.errors import UnsettledReading
from flatspace_desktop.domain.importing.casting import Overrides
from realworld_blueprints import AIR, ECONOMICS, WEATHER
from support import ROOT, run_cli, write

REAL = ROOT / "tests" / "data" / "realworld"

def space_with(fs, admin, blueprint):
    sid = fs.create_space(admin, "Real")["id"]
    s = fs.open(admin, sid)
    s.workbooks.create(blueprint)
    return s


def values(s, sheet, limit=400):
    return [r.values for r in s.records.list(sheet, limit=limit)]


def test_a_european_export_imports_with_no_false_errors(fs, admin):
    s = space_with(fs, admin, WEATHER)
    result = s.records.import_file("days", REAL / "seattle_weather_eu.csv")
    assert (result["imported"], result["error"]) == (300, 0)
    rows = values(s, "days")
    # Day first for the whole column, settled by "13/01/2012": 02/01 is the 2nd of January, not February
    assert [r["date"] for r in rows[:3]] == ["2012-01-01", "2012-01-02", "2012-01-03"]
    assert rows[12]["date"] == "2012-01-13"
    assert rows[1]["precipitation"] == 10.9 and rows[0]["temp_max"] == 12.8
    assert any("Datum: dates, day first" in n for n in result["notes"])


def test_an_r_export_reads_na_as_empty(fs, admin):
    s = space_with(fs, admin, AIR)
    result = s.records.import_file("air", REAL / "airquality_r.csv")
    assert (result["imported"], result["error"]) == (153, 0)
    rows = values(s, "air")
    assert sum(r["ozone"] is None for r in rows) == 37  # R's NA, as the dataset documents
    assert rows[0] == {"ozone": 41, "solar": 190, "wind": 7.4, "temp": 67, "date": "1973-05-01"}


def test_what_the_values_leave_open_the_locale_or_the_user_settles(fs, admin):
    s = space_with(fs, admin, ECONOMICS)
    # Every day is the 1st and every thousands comma could be a decimal comma: the file cannot say
    with pytest.raises(UnsettledReading, match='column "Month"'):
        s.records.import_file("econ", REAL / "economics_us.csv")
    assert s.records.counts("econ")["total"] == 0
    result = s.records.import_file("econ", REAL / "economics_us.csv", locale="en_US")
    assert result["error"] == 0
    first = values(s, "econ")[0]
    assert first == {"month": "1967-07-01", "pce": 506.7, "pop": 198712, "psavert": 12.6, "uempmed": 4.5,
                     "unemploy": 2944}
    s2 = space_with(fs, admin, ECONOMICS)
    s2.records.import_file("econ", REAL / "economics_us.csv",
                           columns={"*": Overrides(date_order="DMY", decimal=".")})
    assert values(s2, "econ")[0]["month"] == "1967-01-07"  # as asked: the user's choice, not a guess


def test_a_number_column_that_reads_either_way_follows_the_files_other_columns(fs, admin, tmp_path):
    """Shares "1,200" alone could be 1.2; the file's "$9,952.50" shows its commas group thousands,
    and that beats a German locale, which would read "1,200" as 1.2 (found by a new user's trial)."""
    bp = {"name": "H", "sheets": [{"name": "H", "slug": "h", "fields": [
        {"key": "shares", "type": "number", "label": "Shares"}, {"key": "value", "type": "number", "label": "Value"}]}]}
    s = space_with(fs, admin, bp)
    path = write(tmp_path / "h.csv", 'Shares,Value\n"1,200","$9,952.50"\n250,$100.00\n')
    result = s.records.import_file("h", path, locale="de_DE")
    assert values(s, "h") == [{"shares": 1200, "value": 9952.5}, {"shares": 250, "value": 100}]
    assert any("as the file's other number columns write it" in n for n in result["notes"])
    alone = write(tmp_path / "alone.csv", 'Shares\n"1,200"\n250\n')
    with pytest.raises(UnsettledReading, match=r'values like 1,200 read either way'):
        s.records.import_file("h", alone)  # nothing else in the file says, and no locale


def test_a_cell_that_does_not_fit_its_column_is_kept_with_one_error(fs, admin, tmp_path):
    s = space_with(fs, admin, {"name": "W", "sheets": [{"name": "D", "slug": "d", "fields": [
        {"key": "day", "type": "date"}, {"key": "n", "type": "number"}]}]})
    path = write(tmp_path / "eu.csv", "day;n\n13/01/2020;1,5\n14/01/2020;3\n01/13/2020;2,5\n31/02/2020;abc\nNA;-\n")
    result = s.records.import_file("d", path)
    assert (result["imported"], result["error"]) == (5, 2)
    recs = s.records.list("d")
    assert [r.values["day"] for r in recs[:2]] == ["2020-01-13", "2020-01-14"]
    assert recs[2].values == {"day": "01/13/2020", "n": 2.5}  # never read month first in a day-first column
    assert "reads only month first" in recs[2].messages["day"][0]["message"]
    assert recs[3].values == {"day": "31/02/2020", "n": "abc"} and len(recs[3].messages["day"]) == 1
    assert recs[4].values == {"day": None, "n": None} and recs[4].valid


def test_the_missing_tokens_and_keep_as_text_are_the_users(fs, admin, tmp_path):
    s = space_with(fs, admin, {"name": "W", "sheets": [{"name": "D", "slug": "d", "fields": [
        {"key": "code", "type": "string"}, {"key": "n", "type": "number"}]}]})
    path = write(tmp_path / "t.csv", "code,n\nNA,NA\n-,7\n")
    s.records.import_file("d", path, missing=("",))  # only an empty cell is empty
    recs = s.records.list("d")
    assert recs[0].values == {"code": "NA", "n": "NA"} and not recs[0].valid
    assert recs[1].values == {"code": "-", "n": 7}
    s.records.import_file("d", path, missing=("NA",), columns={"n": Overrides(keep_as_text=True)})
    assert [r.values for r in s.records.list("d")][2:] == [{"code": None, "n": None}, {"code": "-", "n": 7}]


def test_the_command_line_reads_as_the_dialog_does(fs, admin, capsys, monkeypatch, tmp_path):
    s = space_with(fs, admin, ECONOMICS)
    sid = s.id
    fs.close()
    monkeypatch.setenv("LC_ALL", "C")
    code, _out, err = run_cli(capsys, "import", sid, str(REAL / "economics_us.csv"), "--sheet", "econ")
    assert code == 1 and err.count("\n") == 1
    assert 'column "Month"' in err and "--date-order" in err and "--decimal" not in err
    code, out, err = run_cli(capsys, "import", sid, str(REAL / "economics_us.csv"), "--sheet", "econ",
                             "--date-order", "MDY", "--decimal", ".")
    assert code == 0, err
    assert "300 valid, 0 with errors" in out
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # the computer's locale, when no flag says
    code, out, err = run_cli(capsys, "import", sid, str(REAL / "economics_us.csv"), "--sheet", "econ")
    assert code == 0 and "600 valid" in out, err
    small = write(tmp_path / "na.csv", "Month,Personal consumption ($bn)\n07/01/1967,NA\n")
    code, out, err = run_cli(capsys, "import", sid, str(small), "--sheet", "econ", "--null", "")
    assert code == 0 and "600 valid, 1 with errors" in out, err  # "NA" is text when no token says otherwise


def test_the_command_line_chooses_a_reading_per_column(fs, admin, capsys, monkeypatch, tmp_path):
    s = space_with(fs, admin, ECONOMICS)
    sid = s.id
    fs.close()
    monkeypatch.setenv("LC_ALL", "C")
    code, _out, err = run_cli(capsys, "import", sid, str(REAL / "economics_us.csv"), "--sheet", "econ",
                              "--decimal", ".")
    assert code == 1 and "--read month=DMY|MDY|YMD for this column" in err
    # each column its own way: the month month first, the population (wrongly, to show it) with a
    # decimal comma, the unemployed with a point, the savings rate as percentages
    code, out, err = run_cli(capsys, "import", sid, str(REAL / "economics_us.csv"), "--sheet", "econ",
                             "--read", "month=MDY", "--read", "pop=,", "--read", "unemploy=.",
                             "--read", "psavert=percent", "--json")
    assert code == 0, err
    rows = [r.values for r in fs.open(admin, sid).records.list("econ", limit=2)]
    assert rows[0]["month"] == "1967-07-01" and rows[0]["psavert"] == 12.6
    assert rows[0]["pop"] == 198.712  # read with a decimal comma, as chosen
    code, _out, err = run_cli(capsys, "import", sid, str(REAL / "economics_us.csv"), "--sheet", "econ",
                              "--read", "month=MDY", "--read", "pop=sideways")
    assert code == 1 and '"sideways" is not a way to read a column' in err and err.count("\n") == 1
    code, _out, err = run_cli(capsys, "import", sid, str(REAL / "economics_us.csv"), "--sheet", "econ",
                              "--date-order", "MDY", "--decimal", ".", "--read", "month=boolean")
    assert code == 1 and "field month (date) cannot be read as boolean: choose date, text" in err
    code, _out, err = run_cli(capsys, "import", sid, str(REAL / "economics_us.csv"), "--sheet", "econ",
                              "--date-order", "MDY", "--decimal", ".", "--read", "nosuch=text")
    assert code == 1 and "no column of the file is mapped to nosuch" in err


def _people(threshold=None):
    sheet = {"name": "People", "slug": "people", "fields": [
        {"key": "first_name", "type": "string", "label": "First Name"}, {"key": "email", "type": "string"}]}
    if threshold is not None:
        sheet["mappingConfidenceThreshold"] = threshold
    return {"name": "P", "sheets": [sheet]}


def test_without_a_mapping_file_the_suggestions_sure_enough_are_taken(fs, admin, tmp_path):
    path = write(tmp_path / "p.csv", "First,E-mail\nAda,ada@example.com\n")
    s = space_with(fs, admin, _people())
    result = s.records.import_file("people", path)
    assert result["columns"] == {"First": "first_name", "E-mail": "email"}
    assert s.records.list("people")[0].values == {"first_name": "Ada", "email": "ada@example.com"}
    strict = space_with(fs, admin, _people(threshold=0.99))  # the sheet's mappingConfidenceThreshold
    assert strict.records.import_file("people", path)["columns"] == {"E-mail": "email"}


def test_a_threshold_outside_0_to_1_is_refused_where_it_is_written(fs, admin):
    from flatspace_desktop.domain.errors import BlueprintError

    sid = fs.create_space(admin, "T")["id"]
    with pytest.raises(BlueprintError, match=r"mappingConfidenceThreshold.*between 0 and 1"):
        fs.open(admin, sid).workbooks.create(_people(threshold=80))


def test_yes_no_words_percentages_and_amounts_where_the_field_is_a_boolean_or_number(fs, admin, tmp_path):
    s = space_with(fs, admin, {"name": "W", "sheets": [{"name": "D", "slug": "d", "fields": [
        {"key": "active", "type": "boolean"}, {"key": "share", "type": "number"},
        {"key": "price", "type": "number"}]}]})
    path = write(tmp_path / "de.csv", "active;share;price\nja;12,5 %;1.234,50 €\nnein;7 %;99,00 €\nvielleicht;3 %;-\n")
    result = s.records.import_file("d", path)
    recs = s.records.list("d")
    assert [r.values for r in recs[:2]] == [{"active": True, "share": 12.5, "price": 1234.5},
                                          {"active": False, "share": 7, "price": 99}]
    assert recs[2].values == {"active": "vielleicht", "share": 3, "price": None} and result["error"] == 1


def test_read_in_a_second_process_the_file_is_surveyed_there_with_the_same_outcome(fs, admin):
    """The reading process makes the plan itself (its survey never competes with the window):
    the question a column leaves open comes back with its setting and field, and the answer
    reads the file as it does in one process."""
    s = space_with(fs, admin, ECONOMICS)
    with pytest.raises(UnsettledReading) as refused:
        s.records.import_file("econ", REAL / "economics_us.csv", parallel=True)
    assert (refused.value.setting, refused.value.field) == ("date_order", "month")
    assert s.records.counts("econ")["total"] == 0
    apart = s.records.import_file("econ", REAL / "economics_us.csv", locale="en_US", parallel=True)
    s2 = space_with(fs, admin, ECONOMICS)
    here = s2.records.import_file("econ", REAL / "economics_us.csv", locale="en_US", parallel=False)
    assert values(s, "econ", 1000) == values(s2, "econ", 1000) and apart["notes"] == here["notes"]
    assert apart["error"] == 0 and apart["imported"] == here["imported"] == 300
