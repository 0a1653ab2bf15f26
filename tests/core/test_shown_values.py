"""How stored values read in the window (make_shower): labels, decimal places, true/false; and
whatever is not a clean value is shown as it is, never hidden."""

from flatspace_desktop.domain.blueprint import parse_sheet
from flatspace_desktop.domain.cells import display_text, make_caster, make_shower

SHEET = parse_sheet({"slug": "t", "name": "T", "fields": [
    {"key": "level", "type": "enum", "label": "Level",
     "config": {"options": [{"value": "jr", "label": "Junior"}, {"value": 2, "label": "Two"}]}},
    {"key": "rate", "type": "number", "label": "Rate", "config": {"decimalPlaces": 2}},
    {"key": "whole", "type": "number", "label": "Whole", "config": {"decimalPlaces": 0}},
    {"key": "tags", "type": "enum-list", "label": "Tags", "config": {"options": [{"value": "a", "label": "Alpha"}]}},
    {"key": "ok", "type": "boolean", "label": "OK"},
    {"key": "note", "type": "string", "label": "Note"}]})


def show(key, value):
    return make_shower(SHEET.field(key))(value)


def test_labels_decimal_places_and_booleans():
    assert [show("level", v) for v in ("jr", 2, "mid", None)] == ["Junior", "Two", "mid", ""]
    assert [show("rate", v) for v in (1.5, 2, 10**20, "abc", None)] == ["1.50", "2.00", "1" + "0" * 20 + ".00", "abc", ""]
    assert [show("whole", v) for v in (3, 3.0)] == ["3", "3"]
    assert [show("tags", v) for v in ('["a", "q"]', "not json", None)] == ["Alpha, q", "not json", ""]
    assert [show("ok", v) for v in (1, 0, "maybe", None)] == ["true", "false", "maybe", ""]
    assert show("note", " kept as typed ") == " kept as typed "


def test_what_is_shown_casts_back_to_what_is_stored():
    for key, stored in (("level", "jr"), ("rate", 1.5), ("tags", '["a"]'), ("ok", 0)):
        f = SHEET.field(key)
        sink = []
        cast = make_caster(f, sink)
        assert cast(show(key, stored)) == stored and cast(display_text(f, stored)) == stored and not sink


def test_a_value_listed_under_several_labels_shows_its_first():
    sheet = parse_sheet({"slug": "c", "name": "C", "fields": [{"key": "country", "type": "enum", "config": {
        "options": [{"value": "US", "label": "United States"}, {"value": "US", "label": "USA"}]}}]})
    assert make_shower(sheet.field("country"))("US") == "United States"
