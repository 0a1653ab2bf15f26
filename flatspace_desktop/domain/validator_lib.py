"""The built-in external validators (dates are in validator_dates), checked offline.

Each is a factory `make(config, field_type) -> check`, run once per field when its casters are
built; `check(value, text)` is then run per non-empty cell with the value as stored (a number,
True/False, "YYYY-MM-DD", a list item) and its text as shown, and returns None or a list of
(level, message). Checks see only what is stored, so re-checking a sheet gives the same messages
as the import did. A config that cannot be used raises Unusable naming the key: the constraint
is then kept, listed as not enforced, and the blueprint still loads.

Config keys follow what real blueprints and Flatfile's validate plugins write; where they name
the same thing differently (min / minLength / len), each spelling is read.
"""

from __future__ import annotations

import ipaddress
import math
import re
from decimal import Decimal
from typing import Any, Callable
from urllib.parse import urlsplit

from .cells import FALSE_WORDS, TRUE_WORDS, parse_number
from .regexrisk import backtracks

Check = Callable[[Any, str], "list[tuple[str, str]] | None"]


class Unusable(Exception):
    """A built-in validator's config that cannot be used: where (e.g. "config.min") and why."""

    def __init__(self, where: str, why: str):
        super().__init__(f"{where}: {why}")
        self.where, self.why = where, why


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


class Config:
    """Typed reads of a validator's config; each read takes the spellings real blueprints use."""

    def __init__(self, config: Any):
        if config is None:
            config = {}
        if not isinstance(config, dict):
            raise Unusable("config", f"expected an object, found {_kind(config)}")
        self.c = config

    def _get(self, names: tuple[str, ...]) -> tuple[str | None, Any]:
        for n in names:
            if self.c.get(n) is not None:
                return n, self.c[n]
        return None, None

    def number(self, *names: str) -> int | float | None:
        n, v = self._get(names)
        if n is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise Unusable(f"config.{n}", f"expected a number, found {_kind(v)}")
        return v

    def count(self, *names: str) -> int | None:
        n, v = self._get(names)
        if n is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise Unusable(f"config.{n}", f"expected a whole number of 0 or more, found {v!r}")
        return v

    def flag(self, default: bool, *names: str) -> bool:
        n, v = self._get(names)
        if n is None:
            return default
        if not isinstance(v, bool):
            raise Unusable(f"config.{n}", f"expected true or false, found {_kind(v)}")
        return v

    def text(self, *names: str) -> str | None:
        n, v = self._get(names)
        if n is None:
            return None
        if not isinstance(v, str) or not v:
            raise Unusable(f"config.{n}", f"expected a non-empty string, found {v!r}")
        return v

    def texts(self, *names: str) -> tuple[str, ...] | None:
        n, v = self._get(names)
        if n is None:
            return None
        if not isinstance(v, list) or not all(isinstance(i, str) and i for i in v):
            raise Unusable(f"config.{n}", "expected a list of strings")
        return tuple(v)

    def has(self, name: str) -> bool:
        return self.c.get(name) is not None


def _num(v) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _ordered(lo, hi, lo_name: str = "min", hi_name: str = "max") -> None:
    if lo is not None and hi is not None and lo > hi:
        raise Unusable(f"config.{lo_name}", f"{_num(lo) if not isinstance(lo, str) else lo} is above "
                                            f"{hi_name} ({_num(hi) if not isinstance(hi, str) else hi})")


# ---- length, minLength, maxLength

def length(which: str):
    def make(cfg: Config, ftype: str) -> Check:
        if which == "minLength":
            lo, hi, exact = cfg.count("len", "min", "minLength", "length", "value"), None, None
        elif which == "maxLength":
            lo, hi, exact = None, cfg.count("len", "max", "maxLength", "length", "value"), None
        else:
            lo = cfg.count("min", "minLength", "minimum")
            hi = cfg.count("max", "maxLength", "maximum")
            exact = cfg.count("exact", "exactLength", "len", "length")
        if lo is None and hi is None and exact is None:
            raise Unusable("config", "gives no min, max or exact length")
        _ordered(lo, hi)

        def check(value, text):
            n = len(text)
            if exact is not None and n != exact:
                return [("error", f"Exact length must be {exact} ({n} characters)")]
            if lo is not None and n < lo:
                return [("error", f"Minimum length is {lo} ({n} characters)")]
            if hi is not None and n > hi:
                return [("error", f"Maximum length is {hi} ({n} characters)")]
            return None
        return check
    return make


# ---- numberRange, number

def _as_number(value, text, thousands: str | None = None, point: str | None = None):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    s = text.strip()
    if thousands:
        s = s.replace(thousands, "")
    if point and point != ".":
        s = s.replace(point, ".")
    return parse_number(s)


def _bounds(cfg: Config, inclusive: bool):
    lo = cfg.number("min", "minimum", "minValue")
    hi = cfg.number("max", "maximum", "maxValue")
    _ordered(lo, hi)
    word = "or equal to " if inclusive else ""

    def messages(v) -> list:
        out = []
        if lo is not None and (v < lo if inclusive else v <= lo):
            out.append(("error", f"Must be greater than {word}{_num(lo)}"))
        if hi is not None and (v > hi if inclusive else v >= hi):
            out.append(("error", f"Must be less than {word}{_num(hi)}"))
        return out
    return lo, hi, messages


def number_range(cfg: Config, ftype: str) -> Check:
    lo, hi, messages = _bounds(cfg, cfg.flag(True, "inclusive"))
    if lo is None and hi is None:
        raise Unusable("config", "gives no min or max")

    def check(value, text):
        v = _as_number(value, text)
        if v is None:
            return [("error", "Must be a number")]
        return messages(v) or None
    return check


def number(cfg: Config, ftype: str) -> Check:
    _, _, messages = _bounds(cfg, cfg.flag(True, "inclusive"))
    integer_only = cfg.flag(False, "integerOnly", "integer")
    precision, scale = cfg.count("precision"), cfg.count("scale", "decimalPlaces")
    step = cfg.number("step", "multipleOf")
    if step is not None and step <= 0:
        raise Unusable("config.step", "must be above 0")
    thousands, point = cfg.text("thousandsSeparator"), cfg.text("decimalPoint")
    step_d = Decimal(str(step)) if step is not None else None

    def check(value, text):
        v = _as_number(value, text, thousands, point)
        if v is None:
            return [("error", "Must be a number")]
        out = messages(v)
        if integer_only and isinstance(v, float) and not v.is_integer():
            out.append(("error", "Must be an integer"))
        if precision is not None or scale is not None or step_d is not None:
            d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
            exp = d.as_tuple().exponent
            decimals = max(0, -exp) if isinstance(exp, int) else 0
            if scale is not None and decimals > scale:
                out.append(("error", f"Must have at most {scale} digits after the decimal point"))
            if precision is not None and len(d.as_tuple().digits) > precision and d != 0:
                out.append(("error", f"Must have at most {precision} digits"))
            if step_d is not None and d % step_d != 0:
                out.append(("error", f"Must be a multiple of {_num(step)}"))
        return out or None
    return check


# ---- email, url

_LOCAL_SPECIALS = frozenset("!#$%&'*+/=?^_`{|}~-")


def _hostname_ok(host: str, need_dot: bool = True) -> bool:
    labels = host.split(".")
    if need_dot and len(labels) < 2:
        return False
    if len(host) > 253:
        return False
    for label in labels:
        if not 1 <= len(label) <= 63 or label[0] == "-" or label[-1] == "-":
            return False
        if not all(ch.isalnum() or ch == "-" for ch in label):
            return False
    tld = labels[-1]
    return not need_dot or (len(tld) >= 2 and not tld.isdigit())


_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ASCII_EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+(?!\d+$){_LABEL}")


def is_email(text: str) -> bool:
    """The syntax of an address (RFC 5321 dot-atoms; letters of any script), no network."""
    if len(text) > 254 or text.count("@") != 1:
        return False
    if text.isascii():  # the common case, in one linear match
        return _ASCII_EMAIL.fullmatch(text) is not None and len(text.split("@")[0]) <= 64 \
            and len(text.rsplit(".", 1)[1]) >= 2
    local, domain = text.split("@")
    if not 1 <= len(local) <= 64 or local[0] == "." or local[-1] == "." or ".." in local:
        return False
    if not all(ch.isalnum() or ch in _LOCAL_SPECIALS or ch == "." for ch in local):
        return False
    return _hostname_ok(domain)


def email(cfg: Config, ftype: str) -> Check:
    custom = cfg.text("emailRegex", "regex", "pattern")
    if custom is not None:
        rx = _compile(custom, 0, "config.emailRegex" if cfg.has("emailRegex") else
                      ("config.regex" if cfg.has("regex") else "config.pattern"))

        def check(value, text):
            return None if rx.search(text) else [("error", "Invalid email format")]
        return check

    def check(value, text):
        return None if is_email(text) else [("error", "Invalid email format")]
    return check


def url(cfg: Config, ftype: str) -> Check:
    schemes = tuple(s.lower().rstrip(":/") for s in (cfg.texts("protocols", "schemes") or ("http", "https")))
    need_scheme = cfg.flag(False, "requireProtocol", "requireScheme")

    def ok(text: str) -> bool:
        if not text or any(ch.isspace() for ch in text):
            return False
        if "://" in text:
            if text.split("://", 1)[0].lower() not in schemes:
                return False
        elif need_scheme:
            return False
        else:
            text = "http://" + text
        try:
            parts = urlsplit(text)
            parts.port  # noqa: B018  (raises on a port that is not one)
        except ValueError:
            return False
        host = parts.hostname
        if not host:
            return False
        if host == "localhost":
            return True
        try:
            ipaddress.ip_address(host)
            return True
        except ValueError:
            return _hostname_ok(host)

    def check(value, text):
        return None if ok(text) else [("error", "Invalid URL format")]
    return check


# ---- phone

_PHONE_FORMATS = ("E164", "INTERNATIONAL", "NATIONAL", "RFC3966")


def phone(cfg: Config, ftype: str) -> Check:
    if cfg.has("countryField"):
        raise Unusable("config.countryField", "reads another field of the record, which a cell's check "
                                              "does not see")
    import phonenumbers  # loaded only for Spaces that check phone numbers

    region = cfg.text("region", "country", "countryCode", "defaultCountry", "defaultRegion")
    if region is not None:
        region = region.upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise Unusable("config.region", f'unknown region "{region}" (expected a two-letter country code, '
                                            'such as US)')
    fmt = cfg.text("format")
    if fmt is not None and fmt.upper() in phonenumbers.SUPPORTED_REGIONS and region is None:
        region, fmt = fmt.upper(), None  # real blueprints write {"format": "US"}: the country's numbers
    if fmt is not None:
        fmt = fmt.upper().replace(".", "").replace("_", "")
        if fmt not in _PHONE_FORMATS:
            raise Unusable("config.format", f'expected one of {", ".join(_PHONE_FORMATS)}, found "{fmt}"')
        number_format = getattr(phonenumbers.PhoneNumberFormat, fmt)
    invalid = (f"Invalid phone number format for {region}" if region else
               "Invalid phone number format (start it with + and the country code)")

    def check(value, text):
        try:
            n = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            return [("error", invalid)]
        if not phonenumbers.is_valid_number(n):
            return [("error", invalid)]
        if fmt is not None:
            written = phonenumbers.format_number(n, number_format)
            if written != text:
                return [("info", f"In {fmt} format: {written}")]
        return None
    return check


# ---- boolean

def boolean(cfg: Config, ftype: str) -> Check:
    kind = cfg.text("validationType") or "truthy"
    if kind not in ("strict", "truthy"):
        raise Unusable("config.validationType", f'expected "strict" or "truthy", found "{kind}"')
    case = cfg.flag(False, "caseSensitive")
    mapping = cfg.c.get("customMapping")
    if mapping is not None and (not isinstance(mapping, dict) or not all(isinstance(v, bool) for v in mapping.values())):
        raise Unusable("config.customMapping", "expected an object of words and true/false")
    words = {"true", "false"} if kind == "strict" else set(TRUE_WORDS | FALSE_WORDS)
    words |= set(mapping or ())
    if not case:
        words = {w.lower() for w in words}

    def check(value, text):
        if isinstance(value, bool):
            return None
        t = text.strip()
        return None if (t if case else t.lower()) in words else [("error", "Invalid boolean value")]
    return check


# ---- regex, pattern

_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "u": 0, "g": 0, "y": 0, "d": 0}


def _compile(pattern: str, flags: int, where: str) -> re.Pattern:
    try:
        rx = re.compile(pattern, flags)
    except re.error as exc:
        raise Unusable(where, f"not a regular expression here ({exc})") from None
    if backtracks(pattern, flags):
        raise Unusable(where, "repeats a group that itself repeats, which can take exponential time; "
                              "not run")
    return rx


def regex(cfg: Config, ftype: str) -> Check:
    names = ("pattern", "regex", "regexp", "expression")
    pattern = cfg.text(*names)
    if pattern is None:
        raise Unusable("config.pattern", "is required")
    flag_text = cfg.text("flags") or ""
    flags = 0
    for ch in flag_text:
        if ch not in _FLAGS:
            raise Unusable("config.flags", f'unknown flag "{ch}" (known: i, m, s, u, g, y)')
        flags |= _FLAGS[ch]
    if cfg.flag(False, "ignoreCase", "caseInsensitive"):
        flags |= re.IGNORECASE
    where = "config." + next(n for n in names if cfg.has(n))
    rx = _compile(pattern, flags, where)
    text_of_it = f"Invalid format (must match {pattern})"

    def check(value, text):
        return None if rx.search(text) else [("error", text_of_it)]
    return check


def summary(name: str, config: Any) -> str:
    """A built-in's config in a few words, for a column's tooltip."""
    if not isinstance(config, dict) or not config:
        return name
    keys = [k for k in config if k not in ("message", "level") and not isinstance(config[k], (dict, list))]
    return f"{name} ({', '.join(f'{k} {config[k]}' for k in keys[:4])})" if keys else name
