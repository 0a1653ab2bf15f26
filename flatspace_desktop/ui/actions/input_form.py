"""An action's input form (Flatfile's InputForm): a field per input, of its type (text, long
text, number, yes/no, a choice), with its default; required ones marked. OK checks the values
as the job will get them and says in one line what is wrong."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout)

from ...domain.actions import Action
from ...domain.errors import InvalidInput


class InputForm(QDialog):
    def __init__(self, action: Action, parent=None):
        super().__init__(parent)
        self.action = action
        self.setWindowTitle(action.label)
        self.values: dict = {}
        self.editors: dict = {}
        layout = QVBoxLayout(self)
        if action.description:
            layout.addWidget(QLabel(action.description, wordWrap=True))
        form = QFormLayout()
        for f in action.inputs:
            editor = self._editor(f)
            editor.setObjectName(f"input-{f.key}")
            if f.description:
                editor.setToolTip(f.description)
            self.editors[f.key] = editor
            form.addRow(f"{f.label}{' *' if f.required else ''}:", editor)
        layout.addLayout(form)
        self.problem = QLabel(objectName="input-problem", wordWrap=True)
        self.problem.setStyleSheet("color: #dc2626")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Run")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _editor(f):
        if f.type == "boolean":
            box = QCheckBox()
            box.setChecked(bool(f.default))
            return box
        if f.type == "enum":
            combo = QComboBox()
            if not f.required:
                combo.addItem("", None)
            for value, label in f.options:
                combo.addItem(label, value)
            if f.default is not None:
                combo.setCurrentIndex(max(0, combo.findData(f.default)))
            return combo
        if f.type == "textarea":
            edit = QPlainTextEdit("" if f.default is None else str(f.default))
            edit.setMaximumHeight(90)
            return edit
        return QLineEdit("" if f.default is None else str(f.default))

    def given(self) -> dict:
        out = {}
        for f in self.action.inputs:
            e = self.editors[f.key]
            if isinstance(e, QCheckBox):
                out[f.key] = e.isChecked()
            elif isinstance(e, QComboBox):
                out[f.key] = e.currentData()
            elif isinstance(e, QPlainTextEdit):
                out[f.key] = e.toPlainText()
            else:
                out[f.key] = e.text()
        return out

    def _accept(self) -> None:
        try:
            self.values = self.action.check_input(self.given())
        except InvalidInput as exc:
            self.problem.setText(str(exc))
            return
        self.accept()
