"""Frozen columns, as Qt's frozen-column example does it: a second view over the grid's left
edge, sharing its model, selection and delegate, showing the first columns (up to the one the
person froze) while the grid scrolls sideways under it. It scrolls down with the grid."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


class FrozenColumns(QObject):
    changed = Signal()  # the person froze or unfroze columns

    def __init__(self, table):
        super().__init__(table)
        self.table = table
        self.count = 0  # columns frozen, from the left as shown
        view = self.view = QTableView(table, objectName="frozen-columns")
        view.setModel(table.model())
        view.setSelectionModel(table.selectionModel())
        # A delegate of its own: a view takes every commit its delegate signals as its editor's
        view.setItemDelegate(type(table.itemDelegate())(table.model(), view))
        view.setFocusPolicy(Qt.NoFocus)
        view.setSelectionBehavior(table.selectionBehavior())
        view.setSelectionMode(table.selectionMode())
        view.setEditTriggers(QAbstractItemView.DoubleClicked)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        view.verticalHeader().setDefaultSectionSize(table.verticalHeader().defaultSectionSize())
        view.horizontalHeader().setSectionResizeMode(QHeaderView.Fixed)
        view.horizontalHeader().setHighlightSections(False)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        view.setVerticalScrollMode(table.verticalScrollMode())
        view.setStyleSheet("QTableView#frozen-columns { border: none; border-right: 2px solid palette(mid); }")
        view.hide()
        table.verticalScrollBar().valueChanged.connect(view.verticalScrollBar().setValue)
        view.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
        hh = table.horizontalHeader()
        for signal in (hh.sectionResized, hh.sectionMoved, hh.geometriesChanged):
            signal.connect(lambda *_a: self.follow())
        table.model().modelReset.connect(self.follow)

    def freeze(self, count: int) -> None:
        """The first `count` columns as shown stay in view (0: none)."""
        count = max(0, count)
        if count != self.count:
            self.count = count
            self.changed.emit()
        self.follow()

    def follow(self) -> None:
        """Show the frozen columns as the grid's header has them (order, widths, hidden)."""
        if not self.count:
            self.view.hide()
            return
        hh, fh = self.table.horizontalHeader(), self.view.horizontalHeader()
        keep = {hh.logicalIndex(v) for v in range(min(self.count, hh.count()))}
        for logical in range(hh.count()):
            fh.setSectionHidden(logical, logical not in keep or hh.isSectionHidden(logical))
            fh.resizeSection(logical, hh.sectionSize(logical))
            if fh.visualIndex(logical) != hh.visualIndex(logical):
                fh.moveSection(fh.visualIndex(logical), hh.visualIndex(logical))
        width = sum(hh.sectionSize(i) for i in keep if not hh.isSectionHidden(i))
        frame = self.table.frameWidth()
        self.view.setGeometry(self.table.verticalHeader().width() + frame, frame, width,
                              self.table.viewport().height() + hh.height())
        fh.setFixedHeight(hh.height())
        self.view.verticalScrollBar().setValue(self.table.verticalScrollBar().value())
        self.view.show()
        self.view.raise_()

    def frozen_width(self) -> int:
        if not self.count or not self.view.isVisible():
            return 0
        return self.view.width()
