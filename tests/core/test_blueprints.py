"""Blueprints: every field type and constraint parses; faults are refused with their path."""

import copy
import json

import pytest

from flatspace_desktop.domain.blueprint import FIELD_TYPES, parse_blueprint, unenforced_notes
from flatspace_desktop.domain.errors import BlueprintError

FULL = {
    "name": "Everything",
    "labels": ["pinned", "crm"],
    "futureKey": {"kept": True},
    "metadata": {"owner": "ops"},
    "actions": [{"operation": "submit", "label": "Submit"}],
    "sheets": [
        {"name": "Teams", "slug": "teams", "readonly": True,
         "fields": [{"key": "code", "type": "string", "config": {"size": "tiny"}}]},
        {"name": "People", "allowAdditionalFields": True, "customSheetKey": 1,
         "fields": [
             {"key": "name", "type": "string", "label": "Name", "description": "Full name",
              "alternativeNames": ["full name"], "metadata": {"x": 1},
              "constraints": [{"type": "required"}, {"type": "unique", "caseSensitive": False, "ignoreEmpty": True}]},
             {"key": "age", "type": "number", "config": {"decimalPlaces": 0}, "readonly": True},
             {"key": "active", "type": "boolean"},
             {"key": "born", "type": "date"},
             {"key": "status", "type": "enum", "config": {"allowCustom": True, "options": [
                 {"value": "a", "label": "Active", "alternativeNames": ["on"]}, {"value": 2, "label": "Two"}]}},
             {"key": "team", "type": "reference", "config": {"ref": "teams", "key": "code", "relationship": "has-one"}},
             {"key": "aliases", "type": "string-list"},
             {"key": "roles", "type": "enum-list", "config": {"options": [{"value": "dev"}, {"value": "ops"}]}},
             {"key": "teams", "type": "reference-list", "config": {"ref": "teams", "key": "code"}},
             {"key": "score", "type": "number", "constraints": [{"type": "computed"}, {"type": "external", "validator": "x"}]},
             {"key": "ext", "type": "string", "constraints": [{"type": "stored"}]},
         ],
         "constraints": [{"type": "unique", "name": "pair", "fields": ["name", "born"], "requiredFields": ["name"],
                          "strategy": "hash"}],
         "actions": [{"operation": "dedupe"}]},
    ],
}


def test_every_type_and_constraint_is_understood():
    bp = parse_blueprint(copy.deepcopy(FULL))
    assert bp.labels == ["pinned", "crm"]
    teams, people = bp.sheets
    assert teams.readonly and teams.field("code").max_length == 255
    assert people.slug == "people" and people.allow_additional_fields
    assert {f.type for f in people.fields} == set(FIELD_TYPES) - set()
    name = people.field("name")
    assert name.required and name.unique.case_sensitive is False and name.unique.ignore_empty is True
    assert name.alternative_names == ("full name",) and name.description == "Full name"
    assert people.field("age").readonly and people.field("age").decimal_places == 0
    status = people.field("status")
    assert status.allow_custom and [o.value for o in status.options] == ["a", 2]
    assert status.options[0].alternative_names == ("on",)
    team = people.field("team")
    assert (team.ref_sheet, team.ref_key) == ("teams", "code")
    assert people.field("score").computed and people.field("score").unenforced == ("external",)
    (pair,) = people.constraints
    assert pair.fields == ("name", "born") and pair.required_fields == ("name",) and pair.strategy == "hash"
    assert people.actions == [{"operation": "dedupe"}]
    notes = unenforced_notes(bp)
    assert any("people.score" in n and "external" in n for n in notes)
    assert any("people.ext" in n and "stored" in n for n in notes)


def test_unknown_keys_are_kept_in_the_stored_blueprint(fs, admin):
    info = fs.create_space(admin, "Keep")
    wb = fs.open(admin, info["id"]).workbooks.create(copy.deepcopy(FULL))
    stored = fs.open(admin, info["id"]).workbooks.blueprint(wb["id"])
    assert stored == FULL
    assert stored["futureKey"] == {"kept": True} and stored["sheets"][1]["customSheetKey"] == 1


def _broken(mutate):
    bp = copy.deepcopy(FULL)
    mutate(bp)
    return bp


CASES = [
    (lambda b: b["sheets"][1]["fields"][3].update(type="emial"), 'sheets[1].fields[3].type: unknown type "emial"'),
    (lambda b: b.pop("name"), "name: is required"),
    (lambda b: b.update(sheets=[]), "sheets: a workbook needs at least one sheet"),
    (lambda b: b["sheets"][0].update(fields="nope"), "sheets[0].fields: expected a list, found a string"),
    (lambda b: b["sheets"][1]["fields"][1].pop("key"), "sheets[1].fields[1].key: is required"),
    (lambda b: b["sheets"][1]["fields"][2].update(key="name"), 'sheets[1].fields[2].key: "name" is already used by fields[0]'),
    (lambda b: b["sheets"][1]["fields"][0]["constraints"].append({"type": "uniq"}),
     'sheets[1].fields[0].constraints[2].type: unknown constraint "uniq"'),
    (lambda b: b["sheets"][1]["fields"][4]["config"].update(options=[]),
     "sheets[1].fields[4].config.options: an enum needs at least one option"),
    (lambda b: b["sheets"][1]["fields"][4]["config"]["options"].append({"value": "2"}),
     'sheets[1].fields[4].config.options[2].value: "2" is already used by options[1]'),
    # a reference to a sheet the workbook lacks loads (kept as text): test_flatfile_real_shapes.py
    (lambda b: b["sheets"][1]["fields"][5]["config"].update(key="nope"),
     'sheets[1].fields[5].config.key: sheet "teams" has no field "nope"'),
    (lambda b: b["sheets"][1]["constraints"][0].update(fields=["name", "ghost"]),
     'sheets[1].constraints[0].fields[1]: no field with key "ghost"'),
    (lambda b: b["sheets"][1]["constraints"][0].update(strategy="xor"),
     'sheets[1].constraints[0].strategy: expected "concat" or "hash"'),
    (lambda b: b["sheets"][1].update(slug="teams"), 'sheets[1].slug: "teams" is already used by sheets[0]'),
    (lambda b: b["sheets"][1]["fields"][1]["config"].update(decimalPlaces="two"),
     "sheets[1].fields[1].config.decimalPlaces: expected a whole number, found a string"),
    (lambda b: b["sheets"][0]["fields"][0]["config"].update(size="huge"), "sheets[0].fields[0].config.size: expected one of"),
    (lambda b: b["sheets"][1]["fields"][0].update(readonly="yes"), "sheets[1].fields[0].readonly: expected true or false"),
]


@pytest.mark.parametrize("mutate, message", CASES)
def test_a_broken_blueprint_names_the_place(mutate, message):
    with pytest.raises(BlueprintError) as err:
        parse_blueprint(_broken(mutate))
    assert str(err.value).startswith(message)


def test_a_refused_blueprint_creates_nothing(fs, admin):
    info = fs.create_space(admin, "Strict")
    bad = _broken(CASES[0][0])
    with pytest.raises(BlueprintError):
        fs.open(admin, info["id"]).workbooks.create(bad)
    space = fs.space(info["id"])
    assert space.m.Workbook.select().count() == 0 and space.m.Sheet.select().count() == 0
    assert not [t for t in space.db.get_tables() if t.startswith("rec_")]
    with pytest.raises(Exception, match="not valid JSON"):
        fs.open(admin, info["id"]).workbooks.create("{broken")
    assert fs.open(admin, info["id"]).info()["workbooks"] == []


def test_workbook_label_pinned_is_kept(fs, admin):
    info = fs.create_space(admin, "Pins")
    fs.open(admin, info["id"]).workbooks.create(json.loads(json.dumps(FULL)))
    assert fs.open(admin, info["id"]).info()["workbooks"][0]["labels"] == ["pinned", "crm"]
