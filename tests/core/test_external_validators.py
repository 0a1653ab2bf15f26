"""Issue 13: external validators, offline. Built-ins as real blueprints configure them, applied at
import and on edit; unknown names and unusable configs kept and listed; user validators from
entry points and a Space's validators.py (trusted only once enabled here); a validator that
raises is its own fault, never the import's."""

from __future__ import annotations

import copy
import json
import shutil
import sys

import pytest

from flatspace_desktop.domain import validators as V
from flatspace_desktop.domain.blueprint import parse_blueprint, unenforced_notes
from flatspace_desktop.domain.cells import make_caster
from flatspace_desktop.domain.rowcast import compile_row_caster
from support import write

# Fields as real blueprints write them (customers, products, orders, work orders, jobs sheets).
CUSTOMERS = {"name": "CRM", "sheets": [{"name": "Customers", "slug": "customers", "fields": [
    {"key": "customer_id", "label": "Customer ID", "type": "string",
     "constraints": [{"type": "required"}, {"type": "unique"},
                     {"type": "external", "validator": "length", "config": {"min": 1, "max": 50}}]},
    {"key": "name", "label": "Name", "type": "string",
     "constraints": [{"type": "required"}, {"type": "external", "validator": "length", "config": {"min": 2, "max": 100}}]},
    {"key": "email", "label": "Email", "type": "string",
     "constraints": [{"type": "required"}, {"type": "external", "validator": "email"}]},
    {"key": "phone_number", "label": "Phone Number", "type": "string",
     "constraints": [{"type": "external", "validator": "phone", "config": {"region": "US"}}]},
    {"key": "website", "label": "Website", "type": "string", "constraints": [{"type": "external", "validator": "url"}]},
    {"key": "registration_date", "label": "Registration Date", "type": "date",
     "constraints": [{"type": "required"}, {"type": "external", "validator": "date", "config": {"format": "YYYY-MM-DD"}}]},
    {"key": "price", "label": "Price", "type": "number",
     "constraints": [{"type": "external", "validator": "numberRange", "config": {"min": 0, "max": 1000000}}]},
    {"key": "order_date", "label": "Order Date", "type": "date",
     "constraints": [{"type": "external", "validator": "dateRange",
                      "config": {"min": "2000-01-01", "max": "2100-12-31", "format": "YYYY-MM-DD"}}]},
    {"key": "inactive", "label": "Inactive", "type": "boolean", "constraints": [{"type": "external", "validator": "boolean"}]},
    {"key": "zip_code", "label": "Zip Code", "type": "string",
     "constraints": [{"type": "external", "validator": "zipCode", "config": {"countryCode": "US"}}]},
    {"key": "notes", "label": "Notes", "type": "string",
     "constraints": [{"type": "external", "validator": "length", "config": {"max": 500}}]},
]}]}

HEADER = "customer_id,name,email,phone_number,website,registration_date,price,order_date,inactive,zip_code,notes\n"
GOOD = "C1,Ada Lovelace,ada@example.com,(202) 456-1111,https://example.com/a,2024-01-31,10.5,2024-02-01,false,12345,\n"
BAD = ("C2,A,ada@@example,555-1234,not a url,2024-01-31,-3,1999-12-31,true,1,"
       + "x" * 501 + "\n")


def _space(fs, admin, blueprint=CUSTOMERS):
    info = fs.create_space(admin, "Validators")
    wb = fs.open(admin, info["id"]).workbooks.create(copy.deepcopy(blueprint))
    return info["id"], wb


def _messages(fs, admin, sid, sheet="customers"):
    """{rid: {field: [(type, source, message)]}} for every record."""
    out = {}
    for rec in fs.open(admin, sid).records.list(sheet, limit=1000):
        out[rec.rid] = {k: [(m["type"], m.get("source"), m["message"]) for m in ms] for k, ms in rec.messages.items()}
    return out


def test_real_blueprint_validators_run_at_import(fs, admin, tmp_path):
    sid, wb = _space(fs, admin)
    result = fs.open(admin, sid).records.import_file("customers", write(tmp_path / "c.csv", HEADER + GOOD + BAD))
    assert (result["valid"], result["error"]) == (1, 1)
    good, bad = _messages(fs, admin, sid).values()
    assert good == {}
    assert bad["name"] == [("error", "custom-logic", "Minimum length is 2 (1 characters)")]
    assert bad["email"] == [("error", "custom-logic", "Invalid email format")]
    assert bad["phone_number"] == [("error", "custom-logic", "Invalid phone number format for US")]
    assert bad["website"] == [("error", "custom-logic", "Invalid URL format")]
    assert bad["price"] == [("error", "custom-logic", "Must be greater than or equal to 0")]
    assert bad["order_date"] == [("error", "custom-logic", "Must be on or after 2000-01-01")]
    assert bad["notes"] == [("error", "custom-logic", "Maximum length is 500 (501 characters)")]
    # an unknown validator is kept, not enforced, and said so when the workbook is added
    assert "zip_code" not in bad
    assert wb["notes"] == ['customers.zip_code: external validator "zipCode" is kept but not enforced offline: '
                           "no validator of that name here"]
    (rec,) = fs.open(admin, sid).records.by_id("customers", [2])
    (msg,) = fs.open(admin, sid).records.json("customers", rec)["values"]["email"]["messages"]
    assert msg == {"field": "email", "type": "error", "source": "custom-logic", "message": "Invalid email format",
                   "path": "$.value"}


def test_the_same_messages_in_a_reader_process(fs, admin, tmp_path):
    sid, _ = _space(fs, admin)
    path = write(tmp_path / "c.csv", HEADER + GOOD + BAD)
    fs.open(admin, sid).records.import_file("customers", path, parallel=True)
    in_process, _ = _space(fs, admin)
    fs.open(admin, in_process).records.import_file("customers", path, parallel=False)
    assert list(_messages(fs, admin, sid).values()) == list(_messages(fs, admin, in_process).values())


def test_validators_run_on_edit_and_clear_when_fixed(fs, admin):
    sid, _ = _space(fs, admin)
    (rid,) = fs.open(admin, sid).records.add("customers", [{"customer_id": "C1", "name": "Ada", "email": "ada@example.com",
                                                       "registration_date": "2024-01-31"}])
    assert _messages(fs, admin, sid)[rid] == {}
    fs.open(admin, sid).records.update("customers", {rid: {"email": "ada.example.com", "price": "2000000"}})
    msgs = _messages(fs, admin, sid)[rid]
    assert msgs["email"] == [("error", "custom-logic", "Invalid email format")]
    assert msgs["price"] == [("error", "custom-logic", "Must be less than or equal to 1000000")]
    assert not fs.open(admin, sid).records.by_id("customers", [rid])[0].valid
    fs.open(admin, sid).records.update("customers", {rid: {"email": "ada@example.com", "price": "1000000"}})
    assert _messages(fs, admin, sid)[rid] == {}
    fs.open(admin, sid).records.update("customers", {rid: {"email": ""}})  # empty is required's work, not email's
    assert _messages(fs, admin, sid)[rid]["email"] == [("error", "required-constraint", "Email is required")]


def test_recheck_gives_the_messages_the_import_gave(fs, admin, tmp_path):
    sid, _ = _space(fs, admin)
    fs.open(admin, sid).records.import_file("customers", write(tmp_path / "c.csv", HEADER + GOOD + BAD))
    before = _messages(fs, admin, sid)
    fs.open(admin, sid).records.validate("customers")
    assert _messages(fs, admin, sid) == before


def test_a_type_fault_is_not_repeated_by_the_validator(fs, admin):
    sid, _ = _space(fs, admin)
    (rid,) = fs.open(admin, sid).records.add("customers", [{"price": "cheap", "order_date": "soon"}])
    msgs = _messages(fs, admin, sid)[rid]
    assert [s for _, s, _ in msgs["price"]] == [None] and [s for _, s, _ in msgs["order_date"]] == [None]


def _field(constraint, ftype="string", key="v"):
    bp = parse_blueprint({"name": "B", "sheets": [{"name": "S", "fields": [
        {"key": key, "type": ftype, "constraints": [constraint]}]}]})
    return bp, bp.sheets[0].fields[0]


def _check(constraint, values, ftype="string"):
    _, f = _field(constraint, ftype)
    sink: list = []
    cast = make_caster(f, sink)
    out = []
    for v in values:
        cast(v)
        out.append([(lv, m) for _, lv, src, m in sink if src == "custom-logic"])
        sink.clear()
    return out


@pytest.mark.parametrize("constraint, ftype, ok, bad", [
    ({"validator": "length", "config": {"max": 100}}, "string", ["x" * 100], ["x" * 101]),
    ({"validator": "minLength", "config": {"len": 8}}, "string", ["PROMO123"], ["PROMO"]),
    ({"validator": "maxLength", "config": {"max": 3}}, "string", ["abc"], ["abcd"]),
    ({"validator": "length", "config": {"exact": 2}}, "string", ["US"], ["USA"]),
    ({"validator": "numberRange", "config": {"min": 0}}, "number", ["0", "5"], ["-1"]),
    ({"validator": "numberRange", "config": {"min": 0, "max": 10, "inclusive": False}}, "number", ["5"], ["0", "10"]),
    ({"validator": "numberRange", "config": {"min": 1, "max": 5}}, "string", ["3"], ["9", "three"]),
    ({"validator": "number", "config": {"integerOnly": True, "step": 5}}, "number", ["10"], ["2.5", "12"]),
    ({"validator": "number", "config": {"scale": 2}}, "number", ["1.25"], ["1.255"]),
    ({"validator": "number", "config": {"decimalPlaces": 2}}, "string", ["1.25", "3"], ["1.255", "three"]),
    ({"validator": "number", "config": {"thousandsSeparator": ".", "decimalPoint": ","}}, "string", ["1.234,5"], ["x"]),
    ({"validator": "email"}, "string", ["a.b+c@mail.example.org", "jörg@münchen.de"],
     ["a@b", "a..b@x.io", ".a@x.io", "a b@x.io", "a@x..io", "a@-x.io", "a@x.c"]),
    ({"validator": "email", "config": {"emailRegex": "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$"}}, "string", ["a@b.c"], ["a@b"]),
    ({"validator": "phone", "config": {"region": "US"}}, "string", ["(202) 456-1111", "+44 20 7946 0958"], ["123"]),
    ({"validator": "phone", "config": {"country": "GB"}}, "string", ["020 7946 0958"], ["(202) 456-1111"]),
    ({"validator": "phone"}, "string", ["+1 202 456 1111"], ["202 456 1111"]),
    ({"validator": "phone", "config": {"format": "US"}}, "string", ["(202) 456-1111"], ["123"]),
    ({"validator": "phone", "config": {"region": "US"}}, "number", ["2024561111"], ["555"]),
    ({"validator": "url"}, "string", ["https://example.com/a?b=1", "www.example.org", "http://localhost:8080",
                                     "http://192.168.0.1/x"], ["not a url", "ftp://example.com", "http://x", "http://a:99999"]),
    ({"validator": "url", "config": {"requireProtocol": True}}, "string", ["https://example.com"], ["example.com"]),
    ({"validator": "date", "config": {"format": "yyyy-MM-dd"}}, "string", ["2024-02-29"], ["02/29/2024", "2023-02-29"]),
    ({"validator": "date", "config": {"format": "MM/DD/YYYY"}}, "string", ["02/29/2024"], ["2024-02-29"]),
    ({"validator": "date"}, "string", ["2024-02-29", "March 3, 2024"], ["someday"]),
    ({"validator": "date", "config": {"format": "YYYY-MM-DDTHH:mm:ssZ"}}, "string",
     ["2024-02-03T10:11:12Z", "2024-02-03T10:11:12+01:00"], ["2024-02-03", "2024-02-03T25:00:00Z"]),
    ({"validator": "date", "config": {"format": "yyyy-MM-dd'T'HH:mm"}}, "string", ["2024-02-03T10:11"], ["2024-02-03 10:11"]),
    ({"validator": "date", "config": {"format": "YYYY-MM-DD"}}, "date", ["02/03/2024", "2024-02-03"], []),
    ({"validator": "dateRange", "config": {"max": "2100-12-31"}}, "date", ["2100-12-31"], ["2101-01-01"]),
    ({"validator": "dateTimeRange", "config": {"min": "2000-01-01T00:00:00"}}, "date", ["2000-01-01"], ["1999-12-31"]),
    ({"validator": "dateTimeRange", "config": {"max": "2100-12-31T23:59:59"}}, "string",
     ["2100-12-31T23:59:59"], ["2101-01-01T00:00:00"]),
    ({"validator": "boolean"}, "string", ["yes", "FALSE"], ["maybe"]),
    ({"validator": "boolean", "config": {"validationType": "strict"}}, "string", ["true"], ["yes"]),
    ({"validator": "boolean", "config": {"customMapping": {"oui": True, "non": False}}}, "string", ["Oui"], ["peut-être"]),
    ({"validator": "boolean"}, "boolean", ["yes", "false"], []),
    ({"validator": "regex", "config": {"pattern": "^[A-Z]{2}\\d{4}$"}}, "string", ["AB1234"], ["ab1234", "AB123"]),
    ({"validator": "pattern", "config": {"regex": "^[a-z]+$", "flags": "i"}}, "string", ["AbC"], ["a1"]),
    ({"validator": "regex", "config": {"pattern": "^SKU-"}}, "string-list", ["SKU-1;SKU-2"], ["SKU-1;X-2"]),
])
def test_builtin_validators_as_real_blueprints_configure_them(constraint, ftype, ok, bad):
    results = _check({"type": "external", **constraint}, ok + bad, ftype)
    assert results[:len(ok)] == [[] for _ in ok], constraint
    for value, got in zip(bad, results[len(ok):]):
        assert got and all(lv == "error" for lv, _ in got), (constraint, value)


def test_validator_messages_read_as_flatfiles():
    assert _check({"type": "external", "validator": "regex", "config": {"pattern": "^\\d+$"}}, ["a"]) == [
        [("error", "Invalid format (must match ^\\d+$)")]]
    assert _check({"type": "external", "validator": "number", "config": {"integerOnly": True}}, ["1.5"], "number") == [
        [("error", "Must be an integer")]]
    assert _check({"type": "external", "validator": "boolean"}, ["maybe"]) == [[("error", "Invalid boolean value")]]
    assert _check({"type": "external", "validator": "date", "config": {"format": "YYYY-MM-DD"}}, ["1/2/2024"]) == [
        [("error", "Invalid date format (expected YYYY-MM-DD)")]]


def test_config_message_and_level_replace_the_defaults():
    got = _check({"type": "external", "validator": "length",
                  "config": {"max": 3, "message": "Use a 3-letter code", "level": "warn"}}, ["ABCD"])
    assert got == [[("warn", "Use a 3-letter code")]]


def test_phone_format_says_how_the_number_is_written_in_it():
    got = _check({"type": "external", "validator": "phone", "config": {"region": "US", "format": "E164"}},
                 ["(202) 456-1111", "+12024561111"])
    assert got == [[("info", "In E164 format: +12024561111")], []]


@pytest.mark.parametrize("constraint, why", [
    ({"validator": "length", "config": {"min": "1"}}, 'config.min: expected a whole number of 0 or more, found \'1\''),
    ({"validator": "length", "config": {"min": 5, "max": 2}}, "config.min: 5 is above max (2)"),
    ({"validator": "length"}, "config: gives no min, max or exact length"),
    ({"validator": "numberRange", "config": {"min": 0, "max": "1000000"}}, "config.max: expected a number, found a string"),
    ({"validator": "phone", "config": {"region": "XX"}}, 'config.region: unknown region "XX"'),
    ({"validator": "phone", "config": {"countryField": "country"}}, "config.countryField: reads another field"),
    ({"validator": "regex", "config": {"pattern": "[a-"}}, "config.pattern: not a regular expression here"),
    ({"validator": "regex", "config": {"pattern": "^(\\w+\\s?)+$"}}, "can take exponential time"),
    ({"validator": "dateRange", "config": {"min": "01/01/2000"}}, 'config.min: "01/01/2000" is not a date'),
    ({"validator": "date", "config": {"format": "YYYY-QQ-DD"}}, 'unknown part "Q"'),
    ({"validator": "email", "config": {"level": "fatal"}}, 'config.level: unknown level "fatal"'),
    ({"validator": "url", "config": "strict"}, "config: expected an object, found a string"),
    ({}, "names no validator"),
])
def test_an_unusable_config_is_kept_and_listed_with_its_path_not_refused(constraint, why):
    bp, f = _field({"type": "external", **constraint})  # the blueprint loads: Spaces made before keep opening
    (note,) = unenforced_notes(bp)
    assert note.startswith("s.v: external ") and "not enforced offline" in note and why in note, note
    sink: list = []
    make_caster(f, sink)("anything at all")
    assert sink == []


def test_a_field_without_validators_gets_the_plain_caster_and_fast_path():
    _, plain = _field({"type": "required"})
    _, unknown = _field({"type": "external", "validator": "jobCode"})
    for f in (plain, unknown):
        assert not getattr(make_caster(f, []), "validated", False)
    _, checked = _field({"type": "external", "validator": "length", "config": {"max": 2}})
    assert make_caster(checked, []).validated
    sink: list = []
    row = compile_row_caster([plain, checked], sink)
    assert row(["ok", "abc"], 1) == (1, 0, "ok", "abc") and [m[3] for m in sink] == ["Maximum length is 2 (3 characters)"]


# ---- user validators

def _install(tmp_path, monkeypatch, source: str, names: dict[str, str]):
    """A real installed distribution on sys.path with entry points in group flatspace.validators."""
    site = tmp_path / "site"
    write(site / "shop_checks.py", source)
    eps = "[flatspace.validators]\n" + "".join(f"{n} = shop_checks:{fn}\n" for n, fn in names.items())
    write(site / "shop_checks-1.0.dist-info" / "METADATA", "Metadata-Version: 2.1\nName: shop-checks\nVersion: 1.0\n")
    write(site / "shop_checks-1.0.dist-info" / "entry_points.txt", eps)
    monkeypatch.syspath_prepend(str(site))
    sys.modules.pop("shop_checks", None)
    V.forget_entry_points()


@pytest.fixture
def entry_points(tmp_path, monkeypatch):
    _install(tmp_path, monkeypatch, (
        "def sku(value, config, field):\n"
        "    if not value.startswith(config.get('prefix', 'SKU-')):\n"
        "        return f\"{field['label']} must start with {config.get('prefix', 'SKU-')}\"\n"
        "def ratio(value, config, field):\n"
        "    return [('warn', 'odd')] if 1 / (value - 1) > 0.5 else None\n"
        "def sloppy(value, config, field):\n"
        "    return 42\n"),
        {"sku": "sku", "ratio": "ratio", "sloppy": "sloppy", "missing": "nowhere"})
    yield
    V.forget_entry_points()


SHOP = {"name": "Shop", "sheets": [{"name": "Products", "slug": "products", "fields": [
    {"key": "product_id", "label": "Product ID", "type": "string",
     "constraints": [{"type": "external", "validator": "sku", "config": {"prefix": "SKU-"}}]},
    {"key": "quantity", "label": "Quantity", "type": "number", "constraints": [{"type": "external", "validator": "ratio"}]},
    {"key": "name", "label": "Name", "type": "string", "constraints": [{"type": "external", "validator": "sloppy"}]},
    {"key": "supplier", "label": "Supplier", "type": "string", "constraints": [{"type": "external", "validator": "missing"}]},
]}]}


def test_entry_point_validators_run_and_a_failing_one_is_its_own_fault(fs, admin, tmp_path, entry_points):
    sid, wb = _space(fs, admin, SHOP)
    assert wb["notes"] == []
    csv = "product_id,quantity,name,supplier\nSKU-1,3,Mug,Acme\nX-2,1,Cup,Acme\n"
    result = fs.open(admin, sid).records.import_file("products", write(tmp_path / "p.csv", csv))
    assert result["imported"] == 2
    first, second = _messages(fs, admin, sid, "products").values()
    assert "quantity" not in first  # 1 / (3 - 1) is not above 0.5
    assert first["name"] == [("error", "custom-logic", 'validator "sloppy" failed: TypeError: returned int; '
                                                       "expected None, a message or a list of (level, message)")]
    assert first["supplier"] == [("error", "custom-logic", 'validator "missing" failed: RuntimeError: could not be '
                                                           "loaded (AttributeError: module 'shop_checks' has no "
                                                           "attribute 'nowhere')")]
    assert second["product_id"] == [("error", "custom-logic", "Product ID must start with SKU-")]
    assert second["quantity"] == [("error", "custom-logic",
                                   'validator "ratio" failed: ZeroDivisionError: division by zero')]
    values = [r.values for r in fs.open(admin, sid).records.list("products")]
    assert values[1] == {"product_id": "X-2", "quantity": 1, "name": "Cup", "supplier": "Acme"}  # nothing lost


SPACE_FILE = (
    "from flatspace_desktop.domain.validators import validator\n"
    "@validator('jobCode')\n"
    "def job_code(value, config, field):\n"
    "    return None if value.isupper() else [('error', 'Job codes are upper case')]\n"
    "def dept(value, config, field):\n"
    "    raise ValueError('no departments list here')\n"
    "VALIDATORS = {'dept': dept, 'email': dept}\n")

JOBS = {"name": "HCM", "sheets": [{"name": "Jobs", "slug": "jobs-sheet", "fields": [
    {"key": "jobCode", "type": "string", "label": "Job Code",
     "constraints": [{"type": "required"}, {"type": "unique"}, {"type": "external", "validator": "jobCode"}]},
    {"key": "jobDept", "type": "string", "label": "Job Department", "constraints": [{"type": "external", "validator": "dept"}]},
    {"key": "contact", "type": "string", "label": "Contact", "constraints": [{"type": "external", "validator": "email"}]},
]}]}


def _jobs(folder):
    bp = parse_blueprint(copy.deepcopy(JOBS))
    V.bind_space(bp.sheets[0], folder)
    return bp


def _cast_jobs(bp, row):
    sink: list = []
    compile_row_caster(bp.sheets[0].fields, sink)(row, 1)
    return [(k, lv, m) for k, lv, _, m in sink]


def test_a_space_folders_validators_run_only_once_enabled_here(fs, admin, tmp_path):
    sid, _ = _space(fs, admin, JOBS)
    folder = fs.root / "spaces" / sid
    write(folder / "validators.py", SPACE_FILE)
    bp = _jobs(folder)
    assert V.space_validators(folder).state == "off"
    assert _cast_jobs(bp, ["dev1", "ops", "a@b"]) == [("contact", "error", "Invalid email format")]
    assert any("jobCode" in n and "not enabled on this computer" in n for n in unenforced_notes(bp))
    V.enable_space_validators(folder)
    bp = _jobs(folder)
    assert V.space_validators(folder).names == {"jobCode", "dept"}  # built-in names are reserved
    assert _cast_jobs(bp, ["dev1", "ops", "a@b"]) == [
        ("jobCode", "error", "Job codes are upper case"),
        ("jobDept", "error", 'validator "dept" failed: ValueError: no departments list here'),
        ("contact", "error", "Invalid email format")]
    assert unenforced_notes(bp) == []
    write(folder / "validators.py", SPACE_FILE + "import os\n")  # changed after it was enabled: not run
    bp = _jobs(folder)
    assert V.space_validators(folder).state == "changed"
    assert _cast_jobs(bp, ["dev1", "ops", "a@b"]) == [("contact", "error", "Invalid email format")]


def test_a_copied_space_folder_brings_no_trust(fs, admin, tmp_path, monkeypatch):
    sid, _ = _space(fs, admin, JOBS)
    folder = fs.root / "spaces" / sid
    write(folder / "validators.py", SPACE_FILE)
    V.enable_space_validators(folder)
    other_id = tmp_path / "elsewhere" / "spaces" / "someone-elses"
    shutil.copytree(folder, other_id)  # the same folder under another Space's id
    assert V.space_validators(other_id).state == "off"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "another-user"))  # another user or computer
    V._loaded_spaces.clear()
    assert V.space_validators(folder).state == "off"
    assert _cast_jobs(_jobs(folder), ["dev1", "ops", "x@y.io"]) == []


def test_a_space_file_that_fails_to_load_is_reported_on_its_cells(fs, admin):
    sid, _ = _space(fs, admin, JOBS)
    folder = fs.root / "spaces" / sid
    write(folder / "validators.py", "import nowhere_to_be_found\n")
    V.enable_space_validators(folder)
    assert V.space_validators(folder).state == "broken"
    got = _cast_jobs(_jobs(folder), ["DEV", "", "x@y.io"])
    assert got == [("jobCode", "error", 'validator "jobCode" failed: RuntimeError: validators.py failed to load: '
                                        "ModuleNotFoundError: No module named 'nowhere_to_be_found'")]


@pytest.mark.local_space
def test_an_exported_space_carries_no_validators_file(fs, admin, tmp_path):
    sid, _ = _space(fs, admin, JOBS)
    folder = fs.root / "spaces" / sid
    write(folder / "validators.py", SPACE_FILE)
    V.enable_space_validators(folder)
    out = tmp_path / "jobs.flatspace"
    fs.open(admin, sid).export(out)
    got = fs.import_space(admin, out)
    new = fs.root / "spaces" / got["id"]
    assert not (new / "validators.py").exists() and not (new / "validators.trust").exists()


def test_rules_pickle_for_a_reader_process():
    import pickle

    bp, f = _field({"type": "external", "validator": "phone", "config": {"region": "US"}})
    again = pickle.loads(pickle.dumps(f))
    assert again.validators == f.validators and json.dumps(again.validators[0].config)


@pytest.mark.parametrize("pattern, risky", [
    ("(a+)+$", True), ("^(\\w+\\s?)+$", True), ("(x+x+)+y", True), ("((ab)*)+", True),
    ("^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*$", False),  # Flatfile's email regex
    ("^\\d{5}(?:-\\d{4})?$", False), ("^(\\d{3}-)+$", False), ("^([A-Z][a-z]+ ?)+$", False),
    ("^(?:[a-z]+,)*[a-z]+$", False),
])
def test_patterns_that_backtrack_for_exponential_time_are_not_run(pattern, risky):
    from flatspace_desktop.domain.regexrisk import backtracks

    assert backtracks(pattern) is risky


def test_the_workbook_notes_follow_the_spaces_own_validators(fs, admin):
    sid, _ = _space(fs, admin, JOBS)
    wid = fs.open(admin, sid).info()["workbooks"][0]["id"]
    assert any("jobCode" in n for n in fs.open(admin, sid).workbooks.notes(wid))
    folder = fs.space(sid).folder
    write(folder / "validators.py", SPACE_FILE)
    V.enable_space_validators(folder)
    fs.space(sid).forget_schema()
    notes = fs.open(admin, sid).workbooks.notes(wid)
    assert not any("jobCode" in n or "dept" in n for n in notes)  # both found in the enabled file
