"""Preferences: how dates and numbers a file leaves open are read, the cell texts that mean "no
value" on import, the colour scheme, and (for the open Space) how long snapshots are kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QLineEdit,
                               QMessageBox, QSpinBox, QVBoxLayout)

from ..domain.errors import FlatspaceError
from ..domain.importing.tokens import DEFAULT_MISSING, TokenListError, format_missing, parse_missing
from .settings import COLOURS, READING_LOCALES

SCHEMES = {"system": Qt.ColorScheme.Unknown, "light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
RETENTION = (("keepAllHours", "Keep every snapshot for", " hours"), ("dailyDays", "then one a day for", " days"),
             ("weeklyWeeks", "then one a week for", " weeks"))


def can_choose_colours() -> bool:
    return hasattr(QGuiApplication.styleHints(), "setColorScheme")  # Qt 6.8 and later


def apply_colours(choice: str) -> None:
    """Light, dark, or the system's: asked of Qt, and the palette set here too (a platform that
    never reports a scheme, such as a Linux desktop without a theme portal, would not change it)."""
    from . import style
    from .icons import forget_tints

    hints = QGuiApplication.styleHints()
    if not can_choose_colours():
        return
    if choice == "system":
        hints.unsetColorScheme()
        dark = hints.colorScheme() == Qt.ColorScheme.Dark
    else:
        hints.setColorScheme(SCHEMES[choice])
        dark = choice == "dark"
    app = QGuiApplication.instance()
    if app is not None:
        app.setPalette(style.palette(dark))
        forget_tints()


class PreferencesDialog(QDialog):
    def __init__(self, settings, session=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.settings, self.session = settings, session
        self.reading = QComboBox(objectName="pref-reading")
        for key, text in READING_LOCALES.items():
            self.reading.addItem(text, key)
        self.reading.setCurrentIndex(max(0, self.reading.findData(settings.reading_locale())))
        tokens = settings.missing_tokens()
        self.missing = QLineEdit(format_missing(DEFAULT_MISSING) if tokens is None else tokens,
                                 objectName="pref-missing")
        self.missing_error = QLabel(objectName="pref-missing-error")
        self.missing.textChanged.connect(self._check)
        self.colours = QComboBox(objectName="pref-colours")
        for key, text in COLOURS.items():
            self.colours.addItem(text, key)
        self.colours.setCurrentIndex(max(0, self.colours.findData(settings.colours())))
        form = QFormLayout()
        form.addRow("Dates and numbers a file leaves open:", self.reading)
        form.addRow("Missing values on import:", self.missing)
        form.addRow("", self.missing_error)
        if can_choose_colours():
            form.addRow("Colours:", self.colours)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.retention: dict[str, QSpinBox] = {}
        if session is not None and session.actor.is_admin:
            box = QGroupBox(f"Snapshots of {session.info(counts=False)['name']}")
            rform = QFormLayout(box)
            policy = session.history.retention()
            for key, label, unit in RETENTION:
                spin = QSpinBox(minimum=0, maximum=9999, suffix=unit, value=policy[key], objectName=f"pref-{key}")
                self.retention[key] = spin
                rform.addRow(label, spin)
            layout.addWidget(box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check()

    def _check(self) -> None:
        try:
            parse_missing(self.missing.text())
            self.missing_error.setText("")
            ok = True
        except TokenListError as exc:
            self.missing_error.setText(str(exc))
            ok = False
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)

    def accept(self) -> None:
        text = self.missing.text()
        tokens = None if parse_missing(text) == tuple(DEFAULT_MISSING) else text
        self.settings.set_preferences(self.reading.currentData(), tokens, self.colours.currentData())
        apply_colours(self.colours.currentData())
        if self.retention:
            policy = {k: spin.value() for k, spin in self.retention.items()}
            if policy != self.session.history.retention():
                try:
                    self.session.history.set_retention(**policy)
                except FlatspaceError as exc:
                    QMessageBox.warning(self, "Preferences", str(exc))
                    return
        super().accept()
