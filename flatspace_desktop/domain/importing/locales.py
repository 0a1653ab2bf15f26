"""How a locale writes dates and decimals, to settle what a column's values leave open.

Hints look like "de_DE", "en-GB", "fr_CH.UTF-8" or "en_US@posix"; only the language and the
territory are used. The tables hold the common cases: an unknown locale settles nothing
(the caller then has to ask).
"""

from __future__ import annotations

import re

# The orders a locale writes numeric dates in, the usual first. Values only ever leave day
# first and month first open (a year is first only when it has four digits), so what counts
# is which of those two a locale prefers. Plain "en" says neither (US or UK?): it settles nothing.
_MDY_TERRITORIES = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI", "BZ"})
_TERRITORY_ORDERS = {"CN": ("YMD", "MDY"), "JP": ("YMD", "MDY"), "KR": ("YMD", "MDY"), "TW": ("YMD", "MDY"),
                     "HU": ("YMD", "MDY"), "SE": ("YMD", "DMY"), "LT": ("YMD",), "CA": ("YMD",)}
_LANGUAGE_ORDERS = {"zh": ("YMD", "MDY"), "ja": ("YMD", "MDY"), "ko": ("YMD", "MDY"), "hu": ("YMD", "MDY"),
                    "sv": ("YMD", "DMY"), "lt": ("YMD",), "en": ()}
_DAY_FIRST_LANGUAGES = frozenset({
    "en", "de", "fr", "es", "it", "nl", "pt", "da", "nb", "nn", "no", "fi", "is", "pl", "cs", "sk", "sl", "hr",
    "sr", "bs", "ro", "bg", "el", "ru", "uk", "be", "et", "lv", "tr", "ga", "cy", "ca", "eu", "gl", "sq", "mk",
    "he", "ar", "hi", "bn", "ta", "te", "ur", "th", "vi", "id", "ms", "sw", "af",
})

# Decimal point: English-speaking territories, East Asia, Switzerland (1'234.50), Mexico, ...
_POINT_TERRITORIES = frozenset({"US", "GB", "IE", "AU", "NZ", "IN", "PK", "SG", "HK", "MY", "PH", "CN", "TW", "JP",
                                "KR", "TH", "IL", "MX", "GT", "DO", "PE", "NG", "KE", "GH", "CH", "LI", "PR"})
_COMMA_TERRITORIES = frozenset({"ZA", "CA"})  # en_ZA and fr_CA write 1,5; en_CA below by language
_POINT_LANGUAGES = frozenset({"en", "zh", "ja", "ko", "th", "he", "hi", "bn", "ta", "te", "ur", "ms", "sw", "ga",
                              "cy", "mt", "ar"})

_HINT = re.compile(r"([A-Za-z]{2,3})(?:[_-]([A-Za-z]{2}|[0-9]{3}))?")


def _split(hint: str | None) -> tuple[str, str]:
    if not hint:
        return "", ""
    m = _HINT.match(hint.strip())
    if not m:
        return "", ""
    return m.group(1).lower(), (m.group(2) or "").upper()


def date_orders(hint: str | None) -> tuple[str, ...]:
    """The orders ("DMY", "MDY", "YMD") the locale writes numeric dates in, the usual first;
    empty when that is not known."""
    lang, territory = _split(hint)
    if territory in _MDY_TERRITORIES:
        return ("MDY",)
    if territory in _TERRITORY_ORDERS:
        return _TERRITORY_ORDERS[territory]
    if lang in _LANGUAGE_ORDERS and (lang != "en" or not territory):
        return _LANGUAGE_ORDERS[lang]
    if lang in _DAY_FIRST_LANGUAGES:
        return ("DMY",)
    return ()


def decimal_separator(hint: str | None) -> str | None:
    """"." or "," for the locale, or None when it is not known."""
    lang, territory = _split(hint)
    if not lang:
        return None
    if territory == "CA":
        return "," if lang == "fr" else "."
    if territory in _POINT_TERRITORIES:
        return "."
    if territory in _COMMA_TERRITORIES:
        return ","
    if lang in _POINT_LANGUAGES:
        return "."
    if lang in _DAY_FIRST_LANGUAGES or lang in _LANGUAGE_ORDERS:
        return ","  # continental Europe, Latin America, Russia, Turkey, ...; Swedish, Hungarian
    return None
