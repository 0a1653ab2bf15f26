"""A guest's window: one Space, only the granted sheets, no admin tools."""

from PySide6.QtCore import QSettings, Qt

from flatspace_desktop.ui.main_window import MainWindow
from flatspace_desktop.ui.settings import WindowSettings
from ui_helpers import sidebar_labels


def test_a_guest_window_shows_only_what_was_granted(qtbot, fs, admin, sample_space, tmp_path):
    from flatspace_desktop.ui.app import make_app

    make_app([])
    fs.create_space(admin, "Someone else's")
    link = fs.invite_guest(admin, sample_space, "Gina", "gina@x.example", sheets=["contacts"], read_only=True)["link"]
    guest = fs.open_link(link)
    w = MainWindow(fs, guest, WindowSettings(QSettings(str(tmp_path / "g.ini"), QSettings.IniFormat)))
    qtbot.addWidget(w)
    w.open_space(guest.space_id)
    w.show()
    labels = sidebar_labels(w.pane.model)
    assert labels == ["Customer onboarding", "Files", "Documents"]  # no users, theme or metadata
    wb = w.pane.model.index(0, 0)
    assert [w.pane.model.index(r, 0, wb).data() for r in range(w.pane.model.rowCount(wb))] == ["Contacts"]
    assert w.switcher.count() == 1
    for action in (w.act_new, w.act_manage, w.act_timeline, w.act_theme, w.act_add_workbook, w.act_rename_space):
        assert not action.isVisible() and not action.isEnabled()
    assert "Gina (guest, read-only)" in w.windowTitle()
    view = w.pane.current_sheet()
    assert view is not None and view.handle.sheet.slug == "contacts"
    assert not view.act_add.isEnabled() and not (view.model.flags(view.model.index(0, 0)) & Qt.ItemIsEditable)
    w.show_theme_editor()
    assert not w.theme_dock.isVisible()


def test_the_grid_shows_who_last_changed_a_record(sample_window, fs, admin):
    from PySide6.QtCore import Qt

    from ui_helpers import open_sheet

    sid = sample_window.pane.space_id
    link = fs.invite_guest(admin, sid, "Gina", "gina@x.example")["link"]
    fs.update_cells(fs.open_link(link), sid, "contacts", {2: {"firstName": "Gracie"}})
    view = open_sheet(sample_window, "contacts")
    view.refresh()
    m = view.model
    assert m.headerData(1, Qt.Vertical, Qt.ToolTipRole) == "Record 2, last changed by Gina (guest)"
    assert m.headerData(0, Qt.Vertical, Qt.ToolTipRole).endswith(f"last changed by {admin.name}")
    view.table.setCurrentIndex(m.index(1, 0))
    assert "last changed by Gina (guest)" in view.messages.toPlainText()
