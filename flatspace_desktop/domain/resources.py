"""Files shipped in resources/: found inside an installed package or in a source checkout."""

from __future__ import annotations

from pathlib import Path


def resource_path(name: str) -> Path:
    try:
        from importlib.resources import files

        candidate = Path(str(files("flatspace_desktop.resources") / name))
        if candidate.exists():
            return candidate
    except (ModuleNotFoundError, TypeError):
        pass
    checkout = Path(__file__).resolve().parents[2] / "resources" / name
    if checkout.exists():
        return checkout
    raise FileNotFoundError(f"resource {name} is missing from this installation")
