"""One window per user and data root: a second launch hands its files and links to the running
one over a local socket, and exits. A socket left by a crashed instance is removed."""

from __future__ import annotations

import getpass
import hashlib
import json

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

WAIT_MS = 1500


def server_name(data_root) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no login name: still one name per data root
        user = "owner"
    digest = hashlib.sha1(f"{user}\0{data_root}".encode()).hexdigest()[:16]
    return f"flatspace-{digest}"


def hand_over(name: str, message: dict) -> bool:
    """True when a running instance took the message (this launch should then exit)."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(WAIT_MS):
        return False
    sock.write(json.dumps(message).encode() + b"\n")
    sock.flush()
    sock.waitForBytesWritten(WAIT_MS)  # False when flush() already wrote it all: not a failure
    ok = sock.waitForReadyRead(WAIT_MS * 2) and sock.readAll().data().startswith(b"ok")
    sock.disconnectFromServer()
    return bool(ok)


def _answers(name: str) -> bool:
    sock = QLocalSocket()
    sock.connectToServer(name)
    alive = sock.waitForConnected(300)
    sock.abort()
    return alive


class InstanceServer(QObject):
    received = Signal(dict)

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.UserAccessOption)
        if not self.server.listen(name) and not _answers(name):
            QLocalServer.removeServer(name)  # left behind by an instance that did not close
            self.server.listen(name)
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._read(s))
            self._read(sock)  # what arrived before the signal was connected

    def _read(self, sock) -> None:
        if not sock.canReadLine():
            return
        try:
            message = json.loads(bytes(sock.readLine().data()).decode())
        except ValueError:
            sock.disconnectFromServer()
            return
        sock.write(b"ok\n")
        sock.flush()
        self.received.emit(message if isinstance(message, dict) else {})

    def close(self) -> None:
        self.server.close()
