"""One record at a time: every field with its value and its messages, and Next / Previous
through the records in view (the grid follows, so closing leaves the person where they were)."""

from __future__ import annotations

import html

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTextBrowser, QVBoxLayout

from ...domain.cells import display_text


class RecordForm(QDialog):
    def __init__(self, view, parent=None):
        super().__init__(parent)
        self.view = view
        self.where = QLabel(objectName="form-where")
        self.body = QTextBrowser(objectName="form-body")
        self.prev = QPushButton("Previous", shortcut=QKeySequence("Alt+Left"), autoDefault=False)
        self.next = QPushButton("Next", shortcut=QKeySequence("Alt+Right"), autoDefault=False)
        self.prev.clicked.connect(lambda: self.go(-1))
        self.next.clicked.connect(lambda: self.go(1))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(self.prev, QDialogButtonBox.ActionRole)
        buttons.addButton(self.next, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)
        self.resize(560, 620)
        current = view.table.currentIndex()
        self.row = current.row() if current.isValid() else 0
        self.show_row()

    def go(self, step: int) -> None:
        self.row = max(0, min(self.view.model.rowCount() - 1, self.row + step))
        table = self.view.table
        col = max(0, table.currentIndex().column())
        table.setCurrentIndex(self.view.model.index(self.row, col))
        self.show_row()

    def show_row(self) -> None:
        model = self.view.model
        n = model.rowCount()
        self.setWindowTitle(f"Record form — {self.view.handle.sheet.name}")
        if not n:
            self.where.setText("No records in view.")
            self.body.clear()
            self.prev.setEnabled(False)
            self.next.setEnabled(False)
            return
        row = model.record_row(self.row)
        self.where.setText(f"Record {row.rid} · {self.row + 1:,} of {n:,} in view"
                           + (f" · {row.n_err} with errors" if row.n_err else ""))
        parts = ["<table cellspacing=0 cellpadding=4 width='100%'>"]
        for f in model.fields:
            value = row.values.get(f.key)
            text = html.escape(display_text(f, value)) if value is not None else "<i style='color:gray'>empty</i>"
            msgs = "".join(f"<br><span style='color:{'#c0392b' if m['type'] == 'error' else '#b7791f'}'>"
                           f"{html.escape(m['type'])}: {html.escape(m['message'])}</span>"
                           for m in row.messages.get(f.key, []))
            parts.append(f"<tr><td valign=top width='35%'><b>{html.escape(f.label)}</b></td>"
                         f"<td valign=top>{text}{msgs}</td></tr>")
        self.body.setHtml("".join(parts) + "</table>")
        self.prev.setEnabled(self.row > 0)
        self.next.setEnabled(self.row < n - 1)
