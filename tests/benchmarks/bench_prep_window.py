"""The Data menu driven by keys on a big sheet: `python tests/benchmarks/bench_prep_window.py [--rows N]`.

With the real MainWindow showing N generated orders (bench_import's file), presses what a
person presses and waits for what they would wait to see, reporting how long each took and the
longest time the window's event loop could not run meanwhile (could not repaint or answer a
key), dialogs included:
  - Ctrl+Shift+P on the city column: the profile dock's counts and chart
  - Ctrl+Shift+X: the Transform dialog, upper case of city, its preview, Run, the grid changed
  - Ctrl+Z and Ctrl+Y of that transform (past 200,000 cells: a snapshot restored), as a task
  - Ctrl+Shift+K on customer: the Cluster dialog's clusters (closed without merging)
  - Data ▸ Remove duplicate records by customer: its review, Remove (all but one record of each
    of the 100 names), Ctrl+Z
Issue 17 asks each tool to work at 1M from the window; issue 16 that no stall passes 50 ms.
The figures are reported, no target is asserted. Offscreen unless there is a display.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TIMEOUT_S = 900
STEPS = ("profile", "transform", "clusters", "dedupe")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=STEPS, action="append", help="run just these (repeatable)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="flatspace-prep-window-"))
    try:
        run(work, args.rows, set(args.only or STEPS))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, rows: int, steps: set[str]) -> None:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from stalls import StallMeter, window_on_orders
    from flatspace_desktop.ui.prep.cluster_dialog import ClusterDialog
    from flatspace_desktop.ui.prep.dedupe_dialog import DedupeDialog
    from flatspace_desktop.ui.prep.transform_dialog import TransformDialog

    fs, _actor, _space_id, _sheet_ref, window = window_on_orders(work, rows, "Prep window")
    view = window.pane.current_sheet()
    results: list[tuple[str, float, float]] = []

    def wait(done, timeout_s: float = TIMEOUT_S) -> None:
        """Turn the event loop (as the idle application does) until done() is true."""
        end = time.perf_counter() + timeout_s
        while not done():
            if time.perf_counter() > end:
                raise SystemExit("timed out waiting")
            loop = QEventLoop()
            QTimer.singleShot(5, loop.quit)
            loop.exec()

    wait(lambda: view.model.rowCount() == rows)
    print(f"window showing {rows:,} records")

    def measure(what: str, press, done) -> None:
        meter = StallMeter()
        meter.start()
        t = time.perf_counter()
        press()
        wait(done)
        took = time.perf_counter() - t
        wait(lambda: time.perf_counter() - t > took + 1.0)  # the window takes in the result: measured too
        results.append((what, took, meter.stop()))
        print(f"  {what}: {took:.2f} s", flush=True)

    def when_dialog(kind, act) -> None:
        """act(dialog) once a modal `kind` dialog is open (its own event loop runs meanwhile)."""
        timer = QTimer(window, interval=10)

        def look():
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, kind):
                timer.stop()
                act(dialog)
        timer.timeout.connect(look)
        timer.start()

    def key(k, mods=Qt.NoModifier) -> None:
        window.activateWindow()
        view.table.setFocus()
        QTest.keyClick(window.windowHandle(), k, mods)

    def at(field: str) -> None:
        view.table.setCurrentIndex(view.model.index(0, view.model.keys.index(field)))

    def first(field: str):
        return view.model.index(0, view.model.keys.index(field)).data()

    def idle() -> bool:
        return window.task is None

    seen: dict = {}

    def profile() -> None:
        at("city")
        dock = window.profile_dock
        measure("profile dock of city (Ctrl+Shift+P)", lambda: key(Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier),
                lambda: dock.stats.text().startswith(f"{rows:,} records"))

    def transform() -> None:  # then undo and redo it
        at("city")
        city = first("city")
        stage = {}

        def act(dialog) -> None:
            dialog.op.setCurrentIndex(dialog.op.findData("change_case"))
            dialog.form.editors["case"][1].setCurrentText("upper")

            def ready():
                if dialog.table.rowCount() > 0 and dialog.run.isEnabled():
                    timer.stop()
                    stage["preview"] = time.perf_counter()
                    dialog.run.click()
            timer = QTimer(dialog, interval=10, timeout=ready)
            timer.start()

        when_dialog(TransformDialog, act)
        measure("transform dialog: upper case of city, preview and run (Ctrl+Shift+X)",
                lambda: (stage.update(start=time.perf_counter()),
                         key(Qt.Key_X, Qt.ControlModifier | Qt.ShiftModifier)),
                lambda: idle() and "preview" in stage and first("city") == city.upper())
        print(f"    (its preview shown after {stage['preview'] - stage['start']:.2f} s)")
        measure("undo of the transform (Ctrl+Z)", lambda: key(Qt.Key_Z, Qt.ControlModifier),
                lambda: idle() and first("city") == city)
        measure("redo of the transform (Ctrl+Y)", lambda: key(Qt.Key_Y, Qt.ControlModifier),
                lambda: idle() and first("city") == city.upper())

    def clusters() -> None:  # looked at, not merged
        at("customer")

        def act(dialog) -> None:
            def shown():
                if dialog.table.rowCount() > 0 or "no clusters" in dialog.status.text().lower():
                    timer.stop()
                    seen["clusters"] = dialog.table.rowCount()
                    dialog.reject()
            timer = QTimer(dialog, interval=10, timeout=shown)
            timer.start()

        when_dialog(ClusterDialog, act)
        measure("cluster dialog of customer, its clusters shown (Ctrl+Shift+K)",
                lambda: key(Qt.Key_K, Qt.ControlModifier | Qt.ShiftModifier), lambda: "clusters" in seen)

    def dedupe() -> None:  # then undone
        def act(dialog) -> None:
            for i in range(dialog.keys.count()):
                item = dialog.keys.item(i)
                item.setCheckState(Qt.Checked if item.data(Qt.UserRole) == "customer" else Qt.Unchecked)

            def reviewed():
                if "to remove" in dialog.review.toPlainText() and dialog.remove.isEnabled():
                    timer.stop()
                    seen["review"] = dialog.review.toPlainText().splitlines()[0]
                    dialog.remove.click()
            timer = QTimer(dialog, interval=10, timeout=reviewed)
            timer.start()

        when_dialog(DedupeDialog, act)
        measure("remove duplicates by customer: review and remove", lambda: window.prep.act_dedupe.trigger(),
                lambda: idle() and "review" in seen and view.model.rowCount() < rows)
        seen["left"] = view.model.rowCount()
        measure("undo of the removal (Ctrl+Z)", lambda: key(Qt.Key_Z, Qt.ControlModifier),
                lambda: idle() and view.model.rowCount() == rows)

    for name, step in zip(STEPS, (profile, transform, clusters, dedupe)):
        if name in steps:
            step()
    print(f"\n{'at ' + format(rows, ',') + ' records':<72}{'seconds':>9}{'longest stall ms':>18}")
    for what, took, stall in results:
        print(f"{what:<72}{took:>9.2f}{stall * 1000:>18.0f}")
    if "clusters" in seen:
        print(f"\n{seen['clusters']:,} clusters of customer")
    if "review" in seen:
        print(f"dedupe review: {seen['review']}; {seen['left']:,} records were left, and all {rows:,} were back "
              "after Ctrl+Z")
    worst = max(r[2] for r in results)
    print(f"target (issue 16): no stall over 50 ms; the longest was {worst * 1000:.0f} ms")
    window.close()
    fs.close()


if __name__ == "__main__":
    main()
