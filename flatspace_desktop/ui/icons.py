"""Icons from resources/icons, tinted to the palette so they read in light and dark schemes."""

from __future__ import annotations

import weakref
from functools import lru_cache

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from ..domain.resources import resource_path

BASE_COLOUR = "#1f2937"


def _text_colour() -> str:
    app = QGuiApplication.instance()
    return app.palette().windowText().color().name() if app else BASE_COLOUR


def _add_tinted(icon: QIcon, name: str, colour: str, mode: QIcon.Mode) -> None:
    svg = resource_path(f"icons/{name}.svg").read_text(encoding="utf-8").replace(BASE_COLOUR, colour)
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    for size in (16, 20, 24, 32, 48):
        pm = QPixmap(size, size)
        pm.fill(Qt.transparent)
        painter = QPainter(pm)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pm, mode)


@lru_cache(maxsize=256)
def _icon(name: str, colour: str, selected: str | None) -> QIcon:
    icon = QIcon()
    _add_tinted(icon, name, colour, QIcon.Normal)
    if selected:  # drawn on a selected row's own background
        _add_tinted(icon, name, selected, QIcon.Selected)
    return icon


def icon(name: str, colour: str | None = None, selected: str | None = None) -> QIcon:
    """An icon tinted `colour`, by default the desktop's text colour. A surface with colours of
    its own (the themed sidebar) passes its text colour, and `selected` for its selected rows."""
    return _icon(name, colour or _text_colour(), selected)


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons/flatspace.svg")))


_themed: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def themed(target, name: str):
    """Give an action or button an icon that follows the light/dark scheme; returns target."""
    target.setIcon(icon(name))
    _themed[target] = name
    return target


def forget_tints() -> None:
    """The scheme changed: tint again every icon handed out through themed()."""
    _icon.cache_clear()
    for target, name in list(_themed.items()):
        try:
            target.setIcon(icon(name))
        except RuntimeError:  # the Qt object is gone
            pass
