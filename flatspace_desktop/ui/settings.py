"""What the window remembers between runs: geometry, the last Space, recent Spaces and files,
and the person's preferences (how ambiguous dates and numbers read, missing-value tokens,
the colour scheme)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

RECENT_MAX = 8
# What the values of a column leave open (07/01/1967, 1,234): "" reads it as this computer does
READING_LOCALES = {"": "As this computer writes them", "en_US": "Month first, 1,234.5 (United States)",
                   "en_GB": "Day first, 1,234.5 (United Kingdom)", "de_DE": "Day first, 1.234,5 (Germany)",
                   "fr_FR": "Day first, 1 234,5 (France)", "ja_JP": "Year first, 1,234.5 (Japan)"}
COLOURS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


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

    # ---- recent files (imported from disk)
    def recent_files(self) -> list[str]:
        value = self.q.value("files/recent", [])
        value = [value] if isinstance(value, str) else value
        return [v for v in (value or []) if isinstance(v, str) and v]

    def remember_files(self, paths: list[str]) -> None:
        recent = list(dict.fromkeys([*paths, *self.recent_files()]))
        self.q.setValue("files/recent", recent[:RECENT_MAX])

    def forget_file(self, path: str) -> None:
        self.q.setValue("files/recent", [p for p in self.recent_files() if p != path])

    # ---- preferences
    def _pref(self, key: str, default: str, choices=None) -> str:
        value = self.q.value(f"preferences/{key}", default)
        return value if isinstance(value, str) and (choices is None or value in choices) else default

    def reading_locale(self) -> str:
        """How dates and numbers a file leaves open are read: a locale name, "" for this computer's."""
        return self._pref("readingLocale", "", READING_LOCALES)

    def missing_tokens(self) -> str | None:
        """The import's missing-value tokens as the person wrote them; None: the default ones."""
        value = self.q.value("preferences/missingTokens")
        return value if isinstance(value, str) else None

    def colours(self) -> str:
        return self._pref("colours", "system", COLOURS)

    def set_preferences(self, reading_locale: str, missing_tokens: str | None, colours: str) -> None:
        self.q.setValue("preferences/readingLocale", reading_locale)
        if missing_tokens is None:
            self.q.remove("preferences/missingTokens")
        else:
            self.q.setValue("preferences/missingTokens", missing_tokens)
        self.q.setValue("preferences/colours", colours)


def guest_settings() -> WindowSettings:
    """A guest's session remembers nothing of the owner's (recent Spaces, last Space)."""
    import tempfile

    return WindowSettings(QSettings(tempfile.mktemp(prefix="flatspace-guest-", suffix=".ini"), QSettings.IniFormat))
