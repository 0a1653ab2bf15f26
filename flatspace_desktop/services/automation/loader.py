"""Where listeners come from, and whether they may run.

- Installed packages: the `flatspace.listeners` entry point group; each names a function taking a
  Listener. They were installed by this computer's user, so they run for every Space.
- A Space's own `listeners/` folder (*.py, each with `register(listener)`): code that may have
  come with a Space from someone else, so it runs only once an admin allowed it on this
  computer, as it is then (a changed file stops it until allowed again). The allowance is a
  mark only this computer can make (as for a Space's validators.py), kept in the folder.

A listener that fails to load is reported and left out; the Space works without it."""

from __future__ import annotations

import hashlib
import hmac
import json
import types
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from ...domain.validators import local_mark
from .registry import Listener, ListenerError

FOLDER = "listeners"
TRUST_FILE = "listeners.trust"
GROUP = "flatspace.listeners"


@dataclass
class Loaded:
    listeners: list[Listener] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the folder's listener files
    state: str = "absent"  # absent, off (not allowed here), changed (since allowed), on
    problems: list[str] = field(default_factory=list)
    digest: str = ""


def _sources(folder: Path) -> list[tuple[str, bytes]]:
    where = folder / FOLDER
    if not where.is_dir():
        return []
    return [(p.name, p.read_bytes()) for p in sorted(where.glob("*.py")) if p.is_file()]


def _digest(sources: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in sources:
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def allow(folder: Path) -> str:
    """Let the Space's listeners run on this computer, as they are now: their digest."""
    sources = _sources(folder)
    if not sources:
        raise FileNotFoundError(f"no listener files in {folder / FOLDER}")
    digest = _digest(sources)
    (folder / TRUST_FILE).write_text(json.dumps({"sha256": digest, "mark": local_mark(folder, digest)}))
    return digest


def disallow(folder: Path) -> None:
    (folder / TRUST_FILE).unlink(missing_ok=True)


def _state(folder: Path, digest: str) -> str:
    try:
        trust = json.loads((folder / TRUST_FILE).read_text())
        ok = hmac.compare_digest(str(trust.get("mark", "")), local_mark(folder, digest))
    except (OSError, ValueError, AttributeError):
        return "off"
    if ok:
        return "on"
    return "changed" if trust.get("sha256") not in (None, digest) else "off"


def load_folder(folder: Path) -> Loaded:
    """The Space's listeners when allowed (run from the bytes whose digest was checked)."""
    try:
        sources = _sources(folder)
    except OSError as exc:
        return Loaded(state="off", problems=[f"{FOLDER}/ cannot be read: {exc.strerror or exc}"])
    if not sources:
        return Loaded()
    digest = _digest(sources)
    loaded = Loaded(files=[n for n, _ in sources], state=_state(folder, digest), digest=digest)
    if loaded.state != "on":
        return loaded
    for name, data in sources:
        listener = Listener(f"{FOLDER}/{name}")
        module = types.ModuleType(f"flatspace_listener_{digest[:12]}_{Path(name).stem}")
        module.__file__ = str(folder / FOLDER / name)
        try:
            exec(compile(data, module.__file__, "exec"), module.__dict__)  # noqa: S102 - allowed by its owner
            register = module.__dict__.get("register") or module.__dict__.get("default")
            if not callable(register):
                raise ListenerError("it defines no register(listener) function")
            register(listener)
        except Exception as exc:  # noqa: BLE001 - the file's fault: said, and left out
            loaded.problems.append(f"{FOLDER}/{name} did not load: {_fault(exc)}")
            continue
        loaded.listeners.append(listener)
    return loaded


def load_installed() -> tuple[list[Listener], list[str]]:
    """The listeners of installed packages (entry point group flatspace.listeners)."""
    out, problems = [], []
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        listener = Listener(f"{ep.name} ({ep.value})")
        try:
            fn = ep.load()
            if not callable(fn):
                raise ListenerError("the entry point is not a function")
            fn(listener)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"listener {ep.name} did not load: {_fault(exc)}")
            continue
        out.append(listener)
    return out, problems


def _fault(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
