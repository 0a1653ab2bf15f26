"""Starting the window: the application object, its style, the service, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ..domain.access import local_admin
from ..services.app import Flatspace
from . import style
from .icons import app_icon
from .main_window import MainWindow
from .session_end import install_hook
from .single_instance import InstanceServer, hand_over, server_name


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or FlatspaceApplication(argv if argv is not None else sys.argv)
    QCoreApplication.setOrganizationName("Flatspace")
    QCoreApplication.setApplicationName("Flatspace Desktop")
    app.setApplicationDisplayName("Flatspace")
    app.setWindowIcon(app_icon())
    style.apply(app)
    install_hook()  # a guest whose link ends mid-action sees why, never a traceback
    return app


class FlatspaceApplication(QApplication):
    """macOS hands files and links to an app as QFileOpenEvents sent to the application object:
    taken here, not by an application-wide event filter (which every event of every widget
    would pass through, a call into Python each)."""

    opened = Signal(dict)  # a request as the single-instance server gives them: paths or link

    def event(self, event) -> bool:
        if event.type() == QEvent.FileOpen:
            url = event.url()
            self.opened.emit({"link": url.toString()} if url.scheme() == "flatspace" else {"paths": [event.file()]})
            return True
        return super().event(event)


def no_display() -> str | None:
    """Why the window cannot open here, in one line (Qt would abort the process instead)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("flatspace: there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY "
            "is set); the command line works without one: flatspace --help")


def run_app(data_dir: str | None = None, link: str | None = None, paths: list[str] | None = None) -> int:
    problem = no_display()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    app = make_app()
    fs = Flatspace(data_dir)
    name = server_name(fs.root)
    request = {"paths": [str(Path(p).resolve()) for p in paths or []], "link": link}
    if hand_over(name, request):
        fs.close()
        return 0  # the running window took it
    server = InstanceServer(name)
    window = MainWindow(fs, local_admin())
    server.received.connect(window.handle_request)
    if isinstance(app, FlatspaceApplication):
        app.opened.connect(window.handle_request)
    window.show()
    if request["paths"] or link:
        QTimer.singleShot(0, lambda: window.handle_request(request))
    if os.environ.get("FLATSPACE_QUIT_AFTER_MS"):  # smoke tests of a frozen build: start, show, quit
        QTimer.singleShot(int(os.environ["FLATSPACE_QUIT_AFTER_MS"]), window.close)
    try:
        return app.exec()
    finally:
        server.close()
        fs.close(wait=10)  # a listener that hangs does not keep a closed window's process alive
