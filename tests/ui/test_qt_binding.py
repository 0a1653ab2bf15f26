"""The Qt binding installed keeps Python's books: a window that runs for hours delivers its
timer's signal thousands of times (PySide6 6.12.0 on Python 3.11 dropped a reference to None
at each delivery, which ends the process once the count runs out)."""

import sys

from PySide6.QtCore import QObject, QTimer, Signal


class _Source(QObject):
    changed = Signal(int)


def test_delivering_signals_to_python_leaves_reference_counts_alone(qapp):
    source = _Source()
    source.changed.connect(lambda _n: None)
    timer = QTimer(interval=0)
    timer.timeout.connect(lambda: None)
    timer.start()
    before = sys.getrefcount(None), sys.getrefcount(False), sys.getrefcount(True)
    for n in range(500):
        source.changed.emit(n)
        qapp.processEvents()
    timer.stop()
    after = sys.getrefcount(None), sys.getrefcount(False), sys.getrefcount(True)
    assert all(a >= b - 50 for a, b in zip(after, before)), (before, after)
