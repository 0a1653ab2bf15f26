"""The built-in date validators: date, dateRange and dateTimeRange, and the date formats
(moment or date-fns tokens, YYYY-MM-DD or yyyy-MM-dd) real blueprints give them."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Callable

from .cells import parse_date
from .validator_lib import Check, Config, Unusable

_TOKENS = [("YYYY", r"(?P<Y>\d{4})"), ("yyyy", r"(?P<Y>\d{4})"), ("YY", r"(?P<y>\d{2})"), ("yy", r"(?P<y>\d{2})"),
           ("MMMM", r"(?P<B>[A-Za-z]+)"), ("MMM", r"(?P<b>[A-Za-z]{3})"), ("MM", r"(?P<m>\d{2})"),
           ("M", r"(?P<m>\d{1,2})"), ("DD", r"(?P<d>\d{2})"), ("dd", r"(?P<d>\d{2})"), ("D", r"(?P<d>\d{1,2})"),
           ("d", r"(?P<d>\d{1,2})"), ("HH", r"(?P<H>\d{2})"), ("H", r"(?P<H>\d{1,2})"), ("mm", r"(?P<i>\d{2})"),
           ("ss", r"(?P<s>\d{2})"), ("SSS", r"(?P<f>\d{3})"), ("ZZ", r"(?P<z>Z|[+-]\d{2}:?\d{2})"),
           ("Z", r"(?P<z>Z|[+-]\d{2}:?\d{2})"), ("XXX", r"(?P<z>Z|[+-]\d{2}:?\d{2})")]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]


def date_format(fmt: str, where: str = "config.format") -> Callable[[str], datetime | None]:
    """A reader of text written in a moment/date-fns format (YYYY-MM-DD, yyyy-MM-dd, MM/DD/YYYY…)."""
    out, i, seen = [], 0, set()
    while i < len(fmt):
        for tok, rx in _TOKENS:
            if fmt.startswith(tok, i):
                group = rx[4]
                if group in seen or (group in "Yy" and seen & set("Yy")) or (group in "Bbm" and seen & set("Bbm")):
                    raise Unusable(where, f'"{fmt}" gives a part twice')
                seen.add(group)
                out.append(rx)
                i += len(tok)
                break
        else:
            ch = fmt[i]
            close = {"'": "'", "[": "]"}.get(ch)
            if close and fmt.find(close, i + 1) > i:  # quoted text: 'T' (date-fns), [T] (moment)
                end = fmt.index(close, i + 1)
                out.append(re.escape(fmt[i + 1:end]))
                i = end + 1
                continue
            if ch == "T":  # moment and ISO write the time's T as it is
                out.append("T")
                i += 1
                continue
            if ch.isalpha():
                raise Unusable(where, f'"{fmt}": unknown part "{ch}" (known: YYYY, YY, MMMM, MMM, MM, M, DD, D, '
                                      'HH, H, mm, ss, SSS, Z)')
            out.append(re.escape(ch))
            i += 1
    if not seen & set("Yy") or not seen & set("Bbm") or "d" not in seen:
        raise Unusable(where, f'"{fmt}" needs a year, a month and a day')
    rx = re.compile("".join(out))

    def read(text: str) -> datetime | None:
        m = rx.fullmatch(text.strip())
        if not m:
            return None
        g = m.groupdict()
        if g.get("Y"):
            year = int(g["Y"])
        else:
            year = 2000 + int(g["y"]) if int(g["y"]) < 70 else 1900 + int(g["y"])
        if g.get("m"):
            month = int(g["m"])
        else:
            name = (g.get("B") or g.get("b") or "").lower()
            month = next((k + 1 for k, full in enumerate(_MONTHS)
                          if (full == name if g.get("B") else full[:3] == name)), 0)
        try:
            return datetime(year, month, int(g["d"]), int(g.get("H") or 0), int(g.get("i") or 0), int(g.get("s") or 0))
        except ValueError:
            return None
    return read


def _reader(fmt_read, ftype: str) -> Callable[[Any, str], datetime | None]:
    """The date of a cell: a date field's stored YYYY-MM-DD, else text read by the format if
    one is given, else ISO (with a time, for dateTimeRange) or the forms a date field reads."""
    def read(value, text) -> datetime | None:
        if ftype == "date":
            try:
                return datetime.fromisoformat(value)
            except (TypeError, ValueError):
                return None
        if fmt_read is not None:
            return fmt_read(text)
        try:
            return datetime.fromisoformat(text.strip())
        except ValueError:
            iso, _ = parse_date(text)
            return datetime.fromisoformat(iso) if iso else None
    return read


def date_check(cfg: Config, ftype: str) -> Check:
    fmt = cfg.text("format")
    fmt_read = date_format(fmt) if fmt else None
    if ftype == "date":  # stored as a date already: the type says all a format could
        return lambda value, text: None
    read = _reader(fmt_read, ftype)
    invalid = f"Invalid date format (expected {fmt})" if fmt else "Invalid date format"

    def check(value, text):
        return None if read(value, text) is not None else [("error", invalid)]
    return check


def date_range(cfg: Config, ftype: str) -> Check:
    fmt = cfg.text("format")
    fmt_read = date_format(fmt) if fmt else None
    bounds = []
    for name in ("min", "max"):
        text = cfg.text(name, name + "Date", "minimum" if name == "min" else "maximum")
        if text is None:
            bounds.append(None)
            continue
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            when = fmt_read(text) if fmt_read else None
        if when is None:
            raise Unusable(f"config.{name}", f'"{text}" is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)')
        bounds.append((when.replace(tzinfo=None), text, len(text) <= 10))
    lo, hi = bounds
    if lo is None and hi is None:
        raise Unusable("config", "gives no min or max")
    if lo and hi and lo[0] > hi[0]:
        raise Unusable("config.min", f"{lo[1]} is after max ({hi[1]})")
    read = _reader(fmt_read, ftype)
    invalid = f"Invalid date format (expected {fmt})" if fmt else "Invalid date format"

    def check(value, text):
        when = read(value, text)
        if when is None:
            return [("error", invalid)]
        when = when.replace(tzinfo=None)
        day_only = ftype == "date" or len(text.strip()) <= 10
        out = []
        if lo and (when.date() < lo[0].date() if day_only else when < lo[0]):
            out.append(("error", f"Must be on or after {lo[1]}"))
        if hi and (when.date() > hi[0].date() if day_only else when > hi[0]):
            out.append(("error", f"Must be on or before {hi[1]}"))
        return out or None
    return check
