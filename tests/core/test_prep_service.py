"""The preparation tools on the service layer, on real public data (vega_datasets: cars, US
airport cities; tests/data/realworld/prep/README.md): each change is one write with a snapshot
before it, an undo step after it and a step of the sheet's recipe, and nothing else changes."""

import pytest

from flatspace_desktop.domain.errors import InvalidInput
from flatspace_desktop.domain.prep.recipes import Recipe, Step
from flatspace_desktop.domain.records import View

from prep_data import CARS, CARS_COLUMNS, CITIES, PREP


def column(s, sheet, key):
    return [r.values[key] for r in s.records.list(sheet, limit=10_000)]


def test_a_profile_counts_a_columns_values_and_charts_numbers(cars):
    hp = cars.prep.profile("cars", "hp")
    assert (hp["records"], hp["empty"], hp["invalid"]) == (406, 6, 0)  # auto-mpg: six horsepowers missing
    assert hp["histogram"]["kind"] == "number" and sum(b["count"] for b in hp["histogram"]["bins"]) == 400
    origin = cars.prep.profile("cars", "origin")
    assert origin["top"] == [{"value": "USA", "count": 254}, {"value": "Japan", "count": 79},
                             {"value": "Europe", "count": 73}]
    assert origin["distinct"] == 3 and origin["histogram"] is None
    usa = cars.prep.profile("cars", "hp", View(search="USA"))
    assert usa["records"] < 406


def test_facet_values_follow_the_view(cars):
    facet = cars.prep.facet("cars", "origin")
    assert [(v["value"], v["count"]) for v in facet["values"]] == [("USA", 254), ("Japan", 79), ("Europe", 73)]
    assert cars.prep.facet("cars", "origin", View(search="toyota"))["values"][0]["value"] == "Japan"
    with pytest.raises(InvalidInput, match='no field "colour"'):
        cars.prep.facet("cars", "colour")


def test_clusters_merge_in_one_step_that_undoes_and_leaves_the_recipe(cities):
    found = cities.prep.clusters("cities", "city")
    st_paul = next(c for c in found if {v["value"] for v in c["values"]} == {"St Paul", "St. Paul"})
    assert st_paul["records"] == 3
    snapshots = len(cities.history.list())
    result = cities.prep.merge("cities", "city", [([v["value"] for v in st_paul["values"]], "St. Paul")])
    assert result["records"] == 2
    city = column(cities, "cities", "city")
    assert city.count("St. Paul") == 3 and "St Paul" not in city and city.count("South St Paul") == 1
    assert len(cities.history.list()) == snapshots + 1  # a snapshot before it
    assert [s.op for s in cities.prep.recipe("cities").steps] == ["mass_edit"]
    cities.undo.undo("cities")
    assert column(cities, "cities", "city").count("St Paul") == 2
    assert cities.prep.recipe("cities").steps == ()  # undone: not part of the recipe
    cities.undo.redo("cities")
    assert len(cities.prep.recipe("cities").steps) == 1


def test_a_transform_previews_without_changing_then_runs_and_undoes(cars):
    step = Step.create("change_case", {"case": "title"}, ["name"])
    before = column(cars, "cars", "name")
    preview = cars.prep.transform("cars", step, preview=True, sample=3)
    assert preview["preview"][0] == {"rid": preview["preview"][0]["rid"], "before": {"name": before[0]},
                                     "after": {"name": "Chevrolet Chevelle Malibu"}}
    assert len(preview["preview"]) == 3 and column(cars, "cars", "name") == before
    done = cars.prep.transform("cars", step)
    assert done["records"] == 406 and column(cars, "cars", "name")[0] == "Chevrolet Chevelle Malibu"
    cars.undo.undo("cars")
    assert column(cars, "cars", "name") == before


def test_a_transform_changes_only_what_it_would_store_differently(cars):
    # Every horsepower is already a number: "set" to its own text would store the same number
    hp = column(cars, "cars", "hp")
    assert cars.prep.transform("cars", Step.create("trim", {}, ["hp", "origin"]))["records"] == 0
    assert column(cars, "cars", "hp") == hp
    filled = cars.prep.transform("cars", Step.create("fill_empty", {"value": "0"}, ["hp"]))
    assert filled["cells"] == 6 and column(cars, "cars", "hp").count(0) == 6


def test_split_a_column_into_fields_on_the_current_view(cars):
    step = Step.create("split", {"separator": " ", "max_parts": 2}, ["name"], into=("make", "model"))
    done = cars.prep.transform("cars", step, View(search="toyota"))
    rows = [r.values for r in cars.records.list("cars", View(search="toyota"), limit=100)]
    assert done["records"] == len(rows) > 20
    assert {r["make"] for r in rows} <= {"toyota", "toyouta"}  # the dataset's own misspelling, kept
    assert rows[0]["model"] == rows[0]["name"].split(" ", 1)[1]
    others = [r.values for r in cars.records.list("cars", View(search="ford"), limit=100)]
    assert all(r["make"] is None for r in others)


def test_dedupe_by_name_reviews_then_merges_missing_measurements(cars):
    plan = cars.prep.dedupe("cars", ["name"], keep="merge", preview=True)
    assert plan["remove"] > 0 and cars.records.counts("cars")["total"] == 406
    done = cars.prep.dedupe("cars", ["name"], keep="merge")
    assert done["removed"] == plan["remove"]
    assert cars.records.counts("cars")["total"] == 406 - plan["remove"]
    names = column(cars, "cars", "name")
    assert len(names) == len(set(names))
    cars.undo.undo("cars")
    assert cars.records.counts("cars")["total"] == 406


def test_a_recipe_replays_on_another_sheet(cars, fs, admin):
    from flatspace_desktop.domain.mapping import Mapping

    cars.prep.transform("cars", Step.create("change_case", {"case": "upper"}, ["origin"]))
    cars.records.replace_text("cars", "chevroelt", "chevrolet", field="name")  # a find and replace is a step
    cars.records.bulk_update("cars", "model", "n/a", view=View(search="vw"))
    recipe = Recipe.loads(cars.prep.recipe("cars").dumps())
    assert [s.op for s in recipe.steps] == ["change_case", "replace", "set_value"]
    other = fs.open(admin, fs.create_space(admin, "Next delivery", blueprint=CARS)["id"])
    other.records.import_file("cars", PREP / "cars.csv", mapping=Mapping(CARS_COLUMNS))
    other.prep.apply_recipe("cars", recipe)
    for key in ("origin", "name", "model"):
        assert column(other, "cars", key) == column(cars, "cars", key)
    assert "chevroelt" not in " ".join(column(other, "cars", "name"))


def test_a_restore_ends_the_recipe_at_the_snapshot(cities):
    assert cities.prep.transform("cities", Step.create("change_case", {"case": "upper"}, ["state"]))["records"] == 0
    assert cities.prep.recipe("cities").steps == ()  # a change of nothing is no step (and no snapshot)
    cities.prep.transform("cities", Step.create("change_case", {"case": "lower"}, ["state"]))
    cities.prep.transform("cities", Step.create("change_case", {"case": "lower"}, ["city"]))
    snap = cities.history.list()[0]  # taken before the second step
    assert len(cities.prep.recipe("cities").steps) == 2
    cities.history.restore(snap["id"], sheet="cities")
    assert [s.fields for s in cities.prep.recipe("cities").steps] == [("state",)]


def test_facets_pick_values_or_a_range_and_combine_with_the_search(cars):
    from flatspace_desktop.domain.records import Facet

    japan = View(facets=(Facet("origin", ("Japan",)),))
    assert cars.records.counts("cars", japan)["total"] == 79
    two = View(facets=(Facet("origin", ("Japan", "Europe")),))
    assert cars.records.counts("cars", two)["total"] == 152
    strong = View(facets=(Facet("hp", (), 150, None),))
    hp = [h for h in column(cars, "cars", "hp") if h is not None]
    assert cars.records.counts("cars", strong)["total"] == sum(h >= 150 for h in hp)
    both = View(search="ford", facets=(Facet("hp", (), "150", None), Facet("origin", ("USA",))))  # "150" as typed
    assert all(r.values["hp"] >= 150 and "ford" in r.values["name"] for r in cars.records.list("cars", both))
    missing = View(facets=(Facet("hp", (None,)),))
    assert cars.records.counts("cars", missing)["total"] == 6
    seventies = View(facets=(Facet("year", (), "1970-01-01", "1972-01-01"),))
    assert {r.values["year"][:4] for r in cars.records.list("cars", seventies, limit=500)} == {"1970", "1971"}
    # a transform on the facet's records only, and the recipe says which
    cars.prep.transform("cars", Step.create("set_value", {"value": "Nippon"}, ["origin"]), japan)
    assert cars.prep.facet("cars", "origin")["values"][1] == {"value": "Nippon", "count": 79, "invalid": 0}
    step = cars.prep.recipe("cars").steps[0]
    assert Step.from_json(step.to_json()).view == (("facets", (Facet("origin", ("Japan",)),)),)


DATES = {"name": "D", "sheets": [{"name": "Days", "slug": "days", "fields": [
    {"key": "joined", "type": "date", "label": "Joined"}, {"key": "d", "type": "string", "label": "Written"},
    {"key": "n", "type": "number", "label": "N"}]}]}


@pytest.fixture
def days(fs, admin, tmp_path):
    sid = fs.create_space(admin, "Days", blueprint=DATES)["id"]
    s = fs.open(admin, sid)
    s.records.add("days", [{"joined": "2021-04-03", "d": "15/12/2020", "n": 1},
                           {"joined": "2021-05-06", "d": "03/04/2021", "n": 2},
                           {"joined": "2021-12-25", "d": "2021-07-08", "n": 3}])
    return s


def test_reformatting_dates_reads_the_whole_column_one_way(days):
    """Found by a new user's trial: "auto" read 15/12/2020 day first and 03/04/2021 month first."""
    days.prep.transform("days", Step.create("reformat_date", {"format": "%d %b %Y"}, ["d"]))
    assert column(days, "days", "d") == ["15 Dec 2020", "03 Apr 2021", "08 Jul 2021"]  # DMY: 15/12 says so


def test_dates_that_read_either_way_ask_for_the_order(days):
    days.records.update("days", {1: {"d": "05/06/2021"}})  # now no day is over 12
    with pytest.raises(InvalidInput, match=r"read either way .*choose the order"):
        days.prep.transform("days", Step.create("reformat_date", {}, ["d"]), preview=True)
    days.prep.transform("days", Step.create("reformat_date", {"order": "MDY"}, ["d"]))
    assert column(days, "days", "d") == ["2021-05-06", "2021-03-04", "2021-07-08"]
    assert days.prep.recipe("days").steps[0].params["order"] == "MDY"


def test_a_date_field_keeps_its_dates_and_a_preview_shows_what_is_stored(days):
    """Found by a new user's trial: reformatting a date field as %d.%m.%Y previewed 03.04.2021
    but stored 2021-03-04 (read back month first)."""
    with pytest.raises(InvalidInput, match="a date field keeps its dates as dates"):
        days.prep.transform("days", Step.create("reformat_date", {"format": "%d.%m.%Y"}, ["joined"]))
    assert column(days, "days", "joined") == ["2021-04-03", "2021-05-06", "2021-12-25"]
    preview = days.prep.transform("days", Step.create("set_value", {"value": "0012"}, ["n"]), preview=True)
    assert [p["after"]["n"] for p in preview["preview"]] == [12, 12, 12]  # as the number field stores it
    days.prep.transform("days", Step.create("set_value", {"value": "0012"}, ["n"]))
    assert column(days, "days", "n") == [12, 12, 12]


def test_a_recipe_with_a_step_on_a_missing_field_changes_nothing_and_names_the_step(cars):
    recipe = Recipe.from_json({"version": 1, "steps": [
        {"op": "trim", "fields": ["name"]}, {"op": "change_case", "params": {"case": "upper"}, "fields": ["colour"]}]})
    before = column(cars, "cars", "name")
    with pytest.raises(InvalidInput, match=r'step 2 \(change case: colour\): no field "colour".*nothing was changed'):
        cars.prep.apply_recipe("cars", recipe)
    assert column(cars, "cars", "name") == before and cars.prep.recipe("cars").steps == ()


def test_extract_keeps_what_it_does_not_match_unless_told(cars):
    keep = cars.prep.transform("cars", Step.create("extract", {"pattern": r"^(\w+) \(sw\)$"}, ["name"]), preview=True)
    assert keep["preview"] == []  # "(sw)" names only would change, and none is that short
    step = Step.create("extract", {"pattern": r"^(toyota|datsun)\b"}, ["name"], into=("make",))
    cars.prep.transform("cars", step)
    makes = column(cars, "cars", "make")
    assert makes.count("toyota") > 20 and makes.count(None) == 406 - makes.count("toyota") - makes.count("datsun")
    emptied = Step.create("extract", {"pattern": r"^(toyota|datsun)\b", "keep_unmatched": False}, ["name"],
                          into=("model",))
    cars.prep.transform("cars", emptied)
    assert column(cars, "cars", "model").count(None) == 406 - makes.count("toyota") - makes.count("datsun")


def test_a_profile_counts_the_invalid_cells_of_a_column(fs, admin, sample_space):
    s = fs.open(admin, sample_space)
    seats = s.prep.profile("contacts", "seats")
    assert seats["invalid"] == 1  # "three", as the sample's grid shows it in red
    assert s.prep.facet("contacts", "seats")["values"][-1]["invalid"] in (0, 1)
    assert any(v["invalid"] == 1 and v["value"] == "three" for v in s.prep.facet("contacts", "seats")["values"])
    assert s.prep.profile("contacts", "firstName")["invalid"] == 0


def test_a_transform_of_thousands_of_cells_undoes_exactly(fs, admin, tmp_path):
    """Its undo step is written a chunk at a time (one json.dumps would hold the interpreter)."""
    from support import write

    sid = fs.create_space(admin, "Many", blueprint=CITIES)["id"]
    s = fs.open(admin, sid)
    rows = "\n".join(f"City {i} ,S{i % 50}" for i in range(12_000))
    s.records.import_file("cities", write(tmp_path / "many.csv", "city,state\n" + rows + "\n"))
    before = column(s, "cities", "city")
    done = s.prep.transform("cities", Step.create("trim", {}, ["city"]))
    assert done["cells"] == 12_000 and column(s, "cities", "city")[0] == "City 0"
    s.undo.undo("cities")
    assert column(s, "cities", "city") == before


def test_reformatting_says_which_values_it_leaves_as_they_are(days):
    """Found by a new user's trial: 04/13/2021 in a day-first column was left silently."""
    days.records.add("days", [{"d": "04/13/2021"}, {"d": "no date"}])
    step = Step.create("reformat_date", {"order": "DMY"}, ["d"])
    preview = days.prep.transform("days", step, preview=True)
    assert preview["unread"] == {"records": 2, "examples": preview["unread"]["examples"]}
    assert set(preview["unread"]["examples"]) == {"04/13/2021", "no date"}
    done = days.prep.transform("days", step)
    assert done["unread"]["records"] == 2 and "04/13/2021" in column(days, "days", "d")


def test_a_change_too_big_to_keep_undoes_by_its_snapshot_when_nothing_followed_it(cars, monkeypatch):
    """At 1M a transform changes more cells than undo keeps as values: undo then restores the
    sheet to the snapshot taken before it, but only if nothing else changed the sheet since."""
    from flatspace_desktop.services import prep

    monkeypatch.setattr(prep, "MAX_CELLS", 50)  # the cars' 152 non-American origins are "too many"
    before = column(cars, "cars", "origin")
    cars.prep.transform("cars", Step.create("change_case", {"case": "upper"}, ["origin"]))
    cars.views.save("cars", "Japan", View(search="japan"))  # a saved view changes no record
    assert cars.undo.history("cars")[-1]["undoable"]
    done = cars.undo.undo("cars")
    assert done["ops"] == ["restore"] and column(cars, "cars", "origin") == before
    assert cars.prep.recipe("cars").steps == ()  # the restore ended the recipe there too
    after = [v.upper() if v else v for v in before]
    redone = cars.undo.redo("cars")  # the snapshot taken before the undo: the change again
    assert redone["undone"] is False and column(cars, "cars", "origin") == after
    assert [s.op for s in cars.prep.recipe("cars").steps] == ["change_case"]
    cars.undo.undo("cars")  # and back, as often as one likes
    assert column(cars, "cars", "origin") == before
    cars.undo.redo("cars")
    assert column(cars, "cars", "origin") == after and cars.undo.next("cars", redo=True) is None


def test_two_big_changes_in_a_row_both_undo_and_redo(cars, monkeypatch):
    """Found by a new user's trial: undoing the second of two big changes lost the first's step."""
    from flatspace_desktop.services import prep

    monkeypatch.setattr(prep, "MAX_CELLS", 50)
    names, origins = column(cars, "cars", "name"), column(cars, "cars", "origin")
    cars.prep.transform("cars", Step.create("change_case", {"case": "upper"}, ["name"]))
    cars.prep.transform("cars", Step.create("change_case", {"case": "upper"}, ["origin"]))
    ids = [h["id"] for h in cars.undo.history("cars")]
    cars.undo.undo("cars")
    cars.undo.undo("cars")
    assert column(cars, "cars", "name") == names and column(cars, "cars", "origin") == origins
    assert [h["id"] for h in cars.undo.history("cars")] == ids  # the same steps, both undone
    cars.undo.redo("cars")
    cars.undo.redo("cars")
    assert column(cars, "cars", "origin") == [v.upper() if v else v for v in origins]
    assert [s.op for s in cars.prep.recipe("cars").steps] == ["change_case", "change_case"]


def test_a_big_change_undone_is_not_redone_over_a_later_edit(cars, monkeypatch):
    from flatspace_desktop.services import prep

    monkeypatch.setattr(prep, "MAX_CELLS", 50)
    cars.prep.transform("cars", Step.create("change_case", {"case": "upper"}, ["origin"]))
    cars.undo.undo("cars")
    rid = cars.records.list("cars", limit=1)[0].rid
    cars.records.update("cars", {rid: {"name": "a fix made after the undo"}})
    assert cars.undo.next("cars", redo=True) is None  # the edit is a new step: redo has gone
    assert cars.records.list("cars", limit=1)[0].values["name"] == "a fix made after the undo"


def test_a_big_change_followed_by_another_is_not_undone_by_its_snapshot(cars, fs, monkeypatch):
    from flatspace_desktop.domain.access import Actor
    from flatspace_desktop.services import prep

    monkeypatch.setattr(prep, "MAX_CELLS", 50)
    cars.prep.transform("cars", Step.create("change_case", {"case": "upper"}, ["origin"]))
    rid = cars.records.list("cars", limit=1)[0].rid
    cars.records.update("cars", {rid: {"name": "my fix, undone"}})
    cars.undo.undo("cars")  # an edit undone leaves the sheet as the big change left it
    other = fs.open(Actor("admin:bo", "Bo"), cars.id)
    other.records.update("cars", {rid: {"name": "someone else's fix"}})
    with pytest.raises(InvalidInput, match="was followed by other changes to cars: restore the snapshot"):
        cars.undo.undo("cars")  # it would take Bo's fix back with it
    assert column(cars, "cars", "name")[0] == "someone else's fix" and "JAPAN" in column(cars, "cars", "origin")
    other.undo.undo("cars")
    cars.undo.undo("cars")  # Bo's fix undone too (an undo is no later change): found by a new user's trial
    assert "JAPAN" not in column(cars, "cars", "origin")
