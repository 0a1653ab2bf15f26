"""Casting raw cell input to stored values, with the messages of cell-local rules.

A caster is built once per field and called per cell, so the happy path allocates nothing:
problems are appended to a shared `sink` as (key, type, source, message). What a cell
cannot be cast to is kept as the text that was given, flagged, so nothing is lost.

Stored forms: numbers as int/float, booleans as 1/0, dates as "YYYY-MM-DD", enums as the
option's value, lists as a JSON array of strings, empty as None.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from typing import Any, Callable

from .blueprint import ENUM_TYPES, FieldDef
from .limits import INT_DIGITS, INT_MAX, fits_int

Sink = list  # of (key, type, source, message)
Caster = Callable[[Any], Any]

# Flatfile's ValidationSource. Type and size faults have none, so their messages carry no source.
FLATFILE_SOURCES = frozenset({"required-constraint", "unique-constraint", "custom-logic", "unlinked",
                              "invalid-option", "is-artifact"})
_OLD_SOURCES = {"required": "required-constraint", "unique": "unique-constraint", "enum": "invalid-option",
                "reference": "unlinked"}  # names stored by Spaces made before the Flatfile ones


def flatfile_source(source: str) -> str | None:
    """A stored message source as Flatfile names it, or None where Flatfile has no name for it."""
    source = _OLD_SOURCES.get(source, source)
    return source if source in FLATFILE_SOURCES else None

TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "on", "x"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "off"})
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_WHOLE = re.compile(r"^[+-]?[0-9]+$")


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


class EnumMatcher:
    """Finds an option by value, then by value/label/alternativeNames ignoring case."""

    def __init__(self, f: FieldDef):
        self.exact = {str(o.value): o.value for o in f.options}
        self.loose: dict[str, Any] = {}
        for o in f.options:
            for name in (str(o.value), o.label, *o.alternative_names):
                self.loose.setdefault(name.strip().lower(), o.value)

    def match(self, text: str):
        if text in self.exact:
            return True, self.exact[text]
        key = text.strip().lower()
        if key in self.loose:
            return True, self.loose[key]
        return False, text


def make_caster(f: FieldDef, sink: Sink) -> Caster:
    """The field's caster, followed by its external validators when it has any that run here
    (a field without them gets the plain caster: nothing more per cell)."""
    cast = _typed_caster(f, sink)
    if not f.validators:
        return cast
    from .validators import checks_for

    checks = checks_for(f)
    return _validated(f, cast, checks, sink) if checks else cast


def _validated(f: FieldDef, cast: Caster, checks: list, sink: Sink) -> Caster:
    """Validators see non-empty values that their type accepted (a number field's "abc" is the
    type's error alone), as stored, with the text shown for them; a validator that raises
    puts one error on the cell naming it, and the value is kept."""
    from .validators import SOURCE, failure

    key, add, is_list = f.key, sink.append, f.is_list
    boolean, plain = f.type == "boolean", f.type == "string"

    def run(value, text):
        for name, check in checks:
            try:
                found = check(value, text)
            except Exception as exc:  # noqa: BLE001 - the validator's fault, never the import's
                found = [failure(name, exc)]
            if found:
                for level, message in found:
                    add((key, level, SOURCE, message))

    def validated(raw):
        before = len(sink)
        v = cast(raw)
        if v is None:
            return None
        if len(sink) > before and any(m[2] == "type" and m[1] == "error" for m in sink[before:]):
            return v
        if plain:  # a string field: its value is its text
            run(v, v)
        elif is_list:
            items = public_value(f, v)
            for item in items if isinstance(items, list) else ():
                run(item, item)
        elif boolean and isinstance(v, int):
            run(bool(v), "true" if v else "false")
        else:
            run(v, display_text(f, v))
        return v

    validated.validated = True
    return validated


def _typed_caster(f: FieldDef, sink: Sink) -> Caster:
    key = f.key
    required = f.required
    add = sink.append

    def empty():
        if required:
            add((key, f.required_level, "required-constraint", f.required_message or f"{f.label} is required"))
        return None

    t = f.type
    if t == "string":
        limit = f.max_length

        def cast(raw):
            if raw is None or raw == "" or (isinstance(raw, str) and raw[0] in " \t\r\n" and not raw.strip()):
                return empty()
            s = raw if isinstance(raw, str) else text_of(raw)
            if limit is not None and len(s) > limit:
                add((key, "error", "size", f"Longer than {limit} characters ({len(s)})"))
            return s
        return cast

    if t == "number":
        places = f.decimal_places

        def cast(raw):
            if raw is None or raw == "" or (isinstance(raw, str) and not raw.strip()):
                return empty()
            v = parse_number(raw)
            if v is None:
                if too_large(raw):
                    add((key, "error", "type", f"Too large to store as a number (whole numbers go up to {INT_MAX:,}); "
                                               "kept as text"))
                else:
                    add((key, "error", "type", f'"{text_of(raw)}" is not a number'))
                return text_of(raw)
            if places is not None and isinstance(v, float):
                r = round(v, places)
                if places == 0:
                    r = int(r)
                if r != v:
                    add((key, "warn", "type", f"Rounded {v} to {places} decimal places"))
                v = r
            return v
        return cast

    if t == "boolean":
        if not f.allow_indeterminate and not required:
            # Flatfile: with allowIndeterminate false a boolean is never neither; an empty cell
            # is false. A required one still asks for an answer instead of assuming one.
            def empty():
                return 0

        def cast(raw):
            if raw is None or raw == "":
                return empty()
            if isinstance(raw, bool):
                return 1 if raw else 0
            if isinstance(raw, (int, float)) and raw in (0, 1):
                return int(raw)
            s = str(raw).strip().lower()
            if s in TRUE_WORDS:
                return 1
            if s in FALSE_WORDS:
                return 0
            if not s:
                return empty()
            add((key, "error", "type", f'"{text_of(raw)}" is not true or false'))
            return text_of(raw)
        return cast

    if t == "date":
        def cast(raw):
            if raw is None or raw == "" or (isinstance(raw, str) and not raw.strip()):
                return empty()
            v, note = parse_date(raw)
            if v is None:
                add((key, "error", "type", f'"{text_of(raw)}" is not a date (expected YYYY-MM-DD)'))
                return text_of(raw)
            if note:
                add((key, "warn", "type", note))
            return v
        return cast

    if t == "enum":
        matcher = EnumMatcher(f)
        allow_custom = f.allow_custom

        def cast(raw):
            s = text_of(raw)
            if s is None or not s.strip():
                return empty()
            ok, v = matcher.match(s)
            if not ok:
                if allow_custom:
                    add((key, "info", "invalid-option", f'"{s}" is a custom value, not one of the options'))
                else:
                    add((key, "error", "invalid-option", f'"{s}" is not one of the options'))
            return v
        return cast

    if t == "reference":
        def cast(raw):
            s = text_of(raw)
            if s is None or not s.strip():
                return empty()
            return s.strip()
        return cast

    # the three list types
    matcher = EnumMatcher(f) if f.type in ENUM_TYPES else None
    allow_custom = f.allow_custom

    def cast(raw):
        items = split_list(raw)
        if not items:
            return empty()
        if matcher is not None:
            out = []
            for item in items:
                ok, v = matcher.match(item)
                if not ok:
                    kind = "info" if allow_custom else "error"
                    add((key, kind, "invalid-option", f'"{item}" is not one of the options'))
                out.append(str(v))
            items = out
        return json.dumps(items, ensure_ascii=False)
    return cast


def public_value(f: FieldDef, stored: Any) -> Any:
    """The value as Flatfile's record JSON shows it."""
    if stored is None:
        return None
    if f.type == "boolean" and isinstance(stored, int):
        return bool(stored)
    if f.is_list and isinstance(stored, str):
        try:
            return json.loads(stored)
        except ValueError:
            return stored
    return stored


def display_text(f: FieldDef, stored: Any) -> str:
    """The value as a person reads it in a grid or a CSV."""
    if stored is None:
        return ""
    if f.type == "boolean" and isinstance(stored, int):
        return "true" if stored else "false"
    if f.is_list and isinstance(stored, str):
        try:
            return ", ".join(json.loads(stored))
        except ValueError:
            return stored
    if isinstance(stored, float) and stored.is_integer() and f.decimal_places is None:
        return str(int(stored))
    return str(stored)


def make_shower(f: FieldDef) -> Callable[[Any], str]:
    """How a stored value is shown to a person in the window: an option's label instead of its
    value, a number with the field's decimal places, booleans as true/false. For the eye only:
    copying, exporting and editing use display_text, which the casters read back exactly."""
    if f.type in ENUM_TYPES and f.options:
        labels = {str(o.value): o.label for o in reversed(f.options)}  # the first label of a value
        if f.type == "enum":
            return lambda v: labels.get(str(v), display_text(f, v)) if v is not None else ""

        def show_list(v) -> str:
            items = public_value(f, v)
            if not isinstance(items, list):
                return display_text(f, v)
            return ", ".join(labels.get(str(i), str(i)) for i in items)
        return show_list
    if f.type == "number" and f.decimal_places is not None:
        places = f.decimal_places

        def show_number(v) -> str:
            if isinstance(v, int) and not isinstance(v, bool):  # exact, however large
                return f"{v}.{'0' * places}" if places else str(v)
            if isinstance(v, float) and math.isfinite(v):
                return f"{v:.{places}f}"
            return display_text(f, v)
        return show_number
    return lambda v: display_text(f, v)
