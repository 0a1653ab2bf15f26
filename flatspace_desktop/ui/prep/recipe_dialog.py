"""The sheet's recipe: its preparation steps in the order they were made (those undone are not
in it), each with who made it and when, and the JSON a saved recipe holds."""

from __future__ import annotations

import json

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPlainTextEdit,
                               QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout)
from PySide6.QtCore import Qt


class RecipeDialog(QDialog):
    def __init__(self, handle, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Recipe — {handle.sheet.name}")
        self.steps = handle.session().prep.recipe_steps(handle.sheet_ref)
        self.table = QTableWidget(len(self.steps), 3, objectName="recipe-steps")
        self.table.setHorizontalHeaderLabels(["Step", "By", "At"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        for c in (1, 2):
            self.table.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeToContents)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        for r, step in enumerate(self.steps):
            for c, text in enumerate((step["label"], handle.who(step["actor"]), step["at"][:19].replace("T", " "))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.detail = QPlainTextEdit(readOnly=True, objectName="recipe-json")
        self.table.currentCellChanged.connect(lambda row, *_a: self._show(row))
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(self.steps)} steps: Data ▸ Save recipe… keeps them as a file, "
                                "Data ▸ Apply recipe… runs a file's steps on a sheet." if self.steps else
                                "No preparation steps yet. Transforms, merges of clusters, duplicates removed, "
                                "find and replace and bulk edits of a view each become a step here."))
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(640, 480)
        if self.steps:
            self.table.setCurrentCell(0, 0)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.steps):
            self.detail.setPlainText(json.dumps(self.steps[row]["step"], ensure_ascii=False, indent=2))
