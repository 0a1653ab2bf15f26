"""Transform cells: pick the operation, the fields and the parameters, see before and after on
the first records it would change (read off the window's thread), then run it as one undoable
step on the records in view or the selected ones."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QListWidget, QListWidgetItem, QRadioButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget, QHBoxLayout, QHeaderView)

from ...domain.errors import FlatspaceError
from ...domain.prep.recipes import OPS, Step
from ...domain.records import View
from ..tasks import LatestRead
from .params_form import ParamsForm

NAMES = {"trim": "Trim and collapse spaces", "change_case": "Change case", "split": "Split into fields",
         "join": "Join fields", "extract": "Extract with a regular expression",
         "replace": "Replace with a regular expression", "fill_down": "Fill down", "fill_empty": "Fill empty cells",
         "reformat_date": "Reformat dates", "set_value": "Set a value"}
ABOUT = {"trim": "Removes spaces around each value and makes runs of spaces inside it one space.",
         "change_case": "UPPER, lower, Title Case or Sentence case.",
         "split": "Cuts each value at a separator; the parts go to the fields ticked below, in order "
                  "(the last keeps the rest).",
         "join": "Joins the ticked fields' values, in order, into one field.",
         "extract": "Keeps the part of each value a regular expression matches (its first group, or "
                    "the group named); a value it does not match becomes empty.",
         "replace": "Replaces what a regular expression matches ($1 or \\1 for a group).",
         "fill_down": "An empty cell takes the value above it, in the grid's order.",
         "fill_empty": "Empty cells take one value.",
         "reformat_date": "Rewrites dates in one format; a value that is not a date is left as it is.",
         "set_value": "Every cell it works on takes one value (empty: cleared)."}
PREVIEW = 20


class TransformDialog(QDialog):
    def __init__(self, handle, view: View, selected: list[int], field: str | None, op: str = "trim", parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Transform cells — {handle.sheet.name}")
        self.handle, self.view, self.selected = handle, view, selected
        self.editable = [f for f in handle.fields if f.editable]
        self.op = QComboBox(objectName="transform-op")
        for key, text in NAMES.items():
            self.op.addItem(text, key)
        self.about = QLabel(wordWrap=True)
        self.fields = self._field_list(field)
        self.into = self._field_list(None)
        self.into_label = QLabel("Into:")
        self.params_box = QWidget()
        self.params_layout = QVBoxLayout(self.params_box)
        self.params_layout.setContentsMargins(0, 0, 0, 0)
        self.form: ParamsForm | None = None
        self.scope_view = QRadioButton("The records in view", checked=True)
        self.scope_sel = QRadioButton("The selected record" if len(selected) == 1 else
                                      f"The {len(selected):,} selected records")
        self.scope_sel.setEnabled(bool(selected))
        scope = QHBoxLayout()
        scope.addWidget(self.scope_view)
        scope.addWidget(self.scope_sel)
        scope.addStretch(1)
        self.table = QTableWidget(objectName="transform-preview")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.verticalHeader().hide()
        self.problem = QLabel(objectName="transform-problem", wordWrap=True)
        form = QFormLayout()
        form.addRow("Operation:", self.op)
        form.addRow("", self.about)
        form.addRow("Fields:", self.fields)
        form.addRow(self.into_label, self.into)
        form.addRow("Parameters:", self.params_box)
        form.addRow("Records:", scope)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.run = self.buttons.button(QDialogButtonBox.Ok)
        self.run.setText("Run")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Before and after, on the first records it changes:"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(720, 640)
        self.reader = LatestRead("Previewing", self)
        self.reader.failed.connect(self._refused)
        self._timer = QTimer(self, singleShot=True, interval=250, timeout=self._preview)
        for signal in (self.fields.itemChanged, self.into.itemChanged, self.scope_sel.toggled):
            signal.connect(lambda *_a: self._changed())
        self.op.currentIndexChanged.connect(self._op_changed)
        self.op.setCurrentIndex(max(0, self.op.findData(op)))
        self._op_changed()

    def _field_list(self, checked: str | None) -> QListWidget:
        box = QListWidget()
        box.setMaximumHeight(110)
        for f in self.editable:
            item = QListWidgetItem(f.label)
            item.setData(Qt.UserRole, f.key)
            item.setCheckState(Qt.Checked if f.key == checked else Qt.Unchecked)
            box.addItem(item)
        return box

    def _checked(self, box: QListWidget) -> list[str]:
        return [box.item(i).data(Qt.UserRole) for i in range(box.count()) if box.item(i).checkState() == Qt.Checked]

    def _op_changed(self) -> None:
        cls = OPS[self.op.currentData()]
        self.about.setText(ABOUT.get(cls.op, ""))
        if self.form is not None:
            self.form.hide()  # at once: deleteLater waits for the event loop
            self.params_layout.removeWidget(self.form)
            self.form.deleteLater()
        self.form = ParamsForm(cls)
        self.form.changed.connect(self._changed)
        self.params_layout.addWidget(self.form)
        shaped = cls.shape in ("split", "join")
        self.into.setVisible(shaped)
        self.into_label.setVisible(shaped)
        self.into_label.setText("Parts go to:" if cls.shape == "split" else "Into:")
        self._changed()

    def _changed(self) -> None:
        """The step changed: Run waits for its preview (the one shown is of the step before)."""
        self.run.setEnabled(False)
        self._timer.start()

    def step(self) -> Step:
        """The step as chosen (InvalidInput naming what does not work)."""
        cls = OPS[self.op.currentData()]
        into = tuple(self._checked(self.into)) if cls.shape in ("split", "join") else ()
        return Step.create(cls.op, self.form.params(), self._checked(self.fields), into=into)

    def rids(self) -> list[int] | None:
        return self.selected if self.scope_sel.isChecked() else None

    def _preview(self) -> None:
        try:
            step = self.step()
        except FlatspaceError as exc:
            return self._refused(str(exc))
        handle, view, rids = self.handle, self.view, self.rids()
        self.problem.setText("Reading…")
        self.run.setEnabled(False)  # until the preview of this step is shown
        self.reader.read(lambda: handle.session().prep.transform(handle.sheet_ref, step, view, rids=rids,
                                                                 preview=True, sample=PREVIEW), self._show)

    def _show(self, result: dict) -> None:
        rows = result["preview"]
        keys = list(dict.fromkeys(k for r in rows for k in r["after"]))
        labels = {f.key: f.label for f in self.handle.fields}
        self.table.clear()
        self.table.setColumnCount(1 + 2 * len(keys))
        self.table.setHorizontalHeaderLabels(["Record"] + [f"{labels.get(k, k)} {w}" for k in keys
                                                           for w in ("before", "after")])
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(str(row["rid"])))
            for j, k in enumerate(keys):
                for w, side in enumerate(("before", "after")):
                    value = row[side].get(k, row["before"].get(k)) if side == "after" else row["before"].get(k)
                    self.table.setItem(r, 1 + 2 * j + w, QTableWidgetItem("" if value is None else str(value)))
        unread = result.get("unread") or {}
        left = (f" {unread['records']:,} values are left as they are: not dates in "
                f"{result['step']['params'].get('order')} order (such as {', '.join(unread['examples'])})."
                if unread.get("records") else "")
        self.problem.setText(("" if rows else "No record it works on would change.") + left)
        self.run.setEnabled(bool(rows))

    def _refused(self, text: str) -> None:
        self.table.setRowCount(0)
        self.problem.setText(text)
        self.run.setEnabled(False)

    def done(self, result: int) -> None:
        self._timer.stop()
        self.reader.stop()
        super().done(result)
