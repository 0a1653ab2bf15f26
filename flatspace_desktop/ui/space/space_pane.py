"""The open Space: its sidebar tree and the central view of what is selected in it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QInputDialog, QLabel, QMenu, QMessageBox,
                               QSplitter, QStackedWidget, QTreeView, QVBoxLayout, QWidget)

from ...domain.changes import CELLS, ROWS, Changes
from ...domain.errors import AccessDenied, FlatspaceError
from ..documents.document_view import DocumentsView, DocumentView, new_document
from ..files.files_view import FilesView
from ..actions.action_bar import ActionBar, action_runner
from ..actions.listeners_view import ListenersView
from .section_views import MetadataView, OverviewView, ThemeView
from ..users.users_view import UsersView
from ..sheet.sheet_handle import SheetHandle
from ..sheet.sheet_view import BACKGROUND_MIN, SheetView
from .sidebar_model import KEY_ROLE, SidebarModel, build_tree
from ..style import is_dark
from ..tasks import LatestRead
from ..theme.theming import sidebar_tints

SIDEBAR_MIN_WIDTH = 200


class SpacePane(QSplitter):
    message = Signal(str)
    importRequested = Signal(int)  # a file id: the window asks how to import it
    exportWorkbookRequested = Signal(dict)
    timelineRequested = Signal(str)  # a sheet ref, or "" for the Space
    themeEditorRequested = Signal()
    uploadRequested = Signal()
    countsChanged = Signal(object)  # dict, or None when no sheet is shown
    accessLost = Signal(str)  # the guest's link stopped working (why): the window closes the Space
    undoChanged = Signal()  # the shown sheet's undo steps moved, or another sheet (or none) is shown
    serverNoticed = Signal()  # a Team Space's server says another desktop committed (any thread)

    def __init__(self, fs, actor, space_id: str, parent=None):
        super().__init__(Qt.Horizontal, parent)
        self.fs, self.actor, self.space_id = fs, actor, space_id
        self.info: dict = {}
        self.sheet_views: dict[tuple, SheetView] = {}
        self.model = SidebarModel(self)
        self.tree = QTreeView(objectName="sidebar")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.tree.setContextMenuPolicy(Qt.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.stack = QStackedWidget(objectName="central")
        self.theme: dict = {}
        self.logo = QLabel(objectName="sidebar-logo", alignment=Qt.AlignCenter)
        self.logo.hide()
        left = QWidget(objectName="sidebar-pane")
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.setSpacing(0)
        lv.addWidget(self.logo)
        lv.addWidget(self.tree, 1)
        # Who works here, at the foot of the sidebar as in Flatfile (theme: sidebar.footerTextColor).
        who = "admin" if actor.is_admin else "guest, read-only" if actor.read_only else "guest"
        self.footer = QLabel(f"{actor.name} · {who}", objectName="sidebar-footer",
                             toolTip=f"Working as {actor.name} ({who})")
        self.footer.setMinimumWidth(1)  # a long name is clipped, never widening the sidebar
        lv.addWidget(self.footer)
        self.addWidget(left)
        self.addWidget(self.stack)
        self.setStretchFactor(1, 1)
        self.setCollapsible(0, False)
        self.setSizes([250, 900])
        self._counts_timer = QTimer(self, singleShot=True, interval=400, timeout=self._reload_counts)
        self._tree_reader = LatestRead("Counting the records", self)
        self._tree_reader.failed.connect(self.message)
        self._tree_read = 0  # how many times the tree was read on the window's thread
        # Another program (the command line, a second window) may write to this Space.
        self._version = self.fs.data_version(space_id)
        self._seen = self.fs.last_activity(space_id)  # the activity row up to which this pane is current
        self._lost = False  # the guest's link stopped working: the window is closing this pane
        # A hidden pane (another Space is shown) waits: resume() catches up when it is shown.
        self._watch = QTimer(self, interval=1500, timeout=self._tick)
        self._watch.start()
        # A Team Space's server tells when another desktop committed: looked at within a second.
        self._soon = QTimer(self, singleShot=True, interval=50, timeout=self._tick)
        self.serverNoticed.connect(self._soon.start)
        self._server_watch = self._watch_server()
        self.reload_tree()
        self.tree.selectionModel().currentChanged.connect(lambda cur, _p: self._show(cur))
        first = self.model.find(self._first_sheet_key()) if self._first_sheet_key() else QModelIndex()
        self.select(first if first.isValid() else self.model.index(0, 0))

    # ---- the tree
    def _first_sheet_key(self):
        for wb in sorted(self.info.get("workbooks", []), key=lambda w: 0 if "pinned" in w["labels"] else 1):
            for s in wb["sheets"]:
                return ("sheet", wb["id"], s["slug"])
        return None

    def reload_tree(self, counts: bool = True) -> None:
        """Re-read the Space; keep the selection and what was expanded. counts=False: the record
        counts shown stay as they were (a background read brings the new ones)."""
        self._tree_read += 1  # an older read still running in the background is dropped
        if counts and self._holds_big_sheets():
            counts = False
            self._counts_timer.start()
        read = self._read_tree(counts)
        if not counts:
            before = {s["id"]: s.get("counts") for wb in self.info.get("workbooks", []) for s in wb["sheets"]}
            for wb in read[0]["workbooks"]:
                for s in wb["sheets"]:
                    if before.get(s["id"]):
                        s["counts"] = before[s["id"]]
        self._set_tree(read)

    def _holds_big_sheets(self) -> bool:
        return any(s.get("counts", {}).get("total", 0) >= BACKGROUND_MIN
                   for wb in self.info.get("workbooks", []) for s in wb["sheets"])

    def _read_tree(self, counts: bool = True) -> tuple:
        s = self.fs.open(self.actor, self.space_id)
        return s.info(counts=counts), s.documents.list(), s.files.list()

    def _reload_counts(self) -> None:
        """The tree's record counts after writes: counting a million records is the background's."""
        asked = self._tree_read

        def apply(read: tuple) -> None:
            if asked == self._tree_read:
                self._set_tree(read)
        self._tree_reader.read(self._read_tree, apply)

    def _watch_server(self):
        try:
            return self.fs.watch(self.space_id, self.serverNoticed.emit)
        except FlatspaceError:
            return None  # the timer's look every 1.5 s still catches up

    def stop(self) -> None:
        """The pane is going: wait for what its views read in the background."""
        if self._server_watch is not None:
            self._server_watch.stop()
            self._server_watch = None
        self._counts_timer.stop()
        self._tree_reader.stop()
        for view in self.sheet_views.values():
            view.stop()
        for bar in self.findChildren(ActionBar):  # actions being read for a page
            bar.stop()

    def _set_tree(self, read: tuple) -> None:
        current = self.tree.currentIndex().data(KEY_ROLE) if self.tree.currentIndex().isValid() else None
        expanded = {self.model.node(i).key for i in self._all_indexes() if self.tree.isExpanded(i)}
        self.info, documents, files = read
        self.model.set_tree(build_tree(self.info, documents=documents, files=files, guest=not self.actor.is_admin))
        for i in self._all_indexes():
            node = self.model.node(i)
            if node.kind == "workbook" and (node.key in expanded or not expanded):
                self.tree.expand(i)
        if current is not None:
            idx = self.model.find(current)
            if idx.isValid():
                self.tree.selectionModel().blockSignals(True)
                self.tree.setCurrentIndex(idx)
                self.tree.selectionModel().blockSignals(False)

    def _all_indexes(self):
        out = []

        def walk(parent):
            for r in range(self.model.rowCount(parent)):
                idx = self.model.index(r, 0, parent)
                out.append(idx)
                walk(idx)

        walk(QModelIndex())
        return out

    def select(self, index: QModelIndex) -> None:
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def select_key(self, key: tuple) -> bool:
        idx = self.model.find(key)
        self.select(idx)
        return idx.isValid()

    # ---- the central view
    def files_view(self) -> FilesView | None:
        w = self.stack.currentWidget()
        return w if isinstance(w, FilesView) else None

    def show_files(self, select: int | None = None) -> FilesView:
        self.reload_tree()
        self.select_key(("section", "files"))
        view = self.files_view()
        view.reload()
        if select is not None:
            view.select(select)
        return view

    def current_workbook(self) -> dict | None:
        """The workbook selected in the sidebar, or the one holding the selected sheet."""
        node = self.model.node(self.tree.currentIndex())
        while node is not None and node.kind not in ("workbook", "root"):
            node = node.parent
        return node.payload if node is not None and node.kind == "workbook" else None

    def current_sheet(self) -> SheetView | None:
        w = self.stack.currentWidget()
        return w if isinstance(w, SheetView) else None

    def _show(self, index: QModelIndex) -> None:
        node = self.model.node(index)
        if node.kind == "sheet":
            view = self.sheet_views.get(node.key)
            if view is None:
                handle = SheetHandle(self.fs, self.actor, self.space_id, f"{node.key[1]}/{node.key[2]}")
                view = SheetView(handle, self, getattr(self.window(), "settings", None))
                view.undoChanged.connect(lambda v=view: self.undoChanged.emit() if v is self.current_sheet() else None)
                view.model.restyle(self.theme)
                view.message.connect(self.message)
                view.countsChanged.connect(self._sheet_counts)
                view.wroteInBackground.connect(self._own_change)
                self.sheet_views[node.key] = view
                self.stack.addWidget(view)
            self.stack.setCurrentWidget(view)
            self.undoChanged.emit()
            self.announce()
            view.table.setFocus()
            return
        self.countsChanged.emit(None)
        self.undoChanged.emit()
        self._set_central(self._section_widget(node))

    def announce(self) -> None:
        """Say again what is shown (for a window that connected after the first selection)."""
        view = self.current_sheet()
        self.countsChanged.emit(dict(view.model.counts) if view else None)

    def _sheet_counts(self, counts: dict) -> None:
        if self.sender() is self.current_sheet():
            self.countsChanged.emit(counts)
        self._counts_timer.start()

    def _set_central(self, widget) -> None:
        old = self.stack.currentWidget()
        self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        if old is not None and old not in self.sheet_views.values():
            for bar in old.findChildren(ActionBar):  # its reads must end before it does
                bar.stop()
            self.stack.removeWidget(old)
            old.deleteLater()

    def _section_widget(self, node):
        kind = node.payload if node.kind == "section" else node.kind
        if node.kind == "workbook":
            view = OverviewView(self.info, blueprint=self.fs.open(self.actor, self.space_id).workbooks.blueprint(node.key[1]),
                                notes=self.fs.open(self.actor, self.space_id).workbooks.notes(node.key[1]))
            session, wid = (lambda: self.fs.open(self.actor, self.space_id)), node.key[1]
            bar = ActionBar(lambda: lambda: session().jobs.actions(workbook=wid), action_runner(self.window, session),
                            menu_text=None)  # the workbook's actions at its top right, as Flatfile has them
            view.layout().insertWidget(0, bar, 0, Qt.AlignRight)
            bar.refresh()
            return view
        if kind == "metadata":
            view = MetadataView(self.fs, self.actor, self.space_id, self.info["metadata"])
            view.saved.connect(lambda: self.message.emit("Metadata saved"))
            return view
        if kind == "users":
            return UsersView(self.fs, self.actor, self.space_id)
        if kind == "listeners":
            view = ListenersView(self.fs, self.actor, self.space_id)
            view.changed.connect(lambda: [v.job_actions.refresh() for v in self.sheet_views.values()])
            return view
        if kind == "theme":
            view = ThemeView(self.info.get("theme", {}))
            view.editRequested.connect(self.themeEditorRequested)
            return view
        if kind in ("files", "file"):
            view = FilesView(self.fs, self.actor, self.space_id)
            view.importRequested.connect(self.importRequested)
            view.uploadRequested.connect(self.uploadRequested)
            view.changed.connect(self.reload_tree)
            if node.kind == "file":
                view.select(node.key[1])
            return view
        if kind == "documents":
            view = DocumentsView(self.fs, self.actor, self.space_id)
            view.created.connect(self._document_created)
            return view
        if kind == "document":
            view = DocumentView(self.fs, self.actor, self.space_id, node.key[1])
            view.changed.connect(self.reload_tree)
            return view
        return OverviewView(self.info)

    # ---- context menu
    def _context_menu(self, pos) -> None:
        index = self.tree.indexAt(pos)
        node = self.model.node(index)
        menu = QMenu(self)
        if not self.actor.is_admin:
            if node.kind == "sheet":
                menu.addAction("Refresh", lambda: self._refresh_sheet(node.key))
        elif node.kind == "workbook":
            wid = node.key[1]
            pinned = "pinned" in node.payload["labels"]
            menu.addAction("Rename…", lambda: self._rename_workbook(wid, node.label))
            menu.addAction("Unpin" if pinned else "Pin to top", lambda: self._pin(wid, node.payload["labels"], not pinned))
            menu.addAction("Export workbook…", lambda: self.exportWorkbookRequested.emit(node.payload))
            menu.addAction("Timeline…", lambda: self.timelineRequested.emit(""))
            menu.addSeparator()
            menu.addAction("Delete workbook…", lambda: self._delete_workbook(wid, node.label))
        elif node.kind == "document":
            menu.addAction("Rename…", lambda: self._rename_document(node.key[1], node.label))
            menu.addAction("Delete…", lambda: self._delete_document(node.key[1], node.label))
        elif node.kind == "section" and node.payload == "documents":
            menu.addAction("New document", lambda: self._document_created(
                new_document(self.fs, self.actor, self.space_id)))
        elif node.kind == "sheet":
            menu.addAction("Open", lambda: self.select(index))
            menu.addAction("Refresh", lambda: self._refresh_sheet(node.key))
            menu.addAction("Timeline of this sheet…", lambda: self.timelineRequested.emit(f"{node.key[1]}/{node.key[2]}"))
        if not menu.isEmpty():
            menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _guard(self, fn) -> bool:
        try:
            fn()
            return True
        except FlatspaceError as exc:
            QMessageBox.warning(self, "Not changed", str(exc))
            return False

    def _rename_workbook(self, wid: int, name: str) -> None:
        new, ok = QInputDialog.getText(self, "Rename workbook", "Name:", text=name)
        self._guard(lambda: self.fs.open(self.actor, self.space_id).workbooks.rename(wid, new)) if ok else None

    def _pin(self, wid: int, labels: list[str], pin: bool) -> None:
        labels = [x for x in labels if x != "pinned"] + (["pinned"] if pin else [])
        if self._guard(lambda: self.fs.open(self.actor, self.space_id).workbooks.set_labels(wid, labels)):
            self.message.emit("Pinned to the top" if pin else "Unpinned")

    def _delete_workbook(self, wid: int, name: str) -> None:
        if QMessageBox.question(self, "Delete workbook", f"Delete “{name}” and every record in its sheets?",
                                QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel) != QMessageBox.Yes:
            return
        self._guard(lambda: self.fs.open(self.actor, self.space_id).workbooks.delete(wid))  # its views go with the Changes

    def _document_created(self, doc_id: int) -> None:
        self.select_key(("document", doc_id))  # the tree already has it: the write's Changes re-read it

    def _rename_document(self, doc_id: int, title: str) -> None:
        new, ok = QInputDialog.getText(self, "Rename document", "Title:", text=title)
        self._guard(lambda: self.fs.open(self.actor, self.space_id).documents.update(doc_id, title=new)) if ok else None

    def _delete_document(self, doc_id: int, title: str) -> None:
        if QMessageBox.question(self, "Delete document", f"Delete “{title}”? A snapshot can bring it back.",
                                QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel) != QMessageBox.Yes:
            return
        if self._guard(lambda: self.fs.open(self.actor, self.space_id).documents.delete(doc_id)):
            self.select_key(("section", "documents"))

    def _refresh_sheet(self, key) -> None:
        view = self.sheet_views.get(key)
        if view:
            view.refresh()

    def _tick(self) -> None:  # a slot returns nothing: PySide mishandles a bool coming back
        if self.isVisible():
            self._check_outside_changes()

    def _own_change(self) -> None:
        self._version = self.fs.data_version(self.space_id)

    def _check_outside_changes(self) -> bool:
        """Read the Space again if another program changed it; True when it did."""
        if not self.isEnabled() or any(v.sort_task or v.saving.busy() for v in self.sheet_views.values()):
            return False  # a task of this window is writing; it says when it is done
        if any(v.is_editing() for v in self.sheet_views.values()):
            return False  # a reload now would drop what is being typed; the next round catches up
        try:
            if not self.actor.is_admin:  # a link revoked from this same program changes no version
                self.fs.open(self.actor, self.space_id)
            version = self.fs.data_version(self.space_id)
        except AccessDenied as exc:
            self._lose_access(exc)
            return False
        except FlatspaceError:
            return False
        if version != self._version:
            self._version = version
            try:
                changes, self._seen = self.fs.changes_since(self.space_id, self._seen)
            except FlatspaceError:
                return False
            if self.apply(changes) and changes:
                self.message.emit("The Space was changed outside this window: shown as it is now")
            return True
        return False

    def apply(self, changes: Changes) -> bool:
        """What a write changed (this window's, another window's, or another program's, as the
        service tells it): re-read just that. False when the guest's link no longer opens the Space."""
        if changes.space_id != self.space_id or self._lost:
            return True
        if not changes.outside and self.fs.data_version(self.space_id) == self._version:
            self._seen = self.fs.last_activity(self.space_id)  # no one else wrote meanwhile: current
        if changes.schema:
            return self.refresh()  # sheets, fields or workbooks: everything is read again
        try:
            for view in self.sheet_views.values():
                kind = changes.sheet(view.handle.sheet_id)
                if kind == ROWS:
                    view.refresh()
                elif kind == CELLS:
                    view.refresh_cells()
            records = changes.records or changes.all_records
            if changes.settings or changes.documents or changes.files:
                self.reload_tree(counts=not records)  # names the person just typed, or a new entry to go to
            if records:
                self._counts_timer.start()  # the tree's counts, once the writes settle
            if changes.files and self.files_view() is not None:
                self.files_view().reload()
            if changes.guests and isinstance(self.stack.currentWidget(), UsersView):
                self.stack.currentWidget().reload()
        except AccessDenied as exc:
            self._lose_access(exc)
            return False
        if changes.undo:
            self.undoChanged.emit()
        return True

    def refresh(self) -> bool:
        """F5: read everything again (another program may have changed the Space). False when
        the guest's link no longer opens the Space: the window then closes it."""
        try:
            self.fs.reread(self.space_id)
            self.reload_tree()
            live = {("sheet", wb["id"], s["slug"]) for wb in self.info.get("workbooks", []) for s in wb["sheets"]}
            shown = self.current_sheet()
            for key in [k for k in self.sheet_views if k not in live]:  # its workbook was deleted
                view = self.sheet_views.pop(key)
                view.stop()
                self.stack.removeWidget(view)
                view.deleteLater()
            for view in self.sheet_views.values():
                view.refresh()
            self._version = self.fs.data_version(self.space_id)
            current = self.tree.currentIndex()
            if shown is not None and shown not in self.sheet_views.values():
                self.select(self.model.index(0, 0))
            elif current.isValid() and self.model.node(current).kind != "sheet":
                self._show(current)
            self.undoChanged.emit()  # a restore ends steps; another program may have made some
        except AccessDenied as exc:
            self._lose_access(exc)
            return False
        return True

    def _lose_access(self, exc: AccessDenied) -> None:
        self._lost = True
        self._watch.stop()
        self.setEnabled(False)  # until the window has replaced it, nothing here takes input
        self.accessLost.emit(str(exc))

    def resume(self) -> None:
        """Shown again after another Space: Undo follows this pane's sheet again, and whatever
        changed meanwhile (another program, a restore) is read again."""
        self.undoChanged.emit()
        if not self._check_outside_changes():
            self.reload_tree()  # a rename from Manage Spaces changes no version

    def sheet_key(self, sheet_ref: str) -> tuple:
        wid, slug = sheet_ref.split("/", 1)
        return ("sheet", int(wid), slug)

    def keep_sidebar(self, keep: bool) -> None:
        """While a dock sits beside the pane (the theme editor) it takes its room from the view,
        never the sidebar's names; otherwise the window may be as narrow as the person likes."""
        self.widget(0).setMinimumWidth(SIDEBAR_MIN_WIDTH if keep else 0)

    def set_theme(self, theme: dict, logo_path=None) -> None:
        """The Space's look (saved or being previewed): grid colours and the sidebar's logo."""
        self.theme = theme
        self.model.set_tints(sidebar_tints(theme, is_dark()))
        for view in self.sheet_views.values():
            view.model.restyle(theme)
        from PySide6.QtGui import QPixmap

        pm = QPixmap(str(logo_path)) if logo_path else QPixmap()
        if not pm.isNull():
            self.logo.setPixmap(pm.scaled(200, 56, Qt.KeepAspectRatio, Qt.SmoothTransformation))
            self.logo.setContentsMargins(8, 10, 8, 10)
        self.logo.setVisible(not pm.isNull())

    def focus_sidebar(self) -> None:
        self.tree.setFocus()

    def focus_sheet(self) -> None:
        view = self.current_sheet()
        if view:
            view.table.setFocus()
