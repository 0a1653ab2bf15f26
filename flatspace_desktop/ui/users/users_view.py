"""The Users view: the admin, and the guests with their links (kind, grants, rights, state,
last access). An admin invites named guests, shares expiring links, and revokes, re-issues or
removes them; a new link is shown once, with a button to copy it."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget)

from ...domain.errors import FlatspaceError
from ..tables import as_row_list

COLUMNS = ("Name", "Email", "Kind", "Access", "State", "Last access")


class GuestsModel(QAbstractTableModel):
    def __init__(self, rows: list[dict], parent=None):
        super().__init__(parent)
        self.rows = rows

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=0):
        return COLUMNS[section] if orientation == Qt.Horizontal and role == 0 and 0 <= section < len(COLUMNS) else None

    def data(self, index, role=0):
        if not index.isValid() or role != 0:
            return None
        g = self.rows[index.row()]
        if g.get("admin"):
            return (g["name"], "", "admin", "every Space", "active", "")[index.column()]
        grant = "whole Space" if g["workbooks"] is None and g["sheets"] is None else ", ".join(
            f"{n} {what}{'s' if n != 1 else ''}" for n, what in ((len(g["workbooks"] or []), "workbook"),
                                                                 (len(g["sheets"] or []), "sheet")) if n)
        return (g["name"] or "anyone with the link", g["email"], g["kind"].replace("_", " "),
                f"{grant}, {'read-only' if g['readOnly'] else 'edit'}", g["state"],
                (g["lastAccessAt"] or "never")[:16].replace("T", " "))[index.column()]


class GrantDialog(QDialog):
    """Who (for an invitation) or how long (for a shared link), what, and with which rights."""

    def __init__(self, info: dict, invite: bool, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Invite a guest" if invite else "Share a link")
        self.invite = invite
        self.name, self.email = QLineEdit(objectName="guest-name"), QLineEdit(objectName="guest-email")
        self.expires = QComboBox(objectName="guest-expires", editable=True)
        self.expires.addItems(["24h", "1h", "7d", "30d"])
        self.uses = QSpinBox(objectName="guest-uses", minimum=0, maximum=100000, specialValueText="no limit")
        self.scope = QListWidget(objectName="guest-grants")
        whole = QListWidgetItem("The whole Space")
        whole.setData(Qt.UserRole, None)
        whole.setFlags(whole.flags() | Qt.ItemIsUserCheckable)
        whole.setCheckState(Qt.Checked)
        self.scope.addItem(whole)
        for wb in info["workbooks"]:
            item = QListWidgetItem(f"Workbook {wb['name']}")
            item.setData(Qt.UserRole, ("workbook", str(wb["id"])))
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            self.scope.addItem(item)
            for s in wb["sheets"]:
                sitem = QListWidgetItem(f"    Sheet {s['name']}")
                sitem.setData(Qt.UserRole, ("sheet", f"{wb['id']}/{s['slug']}"))
                sitem.setFlags(sitem.flags() | Qt.ItemIsUserCheckable)
                sitem.setCheckState(Qt.Unchecked)
                self.scope.addItem(sitem)
        self.read_only = QCheckBox("Read-only: the guest may look but not change", objectName="guest-read-only",
                                   checked=not invite)
        form = QFormLayout()
        if invite:
            form.addRow("Name:", self.name)
            form.addRow("Email:", self.email)
        else:
            form.addRow("Expires after:", self.expires)
            form.addRow("Opens at most:", self.uses)
        form.addRow("Grants:", self.scope)
        form.addRow("", self.read_only)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Invite" if invite else "Make the link")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def grants(self) -> tuple[list[str], list[str]]:
        workbooks, sheets = [], []
        for i in range(self.scope.count()):
            item = self.scope.item(i)
            what = item.data(Qt.UserRole)
            if item.checkState() == Qt.Checked and what:
                (workbooks if what[0] == "workbook" else sheets).append(what[1])
        return workbooks, sheets


def show_link(parent, result: dict) -> None:
    box = QMessageBox(QMessageBox.Information, "Link made", "", parent=parent)
    who = result["name"] or "anyone who has it"
    box.setText(f"This link opens the Space for {who}. It is shown only now: copy it and send it.\n\n{result['link']}")
    if result.get("note"):  # a Team Space whose owner's login may not make the guest's role
        box.setInformativeText(result["note"])
    copy = box.addButton("Copy link", QMessageBox.ActionRole)
    box.addButton(QMessageBox.Close)
    box.exec()
    if box.clickedButton() is copy:
        QApplication.clipboard().setText(result["link"])


class UsersView(QWidget):
    changed = Signal()

    def __init__(self, fs, actor, space_id: str, parent=None):
        super().__init__(parent)
        self.fs, self.actor, self.space_id = fs, actor, space_id
        self.model = GuestsModel([], self)
        self.table = QTableView(objectName="users-table")
        self.table.setModel(self.model)
        as_row_list(self.table)
        self.buttons = {}
        bar = QHBoxLayout()
        for name, text, slot in (("invite", "Invite…", self.invite), ("share", "Share a link…", self.share),
                                 ("revoke", "Revoke", self.revoke), ("reissue", "New link…", self.reissue),
                                 ("remove", "Remove", self.remove)):
            b = QPushButton(text, objectName=f"users-{name}", clicked=slot)
            self.buttons[name] = b
            bar.addWidget(b)
        bar.addStretch(1)
        self.note = QLabel(wordWrap=True, objectName="users-note")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.reload()

    def reload(self) -> None:
        info = self.fs.open(self.actor, self.space_id).info(counts=False)
        self.info = info
        rows = [{"admin": True, "name": f"{self.actor.name} (this computer's owner)"}]
        rows += self.fs.open(self.actor, self.space_id).guests.list()
        self.model.set_rows(rows)
        kinds = info["guestAuthentication"]
        self.buttons["invite"].setEnabled("magic_link" in kinds)
        self.buttons["share"].setEnabled("shared_link" in kinds)
        self.note.setText(f"Guests may sign in with: {', '.join(k.replace('_', ' ') for k in kinds) or 'nothing'}."
                          + ("" if len(kinds) == 2 else " Allow the other kind with "
                             "`flatspace space update SPACE --guest-auth …`."))
        self._enable()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        g = self.model.rows[rows[0].row()] if rows else None
        return None if g is None or g.get("admin") else g

    def _enable(self) -> None:
        g = self.selected()
        for name in ("revoke", "reissue", "remove"):
            self.buttons[name].setEnabled(g is not None)
        if g is not None:
            self.buttons["revoke"].setEnabled(g["state"] == "active")

    def _guard(self, fn):
        try:
            result = fn()
        except FlatspaceError as exc:
            QMessageBox.warning(self, "Users", str(exc))
            return None
        self.reload()
        self.changed.emit()
        return result

    def invite(self) -> None:
        d = GrantDialog(self.info, invite=True, parent=self)
        if d.exec() == QDialog.Accepted:
            wbs, sheets = d.grants()
            result = self._guard(lambda: self.fs.open(self.actor, self.space_id).guests.invite(d.name.text(), d.email.text(),
                                                              wbs, sheets, d.read_only.isChecked()))
            if result:
                show_link(self, result)

    def share(self) -> None:
        d = GrantDialog(self.info, invite=False, parent=self)
        if d.exec() == QDialog.Accepted:
            wbs, sheets = d.grants()
            result = self._guard(lambda: self.fs.open(self.actor, self.space_id).guests.share_link(d.expires.currentText(),
                                                            d.uses.value() or None, wbs, sheets,
                                                            d.read_only.isChecked()))
            if result:
                show_link(self, result)

    def revoke(self) -> None:
        g = self.selected()
        if g:
            self._guard(lambda: self.fs.open(self.actor, self.space_id).guests.revoke(g["id"]))

    def reissue(self) -> None:
        g = self.selected()
        if g:
            result = self._guard(lambda: self.fs.open(self.actor, self.space_id).guests.reissue(g["id"]))
            if result:
                show_link(self, result)

    def remove(self) -> None:
        g = self.selected()
        if g and QMessageBox.question(self, "Remove guest", "Remove this guest and everything granted to them?",
                                      QMessageBox.Yes | QMessageBox.Cancel) == QMessageBox.Yes:
            self._guard(lambda: self.fs.open(self.actor, self.space_id).guests.delete(g["id"]))
