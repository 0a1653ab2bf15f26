"""Shapes real Flatfile blueprints have and Flatfile accepts (seen in its public example
repositories): slugs that are any string, references written in another letter case, and
references to a sheet shipped separately. Ambiguous ones are still refused with their path."""

import json
import zipfile

import pytest

from flatspace_desktop.domain.errors import BlueprintError


def _wb(*sheets):
    return {"name": "Real", "sheets": list(sheets)}


def test_slugs_are_any_string_and_stay_addressable(fs, admin, tmp_path):
    sid = fs.create_space(admin, "Slugs")["id"]
    wb = fs.open(admin, sid).workbooks.create(_wb(
        {"name": "Customers", "slug": "customers/Customers", "fields": [{"key": "name", "type": "string"}]},
        {"name": "Payees", "slug": "Payroll Payee WSD & RF", "fields": [{"key": "name", "type": "string"}]},
        {"name": "Scores", "slug": "<<dataQualityScoresSheet>>", "fields": [{"key": "name", "type": "string"}]}))
    for slug in ("customers/Customers", "Payroll Payee WSD & RF", "<<dataQualityScoresSheet>>"):
        fs.open(admin, sid).records.add(slug, [{"name": slug}])
        fs.open(admin, sid).records.add(f"{wb['id']}/{slug}", [{"name": "by workbook"}])  # as the window names it
        assert fs.open(admin, sid).records.counts(slug)["total"] == 2
    assert fs.open(admin, sid).workbooks.blueprint(wb["id"])["sheets"][0]["slug"] == "customers/Customers"
    out = tmp_path / "all.zip"
    fs.open(admin, sid).workbooks.export(wb["id"], out, "csv")
    with zipfile.ZipFile(out) as z:  # no entry becomes a folder or a name Windows refuses
        assert sorted(z.namelist()) == ["Payroll Payee WSD & RF.csv", "__dataQualityScoresSheet__.csv",
                                        "customers_Customers.csv"]


@pytest.mark.parametrize("slug", [" padded", "tab\there", "line\nbreak"])
def test_a_slug_no_one_could_type_is_refused(slug):
    from flatspace_desktop.domain.blueprint import parse_blueprint
    with pytest.raises(BlueprintError, match=r"sheets\[0\]\.slug"):
        parse_blueprint(_wb({"name": "S", "slug": slug, "fields": [{"key": "a", "type": "string"}]}))


def test_a_reference_in_another_letter_case_finds_its_sheet_and_key(fs, admin):
    sid = fs.create_space(admin, "Refs")["id"]
    fs.open(admin, sid).workbooks.create(_wb(
        {"name": "Countries", "slug": "Countries", "fields": [{"key": "EmployeeID", "type": "string"}]},
        {"name": "People", "slug": "people", "fields": [
            {"key": "country", "type": "reference", "config": {"ref": "countries", "key": "employeeId",
                                                              "relationship": "has-one"}}]}))
    fs.open(admin, sid).records.add("Countries", [{"EmployeeID": "FR"}])
    ok, missing = fs.open(admin, sid).records.add("people", [{"country": "FR"}, {"country": "XX"}])
    recs = fs.open(admin, sid).records.by_id("people", [ok, missing])
    assert recs[0].valid and recs[1].messages["country"][0]["source"] == "unlinked"


def test_a_reference_to_a_sheet_shipped_separately_is_kept_as_text_and_listed(fs, admin):
    sid = fs.create_space(admin, "Refs")["id"]
    bp = _wb({"name": "Products", "slug": "products", "fields": [
        {"key": "category", "type": "reference", "config": {"ref": "product_categories", "key": "id"}}]})
    wb = fs.open(admin, sid).workbooks.create(json.loads(json.dumps(bp)))
    assert any("product_categories" in n and "not checked" in n for n in wb["notes"])
    (rid,) = fs.open(admin, sid).records.add("products", [{"category": "tools"}])
    rec = fs.open(admin, sid).records.by_id("products", [rid])[0]
    assert rec.values["category"] == "tools" and rec.valid
    assert fs.open(admin, sid).workbooks.blueprint(wb["id"]) == bp  # stored as given


def test_ambiguous_blueprints_are_still_refused_with_their_path():
    from flatspace_desktop.domain.blueprint import parse_blueprint
    field = {"key": "a", "type": "string"}
    with pytest.raises(BlueprintError, match=r'sheets\[1\]\.slug: "contacts" is already used by sheets\[0\]'):
        parse_blueprint(_wb({"name": "A", "slug": "contacts", "fields": [field]},
                            {"name": "B", "slug": "contacts", "fields": [field]}))
    with pytest.raises(BlueprintError, match=r'sheets\[0\]\.fields\[1\]\.key: "a" is already used by fields\[0\]'):
        parse_blueprint(_wb({"name": "A", "slug": "a", "fields": [field, field]}))
