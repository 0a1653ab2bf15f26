"""The timeline dialog, driven with qtbot: see what a snapshot would change, restore a sheet
with options, undo the restore from the same dialog, and manage snapshots."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from flatspace_desktop.ui.timeline.timeline_dialog import TimelineDialog
from ui_helpers import cell, open_sheet


def _select(dialog, label):
    for r in range(dialog.model.rowCount()):
        day = dialog.model.item(r)
        for c in range(day.rowCount()):
            if label in day.child(c).text():
                dialog.tree.setCurrentIndex(day.child(c).index())
                return
    raise AssertionError(f"no snapshot {label}")


def test_timeline_shows_changes_and_restores_a_sheet_then_undoes(sample_window, fs, admin, qtbot, monkeypatch):
    sid = sample_window.pane.space_id
    fs.open(admin, sid).history.take("checked")
    fs.open(admin, sid).records.update("contacts", {1: {"firstName": "Changed"}})
    fs.open(admin, sid).records.delete("contacts", [2])
    (new,) = fs.open(admin, sid).records.add("contacts", [{"email": "n@x.example", "lastName": "New"}])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    dialog = TimelineDialog(fs, admin, sid, sample_window, "1/contacts")
    qtbot.addWidget(dialog)
    days = [dialog.model.item(r).text() for r in range(dialog.model.rowCount())]
    assert days and all(len(d) == 10 for d in days)  # grouped by day
    _select(dialog, "checked")
    text = dialog.details.toPlainText()
    assert "remove 1 created, revert 1 changed, bring back 1 deleted" in text
    dialog.records_kind.setCurrentIndex(dialog.records_kind.findData("updated"))
    assert dialog.records.item(0, 0).text() == "1" and "Changed  →  Ada" in dialog.records.item(0, 2).text()
    dialog.scope_sheet.setChecked(True)
    dialog.sheet.setCurrentIndex(dialog.sheet.findData("1/contacts"))
    dialog.opt_created.setChecked(False)  # keep the new record
    with qtbot.waitSignal(dialog.restored, timeout=10_000):
        dialog.restore_button.click()
    qtbot.waitUntil(lambda: dialog.task is None)
    recs = {r.rid: r.values for r in fs.open(admin, sid).records.list("contacts", limit=100)}
    assert recs[1]["firstName"] == "Ada" and 2 in recs and new in recs
    assert "To undo" in dialog.status.text()
    assert "before restoring" in dialog.current()["reason"]  # the undo point is selected
    view = open_sheet(sample_window, "contacts")
    assert cell(view.model, 0, "firstName") == "Ada"  # the window shows the restored state
    dialog.scope_space.setChecked(True)
    with qtbot.waitSignal(dialog.restored, timeout=10_000):
        dialog.restore_button.click()  # undo
    qtbot.waitUntil(lambda: dialog.task is None)
    recs = {r.rid: r.values for r in fs.open(admin, sid).records.list("contacts", limit=100)}
    assert recs[1]["firstName"] == "Changed" and 2 not in recs


def test_take_label_and_delete_snapshots(sample_window, fs, admin, qtbot, monkeypatch):
    sid = sample_window.pane.space_id
    dialog = TimelineDialog(fs, admin, sid, sample_window)
    qtbot.addWidget(dialog)
    before = len(dialog.snapshots)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Before cleaning", True))
    dialog.findChild(type(dialog.restore_button), "take").click()
    assert len(dialog.snapshots) == before + 1 and dialog.current()["label"] == "Before cleaning"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Renamed point", True))
    dialog.relabel.click()
    assert dialog.current()["label"] == "Renamed point"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    dialog.delete.click()
    assert "Renamed point" not in [s["label"] for s in fs.open(admin, sid).history.list(summaries=False)]


def test_timeline_opens_from_the_toolbar(sample_window, qtbot):
    def close():
        d = QApplication.activeModalWidget()
        assert isinstance(d, TimelineDialog) and d.snapshots  # the sample's imports took snapshots
        d.accept()

    QTimer.singleShot(0, close)
    sample_window.act_timeline.trigger()
