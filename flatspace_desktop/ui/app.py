"""Starting the window: the application object, its style, the service, the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from ..core.access import local_admin
from ..core.service import Flatspace
from . import style
from .icons import app_icon
from .main_window import MainWindow
from .settings import guest_settings


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    QCoreApplication.setOrganizationName("Flatspace")
    QCoreApplication.setApplicationName("Flatspace Desktop")
    app.setApplicationDisplayName("Flatspace")
    app.setWindowIcon(app_icon())
    style.apply(app)
    return app


def run_app(data_dir: str | None = None, link: str | None = None) -> int:
    app = make_app()
    fs = Flatspace(data_dir)
    actor = local_admin()
    if link:
        from PySide6.QtWidgets import QMessageBox

        from ..core.errors import FlatspaceError

        try:
            actor = fs.open_link(link)
        except FlatspaceError as exc:
            QMessageBox.critical(None, "Link not opened", str(exc))
            fs.close()
            return 5
    window = MainWindow(fs, actor, guest_settings() if not actor.is_admin else None)
    if not actor.is_admin:
        window.open_space(actor.space_id)
    window.show()
    try:
        return app.exec()
    finally:
        fs.close()
