"""SpaceEvents: the one place where what the service changed (domain.changes.Changes) reaches the
window's views. The service calls its listeners from the thread that wrote (an import runs in
a worker); a queued signal brings each Changes to the window's thread, where every pane takes
what concerns its Space (Anki's operation_did_execute)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..domain.changes import Changes


class SpaceEvents(QObject):
    changed = Signal(object)  # a Changes

    def __init__(self, fs, parent=None):
        super().__init__(parent)
        self.fs = fs
        fs.listeners.append(self.deliver)
        self.destroyed.connect(lambda *_a, fs=fs, deliver=self.deliver: _unhook(fs, deliver))

    def deliver(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def close(self) -> None:
        _unhook(self.fs, self.deliver)


def _unhook(fs, deliver) -> None:
    if deliver in fs.listeners:
        fs.listeners.remove(deliver)
