"""The main window's actions, toolbar and menus: built here, so the window only wires them.
Each function takes the window (named `self`, as it is the window's own assembly)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from .icons import themed
from .manual import ManualDialog
from .preferences import PreferencesDialog
from .sheet import named_views
from .sheet.record_form import RecordForm
from .prep.prep_tools import PrepTools
from .prep.profile_dock import ProfileDock
from .space.switcher import SpaceSwitcher


def build_actions(self) -> None:
    """The window's actions, each with its shortcut; the handlers are the window's."""
    self.profile_dock = ProfileDock(self)
    self.addDockWidget(Qt.RightDockWidgetArea, self.profile_dock)
    self.prep = PrepTools(self)  # the Data menu
    def act(text, icon_name=None, **kw):
        a = QAction(text, self, **kw)
        return themed(a, icon_name) if icon_name else a

    self.act_new = act("New Space…", "new-space", shortcut=QKeySequence.New, triggered=self.new_space)
    self.act_manage = act("Manage Spaces…", "manage", shortcut=QKeySequence("Ctrl+Shift+S"),
                          triggered=self.manage_spaces)
    self.act_import = act("Add and import files…", "import", shortcut=QKeySequence.Open,
                          triggered=lambda: self.import_file())
    self.act_export = act("Export sheet…", "export", shortcut=QKeySequence("Ctrl+E"), triggered=self.export_sheet)
    self.act_export_wb = act("Export workbook…", shortcut=QKeySequence("Ctrl+Shift+E"),
                             triggered=lambda: self.export_workbook())
    self.act_quit = act("Quit", shortcut=QKeySequence.Quit, triggered=self.close)
    self.act_export_space = act("Export Space to a file…", triggered=self.export_space)
    self.act_import_space = act("Import a Space from a file…", triggered=lambda: self.import_space())
    # The core keeps each sheet's steps (they outlive the window); these follow the shown sheet.
    self.act_undo = act("Undo", "undo", triggered=lambda: self._undo_step(True), enabled=False)
    self.act_undo.setShortcuts([QKeySequence.Undo])
    self.act_redo = act("Redo", "redo", triggered=lambda: self._undo_step(False), enabled=False)
    self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    self.act_undo_history = act("Undo History…", triggered=self._undo_history, enabled=False)
    self.act_refresh = act("Refresh", "refresh", shortcut=QKeySequence.Refresh, triggered=self.refresh)
    self.act_add_workbook = act("Add workbook from blueprint…", "workbook", triggered=self.add_workbook)
    self.act_rename_space = act("Rename Space…", triggered=self.rename_space)
    self.act_timeline = act("Timeline…", "history", shortcut=QKeySequence("Ctrl+T"), triggered=self.timeline)
    self.act_theme = act("Theme editor", "theme", shortcut=QKeySequence("Ctrl+Shift+T"),
                         triggered=lambda: self.show_theme_editor())
    self.act_about = act("About Flatspace", triggered=self.about)
    self.act_prefs = act("Preferences…", shortcut=QKeySequence.Preferences, triggered=lambda: preferences(self),
                         menuRole=QAction.PreferencesRole)
    self.recent_menu = QMenu("Recent files", self)
    self.act_save_view = act("Save view as…", triggered=lambda: named_views.save_view(self))
    self.views_menu = QMenu("Views", self)
    self.views_menu.aboutToShow.connect(lambda: named_views.fill_views(self, self.views_menu))
    self.recent_menu.aboutToShow.connect(lambda: fill_recent(self))
    self.act_manual = act("Manual", shortcut=QKeySequence.HelpContents, triggered=lambda: ManualDialog(self).exec())
    self.act_form = act("Record form", shortcut=QKeySequence("Ctrl+Shift+F"), triggered=lambda: record_form(self))
    self.act_focus_sidebar = act("Go to sidebar", shortcut=QKeySequence("Ctrl+1"),
                                 triggered=lambda: self.pane and self.pane.focus_sidebar())
    self.act_focus_sheet = act("Go to sheet", shortcut=QKeySequence("Ctrl+2"),
                               triggered=lambda: self.pane and self.pane.focus_sheet())
    self.filter_actions = [
        act(text, shortcut=QKeySequence(keys), triggered=lambda _=False, n=name: self._filter(n))
        for name, text, keys in (("all", "All records", "Alt+Shift+A"), ("valid", "Valid records", "Alt+Shift+V"),
                                 ("error", "Records with errors", "Alt+Shift+E"))]
    self.admin_actions = [self.act_new, self.act_manage, self.act_add_workbook, self.act_rename_space,
                          self.act_timeline, self.act_theme, self.act_export_space, self.act_import_space]
    self.space_actions = [self.act_import, self.act_form, self.act_save_view, self.act_export, self.act_export_wb, self.act_refresh, self.act_timeline,
                          self.act_theme, self.act_add_workbook,
                          self.act_rename_space, self.act_focus_sidebar, self.act_focus_sheet, *self.filter_actions]

def build_toolbar(self) -> None:
    bar = QToolBar("Main", self, objectName="main-toolbar", movable=False)
    bar.setIconSize(QSize(20, 20))
    bar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
    self.switcher = SpaceSwitcher(self.fs, self.actor, self.settings,
                                  lambda: self.pane.space_id if self.pane else None)
    self.switcher.activated.connect(lambda i: self._switch_to(self.switcher.itemData(i)))
    bar.addWidget(self.switcher)
    bar.addAction(self.act_manage)
    bar.addSeparator()
    for a in (self.act_import, self.act_export):
        bar.addAction(a)
    bar.addSeparator()
    for a in (self.act_undo, self.act_redo):
        bar.addAction(a)
    bar.addSeparator()
    bar.addAction(self.act_timeline)
    bar.addAction(self.act_refresh)
    self.addToolBar(bar)

def build_menus(self) -> None:
    m = self.menuBar().addMenu("&File")
    for a in (self.act_new, self.act_manage, None, self.act_import, self.recent_menu, self.act_export,
              self.act_export_wb, None, self.act_export_space, self.act_import_space, None, self.act_prefs, None,
              self.act_quit):
        m.addSeparator() if a is None else m.addMenu(a) if isinstance(a, QMenu) else m.addAction(a)
    self.edit_menu = self.menuBar().addMenu("&Edit")
    self.edit_menu.addAction(self.act_undo)
    self.edit_menu.addAction(self.act_redo)
    self.edit_menu.addAction(self.act_undo_history)
    self.edit_menu.aboutToShow.connect(lambda: fill_edit_menu(self))
    v = self.menuBar().addMenu("&View")
    for a in (self.act_focus_sidebar, self.act_focus_sheet, None, *self.filter_actions, None, self.views_menu,
              self.act_save_view, None, self.act_form, self.act_refresh):
        v.addSeparator() if a is None else v.addMenu(a) if isinstance(a, QMenu) else v.addAction(a)
    self.prep.fill(self.menuBar().addMenu("&Data"))
    s = self.menuBar().addMenu("&Space")
    s.addAction(self.act_rename_space)
    s.addAction(self.act_add_workbook)
    s.addAction(self.act_timeline)
    s.addAction(self.act_theme)
    h = self.menuBar().addMenu("&Help")
    h.addAction(self.act_manual)
    h.addAction(self.act_about)

def preferences(self) -> None:
    session = self.fs.open(self.actor, self.pane.space_id) if self.pane else None
    PreferencesDialog(self.settings, session, self).exec()


def fill_recent(self) -> None:
    """The files imported from disk lately, newest first: one opens the import again."""
    from pathlib import Path

    self.recent_menu.clear()
    paths = self.settings.recent_files()
    for path in paths:
        a = self.recent_menu.addAction(Path(path).name, lambda p=path: import_recent(self, p))
        a.setToolTip(path)
        a.setStatusTip(path)
        a.setEnabled(self.pane is not None and self.task is None)
    if not paths:
        self.recent_menu.addAction("No files imported yet").setEnabled(False)
    else:
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear the list", lambda: self.settings.q.remove("files/recent"))


def import_recent(self, path: str) -> None:
    from pathlib import Path

    if not Path(path).is_file():
        self.settings.forget_file(path)
        self.status.showMessage(f"{path} is no longer there: taken off the list", 8000)
        return
    self.import_file([path])


def record_form(self) -> None:
    sheet = self.pane.current_sheet() if self.pane else None
    if sheet is not None:
        RecordForm(sheet, self).exec()


def fill_edit_menu(self) -> None:
    show_undo_state(self)  # another program (`flatspace undo`) may have moved the steps
    # Not QMenu.clear(): it deletes actions the menu owns, and Undo/Redo must outlive it.
    for a in self.edit_menu.actions():
        if a not in (self.act_undo, self.act_redo, self.act_undo_history):
            self.edit_menu.removeAction(a)
            if a.isSeparator():
                a.deleteLater()
    sheet = self.pane.current_sheet() if self.pane else None
    if sheet:
        self.edit_menu.addSeparator()
        for a in (sheet.act_copy, sheet.act_paste, sheet.act_clear, None, sheet.act_add, sheet.act_delete,
                  None, sheet.act_search, sheet.act_replace):
            self.edit_menu.addSeparator() if a is None else self.edit_menu.addAction(a)


def show_undo_state(self) -> None:
    """Undo/Redo say what they would do on the shown sheet, or are off where there is none."""
    sheet = self.pane.current_sheet() if self.pane else None
    back, forward = sheet.next_steps() if sheet is not None else (None, None)
    self.act_undo.setEnabled(back is not None)
    self.act_undo.setText(f"Undo {back['label']}" if back else "Undo")
    self.act_redo.setEnabled(forward is not None)
    self.act_redo.setText(f"Redo {forward['label']}" if forward else "Redo")
    self.act_undo_history.setEnabled(sheet is not None)
