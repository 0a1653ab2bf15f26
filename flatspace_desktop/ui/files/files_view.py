"""The Space's files: a table (name, size, type, status, uploaded) with upload, import,
rename, save-as and delete. Drops on the window land here too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton,
                               QStackedWidget, QTableView, QVBoxLayout, QWidget)

from ...domain.errors import FlatspaceError
from ..actions.action_bar import ActionBar, action_runner
from ..icons import themed
from ..space.section_views import EmptyState
from ..tables import as_row_list

COLUMNS = ("Name", "Size", "Type", "Status", "Uploaded")
STATUS_TEXT = {"uploaded": "Uploaded", "extracting": "Importing…", "extracted": "Imported", "failed": "Failed"}


def human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return str(n)


class FilesModel(QAbstractTableModel):
    def __init__(self, files: list[dict], parent=None):
        super().__init__(parent)
        self.files = files

    def set_files(self, files: list[dict]) -> None:
        self.beginResetModel()
        self.files = files
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.files)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=0):
        if orientation == Qt.Horizontal and role == 0 and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = 0):
        if not index.isValid() or role not in (0, 3, 7, 256):
            return None
        f = self.files[index.row()]
        c = index.column()
        if role == 256:
            return f["id"]
        if role == 7:
            return int(Qt.AlignRight | Qt.AlignVCenter) if c == 1 else None
        if role == 3:
            return f["error"] if c == 3 and f["error"] else f["name"] if c == 0 else None
        return (f["name"], human_size(f["size"]), f["kind"].upper(),
                STATUS_TEXT.get(f["status"], f["status"]) + (f": {f['error']}" if f["error"] else ""),
                f["createdAt"][:16].replace("T", " "))[c]


class FilesView(QWidget):
    importRequested = Signal(int)  # file id
    uploadRequested = Signal()
    changed = Signal()

    def __init__(self, fs, actor, space_id: str, parent=None):
        super().__init__(parent)
        self.fs, self.actor, self.space_id = fs, actor, space_id
        self.model = FilesModel([], self)
        self.table = QTableView(objectName="files-table")
        self.table.setModel(self.model)
        as_row_list(self.table)
        self.table.doubleClicked.connect(lambda _i: self._import())
        self.buttons = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 6)
        for name, text, icon_name, slot in (("upload", "Add files…", "import", self.uploadRequested.emit),
                                            ("import", "Import into a sheet…", "sheet", self._import),
                                            ("rename", "Rename…", None, self._rename),
                                            ("save", "Save a copy…", "export", self._save_as),
                                            ("delete", "Delete", "delete-row", self._delete)):
            b = QPushButton(text, objectName=f"files-{name}")
            if icon_name:
                themed(b, icon_name)
            b.clicked.connect(slot)
            self.buttons[name] = b
            bar.addWidget(b)
        session = lambda: fs.open(actor, space_id)  # noqa: E731
        self.file_actions = ActionBar(self._actions_reader, action_runner(self.window, session, done=lambda _j: self.reload()),
                                      menu_text="Actions")  # the selected file's (a listener mounts them)
        bar.addWidget(self.file_actions)
        bar.addStretch(1)
        self.summary = QLabel(objectName="files-summary")
        bar.addWidget(self.summary)
        self.empty = EmptyState("files", "No files yet",
                                "Drop CSV, TSV, XLSX or JSON files anywhere on this window, or choose "
                                "<b>Add files…</b> (Ctrl+O). Each is kept in this Space and can be imported "
                                "into a sheet.")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.reload()

    def reload(self) -> None:
        current = self.selected_id()
        files = self.fs.open(self.actor, self.space_id).files.list()
        self.model.set_files(files)
        self.stack.setCurrentWidget(self.table if files else self.empty)
        total = sum(f["size"] for f in files)
        self.summary.setText(f"{len(files)} file{'s' if len(files) != 1 else ''}, {human_size(total)}" if files else "")
        self.select(current if current is not None else (files[-1]["id"] if files else None))
        self._enable()

    def select(self, file_id: int | None) -> None:
        for row, f in enumerate(self.model.files):
            if f["id"] == file_id:
                self.table.selectRow(row)
                return

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.files[rows[0].row()]["id"] if rows else None

    def _enable(self) -> None:
        """What the service would refuse is greyed out: a read-only link only reads and saves
        copies; a guest renames and deletes only the files they added."""
        fid = self.selected_id()
        writes = not self.actor.read_only
        mine = fid is not None and (self.actor.is_admin or next(
            f["createdBy"] for f in self.model.files if f["id"] == fid) == self.actor.id)
        self.buttons["upload"].setEnabled(writes)
        self.buttons["import"].setEnabled(fid is not None and writes)
        self.buttons["save"].setEnabled(fid is not None)
        for name in ("rename", "delete"):
            self.buttons[name].setEnabled(mine and writes)
        self.file_actions.refresh()

    def _actions_reader(self):
        fid, fs, actor, sid = self.selected_id(), self.fs, self.actor, self.space_id
        return lambda: fs.open(actor, sid).jobs.actions(file=fid) if fid is not None else []

    def _guard(self, fn) -> None:
        try:
            fn()
        except FlatspaceError as exc:
            QMessageBox.warning(self, "Files", str(exc))
        self.reload()
        self.changed.emit()

    def _import(self) -> None:
        fid = self.selected_id()
        if fid is not None and self.buttons["import"].isEnabled():  # a double-click obeys the button
            self.importRequested.emit(fid)

    def _rename(self) -> None:
        fid = self.selected_id()
        if fid is None:
            return
        name = self.fs.open(self.actor, self.space_id).files.info(fid)["name"]
        new, ok = QInputDialog.getText(self, "Rename file", "Name:", text=name)
        if ok and new != name:
            self._guard(lambda: self.fs.open(self.actor, self.space_id).files.rename(fid, new))

    def _save_as(self) -> None:
        fid = self.selected_id()
        if fid is None:
            return
        name = self.fs.open(self.actor, self.space_id).files.info(fid)["name"]
        dest, _ = QFileDialog.getSaveFileName(self, "Save a copy", name)
        if dest:
            self._guard(lambda: self.fs.open(self.actor, self.space_id).files.save_as(fid, dest))

    def _delete(self) -> None:
        fid = self.selected_id()
        if fid is None:
            return
        name = self.fs.open(self.actor, self.space_id).files.info(fid)["name"]
        if QMessageBox.question(self, "Delete file", f"Delete “{name}” from this Space? Records already imported "
                                "from it stay.", QMessageBox.Yes | QMessageBox.Cancel) == QMessageBox.Yes:
            self._guard(lambda: self.fs.open(self.actor, self.space_id).files.delete(fid))


def local_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files to upload from dropped paths (folders give the supported files inside them), and
    what was skipped and why."""
    from ...readers import SUPPORTED

    found, skipped = [], []
    for p in map(Path, paths):
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    (found.append(child) if child.suffix.lower() in SUPPORTED
                     else skipped.append(f"{child.name}: not a data file"))
        elif p.is_file():
            found.append(p)
        else:
            skipped.append(f"{p.name}: not found")
    return found, skipped
