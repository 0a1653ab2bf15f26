"""Import detection on public data written the ways real files arrive (tests/data/realworld/README.md):
a European Excel export, an R export, a US spreadsheet export."""

from __future__ import annotations

import csv

import pytest

from support import DATA

from flatspace_desktop.domain.importing.casting import Overrides, UnsettledColumn, make_caster
from flatspace_desktop.domain.importing.enums import EMPTY, MAP, EnumChoice, enum_values
from flatspace_desktop.domain.importing.evidence import ColumnEvidence
from flatspace_desktop.domain.importing.guess import decide

REALWORLD = DATA / "realworld"


def read(name: str, encoding: str = "utf-8", delimiter: str = ",") -> dict[str, list[str]]:
    with open(REALWORLD / name, encoding=encoding, newline="") as f:
        rows = list(csv.reader(f, delimiter=delimiter))
    return {h: [r[i] for r in rows[1:]] for i, h in enumerate(rows[0])}


@pytest.fixture(scope="module")
def european():
    raw = (REALWORLD / "seattle_weather_eu.csv").read_bytes()
    assert b"\r\n" in raw and "°".encode("cp1252") in raw  # the Windows form: CRLF, cp1252
    return read("seattle_weather_eu.csv", "cp1252", ";")


@pytest.fixture(scope="module")
def r_export():
    return read("airquality_r.csv")


@pytest.fixture(scope="module")
def us():
    return read("economics_us.csv")


def guess_of(values, hint=None, **kw):
    return decide(ColumnEvidence(**kw).add_many(values), hint)


def cast_all(values, guess, overrides=None):
    cast = make_caster(guess, overrides)
    return [cast(v) for v in values]


# -- the European file: one order and one separator for the whole column ---------------------

def test_european_dates_are_day_first_from_the_values(european):
    dates = european["Datum"]
    assert all(int(d[:2]) <= 12 for d in dates[:12])  # the rows a cell-by-cell guess got wrong
    g = guess_of(dates)
    assert (g.kind, g.date_order, g.ambiguous) == ("date", "DMY", False)
    assert "day first" in g.why and "13/01/2012" in g.why
    out = cast_all(dates, g)
    assert [v for v, _ in out[:3]] == ["2012-01-01", "2012-01-02", "2012-01-03"]
    assert out[12] == ("2012-01-13", None)
    assert all(p is None for _, p in out)


def test_european_hint_does_not_overrule_the_values(european):
    assert guess_of(european["Datum"], "en_US").date_order == "DMY"


def test_decimal_comma_10_9_is_10_point_9(european):
    rain = european["Niederschlag (mm)"]
    assert rain[1] == "10,9"
    g = guess_of(rain)
    assert (g.kind, g.decimal, g.ambiguous) == ("decimal", ",", False)
    assert "decimal comma" in g.why
    out = cast_all(rain, g)
    assert out[1] == (10.9, None)
    assert all(p is None and isinstance(v, float) for v, p in out)


def test_negative_decimal_commas(european):
    out = cast_all(european["Temp. min (°C)"], guess_of(european["Temp. min (°C)"]))
    assert min(v for v, _ in out) < 0
    assert all(p is None for _, p in out)


def test_weather_words_are_text_and_their_enum_values_are_distinct(european):
    weather = european["Wetter"]
    assert guess_of(weather).kind == "text"
    options = [{"value": "rain", "label": "Rain"}, {"value": "sunny", "label": "Sun"},
               {"value": "snow", "label": "Snow"}, {"value": "fog", "label": "Fog"}]
    found = enum_values(weather, options)
    texts = [v.text for v in found.values]
    assert len(texts) == len(set(texts)) == 5  # each distinct value once
    assert sum(v.count for v in found.values) == len(weather)
    (drizzle,) = found.unmatched
    assert drizzle.text == "drizzle" and drizzle.count == weather.count("drizzle")
    assert drizzle.rows[0] == weather.index("drizzle")
    assert drizzle.suggestion.action == "keep"
    sun = next(v for v in found.values if v.text == "sun")
    assert sun.matched and sun.suggestion == EnumChoice(MAP, "sunny")  # by its label, ignoring case
    assert found.value_map({"drizzle": EnumChoice(EMPTY)}) == {"drizzle": None}
    assert found.value_map({"drizzle": EnumChoice(MAP, "rain")}) == {"drizzle": "rain"}


# -- the R export: NA is an empty cell ---------------------------------------------------------

def test_r_na_becomes_empty(r_export):
    ozone = r_export["Ozone"]
    assert ozone.count("NA") > 30
    g = guess_of(ozone)
    assert g.kind == "integer" and g.missing == ozone.count("NA") and g.fit == g.values
    out = cast_all(ozone, g)
    assert out[4] == (None, None) and ozone[4] == "NA"
    assert all(p is None for _, p in out)
    assert sum(v is None for v, _ in out) == ozone.count("NA")


def test_r_quoted_header_and_row_names(r_export):
    assert "" in r_export  # R's unnamed row-name column
    assert guess_of(r_export[""]).kind == "integer"
    g = guess_of(r_export["Wind"])
    assert (g.kind, g.decimal) == ("decimal", ".")
    assert cast_all(r_export["Wind"], g)[0] == (7.4, None)


def test_r_iso_dates(r_export):
    g = guess_of(r_export["Date"])
    assert (g.kind, g.date_order, g.ambiguous) == ("date", "YMD", False)


def test_na_kept_when_the_import_says_so(r_export):
    g = guess_of(r_export["Ozone"], missing=("",))
    assert g.kind == "text"  # 37 "NA" of 153 values: not a number column any more
    out = cast_all(r_export["Ozone"], g, Overrides(kind="integer", missing=("",)))
    assert out[4] == ("NA", '"NA" is not a number')


# -- the US file: ambiguous columns follow the locale, or are asked -----------------------------

def test_days_all_le_12_are_ambiguous_and_follow_the_locale(us):
    months = us["Month"]
    assert months[0] == "07/01/1967"
    g = guess_of(months)
    assert g.kind == "date" and g.ambiguous and g.date_order is None and g.needs_answer
    assert set(g.date_orders) == {"DMY", "MDY"}
    assert "order unclear" in g.why
    with pytest.raises(UnsettledColumn):
        make_caster(g)
    us_guess = guess_of(months, "en_US")
    assert us_guess.date_order == "MDY" and us_guess.resolved_by == "en_US" and not us_guess.needs_answer
    assert cast_all(months, us_guess)[0] == ("1967-07-01", None)
    uk_guess = guess_of(months, "en_GB")
    assert cast_all(months, uk_guess)[0] == ("1967-01-07", None)
    assert cast_all(months, g, Overrides(date_order="MDY"))[-1] == ("1992-06-01", None)


def test_dollars_with_thousands(us):
    pce = us["Personal consumption ($bn)"]
    g = guess_of(pce)
    assert (g.kind, g.currency, g.decimal, g.thousands) == ("currency", "$", ".", ",")
    out = cast_all(pce, g)
    assert out[0] == (506.7, None)
    assert out[-1] == (4177.1, None) and pce[-1] == "$4,177.1"


def test_percent_keeps_the_number_shown(us):
    g = guess_of(us["Savings rate"])
    assert g.kind == "percent"
    assert cast_all(us["Savings rate"], g)[0] == (12.6, None)


def test_thousands_only_column_is_ambiguous(us):
    unemployed = us["Unemployed (000s)"]
    g = guess_of(unemployed)
    assert g.ambiguous and g.decimal is None and g.needs_answer
    with pytest.raises(UnsettledColumn):
        make_caster(g)
    us_guess = guess_of(unemployed, "en_US")
    assert us_guess.kind == "integer" and cast_all(unemployed, us_guess)[0] == (2944, None)
    de_guess = guess_of(unemployed, "de_DE")
    assert cast_all(unemployed, de_guess)[0] == (2.944, None)


# -- a mixed column keeps its bad cells as text -------------------------------------------------

def test_mixed_column_keeps_bad_cells_with_a_problem(european):
    dates = list(european["Datum"][:50])
    dates[20], dates[30] = "unbekannt", "31/02/2012"
    g = guess_of(dates)
    assert g.kind == "date" and g.date_order == "DMY" and g.fit == 48
    assert "2 of 50 values do not fit" in g.why
    out = cast_all(dates, g)
    assert out[20] == ("unbekannt", '"unbekannt" is not a date')
    assert out[30] == ("31/02/2012", '"31/02/2012" is not a date (day first)')
    assert sum(p is not None for _, p in out) == 2


def test_keep_as_text_override(european):
    rain = european["Niederschlag (mm)"]
    out = cast_all(rain, guess_of(rain), Overrides(keep_as_text=True))
    assert [v for v, _ in out] == rain
