"""Reading number texts as people write them: either decimal separator, thousands groups,
signs, accounting parentheses, currency signs or codes, a percent sign.

Reading is split in two so a column can be judged once and each cell read fast:
split_number takes the decorations off ("-€1.234,50" -> negative, "€", core "1.234,50"), and
read_core reads the core with one decimal separator ("," here: 1234.5). The same core reads
differently with the other separator ("1,234" is 1234 or 1.234), or not at all ("10,9" has
no thousands group of three digits, so it only reads with a decimal comma).

Only the digits 0-9 count. Other Unicode digits (Arabic-Indic "١٢٣", full-width "１２３") are
not read: Python's int() would take them, but a cast must not rewrite what the user sees into
other characters behind their back, so such cells stay text and are flagged.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..values import INT_DIGITS, fits_int

DECIMALS = (".", ",")
MAX_NUMBER_TEXT = 64  # longer is never a number a cell can hold; a cap keeps huge cells cheap

# Most common first where it matters: a longer sign or code before its prefix ("US$" before "$").
CURRENCIES = ("US$", "CA$", "AU$", "NZ$", "HK$", "R$", "A$", "C$", "CHF", "EUR", "USD", "GBP", "JPY", "CNY",
              "INR", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RUB", "BRL", "ZAR", "TRY",
              "Fr.", "kr.", "kr", "zł", "Kč", "€", "$", "£", "¥", "₹", "₩", "₽", "₺", "₪", "₫", "₴", "₦", "฿")
# The signs and codes by their first (last) character, in CURRENCIES' order: a text is tried
# against the few that can match, not all of them (most cells begin with a letter of a code)
_BY_FIRST = {ch: tuple(c for c in CURRENCIES if c[0] == ch) for ch in {c[0] for c in CURRENCIES}}
_BY_LAST = {ch: tuple(c for c in CURRENCIES if c[-1] == ch) for ch in {c[-1] for c in CURRENCIES}}
_ENDINGS = frozenset(_BY_LAST) | {"%", ")"}  # what a number's text can end with besides a digit
_MINUS = "-\u2212\u2013"  # hyphen-minus, the typeset minus sign, and the en dash some tools write
_SPACES = " \u00a0\u202f"  # space, no-break space (French), narrow no-break space (French since 2019)
_THOUSANDS = {".": ",'\u2019" + _SPACES, ",": ".'\u2019" + _SPACES}  # apostrophes: Swiss 1'234.50
_CORE_CHARS = re.compile(r"[0-9.,'\u2019 \u00a0\u202f]+", re.ASCII)
_EXPONENT = re.compile(r"[eE][+-]?[0-9]{1,3}$", re.ASCII)
_GROUPED = {d: re.compile(r"[0-9]{1,3}(?P<t>[%s])[0-9]{3}(?:(?P=t)[0-9]{3})*" % re.escape(t), re.ASCII)
            for d, t in _THOUSANDS.items()}


class _TooLarge:
    """A whole number beyond SQLite's signed 64 bits (what a cell stores)."""

    def __repr__(self) -> str:
        return "TOO_LARGE"


TOO_LARGE = _TooLarge()


@dataclass(frozen=True, slots=True)
class NumberText:
    negative: bool
    currency: str | None  # as written: "€", "CHF", "US$"
    percent: bool
    core: str  # digits and separators, e.g. "1.234,50"
    exponent: str  # "" or e.g. "e-3"

    @property
    def leading_zero(self) -> bool:
        """Written like a code ("007", "0123"): reading it as a number would drop the zeros."""
        head = self.core.split(".")[0].split(",")[0]
        return len(head) > 1 and head[0] == "0" and head.isdigit()


def _sign(s: str) -> tuple[str, bool]:
    if s and (s[0] in _MINUS or s[0] == "+"):
        return s[1:].lstrip(), s[0] != "+"
    return s, False


def _prefix(s: str) -> tuple[str | None, str]:
    for c in _BY_FIRST.get(s[:1], ()):
        if s.startswith(c):
            return c, s[len(c):].lstrip()
    return None, s


def _suffix(s: str) -> tuple[str | None, str]:
    for c in _BY_LAST.get(s[-1:], ()):
        if s.endswith(c):
            return c, s[:-len(c)].rstrip()
    return None, s


def split_number(s: str) -> NumberText | None:
    """The parts of a stripped text that looks like a number, or None. Takes one sign, one
    currency (before or after, "-€5" or "€-5" or "5 €"), a trailing "%", or parentheses for a
    negative amount ("(5.00)", as accounting exports write them)."""
    if not s or len(s) > MAX_NUMBER_TEXT:
        return None
    last = s[-1]
    if not (last.isdigit() or last in _ENDINGS):  # most text ends where no number can
        return None
    negative = False
    if s[0] == "(" and s[-1] == ")":
        s, negative = s[1:-1].strip(), True
    s, minus = _sign(s)
    currency, s = _prefix(s)
    if currency is not None and not minus:
        s, minus = _sign(s)
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip()
    elif currency is None:
        currency, s = _suffix(s)
    if minus and negative:  # "(-5)" says minus twice
        return None
    exponent = ""
    if s and s[-1].isdigit() and ("e" in s or "E" in s):
        m = _EXPONENT.search(s)
        if m is None:
            return None
        exponent, s = m.group().lower(), s[:m.start()]
    if not s or not _CORE_CHARS.fullmatch(s) or not (s[-1].isdigit() and (s[0].isdigit() or s[0] in ".,")):
        return None
    return NumberText(negative or minus, currency, percent, s, exponent)


def read_core(n: NumberText, decimal: str) -> int | float | _TooLarge | None:
    """The number a split text holds when `decimal` ("." or ",") is its decimal separator: an
    int when it has no decimals, a float when it does, TOO_LARGE for a whole number a cell
    cannot hold, None when the text is not a number written that way."""
    core = n.core
    head, sep, frac = core.rpartition(decimal)
    if not sep:
        head, frac = core, None
    elif decimal in head or not frac.isdigit():
        return None
    if not head.isdigit():
        if head == "" and frac is not None:
            head = "0"  # ".5"
        else:
            if n.exponent or not _GROUPED[decimal].fullmatch(head):
                return None
            head = "".join(c for c in head if c.isdigit())
    if frac is None and not n.exponent:
        if len(head) > INT_DIGITS:
            return TOO_LARGE
        v = int(head)
        if n.negative:
            v = -v
        return v if fits_int(v) else TOO_LARGE
    v = float(f"{head}.{frac or '0'}{n.exponent}")
    if not math.isfinite(v):
        return None
    return -v if n.negative else v


def reads_with(n: NumberText) -> dict[str, int | float | _TooLarge | None]:
    """The number under each decimal separator, for judging a column."""
    return {d: read_core(n, d) for d in DECIMALS}


def thousands_of(n: NumberText, decimal: str) -> str | None:
    """The thousands separator the core uses when `decimal` is its decimal separator."""
    head = n.core.rpartition(decimal)[0] if decimal in n.core else n.core
    m = _GROUPED[decimal].fullmatch(head) if not head.isdigit() else None
    return m.group("t") if m else None


def other_digits(s: str) -> bool:
    """Digits other than 0-9 in the text (see the module's note)."""
    return not s.isascii() and any(c.isdigit() and not ("0" <= c <= "9") for c in s)
