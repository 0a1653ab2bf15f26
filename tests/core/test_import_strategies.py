"""What an import does with the records already there: add, update by key (upsert), replace;
leaving out invalid records; a review before anything is written; the same file twice."""

import pytest

from flatspace_desktop.domain.errors import InvalidInput
from support import ROOT, run_cli, write

from realworld_blueprints import WEATHER
from test_import_reading import space_with, values

WEATHER_EU = ROOT / "tests" / "data" / "realworld" / "seattle_weather_eu.csv"


def eu_copy(tmp_path, edit=None, extra=""):
    """The European weather file, as Excel on Windows wrote it, perhaps with a cell changed."""
    text = WEATHER_EU.read_bytes().decode("cp1252")
    if edit:
        text = text.replace(*edit)
    path = tmp_path / "weather_again.csv"
    path.write_bytes((text + extra).encode("cp1252"))
    return path


def test_the_same_file_again_by_key_adds_nothing_and_updates_what_changed(fs, admin, tmp_path):
    s = space_with(fs, admin, WEATHER)
    s.records.import_file("days", WEATHER_EU)
    again = s.records.import_file("days", WEATHER_EU, existing="update", update_by=["date"])
    assert (again["imported"], again["updated"], again["total"]) == (0, 300, 300)
    assert again["importedBefore"] and "the same file" in again["notes"][0]
    # 2 January had 10,9 mm; the corrected file says 11,2 and brings a day more
    changed = eu_copy(tmp_path, ("02/01/2012;10,9;", "02/01/2012;11,2;"), "27/10/2012;0,0;15,0;8,0;2,0;sun\r\n")
    result = s.records.import_file("days", changed, existing="update", update_by=["date"])
    assert (result["imported"], result["updated"], result["total"]) == (1, 300, 301)
    rows = values(s, "days")
    assert rows[1]["precipitation"] == 11.2 and rows[1]["date"] == "2012-01-02"
    assert rows[-1]["date"] == "2012-10-27"
    assert [r["date"] for r in rows].count("2012-01-02") == 1


def test_replace_takes_the_files_records_instead_with_a_snapshot_first(fs, admin, tmp_path):
    s = space_with(fs, admin, WEATHER)
    s.records.import_file("days", WEATHER_EU)
    short = write(tmp_path / "two.csv", "Datum;Wetter\n13/01/2013;sun\n14/01/2013;rain\n")
    result = s.records.import_file("days", short, existing="replace")
    assert (result["imported"], result["removed"], result["total"]) == (2, 300, 2)
    assert "before importing two.csv into days" in [snap["reason"] for snap in s.history.list()]


def test_only_valid_leaves_out_the_invalid_records(fs, admin, tmp_path):
    s = space_with(fs, admin, WEATHER)
    path = write(tmp_path / "w.csv", "Datum;Wind (m/s);Wetter\n13/01/2013;2,5;sun\n14/01/2013;windy;rain\n"
                                     "15/01/2013;3,0;hail\n")
    result = s.records.import_file("days", path, only_valid=True)
    assert (result["imported"], result["leftOut"], result["total"], result["error"]) == (1, 2, 1, 0)


def test_a_dry_run_reviews_the_whole_file_and_changes_nothing(fs, admin, tmp_path):
    s = space_with(fs, admin, WEATHER)
    s.records.import_file("days", WEATHER_EU)
    snapshots = len(s.history.list())
    path = write(tmp_path / "w.csv", "Datum;Wind (m/s);Wetter\n13/01/2013;2,5;sun\n14/01/2013;windy;rain\n"
                                     "15/01/2013;calm;hail\n")
    result = s.records.import_file("days", path, dry_run=True)
    review = result["review"]
    assert (review["records"], review["valid"], review["invalid"]) == (3, 1, 2)
    assert review["errorsByField"] == {"wind": 2, "weather": 1}
    assert {(e["field"], e["count"]) for e in review["topErrors"]} == {("wind", 1), ("weather", 1)}
    assert len(review["topErrors"]) == 3  # "windy", "calm", "hail": each message with its count
    assert s.records.counts("days")["total"] == 300 and len(s.history.list()) == snapshots
    assert not s.records.import_file("days", path, dry_run=True)["importedBefore"]  # nothing was recorded


def test_updating_by_a_unique_key_is_not_a_duplicate(fs, admin, tmp_path):
    bp = {"name": "P", "sheets": [{"name": "People", "slug": "people", "fields": [
        {"key": "email", "type": "string", "constraints": [{"type": "unique"}]},
        {"key": "name", "type": "string", "constraints": [{"type": "required"}]}]}]}
    s = space_with(fs, admin, bp)
    s.records.import_file("people", write(tmp_path / "a.csv", "email,name\nada@x.org,Ada\nbo@x.org,Bo\n"))
    result = s.records.import_file("people", write(tmp_path / "b.csv", "email,name\nada@x.org,Ada L.\ncy@x.org,\n"),
                                   existing="update", update_by=["email"], only_valid=True)
    assert (result["updated"], result["imported"], result["leftOut"], result["error"]) == (1, 0, 1, 0)
    assert values(s, "people") == [{"email": "ada@x.org", "name": "Ada L."}, {"email": "bo@x.org", "name": "Bo"}]


def test_a_key_must_be_a_mapped_field(fs, admin, tmp_path):
    s = space_with(fs, admin, WEATHER)
    with pytest.raises(InvalidInput, match="map a column of the file to it"):
        s.records.import_file("days", write(tmp_path / "w.csv", "Wetter\nsun\n"), existing="update",
                              update_by=["date"])
    with pytest.raises(InvalidInput, match="key fields to update by"):
        s.records.import_file("days", WEATHER_EU, existing="update")
    assert s.records.counts("days")["total"] == 0


def test_the_command_line_updates_replaces_and_reviews(fs, admin, capsys, tmp_path):
    s = space_with(fs, admin, WEATHER)
    sid = s.id
    fs.close()
    args = ("import", sid, str(WEATHER_EU), "--sheet", "days")
    assert run_cli(capsys, *args)[0] == 0
    code, out, err = run_cli(capsys, *args, "--update-by", "date")
    assert code == 0 and "imported 0 records into days, updated 300; the sheet now holds 300" in out, err
    assert "note: the same file (same content) was imported into days before" in out
    bad = write(tmp_path / "w.csv", "Datum;Wind (m/s);Wetter\n13/01/2013;windy;sun\n")
    code, out, err = run_cli(capsys, "import", sid, str(bad), "--sheet", "days", "--dry-run")
    assert code == 0 and "would import 1 records into days: 0 valid, 1 invalid (nothing was changed)" in out
    assert '1  wind: "windy" is not a number' in out
    code, out, err = run_cli(capsys, "import", sid, str(bad), "--sheet", "days", "--replace")
    assert code == 0 and "replacing 300" in out and "holds 1: 0 valid, 1 with errors" in out
    with pytest.raises(SystemExit) as stop:
        run_cli(capsys, *args, "--update-by", "date", "--replace")
    assert stop.value.code == 2 and "not allowed with" in capsys.readouterr().err
