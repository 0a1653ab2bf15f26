"""The status bar: a message, the current sheet's counts, and the progress of long work."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar


class StatusBar(QStatusBar):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.counts = QLabel(objectName="status-counts")
        self.progress = QProgressBar(objectName="status-progress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel = QPushButton("Cancel", objectName="status-cancel")
        self._title, self._total = "", None
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.cancel)
        self.addPermanentWidget(self.counts)
        self.idle()

    def show_counts(self, counts: dict | None) -> None:
        if not counts:
            self.counts.clear()
            return
        shown = counts.get("shown", counts["total"])
        prefix = f"{shown:,} shown · " if shown != counts["total"] else ""
        self.counts.setText(f"{prefix}{counts['total']:,} records · {counts['valid']:,} valid · "
                            f"{counts['error']:,} with errors")

    def busy(self, title: str, total: int | None = None) -> None:
        self._title, self._total = title, total
        self.progress.setFormat(f"{title}…" if not total else f"{title}: %p%")
        # Without a total the bar stays empty and its text counts: the style's moving "busy" bar
        # repainted the window dozens of times a second, each frame waiting while work ran
        self.progress.setRange(0, total or 1)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel.show()
        self.cancel.setEnabled(True)

    def step(self, done: int) -> None:
        if self._total:
            self.progress.setValue(min(done, self.progress.maximum()))
        else:
            self.progress.setFormat(f"{self._title}: {done:,} rows")

    def idle(self) -> None:
        self.progress.hide()
        self.cancel.hide()
