"""Remove duplicate records: the key (fields; exact, or ignoring case and spaces), which record
stays (first, last, or the first with its empty fields filled from the others), and a review of
what it would do before anything changes."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QListWidget,
                               QListWidgetItem, QTextBrowser, QVBoxLayout)

from ...domain.records import View
from ..tasks import LatestRead

MATCHES = (("exact", "Exactly the same"), ("loose", "Ignoring case and spaces"))
KEEPS = (("first", "Keep the first"), ("last", "Keep the last"),
         ("merge", "Keep the first, its empty fields filled from the others (where they differ, the first's stay)"))


class DedupeDialog(QDialog):
    def __init__(self, handle, view: View, field: str | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Remove duplicate records — {handle.sheet.name}")
        self.handle, self.view = handle, view
        self.keys = QListWidget(objectName="dedupe-keys")
        self.keys.setMaximumHeight(140)
        for f in handle.fields:
            item = QListWidgetItem(f.label)
            item.setData(Qt.UserRole, f.key)
            item.setCheckState(Qt.Checked if f.key == field else Qt.Unchecked)
            self.keys.addItem(item)
        self.match = QComboBox(objectName="dedupe-match")
        self.keep = QComboBox(objectName="dedupe-keep")
        for box, choices in ((self.match, MATCHES), (self.keep, KEEPS)):
            for key, text in choices:
                box.addItem(text, key)
        self.review = QTextBrowser(objectName="dedupe-review")
        form = QFormLayout()
        form.addRow("Records are the same when:", self.keys)
        form.addRow("Compare:", self.match)
        form.addRow("Of each group:", self.keep)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.remove = buttons.button(QDialogButtonBox.Ok)
        self.remove.setText("Remove duplicates")
        self.remove.setAutoDefault(False)  # Enter in the dialog removes nothing by itself
        self.remove.setDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("What it would do:"))
        layout.addWidget(self.review, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)
        self.reader = LatestRead("Finding duplicates", self)
        self.reader.failed.connect(self._refused)
        self._timer = QTimer(self, singleShot=True, interval=250, timeout=self._preview)
        self.keys.itemChanged.connect(lambda *_a: self._timer.start())
        self.match.currentIndexChanged.connect(lambda *_a: self._timer.start())
        self.keep.currentIndexChanged.connect(lambda *_a: self._timer.start())
        self._preview()

    def choice(self) -> tuple[list[str], str, str]:
        keys = [self.keys.item(i).data(Qt.UserRole) for i in range(self.keys.count())
                if self.keys.item(i).checkState() == Qt.Checked]
        return keys, self.match.currentData(), self.keep.currentData()

    def _preview(self) -> None:
        keys, match, keep = self.choice()
        if not keys:
            return self._refused("Tick the fields that make two records the same.")
        handle, view = self.handle, self.view
        self.review.setPlainText("Reading…")
        self.reader.read(lambda: handle.session().prep.dedupe(handle.sheet_ref, keys, match, keep, view,
                                                              preview=True), self._show)

    def _show(self, plan: dict) -> None:
        lines = [plan["summary"], ""]
        for ex in plan["examples"]:
            merged = f"; fills {', '.join(ex['merged'])}" if ex["merged"] else ""
            lines.append(f"• {' / '.join('(empty)' if k is None else str(k) for k in ex['key'])}: {ex['size']} "
                         f"records; keeps record {ex['kept']}, removes {', '.join(map(str, ex['removed']))}{merged}")
        self.review.setPlainText("\n".join(lines))
        self.remove.setEnabled(plan["remove"] > 0)

    def _refused(self, text: str) -> None:
        self.review.setPlainText(text)
        self.remove.setEnabled(False)

    def done(self, result: int) -> None:
        self._timer.stop()
        self.reader.stop()
        super().done(result)
