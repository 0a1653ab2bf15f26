"""One running window: a second launch (with a file) hands it over and exits; a socket left by
a killed instance does not stop the next one. Real processes, offscreen."""

import os
import signal
import subprocess
import sys
import time

import pytest

from support import DATA, ROOT
from flatspace_desktop.domain.access import local_admin
from flatspace_desktop.services.app import Flatspace
from flatspace_desktop.ui.single_instance import server_name

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


def _env():
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _wait_listening(qtbot, name):
    from PySide6.QtNetwork import QLocalSocket

    def up():
        sock = QLocalSocket()
        sock.connectToServer(name)
        ok = sock.waitForConnected(200)
        sock.abort()
        return ok

    qtbot.waitUntil(up, timeout=15_000)


def test_a_second_launch_hands_its_file_to_the_running_window(qtbot, isolated_home, tmp_path):
    fs = Flatspace(isolated_home)
    sid = fs.create_space(local_admin(), "Open with")["id"]
    fs.close()
    name = server_name(isolated_home.resolve())
    cmd = [sys.executable, "-m", "flatspace_desktop", "--data-dir", str(isolated_home)]
    first = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_listening(qtbot, name)
        started = time.monotonic()
        second = subprocess.run(cmd + [str(DATA / "utf8_bom_comma.csv")], cwd=ROOT, env=_env(), timeout=30,
                                capture_output=True)
        assert second.returncode == 0 and time.monotonic() - started < 20
        fs = Flatspace(isolated_home)
        try:
            qtbot.waitUntil(lambda: [f["name"] for f in fs.open(local_admin(), sid).files.list()] == ["utf8_bom_comma.csv"],
                            timeout=15_000)
        finally:
            fs.close()
        # a socket left by a killed instance is cleaned up by the next one
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        third = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_listening(qtbot, name)
            assert third.poll() is None  # it became the running window instead of handing over to nothing
        finally:
            third.kill()
            third.wait()
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()


def test_file_open_events_from_the_system_reach_the_window(sample_window, fs, admin, qtbot, monkeypatch):
    """macOS hands a double-clicked file over as a QFileOpenEvent: it goes to the upload flow."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    monkeypatch.setattr(sample_window, "import_stored", lambda file_id: None)  # no dialog in this test
    app.opened.connect(sample_window.handle_request)  # as run_app connects it
    try:
        QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(DATA / "people.json")))
        names = [f["name"] for f in fs.open(admin, sample_window.pane.space_id).files.list()]
        assert names == ["people.json"]
        link = fs.open(admin, sample_window.pane.space_id).guests.invite("Mac", "m@x.example")["link"]
        QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(QUrl(link)))
        assert sample_window.guest_windows and sample_window.guest_windows[0].actor.name == "Mac"
    finally:
        app.opened.disconnect(sample_window.handle_request)
        for w in sample_window.guest_windows:
            w.close()
