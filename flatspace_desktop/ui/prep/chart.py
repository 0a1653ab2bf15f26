"""A bar chart drawn with QPainter: a histogram's bins side by side, or the top values as
horizontal bars. A click on a bar says which (the profile makes a facet of it)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

PAD = 6


class BarChart(QWidget):
    barClicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bars: list[tuple[str, int]] = []
        self.vertical = True  # histogram: bins side by side; else top values, one per line
        self.setMinimumHeight(140)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMouseTracking(True)

    def set_bars(self, bars: list[tuple[str, int]], vertical: bool) -> None:
        self.bars, self.vertical = bars, vertical
        self.setToolTip("")
        self.update()

    def _rects(self) -> list[QRectF]:
        n = len(self.bars)
        if not n:
            return []
        peak = max(c for _l, c in self.bars) or 1
        w, h = self.width() - 2 * PAD, self.height() - 2 * PAD
        if self.vertical:
            step = w / n
            return [QRectF(PAD + i * step + 1, PAD + h * (1 - c / peak), max(1.0, step - 2), h * c / peak)
                    for i, (_l, c) in enumerate(self.bars)]
        step = h / n
        return [QRectF(PAD, PAD + i * step + 1, max(1.0, w * c / peak), max(1.0, step - 2))
                for i, (_l, c) in enumerate(self.bars)]

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        p.setPen(Qt.NoPen)
        p.setBrush(pal.highlight())
        for r in self._rects():
            p.drawRect(r)
        if not self.vertical:  # each bar's value over it, in the text colour
            p.setPen(pal.text().color())
            for r, (label, count) in zip(self._rects(), self.bars):
                p.drawText(r.adjusted(4, 0, self.width(), 0), Qt.AlignVCenter | Qt.AlignLeft, f"{label}  {count:,}")
        if not self.bars:
            p.setPen(pal.placeholderText().color())
            p.drawText(self.rect(), Qt.AlignCenter, "Nothing to chart")
        p.end()

    def _at(self, pos) -> int:
        for i, r in enumerate(self._rects()):
            full = QRectF(r.left(), PAD, r.width(), self.height()) if self.vertical else \
                QRectF(PAD, r.top(), self.width(), r.height())
            if full.contains(pos):
                return i
        return -1

    def mouseMoveEvent(self, event) -> None:
        i = self._at(event.position())
        self.setToolTip(f"{self.bars[i][0]}: {self.bars[i][1]:,} records (click to show them)" if i >= 0 else "")

    def mousePressEvent(self, event) -> None:
        i = self._at(event.position())
        if i >= 0:
            self.barClicked.emit(i)
