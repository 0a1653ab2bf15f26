"""Column profiles on real columns (vega_datasets: cars, Seattle weather; see
tests/data/realworld/prep/README.md): what a person reads in the profile panel."""

import csv
import random
from collections import Counter
from datetime import date, timedelta

from support import DATA
from flatspace_desktop.domain.prep.profile import ColumnProfiler, profile_column

PREP = DATA / "realworld" / "prep"


def column(name: str, field: str) -> list[str]:
    with open(PREP / name, newline="", encoding="utf-8") as f:
        return [row[field] for row in csv.DictReader(f)]


def test_horsepower_histogram_counts_every_non_empty_value():
    hp = column("cars.csv", "Horsepower")
    p = profile_column(hp, "number")
    assert p.total == 406 and p.empty == 6  # six cars have no horsepower in the data
    h = p.histogram
    assert h.kind == "number" and h.total == p.total - p.empty == 400
    assert 5 <= len(h.bins) <= 50
    lows = [b.low for b in h.bins]
    assert lows == sorted(lows) and all(b.high == n.low for b, n in zip(h.bins, h.bins[1:]))  # contiguous
    assert h.bins[0].low <= 46 < h.bins[0].high and h.bins[-1].low <= 230 < h.bins[-1].high  # min, max
    assert all(isinstance(b.low, int) for b in h.bins)  # whole horsepower, whole edges


def test_a_bin_holds_exactly_the_values_between_its_edges():
    mpg = [float(v) for v in column("cars.csv", "Miles_per_Gallon") if v]
    h = profile_column(mpg, "number").histogram
    for b in h.bins:
        assert b.count == sum(1 for v in mpg if b.low <= v < b.high)


def test_counts_top_values_and_invalid_flags():
    origin = column("cars.csv", "Origin")
    p = profile_column(origin, "enum", flags=[v == "Japan" for v in origin])
    assert p.histogram is None
    assert p.top == (("USA", 254), ("Japan", 79), ("Europe", 73))
    assert p.distinct == 3 and p.distinct_exact and p.distinct_text == "3"
    assert p.invalid == 79 and p.empty == 0


def test_seattle_dates_are_binned_by_month_and_one_year_by_day_or_month():
    days = column("seattle_weather.csv", "date")  # 2012/01/01 .. 2015/12/31, slashes
    p = profile_column(days, "date")
    h = p.histogram
    assert h.unit == "month" and len(h.bins) == 48
    assert h.bins[0].label == "2012-01" and h.bins[0].count == 31 and h.bins[1].count == 29  # leap year
    assert h.total == 1461 and p.not_charted == 0
    one_month = profile_column([d for d in days if d.startswith("2013/02")], "date").histogram
    assert one_month.unit == "day" and len(one_month.bins) == 28
    decades = profile_column([date(1900, 1, 1) + timedelta(days=400 * i) for i in range(300)], "date").histogram
    assert decades.unit == "year" and len(decades.bins) <= 50 and decades.total == 300


def test_weather_top_values_and_distinct():
    p = profile_column(column("seattle_weather.csv", "weather"), "text", top=2)
    assert p.top == (("sun", 714), ("fog", 411)) and p.distinct == 5


def test_batches_and_grouped_counts_give_the_same_profile():
    hp = column("cars.csv", "Horsepower")
    batched = ColumnProfiler("number")
    for i in range(0, len(hp), 50):
        batched.add_all(hp[i:i + 50])
    grouped = ColumnProfiler("number").add_counts((v, False, n) for v, n in Counter(hp).items())
    one = profile_column(hp, "number")
    assert batched.result() == one
    assert grouped.result().histogram == one.histogram and grouped.result().distinct == one.distinct


def test_bounded_memory_past_the_distinct_cap_says_at_least():
    rng = random.Random(7)
    prof = ColumnProfiler("number", distinct_cap=1000)
    values = [rng.random() * 1000 for _ in range(50_000)] + [42] * 500
    for v in values:
        prof.add(v)
    p = prof.result()
    assert not p.distinct_exact and p.distinct_text.startswith("at least ") and p.distinct >= 1000
    assert len(prof.counts) <= 1000
    assert p.top[0][0] == 42 and 500 - p.top_error <= p.top[0][1] <= 500
    assert p.histogram.total == 50_500  # buckets past the exact points keep counts exact
    for b in p.histogram.bins[:5]:
        assert b.count == sum(1 for v in values if b.low <= v < b.high)


def test_a_column_of_one_repeated_number_is_one_bin():
    h = profile_column(["7"] * 5, "number").histogram
    assert len(h.bins) == 1 and h.bins[0].count == 5
