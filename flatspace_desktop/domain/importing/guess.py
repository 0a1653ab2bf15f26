"""What a column will become: decide() reads a ColumnEvidence into a ColumnGuess.

A column is one kind, read one way, for all its cells: the date order is decided from all
its values (a single "31/12/2020" settles day first), as is the decimal separator (a single
"10,9" settles the comma). When the values leave it open (every day <= 12, every number
"1,234"), the guess says so (ambiguous, with the choices left) and a locale hint, when
given, picks the way that locale writes; without one the caller asks the user.

The kind needs FIT of the values (80%): a date column with a few typos stays a date column
(the typos are flagged cell by cell when cast), a column that is half numbers is text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .booleans import is_boolean_column, pair_text, words_for
from .dates import ORDER_WORDS, ORDERS
from .evidence import ColumnEvidence
from .locales import date_orders as locale_date_orders
from .locales import decimal_separator as locale_decimal

KINDS = ("empty", "text", "integer", "decimal", "percent", "currency", "date", "datetime", "boolean")
NUMBER_KINDS = frozenset({"integer", "decimal", "percent", "currency"})
DATE_KINDS = frozenset({"date", "datetime"})
FIT = 0.8
SEPARATOR_NAMES = {".": "decimal point", ",": "decimal comma"}
_THOUSANDS_NAMES = {",": "','", ".": "'.'", "'": "apostrophe", "\u2019": "apostrophe", " ": "space",
                    "\u00a0": "space", "\u202f": "narrow space"}


@dataclass(frozen=True)
class ColumnGuess:
    kind: str  # one of KINDS
    values: int = 0  # non-missing values looked at
    missing: int = 0  # missing cells looked at
    fit: int = 0  # values that read as `kind` (the rest will be kept as text and flagged)
    date_order: str | None = None  # "DMY" / "MDY" / "YMD"; None: not settled (see ambiguous)
    date_orders: tuple[str, ...] = ()  # the orders all (most) values allow
    decimal: str | None = None  # "." or ","; None: not settled, or no numbers
    decimals: tuple[str, ...] = ()  # the separators the values allow
    thousands: str | None = None  # the thousands sign seen, for the preview
    true_words: frozenset[str] = field(default_factory=frozenset)
    false_words: frozenset[str] = field(default_factory=frozenset)
    currency: str | None = None  # for kind currency: the sign or code the column is in
    ambiguous: bool = False  # the values allow more than one reading (date order, decimal)
    resolved_by: str | None = None  # the locale hint that settled an ambiguity
    why: str = ""  # one line for the preview
    unclear: str | None = None  # a value that reads either way, when ambiguous
    examples: tuple[str, ...] = ()  # distinct values as written

    @property
    def confidence(self) -> float:
        """The share of values that fit the kind (1.0 for an empty column)."""
        return self.fit / self.values if self.values else 1.0

    @property
    def needs_answer(self) -> bool:
        """Ambiguous and not settled: the dialog asks (make_caster refuses until it is)."""
        if not self.ambiguous:
            return False
        if self.kind in DATE_KINDS:
            return self.date_order is None
        return self.kind in NUMBER_KINDS and self.decimal is None


def decide(ev: ColumnEvidence, locale_hint: str | None = None, file_decimal: str | None = None) -> ColumnGuess:
    """The kind of the column and how to read it; `locale_hint` ("de_DE", "en_US") settles
    what the values leave open, the way that locale writes; `file_decimal`, the separator the
    file's other number columns settle, comes before the locale."""
    base = dict(values=ev.values, missing=ev.missing, examples=tuple(ev.examples))
    n = ev.values
    if n == 0:
        return ColumnGuess("empty", why="no values", **base)
    if ev.booleans == n and is_boolean_column(ev.boolean_words):
        t, f = words_for(ev.boolean_words)
        return ColumnGuess("boolean", fit=n, true_words=t, false_words=f,
                           why=f"yes/no: {pair_text(t, f)}", **base)
    numbers = max(ev.numbers.values())
    if ev.dates >= numbers and ev.dates >= FIT * n:
        return _dates(ev, locale_hint, base)
    if numbers >= FIT * n:
        return _numbers(ev, locale_hint, base, file_decimal)
    return ColumnGuess("text", fit=n, why=_text_why(ev), **base)


def decide_for(ev: ColumnEvidence, field_kind: str, locale_hint: str | None = None,
               file_decimal: str | None = None) -> ColumnGuess:
    """As decide(), for a column the blueprint says holds dates or numbers: a column with a few
    values of another kind is still read the one way its dates (or numbers) are written."""
    guess = decide(ev, locale_hint, file_decimal)
    base = dict(values=ev.values, missing=ev.missing, examples=tuple(ev.examples))
    if field_kind == "date" and guess.kind not in DATE_KINDS and ev.dates:
        return _dates(ev, locale_hint, base)
    if field_kind == "number" and guess.kind not in NUMBER_KINDS and max(ev.numbers.values()):
        return _numbers(ev, locale_hint, base, file_decimal)
    return guess


def _share(fit: int, n: int) -> str:
    return "" if fit == n else f"; {n - fit} of {n} values do not fit and stay text"


def _dates(ev: ColumnEvidence, hint: str | None, base: dict) -> ColumnGuess:
    n, kind = ev.values, "datetime" if ev.with_time else "date"
    best = max(ev.orders.values())
    allowed = tuple(o for o in ORDERS if ev.orders[o] == best)
    what = "dates and times" if ev.with_time else "dates"
    extra = "; two-digit years: 69-99 are 19xx, 00-68 are 20xx" if ev.short_years else ""
    if ev.named_months == ev.dates:  # all "Jan 1 2000": any order reads them the same
        return ColumnGuess(kind, fit=ev.dates, why=f"{what} with month names: {ev.first('month name')}"
                           + extra + _share(ev.dates, n), **base)
    if len(allowed) == 1:
        order = allowed[0]
        seen = ev.first(f"only {order}") or next(iter(ev.examples))
        why = f"{what}, {ORDER_WORDS[order]}: {seen} seen"
        if ev.only[order] < ev.dates - ev.named_months and best < ev.dates:
            other = [o for o in ORDERS if o != order and ev.only[o]]
            if other:
                why += f" (but {ev.first(f'only {other[0]}')} reads only {ORDER_WORDS[other[0]]})"
        return ColumnGuess(kind, fit=best, date_order=order, date_orders=allowed,
                           why=why + extra + _share(best, n), **base)
    # Every value reads in more than one order: the values cannot say which
    order = next((o for o in locale_date_orders(hint) if o in allowed), None)
    example = ev.first("either order") or next(iter(ev.examples))
    why = f"{what}, order unclear: all days ≤ 12 (e.g. {example})"
    if order is not None:
        why += f"; read {ORDER_WORDS[order]} as {hint} writes"
    return ColumnGuess(kind, fit=best, date_order=order, date_orders=allowed, ambiguous=True,
                       resolved_by=hint if order else None, why=why + extra + _share(best, n), **base)


def _numbers(ev: ColumnEvidence, hint: str | None, base: dict, file_decimal: str | None = None) -> ColumnGuess:
    n = ev.values
    point, comma = ev.numbers["."], ev.numbers[","]
    if ev.leading_zeros:
        return ColumnGuess("text", fit=n, why=f"codes with leading zeros ({ev.first('leading zero')}): kept as "
                           "text so the zeros stay", **base)
    if ev.too_large:
        return ColumnGuess("text", fit=n, why=f"whole numbers too large for a number cell "
                           f"({ev.first('too large')}): kept as text", **base)
    ambiguous, resolved_by = False, None
    if point != comma:
        decimal = "." if point > comma else ","
        decimals = (decimal,)
    elif ev.read_either_way:  # every separator-bearing value is like "1,234"
        decimals = (".", ",")
        ambiguous = True
        if file_decimal:  # "$9,952.50" in another column: this file's comma groups thousands
            decimal, resolved_by = file_decimal, "the file's other number columns"
        else:
            decimal = locale_decimal(hint)
            resolved_by = hint if decimal else None
    else:  # whole numbers without separators: either reads them alike
        decimals = (".", ",")
        decimal = locale_decimal(hint) or "."
    fit = ev.numbers[decimal] if decimal else point
    kind = "integer" if decimal and ev.wholes[decimal] == ev.numbers[decimal] else "decimal"
    currency = None
    if ev.currencies:
        kind, currency = "currency", ev.currencies.most_common(1)[0][0]
        fit = min(fit, ev.currencies[currency] + (fit - sum(ev.currencies.values())))
    elif ev.percents:
        kind = "percent"
    thousands = None
    if decimal and ev.thousands[decimal]:
        thousands = ev.thousands[decimal].most_common(1)[0][0]
    why = _number_why(ev, kind, decimal, thousands, currency, ambiguous, resolved_by)
    return ColumnGuess(kind, fit=fit, decimal=decimal, decimals=decimals, thousands=thousands, currency=currency,
                       ambiguous=ambiguous, resolved_by=resolved_by, why=why + _share(fit, n),
                       unclear=ev.first("either way") if ambiguous else None, **base)


def _number_why(ev, kind, decimal, thousands, currency, ambiguous, resolved_by) -> str:
    what = {"integer": "whole numbers", "decimal": "numbers", "percent": "percentages",
            "currency": f"amounts in {currency}"}[kind]
    if kind == "percent":
        what += f" ({ev.first('percent')}, stored as the number shown)"
    elif kind == "currency":
        what += f" ({ev.first(f'currency {currency}')})"
    if ambiguous:
        example = ev.first("either way")
        why = f"{what}, separator unclear: {example} could be either"
        if decimal:
            how = f"as {resolved_by} write it" if resolved_by.startswith("the file") else f"as {resolved_by} writes"
            why += f"; read with a {SEPARATOR_NAMES[decimal]} {how}"
        return why
    parts = [what]
    seen = ev.first(f"decimal {decimal}") if decimal else None
    if seen and seen not in what:
        parts.append(f"{SEPARATOR_NAMES[decimal]}: {seen} seen")
    elif seen:
        parts.append(SEPARATOR_NAMES[decimal])
    if thousands:
        parts.append(f"thousands {_THOUSANDS_NAMES.get(thousands, repr(thousands))}")
    return ", ".join(parts)


def _text_why(ev: ColumnEvidence) -> str:
    n = ev.values
    numbers = max(ev.numbers.values())
    if ev.other_digits:
        return f"text: digits other than 0-9 ({ev.first('other digits')}) are kept as written"
    best, what = max((ev.dates, "dates"), (numbers, "numbers"), (ev.booleans, "yes/no words"))
    if best == 0:
        return "text"
    return f"text: only {best} of {n} values are {what}"
