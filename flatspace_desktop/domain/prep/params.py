"""Parameter objects of preparation steps: frozen dataclasses read from and written to JSON.

A recipe is saved as JSON and may come from anyone, so reading one is strict: an unknown or
missing key, or a value of the wrong type, is refused with the key's name (ParamError), and
the recipe puts the step's index in front of it.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from typing import Any, ClassVar, Mapping

from ..errors import InvalidInput
from ..regexrisk import backtracks

Pairs = tuple[tuple[str, str], ...]  # a frozen {text: text}; JSON writes it as an object


class ParamError(InvalidInput):
    """A refused parameter. `key` names it; the message is "key: problem"."""

    def __init__(self, key: str, problem: str):
        self.key = key
        self.problem = problem
        super().__init__(f"{key}: {problem}" if key else problem)


def is_empty(value: Any) -> bool:
    """Empty as a person sees a cell: nothing, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object", type(None): "null"}.get(type(value), type(value).__name__)


def _read(key: str, raw: Any, hint: Any) -> Any:
    """raw (from JSON) as a value of the field's type `hint`, or ParamError."""
    if hint is Any:
        if isinstance(raw, (str, int, float, bool)) or raw is None:
            return raw
        raise ParamError(key, f"must be text, a number, true/false or null, not {_type_name(raw)}")
    if hint == Pairs:
        if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
            raise ParamError(key, "must be an object of text to text")
        return tuple(raw.items())
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise ParamError(key, f"must be a list of text, not {_type_name(raw)}")
        return tuple(raw)
    if origin in (typing.Union, types.UnionType):  # int | str | None: the first that fits
        if raw is None and type(None) in args:
            return None
        errors = []
        for arg in (a for a in args if a is not type(None)):
            try:
                return _read(key, raw, arg)
            except ParamError as e:
                errors.append(e.problem.split(", not ")[0].removeprefix("must be "))
        raise ParamError(key, f"must be {' or '.join(errors)}, not {_type_name(raw)}")
    ok = {str: isinstance(raw, str), bool: isinstance(raw, bool),
          int: isinstance(raw, int) and not isinstance(raw, bool),
          float: isinstance(raw, (int, float)) and not isinstance(raw, bool)}.get(hint)
    if ok is None:  # pragma: no cover - a parameter type this reader does not know
        raise TypeError(f"{key}: unsupported parameter type {hint!r}")
    if not ok:
        want = {str: "text", bool: "true or false", int: "a whole number", float: "a number"}[hint]
        raise ParamError(key, f"must be {want}, not {_type_name(raw)}")
    return raw


class Params:
    """Base of a step's parameters. Subclasses are frozen dataclasses; `check` validates them
    (it runs on construction, so an object that exists is valid) and may cache compiled
    patterns with object.__setattr__."""

    op: ClassVar[str] = ""
    # What the step reads and writes: "cell" (each field's values in place or into as many
    # fields), "split" (one field into several), "join" (several into one), "sheet" (records).
    shape: ClassVar[str] = "cell"

    def __post_init__(self) -> None:
        self.check()

    def check(self) -> None:
        """Raise ParamError for a parameter that cannot work."""

    @classmethod
    def from_params(cls, raw: Any):
        if not isinstance(raw, Mapping):
            raise ParamError("params", f"must be an object, not {_type_name(raw)}")
        fields = {f.name: f for f in dataclasses.fields(cls) if f.init}  # type: ignore[arg-type]
        unknown = sorted(k for k in raw if k not in fields)
        if unknown:
            known = ", ".join(fields) or "none"
            raise ParamError(str(unknown[0]), f'is not a parameter of "{cls.op}" (it takes: {known})')
        hints = typing.get_type_hints(cls)
        given = {}
        for name, f in fields.items():
            if name in raw:
                given[name] = _read(name, raw[name], hints[name])
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ParamError(name, "is missing")
        return cls(**given)

    def params(self) -> dict:
        """The parameters as JSON-ready values (a Pairs field as an object)."""
        hints = typing.get_type_hints(type(self))
        out = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if hints[f.name] == Pairs:
                value = dict(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out


def compile_pattern(key: str, pattern: str, ignore_case: bool = False) -> re.Pattern:
    """A user's regular expression, refused with one line when it is empty, invalid, or of a
    shape that can take exponential time (it runs on every cell of a sheet)."""
    if not isinstance(pattern, str) or pattern == "":
        raise ParamError(key, "the regular expression is empty")
    flags = re.IGNORECASE if ignore_case else 0
    try:
        rx = re.compile(pattern, flags)
    except re.error as e:
        raise ParamError(key, f"not a valid regular expression: {e}") from None
    if backtracks(pattern, flags):
        raise ParamError(key, "this regular expression can take very long on some values (a repeated "
                              "group that holds another repetition, such as (a+)+); write the inner part "
                              "so it cannot match what ends a turn")
    return rx


def one_of(key: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ParamError(key, f'"{value}" is not one of: {", ".join(choices)}')
