"""Long work off the window's thread: a service call in a QThread, with progress and cancel.

The call gets two callables, progress(n) and cancelled(); the service checks cancelled()
between batches and rolls back. Results and errors come back as signals on the window's thread.
"""

from __future__ import annotations

import gc
import importlib
import logging
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal

from ..domain.errors import FlatspaceError

log = logging.getLogger(__name__)

# What tasks import on first use, imported on the window's thread as the window is made:
# PySide reads the source of each module imported after it (its feature check), holding the
# interpreter lock, which stalled the window 60 ms when a task's thread did it. Never on a
# timer: a task's thread importing the same package meanwhile finds it half made (seen:
# ImportError from rapidfuzz).
WORK_MODULES = ("flatspace_desktop.services.importing", "flatspace_desktop.services.export",
                "flatspace_desktop.storage.findreplace", "flatspace_desktop.storage.history",
                "flatspace_desktop.storage.portable", "flatspace_desktop.storage.rebuild", "rapidfuzz.fuzz")


def warm_up() -> None:
    """On the window's thread, before any task starts. Then what is loaded by now (Qt's
    wrappers, every module) is set aside from the garbage collector: a full collection walks
    every object, holding the interpreter lock, and one started by a task's allocations stalled
    the window 50-60 ms; these objects live as long as the program anyway."""
    for name in WORK_MODULES:
        importlib.import_module(name)  # a second call finds each in sys.modules
    gc.collect()
    gc.freeze()


class Task(QThread):
    progressed = Signal(int)
    noted = Signal(str)  # what the work says it is doing (a job's info), for the status bar
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, title: str, fn: Callable[[Callable[[int], None], Callable[[], bool]], Any], parent=None):
        super().__init__(parent)
        self.title = title
        self.fn = fn
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def run(self) -> None:
        try:
            result = self.fn(self.progressed.emit, lambda: self._cancel)
        except FlatspaceError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: say so plainly, keep the details in the log
            log.error("%s failed:\n%s", self.title, traceback.format_exc())
            self.failed.emit(f"{self.title} failed unexpectedly: {exc}")
        else:
            self.succeeded.emit(result)


class LatestRead(QObject):
    """Reads whose newest answer alone matters, off the window's thread (a sheet's ids and
    counts after a write: 50-200 ms of SQLite at a million records, which on the window's thread
    is a stall). One runs at a time; asked again meanwhile, the newest ask runs when it ends and
    those in between are dropped. Its answer reaches `apply` on the window's thread."""

    failed = Signal(str)

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.title = title
        self._task: Task | None = None
        self._next: tuple | None = None

    def read(self, fn: Callable[[], Any], apply: Callable[[Any], None]) -> None:
        if self._task is not None:
            self._next = (fn, apply)
        else:
            self._start(fn, apply)

    def busy(self) -> bool:
        return self._task is not None

    def stop(self) -> None:
        """Wait for the read running (the widget it answers is going); drop those waiting."""
        self._next = None
        if self._task is not None:
            self._task.wait()

    def _start(self, fn, apply) -> None:
        self._task = Task(self.title, lambda _progress, _cancelled: fn(), self)
        self._apply = apply
        self._task.succeeded.connect(self._answer)
        self._task.failed.connect(self.failed)
        self._task.finished.connect(self._done)
        self._task.start()

    def _answer(self, result) -> None:
        if self._next is None:  # a newer ask is waiting: this answer is already old
            self._apply(result)

    def _done(self) -> None:
        self._task.deleteLater()
        self._task = None
        if self._next is not None:
            fn, apply = self._next
            self._next = None
            self._start(fn, apply)
