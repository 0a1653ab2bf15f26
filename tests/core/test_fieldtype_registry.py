"""Issue 14: a new field type is one module (tests/rating_type.py) plus one registry line.
Once registered, blueprints take it, imports and edits cast with it and flag what it refuses,
exports and the grid's text show it; unregistered, it is unknown again."""

import csv
import json

import pytest

from rating_type import RATING
from support import write
from flatspace_desktop.domain import limits
from flatspace_desktop.domain.blueprint import FIELD_TYPES, parse_blueprint
from flatspace_desktop.domain.cells import display_text, make_caster, make_shower, public_value
from flatspace_desktop.domain.errors import BlueprintError
from flatspace_desktop.domain.rowcast import compile_row_caster
from flatspace_desktop.domain import values
from flatspace_desktop.domain.fieldtypes import REGISTRY, FieldType, field_type, register, unregister


@pytest.fixture
def rating():
    register(RATING)  # the registry line
    yield RATING
    unregister("rating")


def films(config=None) -> dict:
    stars = {"key": "stars", "type": "rating", "label": "Stars"}
    if config is not None:
        stars["config"] = config
    return {"name": "Films", "sheets": [{"name": "Films", "slug": "films", "fields": [
        {"key": "title", "type": "string"}, stars]}]}


def test_a_blueprint_with_the_new_type_loads_with_its_config(rating):
    assert parse_blueprint(films()).sheets[0].field("stars").settings == {"max": 5}
    f = parse_blueprint(films({"max": 3})).sheets[0].field("stars")
    assert f.kind is RATING and f.settings == {"max": 3} and not f.is_list
    for config, error in (({"max": 11}, "sheets[0].fields[1].config.max: must be between 1 and 10"),
                          ({"max": "five"}, "sheets[0].fields[1].config.max: expected a whole number, found a string")):
        with pytest.raises(BlueprintError) as e:
            parse_blueprint(films(config))
        assert str(e.value) == error


def test_unregistered_it_is_an_unknown_type_and_the_built_in_ones_stay():
    assert "rating" not in REGISTRY and tuple(REGISTRY) == FIELD_TYPES
    with pytest.raises(BlueprintError) as e:
        parse_blueprint(films())
    assert str(e.value) == ('sheets[0].fields[1].type: unknown type "rating" (known types: string, number, boolean, '
                            'date, enum, reference, string-list, enum-list, reference-list)')
    with pytest.raises(KeyError, match='no field type "rating"'):
        field_type("rating")


def test_registering_refuses_a_taken_name_or_an_editor_the_window_lacks(rating):
    with pytest.raises(ValueError, match='"rating" is registered already'):
        register(RATING)

    class Slider(FieldType):
        names = ("slider",)
        editor = "slider"
    with pytest.raises(ValueError, match='editor "slider" is not one of text, number, date, choice, check'):
        register(Slider())
    assert "slider" not in REGISTRY


def test_an_import_casts_it_and_flags_what_is_not_a_rating(rating, fs, admin, tmp_path):
    sid = fs.create_space(admin, "Films", blueprint=films())["id"]
    fs.open(admin, sid).records.import_file("films", write(tmp_path / "films.csv",
                                              "title,stars\nAlien,5\nBrazil,7\nCasablanca,two\nDune,\nE.T.,1\n"))
    recs = fs.open(admin, sid).records.list("films")
    assert [r.values["stars"] for r in recs] == [5, "7", "two", None, 1]
    assert [[m["message"] for m in r.messages.get("stars", [])] for r in recs] == [
        [], ['"7" is not a rating from 1 to 5'], ['"two" is not a rating from 1 to 5'], [], []]
    fs.open(admin, sid).records.update("films", {recs[1].rid: {"stars": "4"}})  # an edit casts with it too
    fixed = fs.open(admin, sid).records.list("films")[1]
    assert fixed.values["stars"] == 4 and not fixed.messages


def test_display_and_exports_show_it(rating, fs, admin, tmp_path):
    f = parse_blueprint(films()).sheets[0].field("stars")
    assert (display_text(f, 4), public_value(f, 4), make_shower(f)(4), make_shower(f)("7")) == ("4", 4, "★★★★☆", "7")
    sid = fs.create_space(admin, "Films", blueprint=films())["id"]
    fs.open(admin, sid).records.import_file("films", write(tmp_path / "films.csv", "title,stars\nAlien,4\nBrazil,7\n"))
    fs.open(admin, sid).records.export("films", tmp_path / "out.csv", "csv")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == [["title", "Stars"], ["Alien", "4"], ["Brazil", "7"]]
    fs.open(admin, sid).records.export("films", tmp_path / "out.json", "json")
    rows = json.loads((tmp_path / "out.json").read_text())
    assert [r["values"]["stars"]["value"] for r in rows] == [4, "7"]
    assert [r["values"]["stars"]["valid"] for r in rows] == [True, False]
    fs.open(admin, sid).records.export("films", tmp_path / "out.xlsx", "xlsx")
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(tmp_path / "out.xlsx")).get_sheet_by_index(0).to_python()
    assert [row[1] for row in sheet] == ["Stars", 4, "7"]  # a number where it is one


def test_its_fast_path_casts_exactly_as_its_caster(rating):
    fields = parse_blueprint(films({"max": 3})).sheets[0].fields
    samples = ["1", "3", "4", "0", " 2", "2.0", "two", "", None, 2, 2.0, True, "3 "]
    fast_sink, slow_sink = [], []
    cast_row = compile_row_caster(fields, fast_sink)
    slow = [make_caster(f, slow_sink) for f in fields]
    for sample in samples:
        got = cast_row(["t", sample], 1)[2:]
        want = tuple(c(v) for c, v in zip(slow, ["t", sample]))
        assert [(type(v), v) for v in got] == [(type(v), v) for v in want], sample
        assert fast_sink == slow_sink, sample
        fast_sink.clear()
        slow_sink.clear()


def test_the_domain_holds_whole_numbers_as_the_core_stores_them():
    # domain.values keeps its own copy: core.limits imports sqlite3, which the domain may not.
    assert (values.INT_MIN, values.INT_MAX, values.INT_DIGITS) == (limits.INT_MIN, limits.INT_MAX, limits.INT_DIGITS)
