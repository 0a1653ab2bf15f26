"""The column profile, docked beside the grid: counts (records, empty, distinct, invalid), a
chart (a histogram for numbers and dates, the top values for the rest) and the column's values
to tick. Ticked values, or a clicked bar of the histogram, narrow the grid to those records
(a facet, combined with its filter and search). It follows the column the person is on."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QDockWidget, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from ...domain.records import Facet
from ..tasks import LatestRead
from .chart import BarChart

FACET_VALUES = 200  # values listed to tick, most frequent first


class ProfileDock(QDockWidget):
    def __init__(self, parent=None):
        super().__init__("Column profile", parent, objectName="profile-dock")
        self.setAllowedAreas(Qt.RightDockWidgetArea | Qt.LeftDockWidgetArea)
        self.view = None  # the SheetView profiled
        self.field: str | None = None
        self.result: dict | None = None
        self.picked: set = set()
        body = QWidget()
        self.title = QLabel(objectName="profile-title", wordWrap=True)
        self.stats = QLabel(objectName="profile-stats", wordWrap=True)
        self.chart = BarChart()
        self.chart.setObjectName("profile-chart")
        self.chart.barClicked.connect(self._bar)
        self.values = QListWidget(objectName="profile-values")
        self.apply = QPushButton("Show records with the ticked values", objectName="profile-apply")
        self.apply.clicked.connect(self._tick_facet)
        self.clear = QPushButton("Show all", objectName="profile-clear")
        self.clear.clicked.connect(lambda: self.view and self.view.facet_chip.set_facets(()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply, 1)
        buttons.addWidget(self.clear)
        layout = QVBoxLayout(body)
        for w in (self.title, self.stats):
            layout.addWidget(w)
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.values, 3)
        layout.addLayout(buttons)
        self.setWidget(body)
        self._again = QTimer(self, singleShot=True, interval=300, timeout=self._reread)
        self.reader = LatestRead("Profiling", self)
        self.reader.failed.connect(self.stats.setText)
        self.hide()

    def show_for(self, view, field: str | None) -> None:
        if self.view is not view:
            if self.view is not None:
                self._unfollow()
            self.view = view
            view.table.selectionModel().currentChanged.connect(self._moved)
            view.model.modelReset.connect(self._again.start)
            view.model.dataChanged.connect(self._again.start)  # a transform, a merge, an undo: counted anew
            view.destroyed.connect(self._gone)
        self.show()
        self.raise_()
        self.profile(field)

    def _unfollow(self) -> None:
        try:
            self.view.table.selectionModel().currentChanged.disconnect(self._moved)
            self.view.model.modelReset.disconnect(self._again.start)
            self.view.model.dataChanged.disconnect(self._again.start)
        except (RuntimeError, TypeError):  # the view went already
            pass

    def _gone(self, *_a) -> None:
        self.view = None
        self.hide()

    def _moved(self, current, previous) -> None:
        if self.isVisible() and current.isValid() and current.column() != previous.column():
            self.profile(self.view.model.keys[current.column()])

    def _reread(self) -> None:
        if self.isVisible() and self.field:
            self.profile(self.field)

    def profile(self, field: str | None) -> None:
        if self.view is None or field is None:
            return
        self.field = field
        handle, view = self.view.handle, self.view.current_view()
        # Its own facet aside, as OpenRefine does: the values stay there to tick more of them
        picked = next((f for f in view.facets if f.key == field), None)
        self.picked = set(picked.values) if picked else set()
        view = replace(view, facets=tuple(f for f in view.facets if f.key != field))
        label = handle.sheet.field(field).label
        narrowed = (" (the records in view; this column's own ticks aside)" if view.filter != "all" or view.search
                    or view.facets else "")
        self.title.setText(f"<b>{label}</b>{narrowed}")
        self.stats.setText("Counting…")

        self.reader.read(lambda: handle.session().prep.profile(handle.sheet_ref, field, view, values=FACET_VALUES),
                         self._show)

    def _show(self, prof: dict) -> None:
        facet = prof["facet"]
        self.result = prof
        distinct = f"{prof['distinct']:,}" if prof["distinctExact"] else f"at least {prof['distinct']:,}"
        self.stats.setText(f"{prof['records']:,} records · {prof['empty']:,} empty · {distinct} distinct · "
                           f"{prof['invalid']:,} invalid")
        hist = prof["histogram"]
        if hist:
            self.chart.set_bars([(b["label"], b["count"]) for b in hist["bins"]], vertical=True)
        else:
            self.chart.set_bars([(_shown(t["value"]), t["count"]) for t in prof["top"]], vertical=False)
        self.values.clear()
        for v in facet["values"]:
            item = QListWidgetItem(f"{_shown(v['value'])}   {v['count']:,}" + (f"  ({v['invalid']:,} invalid)"
                                                                                if v["invalid"] else ""))
            item.setData(Qt.UserRole, v["value"])
            item.setCheckState(Qt.Checked if v["value"] in self.picked else Qt.Unchecked)
            self.values.addItem(item)
        if facet["distinct"] > len(facet["values"]):
            more = QListWidgetItem(f"… and {facet['distinct'] - len(facet['values']):,} more values")
            more.setFlags(Qt.ItemIsEnabled)  # not a value to tick
            self.values.addItem(more)

    def _tick_facet(self) -> None:
        picked = tuple(self.values.item(i).data(Qt.UserRole) for i in range(self.values.count())
                       if self.values.item(i).checkState() == Qt.Checked)
        if self.view is None:
            return
        if picked:
            self._narrow(Facet(self.field, picked))
        else:  # nothing ticked: this column narrows nothing
            self.view.facet_chip.set_facets(tuple(f for f in self.view.facet_chip.facets if f.key != self.field))

    def _bar(self, i: int) -> None:
        if self.view is None or not self.result:
            return
        hist = self.result["histogram"]
        if hist:
            b = hist["bins"][i]
            self._narrow(Facet(self.field, (), b["low"], b["high"]))
        else:
            self._narrow(Facet(self.field, (self.result["top"][i]["value"],)))

    def _narrow(self, facet: Facet) -> None:
        others = tuple(f for f in self.view.facet_chip.facets if f.key != facet.key)
        self.view.facet_chip.set_facets(others + (facet,))


def _shown(value) -> str:
    return "(empty)" if value is None else str(value)
