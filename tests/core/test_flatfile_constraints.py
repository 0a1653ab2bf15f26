"""Constraints and messages as @flatfile/api's types define them (issue 13, items 1-4):
UniqueConstraintConfig {caseSensitive, ignoreEmpty, message, level}, RequiredConstraintConfig
{message, level}, ValidationMessage {type, source, message, path}."""

import pytest

from flatspace_desktop.domain.blueprint import parse_blueprint
from flatspace_desktop.domain.errors import BlueprintError


def _bp(fields):
    return {"name": "FF", "sheets": [{"name": "People", "slug": "people", "fields": fields}]}


@pytest.fixture
def space(fs, admin):
    def make(fields):
        info = fs.create_space(admin, "FF")
        fs.open(admin, info["id"]).workbooks.create(_bp(fields))
        return info["id"]
    return make


def _msgs(fs, admin, sid, rid, key):
    (rec,) = fs.open(admin, sid).records.by_id("people", [rid])
    return rec, [(m["type"], m.get("source"), m["message"]) for m in rec.messages.get(key, [])]


def test_unique_options_under_config_are_enforced(fs, admin, space):
    sid = space([{"key": "email", "type": "string", "label": "Email",
                  "constraints": [{"type": "unique", "config": {"caseSensitive": False, "ignoreEmpty": True}}]}])
    r1, r2, r3, r4 = fs.open(admin, sid).records.add("people", [{"email": "a@x.example"}, {"email": "A@X.example"},
                                                            {"email": None}, {"email": ""}])
    assert not _msgs(fs, admin, sid, r1, "email")[0].valid
    assert not _msgs(fs, admin, sid, r2, "email")[0].valid
    assert _msgs(fs, admin, sid, r3, "email")[1] == [] and _msgs(fs, admin, sid, r4, "email")[1] == []


def test_unique_options_at_the_top_level_still_read():
    (sheet,) = parse_blueprint(_bp([{"key": "e", "type": "string",
                                     "constraints": [{"type": "unique", "caseSensitive": False,
                                                      "ignoreEmpty": True}]}])).sheets
    u = sheet.fields[0].unique
    assert (u.case_sensitive, u.ignore_empty) == (False, True)


def test_sample_blueprint_uses_flatfiles_form():
    import json
    from pathlib import Path
    data = json.loads((Path(__file__).parents[2] / "resources" / "sample_blueprint.json").read_text())
    uniques = [c for s in data["sheets"] for f in s["fields"] for c in f.get("constraints", [])
               if c["type"] == "unique"]
    assert uniques and all("caseSensitive" not in c and "ignoreEmpty" not in c for c in uniques)
    assert all(c["config"]["caseSensitive"] is False for c in uniques)


def test_required_and_unique_honour_config_message_and_level(fs, admin, space):
    sid = space([
        {"key": "email", "type": "string",
         "constraints": [{"type": "required", "config": {"message": "Give an email", "level": "warn"}}]},
        {"key": "code", "type": "string",
         "constraints": [{"type": "unique", "config": {"message": "Codes repeat", "level": "info"}}]},
        {"key": "name", "type": "string", "label": "Name",
         "constraints": [{"type": "required", "config": {"level": "error"}}]},
    ])
    r1, r2 = fs.open(admin, sid).records.add("people", [{"code": "A"}, {"code": "A", "name": "n"}])
    rec, email = _msgs(fs, admin, sid, r2, "email")
    assert [(t, m) for t, _, m in email] == [("warn", "Give an email")]
    assert [(t, m) for t, _, m in _msgs(fs, admin, sid, r2, "code")[1]] == [("info", "Codes repeat")]
    assert rec.valid  # warn and info are not errors
    rec1, name = _msgs(fs, admin, sid, r1, "name")
    assert [(t, m) for t, _, m in name] == [("error", "Name is required")] and not rec1.valid
    fs.open(admin, sid).records.update("people", {r2: {"code": "B"}})
    assert _msgs(fs, admin, sid, r1, "code")[1] == []


def test_an_unknown_level_is_refused_with_its_path():
    with pytest.raises(BlueprintError) as e:
        parse_blueprint(_bp([{"key": "e", "type": "string",
                              "constraints": [{"type": "required", "config": {"level": "fatal"}}]}]))
    assert "constraints[0].config.level" in str(e.value)


def test_too_many_decimals_is_rounded_with_a_warning(fs, admin, space):
    sid = space([{"key": "price", "type": "number", "config": {"decimalPlaces": 2}}])
    (rid,) = fs.open(admin, sid).records.add("people", [{"price": "3.14159"}])
    rec, msgs = _msgs(fs, admin, sid, rid, "price")
    assert rec.values["price"] == 3.14 and [t for t, _, _ in msgs] == ["warn"] and rec.valid


# ValidationSource: "required-constraint" | "unique-constraint" | "custom-logic" | "unlinked"
#                   | "invalid-option" | "is-artifact"
VALIDATION_SOURCES = {"required-constraint", "unique-constraint", "custom-logic", "unlinked",
                      "invalid-option", "is-artifact"}


def test_message_sources_are_flatfiles_validation_sources(fs, admin):
    info = fs.create_space(admin, "FF")
    fs.open(admin, info["id"]).workbooks.create({"name": "FF", "sheets": [
        {"name": "Teams", "slug": "teams", "fields": [{"key": "code", "type": "string"}]},
        {"name": "People", "slug": "people", "fields": [
            {"key": "email", "type": "string", "constraints": [{"type": "required"}, {"type": "unique"}]},
            {"key": "plan", "type": "enum", "config": {"options": [{"value": "free"}]}},
            {"key": "team", "type": "reference", "config": {"ref": "teams", "key": "code"}},
            {"key": "age", "type": "number"}]}]})
    sid = info["id"]
    r1, r2 = fs.open(admin, sid).records.add("people", [{"email": "a", "plan": "gold", "team": "X", "age": "old"},
                                                   {"email": "a"}])
    (r3,) = fs.open(admin, sid).records.add("people", [{"plan": "free"}])
    (rec1,) = fs.open(admin, sid).records.by_id("people", [r1])
    (rec3,) = fs.open(admin, sid).records.by_id("people", [r3])
    out = fs.open(admin, sid).records.json("people", rec1)["values"]
    assert [m["source"] for m in out["email"]["messages"]] == ["unique-constraint"]
    assert [m["source"] for m in out["plan"]["messages"]] == ["invalid-option"]
    assert [m["source"] for m in out["team"]["messages"]] == ["unlinked"]
    assert [m.get("source") for m in out["age"]["messages"]] == [None]  # a type fault has no Flatfile source
    out3 = fs.open(admin, sid).records.json("people", rec3)["values"]
    assert [m["source"] for m in out3["email"]["messages"]] == ["required-constraint"]
    for value in (*out.values(), *out3.values()):
        assert {m["source"] for m in value["messages"] if "source" in m} <= VALIDATION_SOURCES


def test_sources_stored_by_earlier_spaces_read_as_flatfiles():
    from flatspace_desktop.domain.cells import flatfile_source
    assert [flatfile_source(s) for s in ("required", "unique", "enum", "reference", "type", "size")] == [
        "required-constraint", "unique-constraint", "invalid-option", "unlinked", None, None]
    assert all(flatfile_source(s) == s for s in VALIDATION_SOURCES)


def test_messages_carry_their_field_and_a_path_from_the_cell(fs, admin, space):
    sid = space([{"key": "email", "type": "string", "constraints": [{"type": "required"}]}])
    (rid,) = fs.open(admin, sid).records.add("people", [{"email": None}])
    (rec,) = fs.open(admin, sid).records.by_id("people", [rid])
    (msg,) = fs.open(admin, sid).records.json("people", rec)["values"]["email"]["messages"]
    assert msg == {"field": "email", "type": "error", "source": "required-constraint",
                   "message": "email is required", "path": "$.value"}


# BooleanPropertyConfig { allowIndeterminate: boolean }: "Allow a neither true or false state to be
# stored as null"
def test_allow_indeterminate_false_reads_an_empty_boolean_as_false(fs, admin, space):
    sid = space([{"key": "subscribed", "type": "boolean", "config": {"allowIndeterminate": False}},
                 {"key": "agreed", "type": "boolean", "config": {"allowIndeterminate": False},
                  "constraints": [{"type": "required"}]},
                 {"key": "editable", "type": "boolean", "config": {"allowIndeterminate": True}},
                 {"key": "plain", "type": "boolean"}])
    (rid,) = fs.open(admin, sid).records.add("people", [{"subscribed": "", "agreed": "", "editable": "", "plain": None}])
    rec, agreed = _msgs(fs, admin, sid, rid, "agreed")
    assert rec.values == {"subscribed": 0, "agreed": None, "editable": None, "plain": None}
    assert agreed == [("error", "required-constraint", "agreed is required")]  # required asks, never assumes
    assert rec.messages.keys() == {"agreed"}
    fs.open(admin, sid).records.update("people", {rid: {"subscribed": "yes", "agreed": "no"}})
    fs.open(admin, sid).records.update("people", {rid: {"subscribed": ""}})
    rec, agreed = _msgs(fs, admin, sid, rid, "agreed")
    assert (rec.values["subscribed"], rec.values["agreed"], agreed) == (0, 0, [])


def test_allow_indeterminate_must_be_true_or_false():
    with pytest.raises(BlueprintError) as e:
        parse_blueprint(_bp([{"key": "b", "type": "boolean", "config": {"allowIndeterminate": "no"}}]))
    assert "sheets[0].fields[0].config.allowIndeterminate" in str(e.value)


def _composite(fs, admin, strategy, config=None):
    info = fs.create_space(admin, "FF")
    c = {"name": "full name", "type": "unique", "fields": ["first", "last"], "strategy": strategy}
    if config:
        c["config"] = config
    fs.open(admin, info["id"]).workbooks.create({"name": "FF", "sheets": [{
        "name": "People", "slug": "people", "constraints": [c],
        "fields": [{"key": "first", "type": "string"}, {"key": "last", "type": "string"}]}]})
    return info["id"]


def test_composite_unique_concat_joins_the_values_as_flatfile_documents(fs, admin):
    # Flatfile's guide: concat would take "John"+"Smith" and "JohnS"+"mith" for the same combination
    sid = _composite(fs, admin, "concat")
    rids = fs.open(admin, sid).records.add("people", [{"first": "John", "last": "Smith"}, {"first": "JohnS", "last": "mith"},
                                                 {"first": "Ann", "last": "Lee"}])
    recs = fs.open(admin, sid).records.by_id("people", rids)
    assert [r.valid for r in recs] == [False, False, True]
    assert recs[0].messages["first"][0]["source"] == "unique-constraint"


def test_composite_unique_hash_tells_split_values_apart(fs, admin):
    sid = _composite(fs, admin, "hash")
    rids = fs.open(admin, sid).records.add("people", [{"first": "John", "last": "Smith"}, {"first": "JohnS", "last": "mith"},
                                                 {"first": "John", "last": "Smith"}, {"first": "John", "last": None},
                                                 {"first": "John", "last": ""}])
    recs = fs.open(admin, sid).records.by_id("people", rids)
    assert [r.valid for r in recs] == [False, True, False, False, False]  # an empty cell is empty however given


def test_composite_unique_honours_config_message_and_level(fs, admin):
    sid = _composite(fs, admin, "hash", {"message": "This person is already listed", "level": "warn"})
    rids = fs.open(admin, sid).records.add("people", [{"first": "A", "last": "B"}, {"first": "A", "last": "B"}])
    recs = fs.open(admin, sid).records.by_id("people", rids)
    assert all(r.valid for r in recs)  # a warning does not make a record invalid
    assert [(m["type"], m["message"]) for m in recs[1].messages["last"]] == [("warn", "This person is already listed")]
    # an edit that ends the duplicate ends the warning
    fs.open(admin, sid).records.update("people", {rids[1]: {"last": "C"}})
    assert fs.open(admin, sid).records.by_id("people", rids)[1].messages == {}
