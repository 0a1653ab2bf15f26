"""Actions as Flatfile declares them (@flatfile/api's Action, InputForm and ActionConstraint):
what a blueprint's workbook, sheet, field and document configs (and a file, or a listener) carry
under `actions`. Each becomes a job `DOMAIN:operation` ("workbook:submitActionFg") when run.

Read leniently where Flatfile is lenient (the deprecated `slug` for `operation`,
`requireAllValid`/`requireSelection` for constraints, a missing mode), strictly where a wrong
value would mislead: an unknown constraint or input type is refused with the place named,
e.g. "actions[1].inputForm.fields[0].type: ..."."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import InvalidInput

DOMAINS = ("workbook", "sheet", "field", "document", "file", "space")
MODES = ("foreground", "background", "toolbarBlocking")
CONSTRAINTS = ("hasAllValid", "hasSelection", "hasData", "hasColumnEnabled")
INPUT_TYPES = ("string", "textarea", "number", "boolean", "enum")


def _where(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _text(raw: dict, key: str, where: str, required: bool = False) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            raise InvalidInput(f"{_where(where, key)}: is missing")
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{_where(where, key)}: must be text")
    return value


def _flag(raw: dict, key: str, where: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise InvalidInput(f"{_where(where, key)}: must be true or false")
    return value


@dataclass(frozen=True)
class InputField:
    """One field of an action's input form (Flatfile's InputField)."""
    key: str
    label: str
    type: str = "string"
    description: str | None = None
    default: Any = None
    options: tuple[tuple[Any, str], ...] = ()  # (value, label) of an enum
    required: bool = False

    def check(self, value: Any) -> Any:
        """The value the form gives the handler, or InvalidInput naming the field."""
        empty = value is None or (isinstance(value, str) and not value.strip())
        if empty:
            if self.required:
                raise InvalidInput(f"{self.label}: is required")
            return None
        if isinstance(value, (list, dict)):  # a form's fields hold one value each
            raise InvalidInput(f"{self.label}: takes one value, not a JSON {'list' if isinstance(value, list) else 'object'}")
        if self.type == "number":
            try:
                number = float(value) if not isinstance(value, (int, float)) or isinstance(value, bool) else value
            except (TypeError, ValueError):
                raise InvalidInput(f"{self.label}: {value!r} is not a number") from None
            return int(number) if isinstance(number, float) and number.is_integer() and "." not in str(value) \
                else number
        if self.type == "boolean":
            if isinstance(value, bool):
                return value
            words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
            if str(value).strip().lower() not in words:
                raise InvalidInput(f"{self.label}: {value!r} is not yes or no")
            return words[str(value).strip().lower()]
        if self.type == "enum":
            for option, _label in self.options:
                if value == option or str(value) == str(option):
                    return option
            raise InvalidInput(f"{self.label}: {value!r} is not one of "
                               + ", ".join(str(o) for o, _l in self.options))
        return str(value)


def _input_field(raw: Any, where: str) -> InputField:
    if not isinstance(raw, dict):
        raise InvalidInput(f"{where}: must be an object with key, label and type")
    key = _text(raw, "key", where, required=True)
    label = _text(raw, "label", where) or key
    kind = raw.get("type", "string")
    if kind not in INPUT_TYPES:
        raise InvalidInput(f"{_where(where, 'type')}: {kind!r} is not an input type ({', '.join(INPUT_TYPES)})")
    options: list[tuple[Any, str]] = []
    config = raw.get("config") or {}
    if kind == "enum":
        raw_options = config.get("options") if isinstance(config, dict) else None
        if not isinstance(raw_options, list) or not raw_options:
            raise InvalidInput(f"{_where(where, 'config.options')}: an enum needs its options")
        for i, o in enumerate(raw_options):
            if not isinstance(o, dict) or "value" not in o:
                raise InvalidInput(f"{_where(where, f'config.options[{i}]')}: must be an object with a value")
            options.append((o["value"], str(o.get("label") or o["value"])))
    constraints = raw.get("constraints") or []
    if not isinstance(constraints, list):
        raise InvalidInput(f"{_where(where, 'constraints')}: must be a list")
    required = any(isinstance(c, dict) and c.get("type") == "required" for c in constraints)
    return InputField(key, label, kind, _text(raw, "description", where), raw.get("defaultValue"),
                      tuple(options), required)


@dataclass(frozen=True)
class Action:
    operation: str
    label: str
    domain: str = "sheet"  # where it is mounted: the job is DOMAIN:operation
    mode: str = "foreground"
    primary: bool = False
    confirm: bool = True  # Flatfile's default: a modal asks first
    description: str | None = None
    tooltip: str | None = None
    icon: str | None = None
    messages: tuple[tuple[str, str], ...] = ()  # (error|info, content)
    constraints: tuple[str, ...] = ()
    ignore_selection: bool = False  # hasAllValid's: every record, not the selected ones
    inputs: tuple[InputField, ...] = ()
    keys: tuple[str, ...] = ()  # a field action's columns (none: every column)
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def job(self) -> str:
        """The job's name a listener filters on: a field action is its sheet's (Flatfile's)."""
        return f"{'sheet' if self.domain == 'field' else self.domain}:{self.operation}"

    def form_defaults(self) -> dict[str, Any]:
        return {f.key: f.default for f in self.inputs if f.default is not None}

    def check_input(self, values: dict[str, Any] | None) -> dict[str, Any]:
        """The input form's values as the handler gets them; InvalidInput names the field."""
        values = dict(values or {})
        unknown = sorted(set(values) - {f.key for f in self.inputs})
        if unknown:
            raise InvalidInput(f'"{unknown[0]}" is not a field of the form of “{self.label}”'
                               + (f" (it has: {', '.join(f.key for f in self.inputs)})" if self.inputs else ""))
        return {f.key: f.check(values.get(f.key, f.default)) for f in self.inputs}


def parse_action(raw: Any, domain: str, where: str = "action") -> Action:
    """One action of `domain` (workbook, sheet, field, document, file, space)."""
    if not isinstance(raw, dict):
        raise InvalidInput(f"{where}: must be an object with operation and label")
    operation = _text(raw, "operation", where) or _text(raw, "slug", where)  # slug: the deprecated name
    if not operation or not operation.strip():
        raise InvalidInput(f"{_where(where, 'operation')}: is missing")
    label = _text(raw, "label", where) or operation
    mode = raw.get("mode") or "foreground"
    if mode not in MODES:
        raise InvalidInput(f"{_where(where, 'mode')}: {mode!r} is not a mode ({', '.join(MODES)})")
    mount = raw.get("mount")
    if mount is not None:
        if not isinstance(mount, dict) or mount.get("type") not in DOMAINS:
            raise InvalidInput(f"{_where(where, 'mount')}: must be an object whose type is one of {', '.join(DOMAINS)}")
        domain = mount["type"]
    keys = ()
    if domain == "field" and isinstance(mount, dict) and mount.get("keys") is not None:
        if not isinstance(mount["keys"], list) or not all(isinstance(k, str) for k in mount["keys"]):
            raise InvalidInput(f"{_where(where, 'mount.keys')}: must be a list of field keys")
        keys = tuple(mount["keys"])
    constraints, ignore = [], False
    raw_constraints = raw.get("constraints") or []
    if not isinstance(raw_constraints, list):
        raise InvalidInput(f"{_where(where, 'constraints')}: must be a list")
    for i, c in enumerate(raw_constraints):
        kind = c.get("type") if isinstance(c, dict) else None
        if kind not in CONSTRAINTS:
            raise InvalidInput(f"{_where(where, f'constraints[{i}].type')}: {kind!r} is not a constraint "
                               f"({', '.join(CONSTRAINTS)})")
        constraints.append(kind)
        ignore = ignore or (kind == "hasAllValid" and bool(c.get("ignoreSelection")))
    if raw.get("requireAllValid") is True and "hasAllValid" not in constraints:
        constraints.append("hasAllValid")
    if raw.get("requireSelection") is True and "hasSelection" not in constraints:
        constraints.append("hasSelection")
    messages = []
    for i, m in enumerate(raw.get("messages") or []):
        if not isinstance(m, dict) or m.get("type") not in ("error", "info") or not isinstance(m.get("content"), str):
            raise InvalidInput(f"{_where(where, f'messages[{i}]')}: must be an object with type error or info, "
                               "and content")
        messages.append((m["type"], m["content"]))
    inputs: list[InputField] = []
    form = raw.get("inputForm")
    if form is not None:
        fw = _where(where, "inputForm")
        if not isinstance(form, dict) or not isinstance(form.get("fields"), list):
            raise InvalidInput(f"{fw}: must be an object with type simple and fields")
        inputs = [_input_field(f, f"{fw}.fields[{i}]") for i, f in enumerate(form["fields"])]
        seen = [f.key for f in inputs]
        twice = sorted({k for k in seen if seen.count(k) > 1})
        if twice:
            raise InvalidInput(f"{fw}.fields: the key {twice[0]!r} is used twice")
    return Action(operation.strip(), label, domain, mode, _flag(raw, "primary", where, False),
                  _flag(raw, "confirm", where, True), _text(raw, "description", where), _text(raw, "tooltip", where),
                  _text(raw, "icon", where), tuple(messages), tuple(constraints), ignore, tuple(inputs), keys, raw)


def parse_actions(raw: Any, domain: str, where: str = "actions") -> list[Action]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InvalidInput(f"{where}: must be a list of actions")
    return [parse_action(a, domain, f"{where}[{i}]") for i, a in enumerate(raw)]


@dataclass(frozen=True)
class Situation:
    """What an action's constraints look at, where it is shown: the records of its sheet (or
    of every sheet of its workbook), the person's selection, the column's state."""
    records: int = 0
    errors: int = 0  # records with an error
    selected: int = 0
    selected_errors: int = 0
    column_readonly: bool = False
    read_only: bool = False  # the person may not change the Space


def refusal(action: Action, now: Situation) -> str | None:
    """Why the action cannot run now (its tooltip while it is off), or None."""
    for kind in action.constraints:
        if kind == "hasData" and now.records == 0:
            return "There are no records yet"
        if kind == "hasSelection" and now.selected == 0:
            return "Select one or more records first"
        if kind == "hasAllValid":
            if now.selected and not action.ignore_selection:
                if now.selected_errors:
                    return f"{now.selected_errors:,} of the selected records have errors: fix them first"
            elif now.errors:
                return f"{now.errors:,} records have errors: every record must be valid first"
        if kind == "hasColumnEnabled" and now.column_readonly:
            return "The column is read-only"
        # The built-in deletes' own (not Flatfile's): nothing to delete is nothing to run
        if kind == "hasValidRecords" and now.records and now.records == now.errors:
            return "No record is valid"
        if kind == "hasInvalidRecords" and now.records and not now.errors:
            return "No record has errors"
    return None
