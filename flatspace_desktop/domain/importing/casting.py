"""From cell text to value, one column at a time: make_caster builds, once per column, the
function an import calls for each of its cells.

    cast = make_caster(guess, Overrides(date_order="DMY"))
    cast("31/12/2020")  -> ("2020-12-31", None)
    cast("10,9")        -> (10.9, None)            in a decimal-comma column
    cast("NA")          -> (None, None)            a missing token: an empty cell
    cast("31/02/2020")  -> ("31/02/2020", '"31/02/2020" is not a date (day first)')

The contract: the problem is None exactly when the cell was read (or is empty). A cell that
does not fit keeps its original text, untouched, beside a one-line problem; nothing is ever
changed silently.

Values: dates "YYYY-MM-DD", date-times "YYYY-MM-DDTHH:MM[:SS]" (with "Z"/"+HH:MM" when the
text had one; in a date-time column a cell with no time stays a date: no midnight is made
up), int or float for numbers (int only within SQLite's 64 bits: a larger whole number stays
text, as the number field keeps it), True/False for yes/no.

Percentages keep the number shown: "12,5 %" is 12.5, not 0.125. A number field stores the
number as typed (Flatfile's does too), the user reads 12.5 in the grid under a "%" header,
and an export writes back what was imported; dividing by 100 would put a number in the cell
the user never typed and that no longer matches their source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..values import INT_DIGITS, INT_MAX, text_of
from .booleans import pair_text, words_for
from .dates import ORDER_WORDS, ORDERS, fast_reader, iso, orders_of, split_date
from .evidence import clip
from .guess import DATE_KINDS, KINDS, NUMBER_KINDS, SEPARATOR_NAMES, ColumnGuess
from .numbers import DECIMALS, TOO_LARGE, other_digits, read_core, split_number
from .tokens import DEFAULT_MISSING

Caster = Callable[[Any], tuple[Any, "str | None"]]


class UnsettledColumn(ValueError):
    """The column's date order or decimal separator is still open: ask, or pass an override.
    `setting` says which: "date_order" or "decimal"."""

    def __init__(self, message: str, setting: str = "", field: str = ""):
        super().__init__(message)
        self.setting = setting
        self.field = field  # the field key of the column, once known


@dataclass(frozen=True)
class Overrides:
    """What the user chose for one column in the preview; None keeps the guess."""

    kind: str | None = None  # one of guess.KINDS
    date_order: str | None = None  # "DMY", "MDY", "YMD"
    decimal: str | None = None  # "." or ","
    keep_as_text: bool = False  # every cell as written (missing tokens still empty)
    missing: tuple[str, ...] | None = None  # this column's tokens instead of the import's


def _show(s: str) -> str:
    return '"' + clip(s, 60) + '"'


def make_caster(guess: ColumnGuess, overrides: Overrides | None = None,
                missing: Iterable[str] = DEFAULT_MISSING) -> Caster:
    """The per-cell function for a column: text (or None) -> (value, problem or None).
    Raises UnsettledColumn when an ambiguous date order or decimal separator has been settled
    neither by the guess (a locale hint) nor by `overrides`; ValueError on an unknown kind."""
    ov = overrides or Overrides()
    kind = "text" if ov.keep_as_text else (ov.kind or guess.kind)
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    if ov.date_order is not None and ov.date_order not in ORDERS:
        raise ValueError(f"unknown date order {ov.date_order!r}: expected one of {', '.join(ORDERS)}")
    if ov.decimal is not None and ov.decimal not in DECIMALS:
        raise ValueError(f"unknown decimal separator {ov.decimal!r}: expected '.' or ','")
    found = frozenset(t.strip() for t in (ov.missing if ov.missing is not None else missing)) | {""}
    if kind in NUMBER_KINDS:
        read = _number_reader(guess, ov, kind)
    elif kind in DATE_KINDS:
        read = _date_reader(guess, ov, kind)
    elif kind == "boolean":
        read = _boolean_reader(guess)
    else:
        read = None

    def cast(text: Any) -> tuple[Any, str | None]:
        if text.__class__ is not str:
            text = text_of(text)
            if text is None:
                return None, None
        if text in found:
            return None, None
        s = text.strip()
        if s in found:
            return None, None
        if read is None:
            return text, None
        value, problem = read(s)
        return (text, problem) if problem is not None else (value, None)
    return cast


def _number_reader(guess: ColumnGuess, ov: Overrides, kind: str):
    decimal = ov.decimal or guess.decimal
    if decimal is None:
        if guess.ambiguous and guess.kind in NUMBER_KINDS:
            raise UnsettledColumn("the decimal separator is unclear (values like "
                                  f"{guess.unclear or '1,234'} read either way): choose '.' or ','", "decimal")
        decimal = "."  # a column guessed as something else, read as numbers: say "," to read commas
    percent_ok = kind == "percent" or guess.kind == "percent"
    currency = guess.currency
    name = SEPARATOR_NAMES[decimal]
    point = decimal == "."

    def read(s: str):
        if s.isdigit() and s.isascii() and len(s) < INT_DIGITS:
            return int(s), None
        if s.isascii():  # "12.5", "-3,25": plain decimals, no thousands, sign or exponent
            c = s[1:] if s[:1] == "-" else s
            head, sep, tail = c.partition(decimal)
            if sep and head.isdigit() and tail.isdigit():
                return float(s if point else s.replace(",", ".")), None
        n = split_number(s)
        if n is None:
            if other_digits(s):
                return None, f"{_show(s)} uses digits other than 0-9; kept as text"
            return None, f"{_show(s)} is not a number"
        if n.percent and not percent_ok:
            return None, f"{_show(s)} is a percentage; the column holds plain numbers"
        if n.currency is not None and n.currency != currency:
            where = f"the column is in {currency}" if currency else "the column holds plain numbers"
            return None, f"{_show(s)} is in {n.currency}; {where}"
        if currency is not None and n.percent:
            return None, f"{_show(s)} is a percentage; the column is in {currency}"
        v = read_core(n, decimal)
        if v is TOO_LARGE:
            return None, f"Too large to store as a number (whole numbers go up to {INT_MAX:,}); kept as text"
        if v is None:
            return None, f"{_show(s)} is not a number written with a {name}"
        return v, None
    return read


def _date_reader(guess: ColumnGuess, ov: Overrides, kind: str):
    order = ov.date_order or guess.date_order
    # Without an order only a column of month names ("Jan 1 2000") reads: it needs none
    if order is None and (guess.ambiguous or guess.kind not in DATE_KINDS):
        choices = " or ".join(ORDER_WORDS[o] for o in guess.date_orders or ORDERS)
        why = "is unclear (all days ≤ 12)" if guess.ambiguous else "is not known"
        raise UnsettledColumn(f"the date order {why}: choose {choices}", "date_order")
    dates_only = kind == "date"
    fast = fast_reader(order) if order else (lambda s: None)

    def read(s: str):
        value = fast(s)
        if value is not None:
            return value, None
        d = split_date(s)
        if d is None:
            return None, f"{_show(s)} is not a date"
        if dates_only and d.time is not None:
            return None, f"{_show(s)} has a time ({d.time}); the column holds dates"
        value = iso(d, order, with_time=not dates_only) if order else (iso(d, "YMD") if d.named else None)
        if value is not None:
            return value, None
        other = orders_of(d)
        if order == "YMD" and len(other) == 1:
            # An ISO column's odd "03/15/2024" reads one way only: no order of the column's to
            # break (the column's order is that of its year-first dates), nothing to guess
            value = iso(d, other[0], with_time=not dates_only)
            if value is not None:
                return value, None
        if order is None:
            return None, f"{_show(s)}: the column's date order is not known"
        if other:
            return None, (f"{_show(s)} reads only {ORDER_WORDS[other[0]]}; the column is "
                          f"{ORDER_WORDS[order]}")
        return None, f"{_show(s)} is not a date ({ORDER_WORDS[order]})"
    return read


def _boolean_reader(guess: ColumnGuess):
    if guess.kind == "boolean":
        true_words, false_words = guess.true_words, guess.false_words
    else:
        true_words, false_words = words_for(())
    pairs = pair_text(true_words, false_words)

    def read(s: str):
        low = s.lower()
        if low in true_words:
            return True, None
        if low in false_words:
            return False, None
        return None, f"{_show(s)} is not {pairs if len(pairs) < 40 else 'a yes/no word'}"
    return read
