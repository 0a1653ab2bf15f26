"""Flatfile workbook blueprints: parsed into typed definitions, refused with the path of a fault.

The original JSON is stored as given (unknown keys included); these classes are the typed view
the rest of the core works with.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .fieldtypes import REGISTRY, FieldType, field_type
from .fieldtypes.enums import EnumOption
from .errors import BlueprintError
from .limits import MAX_FIELDS

# How each type reads its config, casts, shows and edits: domain.fieldtypes, one module per type.
FIELD_TYPES = tuple(REGISTRY)  # the built-in types; REGISTRY also holds any registered since
ENUM_TYPES = {"enum", "enum-list"}  # config.options
REFERENCE_TYPES = {"reference", "reference-list"}  # config.ref and config.key, linked to their sheet
FIELD_CONSTRAINTS = ("required", "unique", "computed", "external", "stored")
UNENFORCED = {"external", "stored"}
# Flatfile's slug is any string; real blueprints use spaces, "&", "/" and placeholders
# ("<<sheet>>"). Refused: leading or trailing space (two slugs that differ only there could not
# be told apart when typed) and control characters (no one can type them).
SLUG_RE = re.compile(r"^[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?$")


LEVELS = ("error", "warn", "info")  # Flatfile's ValidationType


@dataclass(frozen=True)
class UniqueRule:
    case_sensitive: bool = True
    ignore_empty: bool = False
    message: str | None = None  # config.message: replaces the default text
    level: str = "error"


@dataclass
class FieldDef:
    key: str
    type: str
    label: str
    description: str = ""
    readonly: bool = False
    alternative_names: tuple[str, ...] = ()
    metadata: Any = None
    required: bool = False
    required_message: str | None = None
    required_level: str = "error"
    unique: UniqueRule | None = None
    computed: bool = False
    unenforced: tuple[str, ...] = ()
    options: tuple[EnumOption, ...] = ()
    allow_custom: bool = False
    ref_sheet: str | None = None
    ref_key: str | None = None
    max_length: int | None = None
    decimal_places: int | None = None
    allow_indeterminate: bool = True  # a boolean's config: False reads an empty cell as false
    validators: tuple = ()  # the external constraints, as domain.validators.ExternalRule
    settings: dict = field(default_factory=dict)  # what a registered type read from its config
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def kind(self) -> FieldType:
        """The field's type, which casts, shows and edits its values."""
        return REGISTRY[self.type]

    @property
    def is_list(self) -> bool:
        return REGISTRY[self.type].is_list

    @property
    def editable(self) -> bool:
        return not (self.readonly or self.computed)


@dataclass(frozen=True)
class CompositeUnique:
    name: str
    fields: tuple[str, ...]
    required_fields: tuple[str, ...]
    strategy: str  # "concat": the values joined as text; "hash": the values compared one by one
    message: str | None = None  # config.message and config.level, as a unique constraint's
    level: str = "error"


@dataclass
class SheetDef:
    name: str
    slug: str
    fields: list[FieldDef]
    readonly: bool = False
    allow_additional_fields: bool = False
    mapping_confidence_threshold: float | None = None  # how sure a suggested mapping must be to be taken
    constraints: list[CompositeUnique] = field(default_factory=list)
    actions: list = field(default_factory=list)
    raw: dict = field(default_factory=dict, repr=False)

    def field(self, key: str) -> FieldDef:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


@dataclass
class BlueprintDef:
    name: str
    sheets: list[SheetDef]
    labels: list[str] = field(default_factory=list)
    actions: list = field(default_factory=list)
    metadata: Any = None
    raw: dict = field(default_factory=dict, repr=False)


def slugify(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
    return slug or "sheet"


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


class _Reader:
    """Reads typed keys out of a JSON object, naming the path of any fault."""

    def __init__(self, obj: Any, path: str):
        if not isinstance(obj, dict):
            raise BlueprintError(path, f"expected an object, found {_type_name(obj)}")
        self.obj, self.path = obj, path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key, kind, default=None, required=False):
        if key not in self.obj or self.obj[key] is None:
            if required:
                raise BlueprintError(self.at(key), "is required")
            return default
        value = self.obj[key]
        ok = {
            "str": isinstance(value, str),
            "bool": isinstance(value, bool),
            "int": isinstance(value, int) and not isinstance(value, bool),
            "list": isinstance(value, list),
            "dict": isinstance(value, dict),
            "number": isinstance(value, (int, float)) and not isinstance(value, bool),
            "any": True,
        }[kind]
        if not ok:
            expected = {"str": "a string", "bool": "true or false", "int": "a whole number",
                        "list": "a list", "dict": "an object", "number": "a number"}[kind]
            raise BlueprintError(self.at(key), f"expected {expected}, found {_type_name(value)}")
        if kind == "str" and required and not value.strip():
            raise BlueprintError(self.at(key), "must not be empty")
        return value

    def strings(self, key) -> tuple[str, ...]:
        items = self.get(key, "list", [])
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise BlueprintError(f"{self.at(key)}[{i}]", f"expected a string, found {_type_name(item)}")
        return tuple(items)

    # For field types reading their config (domain.fieldtypes), which do not import the core.
    def child(self, obj: Any, path: str) -> _Reader:
        return _Reader(obj, path)

    def error(self, key: str, problem: str) -> BlueprintError:
        return BlueprintError(self.at(key), problem)

    type_name = staticmethod(_type_name)


def parse_blueprint(data: Any) -> BlueprintDef:
    """Parse and check a whole workbook blueprint; raises BlueprintError naming the place."""
    r = _Reader(data, "")
    name = r.get("name", "str", required=True)
    labels = list(r.strings("labels"))
    raw_sheets = r.get("sheets", "list", required=True)
    if not raw_sheets:
        raise BlueprintError("sheets", "a workbook needs at least one sheet")
    sheets = [parse_sheet(s, f"sheets[{i}]") for i, s in enumerate(raw_sheets)]
    seen: dict[str, int] = {}
    for i, sheet in enumerate(sheets):
        if sheet.slug in seen:
            raise BlueprintError(f"sheets[{i}].slug", f'"{sheet.slug}" is already used by sheets[{seen[sheet.slug]}]')
        seen[sheet.slug] = i
    link_references(sheets)
    return BlueprintDef(
        name=name.strip(), sheets=sheets, labels=labels,
        actions=r.get("actions", "list", []), metadata=r.get("metadata", "any"), raw=data,
    )


def parse_sheet(data: Any, path: str = "sheet") -> SheetDef:
    r = _Reader(data, path)
    name = r.get("name", "str", required=True).strip()
    slug = r.get("slug", "str") or slugify(name)
    if not SLUG_RE.match(slug):
        raise BlueprintError(r.at("slug"), f'{json.dumps(slug)} must not start or end with a space or hold '
                                           'control characters (tabs, line breaks)')
    raw_fields = r.get("fields", "list", required=True)
    if not raw_fields:
        raise BlueprintError(r.at("fields"), "a sheet needs at least one field")
    if len(raw_fields) > MAX_FIELDS:  # each field is a column of the sheet's table
        raise BlueprintError(r.at("fields"), f"a sheet can hold at most {MAX_FIELDS:,} fields; "
                                             f"this one has {len(raw_fields):,}")
    fields = [_parse_field(f, f"{r.at('fields')}[{i}]") for i, f in enumerate(raw_fields)]
    keys: dict[str, int] = {}
    for i, f in enumerate(fields):
        if f.key in keys:
            raise BlueprintError(f"{r.at('fields')}[{i}].key", f'"{f.key}" is already used by fields[{keys[f.key]}]')
        keys[f.key] = i
    constraints = []
    for i, c in enumerate(r.get("constraints", "list", [])):
        constraints.append(_parse_sheet_constraint(c, f"{r.at('constraints')}[{i}]", keys))
    threshold = r.get("mappingConfidenceThreshold", "number")
    if threshold is not None and not 0 <= threshold <= 1:
        raise BlueprintError(r.at("mappingConfidenceThreshold"), f"must be between 0 and 1, found {threshold}")
    return SheetDef(
        name=name, slug=slug, fields=fields,
        readonly=r.get("readonly", "bool", False),
        allow_additional_fields=r.get("allowAdditionalFields", "bool", False),
        mapping_confidence_threshold=threshold,
        constraints=constraints, actions=r.get("actions", "list", []), raw=data,
    )


def _parse_field(data: Any, path: str) -> FieldDef:
    r = _Reader(data, path)
    key = r.get("key", "str", required=True)
    ftype = r.get("type", "str", required=True)
    if ftype not in REGISTRY:
        raise BlueprintError(r.at("type"), f'unknown type "{ftype}" (known types: {", ".join(REGISTRY)})')
    f = FieldDef(
        key=key, type=ftype,
        label=(r.get("label", "str") or key),
        description=r.get("description", "str", ""),
        readonly=r.get("readonly", "bool", False),
        alternative_names=r.strings("alternativeNames"),
        metadata=r.get("metadata", "any"),
        raw=data,
    )
    for i, c in enumerate(r.get("constraints", "list", [])):
        cpath = f"{r.at('constraints')}[{i}]"
        cr = _Reader(c, cpath)
        ctype = cr.get("type", "str", required=True)
        if ctype not in FIELD_CONSTRAINTS:
            raise BlueprintError(cr.at("type"), f'unknown constraint "{ctype}" (known: {", ".join(FIELD_CONSTRAINTS)})')
        if ctype == "required":
            f.required = True
            f.required_message, f.required_level = _message_config(cr)
        elif ctype == "unique":
            cc = _Reader(cr.get("config", "dict", {}), cr.at("config"))
            # Flatfile puts the options under config; Spaces made earlier have them at the top.
            message, level = _message_config(cr)
            f.unique = UniqueRule(
                case_sensitive=cc.get("caseSensitive", "bool", cr.get("caseSensitive", "bool", True)),
                ignore_empty=cc.get("ignoreEmpty", "bool", cr.get("ignoreEmpty", "bool", False)),
                message=message, level=level,
            )
        elif ctype == "computed":
            f.computed = True
        elif ctype == "external":
            from .validators import external_rule, rule_problem

            rule = external_rule(c, cpath, ftype)
            f.validators += (rule,)
            if rule_problem(rule):
                f.unenforced += (ctype,)
        else:
            f.unenforced += (ctype,)
    config = r.get("config", "dict", {})
    field_type(ftype).parse_config(f, _Reader(config, r.at("config")))
    return f


def _message_config(cr: _Reader) -> tuple[str | None, str]:
    """config.message and config.level of a required, unique or composite unique constraint."""
    cc = _Reader(cr.get("config", "dict", {}), cr.at("config"))
    level = cc.get("level", "str", "error")
    if level not in LEVELS:
        raise BlueprintError(cc.at("level"), f'unknown level "{level}" (known: {", ".join(LEVELS)})')
    return cc.get("message", "str") or None, level


def _parse_sheet_constraint(data: Any, path: str, keys: dict[str, int]) -> CompositeUnique:
    r = _Reader(data, path)
    ctype = r.get("type", "str", required=True)
    if ctype in UNENFORCED:
        return CompositeUnique(r.get("name", "str", ctype), (), (), ctype)
    if ctype != "unique":
        raise BlueprintError(r.at("type"), f'unknown sheet constraint "{ctype}" (known: unique, external, stored)')
    fields = r.strings("fields")
    if not fields:
        raise BlueprintError(r.at("fields"), "a unique constraint needs at least one field")
    required = r.strings("requiredFields")
    for name, items in (("fields", fields), ("requiredFields", required)):
        for i, k in enumerate(items):
            if k not in keys:
                raise BlueprintError(f"{r.at(name)}[{i}]", f'no field with key "{k}" in this sheet')
    strategy = r.get("strategy", "str", "concat")
    if strategy not in ("concat", "hash"):
        raise BlueprintError(r.at("strategy"), f'expected "concat" or "hash", found "{strategy}"')
    message, level = _message_config(r)
    return CompositeUnique(r.get("name", "str", "unique " + "+".join(fields)), fields, required, strategy,
                           message, level)


def link_references(sheets: list[SheetDef]) -> None:
    """A reference names a sheet of the same workbook and one of its fields. Real blueprints
    write either in another letter case ("countries" for "Countries"): one match ignoring case
    is that one. A reference to a sheet the workbook does not have (one shipped separately) is
    kept, checked by nothing, and listed as not enforced; the cells keep their text."""
    by_slug = {s.slug: s for s in sheets}
    for si, sheet in enumerate(sheets):
        for fi, f in enumerate(sheet.fields):
            if f.type not in REFERENCE_TYPES:
                continue
            path = f"sheets[{si}].fields[{fi}].config"
            target = by_slug.get(f.ref_sheet) or _one(s for s in sheets if s.slug.lower() == f.ref_sheet.lower())
            if target is None:
                f.unenforced += (f'reference to sheet "{f.ref_sheet}", which is not in this workbook',)
                f.ref_sheet = None
                continue
            f.ref_sheet = target.slug
            if not any(t.key == f.ref_key for t in target.fields):
                key = _one(t.key for t in target.fields if t.key.lower() == f.ref_key.lower())
                if key is None:
                    raise BlueprintError(f"{path}.key", f'sheet "{target.slug}" has no field "{f.ref_key}"')
                f.ref_key = key


def _one(items):
    """The only item, or None when there are none or several."""
    items = list(items)
    return items[0] if len(items) == 1 else None


def composite_uniques(sheet: SheetDef) -> list[CompositeUnique]:
    return [c for c in sheet.constraints if c.strategy in ("concat", "hash")]


def unenforced_notes(bp: BlueprintDef) -> list[str]:
    """Constraints that are accepted but not checked here (stored ones, external validators
    that are unknown or configured in a way they cannot run): say so, and why."""
    from .validators import rule_problem

    notes = []
    for sheet in bp.sheets:
        for f in sheet.fields:
            for kind in dict.fromkeys(f.unenforced):
                if kind.startswith("reference to"):
                    notes.append(f"{sheet.slug}.{f.key}: {kind}: kept as text, not checked")
                    continue
                if kind != "external":
                    notes.append(f'{sheet.slug}.{f.key}: "{kind}" constraint is kept but not enforced offline')
                    continue
                for rule in f.validators:
                    problem = rule_problem(rule)
                    if problem:
                        what = f'external validator "{rule.validator}"' if rule.validator else "external constraint"
                        notes.append(f"{sheet.slug}.{f.key}: {what} is kept but not enforced offline: {problem}")
        for c in sheet.constraints:
            if c.strategy in UNENFORCED:
                notes.append(f'{sheet.slug}: "{c.strategy}" constraint "{c.name}" is kept but not enforced offline')
    return notes
