"""External validators: which one a blueprint's `{"type": "external", "validator": …}` names,
where it comes from, and whether it may run here.

A name is looked up in this order:

1. the built-in library (domain.validator_lib): length, numberRange, email, phone… These names
   are reserved: a user validator of the same name is not used.
2. the Space's own `validators.py`, once the owner of this computer has enabled it for that
   file's exact content (see below);
3. the entry point group `flatspace.validators` of the installed packages.

Anything else is kept in the blueprint and listed as not enforced offline.

User validators are Python callables `check(value, config, field)`:
  value   the cell's value as stored and shown in record JSON: str, int or float, True/False,
          "YYYY-MM-DD" for dates, a list of strings for list fields; never empty (that is the
          `required` constraint's work)
  config  the constraint's `config` (whatever JSON the blueprint gives, None when absent)
  field   the field's blueprint JSON (key, label, type, config…)
and return None (valid), a message (an error), or a list of (level, message) pairs with level
"error", "warn" or "info". A validator that raises, or returns anything else, puts one error on
that cell naming the validator (`validator "x" failed: ZeroDivisionError: …`); the import or edit
goes on and keeps the value.

Trust. A `validators.py` is code. A Space that arrives as a .flatspace file never brings one (only
its database and files travel), but a Space folder can be copied from anywhere, so its code runs
only once enabled on this machine: `enable_space_validators(folder)` records the file's SHA-256,
signed with a key kept in this user's configuration folder (not in the data root). A folder copied
from another machine or user carries no valid mark; a file changed after it was enabled is not run
until it is enabled again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import types
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

GROUP = "flatspace.validators"
SPACE_FILE = "validators.py"
TRUST_FILE = "validators.trust"
KEY_FILE = "validators.key"
SOURCE = "custom-logic"  # Flatfile's ValidationSource for checks made by code
LEVELS = ("error", "warn", "info")
MESSAGE_LIMIT = 500


@dataclass(frozen=True)
class ExternalRule:
    """One external constraint of a field, as the blueprint gives it (picklable: a reader
    process builds its own casters from it)."""
    validator: str
    config: Any = None
    label: str | None = None
    path: str = ""
    builtin: bool = False
    fault: str | None = None  # why it cannot run as configured (kept, listed as not enforced)
    home: str | None = None  # the Space folder whose validators.py may define it


_builtins: dict | None = None


def builtins() -> dict:
    """Built-in name -> factory(config, field_type) -> check(value, text)."""
    global _builtins
    if _builtins is None:
        from . import validator_dates as d
        from . import validator_lib as v

        _builtins = {
            "length": v.length("length"), "minLength": v.length("minLength"), "maxLength": v.length("maxLength"),
            "numberRange": v.number_range, "number": v.number, "email": v.email, "phone": v.phone, "url": v.url,
            "date": d.date_check, "dateRange": d.date_range, "dateTimeRange": d.date_range,
            "boolean": v.boolean, "regex": v.regex, "pattern": v.regex,
        }
    return _builtins


def validator(name: str):
    """Decorator marking a function of a Space's validators.py (or a package) as a validator."""
    def mark(fn):
        fn.__flatspace_validator__ = name
        return fn
    return mark


# ---- blueprint side

def external_rule(c: dict, path: str, field_type: str) -> ExternalRule:
    """The rule of one external constraint; never raises: a config a built-in cannot use is
    kept with its fault, so a Space made before keeps opening."""
    from .validator_lib import Config, Unusable

    name = c.get("validator")
    label = c.get("label") if isinstance(c.get("label"), str) else None
    if not isinstance(name, str) or not name.strip():
        return ExternalRule(str(name or ""), c.get("config"), label, path, fault="names no validator")
    config = c.get("config")
    if name not in builtins():
        return ExternalRule(name, config, label, path)
    try:
        cfg = Config(config)
        _common(cfg)
        builtins()[name](cfg, field_type)
    except Unusable as exc:
        return ExternalRule(name, config, label, path, builtin=True, fault=str(exc))
    return ExternalRule(name, config, label, path, builtin=True)


def _common(cfg) -> tuple[str | None, str | None]:
    """config.message and config.level, which every built-in honours."""
    from .validator_lib import Unusable

    message = cfg.text("message", "errorMessage")
    level = cfg.text("level")
    if level is not None and level not in LEVELS:
        raise Unusable("config.level", f'unknown level "{level}" (known: {", ".join(LEVELS)})')
    return message, level


def rule_problem(rule: ExternalRule) -> str | None:
    """Why this rule is not enforced here, or None when it is."""
    if rule.builtin or rule.fault:
        return rule.fault
    if rule.home is not None:
        found = space_validators(rule.home)
        if rule.validator in found.names:
            return None
    if rule.validator in entry_point_names():
        return None
    if rule.home is not None and found.state != "absent" and found.state != "on":
        return f"no validator of that name here ({found.problem})"
    return "no validator of that name here"


def describe(rule: ExternalRule) -> str:
    """The rule in a few words for a column's tooltip, saying when it is not enforced."""
    from .validator_lib import summary

    what = rule.label or (summary(rule.validator, rule.config) if rule.builtin else f'validator "{rule.validator}"')
    problem = rule_problem(rule)
    return f"{what} (not enforced offline: {problem})" if problem else what


def bind_space(sheet, folder: Path | str) -> None:
    """Let a sheet's user validators come from this Space's validators.py (when enabled)."""
    for f in sheet.fields:
        if not any(not r.builtin for r in f.validators):
            continue
        f.validators = tuple(r if r.builtin else replace(r, home=str(folder)) for r in f.validators)
        kinds = [k for k in f.unenforced if k != "external"]
        f.unenforced = tuple(kinds) + ("external",) * sum(1 for r in f.validators if rule_problem(r))


# ---- entry points

_entry_points: dict | None = None


def _entry_point_map() -> dict:
    global _entry_points
    if _entry_points is None:
        from importlib.metadata import entry_points

        try:
            _entry_points = {ep.name: ep for ep in entry_points(group=GROUP)}
        except Exception:  # noqa: BLE001 - a broken installed package must not stop a blueprint loading
            _entry_points = {}
    return _entry_points


def entry_point_names() -> frozenset[str]:
    return frozenset(_entry_point_map())


def forget_entry_points() -> None:
    """Read the installed packages again (after installing one)."""
    global _entry_points
    _entry_points = None
    _loaded_eps.clear()


_loaded_eps: dict[str, Callable] = {}


def _entry_point(name: str) -> Callable:
    if name not in _loaded_eps:
        fn = _entry_point_map()[name].load()
        if not callable(fn):
            raise TypeError(f"entry point {name} is not a function")
        _loaded_eps[name] = fn
    return _loaded_eps[name]


# ---- a Space's validators.py

@dataclass(frozen=True)
class SpaceValidators:
    state: str  # "absent", "off" (never enabled here), "changed" (since it was enabled), "on", "broken"
    names: frozenset = frozenset()
    problem: str | None = None
    functions: dict | None = None


def _key() -> bytes:
    from platformdirs import user_config_dir

    path = Path(user_config_dir("Flatspace")) / KEY_FILE
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it a moment ago
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as fh:
        fh.write(key.hex())
    return key


def local_mark(folder: Path, digest: str) -> str:
    """A mark only this computer makes for a Space folder's code as it is (its SHA-256): a trust
    file copied with a Space from another computer does not verify here."""
    return hmac.new(_key(), f"{Path(folder).name}\n{digest}".encode(), hashlib.sha256).hexdigest()


def enable_space_validators(folder: Path | str) -> str:
    """Let this Space's validators.py run, as it is now; returns its SHA-256."""
    folder = Path(folder)
    digest = hashlib.sha256((folder / SPACE_FILE).read_bytes()).hexdigest()
    (folder / TRUST_FILE).write_text(json.dumps({"sha256": digest, "mark": local_mark(folder, digest)}))
    _loaded_spaces.clear()
    return digest


def disable_space_validators(folder: Path | str) -> None:
    (Path(folder) / TRUST_FILE).unlink(missing_ok=True)
    _loaded_spaces.clear()


_loaded_spaces: dict[tuple[str, str], SpaceValidators] = {}


def space_validators(folder: Path | str) -> SpaceValidators:
    """What this Space's validators.py offers and whether it may run. The file is read once,
    checked against its mark, and run from the bytes that were checked."""
    folder = Path(folder)
    try:
        source = (folder / SPACE_FILE).read_bytes()
    except FileNotFoundError:
        return SpaceValidators("absent")
    except OSError as exc:
        return SpaceValidators("broken", problem=f"{SPACE_FILE} cannot be read: {exc.strerror}")
    digest = hashlib.sha256(source).hexdigest()
    try:
        trust = json.loads((folder / TRUST_FILE).read_text())
        mark_ok = hmac.compare_digest(str(trust.get("mark", "")), local_mark(folder, digest))
        enabled_for = trust.get("sha256")
    except (OSError, ValueError, AttributeError):
        return SpaceValidators("off", problem=f"this Space's {SPACE_FILE} is not enabled on this computer")
    if not mark_ok:
        if enabled_for != digest:
            return SpaceValidators("changed", problem=f"{SPACE_FILE} changed since it was enabled")
        return SpaceValidators("off", problem=f"this Space's {SPACE_FILE} was not enabled on this computer")
    cache_key = (str(folder.resolve()), digest)
    if cache_key not in _loaded_spaces:
        _loaded_spaces[cache_key] = _run_space_file(folder, source, digest)
    return _loaded_spaces[cache_key]


def _run_space_file(folder: Path, source: bytes, digest: str) -> SpaceValidators:
    module = types.ModuleType(f"flatspace_space_validators_{digest[:16]}")
    module.__file__ = str(folder / SPACE_FILE)
    try:
        exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 - enabled by its owner
    except Exception as exc:  # noqa: BLE001 - the file's fault, reported on its rules
        return SpaceValidators("broken", problem=f"{SPACE_FILE} failed to load: {_fault(exc)}")
    found: dict[str, Callable] = {}
    table = module.__dict__.get("VALIDATORS")
    if isinstance(table, dict):
        found.update({k: v for k, v in table.items() if isinstance(k, str) and callable(v)})
    for value in list(module.__dict__.values()):
        name = getattr(value, "__flatspace_validator__", None)
        if isinstance(name, str) and callable(value):
            found[name] = value
    functions = {k: v for k, v in found.items() if k not in builtins()}
    return SpaceValidators("on", frozenset(functions), None, functions)


# ---- running

def _fault(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT - 1] + "…"


def failure(name: str, exc: BaseException) -> tuple[str, str]:
    """The one message a cell gets when its validator failed."""
    return "error", f'validator "{name}" failed: {_fault(exc)}'


def _user_check(name: str, fn: Callable, config: Any, field_json: dict) -> Callable[[Any, str], list]:
    def run(value, text):
        out = fn(value, config, field_json)
        if out is None:
            return None
        if isinstance(out, str):
            return [("error", out[:MESSAGE_LIMIT])] if out else None
        if isinstance(out, (list, tuple)):
            pairs = []
            for item in out:
                if (not isinstance(item, (list, tuple)) or len(item) != 2 or item[0] not in LEVELS
                        or not isinstance(item[1], str)):
                    raise TypeError(f"returned {item!r}; expected (level, message) with level error, warn or info")
                pairs.append((item[0], item[1][:MESSAGE_LIMIT]))
            return pairs
        raise TypeError(f"returned {type(out).__name__}; expected None, a message or a list of (level, message)")
    return run


def _failing(exc: BaseException) -> Callable[[Any, str], list]:
    def run(value, text):
        raise exc
    return run


def checks_for(f) -> list[tuple[str, Callable[[Any, str], list | None]]]:
    """The runnable checks of a field's external rules, as (name, check(value, text)); rules
    that cannot run here are left out (they are listed as not enforced)."""
    from .validator_lib import Config

    out = []
    for rule in f.validators:
        if rule.fault:
            continue
        if rule.builtin:
            cfg = Config(rule.config)
            message, level = _common(cfg)
            check = builtins()[rule.validator](cfg, f.type)
            if message or level:
                check = _restated(check, message, level)
            out.append((rule.validator, check))
            continue
        fn = None
        if rule.home is not None:
            space = space_validators(rule.home)
            if rule.validator in space.names:
                fn = space.functions[rule.validator]
            elif space.state == "broken" and rule.validator not in entry_point_names():
                out.append((rule.validator, _failing(RuntimeError(space.problem))))
                continue
        if fn is None and rule.validator in entry_point_names():
            try:
                fn = _entry_point(rule.validator)
            except Exception as exc:  # noqa: BLE001 - the package's fault, shown on each cell it should check
                out.append((rule.validator, _failing(RuntimeError(f"could not be loaded ({_fault(exc)})"))))
                continue
        if fn is not None:
            config = json.loads(json.dumps(rule.config)) if rule.config is not None else None
            out.append((rule.validator, _user_check(rule.validator, fn, config, json.loads(json.dumps(f.raw)))))
    return out


def _restated(check, message: str | None, level: str | None):
    def run(value, text):
        got = check(value, text)
        if not got:
            return got
        return [(level or lv, message or msg) for lv, msg in got]
    return run
