"""The import dialog's "Then prepare with": a recipe whose steps run on the records the import
brings (each its own undo step), as `flatspace import --recipe` does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox

from ..prep.recipe_file import listing, open_recipe

NONE, CHOOSE = "Nothing: import only", "A recipe file…"


class RecipeChoice(QComboBox):
    chosen = Signal(object)  # a Recipe, just picked (its mapping may map the file)

    def __init__(self, parent=None):
        super().__init__(parent, objectName="import-recipe")
        self.addItem(NONE, None)
        self.addItem(CHOOSE, None)
        self.setToolTip("A saved recipe (Data ▸ Save recipe…) to run on the records this import brings")
        self.activated.connect(self._activated)

    def recipe(self):
        return self.currentData()

    def choose(self, path: str | None = None) -> None:
        """Pick a recipe file (asked for when path is None); a refused one leaves the choice as it was."""
        chosen = open_recipe(self.window(), "Then prepare with", path)
        if chosen is None or not chosen[1].steps:
            self.setCurrentIndex(0 if chosen is None or self.currentIndex() == 1 else self.currentIndex())
            return
        path, recipe = chosen
        self.insertItem(self.count() - 1, f"{Path(path).name}: {len(recipe.steps)} step{'s' if len(recipe.steps) != 1 else ''}", recipe)
        self.setCurrentIndex(self.count() - 2)
        self.setToolTip(f"Runs on the records this import brings:\n{listing(recipe)}")
        self.chosen.emit(recipe)

    def _activated(self, index: int) -> None:
        if index == self.count() - 1:  # "A recipe file…"
            self.choose()
