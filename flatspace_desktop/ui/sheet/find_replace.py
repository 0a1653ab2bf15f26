"""Find and replace over one field or every field, in the current view or the whole sheet.
The number of cells that would change is shown live; Replace all is one undoable step."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QVBoxLayout)

from ...domain.errors import FlatspaceError
from ...domain.records import View


class FindReplaceDialog(QDialog):
    def __init__(self, handle, view: View, field: str | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Find and replace")
        self.handle, self.view = handle, view
        self.find = QLineEdit()
        self.replace = QLineEdit()
        self.field = QComboBox()
        self.field.addItem("All editable fields", None)
        for f in handle.fields:
            if f.editable:
                self.field.addItem(f.label, f.key)
        if field:
            self.field.setCurrentIndex(max(0, self.field.findData(field)))
        self.scope = QComboBox()
        self.scope.addItem("Records in the current view", "view")
        self.scope.addItem("Every record of the sheet", "sheet")
        self.match_case = QCheckBox("Match case")
        self.whole = QCheckBox("Whole cell only")
        self.preview = QLabel(" ")
        form = QFormLayout()
        form.addRow("Find:", self.find)
        form.addRow("Replace with:", self.replace)
        form.addRow("In:", self.field)
        form.addRow("Records:", self.scope)
        form.addRow("", self.match_case)
        form.addRow("", self.whole)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.apply = self.buttons.addButton("Replace all", QDialogButtonBox.AcceptRole)
        self.apply.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.changes: dict[int, dict[str, str]] = {}
        self._timer = QTimer(self, singleShot=True, interval=200, timeout=self._update)
        for w in (self.find, self.replace):
            w.textChanged.connect(self._timer.start)
        for w in (self.field, self.scope):
            w.currentIndexChanged.connect(self._timer.start)
        for w in (self.match_case, self.whole):
            w.toggled.connect(self._timer.start)

    def _update(self) -> None:
        self.changes = {}
        if not self.find.text():
            self.preview.setText(" ")
            self.apply.setEnabled(False)
            return
        view = self.view if self.scope.currentData() == "view" else View()
        try:
            self.changes = self.handle.preview_replace(self.find.text(), self.replace.text(),
                                                       self.field.currentData(), self.match_case.isChecked(),
                                                       self.whole.isChecked(), view)
        except FlatspaceError as exc:
            self.preview.setText(str(exc))
            self.apply.setEnabled(False)
            return
        cells = sum(len(c) for c in self.changes.values())
        self.preview.setText(f"{cells} cell{'s' if cells != 1 else ''} in {len(self.changes)} "
                             f"record{'s' if len(self.changes) != 1 else ''} will change." if cells else "No match.")
        self.apply.setEnabled(bool(cells))

    def refresh_now(self) -> None:
        self._timer.stop()
        self._update()
