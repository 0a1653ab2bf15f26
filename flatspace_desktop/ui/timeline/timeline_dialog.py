"""The timeline: snapshots newest first, grouped by day; what restoring each would do, with
the records themselves; restore of the Space, a workbook or a sheet (with Flatfile's options
for a sheet); taking, relabelling and deleting snapshots. A restore runs in the background
and is preceded by a snapshot, so it can be undone from here."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QCheckBox, QComboBox, QDialog, QHBoxLayout,
                               QInputDialog, QLabel, QMessageBox, QPushButton, QRadioButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QTextBrowser, QTreeView, QVBoxLayout, QWidget)

from ...domain.cells import make_shower
from ...domain.errors import FlatspaceError
from ..tasks import Task

SNAP_ROLE = 257


class TimelineDialog(QDialog):
    restored = Signal(dict)

    def __init__(self, fs, actor, space_id: str, parent=None, sheet_ref: str | None = None):
        super().__init__(parent)
        self.fs, self.actor, self.space_id = fs, actor, space_id
        self.preferred_sheet = sheet_ref
        self.setWindowTitle("Timeline")
        self.task: Task | None = None
        self.snapshots: list[dict] = []
        self.model = QStandardItemModel(self)
        self.tree = QTreeView(objectName="timeline")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._show())
        take = QPushButton("Take snapshot…", clicked=self._take, objectName="take")
        self.relabel = QPushButton("Label…", clicked=self._relabel, objectName="relabel")
        self.delete = QPushButton("Delete", clicked=self._delete, objectName="delete")
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.tree, 1)
        row = QHBoxLayout()
        for b in (take, self.relabel, self.delete):
            row.addWidget(b)
        lv.addLayout(row)

        self.details = QTextBrowser(objectName="changes")
        self.records_sheet = QComboBox(objectName="records-sheet")
        self.records_kind = QComboBox(objectName="records-kind")
        for text, kind in (("records to revert", "updated"), ("records to bring back", "deleted"),
                           ("records to remove", "created")):
            self.records_kind.addItem(text, kind)
        self.records = QTableWidget(objectName="records")
        self.records.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.records.setWordWrap(False)
        self.records.verticalHeader().hide()
        for w in (self.records_sheet, self.records_kind):
            w.currentIndexChanged.connect(lambda *_: self._show_records())
        self.scope_space = QRadioButton("Whole Space", checked=True)
        self.scope_workbook = QRadioButton("Workbook:")
        self.scope_sheet = QRadioButton("Sheet:")
        self.scopes = QButtonGroup(self)
        for b in (self.scope_space, self.scope_workbook, self.scope_sheet):
            self.scopes.addButton(b)
        self.workbook = QComboBox(objectName="restore-workbook")
        self.sheet = QComboBox(objectName="restore-sheet")
        self.opt_created = QCheckBox("remove records created since", checked=True)
        self.opt_updated = QCheckBox("revert records changed since", checked=True)
        self.opt_deleted = QCheckBox("bring back records deleted since", checked=True)
        self.restore_button = QPushButton("Restore…", clicked=self._restore, objectName="restore")
        self.status = QLabel(objectName="timeline-status", wordWrap=True)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel("<b>Restoring this snapshot would</b>"))
        rv.addWidget(self.details, 2)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Show"))
        pick.addWidget(self.records_kind)
        pick.addWidget(QLabel("of"))
        pick.addWidget(self.records_sheet, 1)
        rv.addLayout(pick)
        rv.addWidget(self.records, 2)
        scope = QHBoxLayout()
        for w in (self.scope_space, self.scope_workbook, self.workbook, self.scope_sheet, self.sheet):
            scope.addWidget(w)
        scope.addStretch(1)
        rv.addLayout(scope)
        opts = QHBoxLayout()
        for w in (self.opt_created, self.opt_updated, self.opt_deleted):
            opts.addWidget(w)
        opts.addStretch(1)
        opts.addWidget(self.restore_button)
        rv.addLayout(opts)
        rv.addWidget(self.status)
        for w in (self.scope_space, self.scope_workbook, self.scope_sheet):
            w.toggled.connect(lambda *_: self._enable())
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([330, 720])
        close = QPushButton("Close", clicked=self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.resize(1100, 680)
        self._fill_targets()
        self.reload()

    # ---- the list
    def _fill_targets(self) -> None:
        info = self.fs.open(self.actor, self.space_id).info(counts=False)
        self.workbook.clear()
        self.sheet.clear()
        self.records_sheet.blockSignals(True)
        self.records_sheet.clear()
        for wb in info["workbooks"]:
            self.workbook.addItem(wb["name"], wb["id"])
            for s in wb["sheets"]:
                ref = f"{wb['id']}/{s['slug']}"
                self.sheet.addItem(f"{wb['name']} / {s['name']}", ref)
                self.records_sheet.addItem(f"{wb['name']} / {s['name']}", ref)
        if self.preferred_sheet:
            for combo in (self.sheet, self.records_sheet):
                combo.setCurrentIndex(max(0, combo.findData(self.preferred_sheet)))
        self.records_sheet.blockSignals(False)

    def reload(self, select: int | None = None) -> None:
        self.snapshots = self.fs.open(self.actor, self.space_id).history.list()
        self.model.clear()
        day_item = None
        first_index = None
        for snap in self.snapshots:
            day = snap["createdAt"][:10]
            if day_item is None or day_item.data(Qt.UserRole) != day:
                day_item = QStandardItem(day)
                day_item.setData(day, Qt.UserRole)
                day_item.setSelectable(False)
                font = day_item.font()
                font.setBold(True)
                day_item.setFont(font)
                self.model.appendRow(day_item)
            what = snap["label"] or snap["reason"] or "snapshot"
            item = QStandardItem(f"{snap['createdAt'][11:19]}  {what}")
            item.setToolTip(f"{snap['kind']} snapshot by {self.fs.who(self.space_id, snap['createdBy'])}")
            item.setData(snap["id"], SNAP_ROLE)
            day_item.appendRow(item)
            if snap["id"] == select or (select is None and first_index is None):  # the asked-for one, else the newest
                first_index = item.index()
        self.tree.expandAll()
        if first_index is not None:
            self.tree.setCurrentIndex(first_index)
        self._show()

    def current(self) -> dict | None:
        sid = self.tree.currentIndex().data(SNAP_ROLE)
        return next((s for s in self.snapshots if s["id"] == sid), None)

    # ---- details
    def _show(self) -> None:
        snap = self.current()
        self._enable()
        if snap is None:
            self.details.setHtml("<p>No snapshot selected. Snapshots are taken before every import, bulk edit, "
                                 "large delete and restore, and by hand with <b>Take snapshot…</b>.</p>"
                                 if not self.snapshots else "<p>Select a snapshot.</p>")
            self.records.setRowCount(0)
            return
        ch = snap["changes"]
        parts = [f"<p><b>{_esc(snap['label'] or snap['reason'] or 'Snapshot')}</b> — {snap['kind']}, "
                 f"{snap['createdAt'][:19].replace('T', ' ')}, by {_esc(self.fs.who(self.space_id, snap['createdBy']))}"
                 "</p><ul>"]
        for wb in ch["workbooks"]:
            if wb["state"] == "created":
                parts.append(f"<li>set aside workbook <b>{_esc(wb['name'])}</b>, created since</li>")
            elif wb["state"] == "deleted":
                parts.append(f"<li>bring back workbook <b>{_esc(wb['name'])}</b>, deleted since</li>")
            for s in wb["sheets"]:
                c, u, d = (s[k]["total"] for k in ("createdSince", "updatedSince", "deletedSince"))
                bits = [f"remove {c:,} created" if c else "", f"revert {u:,} changed" if u else "",
                        f"bring back {d:,} deleted" if d else ""]
                fields = [f"{k} ({n:,})" for k, n in s["updatedSince"]["byField"].items() if n]
                schema = [f"fields {k}: {', '.join(v)}" for k, v in s["schema"].items() if v]
                text = ", ".join(b for b in bits if b)
                if text or schema:
                    parts.append(f"<li><b>{_esc(wb['name'])} / {_esc(s['name'])}</b>: {text or 'no record changes'}"
                                 + (f"<br><small>changed fields: {_esc(', '.join(fields))}</small>" if fields else "")
                                 + (f"<br><small>schema since: {_esc('; '.join(schema))}</small>" if schema else "")
                                 + "</li>")
        if ch["space"]:
            parts.append(f"<li>put back the Space's {_esc(', '.join(ch['space']).replace('_', ' '))}</li>")
        if ch["files"]:
            parts.append(f"<li>put back the list of files ({len(ch['files'])} added or changed since)</li>")
        if len(parts) == 1:
            parts.append("<li>nothing: no change since this snapshot</li>")
        self.details.setHtml("".join(parts) + "</ul>")
        self._show_records()

    def _show_records(self) -> None:
        snap, ref = self.current(), self.records_sheet.currentData()
        self.records.clear()
        self.records.setRowCount(0)
        if snap is None or ref is None:
            return
        kind = self.records_kind.currentData()
        try:
            rows = self.fs.open(self.actor, self.space_id).history.records(snap["id"], ref, kind)
        except FlatspaceError as exc:
            self.status.setText(str(exc))
            return
        fields = self.fs.open(self.actor, self.space_id).records.sheet_def(ref).fields
        headers = ["Record"] + [f.label for f in fields]
        self.records.setColumnCount(len(headers))
        self.records.setHorizontalHeaderLabels(headers)
        self.records.setRowCount(len(rows))
        showers = [make_shower(f) for f in fields]  # as the grid shows them: true/false, labels
        for r, row in enumerate(rows):
            self.records.setItem(r, 0, QTableWidgetItem(str(row["id"])))
            for c, (f, show) in enumerate(zip(fields, showers), start=1):
                then, now = row.get("then", {}).get(f.key), row.get("now", {}).get(f.key)
                text = (f"{show(now)}  →  {show(then)}" if kind == "updated" and then != now
                        else show(then if kind != "created" else now))
                self.records.setItem(r, c, QTableWidgetItem(text))
        self.records.resizeColumnsToContents()  # "Senior  →  Junior" whole, not "Senior  →  Ju…"
        for c in range(self.records.columnCount()):  # but a long text does not push the rest away
            self.records.setColumnWidth(c, min(self.records.columnWidth(c), 320))

    # ---- actions
    def _enable(self) -> None:
        has = self.current() is not None
        busy = self.task is not None
        for w in (self.relabel, self.delete, self.restore_button):
            w.setEnabled(has and not busy)
        sheet_scope = self.scope_sheet.isChecked()
        for w in (self.opt_created, self.opt_updated, self.opt_deleted):
            w.setEnabled(sheet_scope)
        self.workbook.setEnabled(self.scope_workbook.isChecked())
        self.sheet.setEnabled(sheet_scope)

    def _take(self) -> None:
        label, ok = QInputDialog.getText(self, "Take snapshot", "Label:")
        if ok:
            snap = self.fs.open(self.actor, self.space_id).history.take(label)
            self.reload(select=snap["id"])

    def _relabel(self) -> None:
        snap = self.current()
        label, ok = QInputDialog.getText(self, "Label snapshot", "Label:", text=snap["label"])
        if ok:
            self.fs.open(self.actor, self.space_id).history.relabel(snap["id"], label)
            self.reload(select=snap["id"])

    def _delete(self) -> None:
        snap = self.current()
        if QMessageBox.question(self, "Delete snapshot", "Delete this snapshot? Earlier ones stay restorable.",
                                QMessageBox.Yes | QMessageBox.Cancel) == QMessageBox.Yes:
            self.fs.open(self.actor, self.space_id).history.delete(snap["id"])
            self.reload()

    def restore_arguments(self) -> dict:
        args: dict = {}
        if self.scope_workbook.isChecked():
            args["workbook"] = self.workbook.currentData()
        elif self.scope_sheet.isChecked():
            args.update(sheet=self.sheet.currentData(), created=self.opt_created.isChecked(),
                        updated=self.opt_updated.isChecked(), deleted=self.opt_deleted.isChecked())
        return args

    def _restore(self) -> None:
        snap = self.current()
        args = self.restore_arguments()
        what = ("the whole Space" if not args else f"workbook {self.workbook.currentText()}" if "workbook" in args
                else f"sheet {self.sheet.currentText()}")
        if QMessageBox.question(self, "Restore", f"Restore {what} to this snapshot? A snapshot of how things are now "
                                "is taken first, so you can undo it here.",
                                QMessageBox.Yes | QMessageBox.Cancel) != QMessageBox.Yes:
            return
        self.status.setText("Restoring…")
        self.task = Task("Restoring", lambda progress, _c: self.fs.open(self.actor, self.space_id).history.restore(
            snap["id"], progress=progress, **args), self)
        self.task.succeeded.connect(self._restored)
        self.task.failed.connect(lambda text: self.status.setText(f"<span style='color:#dc2626'>{_esc(text)}</span>"))
        self.task.finished.connect(self._task_done)
        self._enable()
        self.task.start()

    def _restored(self, result: dict) -> None:
        self.status.setText(f"Restored: {result['created']:,} created records removed, {result['updated']:,} reverted, "
                            f"{result['deleted']:,} brought back. To undo, restore the snapshot now selected.")
        self._fill_targets()
        self.reload(select=result["undo"]["id"])
        self.restored.emit(result)

    def _task_done(self) -> None:
        self.task.deleteLater()
        self.task = None
        self._enable()

    def done(self, code: int) -> None:
        if self.task is not None:
            self.task.wait()
        super().done(code)


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
