"""Reformatting dates: reading a day, month and year in a declared or detected order and
writing them as ISO (YYYY-MM-DD) or a strftime pattern."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable

from ..values import parse_date
from .params import ParamError, one_of
from .transforms import Transform

ORDERS = ("auto", "YMD", "DMY", "MDY")
_TOKENS = re.compile(r"\d+|[^\W\d_]+")
_SHAPE = re.compile(r"^\s*\w+\.?(?:\s*[-/.,]\s*|\s+)\w+\.?(?:\s*[-/.,]\s*|\s+)\w+\s*$")
MONTHS = {name: i for i, names in enumerate((
    ("jan", "january", "janvier", "januar", "enero"), ("feb", "february", "fevrier", "februar", "febrero"),
    ("mar", "march", "mars", "marz", "marzo"), ("apr", "april", "avril", "abril"),
    ("may", "mai", "mayo"), ("jun", "june", "juin", "juni", "junio"),
    ("jul", "july", "juillet", "juli", "julio"), ("aug", "august", "aout", "agosto"),
    ("sep", "sept", "september", "septembre", "septiembre"), ("oct", "october", "octobre", "oktober", "octubre"),
    ("nov", "november", "novembre", "noviembre"), ("dec", "december", "decembre", "dezember", "diciembre")),
    start=1) for name in names}


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def _year(token: str) -> int | None:
    if not token.isdigit() or len(token) not in (2, 4):
        return None
    y = int(token)
    # two digits as POSIX strptime %y reads them: 69-99 are 1969-1999, 00-68 are 2000-2068
    return y + (1900 if y >= 69 else 2000) if len(token) == 2 else y


def read_date(text: str, order: str) -> date | None:
    """A date of three parts (digits, or a month's name for the month) in the order "YMD",
    "DMY" or "MDY", separated by - / . , or spaces; None for anything else."""
    if not _SHAPE.match(text):
        return None
    tokens = _TOKENS.findall(text)
    if len(tokens) != 3:
        return None
    parts = dict(zip(order, tokens))
    year = _year(parts["Y"])
    m = parts["M"]
    month = int(m) if m.isdigit() and len(m) <= 2 else MONTHS.get(_fold(m))
    d = parts["D"]
    if year is None or month is None or not d.isdigit() or len(d) > 2:
        return None
    try:
        return date(year, month, int(d))
    except ValueError:
        return None


def plausible_orders(values: Iterable[Any]) -> tuple[str, ...]:
    """The orders under which every value that reads as a date in some order reads as one:
    ("DMY",) for a column holding 31/01/2020, ("DMY", "MDY") when every day is 12 or less
    (the person must choose), () when the column mixes orders."""
    left = list(ORDERS[1:])
    for value in values:
        if isinstance(value, str) and any(read_date(value, o) for o in ORDERS[1:]):
            left = [o for o in left if read_date(value, o) is not None]
            if not left:
                break
    return tuple(left)


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}$")


def column_order(values: Iterable[Any]) -> str:
    """The one order ("DMY", "MDY" or "YMD") a column's dates are written in, from all its values
    (ISO dates, readable only one way, say nothing); a ParamError when they leave it open or mix
    orders: one reading for the whole column, never one per cell."""
    texts = [v for v in values if isinstance(v, str) and not _ISO.match(v.strip())]
    dated = [v for v in texts if any(read_date(v, o) for o in ORDERS[1:])]
    if not dated:
        return "YMD"  # nothing but ISO dates (or no dates): nothing to decide
    left = plausible_orders(dated)
    if len(left) == 1:
        return left[0]
    if not left:
        raise ParamError("order", "the column writes its dates in more than one order; choose how to read them "
                                  "(YMD, DMY or MDY)")
    example = next((v for v in dated if all(read_date(v, o) for o in left)), dated[0])
    names = {"DMY": "day first", "MDY": "month first", "YMD": "year first"}
    raise ParamError("order", f"dates such as {example} read either way ({' or '.join(names[o] for o in left)}); "
                              f"choose the order ({', '.join(left)})")


@dataclass(frozen=True)
class ReformatDate(Transform):
    """A date written anew. `order` is how the text is read ("auto": ISO, then day/month/year
    forms as values.parse_date reads them); `format` is "iso" or a strftime pattern such as
    "%d.%m.%Y". A value that does not read as a date is left as it is, for the person to see."""

    op = "reformat_date"
    order: str = "auto"
    format: str = "iso"

    def check(self):
        one_of("order", self.order, ORDERS)
        if self.format != "iso":
            if "%" not in self.format:
                raise ParamError("format", 'has no strftime directive such as %Y, %m or %d (or say "iso")')
            try:
                date(2001, 2, 3).strftime(self.format)
            except ValueError as e:
                raise ParamError("format", f"is not a strftime pattern: {e}") from None

    def reads(self, value: Any) -> date | None:
        """The date `value` holds in this step's order, or None (it is left as it is)."""
        return self._read(value)

    def _read(self, value: Any) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if not isinstance(value, str):
            return None
        if self.order != "auto":
            if _ISO.match(value.strip()):  # written one way only, whatever the column's order
                try:
                    return date.fromisoformat(value.strip())
                except ValueError:
                    return None
            return read_date(value, self.order)
        iso, _note = parse_date(value)
        return date.fromisoformat(iso) if iso else None

    def apply(self, value):
        d = self._read(value)
        if d is None:
            return value
        return d.isoformat() if self.format == "iso" else d.strftime(self.format)
