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
