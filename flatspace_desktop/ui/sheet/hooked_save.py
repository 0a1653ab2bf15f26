"""An edit of a sheet that has record hooks, saved off the window's thread.

A record hook is listener code that runs inside the edit's write, and may take its time (a
lookup, a slow check): on the window's thread it froze everything, with no word why. Here the
write runs as a task; the grid takes no other edit until it is done (a second write would wait
for the first's lock anyway), and says what it is waiting for if it takes a moment.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView

from ..tasks import Task

SAY_AFTER_MS = 300


class HookedSave(QObject):
    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.task: Task | None = None
        self._triggers = None

    def busy(self) -> bool:
        return self.task is not None

    def start(self, changes: dict, label: str | None, names: list[str], done, expect: dict | None = None) -> None:
        """names: the listeners whose hooks run. done(problems): on the window's thread, once the
        write is in (not after a refusal)."""
        view, handle = self.view, self.view.handle
        hooks = ", ".join(names)
        saying = f"Saving: the record hook{'s' if len(names) > 1 else ''} of {hooks} {'are' if len(names) > 1 else 'is'} running…"
        task = self.task = Task(f"Saving ({hooks})", lambda _p, _c: handle.update(changes, label=label, expect=expect),
                                     self)
        self._triggers = [(t, t.editTriggers()) for t in self._tables()]
        for t, _was in self._triggers:
            t.setEditTriggers(QAbstractItemView.NoEditTriggers)
        slow = QTimer(task, singleShot=True, interval=SAY_AFTER_MS,
                      timeout=lambda: view.message.emit(saying))
        task.succeeded.connect(done)
        task.failed.connect(view._refused)
        task.finished.connect(self._finished)
        slow.start()
        task.start()

    def _finished(self) -> None:
        task, self.task = self.task, None
        for t, was in self._triggers:
            t.setEditTriggers(was)
        self.view.model.refresh_cells()
        self.view.undoChanged.emit()
        task.deleteLater()

    def _tables(self) -> list:
        table = self.view.table
        return [table] + ([table.frozen.view] if table.frozen is not None else [])

    def wait(self) -> None:
        """The view is going: its save finishes first (a write is never cut off)."""
        if self.task is not None:
            self.task.wait()
