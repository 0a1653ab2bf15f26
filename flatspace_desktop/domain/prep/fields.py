"""Transforms between fields: split one field into several, join several into one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from ..values import text_of
from .params import ParamError, compile_pattern, is_empty
from .transforms import Transform


@dataclass(frozen=True)
class Split(Transform):
    """A value cut at each separator (literal text, or a regular expression when `regex`).
    With max_parts, or a width (the number of target fields) when max_parts is 0, the last
    part keeps the rest of the text, so nothing is lost to fields that do not exist."""

    op = "split"
    shape = "split"
    separator: str
    regex: bool = False
    max_parts: int = 0  # 0: as many as there are (or as the step has target fields)
    trim: bool = True
    ignore_case: bool = False  # for a regex separator

    def check(self):
        if self.separator == "":
            raise ParamError("separator", "is empty; give the text (or pattern) to split at")
        if self.max_parts < 0 or self.max_parts == 1:
            raise ParamError("max_parts", "must be 0 (no limit) or at least 2")
        rx = compile_pattern("separator", self.separator, self.ignore_case) if self.regex else None
        object.__setattr__(self, "_rx", rx)

    def apply(self, value: Any, width: int = 0) -> tuple[str | None, ...]:
        """The parts; with a width, exactly that many (padded with None)."""
        text = text_of(value)
        limit = self.max_parts or width
        if text is None:
            return (None,) * width
        if self._rx is None:
            parts = text.split(self.separator, limit - 1 if limit else -1)
        else:
            parts = self._regex_split(text, limit)
        if self.trim:
            parts = [p.strip() for p in parts]
        out = tuple(p if p else None for p in parts)
        return out + (None,) * (width - len(out)) if width > len(out) else out

    def _regex_split(self, text: str, limit: int) -> list[str]:
        # re.split would also return the pattern's groups and cut at empty matches
        parts, pos = [], 0
        for m in self._rx.finditer(text):
            if m.end() == m.start():
                continue
            if limit and len(parts) == limit - 1:
                break
            parts.append(text[pos:m.start()])
            pos = m.end()
        parts.append(text[pos:])
        return parts


@dataclass(frozen=True)
class Join(Transform):
    """A row's values of the step's fields, in their order, joined by a separator."""

    op = "join"
    shape = "join"
    separator: str = " "
    skip_empty: bool = True

    def apply(self, values: Sequence[Any]) -> str | None:
        if self.skip_empty:
            texts = [t for t in (text_of(v) for v in values) if not is_empty(t)]
        else:
            texts = [text_of(v) or "" for v in values]
        out = self.separator.join(texts)  # type: ignore[arg-type]
        return out if out.strip() else None
