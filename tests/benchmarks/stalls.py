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


def window_on_orders(work, rows: int, name: str):
    """bench_import's N generated orders imported by the command line into a new Space, and the
    real MainWindow showing them: (fs, actor, space id, sheet ref, window)."""
    import subprocess

    from PySide6.QtCore import QSettings

    from bench_import import ROOT, generate, make_space
    from flatspace_desktop.domain.access import local_admin
    from flatspace_desktop.services.app import Flatspace
    from flatspace_desktop.ui.app import make_app
    from flatspace_desktop.ui.main_window import MainWindow
    from flatspace_desktop.ui.settings import WindowSettings

    csv_path = work / "orders.csv"
    generate(csv_path, rows)
    cmd, space_id = make_space(work, work / "home", name)
    subprocess.run(cmd + ["import", space_id, str(csv_path), "--sheet", "orders"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    make_app([])
    fs = Flatspace(work / "home")
    actor = local_admin()
    sheet_ref = f"{fs.open(actor, space_id).info(counts=False)['workbooks'][0]['id']}/orders"
    window = MainWindow(fs, actor, WindowSettings(QSettings(str(work / "settings.ini"), QSettings.IniFormat)))
    window.resize(1400, 900)
    window.show()
    window.pane.select_key(window.pane.sheet_key(sheet_ref))
    return fs, actor, space_id, sheet_ref, window
