"""A guest's window: one Space, only the granted sheets, no admin tools."""

from PySide6.QtCore import QSettings, Qt

from flatspace_desktop.ui.main_window import MainWindow
from flatspace_desktop.ui.settings import WindowSettings
from ui_helpers import sidebar_labels


def test_a_guest_window_shows_only_what_was_granted(qtbot, fs, admin, sample_space, tmp_path):
    from flatspace_desktop.ui.app import make_app

    make_app([])
    fs.create_space(admin, "Someone else's")
    link = fs.open(admin, sample_space).guests.invite("Gina", "gina@x.example", sheets=["contacts"], read_only=True)["link"]
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
    link = fs.open(admin, sid).guests.invite("Gina", "gina@x.example")["link"]
    fs.open(fs.open_link(link), sid).records.update("contacts", {2: {"firstName": "Gracie"}})
    view = open_sheet(sample_window, "contacts")
    view.refresh()
    m = view.model
    assert m.headerData(1, Qt.Vertical, Qt.ToolTipRole) == "Record 2, last changed by Gina (guest)"
    assert m.headerData(0, Qt.Vertical, Qt.ToolTipRole).endswith(f"last changed by {admin.name}")
    view.table.setCurrentIndex(m.index(1, 0))
    assert "last changed by Gina (guest)" in view.messages.toPlainText()


def test_admin_invites_shares_and_revokes_from_the_users_view(sample_window, fs, admin, monkeypatch):
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    from flatspace_desktop.ui.users.users_view import GrantDialog, UsersView

    sid = sample_window.pane.space_id
    fs.open(admin, sid).update(guest_authentication=["magic_link", "shared_link"])
    assert sample_window.pane.select_key(("section", "users"))
    view = sample_window.pane.stack.currentWidget()
    assert isinstance(view, UsersView) and view.model.rowCount() == 1  # the admin
    links = []

    def fill(dialog):
        if dialog.invite:
            dialog.name.setText("Ivy")
            dialog.email.setText("ivy@x.example")
        for i in range(dialog.scope.count()):  # grant only the contacts sheet
            item = dialog.scope.item(i)
            item.setCheckState(Qt.Checked if "Contacts" in item.text() else Qt.Unchecked)
        return QDialog.Accepted

    monkeypatch.setattr(GrantDialog, "exec", fill)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: links.append(box.text().split()[-1]) or 0)
    view.invite()
    view.share()
    assert view.model.rowCount() == 3 and len(links) == 2
    ivy = fs.open_link(links[0])
    assert [s["slug"] for w in fs.open(ivy, sid).info()["workbooks"] for s in w["sheets"]] == ["contacts"]
    assert fs.open_link(links[1]).read_only  # shared links default to read-only
    view.table.selectRow(1)
    view.revoke()
    assert view.model.rows[1]["state"] == "revoked"
    import pytest

    from flatspace_desktop.domain.errors import AccessDenied

    with pytest.raises(AccessDenied):
        fs.open(ivy, sid).records.counts("contacts")
    assert QApplication.clipboard() is not None
