"""Reading the values cells are given: text, whole and decimal numbers, dates, lists, yes/no words.

Shared by the field types (which cast with them) and by validators and editors (which check
typed text the same way).
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from typing import Any

# A cell's whole number is SQLite's INTEGER, a signed 64-bit number (Python's int is not, and
# binding a larger one raises OverflowError). The same bounds as domain.limits, which cannot be
# imported here: it asks sqlite3 for its column limit.
INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1
INT_DIGITS = 19  # a whole number of fewer digits always fits

# What str.strip() takes off (every str.isspace() character, listed: finding them by trying all
# of Unicode took 0.3 s at the first import, a stall of the window): a cell starting or ending
# with one is not plain text. tests/domain/test_fastread.py checks the list is whole.
SPACES = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                   "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "on", "x"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "off"})
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_WHOLE = re.compile(r"^[+-]?[0-9]+$")


def same_value(a: Any, b: Any) -> bool:
    """Two stored cell values alike (NaN, which no == finds equal, is itself)."""
    return a == b or (a != a and b != b)


def fits_int(value: int) -> bool:
    return INT_MIN <= value <= INT_MAX


def text_of(raw: Any) -> str | None:
    """Any incoming value as text; integral floats (spreadsheets) lose their '.0'."""
    if raw is None:
        return None
    if isinstance(raw, str):
        return raw if raw != "" else None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, (list, dict)):
        return json.dumps(raw, ensure_ascii=False)
    return str(raw)


def _whole(s: str) -> int | None:
    """A whole number SQLite can hold, or None: a longer one would overflow its 64 bits (and
    past 4,300 digits Python refuses to read it), and a float would lose its digits."""
    if len(s.lstrip("+-")) > INT_DIGITS:
        return None
    v = int(s)
    return v if fits_int(v) else None


def too_large(raw: Any) -> bool:
    """Whether a value parse_number refused is a whole number beyond what a cell can hold."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return not fits_int(raw)
    return isinstance(raw, str) and _WHOLE.match(raw.strip()) is not None and _whole(raw.strip()) is None


def parse_number(raw: Any) -> int | float | None:
    """A number, or None when the input is not one. Accepts 1,234.5 thousands separators."""
    if raw.__class__ is str:
        s = raw.strip()
        if s.isascii() and s.isdigit() and len(s) < INT_DIGITS:
            return int(s)
        if _WHOLE.match(s):
            return _whole(s)
    elif isinstance(raw, bool):
        return None
    elif isinstance(raw, int):
        return raw if fits_int(raw) else None
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            return None
        return int(raw) if raw.is_integer() and abs(raw) < 2**53 else raw
    else:
        s = str(raw).strip()
    if "_" in s:
        return None
    try:
        v = float(s)
    except ValueError:
        if not _THOUSANDS.match(s):
            return None
        v = float(s.replace(",", ""))
    if not math.isfinite(v):
        return None
    if v.is_integer() and abs(v) < 2**53 and "." not in s and "e" not in s.lower():
        return int(v)
    return v


def parse_date(raw: Any) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, note) or (None, None). The note says how a non-ISO text was read."""
    if isinstance(raw, datetime):
        return raw.date().isoformat(), None
    if isinstance(raw, date):
        return raw.isoformat(), None
    s = str(raw).strip()
    if len(s) == 10 and s[4] == "-" and s[7] == "-":
        try:
            return date.fromisoformat(s).isoformat(), None
        except ValueError:
            return None, None
    m = _SLASHED.match(s)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        month, day = (a, b) if a <= 12 else (b, a)
        try:
            value = date(year, month, day).isoformat()
        except ValueError:
            return None, None
        if a <= 12 and b <= 12 and a != b:
            return value, f'"{s}" could be day/month or month/day; read as month/day ({value})'
        return value, None
    if not re.search(r"\d", s) or len(s) > 64:
        return None, None
    try:
        from dateutil import parser as dparser

        parsed = dparser.parse(s, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        return None, None
    if not re.search(r"\d{4}", s):
        return None, None
    return parsed.date().isoformat(), None


def split_list(raw: Any) -> list[str]:
    if isinstance(raw, (list, tuple)):
        return [t for t in (text_of(v) for v in raw) if t is not None]
    s = text_of(raw)
    if s is None:
        return []
    st = s.strip()
    if st.startswith("["):
        try:
            items = json.loads(st)
            if isinstance(items, list):
                return [t for t in (text_of(v) for v in items) if t is not None]
        except ValueError:
            pass
    sep = ";" if ";" in st else ","
    return [part.strip() for part in st.split(sep) if part.strip()]
