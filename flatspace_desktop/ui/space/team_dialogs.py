"""Where a Space is kept: this computer, or a PostgreSQL server (a Team Space, which other
computers join). The choice in New Space, and the dialogs to join a Team Space and to move a
Space between this computer and a server."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from ...domain.errors import FlatspaceError

HERE, SERVER = "here", "server"
URL_HINT = "postgresql://user:password@host/database"


class KeptOn(QWidget):
    """This computer, or a server's address (shown only when a server is chosen)."""

    def __init__(self, default_server: str | None = None, parent=None):
        super().__init__(parent)
        self.where = QComboBox(objectName="kept-on")
        self.where.addItem("This computer", HERE)
        self.where.addItem("A PostgreSQL server (a Team Space)", SERVER)
        self.url = QLineEdit(default_server or "", placeholderText=URL_HINT, objectName="server-url")
        self.url.setToolTip("The server's address. Other computers join the Space with the same address.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.where)
        layout.addWidget(self.url)
        self.where.currentIndexChanged.connect(self._shown)
        self.where.setCurrentIndex(1 if default_server else 0)
        self._shown()

    def _shown(self) -> None:
        self.url.setVisible(self.where.currentData() == SERVER)

    def server(self) -> str | None:
        """The address typed ("" when a server is chosen but none typed), or None: this computer."""
        return self.url.text().strip() if self.where.currentData() == SERVER else None


class _Asking(QDialog):
    """A small form whose OK runs `act` while it is open: a refusal shows here, all typed kept."""

    def __init__(self, title: str, ok_text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.result_info: dict | None = None
        self.form = QFormLayout()
        self.error = QLabel(objectName="error", wordWrap=True)
        self.error.setStyleSheet("color: #dc2626")
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(ok_text)
        buttons.accepted.connect(self._run)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _run(self) -> None:
        try:
            self.result_info = self.act()
        except FlatspaceError as exc:
            self.error.setText(str(exc))
            self.adjustSize()
            return
        self.accept()


class JoinSpaceDialog(_Asking):
    """A Team Space another computer made: its server and its id."""

    def __init__(self, fs, actor, parent=None):
        super().__init__("Join a Team Space", "Join", parent)
        self.fs, self.actor = fs, actor
        self.url = QLineEdit(fs.default_server or "", placeholderText=URL_HINT, objectName="server-url")
        self.space_id = QLineEdit(placeholderText="e.g. us_sp_4r2vbytc (Manage Spaces shows it, under Kept on)",
                                  objectName="space-id")
        self.form.addRow("Server:", self.url)
        self.form.addRow("Space id:", self.space_id)

    def act(self) -> dict:
        if not self.url.text().strip() or not self.space_id.text().strip():
            raise _Missing("Give the server's address and the Space's id.")
        return self.fs.join_space(self.actor, self.url.text().strip(), self.space_id.text().strip())


class MoveSpaceDialog(_Asking):
    """A Space to a server (it becomes a Team Space), or a Team Space back to this computer."""

    def __init__(self, fs, actor, space: dict, parent=None):
        super().__init__(f"Move “{space['name']}”", "Move", parent)
        self.fs, self.actor, self.space = fs, actor, space
        if space.get("server"):
            self.form.addRow(QLabel(f"It is kept on {space['server']}. Moved to this computer, it leaves the "
                                    "server: the other computers that joined it no longer open it.", wordWrap=True))
            self.url = None
        else:
            self.form.addRow(QLabel("Moved to a server, it becomes a Team Space: other computers join it there, "
                                    "and this computer keeps no copy.", wordWrap=True))
            self.url = QLineEdit(fs.default_server or "", placeholderText=URL_HINT, objectName="server-url")
            self.form.addRow("Server:", self.url)

    def act(self) -> dict:
        if self.url is not None and not self.url.text().strip():
            raise _Missing("Give the server's address.")
        return self.fs.move_space(self.actor, self.space["id"], self.url.text().strip() if self.url else "local")


class _Missing(FlatspaceError):
    pass
