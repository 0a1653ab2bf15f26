"""The space sidebar: a tree of plain nodes built from the service's view of a Space, and a
small QAbstractItemModel over it. Pinned workbooks come first, then the others, each with
its sheets; then Files, Documents (in the order they were added), Users, Theme, Metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication

from ..icons import icon

DISPLAY, DECORATION, TOOLTIP, ALIGN, FOREGROUND = 0, 1, 3, 7, 9
KEY_ROLE = 256
SECTIONS = (("files", "Files"), ("documents", "Documents"), ("users", "Users"),
            ("theme", "Theme"), ("metadata", "Metadata"), ("listeners", "Listeners"))


@dataclass(eq=False)
class Node:
    kind: str  # workbook | sheet | section | file | document
    label: str
    key: tuple
    payload: Any = None
    count: str = ""
    tooltip: str = ""
    icon: str = ""
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = None

    def add(self, child: "Node") -> "Node":
        child.parent = self
        self.children.append(child)
        return child


GUEST_SECTIONS = ("files", "documents")  # a guest sees no users, theme or metadata


def build_tree(info: dict, documents: list[dict] | None = None, files: list[dict] | None = None,
               guest: bool = False) -> Node:
    root = Node("root", info.get("name", ""), ("root",))
    workbooks = sorted(info.get("workbooks", []), key=lambda w: (0 if "pinned" in w["labels"] else 1))
    for wb in workbooks:
        pinned = "pinned" in wb["labels"]
        wnode = root.add(Node("workbook", wb["name"], ("workbook", wb["id"]), wb, icon="pinned" if pinned else "workbook",
                              tooltip=f"{wb['name']}" + (" (pinned)" if pinned else "")))
        for s in wb["sheets"]:
            c = s.get("counts", {})
            tip = (f"{c.get('total', 0):,} records, {c.get('valid', 0):,} valid, {c.get('error', 0):,} with errors"
                   if c else s["name"])
            wnode.add(Node("sheet", s["name"], ("sheet", wb["id"], s["slug"]), {**s, "workbook_id": wb["id"]},
                           count=f"{c.get('total', 0):,}" if c else "", tooltip=tip, icon="sheet"))
    for kind, label in SECTIONS:
        if guest and kind not in GUEST_SECTIONS:
            continue
        section = root.add(Node("section", label, ("section", kind), kind, icon=kind))
        if kind == "documents":
            for d in documents or []:
                section.add(Node("document", d["title"], ("document", d["id"]), d, icon="document"))
            section.count = str(len(documents or [])) if documents else ""
        if kind == "files":
            for f in files or []:
                section.add(Node("file", f["name"], ("file", f["id"]), f, icon="document",
                                 tooltip=f"{f['name']}: {f['status']}" + (f" ({f['error']})" if f["error"] else "")))
            section.count = str(len(files or [])) if files else ""
    return root


class SidebarModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.root = Node("root", "", ("root",))
        self.tints: tuple | None = None  # (icons, selected icons, counts, workbook titles); None: the desktop's

    def set_tints(self, tints: tuple | None) -> None:
        """The sidebar's colours changed (a theme, a preview, the scheme): icons and counts follow."""
        if tints != self.tints:
            self.tints = tints
            self._repaint(QModelIndex())

    def _repaint(self, parent: QModelIndex) -> None:
        n = self.rowCount(parent)
        if n:
            self.dataChanged.emit(self.index(0, 0, parent), self.index(n - 1, 1, parent), [DECORATION, FOREGROUND])
        for r in range(n):
            self._repaint(self.index(r, 0, parent))

    def set_tree(self, root: Node) -> None:
        self.beginResetModel()
        self.root = root
        self.endResetModel()

    def node(self, index: QModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self.node(parent).children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: A003 (Qt's name)
        if not index.isValid():
            return QModelIndex()
        up = index.internalPointer().parent
        if up is None or up is self.root:
            return QModelIndex()
        return self.createIndex(up.parent.children.index(up), 0, up)

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 2

    def data(self, index: QModelIndex, role: int = DISPLAY):
        if not index.isValid():
            return None
        n: Node = index.internalPointer()
        if index.column() == 1:
            if role == DISPLAY:
                return n.count or None
            if role == ALIGN:
                return int(Qt.AlignRight | Qt.AlignVCenter)
            if role == FOREGROUND:
                if self.tints:
                    return QColor(self.tints[2])
                return QGuiApplication.palette().placeholderText().color()
            return None
        if role == DISPLAY:
            return n.label
        if role == FOREGROUND and n.kind == "workbook" and self.tints and len(self.tints) > 3:
            return QColor(self.tints[3])  # a workbook heads its sheets: the theme's sidebar.titleColor
        if role == DECORATION and n.icon:
            return icon(n.icon, *self.tints[:2]) if self.tints else icon(n.icon)
        if role == TOOLTIP:
            return n.tooltip or None
        if role == KEY_ROLE:
            return n.key
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable

    def find(self, key: tuple) -> QModelIndex:
        def walk(node: Node, parent: QModelIndex):
            for row, child in enumerate(node.children):
                idx = self.index(row, 0, parent)
                if child.key == key:
                    return idx
                hit = walk(child, idx)
                if hit is not None:
                    return hit
            return None

        return walk(self.root, QModelIndex()) or QModelIndex()
