"""Reading date and date-time texts in the three orders people write them.

    DMY  31/12/2020, 31.12.2020, 31-12-20     (most of the world)
    MDY  12/31/2020                           (the US)
    YMD  2020-12-31, 2020/12/31               (ISO, East Asia)

A numeric date says which orders it can be read in: "31/12/2020" only DMY, "12/31/2020"
only MDY, "05/06/2020" both, "2020-12-31" only YMD (a four-digit first part is a year).
A column is then read in one order, decided from all its values (see guess.py), never cell
by cell. Dates with a month name ("Jan 1 2000", "1. März 2020", "31 déc. 2020") read the same
in any order.

An optional time follows: "31/12/2020 14:05", "2020-12-31T14:05:09Z", "12/31/2020 2:05 PM".
Two-digit years read as POSIX strptime's %y does: 69-99 are 19xx, 00-68 are 20xx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

ORDERS = ("DMY", "MDY", "YMD")
ORDER_WORDS = {"DMY": "day first", "MDY": "month first", "YMD": "year first"}
MAX_DATE_TEXT = 64

_NUMERIC = re.compile(r"([0-9]{1,4})([/.\-])([0-9]{1,2})\2([0-9]{1,4})", re.ASCII)
_TIME = re.compile(r"(?:T|\s+|,\s*)([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?"
                   r"(?:\s*([AaPp])\.?[Mm]\.?)?\s*(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$", re.ASCII)
_WORD_SPLIT = re.compile(r"[\s,/.\-]+")
_ORDINAL = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th|er|e)?", re.ASCII | re.IGNORECASE)

# English, German and French month names and their usual abbreviations (lower case, no dot).
_MONTH_NAMES = {
    1: "jan january januar janv janvier jän jänner",
    2: "feb february februar fév févr fevr février fevrier",
    3: "mar march mär märz maerz mars",
    4: "apr april avr avril",
    5: "may mai",
    6: "jun june juni juin",
    7: "jul july juli juil juillet",
    8: "aug august août aout",
    9: "sep sept september septembre",
    10: "oct october okt oktober octobre",
    11: "nov november novembre",
    12: "dec december dez dezember déc décembre",
}
MONTHS = {name: m for m, names in _MONTH_NAMES.items() for name in names.split()}
_WEEKDAYS = frozenset("mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday "
                      "saturday sunday".split())


@dataclass(frozen=True, slots=True)
class DateText:
    parts: tuple[str, str, str] | None  # a numeric date's parts as written, e.g. ("31", "12", "2020")
    named: tuple[int, int, int] | None  # (year, month, day) of a date with a month name
    time: str | None  # "HH:MM", "HH:MM:SS", "HH:MM:SS.fff", then "Z" or "+HH:MM" when given
    short_year: bool  # written with a two-digit year


def _year(text: str) -> int:
    y = int(text)
    if len(text) <= 2:
        return y + (1900 if y >= 69 else 2000)
    return y


def _valid(y: int, m: int, d: int) -> bool:
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1 <= y <= 9999):
        return False
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _time(m: re.Match) -> str | None:
    h, mi, s, frac, ampm, tz = m.groups()
    hour, minute = int(h), int(mi)
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm in "Pp" else 0)
    if hour > 23 or minute > 59 or (s is not None and int(s) > 59):
        return None
    out = f"{hour:02d}:{minute:02d}"
    if s is not None:
        out += f":{s}" + (f".{frac}" if frac else "")
    if tz:
        out += "Z" if tz == "Z" else (tz[:3] + ":" + tz[-2:] if len(tz) > 3 else tz + ":00")
    return out


def _named(text: str) -> tuple[tuple[int, int, int], bool] | None:
    words = [w for w in _WORD_SPLIT.split(text.strip().lower()) if w]
    if len(words) == 4 and words[0] in _WEEKDAYS:
        words = words[1:]
    if len(words) != 3:
        return None
    months = [i for i, w in enumerate(words) if w in MONTHS]
    if len(months) != 1:
        return None
    at = months[0]
    first, second = (words[i] for i in range(3) if i != at)
    if first.isdigit() and len(first) == 4 and _ORDINAL.fullmatch(second):  # 2000 Jan 1
        day, year = _ORDINAL.fullmatch(second).group(1), first
    elif _ORDINAL.fullmatch(first) and second.isdigit() and len(second) == 4:  # 1 Jan 2000, Jan 1, 2000
        day, year = _ORDINAL.fullmatch(first).group(1), second
    elif at == 1 and _ORDINAL.fullmatch(first) and second.isdigit() and len(second) == 2:  # 01-JAN-20
        day, year = _ORDINAL.fullmatch(first).group(1), second
    else:
        return None
    if len(year) not in (2, 4):
        return None
    y, m, d = _year(year), MONTHS[words[at]], int(day)
    return ((y, m, d), len(year) == 2) if _valid(y, m, d) else None


def split_date(s: str) -> DateText | None:
    """The parts of a stripped text that looks like a date (with or without a time), or None."""
    if not s or len(s) > MAX_DATE_TEXT or not s[0].isalnum():
        return None
    time = None
    if ":" in s:
        m = _TIME.search(s)
        if m is None:
            return None
        time = _time(m)
        if time is None:
            return None
        s = s[:m.start()]
    m = _NUMERIC.fullmatch(s)
    if m:
        a, _, b, c = m.groups()
        if len(a) == 4 and len(c) <= 2:
            return DateText((a, b, c), None, time, False)
        if len(a) <= 2 and len(c) in (2, 4):
            return DateText((a, b, c), None, time, len(c) == 2)
        return None
    if s[0].isdigit() and s.isascii() and s.replace("/", "").replace("-", "").replace(".", "").isdigit():
        return None  # digits and separators that are not a date: no need to look for month names
    named = _named(s)
    return DateText(None, named[0], time, named[1]) if named else None


def ymd(d: DateText, order: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date read in `order`, or None when it is no date that way."""
    if d.named is not None:
        return d.named
    a, b, c = d.parts
    if len(a) == 4:
        if order != "YMD":
            return None
        y, m, dd = int(a), int(b), int(c)
    elif order == "DMY":
        y, m, dd = _year(c), int(b), int(a)
    elif order == "MDY":
        y, m, dd = _year(c), int(a), int(b)
    else:
        return None
    return (y, m, dd) if _valid(y, m, dd) else None


def orders_of(d: DateText) -> tuple[str, ...]:
    """The orders a date reads in: all three for a month name, none for "31/31/2020"."""
    if d.named is not None:
        return ORDERS
    return tuple(o for o in ORDERS if ymd(d, o) is not None)


def iso(d: DateText, order: str, with_time: bool = True) -> str | None:
    """YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] when the text has a time; None when it is no date
    read in `order`."""
    found = ymd(d, order)
    if found is None:
        return None
    out = f"{found[0]:04d}-{found[1]:02d}-{found[2]:02d}"
    return f"{out}T{d.time}" if with_time and d.time else out


_FAST = re.compile(r"([0-9]{1,4})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4}|[0-9]{1,2})", re.ASCII)
_FIELDS = {"DMY": (2, 1, 0), "MDY": (2, 0, 1), "YMD": (0, 1, 2)}  # where year, month, day are


def fast_reader(order: str):
    """A quick reader for the common plain case ("31/12/2020" day first): ISO text, or None
    when the text needs the full reading (iso(split_date(s), order)) to tell."""
    yi, mi, di = _FIELDS[order]
    match = _FAST.fullmatch
    make_date = date  # bound once: a name lookup fewer per cell

    def read(s: str) -> str | None:
        m = match(s)
        if m is None:
            return None
        parts = m.groups()
        y = parts[yi]
        if len(y) != 4 or (order == "YMD") != (len(parts[0]) == 4) or s[len(parts[0])] != s[-len(parts[2]) - 1]:
            return None
        try:
            make_date(int(y), int(parts[mi]), int(parts[di]))
        except ValueError:
            return None
        return f"{y}-{int(parts[mi]):02d}-{int(parts[di]):02d}"
    return read

