"""A column's profile: counts, the most frequent values and chart data, in one pass over the
values in bounded memory (values can come in batches, or as GROUP BY counts).

Memory is bounded by `distinct_cap` values for counting (past it, rare values are dropped, so
distinct becomes "at least N" and top counts may run low by at most `top_error`), a few
thousand exact numbers or days for the histogram, then fixed-width buckets, which keep its
counts exact.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable

from ..values import parse_date, parse_number, text_of
from .params import is_empty

EXACT_POINTS = 4096  # distinct numbers (or days, or months) kept exactly for the histogram
FINE_BUCKETS = 20_000  # past this many fine buckets, they are merged ten (or five, two) to one


@dataclass(frozen=True)
class Bin:
    low: Any  # a number, or an ISO date; the bin holds low <= v < high
    high: Any
    count: int
    label: str


@dataclass(frozen=True)
class Histogram:
    kind: str  # "number" or "date"
    unit: str | None  # for dates: "day", "month" or "year" (then bins may span several years)
    bins: tuple[Bin, ...]

    @property
    def total(self) -> int:
        return sum(b.count for b in self.bins)


@dataclass(frozen=True)
class ColumnProfile:
    kind: str
    total: int
    empty: int  # None, "" or only spaces
    invalid: int  # as flagged by the caller
    distinct: int
    distinct_exact: bool  # False: distinct is a lower bound ("at least")
    top: tuple[tuple[Any, int], ...]  # most frequent first
    top_error: int  # 0: exact counts; else each top count may be low by at most this
    histogram: Histogram | None
    not_charted: int  # valid, non-empty values that did not read as a number or date

    @property
    def distinct_text(self) -> str:
        return f"{self.distinct:,}" if self.distinct_exact else f"at least {self.distinct:,}"


# ---- nice widths: m * 10**e with m in 1, 2, 5, kept as integers so edges come out exact

def _nice_at_least(x: float) -> tuple[int, int]:
    e = math.floor(math.log10(x))
    for m, ee in ((1, e), (2, e), (5, e), (1, e + 1), (2, e + 1)):
        if m * 10.0 ** ee >= x * (1 - 1e-12):
            return m, ee
    return 1, e + 2  # pragma: no cover


def _next_nice(m: int, e: int) -> tuple[int, int]:
    return {1: (2, e), 2: (5, e)}.get(m, (1, e + 1))


def _index(x: float, m: int, e: int) -> int:
    q = x * 10 ** -e / m if e < 0 else x / (m * 10 ** e)  # * by an exact power of ten when e < 0
    i = math.floor(q)
    return i + 1 if q - i > 1 - 1e-9 else i  # 0.3 / 0.1 is 2.9999999999999996: bucket 3


def _edge(i: int, m: int, e: int) -> float | int:
    return i * m * 10 ** e if e >= 0 else i * m / 10 ** -e


def _ratio(big: tuple[int, int], small: tuple[int, int]) -> int | None:
    """big / small when it is a whole number, else None."""
    (mb, eb), (ms, es) = big, small
    if eb < es:
        return None
    num = mb * 10 ** (eb - es)
    return num // ms if num % ms == 0 else None


class _Numbers:
    """Number counts for a histogram: exact values while few, then fine buckets of a nice width
    (bucket i holds i*w <= v < (i+1)*w), merged to a wider nice width when they grow many."""

    def __init__(self):
        self.exact: Counter | None = Counter()
        self.fine: Counter | None = None
        self.width = (1, 0)
        self.n = 0
        self.lo = math.inf
        self.hi = -math.inf
        self.all_int = True

    def add(self, x: float, count: int) -> None:
        self.n += count
        self.lo, self.hi = min(self.lo, x), max(self.hi, x)
        self.all_int = self.all_int and isinstance(x, int)
        if self.exact is not None:
            self.exact[x] += count
            if len(self.exact) > EXACT_POINTS:
                self._to_fine()
            return
        i = _index(x, *self.width)
        self.fine[i] += count
        self.lo_i, self.hi_i = min(self.lo_i, i), max(self.hi_i, i)
        if self.hi_i - self.lo_i >= FINE_BUCKETS:
            self._coarsen()

    def _to_fine(self) -> None:
        self.width = _nice_at_least((self.hi - self.lo) / (FINE_BUCKETS / 10))
        m, e = self.width
        self.fine = Counter()
        for x, c in self.exact.items():
            self.fine[_index(x, m, e)] += c
        self.exact = None
        self.lo_i, self.hi_i = min(self.fine), max(self.fine)

    def _coarsen(self) -> None:
        m, e = self.width
        r = 10 // m  # to (1, e+1): a whole ratio from any nice width
        merged = Counter()
        for i, c in self.fine.items():
            merged[i // r] += c
        self.fine, self.width = merged, (1, e + 1)
        self.lo_i, self.hi_i = self.lo_i // r, self.hi_i // r

    def _quartiles(self) -> tuple[float, float]:
        if self.exact is not None:
            points = sorted(self.exact.items())
        else:
            m, e = self.width
            points = sorted((_edge(i, m, e) + _edge(1, m, e) / 2, c) for i, c in self.fine.items())
        out, seen, targets = [], 0, [self.n * 0.25, self.n * 0.75]
        for x, c in points:
            seen += c
            while targets and seen >= targets[0]:
                out.append(x)
                targets.pop(0)
        return out[0], out[-1]

    def histogram(self, max_bins: int) -> Histogram | None:
        if not self.n:
            return None
        span = self.hi - self.lo
        if span == 0:
            return Histogram("number", None, (Bin(self.lo, self.hi, self.n, _num(self.lo)),))
        q1, q3 = self._quartiles()
        sturges = math.ceil(math.log2(self.n)) + 1
        # Freedman-Diaconis (robust to outliers) when the middle half has a spread, else Sturges
        k = math.ceil(span / (2 * (q3 - q1) * self.n ** (-1 / 3))) if q3 > q1 else sturges
        target = span / max(1, min(k, max_bins))
        if self.all_int:
            target = max(target, 1)
        w = _nice_at_least(target)
        if self.exact is None:
            while _ratio(w, self.width) is None:
                w = _next_nice(*w)
        while _index(self.hi, *w) - _index(self.lo, *w) + 1 > max_bins:
            w = _next_nice(*w)
        base = _index(self.lo, *w)
        counts = [0] * (_index(self.hi, *w) - base + 1)
        if self.exact is not None:
            for x, c in self.exact.items():
                counts[_index(x, *w) - base] += c
        else:
            r = _ratio(w, self.width)
            for i, c in self.fine.items():
                counts[i // r - base] += c
        bins = []
        for j, c in enumerate(counts):
            low, high = _edge(base + j, *w), _edge(base + j + 1, *w)
            bins.append(Bin(low, high, c, f"{_num(low)} – {_num(high)}"))
        return Histogram("number", None, tuple(bins))


def _num(x: float) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:,.10g}"


class _Dates:
    """Date counts: by day while few distinct days, then by month, then by year; exact at each."""

    def __init__(self):
        self.level = "day"  # what the keys of `counts` are: day ordinals, months (y*12+m-1), years
        self.counts: Counter = Counter()
        self.n = 0
        self.lo: date | None = None
        self.hi: date | None = None

    def add(self, d: date, count: int) -> None:
        self.n += count
        self.lo = d if self.lo is None or d < self.lo else self.lo
        self.hi = d if self.hi is None or d > self.hi else self.hi
        self.counts[self._key(d)] += count
        if len(self.counts) > EXACT_POINTS and self.level != "year":
            self._up()

    def _key(self, d: date) -> int:
        if self.level == "day":
            return d.toordinal()
        return d.year * 12 + d.month - 1 if self.level == "month" else d.year

    def _up(self) -> None:
        up: Counter = Counter()
        if self.level == "day":
            for k, c in self.counts.items():
                d = date.fromordinal(k)
                up[d.year * 12 + d.month - 1] += c
            self.level = "month"
        else:
            for k, c in self.counts.items():
                up[k // 12] += c
            self.level = "year"
        self.counts = up

    def histogram(self, max_bins: int) -> Histogram | None:
        if not self.n:
            return None
        lo, hi = self.lo, self.hi
        months = (hi.year * 12 + hi.month) - (lo.year * 12 + lo.month) + 1
        if self.level == "day" and (hi - lo).days + 1 <= max_bins:
            return self._days(max_bins)
        if self.level != "year" and months <= max_bins:
            return self._months()
        return self._years(max_bins)

    def _days(self, max_bins):
        a = self.lo.toordinal()
        bins = [Bin(date.fromordinal(o).isoformat(), date.fromordinal(o + 1).isoformat(),
                    self.counts.get(o, 0), date.fromordinal(o).isoformat())
                for o in range(a, self.hi.toordinal() + 1)]
        return Histogram("date", "day", tuple(bins))

    def _months(self):
        by_month: Counter = Counter()
        for k, c in self.counts.items():
            if self.level == "day":
                d = date.fromordinal(k)
                k = d.year * 12 + d.month - 1
            by_month[k] += c
        first, last = self.lo.year * 12 + self.lo.month - 1, self.hi.year * 12 + self.hi.month - 1
        bins = []
        for k in range(first, last + 1):
            low, high = date(k // 12, k % 12 + 1, 1), _month_start(k + 1)
            bins.append(Bin(low.isoformat(), high, by_month.get(k, 0), low.isoformat()[:7]))
        return Histogram("date", "month", tuple(bins))

    def _years(self, max_bins):
        by_year: Counter = Counter()
        for k, c in self.counts.items():
            y = date.fromordinal(k).year if self.level == "day" else (k // 12 if self.level == "month" else k)
            by_year[y] += c
        m, e = 1, 0  # years per bin: 1, 2, 5, 10, 20, ...
        while self.hi.year // (m * 10 ** e) - self.lo.year // (m * 10 ** e) + 1 > max_bins:
            m, e = _next_nice(m, e)
        step = m * 10 ** e
        bins = []
        for s in range(self.lo.year // step, self.hi.year // step + 1):
            y0, y1 = max(1, s * step), (s + 1) * step
            count = sum(by_year.get(y, 0) for y in range(y0, y1))
            label = str(y0) if step == 1 else f"{y0}–{y1 - 1}"
            bins.append(Bin(_year_start(y0), _year_start(y1), count, label))
        return Histogram("date", "year", tuple(bins))


def _month_start(k: int) -> str:
    return date(k // 12, k % 12 + 1, 1).isoformat() if k // 12 <= 9999 else "10000-01-01"


def _year_start(y: int) -> str:
    return date(y, 1, 1).isoformat() if y <= 9999 else f"{y}-01-01"


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        s = value.strip()
        if len(s) >= 10 and s[4] == "-" and s[7] == "-":  # ISO, as cells store dates: no parser
            try:
                return date.fromisoformat(s[:10])
            except ValueError:
                pass
        iso, _note = parse_date(s)
        return date.fromisoformat(iso) if iso else None
    return None


class ColumnProfiler:
    """Feed values with add / add_all / add_counts, then read result() (any time, as often).

    kind "number" and "date" chart a histogram; any other kind (text, enum, boolean, ...)
    charts its top values."""

    def __init__(self, kind: str = "text", *, top: int = 10, distinct_cap: int = 100_000, max_bins: int = 50):
        self.kind = kind
        self.top_n = top
        self.cap = max(distinct_cap, 2 * top)
        self.max_bins = max(1, max_bins)
        self.total = self.empty = self.invalid = self.not_charted = 0
        self.counts: Counter = Counter()
        self.pruned_to = 0  # the size the counter had when first pruned (a lower bound on distinct)
        self.top_error = 0
        self.chart = _Numbers() if kind == "number" else _Dates() if kind == "date" else None

    def add(self, value: Any, invalid: bool = False, count: int = 1) -> None:
        self.total += count
        if is_empty(value):
            self.empty += count
            return
        self.invalid += count if invalid else 0
        try:
            self.counts[value] += count
        except TypeError:  # a list cell: count its text
            self.counts[text_of(value)] += count
        if len(self.counts) > self.cap:
            self._prune()
        if self.chart is None or invalid:
            return
        point = _as_date(value) if self.kind == "date" else parse_number(value)
        if point is None:
            self.not_charted += count
        else:
            self.chart.add(point, count)

    def add_all(self, values: Iterable[Any], flags: Iterable[bool] | None = None) -> ColumnProfiler:
        """Values, with an optional parallel iterable of invalid flags."""
        if flags is None:
            for v in values:
                self.add(v)
        else:
            for v, bad in zip(values, flags, strict=True):
                self.add(v, bad)
        return self

    def add_counts(self, rows: Iterable[tuple[Any, bool, int]]) -> ColumnProfiler:
        """(value, invalid, count) rows, as a GROUP BY gives them."""
        for v, bad, n in rows:
            self.add(v, bool(bad), n)
        return self

    def _prune(self) -> None:
        # Drop the rarer half. A value dropped and seen again restarts its count, so a count
        # kept may be low by at most the sum of the thresholds used (reported as top_error).
        self.pruned_to = max(self.pruned_to, len(self.counts))
        threshold = sorted(self.counts.values())[len(self.counts) // 2]
        self.counts = Counter({v: c for v, c in self.counts.items() if c > threshold})
        self.top_error += threshold

    def result(self) -> ColumnProfile:
        exact = self.pruned_to == 0
        top = sorted(self.counts.items(), key=lambda vc: (-vc[1], str(vc[0])))[:self.top_n]
        histogram = self.chart.histogram(self.max_bins) if self.chart is not None else None
        return ColumnProfile(self.kind, self.total, self.empty, self.invalid,
                             len(self.counts) if exact else max(self.pruned_to, len(self.counts)), exact,
                             tuple(top), self.top_error, histogram, self.not_charted)


def profile_column(values: Iterable[Any], kind: str = "text", flags: Iterable[bool] | None = None,
                   **options) -> ColumnProfile:
    return ColumnProfiler(kind, **options).add_all(values, flags).result()
