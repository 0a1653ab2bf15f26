"""What the window remembers between runs: geometry, the last Space, recent Spaces."""

from __future__ import annotations

from PySide6.QtCore import QSettings

RECENT_MAX = 8


class WindowSettings:
    def __init__(self, settings: QSettings | None = None):
        self.q = settings or QSettings("Flatspace", "Flatspace Desktop")

    def recent(self) -> list[str]:
        value = self.q.value("spaces/recent", [])
        if isinstance(value, str):
            value = [value]
        return [v for v in (value or []) if isinstance(v, str)]

    def remember_space(self, space_id: str) -> None:
        recent = [space_id] + [s for s in self.recent() if s != space_id]
        self.q.setValue("spaces/recent", recent[:RECENT_MAX])
        self.q.setValue("spaces/last", space_id)

    def forget_space(self, space_id: str) -> None:
        self.q.setValue("spaces/recent", [s for s in self.recent() if s != space_id])
        if self.last_space() == space_id:
            self.q.remove("spaces/last")

    def last_space(self) -> str | None:
        value = self.q.value("spaces/last")
        return value if isinstance(value, str) and value else None

    def save_geometry(self, window) -> None:
        self.q.setValue("window/geometry", window.saveGeometry())
        self.q.setValue("window/state", window.saveState())

    def restore_geometry(self, window) -> bool:
        geometry = self.q.value("window/geometry")
        if geometry is None:
            return False
        window.restoreGeometry(geometry)
        state = self.q.value("window/state")
        if state is not None:
            window.restoreState(state)
        return True

    def sync(self) -> None:
        self.q.sync()


def guest_settings() -> WindowSettings:
    """A guest's session remembers nothing of the owner's (recent Spaces, last Space)."""
    import tempfile

    return WindowSettings(QSettings(tempfile.mktemp(prefix="flatspace-guest-", suffix=".ini"), QSettings.IniFormat))
