"""Who is acting. Every service call carries an Actor, and rules are checked here, in the
service layer, so the window, the command line and any other front end obey them alike."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from enum import Enum

from .errors import AccessDenied


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str = "admin"  # admin | guest
    space_id: str | None = None  # a guest's one Space
    workbooks: frozenset | None = None  # granted workbook ids; None with sheets None: the whole Space
    sheets: frozenset | None = None  # granted sheet ids
    read_only: bool = False
    # The hash of the secret the session was opened with: re-issuing the link ends the session.
    link: str | None = field(default=None, repr=False)

    @property
    def is_admin(self) -> bool:
        return self.kind == "admin"

    @property
    def whole_space(self) -> bool:
        return self.workbooks is None and self.sheets is None

    def may_see(self, workbook_id: int, sheet_id: int | None = None) -> bool:
        if self.is_admin or self.whole_space:
            return True
        if self.workbooks and workbook_id in self.workbooks:
            return True
        return sheet_id is not None and bool(self.sheets) and sheet_id in self.sheets


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


class Can(str, Enum):
    """What a write needs the actor to be allowed; each operation names its own."""

    EDIT_RECORDS = "change records"
    ADD_FILES = "add and import files"
    CHANGE_FILES = "rename or delete files"  # a guest: only the ones they added (services.files)
    ADMINISTER = "change the Space"


GUEST_MAY = frozenset({Can.EDIT_RECORDS, Can.ADD_FILES, Can.CHANGE_FILES})  # everything else is an admin's


def check_space(actor: Actor, space_id: str) -> None:
    if not actor.is_admin and actor.space_id != space_id:
        raise AccessDenied("This link opens only the Space it was made for.")


def check_sheet(actor: Actor, space_id: str, workbook_id: int, sheet_id: int, name: str) -> None:
    check_space(actor, space_id)
    if not actor.may_see(workbook_id, sheet_id):
        raise AccessDenied(f"Sheet {name} was not shared with you.")


def check_write(actor: Actor, space_id: str, needs: Can) -> None:
    if actor.is_admin:
        return
    check_space(actor, space_id)
    if needs not in GUEST_MAY:
        raise AccessDenied("Only an admin of this Space may do that.")
    if actor.read_only:
        raise AccessDenied("Your link is read-only: nothing was changed.")
