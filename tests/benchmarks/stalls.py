"""The longest stall of the window's event loop while something runs: a timer on the window's
thread ticks every few milliseconds; the longest gap between two ticks is the longest time
the window could not repaint or answer a key (issue 16: at most 50 ms)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEventLoop, QTimer


class StallMeter:
    def __init__(self, interval_ms: int = 4):
        self.timer = QTimer(interval=interval_ms, timeout=self._tick)
        self.longest = 0.0
        self.last = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.longest, self.last = 0.0, time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        """The longest gap, in seconds (one interval is the floor)."""
        self._tick()
        self.timer.stop()
        return self.longest


def measured(start, done_signal, timeout_s: float = 600) -> tuple[float, float]:
    """(seconds until done_signal, the longest stall) of what start() sets going, the window's
    event loop running meanwhile as the application's would, idle."""
    loop, done = QEventLoop(), []
    done_signal.connect(lambda *_a: (done.append(True), loop.quit()))
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    meter = StallMeter()
    meter.start()
    t = time.perf_counter()
    start()
    if not done:  # it may have finished at once
        loop.exec()
    return time.perf_counter() - t, meter.stop()
