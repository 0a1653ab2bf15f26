"""Small pieces the import dialog's pages share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem


def item(text: str) -> QTableWidgetItem:
    """A read-only cell."""
    cell = QTableWidgetItem(text)
    cell.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
    return cell


def esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
