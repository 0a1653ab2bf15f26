"""Who is acting. Every service call carries an Actor, and rules are checked here, in the
service layer, so the window, the command line and any other front end obey them alike."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from .errors import AccessDenied


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str = "admin"  # admin | guest

    @property
    def is_admin(self) -> bool:
        return self.kind == "admin"


def local_admin() -> Actor:
    """The person who owns this machine's data: an admin of every Space."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name (some containers): still the owner
        user = "owner"
    return Actor(id=f"admin:{user}", name=user, kind="admin")


def require_admin(actor: Actor, what: str) -> None:
    if not actor.is_admin:
        raise AccessDenied(f"Only an admin may {what}.")
