"""How an import reads each mapped column, from a survey of the file's first rows: shared by
the dialog's review, an import read here and the reading process (which surveys for itself, so
the survey's pure-Python work never competes with the window for this process's GIL)."""

from __future__ import annotations

from typing import Iterable

from ..domain.errors import InvalidInput, UnsettledReading
from ..domain.importing.casting import Overrides, UnsettledColumn
from ..domain.importing.plan import ImportPlan, make_plan, survey
from ..domain.importing.tokens import DEFAULT_MISSING
from ..readers import open_source
from ..storage.batches import pick_columns
from .courtesy import polite


def tokens(missing: Iterable[str] | None) -> tuple[str, ...]:
    return DEFAULT_MISSING if missing is None else tuple(missing)


def close_source(src) -> None:
    close = getattr(src.rows, "close", None)
    if close:
        close()


def survey_source(src, cols: list[int], width: int, value_maps: list, n: int, missing: Iterable[str] | None) -> list:
    """The evidence of the mapped columns from the first rows of `src`, which it then closes."""
    try:
        return survey(polite(pick_columns(src.rows, cols, width, value_maps)), n, tokens(missing))
    finally:
        close_source(src)


def check_overrides(fields: list, columns: dict[str, Overrides] | None) -> None:
    unmapped = sorted(set(columns or ()) - {f.key for f in fields} - {"*"})
    if unmapped:
        raise InvalidInput(f'no column of the file is mapped to {", ".join(unmapped)}: '
                           "a reading can be chosen only for a mapped field")


def plan_columns(path, read_options: dict, cols: list[int], *, width: int, value_maps: list, fields: list,
                 labels: list[str], missing: Iterable[str] | None, locale: str | None,
                 columns: dict[str, Overrides] | None) -> ImportPlan:
    """How each mapped column is read, from a survey of the file's values (a second read of the
    file's first rows; what the values leave open, the locale or `columns` settles)."""
    check_overrides(fields, columns)
    evidence = survey_source(open_source(path, **read_options), cols, width, value_maps, len(fields), missing)
    try:
        return make_plan(evidence, fields, labels, tokens(missing), locale, columns)
    except UnsettledColumn as exc:
        raise UnsettledReading(f"{exc}", exc.setting, exc.field) from None
    except ValueError as exc:  # a reading the field cannot take
        raise InvalidInput(str(exc)) from None
