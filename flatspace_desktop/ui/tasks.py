"""Long work off the window's thread: a service call in a QThread, with progress and cancel.

The call gets two callables, progress(n) and cancelled(); the service checks cancelled()
between batches and rolls back. Results and errors come back as signals on the window's thread.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from typing import Any, Callable

from PySide6.QtCore import QThread, Signal

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
    """On the window's thread, before any task starts."""
    for name in WORK_MODULES:
        importlib.import_module(name)  # a second call finds each in sys.modules


class Task(QThread):
    progressed = Signal(int)
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
