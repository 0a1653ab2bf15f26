"""Recipes: a sheet's preparation as ordered steps (an operation, its parameters, the fields
it works on), saved and loaded as JSON text so it can be replayed on the next delivery; with
the mapping of the sheet's last import (which column of the file went to which field), which an
import with the recipe uses for a file with those columns.

A recipe may come from anyone, so loading is strict: an unknown operation or key, a missing
parameter, a value of the wrong type or a regular expression that cannot run safely is
refused with one line naming the place, e.g. "steps[2].params.pattern: ...".
Adding an operation is one Params class and one line in OPS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import InvalidInput
from ..mapping import Mapping, headers_key
from ..records import FILTERS
from ..viewconfig import facet_json as _facet_json, facets_from as _facets
from .dates import ReformatDate
from .dedupe import Dedupe
from .fields import Join, Split
from .params import ParamError, Params
from .transforms import ChangeCase, Extract, FillDown, FillEmpty, MassEdit, Replace, SetValue, Trim

RECIPE_VERSION = 1
OPS: dict[str, type[Params]] = {cls.op: cls for cls in (
    Trim, ChangeCase, Split, Join, Extract, Replace, FillDown, FillEmpty, ReformatDate, SetValue, MassEdit,
    Dedupe,
)}
_STEP_KEYS = ("op", "params", "sheet", "fields", "into", "label", "view")
VIEW_KEYS = ("filter", "search", "fieldErrors", "facets")  # the records a step works on


class RecipeError(InvalidInput):
    """A refused recipe. `path` names the place (steps[1].params.pattern)."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)


def _names(key: str, raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, (list, tuple)) or not all(isinstance(n, str) and n.strip() for n in raw):
        raise ParamError(key, "must be a list of field names")
    return tuple(raw)


def _view(pairs) -> tuple[tuple[str, Any], ...]:
    out: list[tuple[str, Any]] = []
    for key, value in pairs:
        if key not in VIEW_KEYS:
            raise ParamError(f"view.{key}", f"is not a key of a view (it has: {', '.join(VIEW_KEYS)})")
        if key == "facets":
            out.append((key, _facets(value)))
            continue
        if not isinstance(value, str) or not value.strip():
            raise ParamError(f"view.{key}", "must be text")
        if key == "filter" and value not in FILTERS:
            raise ParamError("view.filter", f"must be one of {', '.join(FILTERS)}")
        out.append((key, value))
    return tuple(sorted(out))


@dataclass(frozen=True)
class Step:
    action: Params  # the operation with its parameters (a transform, or Dedupe)
    fields: tuple[str, ...]  # what it reads: the fields changed, split, joined or keyed on
    sheet: str | None = None  # None: the sheet the recipe is applied to
    into: tuple[str, ...] = ()  # where it writes, when not in place (split, join: required)
    label: str | None = None  # the person's own name for the step
    view: tuple[tuple[str, Any], ...] = ()  # (key, value) of VIEW_KEYS: its records; () all of them

    def __post_init__(self):
        object.__setattr__(self, "fields", _names("fields", self.fields))
        object.__setattr__(self, "view", _view(self.view))
        object.__setattr__(self, "into", _names("into", self.into))
        shape, n_in, n_out = self.action.shape, len(self.fields), len(self.into)
        if n_in == 0:
            raise ParamError("fields", "name at least one field")
        if shape == "cell" and n_out not in (0, n_in):
            raise ParamError("into", f"name as many fields as fields does ({n_in}), or none to change them in place")
        if shape == "split":
            if n_in != 1:
                raise ParamError("fields", "a split reads one field")
            if n_out < 2:
                raise ParamError("into", "name the fields the parts go to (two or more)")
            if self.action.max_parts not in (0, n_out):  # type: ignore[attr-defined]
                raise ParamError("into", f"max_parts is {self.action.max_parts} but {n_out} fields are named")  # type: ignore[attr-defined]
        if shape == "join" and (n_in < 2 or n_out != 1):
            raise ParamError("into" if n_in >= 2 else "fields", "a join reads two or more fields into one")
        if shape == "sheet" and n_out:
            raise ParamError("into", f'"{self.op}" writes no fields')
        if self.sheet is not None and (not isinstance(self.sheet, str) or not self.sheet.strip()):
            raise ParamError("sheet", "must be a sheet's name")
        if self.label is not None and not isinstance(self.label, str):
            raise ParamError("label", "must be text")

    @classmethod
    def create(cls, op: str, params: dict | None = None, fields=(), **where) -> Step:
        if op not in OPS:
            raise ParamError("op", f'unknown operation "{op}" (known: {", ".join(OPS)})')
        return cls(OPS[op].from_params(params or {}), tuple(fields), **where)

    @property
    def op(self) -> str:
        return self.action.op

    @property
    def params(self) -> dict:
        return self.action.params()

    def describe(self) -> str:
        return self.label or f"{self.op.replace('_', ' ')}: {', '.join(self.fields)}"

    def details(self) -> str:
        """describe() with what the step is set to do: "change case: name (case: upper)"."""
        shown = []
        for k, v in self.params.items():
            if isinstance(v, dict):
                v = f"{len(v)} values"
            shown.append(f"{k.replace('_', ' ')}: {v!r}" if isinstance(v, str) else f"{k.replace('_', ' ')}: {v}")
        where = f" into {', '.join(self.into)}" if self.into else ""
        view = f"; only {', '.join(f'{k} {v}' for k, v in self.view if k != 'facets')}" if self.view else ""
        return f"{self.describe()}{where}" + (f" ({'; '.join(shown)}{view})" if shown or view else "")

    def runner(self) -> Callable[[Any], Any]:
        """For one ordered pass: a cell step's function of a value, a split's of a value (to
        exactly len(into) parts), a join's of the tuple of the fields' values."""
        if self.action.shape == "sheet":
            raise TypeError(f'"{self.op}" works on whole records (see {type(self.action).__name__}.plan)')
        if self.action.shape == "split":
            width, split = len(self.into), self.action
            return lambda value: split.apply(value, width)  # type: ignore[attr-defined]
        return self.action.runner()  # type: ignore[attr-defined]

    def to_json(self) -> dict:
        out: dict[str, Any] = {"op": self.op, "params": self.params, "fields": list(self.fields)}
        if self.sheet is not None:
            out["sheet"] = self.sheet
        if self.into:
            out["into"] = list(self.into)
        if self.label is not None:
            out["label"] = self.label
        if self.view:
            out["view"] = {k: [_facet_json(f) for f in v] if k == "facets" else v for k, v in self.view}
        return out

    @classmethod
    def from_json(cls, raw: Any) -> Step:
        """A step from JSON; a ParamError names the key (the recipe adds the step's place)."""
        if not isinstance(raw, dict):
            raise ParamError("", "must be an object with op, params and fields")
        unknown = sorted(k for k in raw if k not in _STEP_KEYS)
        if unknown:
            raise ParamError(str(unknown[0]), f"is not a key of a step (it has: {', '.join(_STEP_KEYS)})")
        for key in ("op", "fields"):
            if key not in raw:
                raise ParamError(key, "is missing")
        op = raw["op"]
        if not isinstance(op, str) or op not in OPS:
            raise ParamError("op", f'unknown operation "{op}" (known: {", ".join(OPS)})')
        try:
            action = OPS[op].from_params(raw.get("params", {}))
        except ParamError as e:
            raise ParamError("params" if e.key == "params" else f"params.{e.key}", e.problem) from None
        view = raw.get("view", {})
        if not isinstance(view, dict):
            raise ParamError("view", f"must be an object with any of {', '.join(VIEW_KEYS)}")
        return cls(action, raw["fields"], raw.get("sheet"), raw.get("into", ()), raw.get("label"),
                   tuple(view.items()))


MAP_OP = "map"  # a recipe step of the sheet's history that is an import's mapping, not a Step


def map_step(mapping: Mapping, file: str) -> dict:
    """The history's step for an import: its mapping, and the file it was made for."""
    return {"op": MAP_OP, "file": file, "mapping": mapping.to_json()}


def describe_map(step: dict) -> str:
    columns = step["mapping"].get("columns", {})
    used = sum(1 for key in columns.values() if key)
    return f"map the columns of {step.get('file', 'a file')}: {used} of {len(columns)} to fields"


@dataclass(frozen=True)
class Recipe:
    steps: tuple[Step, ...] = ()
    version: int = RECIPE_VERSION
    mapping: Mapping | None = None  # the last import's, for the next file with those columns

    def then(self, step: Step) -> Recipe:
        return Recipe(self.steps + (step,), self.version, self.mapping)

    def mapping_for(self, headers: list[str]) -> Mapping | None:
        """The recipe's mapping when it fits a file with these headers (it names every column
        the file has, whatever their order): else None, and the import maps as it would."""
        if self.mapping is None:
            return None
        return self.mapping if headers_key(list(self.mapping.columns)) == headers_key(headers) else None

    def to_json(self) -> dict:
        out: dict[str, Any] = {"version": self.version}
        if self.mapping is not None:
            out["mapping"] = self.mapping.to_json()
        return out | {"steps": [s.to_json() for s in self.steps]}

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, raw: Any) -> Recipe:
        if not isinstance(raw, dict):
            raise RecipeError("", "a recipe is a JSON object with version and steps")
        unknown = sorted(k for k in raw if k not in ("version", "mapping", "steps"))
        if unknown:
            raise RecipeError(str(unknown[0]), "is not a key of a recipe (it has: version, mapping, steps)")
        version = raw.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise RecipeError("version", "must be a whole number, 1 or more")
        if version > RECIPE_VERSION:
            raise RecipeError("version", f"the recipe was written by a newer Flatspace (version {version}; "
                                         f"this one reads up to {RECIPE_VERSION})")
        steps = raw.get("steps")
        if not isinstance(steps, list):
            raise RecipeError("steps", "must be a list of steps")
        out = []
        for i, step in enumerate(steps):
            try:
                out.append(Step.from_json(step))
            except ParamError as e:
                raise RecipeError(f"steps[{i}]" + (f".{e.key}" if e.key else ""), e.problem) from None
        mapping = None
        if "mapping" in raw:
            try:
                mapping = Mapping.from_json(raw["mapping"], "mapping")
            except InvalidInput as e:
                raise RecipeError("", str(e)) from None
        return cls(tuple(out), version, mapping)

    @classmethod
    def loads(cls, text: str) -> Recipe:
        try:
            raw = json.loads(text)
        except ValueError as e:
            raise RecipeError("", f"the recipe is not valid JSON ({e})") from None
        return cls.from_json(raw)
