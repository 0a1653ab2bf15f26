"""The toolbar's Space switcher: recent Spaces first, read again each time its list opens, so a
Space made by the command line or another window is there to pick."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QComboBox


class SpaceSwitcher(QComboBox):
    def __init__(self, fs, actor, settings, current: Callable[[], str | None]):
        super().__init__(objectName="space-switcher")
        self.fs, self.actor, self.settings, self._current = fs, actor, settings, current
        self.setMinimumContentsLength(24)
        self.setToolTip("Switch Space")

    def reload(self) -> None:
        spaces = self.fs.list_spaces(self.actor)
        recent = [r for r in self.settings.recent() if any(s["id"] == r for s in spaces)]
        order = {sid: i for i, sid in enumerate(recent)}
        spaces.sort(key=lambda s: (order.get(s["id"], len(order)), s["name"].lower()))
        self.blockSignals(True)
        self.clear()
        for s in spaces:
            self.addItem(s["name"], s["id"])
        self.setCurrentIndex(max(0, self.findData(self._current())))
        self.setEnabled(bool(spaces))
        self.blockSignals(False)

    def showPopup(self) -> None:
        if self.isEnabled():
            self.reload()
        super().showPopup()
