"""An edit of a cell someone else changed since the grid read it (another desktop on a Team
Space, another window, the command line): the service wrote nothing, and the person decides,
seeing both values: keep theirs (what the grid now shows), or put theirs aside for their own.
Never an overwrite they did not choose."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from ...domain.errors import EditConflict


def settle(view, conflict: EditConflict, changes: dict, label: str | None, expect: dict | None) -> None:
    view.message.emit(f"Not changed: {conflict}")
    # After the editor's commit has finished: a dialog's event loop inside it would let a
    # refresh delete that editor under Qt's feet (as SheetView._refused does).
    QTimer.singleShot(0, view, lambda: _ask(view, conflict, changes, label, expect))


def mine_or_theirs(parent, text: str, informative: str, name: str) -> bool:
    """Ask whether to keep someone else's change or use one's own over it: True for mine
    (Keep theirs is the default, and Escape)."""
    box = QMessageBox(QMessageBox.Warning, "Changed by someone else", text[:1].upper() + text[1:], parent=parent)
    box.setObjectName(name)
    box.setInformativeText(informative)
    mine = box.addButton("Use mine", QMessageBox.AcceptRole)
    theirs = box.addButton("Keep theirs", QMessageBox.RejectRole)
    box.setDefaultButton(theirs)
    box.setEscapeButton(theirs)
    box.exec()
    return box.clickedButton() is mine


def _ask(view, conflict: EditConflict, changes: dict, label: str | None, expect: dict | None) -> None:
    cells = [(rid, key) for rid, keys in conflict.cells.items() for key in keys]
    if len(cells) == 1 and isinstance(changes.get(cells[0][0], {}).get(cells[0][1]), str):
        typed = changes[cells[0][0]][cells[0][1]]
        yours = f'your "{typed}" replaces it' if typed else "the cell is cleared, as you asked"
    else:
        yours = "your values replace theirs"
    if not mine_or_theirs(view.window(), str(conflict), "Keep theirs: the cell stays as it is now (the grid shows "
                          f"it). Use mine: {yours}.", "edit-conflict"):
        view.message.emit("Kept the value someone else saved")
        return
    # Over what is there now, and only that: a third change meanwhile is caught again.
    now = {rid: {**(expect or {}).get(rid, {}), **cells} for rid, cells in conflict.cells.items()}
    view.save_cells(changes, label, {**(expect or {}), **now})
