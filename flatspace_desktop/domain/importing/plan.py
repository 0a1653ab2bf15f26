"""How an import reads each mapped column: surveyed once over the file's values, decided per
column (date order, decimal separator, yes/no words, missing-value tokens), overridable per
column, then applied to every row before the field types cast it.

    evidence = survey(rows, len(keys))
    plan = make_plan(evidence, fields, locale="de_DE", overrides={"amount": Overrides(decimal=",")})
    read = plan.reader()            # row -> (row, refused)
    row, refused = read(["31/12/2020", "10,9", "NA"])   # ["2020-12-31", 10.9, None], []

A cell the column's reading refuses keeps its text and comes back in `refused` with its
one-line problem, which the import records as the cell's error; no cell is read another way
than the rest of its column (issue: rows 1-12 month first, row 13 day first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Callable, Iterable, Sequence

from .casting import Overrides, UnsettledColumn, make_caster
from .evidence import ColumnEvidence
from .fastread import compile_reader
from .dates import ORDER_WORDS
from .guess import DATE_KINDS, NUMBER_KINDS, SEPARATOR_NAMES, ColumnGuess, decide_for
from .tokens import DEFAULT_MISSING

SURVEY_ROWS = 200_000  # at most: a column still open after these is asked about
ENOUGH = 10_000  # values of a column that settle its reading when they leave nothing open
CHECK_EVERY = 2_000  # rows between looks at which columns are settled


@dataclass(frozen=True)
class ColumnPlan:
    key: str
    label: str  # the source column's header, for messages
    guess: ColumnGuess
    overrides: Overrides
    reads_as: str  # what the field is given: "date", a number kind, "boolean", or "text"

    def describe(self) -> str:
        ov = self.overrides
        if self.reads_as == "text" and (ov.keep_as_text or ov.kind):
            return "kept as text"
        why = self.guess.why or self.reads_as
        if ov.kind:
            why = f"read as {READING_WORDS.get(ov.kind, ov.kind)}, as chosen ({why})"
        if ov.date_order and self.reads_as in DATE_KINDS and ov.date_order != self.guess.date_order:
            why += f"; read {ORDER_WORDS[ov.date_order]}, as chosen"
        elif ov.decimal and self.reads_as in NUMBER_KINDS and ov.decimal != self.guess.decimal:
            why += f"; read with a {SEPARATOR_NAMES[ov.decimal]}, as chosen"
        return why


@dataclass(frozen=True)
class ImportPlan:
    missing: tuple[str, ...] = DEFAULT_MISSING
    columns: tuple[ColumnPlan, ...] = field(default_factory=tuple)

    def reader(self) -> Callable[[Sequence[Any]], tuple[list, list]]:
        """row (the mapped columns, in field order) -> (row as read, [(index, problem), ...])."""
        return compile_reader([_caster(c, self.missing) for c in self.columns], [c.reads_as for c in self.columns],
                              [c.overrides.date_order or c.guess.date_order for c in self.columns],
                              [_found(c.overrides.missing if c.overrides.missing is not None else self.missing)
                               for c in self.columns],
                              [_words(c.guess) for c in self.columns])

    def slow_reader(self) -> Callable[[Sequence[Any]], tuple[list, list]]:
        """As reader(), every cell through its column's caster: what reader() is held to."""
        casts = [_caster(c, self.missing) for c in self.columns]

        def read(raw: Sequence[Any]) -> tuple[list, list]:
            row, refused = list(raw), []
            for j, cast in enumerate(casts):
                value, problem = cast(row[j])
                if problem is None:
                    row[j] = value
                else:
                    refused.append((j, problem))  # row[j] keeps what the file says
            return row, refused
        return read


def _words(guess: ColumnGuess) -> dict:
    """A yes/no column's own words (as the caster reads them); others take the caster's way."""
    if guess.kind != "boolean":
        return {}
    return {**dict.fromkeys(guess.true_words, True), **dict.fromkeys(guess.false_words, False)}


def _found(tokens) -> frozenset:
    return frozenset(t.strip() for t in tokens) | {""}  # as make_caster reads them


def _caster(c: ColumnPlan, missing: tuple[str, ...]):
    ov = c.overrides
    return make_caster(c.guess, Overrides(kind=c.reads_as, date_order=ov.date_order, decimal=ov.decimal,
                                          missing=ov.missing), missing)


def survey(rows: Iterable[Sequence[Any]], width: int, missing: Iterable[str] = DEFAULT_MISSING,
           limit: int = SURVEY_ROWS) -> list[ColumnEvidence]:
    """Evidence for each of `width` columns from the first `limit` rows. A column whose reading
    is clear after ENOUGH values (nothing left open) is not looked at further; the survey stops
    when every column is clear, so a plain file costs a few thousand rows, not `limit`."""
    tokens = tuple(missing)
    evidence = [ColumnEvidence(tokens) for _ in range(width)]
    looking = list(enumerate(evidence))
    for n, row in enumerate(islice(rows, limit), 1):
        if len(row) >= width:
            for j, ev in looking:
                ev.add(row[j])
        else:
            for j, ev in looking:
                if j < len(row):
                    ev.add(row[j])
        if n % CHECK_EVERY == 0:
            looking = [(j, ev) for j, ev in looking if not _clear(ev)]
            if not looking:
                break
    return evidence


def _clear(ev: ColumnEvidence) -> bool:
    """More values would not change how the column is read: enough of them, and no date order
    or decimal separator left open however a field takes it (as text, dates or numbers)."""
    if ev.values < ENOUGH and ev.cells < 5 * ENOUGH:  # a column mostly empty looks further
        return False
    return not any(g.ambiguous for g in (decide_for(ev, "date"), decide_for(ev, "number")))


def reads_as(field_type: str, guess: ColumnGuess) -> str:
    """What the field type takes from this column: its values read as dates, numbers or yes/no
    only where the field holds those; every other field keeps the text (missing tokens empty)."""
    if field_type == "date":
        # Date-times ("2020-01-01 00:00:00", as pandas writes dates) are the field type's to read,
        # as is a column with no date at all (each cell is then flagged by the field type)
        return "date" if guess.kind == "date" else "text"
    if field_type == "number":
        return guess.kind if guess.kind in NUMBER_KINDS else "text"
    if field_type == "boolean":
        return "boolean"
    return "text"


READING_WORDS = {"integer": "whole numbers", "decimal": "numbers", "percent": "percentages (50% is 50)",
                 "currency": "amounts", "date": "dates", "datetime": "dates and times", "boolean": "yes/no"}


def readings(field_type: str, guess: ColumnGuess) -> list[tuple[str, str]]:
    """The ways this column can be read for this field, (kind, words), the default first: the
    type override of the dialog's review. "text" hands each cell to the field type as written."""
    default = reads_as(field_type, guess)
    if field_type == "date":
        kinds = ["date"]
    elif field_type == "number":
        kinds = [guess.kind if guess.kind in ("integer", "decimal") else "decimal", "percent"]
        if guess.currency:
            kinds.append("currency")
    elif field_type == "boolean":
        kinds = ["boolean"]
    elif field_type == "string" and guess.kind == "date":
        kinds = ["date"]  # dates in a text field, rewritten year first so they sort
    else:
        kinds = []
    out = []
    for kind in [default] + [k for k in kinds + ["text"] if k != default]:
        if kind == "text":
            words = "text, as written" if field_type == "string" else "as written (the field reads it)"
        elif kind == "currency":
            words = f"amounts in {guess.currency}"
        elif kind == "date" and field_type == "string":
            words = "dates, rewritten as YYYY-MM-DD"
        else:
            words = READING_WORDS[kind]
        out.append((kind, words))
    return out


def _reads(f, guess: ColumnGuess, ov: Overrides) -> str:
    if ov.keep_as_text:
        return "text"
    if ov.kind is None:
        return reads_as(f.type, guess)
    allowed = [k for k, _w in readings(f.type, guess)]
    if ov.kind not in allowed:
        raise ValueError(f"field {f.key} ({f.type}) cannot be read as {ov.kind}: choose {', '.join(allowed)}")
    return ov.kind


def _override(overrides: dict[str, Overrides], key: str) -> Overrides:
    return overrides.get(key) or overrides.get("*") or Overrides()  # "*": every column without its own


def file_decimal(evidence: Sequence[ColumnEvidence], fields: Sequence[Any]) -> str | None:
    """The decimal separator the file's number columns settle between them, if they agree: a
    column of "$9,952.50" says the file's "1,200" is twelve hundred."""
    settled = {g.decimal for ev, f in zip(evidence, fields) if f.type == "number"
               for g in (decide_for(ev, "number"),)
               if g.kind in NUMBER_KINDS and not g.ambiguous and len(g.decimals) == 1}
    return settled.pop() if len(settled) == 1 else None


def make_plan(evidence: Sequence[ColumnEvidence], fields: Sequence[Any], labels: Sequence[str],
              missing: Iterable[str] = DEFAULT_MISSING, locale: str | None = None,
              overrides: dict[str, Overrides] | None = None) -> ImportPlan:
    """The reading of each column (evidence[j] feeds fields[j], from the source column labels[j]).
    Raises UnsettledColumn, naming the column, when a date order or decimal separator is left
    open by the values, the locale and the overrides alike; ValueError for a reading the field
    cannot take (see readings())."""
    overrides = overrides or {}
    tokens = tuple(missing)
    columns = []
    decimal = file_decimal(evidence, fields)
    for ev, f, label in zip(evidence, fields, labels):
        guess = decide_for(ev, f.type, locale, decimal)
        ov = _override(overrides, f.key)
        plan = ColumnPlan(f.key, label, guess, ov, _reads(f, guess, ov))
        try:
            _caster(plan, tokens)
        except UnsettledColumn as exc:
            raise UnsettledColumn(f'column "{label}" (field {f.key}): {exc}', exc.setting, f.key) from None
        columns.append(plan)
    return ImportPlan(tokens, tuple(columns))


def describe(evidence: Sequence[ColumnEvidence], fields: Sequence[Any], labels: Sequence[str],
             locale: str | None = None, overrides: dict[str, Overrides] | None = None) -> list[dict]:
    """For the import dialog: each mapped column, what it will become, the other readings it
    can take, and what is left to choose."""
    overrides = overrides or {}
    out = []
    decimal = file_decimal(evidence, fields)
    for ev, f, label in zip(evidence, fields, labels):
        guess = decide_for(ev, f.type, locale, decimal)
        ov = _override(overrides, f.key)
        reads = reads_as(f.type, guess)
        settled = True
        if reads != "text" and not ov.keep_as_text:
            try:
                make_caster(guess, Overrides(kind=reads, date_order=ov.date_order, decimal=ov.decimal))
            except UnsettledColumn:
                settled = False
        out.append({"key": f.key, "label": label, "fieldType": f.type, "readsAs": reads, "kind": guess.kind,
                    "readings": [{"kind": k, "words": w} for k, w in readings(f.type, guess)],
                    "why": guess.why, "dateOrder": ov.date_order or guess.date_order,
                    "dateOrders": list(guess.date_orders), "decimal": ov.decimal or guess.decimal,
                    "decimals": list(guess.decimals), "ambiguous": guess.ambiguous, "settled": settled,
                    "keepAsText": ov.keep_as_text, "values": guess.values, "missing": guess.missing,
                    "fit": guess.fit, "examples": list(guess.examples[:5])})
    return out
