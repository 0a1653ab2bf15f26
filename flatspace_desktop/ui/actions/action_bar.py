"""Where actions are shown: a workbook's as buttons (the primary one highlighted, rightmost, as
Flatfile puts them at the top right), a sheet's in an Actions menu with its primary ones also as
buttons. Each is off while its constraints say so, with the reason as its tooltip. The actions
and their state are read off the window's thread (counts at a million records take a while)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from ..tasks import LatestRead
from .runner import run_action

PRIMARY_STYLE = ("QPushButton#primary-action { background: palette(highlight); color: palette(highlighted-text); "
                 "font-weight: 600; padding: 3px 12px; } "
                 "QPushButton#primary-action:disabled { background: palette(midlight); color: palette(mid); } "
                 # room for the menu's arrow: a style draws it over the text's last letter otherwise
                 "QToolButton#actions-menu { padding-right: 14px; }")


def tip(a: dict) -> str:
    why = a.get("refused")
    text = a.get("tooltip") or a.get("description") or a["label"]
    return f"{text}\n\nOff: {why}" if why else text


class ActionBar(QWidget):
    """read() gives a function (run off the window's thread) that lists the actions as the
    service does; trigger(a) runs one."""

    def __init__(self, read, trigger, menu_text: str | None = "Actions", keep=lambda a: True, parent=None,
                 whose: str = ""):
        super().__init__(parent)
        self._read, self._trigger, self.menu_text, self._keep = read, trigger, menu_text, keep
        self.whose = whose  # "the sheet's", "the workbook's": said on a button another bar may repeat
        self.neighbour: "ActionBar | None" = None  # the bar beside it, whose labels may be the same
        self._twins: set[str] = set()
        self.actions_shown: list[dict] = []
        self.all_actions: list[dict] = []  # those not shown here too (a sheet's field actions)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(4)
        self.setStyleSheet(PRIMARY_STYLE)
        self.reader = LatestRead("Reading the actions", self)
        self.hide()

    def refresh(self) -> None:
        self.reader.read(self._read(), self.show_actions)  # read() gives the function to run off the thread

    def stop(self) -> None:
        """The page is going: wait for the read running, drop any waiting."""
        self.reader.stop()

    def trigger(self, a: dict) -> None:
        self._trigger(a)

    def show_actions(self, actions: list[dict], echo: bool = True) -> None:
        self.all_actions = actions
        self.actions_shown = [a for a in actions if self._keep(a)]
        self._render()
        other = self.neighbour
        if echo and other is not None and other.actions_shown and other._twins != other._twins_now():
            other.show_actions(other.all_actions, echo=False)  # its buttons' labels say whose now

    def button_labels(self) -> set[str]:
        return {a["label"] for a in self.actions_shown if a["primary"] or self.menu_text is None}

    def _twins_now(self) -> set[str]:
        return self.button_labels() & self.neighbour.button_labels() if self.neighbour is not None else set()

    def _render(self) -> None:
        actions = self.actions_shown
        self._twins = twins = self._twins_now()
        while self.layout_.count():
            w = self.layout_.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        if self.menu_text is not None and actions:  # a sheet's: all in its menu, the primary ones as buttons too
            more = QToolButton(text=self.menu_text, objectName="actions-menu", popupMode=QToolButton.InstantPopup)
            menu = QMenu(more)
            for a in actions:
                act = menu.addAction(a["label"], lambda a=a: self._trigger(a))
                act.setEnabled(not a.get("refused"))
                act.setToolTip(tip(a))
                act.setObjectName(f"action-{a['operation']}")
            menu.setToolTipsVisible(True)
            more.setMenu(menu)
            shown = [a for a in actions if a["primary"]]
        else:
            more, shown = None, sorted(actions, key=lambda a: a["primary"])  # the primary rightmost
        for a in shown:
            # Two "Duplicate" buttons side by side (the sheet's, the workbook's): each says whose
            label = f"{a['label']} ({a['domain']})" if a["label"] in twins else a["label"]
            b = QPushButton(label, objectName="primary-action" if a["primary"] else "action")
            b.setEnabled(not a.get("refused"))
            b.setToolTip(f"{tip(a)}\n\n({self.whose} action)" if self.whose else tip(a))
            b.setProperty("operation", a["operation"])
            b.clicked.connect(lambda _=False, a=a: self._trigger(a))
            self.layout_.addWidget(b)
        if more is not None:
            self.layout_.addWidget(more)
        self.setVisible(bool(actions))

    def buttons(self) -> dict[str, QPushButton]:
        return {b.property("operation"): b for b in self.findChildren(QPushButton)}


def action_runner(window_of, open_session, rids=lambda: None, view=lambda: None, done=None):
    """The trigger an ActionBar (or a menu) calls: runs the action from the window."""
    def trigger(a: dict) -> None:
        from ...domain.records import View

        run_action(window_of(), open_session, a, rids(), view() or View(), done)
    return trigger
