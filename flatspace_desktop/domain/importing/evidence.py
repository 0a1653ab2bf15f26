"""What a column's values say about what it holds, gathered one cell at a time.

A ColumnEvidence is fed the column's cell texts (a sample, or every cell in one pass) and
keeps counts, never the values: how many read as numbers with each decimal separator, as
dates in each order, as yes/no words, and a few distinct examples of each finding for the
preview to quote. Its memory stays the same at ten rows or ten million. guess.decide turns
it into a ColumnGuess.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

from ..values import text_of
from .booleans import LONGEST_WORD, WORDS
from .dates import ORDERS, orders_of, split_date
from .numbers import DECIMALS, TOO_LARGE, other_digits, reads_with, split_number, thousands_of
from .tokens import DEFAULT_MISSING

EXAMPLES = 8  # distinct example values kept for the preview
NOTES = 3  # distinct examples kept of each finding (e.g. "values only day first reads")
_digit = re.compile(r"\d").search  # any digit, 0-9 or another script's (noted as such by _number)
EXAMPLE_CHARS = 80  # a longer example is cut (with "…"): a preview shows a line, not a novel


def clip(text: str, limit: int = EXAMPLE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


class ColumnEvidence:
    """Counts over one column's cells. Feed it with add() or add_many(); read the counts or
    pass it to guess.decide()."""

    def __init__(self, missing: Iterable[str] = DEFAULT_MISSING, examples: int = EXAMPLES):
        self.missing_tokens = frozenset(t.strip() for t in missing) | {""}
        self.max_examples = examples
        self.cells = 0  # every cell fed, missing or not
        self.missing = 0  # None, blank, or a missing token
        self.values = 0  # the rest
        self.examples: dict[str, None] = {}  # distinct values, in the order first seen
        # Numbers, under each decimal separator: read at all, whole, and the thousands signs used
        self.numbers = dict.fromkeys(DECIMALS, 0)
        self.wholes = dict.fromkeys(DECIMALS, 0)
        self.thousands: dict[str, Counter] = {d: Counter() for d in DECIMALS}
        self.read_either_way = 0  # "1,234": 1234 with a decimal point, 1.234 with a decimal comma
        self.too_large = 0  # whole numbers beyond a cell's 64 bits
        self.leading_zeros = 0  # "007": a code, not a number
        self.percents = 0
        self.currencies: Counter = Counter()
        self.other_digits = 0  # digits other than 0-9 ("١٢٣")
        # Dates: how many read in each order; month names read in all three
        self.dates = 0  # values that read as a date in at least one order
        self.orders = dict.fromkeys(ORDERS, 0)
        self.only = dict.fromkeys(ORDERS, 0)  # values that read in that order alone
        self.named_months = 0
        self.with_time = 0
        self.short_years = 0
        # Yes/no words (lower case) and how many values were one
        self.boolean_words: set[str] = set()
        self.booleans = 0
        self.notes: dict[str, dict[str, None]] = {}  # finding -> a few distinct examples

    # -- feeding ----------------------------------------------------------------------------

    def add(self, text: Any) -> None:
        """One cell: its text, None, or (from a spreadsheet) a number or date, read as text."""
        self.cells += 1
        if text.__class__ is not str:
            text = text_of(text)
            if text is None:
                self.missing += 1
                return
        s = text.strip()
        if s in self.missing_tokens:
            self.missing += 1
            return
        self.values += 1
        if len(self.examples) < self.max_examples and s not in self.examples:
            self.examples[clip(s)] = None
        if _digit(s) is None:  # neither a number nor a date (both need a digit): most text, cheaply
            self.note("not a number", s)
            self.note("not a date", s)
        else:
            self._number(s)
            self._date(s)
        if len(s) <= LONGEST_WORD:
            low = s.lower()
            if low in WORDS:
                self.booleans += 1
                self.boolean_words.add(low)

    def add_many(self, texts: Iterable[Any]) -> "ColumnEvidence":
        add = self.add
        for t in texts:
            add(t)
        return self

    def note(self, finding: str, s: str) -> None:
        kept = self.notes.setdefault(finding, {})
        if len(kept) < NOTES:
            kept.setdefault(clip(s), None)

    def first(self, finding: str) -> str | None:
        kept = self.notes.get(finding)
        return next(iter(kept)) if kept else None

    def _number(self, s: str) -> None:
        n = split_number(s)
        if n is None:
            if other_digits(s):
                self.other_digits += 1
                self.note("other digits", s)
            self.note("not a number", s)
            return
        read = reads_with(n)
        if read["."] is TOO_LARGE:
            self.too_large += 1
            self.note("too large", s)
        for d in DECIMALS:
            v = read[d]
            if v is None:
                self.note(f"not a number {d}", s)
                continue
            self.numbers[d] += 1  # a whole number too large is still a number (decide keeps it as text)
            if v is TOO_LARGE:
                self.wholes[d] += 1
                continue
            if isinstance(v, int):
                self.wholes[d] += 1
            t = thousands_of(n, d)
            if t is not None:
                self.thousands[d][t] += 1
                self.note(f"thousands {d}", s)
            if read[DECIMALS[1 - DECIMALS.index(d)]] is None:
                self.note(f"decimal {d}", s)  # a value only this separator reads: "10,9"
        a, b = read["."], read[","]
        if a is not None and b is not None and a is not TOO_LARGE and a != b:
            self.read_either_way += 1
            self.note("either way", s)
        if n.leading_zero:
            self.leading_zeros += 1
            self.note("leading zero", s)
        if n.percent:
            self.percents += 1
            self.note("percent", s)
        if n.currency is not None:
            self.currencies[n.currency] += 1
            self.note(f"currency {n.currency}", s)

    def _date(self, s: str) -> None:
        d = split_date(s)
        orders = orders_of(d) if d is not None else ()
        if not orders:
            self.note("not a date", s)
            return
        self.dates += 1
        if d.named is not None:
            self.named_months += 1
            self.note("month name", s)
        for o in orders:
            self.orders[o] += 1
        if len(orders) == 1:
            self.only[orders[0]] += 1
            self.note(f"only {orders[0]}", s)
        elif d.named is None:
            self.note("either order", s)
        for o in ORDERS:
            if o not in orders:
                self.note(f"not {o}", s)
        if d.time is not None:
            self.with_time += 1
            self.note("time", s)
        if d.short_year:
            self.short_years += 1
            self.note("short year", s)
