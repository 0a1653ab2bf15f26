"""How `flatspace import` and `flatspace file import` read a file's values (missing-value
tokens, the locale that settles what a column leaves open, per-column choices) and what they
do with the records already there (add, update by key, replace), with a review first if asked."""

from __future__ import annotations

import locale as system_locale
import os
from dataclasses import replace

from ..domain.errors import InvalidInput
from ..domain.importing.casting import Overrides
from ..domain.importing.dates import ORDERS
from ..domain.importing.tokens import DEFAULT_MISSING, TokenListError, format_missing, parse_missing

ALL = "*"  # the overrides for every column that has none of its own
READINGS = ("text", "date", "integer", "decimal", "percent", "currency", "boolean")


def add_arguments(p) -> None:
    p.add_argument("--null", metavar="TOKENS",
                   help=f'cell texts that mean "no value", comma-separated, instead of the default list '
                        f'({format_missing(DEFAULT_MISSING)}); --null "" keeps every text')
    p.add_argument("--locale", help="how to read dates and numbers the values leave open, e.g. de_DE or en_US "
                                    "(default: this computer's)")
    p.add_argument("--date-order", choices=["DMY", "MDY", "YMD"], help="read every date column in this order")
    p.add_argument("--decimal", choices=[".", ","], help="the decimal separator of every number column")
    p.add_argument("--as-text", action="append", default=[], metavar="FIELD",
                   help="keep this field's column as written (repeatable)")
    p.add_argument("--read", action="append", default=[], metavar="FIELD=HOW",
                   help="how to read one field's column: DMY, MDY or YMD (its date order), . or , (its decimal "
                        f"separator), or {', '.join(READINGS)} (what its values are); repeatable, e.g. "
                        "--read born=DMY --read price=,")
    settle = p.add_mutually_exclusive_group()
    settle.add_argument("--update-by", action="append", default=[], metavar="FIELD",
                        help="update the records whose FIELD (repeat for a key of several fields) matches a record "
                             "of the file, add the others")
    settle.add_argument("--replace", action="store_true", help="replace the sheet's records with the file's")
    p.add_argument("--only-valid", action="store_true", help="leave out the file's records that are not valid")
    p.add_argument("--dry-run", action="store_true",
                   help="print what the import would do (valid, invalid, top errors) and change nothing")


def computer_locale() -> str | None:
    """The locale dates and numbers are written in here (LC_ALL, LC_TIME, LANG), or None (C)."""
    for name in ("LC_ALL", "LC_TIME", "LC_NUMERIC", "LANG"):  # the first one set decides, as in C
        value = os.environ.get(name)
        if value:
            value = value.split(".")[0]
            return None if value in ("C", "POSIX") else value
    try:
        found = system_locale.getlocale(system_locale.LC_TIME)[0]
    except ValueError:
        return None
    return found if found and found not in ("C", "POSIX") else None


def reading(args) -> dict:
    """The import's keyword arguments for these flags."""
    try:
        missing = DEFAULT_MISSING if args.null is None else parse_missing(args.null) or ("",)
    except TokenListError as exc:
        raise InvalidInput(f"--null: {exc}") from None
    every = Overrides(date_order=args.date_order, decimal=args.decimal)
    columns = {ALL: every} if every != Overrides() else {}
    for key in args.as_text:
        columns[key] = replace(columns.get(key, every), keep_as_text=True)
    for given in args.read:
        key, _eq, how = given.partition("=")
        key, how = key.strip(), how.strip()
        if not key or not how:
            raise InvalidInput(f'--read {given}: give FIELD=HOW, e.g. --read born=DMY')
        ov = columns.get(key, every)
        if how.upper() in ORDERS:
            ov = replace(ov, date_order=how.upper())
        elif how in (".", ","):
            ov = replace(ov, decimal=how)
        elif how.lower() == "text":
            ov = replace(ov, keep_as_text=True)
        elif how.lower() in READINGS:
            ov = replace(ov, kind=how.lower())
        else:
            raise InvalidInput(f'--read {given}: "{how}" is not a way to read a column: give DMY, MDY, YMD, '
                               f'. or , or one of {", ".join(READINGS)}')
        columns[key] = ov
    existing = "update" if args.update_by else "replace" if args.replace else "add"
    return {"missing": missing, "locale": args.locale or computer_locale(), "columns": columns,
            "existing": existing, "update_by": tuple(args.update_by), "only_valid": args.only_valid,
            "dry_run": args.dry_run}
