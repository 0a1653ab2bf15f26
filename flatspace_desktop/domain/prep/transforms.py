"""Cell transforms: trim, change case, extract, replace, fill down, fill empty, set value, mass
edit, and the preview of any transform on sample rows.

Each is a frozen parameter object built once; `runner()` gives the function a storage layer
calls on each value in row order, batch after batch (only fill down keeps state between calls,
so one runner serves one pass over the rows). `apply` is the same for a single value.
A value comes as stored: text, a number, a date or None; text transforms leave non-text
values alone, and a result of only spaces is None (an empty cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..values import text_of
from .params import Pairs, ParamError, Params, compile_pattern, is_empty, one_of

CASES = ("upper", "lower", "title", "sentence")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[\w']+")  # a run of letters, digits and apostrophes: "o'neil", "3rd"
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)(\W*)(\w)")


class _Unchanged:
    """What a transform returns for a cell it leaves alone (an extract that found nothing): in
    place the value stays, into another field that field keeps its own."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


class Transform(Params):
    def apply(self, value: Any) -> Any:
        raise NotImplementedError

    def runner(self) -> Callable[[Any], Any]:
        """The function for one ordered pass over the rows."""
        return self.apply


def _nonempty(text: str | None) -> str | None:
    return text if text else None


@dataclass(frozen=True)
class Trim(Transform):
    """Strip surrounding whitespace and, by default, make every inner run of it one space
    (tabs, line breaks and no-break spaces included)."""

    op = "trim"
    collapse: bool = True

    def apply(self, value):
        if not isinstance(value, str):
            return value
        out = _SPACES.sub(" ", value).strip() if self.collapse else value.strip()
        return _nonempty(out)


def _title(text: str) -> str:
    # str.title() capitalises after an apostrophe or digit ("Mcdonald'S", "3Rd"); a word here
    # runs on through them.
    return _WORD.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), text)


def _sentence(text: str) -> str:
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2) + m.group(3).upper(), text.lower())


@dataclass(frozen=True)
class ChangeCase(Transform):
    op = "change_case"
    case: str

    def check(self):
        one_of("case", self.case, CASES)
        fn = {"upper": str.upper, "lower": str.lower, "title": _title, "sentence": _sentence}[self.case]
        object.__setattr__(self, "_fn", fn)

    def apply(self, value):
        return self._fn(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Extract(Transform):
    """The first match's group (a number, or a name given as text) of a regular expression; a
    value with no match is kept as it is (or emptied, with keep_unmatched off)."""

    op = "extract"
    pattern: str
    group: int | str | None = None  # None: group 1 when the pattern has groups, else the match
    ignore_case: bool = False
    keep_unmatched: bool = True  # a value the pattern does not match stays: nothing is lost unasked

    def check(self):
        rx = compile_pattern("pattern", self.pattern, self.ignore_case)
        group = self.group
        if group is None:
            group = 1 if rx.groups else 0
        elif isinstance(group, bool) or not isinstance(group, (int, str)):
            raise ParamError("group", "must be a group number or name")
        elif isinstance(group, int) and not 0 <= group <= rx.groups:
            raise ParamError("group", f"the pattern has {rx.groups} group(s), so there is no group {group}")
        elif isinstance(group, str) and group not in rx.groupindex:
            raise ParamError("group", f'the pattern has no group named "{group}"')
        object.__setattr__(self, "_rx", rx)
        object.__setattr__(self, "_group", group)

    def apply(self, value):
        text = text_of(value)
        if text is None:
            return None
        m = self._rx.search(text)
        if m is None:
            return UNCHANGED if self.keep_unmatched else None
        return _nonempty(m.group(self._group))


_TEMPLATE = re.compile(r"\\(\\|\d{1,2}|g<([^>]*)>|n|t)|\$(\$|\d{1,2}|\{([^}]*)\})")


def _template(key: str, replacement: str, rx: re.Pattern) -> Callable[[re.Match], str] | str:
    """A replacement as a function of the match. Back references are written \\1, \\g<name>
    (Python) or $1, ${name} (spreadsheets, JavaScript); \\\\ and $$ are a literal \\ and $, \\n and
    \\t a line break and a tab; any other character stands for itself. A reference to a group
    the pattern lacks is refused here, not on the first matching cell."""
    parts: list[str | int] = []
    pos = 0
    for m in _TEMPLATE.finditer(replacement):
        parts.append(replacement[pos:m.start()])
        pos = m.end()
        esc = m.group(1) or m.group(3)
        if esc in ("\\", "$"):
            parts.append(esc)
        elif esc == "n" or esc == "t":
            parts.append("\n" if esc == "n" else "\t")
        else:
            ref = m.group(2) if m.group(2) is not None else m.group(4)
            ref = esc if ref is None else ref
            group = int(ref) if ref.isdigit() else rx.groupindex.get(ref)
            if group is None or group > rx.groups:
                raise ParamError(key, f'refers to group "{ref}", which the pattern does not have')
            parts.append(group)
    parts.append(replacement[pos:])
    if all(isinstance(p, str) for p in parts):
        return "".join(parts)  # type: ignore[arg-type]
    return lambda m: "".join(p if isinstance(p, str) else (m.group(p) or "") for p in parts)


@dataclass(frozen=True)
class Replace(Transform):
    op = "replace"
    pattern: str
    replacement: str = ""
    ignore_case: bool = False
    count: int = 0  # 0: every match

    def check(self):
        rx = compile_pattern("pattern", self.pattern, self.ignore_case)
        if self.count < 0:
            raise ParamError("count", "must be 0 (every match) or more")
        repl = _template("replacement", self.replacement, rx)
        if isinstance(repl, str):
            literal = repl
            repl = lambda m: literal  # noqa: E731 - no template parsing of the user's text
        object.__setattr__(self, "_rx", rx)
        object.__setattr__(self, "_repl", repl)

    def apply(self, value):
        text = text_of(value)
        if text is None:
            return value
        out = self._rx.sub(self._repl, text, count=self.count)
        return value if out == text else _nonempty(out)


@dataclass(frozen=True)
class FillDown(Transform):
    """An empty cell takes the last non-empty value above it (in the order the rows come)."""

    op = "fill_down"

    def apply(self, value):
        return value  # alone, a value has nothing above it

    def runner(self):
        last = None

        def fill(value):
            nonlocal last
            if is_empty(value):
                return last if last is not None else value
            last = value
            return value
        return fill


@dataclass(frozen=True)
class FillEmpty(Transform):
    op = "fill_empty"
    value: Any

    def check(self):
        if is_empty(self.value):
            raise ParamError("value", "is empty; give the value empty cells should take")

    def apply(self, value):
        return self.value if is_empty(value) else value


@dataclass(frozen=True)
class SetValue(Transform):
    """Every cell the step reaches takes one value (None empties them)."""

    op = "set_value"
    value: Any

    def apply(self, value):
        return self.value


@dataclass(frozen=True)
class MassEdit(Transform):
    """Values replaced by others, whole: what merging clusters writes."""

    op = "mass_edit"
    mapping: Pairs

    def check(self):
        if not self.mapping:
            raise ParamError("mapping", "is empty; name at least one value to replace")
        object.__setattr__(self, "_map", dict(self.mapping))

    def apply(self, value):
        return self._map.get(value, value) if isinstance(value, str) else value


def _kept(before, after):
    return before if after is UNCHANGED else after


def preview(transform: Transform, sample: Iterable[Any], limit: int | None = None) -> list[tuple[Any, Any]]:
    """(before, after) for sample values (for a join, tuples of values), those that change
    first, each group in sample order. One runner goes through the sample in order, so fill
    down previews as it will run."""
    run = transform.runner()
    pairs = [(before, _kept(before, run(before))) for before in sample]
    out = [p for p in pairs if p[0] != p[1]] + [p for p in pairs if p[0] == p[1]]
    return out if limit is None else out[:limit]
