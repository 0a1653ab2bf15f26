"""Limits of what a Space can hold and what an input may ask for, in one place, so that each
is refused with a message naming it instead of failing deep inside SQLite or Python."""

from __future__ import annotations

import re

from .errors import InvalidInput

# SQLite's INTEGER is a signed 64-bit number; Python's int is not, and binding a larger one
# raises OverflowError.
INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1
INT_DIGITS = 19  # a whole number of fewer digits always fits


# SQLite's default column limit. Builds may raise it, but queries over every column (search,
# history) are only known to stay inside SQLite's other limits at this figure; storage refuses
# to run on a build that allows fewer (storage.db.check_build).
COLUMN_LIMIT = 2000
RECORD_COLUMNS = 4  # rid, n_err, meta, updated_by: the record table's own columns
MAX_FIELDS = COLUMN_LIMIT - RECORD_COLUMNS
# SQLite refuses LIKE patterns over 50,000 bytes; 10,000 characters stay below it escaped
# and in UTF-8, and no person searches for more.
MAX_SEARCH = 10_000

_SURROGATE = re.compile("[\ud800-\udfff]")


def fits_int(value: int) -> bool:
    return INT_MIN <= value <= INT_MAX


def clamp_int(value: int) -> int:
    """An integer as SQLite can bind it; beyond the range it means the same (no row has it)."""
    return min(max(value, INT_MIN), INT_MAX)


def check_fields(count: int, what: str = "this one") -> None:
    if count > MAX_FIELDS:
        raise InvalidInput(f"a sheet can hold at most {MAX_FIELDS:,} fields; {what} has {count:,}")


def check_search(text: str | None, what: str = "search text") -> None:
    if text is None:
        return
    if len(text) > MAX_SEARCH:
        raise InvalidInput(f"the {what} is {len(text):,} characters long; at most {MAX_SEARCH:,} are searched for")
    check_text(text, f"the {what}")


def lone_surrogate(text: str) -> str | None:
    """The first half of a UTF-16 pair found alone in `text` (JSON's "\\ud800", or bytes that
    were not UTF-8 on a command line), or None. Such text cannot be written as UTF-8."""
    m = _SURROGATE.search(text)
    return m.group() if m else None


def check_text(text: str, what: str) -> str:
    bad = lone_surrogate(text)
    if bad is not None:
        raise InvalidInput(f"{what} holds {bad.encode('unicode_escape').decode()}, "
                           "which is not a character (half of a UTF-16 pair, or bytes that are not UTF-8)")
    return text
