"""Import detection, cell forms one by one: numbers, dates, yes/no, missing tokens, hostile cells."""

from __future__ import annotations

import pytest

from flatspace_desktop.domain.importing.casting import Overrides, UnsettledColumn, make_caster
from flatspace_desktop.domain.importing.evidence import ColumnEvidence
from flatspace_desktop.domain.importing.guess import decide
from flatspace_desktop.domain.importing.locales import date_orders, decimal_separator
from flatspace_desktop.domain.importing.tokens import (DEFAULT_MISSING, TokenListError, format_missing,
                                                       missing_test, parse_missing)
from flatspace_desktop.domain.values import INT_MAX


def guess(values, hint=None, **kw):
    return decide(ColumnEvidence(**kw).add_many(values), hint)


def cast(values, overrides=None, hint=None):
    c = make_caster(guess(values, hint), overrides)
    return [c(v) for v in values]


def values(values, overrides=None, hint=None):
    out = cast(values, overrides, hint)
    assert all(p is None for _, p in out), out
    return [v for v, _ in out]


# -- missing tokens ---------------------------------------------------------------------------

def test_default_tokens_become_empty():
    assert DEFAULT_MISSING == ("", "NA", "N/A", "n/a", "null", "NULL", "None", "-", "#N/A")
    assert values(["1", "NA", " N/A ", "#N/A", "-", "", None, "   ", "2"]) == [1] + [None] * 7 + [2]


def test_tokens_match_exactly_after_trimming():
    is_missing = missing_test()
    assert is_missing("NA") and is_missing("  NULL\t") and is_missing(None) and is_missing(" ")
    assert not is_missing("na") and not is_missing("Na") and not is_missing("Null") and not is_missing("--")


def test_token_list_round_trip():
    assert parse_missing(format_missing(DEFAULT_MISSING)) == DEFAULT_MISSING
    assert format_missing(DEFAULT_MISSING) == '"", NA, N/A, n/a, null, NULL, None, -, #N/A'
    tokens = parse_missing(' NA ,n. a., "none, really", "the ""null"" value",, "  padded  ", NA')
    assert tokens == ("NA", "n. a.", "none, really", 'the "null" value', "padded")
    assert parse_missing(format_missing(tokens)) == tokens
    assert parse_missing("") == () and parse_missing(" , ,") == ()


@pytest.mark.parametrize("text", ['"NA', 'NA, "x" y', 'a"b'])
def test_token_list_mistakes_say_what(text):
    with pytest.raises(TokenListError):
        parse_missing(text)


def test_a_column_can_keep_na_namibia():
    countries = ["DE", "NA", "FR"]
    assert cast(countries, Overrides(missing=("",))) == [("DE", None), ("NA", None), ("FR", None)]


# -- numbers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("cells, expected, decimal", [
    (["1.234,56", "10,9"], [1234.56, 10.9], ","),
    (["1,234.56", "10.9"], [1234.56, 10.9], "."),
    (["10,9", "1,234"], [10.9, 1.234], ","),  # 1,234 follows the column
    (["1,234,567", "1,234"], [1234567, 1234], "."),
    (["1 234,5", "1\u00a0234,5", "1\u202f234,5"], [1234.5] * 3, ","),  # space, no-break, narrow no-break
    (["1'234.5", "1\u2019234.5"], [1234.5] * 2, "."),  # Swiss
    (["1.234.567", "12"], [1234567, 12], ","),
    (["-1,5", "\u22121,5", "+2,5"], [-1.5, -1.5, 2.5], ","),
    (["1.5e3", "2E-2"], [1500.0, 0.02], "."),
])
def test_number_forms(cells, expected, decimal):
    g = guess(cells)
    assert g.decimal == decimal and not g.ambiguous
    assert values(cells) == expected


def test_percentages_keep_the_number_shown():
    g = guess(["12,5 %", "7\u00a0%", "100%"])
    assert (g.kind, g.decimal) == ("percent", ",")
    assert values(["12,5 %", "7\u00a0%", "100%"]) == [12.5, 7, 100]


def test_currency_signs_and_codes():
    cells = ["€5", "-€5", "€-5,50", "5 €", "1.234,56 €", "(5,00 €)"]
    g = guess(cells)
    assert (g.kind, g.currency) == ("currency", "€")
    assert values(cells) == [5, -5, -5.5, 5, 1234.56, -5.0]
    assert values(["CHF 1'234.50", "CHF 12"]) == [1234.5, 12]
    assert values(["(5.00)", "3.00"]) == [-5.0, 3.0]  # accounting negatives


def test_a_second_currency_is_not_merged():
    out = cast(["€5", "€6", "€7", "€8", "$9"])
    assert out[4] == ("$9", '"$9" is in $; the column is in €')


def test_whole_and_decimal_columns():
    assert guess(["1", "2", "30"]).kind == "integer"
    assert guess(["1", "2.5"]).kind == "decimal"


def test_whole_numbers_without_separators_follow_the_locale_quietly():
    g = guess(["1", "2"], "de_DE")
    assert g.decimal == "," and not g.ambiguous
    assert make_caster(g)("2,5") == (2.5, None)


def test_leading_zeros_are_codes():
    g = guess(["02134", "90210", "00501"])
    assert g.kind == "text" and "leading zeros" in g.why
    assert values(["02134", "90210"]) == ["02134", "90210"]


def test_beyond_64_bits_stays_text():
    big = str(INT_MAX + 1)
    g = guess([big, "5"])
    assert g.kind == "text" and "too large" in g.why
    out = cast([big, "5"], Overrides(kind="integer"))
    assert out[0][0] == big and "Too large" in out[0][1]
    assert values([str(INT_MAX), "-1"]) == [INT_MAX, -1]


def test_not_a_number_is_kept_and_flagged():
    out = cast(["1,5", "2,5", "3,5", "4,5", "1.234.5"])
    assert out[4] == ("1.234.5", '"1.234.5" is not a number written with a decimal comma')


# -- dates ---------------------------------------------------------------------------------------

def test_one_day_over_12_settles_the_whole_column():
    cells = [f"{m:02d}/{d:02d}/2020" for m in (1, 2) for d in range(1, 13)] + ["12/25/2020"]
    g = guess(cells)
    assert (g.date_order, g.ambiguous) == ("MDY", False) and "12/25/2020" in g.why
    assert values(cells)[1] == "2020-01-02"


@pytest.mark.parametrize("cells, order, first", [
    (["31.12.2020", "01.02.2021"], "DMY", "2020-12-31"),
    (["31-12-2020", "01-02-2021"], "DMY", "2020-12-31"),
    (["2020/12/31", "2021/02/01"], "YMD", "2020-12-31"),
    (["31/12/20", "01/02/99"], "DMY", "2020-12-31"),
])
def test_date_forms(cells, order, first):
    g = guess(cells)
    assert g.date_order == order
    assert values(cells)[0] == first
    if "/20" in cells[0] and len(cells[0]) == 8:
        assert values(cells)[1] == "1999-02-01" and "two-digit years" in g.why


def test_dates_with_times():
    cells = ["31/12/2020 14:05", "01/02/2021 09:30:15", "02/02/2021"]
    g = guess(cells)
    assert (g.kind, g.date_order) == ("datetime", "DMY")
    assert values(cells) == ["2020-12-31T14:05", "2021-02-01T09:30:15", "2021-02-02"]
    assert values(["2020-12-31T14:05:09Z", "2020-12-31 14:05:09+0100"]) == [
        "2020-12-31T14:05:09Z", "2020-12-31T14:05:09+01:00"]
    assert values(["12/31/2020 2:05 PM", "12/31/2020 12:00 AM"]) == ["2020-12-31T14:05", "2020-12-31T00:00"]


def test_a_date_column_does_not_drop_times():
    out = cast(["31/12/2020", "30/12/2020 14:05"], Overrides(kind="date"))
    assert out[1] == ("30/12/2020 14:05", '"30/12/2020 14:05" has a time (14:05); the column holds dates')


def test_month_names_need_no_order():
    cells = ["Jan 1 2000", "1. März 2020", "31 déc. 2020", "January 1, 2000", "01-JAN-20"]
    g = guess(cells)
    assert g.kind == "date" and not g.ambiguous and "month names" in g.why
    assert values(cells) == ["2000-01-01", "2020-03-01", "2020-12-31", "2000-01-01", "2020-01-01"]


def test_a_value_read_only_the_other_way_says_so():
    out = cast(["31/12/2020", "30/11/2020", "29/10/2020", "28/09/2020", "12/31/2020"])
    assert out[4] == ("12/31/2020", '"12/31/2020" reads only month first; the column is day first')


def test_overriding_a_text_column_to_dates_needs_an_order():
    g = guess(["a", "b", "01/02/2020"])
    assert g.kind == "text"
    with pytest.raises(UnsettledColumn):
        make_caster(g, Overrides(kind="date"))
    assert make_caster(g, Overrides(kind="date", date_order="DMY"))("01/02/2020") == ("2020-02-01", None)


# -- yes/no ------------------------------------------------------------------------------------

@pytest.mark.parametrize("cells, expected", [
    (["yes", "No", "YES"], [True, False, True]),
    (["ja", "nein"], [True, False]),
    (["oui", "non"], [True, False]),
    (["sí", "no", "si"], [True, False, True]),
    (["1", "0", "1"], [True, False, True]),
    (["TRUE", "false"], [True, False]),
])
def test_booleans(cells, expected):
    assert guess(cells).kind == "boolean"
    assert values(cells) == expected


def test_ones_alone_or_counts_are_numbers():
    assert guess(["1", "1"]).kind == "integer"
    assert guess(["0", "1", "2"]).kind == "integer"


def test_a_word_that_is_not_yes_or_no():
    out = cast(["ja", "nein", "ja"], Overrides(kind="boolean"))
    assert make_caster(guess(["ja", "nein"]))("vielleicht") == ("vielleicht", '"vielleicht" is not ja/nein')
    assert out[0] == (True, None)


# -- locales -----------------------------------------------------------------------------------

def test_locale_hints():
    assert date_orders("en_US") == ("MDY",) and date_orders("en_GB.UTF-8") == ("DMY",)
    assert date_orders("de-DE") == ("DMY",) and date_orders("en") == () and date_orders("xx") == ()
    assert decimal_separator("de_DE") == "," and decimal_separator("de_CH") == "."
    assert decimal_separator("en_GB") == "." and decimal_separator(None) is None


def test_unknown_locale_leaves_it_to_the_user():
    g = guess(["01/02/2020", "03/04/2020"], "tlh_QS")
    assert g.ambiguous and g.needs_answer


# -- hostile cells -----------------------------------------------------------------------------

def test_huge_cells_are_text_quickly():
    huge = "9" * 1_000_000
    ev = ColumnEvidence().add_many([huge, "x" * 1_000_000, "1" + " " * 500_000])
    g = decide(ev)
    assert g.kind == "text"
    assert all(len(e) <= 80 for e in g.examples)  # examples are cut for the preview
    c = make_caster(g, Overrides(kind="decimal"))
    value, problem = c(huge)
    assert value is huge and len(problem) < 200


def test_other_unicode_digits_stay_text():
    arabic = "\u0661\u0662\u0663"  # ١٢٣
    g = guess([arabic, "\uff11\uff12"])  # and full-width １２
    assert g.kind == "text" and "digits other than 0-9" in g.why
    assert make_caster(g, Overrides(kind="integer"))(arabic) == (
        arabic, f'"{arabic}" uses digits other than 0-9; kept as text')
    assert make_caster(g, Overrides(kind="date", date_order="DMY"))("\u0661/\u0662/\u0662\u0660\u0662\u0660")[1]


@pytest.mark.parametrize("cell", ["inf", "NaN", "1e999", "-", "--5", "(-5)", "5-", "1..2", ",", ".", "e5", "\x00",
                                  "\ud800", "1\u200b234", "12:30", "99/99/9999", "0/0/0000", "2020-02-30",
                                  "29/02/2021", "31/12/2020 24:00", "١٢/١٢/٢٠٢٠"])
def test_odd_cells_never_crash(cell):
    g = guess([cell])
    for kind in ("integer", "decimal", "percent", "currency", "date", "datetime", "boolean", "text"):
        value, problem = make_caster(g, Overrides(kind=kind, date_order="DMY"))(cell)
        if problem is not None:  # what does not fit is kept as it was
            assert value == cell and "\n" not in problem


def test_values_that_are_not_text():
    g = guess([1, 2.0, None, 3])
    assert g.kind == "integer" and g.missing == 1
    assert make_caster(g)(2.0) == (2, None)


def test_bad_overrides_are_refused():
    g = guess(["1"])
    with pytest.raises(ValueError):
        make_caster(g, Overrides(kind="money"))
    with pytest.raises(ValueError):
        make_caster(g, Overrides(decimal=";"))
    with pytest.raises(ValueError):
        make_caster(g, Overrides(date_order="DDMM"))


# -- streaming ---------------------------------------------------------------------------------

def test_examples_are_distinct_values_not_the_first_rows():
    ev = ColumnEvidence(examples=3).add_many(["rain"] * 50 + ["sun"] * 50 + ["fog", "snow"])
    assert tuple(ev.examples) == ("rain", "sun", "fog")


def test_one_cell_at_a_time_is_the_same_as_a_batch():
    cells = ["31/12/2020", "NA", "01/02/2021", None, "x"]
    one = ColumnEvidence()
    for c in cells:
        one.add(c)
    assert decide(one) == decide(ColumnEvidence().add_many(cells))
    assert (one.cells, one.missing, one.values, one.only["DMY"]) == (5, 2, 3, 1)
