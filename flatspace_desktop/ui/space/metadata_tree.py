"""JSON as an editable key/value tree: objects and lists open into their members; a value typed
in is read as JSON when it is JSON (42, true, null, "text") and kept as text otherwise."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTreeView, QVBoxLayout, QWidget

KIND = Qt.UserRole + 1  # "object" | "list" | "value"


def _value_text(v: Any) -> str:
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # kept as the text typed; the Space refuses deep nesting
        return text


class JsonTree(QWidget):
    edited = Signal(object)  # the whole value, after any edit in the tree

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels(["Key", "Value"])
        self.view = QTreeView(objectName="metadata-tree")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setColumnWidth(0, 220)
        add = QPushButton("Add key", objectName="metadata-add", clicked=self.add_key)
        remove = QPushButton("Remove", objectName="metadata-remove", clicked=self.remove)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self._loading = False
        self.model.itemChanged.connect(self._changed)

    def set_value(self, value: dict) -> None:
        self._loading = True
        self.model.removeRows(0, self.model.rowCount())
        for k, v in value.items():
            self.model.appendRow(self._row(str(k), v))
        self.view.expandAll()
        self._loading = False

    def _row(self, key: str, value: Any) -> list[QStandardItem]:
        k = QStandardItem(key)
        if isinstance(value, dict):
            k.setData("object", KIND)
            for ck, cv in value.items():
                k.appendRow(self._row(str(ck), cv))
            v = QStandardItem("{…}")
            v.setEditable(False)
        elif isinstance(value, list):
            k.setData("list", KIND)
            for i, cv in enumerate(value):
                child = self._row(str(i), cv)
                child[0].setEditable(False)
                k.appendRow(child)
            v = QStandardItem("[…]")
            v.setEditable(False)
        else:
            k.setData("value", KIND)
            v = QStandardItem(_value_text(value))
        return [k, v]

    def value(self) -> dict:
        return self._collect(self.model.invisibleRootItem(), "object")

    def _collect(self, parent: QStandardItem, kind: str):
        items = []
        for r in range(parent.rowCount()):
            key, val = parent.child(r, 0), parent.child(r, 1)
            k = key.data(KIND)
            v = self._collect(key, k) if k in ("object", "list") else _parse(val.text())
            items.append((key.text(), v))
        return [v for _, v in items] if kind == "list" else dict(items)

    def _changed(self, _item) -> None:
        if not self._loading:
            self.edited.emit(self.value())

    def add_key(self) -> None:
        index = self.view.currentIndex()
        current = self.model.itemFromIndex(index.siblingAtColumn(0)) if index.isValid() else None
        parent = current if current is not None and current.data(KIND) == "object" else self.model.invisibleRootItem()
        taken = {parent.child(r, 0).text() for r in range(parent.rowCount())}
        name, n = "newKey", 2
        while name in taken:
            name, n = f"newKey{n}", n + 1
        self._loading = True
        parent.appendRow(self._row(name, ""))
        self._loading = False
        self.view.setCurrentIndex(parent.child(parent.rowCount() - 1, 0).index())
        self.view.edit(self.view.currentIndex())
        self.edited.emit(self.value())

    def remove(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.removeRow(index.row(), index.parent())
            self.edited.emit(self.value())
