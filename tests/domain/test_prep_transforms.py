"""Transforms and their preview, on real columns where there is one (vega_datasets: car
names, Seattle dates; see tests/data/realworld/prep/README.md)."""

import csv
from datetime import date

import pytest

from support import DATA
from flatspace_desktop.domain.errors import InvalidInput
from flatspace_desktop.domain.prep.dates import ReformatDate, plausible_orders, read_date
from flatspace_desktop.domain.prep.fields import Join, Split
from flatspace_desktop.domain.prep.transforms import (UNCHANGED, ChangeCase, Extract, FillDown, FillEmpty, MassEdit,
                                                      Replace, SetValue, Trim, preview)

PREP = DATA / "realworld" / "prep"


def column(name: str, field: str) -> list[str]:
    with open(PREP / name, newline="", encoding="utf-8") as f:
        return [row[field] for row in csv.DictReader(f)]


def test_trim_and_collapse_spaces():
    assert Trim().apply("  New \t York\u00a0 ") == "New York"
    assert Trim(collapse=False).apply("  New   York ") == "New   York"
    assert Trim().apply("   ") is None and Trim().apply(42) == 42 and Trim().apply(None) is None


def test_change_case_on_car_names():
    names = column("cars.csv", "Name")
    title = ChangeCase("title")
    assert title.apply("chevrolet chevelle malibu") == "Chevrolet Chevelle Malibu"
    assert title.apply("datsun 200-sx") == "Datsun 200-Sx"
    assert title.apply("mcdonald's 3RD o'neil") == "Mcdonald's 3rd O'neil"  # not str.title's "Mcdonald'S 3Rd"
    assert ChangeCase("upper").apply("ford pinto") == "FORD PINTO"
    assert ChangeCase("sentence").apply("THE CAR. IT RUNS! fine") == "The car. It runs! Fine"
    # the data is lower case but for four names a find-and-replace once mangled upstream
    mixed = [n for n in names if ChangeCase("lower").apply(n) != n]
    assert mixed == ["honda Accelerationord cvcc", "honda Accelerationord lx", "honda Accelerationord",
                     "honda Accelerationord"]
    fix = Replace(r"\bAcceleration(ord)\b", r"acc\1")
    assert [fix.apply(n) for n in mixed[:2]] == ["honda accord cvcc", "honda accord lx"]


def test_split_a_name_by_comma_and_space():
    assert Split(", ").apply("Smith, John") == ("Smith", "John")
    assert Split(", ").apply("Smith, John, Jr", width=2) == ("Smith", "John, Jr")  # the rest is kept
    assert Split(", ").apply("Smith", width=2) == ("Smith", None)
    assert Split(", ", max_parts=2).apply("a, b, c") == ("a", "b, c")
    assert Split(r"\s*[;|]\s*", regex=True).apply("red ; green|blue") == ("red", "green", "blue")
    assert Split("(x)", regex=True).apply("1x2") == ("1", "2")  # the pattern's groups are not parts


def test_split_car_names_into_maker_and_model():
    split = Split(" ", max_parts=2)
    parts = [split.apply(n, width=2) for n in column("cars.csv", "Name")]
    assert parts[0] == ("chevrolet", "chevelle malibu")
    assert all(" ".join(p for p in pair if p) == n for pair, n in zip(parts, column("cars.csv", "Name")))


def test_join_skips_empty():
    assert Join(" ").apply(("John", None, "  ", "Smith")) == "John Smith"
    assert Join(", ", skip_empty=False).apply(("a", None, "b")) == "a, , b"
    assert Join().apply((None, "")) is None
    assert Join("-").apply(("1970", 1, 1)) == "1970-1-1"


def test_extract_and_replace_with_backrefs():
    assert Extract(r"(\d{4})-\d\d-\d\d").apply("1970-01-01") == "1970"
    assert Extract(r"(?P<model>\d+)", group="model").apply("datsun b210 gx") == "210"
    assert Extract(r"\d+", keep_unmatched=False).apply("no digits") is None
    assert Extract(r"\d+").apply("no digits") is UNCHANGED  # by default a cell it cannot read stays
    swap = Replace(r"^(\w+), (\w+)$", r"\2 \1")
    assert swap.apply("Smith, John") == "John Smith"
    assert Replace(r"^(\w+), (\w+)$", "$2 ${1}").apply("Smith, John") == "John Smith"
    assert Replace(r"\$", "$$ USD").apply("5$") == "5$ USD"
    assert Replace("a", "b", ignore_case=True, count=1).apply("AaA") == "baA"
    assert Replace(r"\s+", "").apply("   ") is None
    assert Replace("x", "y").apply(7) == 7  # no match: the number stays a number


def test_fill_down_fill_empty_set_value_mass_edit():
    assert preview(FillDown(), ["ford", None, "", "amc", None]) == [
        (None, "ford"), ("", "ford"), (None, "amc"), ("ford", "ford"), ("amc", "amc")]
    run = FillDown().runner()
    first, second = [run(v) for v in ["a", None]], [run(v) for v in [None, "b"]]  # batches
    assert first + second == ["a", "a", "a", "b"]
    assert FillEmpty("n/a").apply(" ") == "n/a" and FillEmpty("n/a").apply("x") == "x"
    assert SetValue(None).apply("x") is None
    assert MassEdit((("chevroelt", "chevrolet"),)).apply("chevroelt") == "chevrolet"


def test_reformat_real_dates():
    days = column("seattle_weather.csv", "date")
    assert plausible_orders(days) == ("YMD",)
    iso = ReformatDate(order="YMD")
    assert iso.apply(days[0]) == "2012-01-01" and iso.apply(days[-1]) == "2015-12-31"
    assert ReformatDate().apply("2012/01/31") == "2012-01-31"  # auto
    eu = ReformatDate(order="YMD", format="%d.%m.%Y")
    assert eu.apply("2013/02/28") == "28.02.2013"
    assert ReformatDate(order="DMY").apply("31/01/12") == "2012-01-31"
    assert ReformatDate(order="MDY").apply("Jan 5, 2012") == "2012-01-05"
    assert ReformatDate(order="DMY").apply("5 März 2012") == "2012-03-05"
    assert ReformatDate(order="DMY").apply("not a date") == "not a date"  # left for the person to see
    assert ReformatDate(format="%Y").apply(date(1999, 1, 2)) == "1999"
    assert plausible_orders(["01/02/2012", "05/06/2013"]) == ("DMY", "MDY")
    assert plausible_orders(["31/01/2012", "01/31/2012"]) == ()
    assert read_date("2012-02-30", "YMD") is None


def test_preview_shows_changed_rows_first():
    names = column("cars.csv", "Name")[:20]
    rows = preview(Replace(r"^chevrolet\b", "Chevrolet"), names)
    changed = [r for r in rows if r[0] != r[1]]
    assert changed and rows[:len(changed)] == changed
    assert all(after.startswith("Chevrolet") for _b, after in changed)
    assert len(preview(ChangeCase("upper"), names, limit=5)) == 5
    assert preview(Join(" "), [("a", "b")]) == [(("a", "b"), "a b")]


@pytest.mark.parametrize("make, words", [
    (lambda: Replace("(a+)+$", "x"), "pattern: this regular expression can take very long"),
    (lambda: Replace("(", "x"), "pattern: not a valid regular expression"),
    (lambda: Replace("(a)", r"\2"), 'replacement: refers to group "2"'),
    (lambda: Extract(""), "pattern: the regular expression is empty"),
    (lambda: Extract("(a)", group=3), "group: the pattern has 1 group(s)"),
    (lambda: ChangeCase("camel"), 'case: "camel" is not one of: upper, lower, title, sentence'),
    (lambda: Split(""), "separator: is empty"),
    (lambda: Split(",", max_parts=1), "max_parts: must be 0"),
    (lambda: Split(r"(\w+\s?)*", regex=True), "separator: this regular expression can take very long"),
    (lambda: ReformatDate(order="YDM"), 'order: "YDM" is not one of'),
    (lambda: ReformatDate(format="dd.mm.yyyy"), "format: has no strftime directive"),
    (lambda: FillEmpty(""), "value: is empty"),
])
def test_bad_parameters_are_one_clear_line(make, words):
    with pytest.raises(InvalidInput) as e:
        make()
    assert str(e.value).startswith(words) and "\n" not in str(e.value)


def test_parameters_round_trip_through_json_shapes():
    for t in (Trim(), ChangeCase("title"), Split(", ", max_parts=2), Join(" / "), Extract(r"(\d+)", 1),
              Replace(r"(\w+)", r"<\1>", True, 2), FillDown(), FillEmpty(0), ReformatDate("DMY", "%Y"),
              SetValue("x"), MassEdit((("a", "b"),))):
        assert type(t).from_params(t.params()) == t
    with pytest.raises(InvalidInput, match='colour: is not a parameter of "trim"'):
        Trim.from_params({"colour": "red"})
    with pytest.raises(InvalidInput, match="collapse: must be true or false, not text"):
        Trim.from_params({"collapse": "yes"})
    with pytest.raises(InvalidInput, match="pattern: is missing"):
        Replace.from_params({"replacement": "x"})
