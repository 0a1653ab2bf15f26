"""A sheet view's actions: the sheet's in an Actions menu (its primary ones as buttons too),
its workbook's as buttons, its fields' in their column menus; their state follows the counts
and the selection (hasData, hasAllValid, hasSelection)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFrame

from .action_bar import ActionBar, action_runner


class SheetActions(QObject):
    def __init__(self, view, bar):
        super().__init__(view)
        self.view = view
        handle, ref = view.handle, view.handle.sheet_ref
        wid = int(ref.split("/")[0])
        # The records of the selected cells; the current cell alone, unselected, selects nothing
        self.run = action_runner(view.window, handle.session, rids=lambda: view.selected_rids(current=False) or None,
                                 view=view.current_view)

        def sheet_read():
            rids = view.selected_rids(current=False)  # read here, on the window's thread; their errors there
            return lambda: handle.session().jobs.actions(sheet=ref, rids=rids)

        self.sheet = ActionBar(sheet_read, self.run, keep=lambda a: a["domain"] != "field", whose="The sheet's")
        self.workbook = ActionBar(lambda: lambda: handle.session().jobs.actions(workbook=wid), self.run, menu_text=None,
                                  whose="The workbook's")
        self.sheet.neighbour, self.workbook.neighbour = self.workbook, self.sheet
        bar.addWidget(self.sheet)
        line = QFrame(frameShape=QFrame.VLine, frameShadow=QFrame.Sunken)  # the sheet's, then the workbook's
        bar.addWidget(line)
        self.workbook.setToolTip("The workbook's actions")
        bar.addWidget(self.workbook)
        self._timer = QTimer(self, singleShot=True, interval=300, timeout=self.refresh)
        view.model.countsChanged.connect(lambda *_: self.later())
        self.later()

    def later(self) -> None:
        self._timer.start()

    def refresh(self) -> None:
        self.sheet.refresh()
        self.workbook.refresh()

    def stop(self) -> None:
        self._timer.stop()
        self.sheet.stop()
        self.workbook.stop()

    def field_actions(self, key: str) -> list[dict]:
        """A column's actions: declared on its field, or mounted on it (or on every column)."""
        return [a for a in self.sheet.all_actions if a["domain"] == "field"
                and (a["field"] == key or (a["field"] is None and not a["keys"]))]

    def trigger(self, a: dict) -> None:
        self.run(a)
