"""The end of a guest's session in the window. When a guest's link stops working (revoked,
expired, removed), the window closes the Space and says why, whichever action met the refusal:
F5 and the pane's periodic check handle it themselves; for any other slot, a refusal nobody
caught is routed here by sys.excepthook instead of printing a traceback."""

from __future__ import annotations

import html
import sys

from PySide6.QtWidgets import QApplication

from ..domain.errors import AccessDenied
from .space.section_views import EmptyState


def ended_view(message: str) -> EmptyState:
    """What a guest's window shows once their link no longer opens the Space."""
    view = EmptyState("users", "This link is no longer valid",
                      f"{html.escape(message)}<br><br>Nothing of the Space is shown here any more; what was "
                      "saved before stays saved. Close this window, or open the new link you are sent.")
    view.setObjectName("link-ended")
    return view


def end_refused_sessions() -> bool:
    """End every guest window whose link no longer opens its Space; True if there was one."""
    ended = False
    for w in QApplication.topLevelWidgets():
        pane = getattr(w, "pane", None)
        if not getattr(w, "guest", False) or pane is None:
            continue
        try:
            w.fs.open(w.actor, pane.space_id)
        except AccessDenied as exc:
            w.end_session(str(exc))
            ended = True
    return ended


def install_hook() -> None:
    """Catch, in every window of this process, the refusals that end a guest's session. Any
    other exception goes on to the hook that was there (a bug must still be seen)."""
    if getattr(sys.excepthook, "ends_guest_sessions", False):
        return
    previous = sys.excepthook

    def hook(kind, value, tb):
        if isinstance(value, AccessDenied) and end_refused_sessions():
            return
        previous(kind, value, tb)

    hook.ends_guest_sessions = True
    sys.excepthook = hook
