"""The facets a sheet's view is narrowed by, shown beside its filters: one button that says
which, and clears them when pressed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QToolButton

from ...domain.records import Facet


MAX_WIDTH = 240  # pixels of text


class FacetChip(QToolButton):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent, objectName="facets", autoRaise=False)
        self.facets: tuple[Facet, ...] = ()
        self.clicked.connect(lambda: self.set_facets(()))
        self.hide()

    def set_facets(self, facets: tuple[Facet, ...]) -> None:
        if facets == self.facets:
            return
        self.facets = tuple(facets)
        text = "; ".join(f.describe() for f in self.facets)
        # Elided: a long pick must not widen the window past the screen
        self.setText(self.fontMetrics().elidedText(text, Qt.ElideRight, MAX_WIDTH) + "  ✕")
        self.setToolTip(f"Showing only the records where {text}. Press to show them all again.")
        self.setVisible(bool(self.facets))
        self.changed.emit()
