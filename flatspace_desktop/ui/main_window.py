"""The main window: assembles the space switcher, the open Space's pane, menus, toolbar and
status bar, and wires their signals. The work itself lives in the service and the widgets."""

from __future__ import annotations

from shiboken6 import isValid
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (QDialog, QDockWidget, QInputDialog, QMainWindow,
                               QMessageBox, QPushButton,
                               QStackedWidget)

from .. import __version__
from .preferences import apply_colours
from ..domain.errors import FlatspaceError
from ..services.sample import create_sample_space
from . import flows, window_menus
from .theme import theming
from .drops import DropCatcher, space_from_files
from .events import SpaceEvents
from .icons import app_icon, forget_tints, themed
from .importing.import_flow import ImportFlow
from .space.section_views import EmptyState
from .session_end import ended_view
from .settings import WindowSettings, guest_settings
from .space.space_pane import SpacePane
from .space.spaces_dialog import CreateSpaceDialog, SpacesDialog
from .style import is_dark
from .theme.theme_editor import ThemeEditor
from .timeline.timeline_dialog import TimelineDialog
from .status_bar import StatusBar
from .tasks import warm_up


class MainWindow(QMainWindow):
    def __init__(self, fs, actor, settings: WindowSettings | None = None, parent=None):
        super().__init__(parent)
        self.fs, self.actor = fs, actor
        self.settings = settings or WindowSettings()
        self.guest = not actor.is_admin  # a guest session: one Space, granted sheets, no admin tools
        self.pane: SpacePane | None = None
        # Spaces opened in this window stay open when another is shown, each keeping its sheets,
        # selection and undo history, so switching back is where the person left it.
        self.panes: dict[str, SpacePane] = {}
        self.task = None
        self.guest_windows: list = []  # guest sessions opened from links, each in its own window
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)  # the window is the drop target under widgets that take none
        self.drops = DropCatcher(self, self._dropped)  # files dropped anywhere go to the upload flow
        self.imports = ImportFlow(self)
        # What the service's writes change (any window's, any thread's) reaches the panes here.
        self.events = SpaceEvents(fs, self)
        self.events.changed.connect(self._changed)
        warm_up()  # what tasks import, imported before any task's thread could import it too
        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.status.cancel.clicked.connect(self._cancel_task)
        self.center = QStackedWidget()
        self.setCentralWidget(self.center)
        window_menus.build_actions(self)
        window_menus.build_toolbar(self)
        window_menus.build_menus(self)
        apply_colours(self.settings.colours())
        self.theme_dock = QDockWidget("Theme", self, objectName="theme-dock")
        self.theme_dock.setAllowedAreas(Qt.RightDockWidgetArea | Qt.LeftDockWidgetArea)
        self.addDockWidget(Qt.RightDockWidgetArea, self.theme_dock)
        self.theme_dock.hide()
        for signal in (self.theme_dock.visibilityChanged, self.theme_dock.topLevelChanged,
                       self.profile_dock.visibilityChanged, self.profile_dock.topLevelChanged):
            signal.connect(lambda *_: self._keep_sidebar())
        self.theme_editor: ThemeEditor | None = None
        self.shown_theme: dict = {}
        self._restyling = False
        if not self.settings.restore_geometry(self):
            self.resize(1280, 800)
        if self.guest:
            for a in self.admin_actions:
                a.setVisible(False)
                a.setEnabled(False)
        self.reload_switcher()
        last = self.settings.last_space()
        ids = {s["id"] for s in self.fs.list_spaces(self.actor)}
        if last in ids:
            self.open_space(last)
        elif ids:
            self.open_space(self.fs.list_spaces(self.actor, sort="lastActivityAt", descending=True)[0]["id"])
        else:
            self._show_welcome()

    def _undo_step(self, back: bool) -> None:
        if self.task is not None and self.pane and not self.pane.isEnabled():  # a foreground job's Space
            self.status.showMessage(f"{self.task.title} first: wait for it to finish", 6000)
            return
        sheet = self.pane.current_sheet() if self.pane else None
        if sheet is not None:
            sheet.undo_step() if back else sheet.redo_step()

    def _undo_history(self) -> None:
        sheet = self.pane.current_sheet() if self.pane else None
        if sheet is not None:
            sheet.show_undo_history()

    # ---- Spaces
    def reload_switcher(self) -> None:
        self.switcher.reload()

    def _switch_to(self, space_id: str) -> None:
        self.open_space(space_id)
        if self.pane:  # the keys go back to the work, not to the switcher
            self.pane.focus_sheet() if self.pane.current_sheet() else self.pane.focus_sidebar()

    def open_space(self, space_id: str | None) -> None:
        if not space_id or (self.pane and self.pane.space_id == space_id):
            return
        pane = self.panes.get(space_id)
        if pane is None:
            try:
                pane = SpacePane(self.fs, self.actor, space_id, self)
            except FlatspaceError as exc:
                QMessageBox.warning(self, "Cannot open Space", str(exc))
                self.settings.forget_space(space_id)
                return
            self._wire(pane)
            self.panes[space_id] = pane
            self.center.addWidget(pane)
        else:
            pane.resume()  # its sheets, selection and undo history, caught up with changes since
        self.pane = pane
        self._keep_sidebar()
        pane.announce()
        window_menus.show_undo_state(self)
        self.center.setCurrentWidget(pane)
        self.settings.remember_space(space_id)
        self.reload_switcher()
        self._update_title()
        for a in self.space_actions:  # a read-only link adds no files either
            a.setEnabled(not (self.guest and a in self.admin_actions)
                         and not (self.actor.read_only and a is self.act_import))
        if self.guest:
            self.apply_theme(self.fs.open(self.actor, space_id).theme.get())  # the Space's look, not its editor
        else:
            self._build_theme_editor()

    def _wire(self, pane: SpacePane) -> None:
        pane.message.connect(lambda text: self.status.showMessage(text, 6000) if pane is self.pane else None)
        pane.countsChanged.connect(lambda counts: self.status.show_counts(counts) if pane is self.pane else None)
        pane.importRequested.connect(self.import_stored)
        pane.exportWorkbookRequested.connect(self.export_workbook)
        pane.timelineRequested.connect(self.timeline)
        pane.themeEditorRequested.connect(self.show_theme_editor)
        pane.uploadRequested.connect(lambda: self.import_file())
        pane.accessLost.connect(self.end_session)
        pane.undoChanged.connect(lambda: window_menus.show_undo_state(self) if pane is self.pane else None)
        self.events.changed.connect(pane.apply)

    # ---- theme
    def _build_theme_editor(self) -> None:
        old = self.theme_editor
        self.theme_editor = ThemeEditor(self.fs, self.actor, self.pane.space_id)
        self.theme_editor.previewed.connect(self.apply_theme)
        self.theme_editor.saved.connect(lambda _t: self.status.showMessage("Theme saved", 5000))
        self.theme_dock.setWidget(self.theme_editor)
        if old is not None:
            old.deleteLater()
        self.apply_theme(self.theme_editor.working)

    def apply_theme(self, theme: dict) -> None:
        """Show a theme (saved or being edited) on the whole window."""
        self.shown_theme = theme
        self.setStyleSheet(theming.stylesheet(theme, is_dark()))
        if self.pane:
            logo = self.fs.open(self.actor, self.pane.space_id).theme.logo_path(str((theme.get("sidebar") or {}).get("logo") or ""))
            self.pane.set_theme(theme, logo)

    def _keep_sidebar(self) -> None:
        if self.pane and isValid(self.pane):  # a dock hides as the window closes, after its pane went
            self.pane.keep_sidebar(any(d.isVisible() and not d.isFloating() for d in (self.theme_dock, self.profile_dock)))

    def show_theme_editor(self) -> None:
        if self.pane and not self.guest:
            self.theme_dock.show()
            self.theme_dock.raise_()

    def _close_pane(self) -> None:
        if self.pane is not None:
            self._drop_pane(self.pane.space_id)
            self.pane = None

    def _drop_pane(self, space_id: str) -> None:
        pane = self.panes.pop(space_id, None)
        if pane is not None:
            pane.stop()
            self.center.removeWidget(pane)
            pane.deleteLater()

    def _show_welcome(self) -> None:
        self._close_pane()
        self.theme_dock.hide()
        self.setStyleSheet("")
        sample = themed(QPushButton("  Open a sample Space", objectName="sample-button"), "workbook")
        sample.setMinimumHeight(36)
        sample.clicked.connect(self.create_sample)
        welcome = EmptyState("space", "Welcome to Flatspace",
                             "Spaces hold workbooks, files and documents for one job of data preparation. "
                             "Start with a sample Space holding a real workbook, with a few invalid records "
                             "to fix, create your own with <b>File ▸ New Space…</b> (Ctrl+N), or drop a "
                             "spreadsheet here to make a Space from it.", sample)
        welcome.setObjectName("welcome")
        self.center.addWidget(welcome)
        self.center.setCurrentWidget(welcome)
        self.status.show_counts(None)
        for a in self.space_actions:
            a.setEnabled(False)
        self.act_import_space.setEnabled(True)
        self._update_title()

    def _update_title(self) -> None:
        name = self.switcher.currentText() if self.pane else ""
        who = f" — {self.actor.name} (guest{', read-only' if self.actor.read_only else ''})" if self.guest else ""
        self.setWindowTitle(f"{name}{who} — Flatspace" if name else "Flatspace")

    def create_sample(self) -> None:
        try:
            space_id = create_sample_space(self.fs, self.actor)
        except FlatspaceError as exc:
            QMessageBox.warning(self, "Sample Space", str(exc))
            return
        self.reload_switcher()
        self.open_space(space_id)
        self.status.showMessage("Sample Space ready: the red cells need fixing", 8000)

    def new_space(self) -> None:
        dialog = CreateSpaceDialog(self.fs, self.actor, self)
        if dialog.exec() != QDialog.Accepted:
            return
        self.reload_switcher()
        self.open_space(dialog.created["id"])

    def manage_spaces(self) -> None:
        dialog = SpacesDialog(self.fs, self.actor, self)
        dialog.openRequested.connect(self.open_space)
        dialog.exec()
        ids = {s["id"] for s in self.fs.list_spaces(self.actor)}
        for gone in [sid for sid in self.panes if sid not in ids and not (self.pane and self.pane.space_id == sid)]:
            self._drop_pane(gone)  # deleted or archived while hidden
        if self.pane and self.pane.space_id not in ids:
            self.settings.forget_space(self.pane.space_id)
            self._close_pane()
            if ids:
                self.open_space(sorted(ids)[0])
            else:
                self._show_welcome()
        self.reload_switcher()
        if self.pane:
            self.pane.reload_tree()
        self._update_title()

    def _changed(self, changes) -> None:
        """A Space's name or state changed (here, in another window, or by a restore)."""
        if changes.settings or changes.schema:
            self.reload_switcher()
            self._update_title()
            editor = self.theme_editor
            shown_here = self.pane is not None and changes.space_id == self.pane.space_id
            # The theme set elsewhere (another window, `flatspace theme set`) is shown, unless the
            # editor holds unsaved work of this person's, which a rebuild would throw away.
            if shown_here and (editor is None or editor.working == editor.stored):
                # Restyling the window costs 50-90 ms: only when the theme itself changed
                if editor is None or self.fs.open(self.actor, self.pane.space_id).theme.get() != editor.stored:
                    self._build_theme_editor()

    def rename_space(self) -> None:
        if not self.pane:
            return
        name, ok = QInputDialog.getText(self, "Rename Space", "Name:", text=self.pane.info["name"])
        if not ok:
            return
        try:
            self.fs.open(self.actor, self.pane.space_id).rename(name)
        except FlatspaceError as exc:
            QMessageBox.warning(self, "Not renamed", str(exc))
            return
        # the pane re-reads its tree from the rename's Changes; the switcher and title are the window's

    # ---- sheet work
    def import_file(self, paths: list[str] | None = None) -> None:
        self.imports.add_files(paths)

    def import_stored(self, file_id: int) -> None:
        self.imports.import_stored(file_id)

    # ---- hand-overs (a second launch, the system's "open with", links)
    def handle_request(self, request: dict) -> None:
        """Files go into the open Space's upload flow; a link opens its guest session."""
        self.showNormal()
        self.raise_()
        self.activateWindow()
        if request.get("link"):
            self.open_guest(request["link"])
        paths = [p for p in request.get("paths") or [] if p]
        for p in paths:
            if p.endswith(".flatspace"):
                self.import_space(p)
        rest = [p for p in paths if not p.endswith(".flatspace")]
        if rest:
            self._dropped(rest)  # as if dropped on the window: its Space, or a new one from the file

    def open_guest(self, link: str) -> None:
        try:
            actor = self.fs.open_link(link)
        except FlatspaceError as exc:
            QMessageBox.warning(self, "Link not opened", str(exc))
            return
        window = MainWindow(self.fs, actor, guest_settings())
        window.open_space(actor.space_id)
        window.setAttribute(Qt.WA_DeleteOnClose)
        self.guest_windows.append(window)
        window.destroyed.connect(lambda *_: self.guest_windows.remove(window) if window in self.guest_windows else None)
        window.show()

    # ---- drops (caught for every widget of the window by self.drops)
    def _dropped(self, paths: list[str]) -> None:
        if self.task:
            QMessageBox.information(self, "Busy", "Wait for the work in progress to finish, then drop the files again.")
        elif self.pane:
            self.import_file(paths)
        elif not self.guest:
            made = space_from_files(self, self.fs, self.actor, paths)
            if made:
                self.reload_switcher()
                self.open_space(made[0])
                self.imports.offer(made[1])

    def export_sheet(self) -> None:
        sheet = self.pane.current_sheet() if self.pane else None
        if sheet is None:
            QMessageBox.information(self, "Export", "Select a sheet in the sidebar to export it.")
            return
        task = flows.export_sheet(self, self.fs, self.actor, self.pane.space_id, sheet.handle.sheet_ref,
                                  sheet.handle.sheet.name, sheet.model.view)
        self.start_task(task, lambda r: self.status.showMessage(f"Exported {r['count']:,} records to {r['path']}", 8000))

    def export_space(self) -> None:
        if self.pane and not self.guest:
            done = flows.export_space(self, self.fs, self.actor, self.pane.space_id, self.pane.info["name"])
            if done:
                self.status.showMessage(done, 8000)

    def import_space(self, path: str | None = None) -> None:
        info = None if self.guest else flows.import_space(self, self.fs, self.actor, path)
        if info:
            self.reload_switcher()
            self.open_space(info["id"])
            self.status.showMessage(f"Imported {info['name']}", 8000)

    def timeline(self, sheet_ref: str | None = None) -> None:
        if not self.pane or self.task or self.guest:
            return
        current = self.pane.current_sheet()
        dialog = TimelineDialog(self.fs, self.actor, self.pane.space_id, self,
                                sheet_ref or (current.handle.sheet_ref if current else None))
        dialog.exec()

    def export_workbook(self, workbook: dict | None = None) -> None:
        workbook = workbook or (self.pane.current_workbook() if self.pane else None)
        if workbook is None:
            QMessageBox.information(self, "Export", "Select a workbook or one of its sheets in the sidebar.")
            return
        task = flows.export_workbook(self, self.fs, self.actor, self.pane.space_id, workbook)
        self.start_task(task, lambda r: self.status.showMessage(f"Exported {r['count']:,} records to {r['path']}", 8000))

    def add_workbook(self) -> None:
        if self.pane:
            added = flows.add_workbook(self, self.fs, self.actor, self.pane.space_id)  # the pane follows its Changes
            if added:
                kept = len(added["notes"])
                self.status.showMessage(f"Added {added['name']}" + (
                    f"; {kept} rule{'s' if kept != 1 else ''} kept but not enforced offline: see its overview"
                    if kept else ""), 10000)

    def start_task(self, task, on_success) -> None:
        if task is None:
            return
        self.task = task
        if self.pane:
            self.pane.setEnabled(False)  # the Space is being written: no edits until it is done
        self.status.busy(task.title)
        task.progressed.connect(self.status.step)
        task.succeeded.connect(on_success)
        task.failed.connect(lambda text: QMessageBox.warning(self, task.title, text))
        task.finished.connect(self._task_done)
        # The busy window is drawn before the task starts: a repaint is thousands of calls into
        # Python, and with a task running Python each waits its turn for the interpreter
        # (measured: a 290 ms stall at the start of an import, 60 ms drawn first)
        self.layout().activate()
        self.repaint()
        task.start()

    def _cancel_task(self) -> None:
        if self.task:
            self.task.cancel()
            self.status.cancel.setEnabled(False)

    def _task_done(self) -> None:
        self.status.idle()
        if self.pane:
            self.pane.setEnabled(True)
        self.task.deleteLater()
        self.task = None
        QTimer.singleShot(0, self.imports.next)

    def _filter(self, name: str) -> None:
        sheet = self.pane.current_sheet() if self.pane else None
        if sheet:
            sheet.set_filter(name)
            sheet.table.setFocus()

    def refresh(self) -> None:
        if self.pane:
            self.pane.refresh()
        if self.pane or not self.guest:  # a guest whose link ended is shown no Space at all
            self.reload_switcher()

    def end_session(self, message: str) -> None:
        """A guest's link no longer opens the Space: nothing of it stays on screen or in reach."""
        if not self.guest or self.pane is None:
            return
        self._close_pane()
        self.imports.pending.clear()
        self.setStyleSheet("")  # the Space's look goes with it
        self.switcher.clear()
        self.switcher.setEnabled(False)
        for a in self.space_actions:
            a.setEnabled(False)
        view = ended_view(message)
        self.center.addWidget(view)
        self.center.setCurrentWidget(view)
        self.status.show_counts(None)
        self.status.showMessage(message)
        self._update_title()

    def about(self) -> None:
        QMessageBox.about(self, "About Flatspace",
                          f"<b>Flatspace Desktop {__version__}</b><p>Offline data preparation in Spaces.</p>"
                          f"<p>Data folder: {self.fs.root}</p>")

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.PaletteChange and not self._restyling:  # the scheme changed
            forget_tints()
            self._restyling = True  # a stylesheet change posts palette changes of its own
            try:
                self.apply_theme(self.shown_theme)
            finally:
                self._restyling = False
        super().changeEvent(event)

    def closeEvent(self, event) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task.wait(10_000)
        for pane in self.panes.values():
            pane.stop()
        self.profile_dock.reader.stop()
        self.settings.save_geometry(self)
        self.settings.sync()
        self.events.close()  # a closed window takes no more Changes
        super().closeEvent(event)


