"""A form for a preparation step's parameters, made from the step's own dataclass: a check box
for a yes/no, a number box for a count, a list for a choice, a line for text."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from ...domain.prep.dates import ORDERS
from ...domain.prep.transforms import CASES

CHOICES = {"case": CASES, "order": ORDERS}
LABELS = {"max_parts": "Parts at most (0: all)", "skip_empty": "Skip empty values", "ignore_case": "Ignore case",
          "regex": "Separator is a regular expression", "collapse": "Collapse inner spaces",
          "trim": "Trim each part", "count": "Replacements per cell (0: all)",
          "group": "Group (number or name; empty: the first)", "format": 'Format ("iso" or like %d.%m.%Y)',
          "order": "Read dates as", "value": "Value",
          "keep_unmatched": "Keep a value the pattern does not match (else it is emptied)"}


class ParamsForm(QWidget):
    changed = Signal()

    def __init__(self, cls, parent=None):
        super().__init__(parent)
        self.cls = cls
        self.editors: dict[str, tuple[str, QWidget]] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if not f.init:
                continue
            default = None if f.default is dataclasses.MISSING else f.default
            kind, editor = self._editor(f.name, hints[f.name], default)
            editor.setObjectName(f"param-{f.name}")
            self.editors[f.name] = (kind, editor)
            label = LABELS.get(f.name, f.name.replace("_", " ").capitalize())
            form.addRow("" if kind == "bool" else label + ":", editor)

    def _editor(self, name: str, hint, default) -> tuple[str, QWidget]:
        if name in CHOICES:
            box = QComboBox()
            box.addItems(list(CHOICES[name]))
            if default in CHOICES[name]:
                box.setCurrentText(default)
            box.currentIndexChanged.connect(self.changed)
            return "choice", box
        if hint is bool:
            box = QCheckBox(LABELS.get(name, name.replace("_", " ").capitalize()), checked=bool(default))
            box.toggled.connect(self.changed)
            return "bool", box
        if hint is int:
            spin = QSpinBox(minimum=0, maximum=10_000, value=int(default or 0))
            spin.valueChanged.connect(self.changed)
            return "int", spin
        line = QLineEdit("" if default is None else str(default))
        line.textChanged.connect(self.changed)
        return ("group" if name == "group" else "text"), line

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, (kind, editor) in self.editors.items():
            if kind == "choice":
                out[name] = editor.currentText()
            elif kind == "bool":
                out[name] = editor.isChecked()
            elif kind == "int":
                out[name] = editor.value()
            elif kind == "group":
                text = editor.text().strip()
                if text:
                    out[name] = int(text) if text.isdigit() else text
            else:
                out[name] = editor.text()
        return out
