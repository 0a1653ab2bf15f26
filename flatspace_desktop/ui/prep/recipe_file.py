"""Reading a recipe file the person picked: one line for a file that cannot be read or is not a
recipe, for Data ▸ Apply recipe and for the import dialog's "Then prepare with"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from ...domain.errors import FlatspaceError
from ...domain.prep.recipes import Recipe


def open_recipe(parent, title: str, path: str | None = None) -> tuple[str, Recipe] | None:
    """(the file's path, its recipe), or None when the person chose none or it was refused."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, title, "", "Recipes (*.json);;All files (*)")
    if not path:
        return None
    try:
        return path, Recipe.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        QMessageBox.warning(parent, title, f"Could not read {path}: {exc}")
    except FlatspaceError as exc:
        QMessageBox.warning(parent, title, f"{Path(path).name}: {exc}")
    return None


def listing(recipe: Recipe) -> str:
    return "\n".join(f"{i}. {s.details()}" for i, s in enumerate(recipe.steps, 1))
