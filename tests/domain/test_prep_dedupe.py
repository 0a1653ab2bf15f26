"""Deduplication plans: which records go, which kept record takes which values, and what the
review says. Real duplicates: car names in vega_datasets' cars (tests/data/realworld/prep)."""

import csv

import pytest

from support import DATA
from flatspace_desktop.domain.errors import InvalidInput
from flatspace_desktop.domain.prep.dedupe import Dedupe, dedupe_key, plan_dedupe

PREP = DATA / "realworld" / "prep"

PEOPLE = [
    (1, {"email": "Ann@Example.com", "name": "Ann", "phone": None, "city": ""}),
    (2, {"email": "bob@example.com", "name": "Bob", "phone": "555-0101", "city": "Leeds"}),
    (3, {"email": " ann@example.com", "name": "Annie", "phone": "555-0199", "city": None}),
    (4, {"email": "ANN@EXAMPLE.COM", "name": None, "phone": "555-0000", "city": "York"}),
    (5, {"email": None, "name": "No mail", "phone": None, "city": None}),
    (6, {"email": "", "name": "Empty mail", "phone": None, "city": None}),
]


def by(field, rows=PEOPLE):
    return [(rid, (row[field],), row) for rid, row in rows]


def test_case_insensitive_email_keeps_the_first_and_merges_non_empty_values():
    plan = plan_dedupe(by("email"), match="loose", keep="merge")
    assert plan.delete == (3, 4)
    assert plan.updates == {1: {"phone": "555-0199", "city": "York"}}  # first non-empty wins, in order
    assert plan.groups == 1 and plan.records == 6
    ex = plan.examples[0]
    assert ex.kept == 1 and ex.removed == (3, 4) and ex.size == 3 and ex.merged["phone"] == "555-0199"
    assert plan.summary("email") == ("1 group of duplicates by email (ignoring case and spaces) among 6 records: "
                                     "2 to remove; the first of each is kept and takes the others' values for "
                                     "its empty fields (where they hold a different value, the first's stays) "
                                     "(1 record updated).")


def test_keep_first_and_keep_last():
    first = plan_dedupe(by("email"), "loose", "first")
    assert first.delete == (3, 4) and first.updates == {}
    last = plan_dedupe(by("email"), "loose", "last")
    assert set(last.delete) == {1, 3} and last.examples[0].kept == 4


def test_exact_match_and_empty_keys():
    assert plan_dedupe(by("email"), "exact").groups == 0  # case and a space differ
    assert dedupe_key([None, "  "]) is None  # records without a key are not duplicates
    assert dedupe_key(["  A  b "], "loose") == ("a b",)
    assert plan_dedupe(by("email")).summary("email") == "No duplicates by email among 6 records."


def test_presorted_stream_gives_the_same_plan():
    stream = sorted(by("email"), key=lambda r: (dedupe_key(r[1], "loose") or (), r[0]))
    assert plan_dedupe(stream, "loose", "merge", presorted=True) == plan_dedupe(by("email"), "loose", "merge")


def cars():
    with open(PREP / "cars.csv", newline="", encoding="utf-8") as f:
        return [(i, (r["Name"],), {k: (v or None) for k, v in r.items()}) for i, r in enumerate(csv.DictReader(f))]


def test_real_car_names_merge_missing_measurements():
    records = cars()
    plan = Dedupe(keep="merge", match="loose").plan(records, examples=100)
    names = {r[1][0] for r in records}
    assert plan.groups == 57 and len(records) - plan.records_to_remove == len(names) == 311
    # the first "ford pinto" (1971) has no horsepower; the second (85) fills it
    first_pinto = next(rid for rid, key, _ in records if key == ("ford pinto",))
    assert plan.updates[first_pinto] == {"Horsepower": "85"}
    concours = next(rid for rid, key, _ in records if key == ("chevrolet chevelle concours (sw)",))
    assert plan.updates[concours] == {"Miles_per_Gallon": "13"}
    kept = set(range(len(records))) - set(plan.delete)
    assert len({records[i][1] for i in kept}) == len(kept)  # one record left per name


def test_bad_settings():
    with pytest.raises(InvalidInput, match='keep: "newest" is not one of: first, last, merge'):
        plan_dedupe([], keep="newest")
    with pytest.raises(InvalidInput, match="match"):
        Dedupe.from_params({"match": "fuzzy"})
