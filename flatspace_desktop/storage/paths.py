"""Where data lives: --data-dir, else $FLATSPACE_HOME, else the platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "FLATSPACE_HOME"
SERVER_VAR = "FLATSPACE_SERVER"  # a PostgreSQL address: new Spaces are Team Spaces on it


def data_root(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir("Flatspace", appauthor=False))


def default_server(explicit: str | None = None) -> str | None:
    """Where new Spaces are made: the address given, else $FLATSPACE_SERVER, else this computer (None)."""
    return explicit or os.environ.get(SERVER_VAR) or None
