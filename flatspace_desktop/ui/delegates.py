"""Cell editors fit for each field type: text, number, date picker, enum and reference lists.
Booleans are check boxes in the model itself (CheckStateRole), toggled by click or Space."""

from __future__ import annotations

from PySide6.QtCore import QDate, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QCompleter, QDateEdit, QLineEdit, QStyledItemDelegate

from .sheet_model import STORED_ROLE

NUMBER_RE = QRegularExpression(r"^\s*[+-]?(\d{1,3}(,\d{3})+|\d*)(\.\d*)?([eE][+-]?\d+)?\s*$")


class CellDelegate(QStyledItemDelegate):
    def __init__(self, model, parent=None):
        super().__init__(parent)
        self.model = model

    def _field(self, index):
        return self.model.fields[index.column()]

    def createEditor(self, parent, option, index):
        f = self._field(index)
        if f.type == "number":
            editor = QLineEdit(parent)
            editor.setValidator(QRegularExpressionValidator(NUMBER_RE, editor))
            return editor
        if f.type == "date":
            editor = QDateEdit(parent)
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("yyyy-MM-dd")
            return editor
        if f.type == "enum":
            editor = QComboBox(parent)
            editor.setEditable(f.allow_custom)
            editor.addItem("", None)
            for o in f.options:
                editor.addItem(o.label if o.label == str(o.value) else f"{o.label} ({o.value})", o.value)
            return editor
        if f.type == "reference":
            editor = QComboBox(parent)
            editor.setEditable(True)
            editor.addItems([""] + self.model.handle.reference_keys(f.key))
            editor.completer().setCompletionMode(QCompleter.PopupCompletion)
            editor.completer().setFilterMode(Qt.MatchContains)
            return editor
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index):
        f = self._field(index)
        stored = index.data(STORED_ROLE)
        if isinstance(editor, QDateEdit):
            d = QDate.fromString(str(stored), "yyyy-MM-dd") if stored else QDate()
            editor.setDate(d if d.isValid() else QDate.currentDate())
        elif isinstance(editor, QComboBox) and f.type == "enum":
            pos = editor.findData(stored)
            if pos >= 0:
                editor.setCurrentIndex(pos)
            elif f.allow_custom and stored is not None:
                editor.setEditText(str(stored))
        elif isinstance(editor, QComboBox):
            editor.setEditText("" if stored is None else str(stored))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        f = self._field(index)
        if isinstance(editor, QDateEdit):
            model.setData(index, editor.date().toString("yyyy-MM-dd"))
        elif isinstance(editor, QComboBox) and f.type == "enum":
            value = editor.currentData()
            if f.allow_custom and editor.currentText() != editor.itemText(editor.currentIndex()):
                value = editor.currentText()
            model.setData(index, "" if value is None else value)
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentText().strip())
        else:
            super().setModelData(editor, model, index)
