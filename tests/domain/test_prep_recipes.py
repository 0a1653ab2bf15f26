"""Recipes: steps saved as JSON and loaded back strictly, then replayed on real rows
(vega_datasets' cars, tests/data/realworld/prep)."""

import csv
import json

import pytest

from support import DATA
from flatspace_desktop.domain.errors import InvalidInput
from flatspace_desktop.domain.prep.clusters import key_clusters, merge_edit
from flatspace_desktop.domain.prep.params import Params
from flatspace_desktop.domain.prep.recipes import OPS, Recipe, RecipeError, Step
from flatspace_desktop.domain.prep.transforms import Transform

PREP = DATA / "realworld" / "prep"


def sample_recipe() -> Recipe:
    return Recipe((
        Step.create("trim", {}, ["Name"]),
        Step.create("replace", {"pattern": r"\bAcceleration(ord)\b", "replacement": r"acc\1"}, ["Name"]),
        Step.create("split", {"separator": " ", "max_parts": 2}, ["Name"], into=["Maker", "Model"]),
        Step.create("change_case", {"case": "title"}, ["Maker"], label="Makers in title case"),
        Step.create("mass_edit", {"mapping": {"Chevroelt": "Chevrolet", "Chevy": "Chevrolet"}}, ["Maker"]),
        Step.create("reformat_date", {"order": "YMD", "format": "%Y"}, ["Year"], into=["Model year"]),
        Step.create("join", {"separator": " "}, ["Maker", "Model"], into=["Car"]),
        Step.create("fill_empty", {"value": 0}, ["Horsepower"]),
        Step.create("dedupe", {"keep": "merge", "match": "loose"}, ["Car"]),
    ))


def test_a_recipe_round_trips_through_json():
    recipe = sample_recipe()
    text = recipe.dumps()
    assert Recipe.loads(text) == recipe
    raw = json.loads(text)
    assert raw["version"] == 1 and [s["op"] for s in raw["steps"]][:3] == ["trim", "replace", "split"]
    assert raw["steps"][3]["label"] == "Makers in title case"
    assert recipe.steps[3].describe() == "Makers in title case" and recipe.steps[0].describe() == "trim: Name"


def test_replaying_a_loaded_recipe_on_real_rows():
    recipe = Recipe.loads(sample_recipe().dumps())
    with open(PREP / "cars.csv", newline="", encoding="utf-8") as f:
        rows = [dict(r) for r in csv.DictReader(f)]
    for step in recipe.steps:
        if step.action.shape == "sheet":
            continue
        run = step.runner()
        for row in rows:  # the storage layer does this in batches, with one runner per pass
            if step.action.shape == "split":
                row.update(zip(step.into, run(row[step.fields[0]])))
            elif step.action.shape == "join":
                row[step.into[0]] = run(tuple(row[f] for f in step.fields))
            else:
                for src, dst in zip(step.fields, step.into or step.fields):
                    row[dst] = run(row[src])
    first = rows[0]
    assert (first["Maker"], first["Model"], first["Car"], first["Model year"]) == (
        "Chevrolet", "chevelle malibu", "Chevrolet chevelle malibu", "1970")
    assert {r["Maker"] for r in rows} >= {"Honda", "Chevrolet"} and "Chevy" not in {r["Maker"] for r in rows}
    assert not any("Acceleration" in r["Car"] for r in rows)
    dedupe = recipe.steps[-1]
    plan = dedupe.action.plan((i, tuple(r[f] for f in dedupe.fields), r) for i, r in enumerate(rows))
    assert plan.groups > 50


def test_cluster_merges_become_a_step():
    step = Step(merge_edit(key_clusters([("St Paul", 2), ("St. Paul", 1)])), ("city",))
    assert Recipe.loads(Recipe((step,)).dumps()).steps[0].runner()("St. Paul") == "St Paul"


def steps_json(*steps) -> str:
    return json.dumps({"version": 1, "steps": [{"op": "trim", "fields": ["a"]}, *steps]})


@pytest.mark.parametrize("step, message", [
    ({"op": "replace", "params": {"pattern": "(a+)+$"}, "fields": ["a"]},
     "steps[1].params.pattern: this regular expression can take very long"),
    ({"op": "replace", "params": {"replacement": "x"}, "fields": ["a"]}, "steps[1].params.pattern: is missing"),
    ({"op": "uppercase", "fields": ["a"]}, 'steps[1].op: unknown operation "uppercase"'),
    ({"op": "trim", "params": {"collapse": 1}, "fields": ["a"]}, "steps[1].params.collapse: must be true or false"),
    ({"op": "trim", "params": {"strip": True}, "fields": ["a"]}, 'steps[1].params.strip: is not a parameter of "trim"'),
    ({"op": "trim"}, "steps[1].fields: is missing"),
    ({"op": "trim", "fields": []}, "steps[1].fields: name at least one field"),
    ({"op": "trim", "fields": ["a"], "colour": "red"}, "steps[1].colour: is not a key of a step"),
    ({"op": "split", "params": {"separator": ","}, "fields": ["a"]}, "steps[1].into: name the fields"),
    ({"op": "split", "params": {"separator": ",", "max_parts": 3}, "fields": ["a"], "into": ["b", "c"]},
     "steps[1].into: max_parts is 3 but 2 fields are named"),
    ({"op": "join", "fields": ["a", "b"]}, "steps[1].into: a join reads two or more fields into one"),
    ({"op": "dedupe", "fields": ["a"], "into": ["b"]}, 'steps[1].into: "dedupe" writes no fields'),
    ({"op": "trim", "params": [], "fields": ["a"]}, "steps[1].params: must be an object"),
    ("trim", "steps[1]: must be an object"),
])
def test_a_bad_step_fails_with_a_line_naming_it(step, message):
    with pytest.raises(InvalidInput) as e:
        Recipe.loads(steps_json(step))
    assert str(e.value).startswith(message) and "\n" not in str(e.value)


@pytest.mark.parametrize("text, message", [
    ("{", "the recipe is not valid JSON"),
    ("[]", "a recipe is a JSON object"),
    ('{"version": 2, "steps": []}', "version: the recipe was written by a newer Flatspace"),
    ('{"version": "1", "steps": []}', "version: must be a whole number"),
    ('{"version": 1}', "steps: must be a list"),
    ('{"version": 1, "steps": [], "author": "x"}', "author: is not a key of a recipe"),
    ('{"version": 1, "steps": [], "mapping": {"columns": {"Name": 3}}}', 'mapping: "columns" must map headers'),
])
def test_a_bad_recipe_fails_with_one_line(text, message):
    with pytest.raises(RecipeError, match="^" + message.replace("(", r"\(")):
        Recipe.loads(text)


def test_every_registered_op_is_a_frozen_parameter_object():
    assert {"trim", "change_case", "split", "join", "extract", "replace", "fill_down", "fill_empty",
            "reformat_date", "set_value", "dedupe"} <= set(OPS)
    for op, cls in OPS.items():
        assert cls.op == op and issubclass(cls, Params)
        assert cls.shape in ("cell", "split", "join", "sheet")
        assert issubclass(cls, Transform) or cls.shape == "sheet"
