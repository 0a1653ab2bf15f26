"""The sheet's table view, with the one behaviour spreadsheets have that Qt's table lacks."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView
from PySide6.QtCore import Qt

_NEXT = {QAbstractItemDelegate.EditNextItem: QAbstractItemView.MoveNext,
         QAbstractItemDelegate.EditPreviousItem: QAbstractItemView.MovePrevious}


class Grid(QTableView):
    """Tab and Shift+Tab leave an editor for the next (previous) cell as in a spreadsheet: the
    value is kept and that cell is selected, not opened. An editor opened by Tab would take the
    keys a person uses to move about (Home, End, arrows) as a new choice for its cell."""

    def closeEditor(self, editor, hint) -> None:
        move = _NEXT.get(hint)
        super().closeEditor(editor, QAbstractItemDelegate.NoHint if move is not None else hint)
        if move is not None:
            index = self.moveCursor(move, Qt.NoModifier)
            if index.isValid():
                self.setCurrentIndex(index)
