"""Cluster and merge: near-identical values of a column (key collision or nearest neighbour),
each cluster with its values and counts; tick those to merge, type the value they become, and
merge them all in one undoable step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout)

from ...domain.records import View
from ..tasks import LatestRead

METHODS = (("fingerprint", "Key collision: fingerprint"), ("ngram", "Key collision: n-gram"),
           ("phonetic", "Key collision: sounds alike"), ("levenshtein", "Nearest neighbour: edit distance"))


class ClusterDialog(QDialog):
    def __init__(self, handle, view: View, field: str | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Cluster and merge — {handle.sheet.name}")
        self.handle, self.view = handle, view
        self.found: list[dict] = []
        self.column = QComboBox(objectName="cluster-field")
        for f in handle.fields:
            if f.editable:
                self.column.addItem(f.label, f.key)
        self.column.setCurrentIndex(max(0, self.column.findData(field)))
        self.method = QComboBox(objectName="cluster-method")
        for key, text in METHODS:
            self.method.addItem(text, key)
        self.radius = QSpinBox(minimum=1, maximum=5, value=1, prefix="distance ")
        top = QHBoxLayout()
        for w in (QLabel("Column:"), self.column, QLabel("Method:"), self.method, self.radius):
            top.addWidget(w)
        top.addStretch(1)
        self.table = QTableWidget(0, 4, objectName="clusters")
        self.table.setHorizontalHeaderLabels(["Merge", "Values in the cluster (records)", "Records", "New value"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.AllEditTriggers)
        self.status = QLabel(objectName="cluster-status")
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.merge = buttons.button(QDialogButtonBox.Ok)
        self.merge.setText("Merge selected")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(760, 520)
        self.reader = LatestRead("Finding clusters", self)
        self.reader.failed.connect(self.status.setText)
        for signal in (self.column.currentIndexChanged, self.method.currentIndexChanged, self.radius.valueChanged):
            signal.connect(lambda *_a: self._find())
        self._find()

    def field(self) -> str:
        return self.column.currentData()

    def _find(self) -> None:
        self.radius.setVisible(self.method.currentData() == "levenshtein")
        handle, view, field, method, radius = (self.handle, self.view, self.field(), self.method.currentData(),
                                               self.radius.value())
        self.status.setText("Finding clusters…")
        self.merge.setEnabled(False)
        self.reader.read(lambda: handle.session().prep.clusters(handle.sheet_ref, field, method, view, radius=radius),
                         self._show)

    def _show(self, found: list[dict]) -> None:
        self.found = found
        self.table.setRowCount(len(found))
        for r, c in enumerate(found):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled)
            tick.setCheckState(Qt.Unchecked)  # as OpenRefine: each merge is the person's choice
            values = QTableWidgetItem("\n".join(f"{v['value']}  ({v['count']:,})" for v in c["values"]))
            values.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            records = QTableWidgetItem(f"{c['records']:,}")
            records.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            for col, item in enumerate((tick, values, records, QTableWidgetItem(c["suggested"]))):
                self.table.setItem(r, col, item)
        self.table.resizeRowsToContents()
        self.status.setText(f"{len(found):,} clusters: tick those to merge" if found else
                            "No clusters: every value looks different by this method (try another).")
        self.merge.setEnabled(False)
        self.table.itemChanged.connect(lambda _i: self.merge.setEnabled(bool(self.merges())))

    def merges(self) -> list[tuple[list[str], str]]:
        """(values, the value they become) of each cluster ticked, in the dialog's order."""
        out = []
        for r, c in enumerate(self.found):
            new = self.table.item(r, 3).text()
            if self.table.item(r, 0).checkState() == Qt.Checked and new.strip():
                out.append(([v["value"] for v in c["values"]], new))
        return out

    def done(self, result: int) -> None:
        self.reader.stop()
        super().done(result)
