"""Managing Spaces: search the list; create, open, rename, archive, unarchive and delete."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from ...domain.errors import FlatspaceError
from ...domain.jsonfile import read_json
from ..tables import as_row_list
from .team_dialogs import JoinSpaceDialog, KeptOn, MoveSpaceDialog


class CreateSpaceDialog(QDialog):
    """Name, labels and an optional blueprint file for the new Space's first workbook. Create
    makes the Space while the dialog is open, so a refusal (a broken blueprint) is shown here
    with everything typed still in place."""

    def __init__(self, fs, actor, parent=None):
        super().__init__(parent)
        self.fs, self.actor = fs, actor
        self.created: dict | None = None
        self.setWindowTitle("New Space")
        self.name = QLineEdit(placeholderText="e.g. Acme onboarding")
        self.labels = QLineEdit(placeholderText="comma-separated, optional")
        self.blueprint = QLineEdit(placeholderText="optional: a Flatfile workbook JSON file")
        browse = QPushButton("Browse…", clicked=self._browse)
        row = QHBoxLayout()
        row.addWidget(self.blueprint, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Labels:", self.labels)
        form.addRow("Blueprint:", row)
        self.kept_on = KeptOn(fs.default_server)
        form.addRow("Kept on:", self.kept_on)
        self.error = QLabel(objectName="error")
        self.error.setStyleSheet("color: #dc2626")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Create")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)  # a message shown later grows the dialog down, not narrower
        self.resize(460, 0)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a blueprint", "", "Blueprint (*.json);;All files (*)")
        if path:
            self.blueprint.setText(path)

    def values(self) -> tuple[str, list[str], dict | None]:
        labels = [x.strip() for x in self.labels.text().split(",") if x.strip()]
        blueprint = None
        if self.blueprint.text().strip():
            blueprint = read_json(self.blueprint.text().strip(), "blueprint")
        return self.name.text().strip(), labels, blueprint

    def _check(self) -> None:
        if not self.name.text().strip():
            self.error.setText("Give the Space a name.")
            self.adjustSize()
            return
        try:
            name, labels, blueprint = self.values()
            server = self.kept_on.server()
            if server == "":
                self.error.setText("Give the server's address, or keep the Space on this computer.")
                self.adjustSize()
                return
            # "" for this computer: not the default server of $FLATSPACE_SERVER either
            self.created = self.fs.create_space(self.actor, name, labels, blueprint=blueprint, server=server or "")
        except FlatspaceError as exc:
            self.error.setText(str(exc))
            self.adjustSize()  # room for the message, without squeezing the fields
            return
        self.accept()


class SpacesDialog(QDialog):
    openRequested = Signal(str)

    def __init__(self, fs, actor, parent=None):
        super().__init__(parent)
        self.fs, self.actor = fs, actor
        self.setWindowTitle("Spaces")
        self.search = QLineEdit(placeholderText="Search names, labels and metadata", clearButtonEnabled=True)
        self.search.textChanged.connect(self.reload)
        self.show_archived = QCheckBox("Show archived")
        self.show_archived.toggled.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_archived)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Name", "Labels", "Last activity", "State", "Kept on"])
        as_row_list(self.table)
        self.table.horizontalHeader().setSortIndicator(2, Qt.DescendingOrder)  # most recent first, and it says so
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(self._open)
        self.table.itemSelectionChanged.connect(self._enable)
        self.empty = QLabel("No Spaces match.", alignment=Qt.AlignCenter)
        self.buttons = {}
        row = QHBoxLayout()
        for name, text, slot in (("new", "New…", self._new), ("join", "Join…", self._join), ("open", "Open", self._open),
                                 ("rename", "Rename…", self._rename), ("archive", "Archive", self._archive),
                                 ("move", "Move…", self._move), ("leave", "Leave", self._leave),
                                 ("delete", "Delete…", self._delete)):
            b = QPushButton(text, clicked=slot)
            b.setObjectName(name)
            self.buttons[name] = b
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(QPushButton("Close", clicked=self.reject))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        self.resize(900, 420)  # room for where each is kept, a Team Space's id with it
        self.reload()

    def reload(self) -> None:
        spaces = self.fs.list_spaces(self.actor, search=self.search.text() or None, sort="lastActivityAt",
                                     descending=True, archived="include" if self.show_archived.isChecked() else "exclude")
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(spaces))
        for r, s in enumerate(spaces):
            state = "archived" if s.get("archivedAt") else ("cannot open" if s.get("problem") else "active")
            for c, text in enumerate([s["name"], ", ".join(s.get("labels", [])),
                                      (s.get("lastActivityAt") or "")[:16].replace("T", " "), state,
                                      f"{s['server']} · id {s['id']}" if s.get("server") else "this computer"]):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, s)
                # a Team Space's id is what another computer joins it with
                item.setToolTip(s["problem"] if s.get("problem") else f"Space id: {s['id']}")
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)  # sorts by the header's indicator: the person's choice stays
        self.empty.setVisible(not spaces)
        self.table.setVisible(bool(spaces))
        if spaces:
            self.table.selectRow(0)
        self._enable()

    def selected(self) -> dict | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.UserRole) if items else None

    def _enable(self) -> None:
        s = self.selected()
        for name in ("open", "rename", "archive", "move", "delete"):
            self.buttons[name].setEnabled(s is not None and not (s.get("problem") and name != "delete"))
        self.buttons["leave"].setEnabled(bool(s and s.get("server")))  # a Team Space only
        if s:
            self.buttons["archive"].setText("Unarchive" if s.get("archivedAt") else "Archive")

    def _guard(self, fn) -> None:
        try:
            fn()
        except FlatspaceError as exc:
            QMessageBox.warning(self, "Spaces", str(exc))
        self.reload()

    def _new(self) -> None:
        dialog = CreateSpaceDialog(self.fs, self.actor, self)
        if dialog.exec() != QDialog.Accepted:
            return
        self.openRequested.emit(dialog.created["id"])
        self.accept()

    def _join(self) -> None:
        dialog = JoinSpaceDialog(self.fs, self.actor, self)
        if dialog.exec() == QDialog.Accepted:
            self.openRequested.emit(dialog.result_info["id"])
            self.accept()

    def _move(self) -> None:
        s = self.selected()
        if s and MoveSpaceDialog(self.fs, self.actor, s, self).exec() == QDialog.Accepted:
            self.reload()

    def _leave(self) -> None:
        s = self.selected()
        if s and QMessageBox.question(
                self, "Leave Team Space", f"Take “{s['name']}” off this computer's list? It stays on {s['server']} "
                "for the others, and Join… brings it back.", QMessageBox.Yes | QMessageBox.Cancel,
                QMessageBox.Cancel) == QMessageBox.Yes:
            self._guard(lambda: self.fs.leave_space(self.actor, s["id"]))

    def _open(self, *_args) -> None:
        s = self.selected()
        if s and not s.get("problem"):
            self.openRequested.emit(s["id"])
            self.accept()

    def _rename(self) -> None:
        s = self.selected()
        if not s:
            return
        name, ok = QInputDialog.getText(self, "Rename Space", "Name:", text=s["name"])
        if ok:
            self._guard(lambda: self.fs.open(self.actor, s["id"]).rename(name))

    def _archive(self) -> None:
        s = self.selected()
        if s:
            self._guard(lambda: self.fs.open(self.actor, s["id"]).archive(not s.get("archivedAt")))

    def _delete(self) -> None:
        s = self.selected()
        if not s:
            return
        answer = QMessageBox.question(
            self, "Delete Space", f"Delete “{s['name']}” with all its workbooks, records and files"
            + (f", from {s['server']}, for every computer that joined it" if s.get("server") else "")
            + "?\nThis cannot be undone.", QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel)
        if answer == QMessageBox.Yes:
            self._guard(lambda: self.fs.delete_space(self.actor, s["id"]))
