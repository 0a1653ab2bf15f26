"""`flatspace profile|facet|cluster|transform|dedupe|recipe` on real public data: the window's
operations for scripts, with --json, and one clear line for a bad step."""

import json

from support import run_cli, run_cli_json
from prep_data import PREP
from test_prep_service import cars, cities  # noqa: F401 - the fixtures


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
    assert run_cli_json(capsys, "recipe", "show", sid, "cities")[0]["step"]["op"] == "mass_edit"
    assert run_cli(capsys, "undo", sid, "--sheet", "cities")[0] == 0
    assert run_cli_json(capsys, "recipe", "show", sid, "cities") == []


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
