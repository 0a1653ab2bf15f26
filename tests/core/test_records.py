"""Records: casting and validation messages, re-validation after edits, queries and paging."""

import pytest

from flatspace_desktop.domain.errors import InvalidInput, NotFound
from flatspace_desktop.domain.records import View

BP = {
    "name": "Shop",
    "sheets": [
        {"name": "Teams", "slug": "teams", "fields": [
            {"key": "code", "type": "string", "constraints": [{"type": "unique"}]},
            {"key": "size", "type": "number"}]},
        {"name": "People", "slug": "people", "fields": [
            {"key": "email", "type": "string", "label": "Email",
             "constraints": [{"type": "required"}, {"type": "unique", "caseSensitive": False, "ignoreEmpty": True}]},
            {"key": "nick", "type": "string", "config": {"size": 5},
             "constraints": [{"type": "unique"}]},
            {"key": "age", "type": "number", "config": {"decimalPlaces": 1}},
            {"key": "active", "type": "boolean"},
            {"key": "born", "type": "date"},
            {"key": "plan", "type": "enum", "config": {"options": [
                {"value": "free", "label": "Free"}, {"value": "pro", "label": "Professional", "alternativeNames": ["premium"]}]}},
            {"key": "color", "type": "enum", "config": {"allowCustom": True, "options": [{"value": "red"}]}},
            {"key": "team", "type": "reference", "config": {"ref": "teams", "key": "code"}},
            {"key": "tags", "type": "string-list"},
            {"key": "roles", "type": "enum-list", "config": {"options": [{"value": "dev"}, {"value": "ops"}]}},
            {"key": "squads", "type": "reference-list", "config": {"ref": "teams", "key": "code"}},
            {"key": "first", "type": "string"},
            {"key": "last", "type": "string"},
            {"key": "locked", "type": "string", "readonly": True},
            {"key": "calc", "type": "number", "constraints": [{"type": "computed"}]},
        ], "constraints": [{"type": "unique", "fields": ["first", "last"], "requiredFields": ["last"]}]},
    ],
}


@pytest.fixture
def shop(fs, admin):
    info = fs.create_space(admin, "Shop")
    fs.open(admin, info["id"]).workbooks.create(BP)
    fs.open(admin, info["id"]).records.add("teams", [{"code": "A", "size": 3}, {"code": "B", "size": "4"}])
    return info["id"]


def _add(fs, admin, sid, **values):
    n = len(fs.open(admin, sid).records.list("people", limit=10_000))
    values.setdefault("email", f"{n}@x.example")
    values.setdefault("nick", f"n{n}")
    (rid,) = fs.open(admin, sid).records.add("people", [values])
    return rid


def _get(fs, admin, sid, rid, sheet="people"):
    (rec,) = fs.open(admin, sid).records.by_id(sheet, [rid])
    return rec


def _msgs(rec, key):
    return [(m["type"], m.get("source"), m["message"]) for m in rec.messages.get(key, [])]


@pytest.mark.parametrize("key, raw, stored, problem", [
    ("age", "42", 42, None),
    ("age", " 1,234.5 ", 1234.5, None),
    ("age", "3.14159", 3.1, ("warn", None)),
    ("age", "forty", "forty", ("error", None)),
    ("age", "nan", "nan", ("error", None)),
    ("active", "Yes", 1, None),
    ("active", "0", 0, None),
    ("active", "perhaps", "perhaps", ("error", None)),
    ("born", "2024-02-29", "2024-02-29", None),
    ("born", "2023-02-29", "2023-02-29", ("error", None)),
    ("born", "31/12/2024", "2024-12-31", None),
    ("born", "03/04/2024", "2024-03-04", ("warn", None)),
    ("born", "March 5, 2024", "2024-03-05", None),
    ("born", "soon", "soon", ("error", None)),
    ("plan", "free", "free", None),
    ("plan", "PROFESSIONAL", "pro", None),
    ("plan", "premium", "pro", None),
    ("plan", "gold", "gold", ("error", "invalid-option")),
    ("color", "blue", "blue", ("info", "invalid-option")),
    ("nick", "toolong", "toolong", ("error", None)),
    ("tags", "a, b ,c", '["a", "b", "c"]', None),
    ("tags", '["x", "y"]', '["x", "y"]', None),
    ("roles", "dev;ops", '["dev", "ops"]', None),
    ("roles", "dev, cto", '["dev", "cto"]', ("error", "invalid-option")),
])
def test_cells_are_cast_and_flagged(fs, admin, shop, key, raw, stored, problem):
    rid = _add(fs, admin, shop, **{key: raw})
    rec = _get(fs, admin, shop, rid)
    assert rec.values[key] == stored
    found = [(t, s) for t, s, _ in _msgs(rec, key)]
    assert found == ([problem] if problem else [])
    assert rec.valid == (problem is None or problem[0] != "error")


def test_required_and_the_record_json_shape(fs, admin, shop):
    (rid,) = fs.open(admin, shop).records.add("people", [{"email": "  ", "active": "true", "tags": "a,b"}])
    rec = _get(fs, admin, shop, rid)
    assert _msgs(rec, "email") == [("error", "required-constraint", "Email is required")]
    out = fs.open(admin, shop).records.json("people", rec)
    assert out["id"] == str(rid) and out["valid"] is False
    assert out["values"]["email"] == {"value": None, "valid": False,
                                      "messages": [{"field": "email", "type": "error", "message": "Email is required",
                                                    "source": "required-constraint", "path": "$.value"}]}
    assert out["values"]["active"]["value"] is True
    assert out["values"]["tags"]["value"] == ["a", "b"]


def test_unique_is_rechecked_across_records_on_every_change(fs, admin, shop):
    r1 = _add(fs, admin, shop, email="a@x.example", nick="ann")
    r2 = _add(fs, admin, shop, email="A@X.example", nick="Ann")
    # email is case-insensitive, nick is case-sensitive
    assert _msgs(_get(fs, admin, shop, r1), "email")[0][:2] == ("error", "unique-constraint")
    assert _msgs(_get(fs, admin, shop, r2), "email")[0][:2] == ("error", "unique-constraint")
    assert _msgs(_get(fs, admin, shop, r1), "nick") == []
    fs.open(admin, shop).records.update("people", {r2: {"email": "b@x.example"}})
    assert _get(fs, admin, shop, r1).valid and _get(fs, admin, shop, r2).valid
    fs.open(admin, shop).records.update("people", {r2: {"nick": "ann"}})
    assert not _get(fs, admin, shop, r1).valid
    fs.open(admin, shop).records.delete("people", [r2])
    assert _get(fs, admin, shop, r1).valid


def test_ignore_empty_and_case_sensitive_options(fs, admin, shop):
    r1 = _add(fs, admin, shop, email="e1@x.example", nick=None)
    r2 = _add(fs, admin, shop, email="e2@x.example", nick=None)
    # nick: unique, ignoreEmpty false: two empty nicks are duplicates of each other
    assert _msgs(_get(fs, admin, shop, r1), "nick")[0][1] == "unique-constraint"
    fs.open(admin, shop).records.update("people", {r1: {"nick": "x"}})
    assert _msgs(_get(fs, admin, shop, r2), "nick") == []


def test_composite_unique_with_required_fields(fs, admin, shop):
    r1 = _add(fs, admin, shop, first="Ada", last="Lovelace")
    r2 = _add(fs, admin, shop, first="Ada", last="Lovelace")
    r3 = _add(fs, admin, shop, first="Ada")
    r4 = _add(fs, admin, shop, first="Ada")  # last is empty: the constraint does not apply
    for rid in (r1, r2):
        rec = _get(fs, admin, shop, rid)
        assert ("error", "unique-constraint") in [(t, s) for t, s, _ in _msgs(rec, "first")]
        assert ("error", "unique-constraint") in [(t, s) for t, s, _ in _msgs(rec, "last")]
    assert _get(fs, admin, shop, r3).valid and _get(fs, admin, shop, r4).valid
    fs.open(admin, shop).records.update("people", {r2: {"last": "Byron"}})
    assert _get(fs, admin, shop, r1).valid and _get(fs, admin, shop, r2).valid


def test_references_follow_the_referenced_sheet(fs, admin, shop):
    rid = _add(fs, admin, shop, team="C", squads="A, C, D")
    rec = _get(fs, admin, shop, rid)
    assert _msgs(rec, "team") == [("error", "unlinked", '"C" was not found in teams.code')]
    assert _msgs(rec, "squads") == [("error", "unlinked", "Not found in teams.code: C, D")]
    (c_rid,) = fs.open(admin, shop).records.add("teams", [{"code": "C"}])
    rec = _get(fs, admin, shop, rid)
    assert _msgs(rec, "team") == [] and _msgs(rec, "squads")[0][2].endswith(": D")
    fs.open(admin, shop).records.update("teams", {c_rid: {"code": "D"}})
    rec = _get(fs, admin, shop, rid)
    assert _msgs(rec, "team")[0][1] == "unlinked" and _msgs(rec, "squads")[0][2].endswith(": C")
    fs.open(admin, shop).records.delete("teams", [c_rid])
    assert _msgs(_get(fs, admin, shop, rid), "squads")[0][2].endswith(": C, D")


def test_readonly_computed_and_unknown_fields_are_refused(fs, admin, shop):
    rid = _add(fs, admin, shop)
    with pytest.raises(InvalidInput, match="read-only"):
        fs.open(admin, shop).records.update("people", {rid: {"locked": "x"}})
    with pytest.raises(InvalidInput, match="computed"):
        fs.open(admin, shop).records.update("people", {rid: {"calc": 1}})
    with pytest.raises(InvalidInput, match="no field"):
        fs.open(admin, shop).records.update("people", {rid: {"ghost": 1}})
    with pytest.raises(NotFound):
        fs.open(admin, shop).records.update("people", {99999: {"first": "x"}})


def test_find_replace_and_bulk_update_revalidate(fs, admin, shop):
    rids = [_add(fs, admin, shop, plan=p, first=f) for p, f in
            (("gold", "Jo"), ("gold", "Joan"), ("free", "Jon"))]
    assert fs.open(admin, shop).records.counts("people")["errorsByField"]["plan"] == 2
    n = fs.open(admin, shop).records.find_replace("people", "GOLD", "pro", field="plan")
    assert n == 2
    assert fs.open(admin, shop).records.counts("people")["errorsByField"]["plan"] == 0
    assert _get(fs, admin, shop, rids[0]).values["plan"] == "pro"
    assert fs.open(admin, shop).records.find_replace("people", "jo", "Bo", match_case=False) == 3
    assert [_get(fs, admin, shop, r).values["first"] for r in rids] == ["Bo", "Boan", "Bon"]
    assert fs.open(admin, shop).records.find_replace("people", "Bo", "X", whole_cell=True, match_case=True) == 1
    assert fs.open(admin, shop).records.bulk_update("people", "age", "bad", rids=rids[:2]) == 2
    assert fs.open(admin, shop).records.counts("people")["errorsByField"]["age"] == 2
    assert fs.open(admin, shop).records.bulk_update("people", "age", "7", view=View(field_errors="age")) == 2
    assert fs.open(admin, shop).records.counts("people")["errorsByField"]["age"] == 0


def test_queries_filter_search_sort_and_page(fs, admin, shop):
    rows = [{"email": f"p{i:02d}@x.example", "first": name, "age": str(age), "nick": f"n{i}"}
            for i, (name, age) in enumerate([("Zoe", 30), ("adam", "x"), ("Mia", 22), ("Bob", 41), ("eve", "y")])]
    rids = fs.open(admin, shop).records.add("people", rows)
    c = fs.open(admin, shop).records.counts("people")
    assert (c["total"], c["valid"], c["error"]) == (5, 3, 2)
    assert c["errorsByField"]["age"] == 2
    err = fs.open(admin, shop).records.list("people", View(filter="error"))
    assert [r.values["first"] for r in err] == ["adam", "eve"]
    assert [r.values["first"] for r in fs.open(admin, shop).records.list("people", View(filter="valid"))] == ["Zoe", "Mia", "Bob"]
    assert [r.values["first"] for r in fs.open(admin, shop).records.list("people", View(field_errors="age"))] == ["adam", "eve"]
    assert [r.values["first"] for r in fs.open(admin, shop).records.list("people", View(search="P03@"))] == ["Bob"]
    assert [r.values["first"] for r in fs.open(admin, shop).records.list("people", View(search="%"))] == []
    by_name = fs.open(admin, shop).records.list("people", View(sort="first"))
    assert [r.values["first"] for r in by_name] == ["Bob", "Mia", "Zoe", "adam", "eve"]
    by_age = fs.open(admin, shop).records.list("people", View(sort="age", descending=True))
    assert [r.values["age"] for r in by_age][:3] == ["y", "x", 41]  # text after numbers, as SQLite orders
    page = fs.open(admin, shop).records.list("people", View(), limit=2, offset=2)
    assert [r.rid for r in page] == rids[2:4]
    after = fs.open(admin, shop).records.list("people", View(), limit=2, after=rids[1])
    assert [r.rid for r in after] == rids[2:4]
    view = View(filter="error", search="eve")
    assert fs.open(admin, shop).records.counts("people", view)["total"] == 1


@pytest.mark.local_space  # the slices are read on SQLite connections of their own
def test_a_big_sheets_search_read_in_slices_at_once_finds_what_one_scan_finds(fs, admin, shop, monkeypatch):
    from flatspace_desktop.storage import splitscan

    s = fs.open(admin, shop)
    rids = s.records.add("people", [{"email": f"p{i}@x.example", "first": ["Ana", "bo", "ANAIS"][i % 3],
                                     "age": str(i) if i % 7 else "old"} for i in range(2_000)])
    s.records.delete("people", rids[100:900:3])  # ids with holes in them
    views = [View(search="ana"), View(search="ana", descending=True), View(search="ana", filter="error"),
             View(search="p1"), View(search="nobody")]
    one_scan = [list(s.records.ids("people", v)) for v in views]
    monkeypatch.setattr(splitscan, "MIN_RECORDS", 0)
    monkeypatch.setattr(splitscan, "parts", lambda: 3)
    split = []
    monkeypatch.setattr(splitscan, "split_ids", lambda *a, f=splitscan.split_ids: split.append(1) or f(*a))
    assert [list(s.records.ids("people", v)) for v in views] == one_scan and len(split) == len(views)
    assert len(one_scan[0]) > 600 and one_scan[1] == one_scan[0][::-1] and not one_scan[4]
    with s.transaction():  # inside a write: its own connection alone sees what it wrote
        s.records.add("people", [{"email": "late@x.example", "first": "Anabel"}])
        assert len(s.records.ids("people", View(search="anabel"))) == 1


def test_a_readonly_sheet_refuses_writes(fs, admin):
    info = fs.create_space(admin, "RO")
    fs.open(admin, info["id"]).workbooks.create({"name": "W", "sheets": [
        {"name": "Fixed", "readonly": True, "fields": [{"key": "a", "type": "string"}]}]})
    with pytest.raises(InvalidInput, match="read-only"):
        fs.open(admin, info["id"]).records.add("fixed", [{"a": "x"}])


def test_validate_rechecks_every_record(fs, admin, shop):
    rid = _add(fs, admin, shop, age="12", plan="free")
    counts = fs.open(admin, shop).records.validate("people")
    assert counts["total"] == 1 and counts["error"] == 0
    assert _get(fs, admin, shop, rid).values["age"] == 12


def test_changing_many_records_at_once_takes_a_snapshot_first(fs, admin, shop):
    """A paste or a cleared range from the window is a bulk change: restorable like one."""
    rids = [_add(fs, admin, shop, age=i) for i in range(10)]
    fs.open(admin, shop).records.update("people", {rids[0]: {"age": 42}})
    assert not [s for s in fs.open(admin, shop).history.list() if "before changing" in s["reason"]]
    fs.open(admin, shop).records.update("people", {rid: {"age": 7} for rid in rids})
    snaps = [s for s in fs.open(admin, shop).history.list() if "before changing" in s["reason"]]
    assert len(snaps) == 1 and snaps[0]["reason"] == "before changing 10 records of people"
    fs.open(admin, shop).history.restore(snaps[0]["id"])
    assert [_get(fs, admin, shop, rid).values["age"] for rid in rids[:2]] == [42, 1]


def test_the_error_filter_sorted_reads_the_invalid_records_in_order(fs, admin, shop):
    """Sorting builds a second, partial index of the invalid records alone; edits keep it."""
    for first, age in (("Mia", "x"), ("Al", 3), ("Zoe", "old"), ("Bo", "?"), ("Cy", 5)):
        _add(fs, admin, shop, first=first, age=age)
    s = fs.open(admin, shop)
    view = View(filter="error", sort="first")
    assert [r.values["first"] for r in s.records.list("people", view)] == ["Bo", "Mia", "Zoe"]
    assert s.records.sort_ready("people", "first")
    bo = next(r for r in s.records.list("people", view) if r.values["first"] == "Bo")
    s.records.update("people", {bo.rid: {"age": 40}})  # valid now: out of the error filter
    (al,) = [r for r in s.records.list("people") if r.values["first"] == "Al"]
    s.records.update("people", {al.rid: {"age": "none"}})  # invalid now: in it
    assert [r.values["first"] for r in s.records.list("people", view)] == ["Al", "Mia", "Zoe"]
    desc = View(filter="error", sort="first", descending=True)
    assert [r.values["first"] for r in s.records.list("people", desc)] == ["Zoe", "Mia", "Al"]
    assert list(s.records.ids("people", view)) == [r.rid for r in s.records.list("people", view)]
