"""`flatspace profile|facet|cluster|transform|dedupe|recipe` on real public data: the window's
operations for scripts, with --json, and one clear line for a bad step."""

import json

from support import run_cli, run_cli_json
from prep_data import PREP


def test_profile_and_facet_print_counts_and_json(cars, capsys):
    sid = cars.id
    code, out, _ = run_cli(capsys, "profile", sid, "cars", "hp")
    assert code == 0 and "406 records, 6 empty" in out and "#" in out  # the histogram's bars
    got = run_cli_json(capsys, "profile", sid, "cars", "origin", "--top", "2")
    assert [t["value"] for t in got["top"]] == ["USA", "Japan"]
    got = run_cli_json(capsys, "facet", sid, "cars", "origin", "--search", "toyota")
    assert got["values"][0] == {"value": "Japan", "count": got["records"], "invalid": 0}


def test_cluster_merge_then_undo_from_the_command_line(cities, capsys):
    sid = cities.id
    code, out, _ = run_cli(capsys, "cluster", sid, "cities", "city")
    assert code == 0 and "'St. Paul' (1)" in out and "nothing" not in out
    got = run_cli_json(capsys, "cluster", sid, "cities", "city", "--merge")
    assert got["merged"]["records"] >= 4
    steps = run_cli_json(capsys, "recipe", "show", sid, "cities")
    assert [r["step"]["op"] for r in steps] == ["map", "mass_edit"]  # the import's mapping, then the merge
    assert run_cli(capsys, "undo", sid, "--sheet", "cities")[0] == 0
    assert [r["step"]["op"] for r in run_cli_json(capsys, "recipe", "show", sid, "cities")] == ["map"]


def test_transform_previews_runs_and_refuses_a_bad_step_in_one_line(cars, capsys):
    sid = cars.id
    code, out, _ = run_cli(capsys, "transform", sid, "cars", "change_case", "--field", "name", "--param",
                           "case=title", "--preview", "--sample", "2")
    assert code == 0 and "Chevrolet Chevelle Malibu" in out and "nothing was changed" in out
    assert cars.records.list("cars", limit=1)[0].values["name"] == "chevrolet chevelle malibu"
    got = run_cli_json(capsys, "transform", sid, "cars", "split", "--field", "name", "--into", "make",
                       "--into", "model", "--params", '{"separator": " ", "max_parts": 2}')
    assert got["records"] == 406
    code, _out, err = run_cli(capsys, "transform", sid, "cars", "replace", "--field", "name",
                              "--param", "pattern=(a+)+$")
    assert code != 0 and err.count("\n") == 1 and "pattern" in err
    code, _out, err = run_cli(capsys, "transform", sid, "cars", "trim", "--field", "colour")
    assert code != 0 and 'no field "colour"' in err


def test_dedupe_and_a_recipe_saved_and_applied_elsewhere(cars, fs, admin, capsys, tmp_path):
    from prep_data import CARS, CARS_COLUMNS
    from flatspace_desktop.domain.mapping import Mapping

    sid = cars.id
    preview = run_cli_json(capsys, "dedupe", sid, "cars", "--key", "name", "--keep", "merge", "--preview")
    assert preview["remove"] > 0 and preview["preview"] is True
    done = run_cli_json(capsys, "dedupe", sid, "cars", "--key", "name", "--keep", "merge")
    assert done["removed"] == preview["remove"]
    run_cli_json(capsys, "transform", sid, "cars", "change_case", "--field", "origin", "--param", "case=lower",
                 "--search", "japan")
    recipe = tmp_path / "cars-recipe.json"
    assert run_cli_json(capsys, "recipe", "save", sid, "cars", str(recipe))["steps"] == 2
    steps = json.loads(recipe.read_text())["steps"]
    assert [s["op"] for s in steps] == ["dedupe", "change_case"] and steps[1]["view"] == {"search": "japan"}
    other = fs.open(admin, fs.create_space(admin, "Next", blueprint=CARS)["id"])
    other.records.import_file("cars", PREP / "cars.csv", mapping=Mapping(CARS_COLUMNS))
    run_cli_json(capsys, "recipe", "apply", other.id, "cars", str(recipe))
    assert other.records.counts("cars")["total"] == cars.records.counts("cars")["total"]
    assert other.prep.facet("cars", "origin")["values"] == cars.prep.facet("cars", "origin")["values"]
    recipe.write_text('{"version": 1, "steps": [{"op": "trim", "fields": ["name"], "colour": 1}]}')
    code, _out, err = run_cli(capsys, "recipe", "apply", sid, "cars", str(recipe))
    assert code != 0 and "steps[0].colour" in err


def test_facet_and_range_flags_pick_the_records_of_any_command(cars, capsys):
    got = run_cli_json(capsys, "facet", cars.id, "cars", "origin", "--range", "hp=150..")
    assert [v["value"] for v in got["values"]] == ["USA"]  # only American cars that strong
    listed = run_cli_json(capsys, "records", cars.id, "cars", "--facet", "origin=Japan",
                          "--facet", "origin=Europe", "--limit", "500")
    assert len(listed["records"] if isinstance(listed, dict) else listed) == 152
    code, _out, err = run_cli(capsys, "facet", cars.id, "cars", "origin", "--range", "hp=150")
    assert code != 0 and "LOW..HIGH" in err


def test_what_a_new_user_tried_gets_one_clear_line(cars, capsys):
    """From a new user's trial: ranges that are not numbers or dates, counts below one, and
    the undo a change's line points to."""
    for bad in (["facet", cars.id, "cars", "origin", "--range", "hp=abc.."],
                ["facet", cars.id, "cars", "origin", "--range", "year=1975/99/99.."],
                ["profile", cars.id, "cars", "origin", "--top", "-1"],
                ["transform", cars.id, "cars", "trim", "--field", "name", "--preview", "--sample", "0"]):
        try:
            code, _out, err = run_cli(capsys, *bad)
        except SystemExit as exc:  # refused by the command's options, as argparse does
            code, err = exc.code, capsys.readouterr().err
        assert code != 0 and "Traceback" not in err and err.strip().splitlines()[-1].startswith("flatspace"), bad
    code, out, _ = run_cli(capsys, "transform", cars.id, "cars", "change_case", "--field", "origin",
                           "--param", "case=lower")
    assert f"(undo: flatspace undo {cars.id} --sheet cars)" in out and "changed 406 cells in 406 records" in out
    code, out, _ = run_cli(capsys, "transform", cars.id, "cars", "trim", "--field", "origin", "--preview")
    assert "no record of the 406 records in view would change" in out


def test_cluster_merges_only_the_clusters_picked_into_the_value_given(cities, capsys):
    found = run_cli_json(capsys, "cluster", cities.id, "cities", "city")["clusters"]
    n = next(i for i, c in enumerate(found, 1) if {v["value"] for v in c["values"]} == {"St Paul", "St. Paul"})
    got = run_cli_json(capsys, "cluster", cities.id, "cities", "city", "--only", str(n), "--into", f"{n}=Saint Paul")
    assert got["merged"]["records"] == 3
    city = [r.values["city"] for r in cities.records.list("cities", limit=5000)]
    assert city.count("Saint Paul") == 3 and "LaFayette" in city  # the others were left alone
    code, out, _ = run_cli(capsys, "cluster", cities.id, "cities", "city", "--merge", "--preview")
    assert code == 0 and "nothing was merged" in out
    assert "LaFayette" in [r.values["city"] for r in cities.records.list("cities", limit=5000)]
    code, _out, err = run_cli(capsys, "cluster", cities.id, "cities", "city", "--only", "999")
    assert code != 0 and "no cluster 999" in err


def test_the_next_delivery_is_imported_and_prepared_in_one_command(cars, capsys, fs, admin, tmp_path):
    from prep_data import CARS

    run_cli_json(capsys, "transform", cars.id, "cars", "change_case", "--field", "origin", "--param", "case=upper")
    recipe = tmp_path / "r.json"
    run_cli_json(capsys, "recipe", "save", cars.id, "cars", str(recipe))
    other = fs.create_space(admin, "Next", blueprint=CARS)["id"]
    mapping = tmp_path / "m.json"
    mapping.write_text('{"Name": "name", "Miles_per_Gallon": "mpg", "Horsepower": "hp", "Year": "year", '
                       '"Origin": "origin"}')
    code, out, err = run_cli(capsys, "import", other, str(PREP / "cars.csv"), "--sheet", "cars", "--mapping",
                             str(mapping), "--recipe", str(recipe))
    assert code == 0, err
    assert "recipe: change case: origin: 152 records" in out  # Japan and Europe; USA was upper case
    assert fs.open(admin, other).prep.facet("cars", "origin")["values"][0]["value"] == "USA"
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _out, err = run_cli(capsys, "import", other, str(PREP / "cars.csv"), "--sheet", "cars", "--recipe", str(bad))
    assert code != 0 and "not valid JSON" in err
    assert fs.open(admin, other).records.counts("cars")["total"] == 406  # refused before importing


def test_a_recipe_maps_the_next_delivery_and_prepares_only_what_it_brought(cars, capsys, fs, admin, tmp_path):
    """The recipe keeps the import's mapping: the next file with those columns needs no
    --mapping, and the steps change the records it brought, not those already in the sheet."""
    from prep_data import CARS

    shown = run_cli_json(capsys, "recipe", "show", cars.id, "cars")
    assert [r["label"] for r in shown] == ["map the columns of cars.csv: 5 of 5 to fields"]
    run_cli_json(capsys, "transform", cars.id, "cars", "change_case", "--field", "origin", "--param", "case=upper")
    recipe = tmp_path / "r.json"
    run_cli_json(capsys, "recipe", "save", cars.id, "cars", str(recipe))
    assert json.loads(recipe.read_text())["mapping"]["columns"]["Horsepower"] == "hp"
    other = fs.create_space(admin, "Next", blueprint=CARS)["id"]
    s = fs.open(admin, other)
    s.records.add("cars", [{"name": "kept as typed", "origin": "usa"}])
    got = run_cli_json(capsys, "import", other, str(PREP / "cars.csv"), "--sheet", "cars", "--recipe", str(recipe))
    assert got["columns"]["Horsepower"] == "hp" and got["imported"] == 406  # mapped by the recipe
    assert got["recipe"][0]["records"] == 152  # Japan and Europe of the file; not the record there before
    origins = {r.values["name"]: r.values["origin"] for r in s.records.list("cars", limit=1000)}
    assert origins["kept as typed"] == "usa" and origins["toyota corolla"] == "JAPAN"
    assert [r["step"]["op"] for r in s.prep.recipe_steps("cars")] == ["map", "change_case"]


def test_a_recipe_whose_field_the_sheet_lacks_imports_nothing(cars, capsys, fs, admin, tmp_path):
    recipe = tmp_path / "r.json"
    recipe.write_text('{"version": 1, "steps": [{"op": "trim", "fields": ["colour"]}]}')
    code, _out, err = run_cli(capsys, "import", cars.id, str(PREP / "cars.csv"), "--sheet", "cars",
                              "--recipe", str(recipe))
    assert code != 0 and 'no field "colour" in cars' in err
    assert cars.records.counts("cars")["total"] == 406


def test_named_views_are_saved_listed_used_and_deleted(cars, capsys):
    sid = cars.id
    run_cli_json(capsys, "view", "save", sid, "cars", "Strong Japanese", "--facet", "origin=Japan",
                 "--range", "hp=100..", "--sort", "hp:desc")
    views = run_cli_json(capsys, "view", "list", sid, "cars")
    assert views[0]["name"] == "Strong Japanese" and views[0]["config"]["sortField"] == "hp"
    assert views[0]["config"]["facets"] == [{"key": "origin", "values": ["Japan"]}, {"key": "hp", "low": "100"}]
    listed = run_cli_json(capsys, "records", sid, "cars", "--view", "Strong Japanese", "--limit", "100")
    recs = listed["records"] if isinstance(listed, dict) else listed
    hps = [r["values"]["hp"]["value"] if isinstance(r["values"]["hp"], dict) else r["values"]["hp"] for r in recs]
    assert hps == sorted(hps, reverse=True) and min(hps) >= 100 and len(hps) > 5
    got = run_cli_json(capsys, "facet", sid, "cars", "origin", "--view", "Strong Japanese")
    assert [v["value"] for v in got["values"]] == ["Japan"]
    code, _out, err = run_cli(capsys, "records", sid, "cars", "--view", "Weak")
    assert code != 0 and 'no view "Weak"' in err and "Strong Japanese" in err
    run_cli_json(capsys, "view", "delete", sid, "cars", "Strong Japanese")
    assert run_cli_json(capsys, "view", "list", sid, "cars") == []
