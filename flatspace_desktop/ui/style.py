"""Light and dark palettes following the system, and the colours the grid uses for messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette


@dataclass(frozen=True)
class CellColours:
    error_bg: QColor
    warn_bg: QColor
    info_bg: QColor
    error_fg: QColor
    match_bg: QColor = field(default_factory=lambda: QColor("#fff1a8"))  # a cell holding the text searched for


def is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return app.palette().window().color().lightness() < 128


def palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        base, window, text, alt, button = "#1e1f24", "#26272d", "#e5e7eb", "#24252b", "#2f3037"
        highlight, disabled = "#6366f1", "#6b7280"
    else:
        base, window, text, alt, button = "#ffffff", "#f5f6f8", "#1f2937", "#f9fafb", "#ffffff"
        highlight, disabled = "#4f46e5", "#9ca3af"
    roles = {
        QPalette.Window: window, QPalette.WindowText: text, QPalette.Base: base, QPalette.AlternateBase: alt,
        QPalette.Text: text, QPalette.Button: button, QPalette.ButtonText: text, QPalette.ToolTipBase: base,
        QPalette.ToolTipText: text, QPalette.Highlight: highlight, QPalette.HighlightedText: "#ffffff",
        QPalette.PlaceholderText: disabled, QPalette.Link: highlight,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.Text, QPalette.WindowText, QPalette.ButtonText):
        p.setColor(QPalette.Disabled, role, QColor(disabled))
    return p


def apply(app) -> None:
    """Fusion, with a palette for the system's current scheme; again whenever it changes."""
    app.setStyle("Fusion")

    def follow(*_args) -> None:
        scheme = app.styleHints().colorScheme()
        app.setPalette(palette(scheme == Qt.ColorScheme.Dark))
        from .icons import forget_tints

        forget_tints()

    follow()
    app.styleHints().colorSchemeChanged.connect(follow)
