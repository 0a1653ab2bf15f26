"""The sheet's table view, with the one behaviour spreadsheets have that Qt's table lacks."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView
from PySide6.QtCore import Qt

_NEXT = {QAbstractItemDelegate.EditNextItem: QAbstractItemView.MoveNext,
         QAbstractItemDelegate.EditPreviousItem: QAbstractItemView.MovePrevious}


class Grid(QTableView):
    """Tab and Shift+Tab leave an editor for the next (previous) cell as in a spreadsheet: the
    value is kept and that cell is selected, not opened. An editor opened by Tab would take the
    keys a person uses to move about (Home, End, arrows) as a new choice for its cell.
    An empty grid says what to do (empty_text: a function of nothing, set by the sheet view)."""

    empty_text = None
    frozen = None  # FrozenColumns, once the sheet view has made it

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.frozen is not None:
            self.frozen.follow()

    def scrollTo(self, index, hint=QAbstractItemView.EnsureVisible) -> None:
        """A cell moved to is never left under the frozen columns."""
        super().scrollTo(index, hint)
        width = self.frozen.frozen_width() if self.frozen is not None else 0
        if width and index.isValid() and self.horizontalHeader().visualIndex(index.column()) >= self.frozen.count:
            x = self.visualRect(index).x()
            if x < width:
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() - (width - x))

    def closeEditor(self, editor, hint) -> None:
        move = _NEXT.get(hint)
        super().closeEditor(editor, QAbstractItemDelegate.NoHint if move is not None else hint)
        if move is not None:
            index = self.moveCursor(move, Qt.NoModifier)
            if index.isValid():
                self.setCurrentIndex(index)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self.empty_text:
            from PySide6.QtGui import QPainter

            p = QPainter(self.viewport())
            p.setPen(self.palette().placeholderText().color())
            p.drawText(self.viewport().rect().adjusted(24, 24, -24, -24), Qt.AlignCenter | Qt.TextWordWrap,
                       self.empty_text())
            p.end()
