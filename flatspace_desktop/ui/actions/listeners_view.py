"""The Space's Listeners page: the listener code that may run for it, and its jobs. A Space's
own listeners/ folder is code that may have come with the Space from someone else, so it runs
only once an admin allows it here, as it is then; this is where that is decided."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ...domain.errors import FlatspaceError
from ..tables import as_row_list

STATES = {"absent": ("No listener files in this Space.", "palette(mid)"),
          "off": ("Not allowed to run on this computer.", "#b45309"),
          "changed": ("Changed since they were allowed: not running until allowed again.", "#b45309"),
          "on": ("Allowed: they run for this Space on this computer.", "#15803d")}


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ListenersView(QWidget):
    changed = Signal()  # listeners allowed, stopped or added: the actions' state follows

    def __init__(self, fs, actor, space_id: str, parent=None):
        super().__init__(parent)
        self.fs, self.actor, self.space_id = fs, actor, space_id
        self.status = QLabel(objectName="listeners-status", wordWrap=True, textFormat=Qt.RichText)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.allow = QPushButton(objectName="listeners-allow", clicked=self._toggle)
        self.add = QPushButton("Add listener file…", objectName="listeners-add", clicked=self._add)
        self.jobs = QTableWidget(0, 5, objectName="jobs-table")
        self.jobs.setHorizontalHeaderLabels(["Job", "Status", "%", "When", "Outcome"])
        as_row_list(self.jobs, stretch_column=4)
        buttons = QHBoxLayout()
        buttons.addWidget(self.allow)
        buttons.addWidget(self.add)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        title = QLabel("<h2>Listeners</h2>", textFormat=Qt.RichText)
        layout.addWidget(title)
        layout.addWidget(QLabel("Listeners are Python code that handles this Space's actions and checks records as "
                                "they come in (see the manual, F1). A Space's own listeners/ folder may have come "
                                "from someone else: it runs only once you allow it here.", wordWrap=True))
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("<b>Jobs</b> (what actions started, newest first)", textFormat=Qt.RichText))
        layout.addWidget(self.jobs, 1)
        self.reload()

    def session(self):
        return self.fs.open(self.actor, self.space_id)

    def reload(self) -> None:
        s = self.session()
        st = s.listeners()
        self.state = st["state"]
        text, colour = STATES[st["state"]]
        lines = [f"<b>Folder:</b> {_esc(st['folder'])}",
                 f"<b>Files:</b> {_esc(', '.join(st['files']) or 'none')}",
                 f"<span style='color:{colour}'>{_esc(text)}</span>",
                 f"<b>Installed listeners</b> (run for every Space): {_esc(', '.join(st['installed']) or 'none')}"]
        lines += [f"<span style='color:#dc2626'>{_esc(p)}</span>" for p in st["problems"]]
        self.status.setText("<br>".join(lines))
        admin = self.actor.is_admin
        self.allow.setText("Stop them running here" if st["state"] == "on" else "Allow them to run here")
        self.allow.setEnabled(admin and bool(st["files"]))
        self.add.setEnabled(admin)
        jobs = s.jobs.list(200)
        self.jobs.setRowCount(len(jobs))
        for r, j in enumerate(jobs):
            outcome = j["outcome"] or {}
            for c, value in enumerate((j["job"], j["status"], j["progress"], j["createdAt"][:19].replace("T", " "),
                                       outcome.get("message") or j.get("info") or "")):
                self.jobs.setItem(r, c, QTableWidgetItem(str(value)))

    def _toggle(self) -> None:
        allow = self.state != "on"
        if allow and QMessageBox.question(
                self, "Allow listeners", "Listeners are programs: they can read and change this Space and anything "
                "your account can on this computer. Allow them only if you trust where this Space came from.",
                QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel) != QMessageBox.Yes:
            return
        self._do(lambda: self.session().listeners(allow=allow))

    def _add(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Add listener file", "", "Python (*.py)")
        if path:
            self._do(lambda: self.session().add_listener(path))

    def _do(self, fn) -> None:
        try:
            fn()
        except FlatspaceError as exc:
            QMessageBox.warning(self, "Listeners", str(exc))
        self.reload()
        self.changed.emit()
