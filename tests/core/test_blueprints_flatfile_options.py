"""Blueprints Flatfile accepts: one EnumPropertyOption value under several labels, and a
SheetConfig slug with spaces (slug?: string), stored in real SQLite Spaces and addressed as given."""

from __future__ import annotations

import json

import pytest

from flatspace_desktop.domain.blueprint import parse_blueprint
from flatspace_desktop.domain.errors import BlueprintError
from flatspace_desktop.domain.mapping import suggest_values

BLUEPRINT = {
    "name": "CRM",
    "sheets": [{
        "name": "My Contacts", "slug": "my contacts",
        "fields": [
            {"key": "firstName", "type": "string", "label": "First Name"},
            {"key": "country", "type": "enum", "label": "Country", "config": {"options": [
                {"value": "US", "label": "United States"},
                {"value": "US", "label": "USA", "alternativeNames": ["America"]},
                {"value": "GB", "label": "United Kingdom"},
            ]}},
        ],
    }],
}


def test_a_value_under_several_labels_maps_from_either(fs, admin, tmp_path):
    sid = fs.create_space(admin, "Options")["id"]
    fs.open(admin, sid).workbooks.create(BLUEPRINT)
    csv = tmp_path / "contacts.csv"
    csv.write_text("First Name,Country\nAda,United States\nBob,usa\nCy,America\nDi,United Kingdom\n")
    fs.open(admin, sid).records.import_file("my contacts", csv)
    records = fs.open(admin, sid).records.list("my contacts")
    assert [r.values["country"] for r in records] == ["US", "US", "US", "GB"]
    assert all(r.valid for r in records)


def test_mapping_values_suggests_the_value_for_either_label():
    f = parse_blueprint(BLUEPRINT).sheets[0].field("country")
    assert {v: s[0] for v, s in suggest_values(f, ["United States", "USA", "United Kingdom"]).items()} == {
        "United States": "US", "USA": "US", "United Kingdom": "GB"}


def test_the_slug_with_spaces_is_stored_and_addressed_as_given(fs, admin):
    sid = fs.create_space(admin, "Slugs")["id"]
    wb = fs.open(admin, sid).workbooks.create(BLUEPRINT)
    assert fs.open(admin, sid).workbooks.blueprint(wb["id"])["sheets"][0]["slug"] == "my contacts"
    fs.open(admin, sid).records.add(f"{wb['id']}/my contacts", [{"firstName": "Ada", "country": "GB"}])
    assert [r.values["firstName"] for r in fs.open(admin, sid).records.list("my contacts")] == ["Ada"]


def test_the_cli_takes_the_slug_quoted(fs, admin, tmp_path, capsys):
    from flatspace_desktop.cli.main import main

    sid = fs.create_space(admin, "Cli")["id"]
    bp = tmp_path / "bp.json"
    bp.write_text(json.dumps(BLUEPRINT))
    assert main(["workbook", "create", sid, "--blueprint", str(bp)]) == 0
    csv = tmp_path / "c.csv"
    csv.write_text("First Name,Country\nAda,USA\n")
    assert main(["import", sid, str(csv), "--sheet", "my contacts"]) == 0
    capsys.readouterr()
    assert main(["--json", "records", sid, "my contacts"]) == 0
    assert "US" in capsys.readouterr().out


@pytest.mark.parametrize("mutate, message", [
    (lambda s: s["fields"][1]["config"]["options"].append({"value": 1, "label": "One"}) or
     s["fields"][1]["config"]["options"].append({"value": "1", "label": "Uno"}),
     'sheets[1].fields[1].config.options[4].value: "1" is already used by options[3]'),
    (lambda s: s.update(slug="my contacts"), 'sheets[1].slug: "my contacts" is already used by sheets[0]'),
    (lambda s: s["fields"][1].update(key="firstName"), 'sheets[1].fields[1].key: "firstName" is already used by fields[0]'),
    (lambda s: s.update(slug=" my contacts"), "sheets[1].slug:"),
])
def test_what_is_ambiguous_is_still_refused_with_its_path(mutate, message):
    bp = json.loads(json.dumps(BLUEPRINT))
    second = json.loads(json.dumps(bp["sheets"][0]))
    second["slug"] = "other"
    mutate(second)
    bp["sheets"].append(second)
    with pytest.raises(BlueprintError) as err:
        parse_blueprint(bp)
    assert str(err.value).startswith(message)
