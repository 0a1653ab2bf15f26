"""Actions in the real window, where Flatfile shows them: the workbook's as buttons (primary
highlighted), the sheet's in its Actions menu, a field's in its column menu, a document's on
it; off with the reason as the tooltip; confirmation and input form first; the job in the
background; its outcome. And the Listeners page, where a Space's own listener code is allowed."""

import shutil

from PySide6.QtWidgets import QMessageBox, QPushButton, QToolButton

from support import write
from ui_helpers import open_sheet, when_dialog

import actions_data as A


def _window(make_window, fs, admin, tmp_path, allow=True):
    sid = fs.create_space(admin, "Play", blueprint=A.every_kind())["id"]
    s = fs.open(admin, sid)
    write(s.space.folder / "listeners" / "every_mount.py", A.EVERY_MOUNT)
    shutil.copy(A.SAMPLE, s.space.folder / "listeners" / A.SAMPLE.name)
    if allow:
        s.listeners(allow=True)
    s.records.import_file("getting_started", write(tmp_path / "people.csv", A.PEOPLE))
    window = make_window()
    return window, s


def _answer(box):
    return next(b for b in box.buttons() if b.text() == box.windowTitle())


def _typed(qtbot, view, row: int, key: str, text: str):
    """The cell's editor opened by F2 with `text` typed over its value, not yet committed."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    view.window().activateWindow()
    QApplication.processEvents()
    view.table.setCurrentIndex(view.model.index(row, view.model.keys.index(key)))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key_F2)
    editor = view.table.findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    return editor


def _bars(qtbot, view):
    qtbot.waitUntil(lambda: bool(view.job_actions.sheet.actions_shown and view.job_actions.workbook.actions_shown),
                    timeout=5000)
    return view.job_actions.sheet, view.job_actions.workbook


def test_workbook_and_sheet_actions_show_where_flatfile_puts_them_and_say_why_they_are_off(
        make_window, fs, admin, tmp_path, qtbot):
    window, _s = _window(make_window, fs, admin, tmp_path)
    view = open_sheet(window, "getting_started")
    sheet, workbook = _bars(qtbot, view)
    buttons = workbook.buttons()
    assert list(buttons)[-1] == "submitActionFg" and buttons["submitActionFg"].objectName() == "primary-action"
    assert not buttons["duplicateWorkbook"].isEnabled()
    assert "Nothing on this computer handles workbook:duplicateWorkbook" in buttons["duplicateWorkbook"].toolTip()
    menu = sheet.findChild(QToolButton, "actions-menu")
    entries = {a.text(): a for a in menu.menu().actions()}
    assert entries["Dedupe emails"].isEnabled() and not entries["Slow"].isEnabled()  # hasSelection: none selected
    assert "Select one or more records first" in entries["Slow"].toolTip()
    assert sheet.buttons()["duplicateSheet"].objectName() == "primary-action"  # primary: a button as well
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: next(a for a in sheet.actions_shown if a["operation"] == "slow")["refused"] is None,
                    timeout=5000)


def test_an_input_form_then_the_outcome(make_window, fs, admin, tmp_path, qtbot):
    from flatspace_desktop.ui.actions.input_form import InputForm

    window, _s = _window(make_window, fs, admin, tmp_path)
    view = open_sheet(window, "getting_started")
    _sheet, workbook = _bars(qtbot, view)
    seen = {}

    def fill(form):
        form.buttons = form.findChildren(QPushButton)
        run = next(b for b in form.buttons if b.text() == "Run")
        run.click()  # empty: refused in the form
        seen["problem"] = form.problem.text()
        form.editors["name"].setText("Ana")
        when_dialog(QMessageBox, lambda box: (seen.update(outcome=box.informativeText()), box.accept()))
        run.click()

    when_dialog(InputForm, fill)
    workbook.buttons()["greet"].click()
    qtbot.waitUntil(lambda: "outcome" in seen, timeout=10_000)
    assert seen == {"problem": "Your name: is required", "outcome": "Hello, Ana!"}


def test_a_sheet_action_asks_first_runs_in_the_background_and_changes_the_grid(make_window, fs, admin, tmp_path,
                                                                              qtbot):
    window, s = _window(make_window, fs, admin, tmp_path)
    view = open_sheet(window, "getting_started")
    sheet, _workbook = _bars(qtbot, view)
    said = []

    def confirm(box):
        said.append(box.text())
        when_dialog(QMessageBox, lambda done: (said.append(done.informativeText()), done.accept()))
        _answer(box).click()  # the button named for the action

    when_dialog(QMessageBox, confirm)
    sheet.trigger(next(a for a in sheet.actions_shown if a["operation"] == "dedupeEmail"))
    qtbot.waitUntil(lambda: len(said) == 2, timeout=10_000)
    assert said[0] == "Remove duplicate emails" and "Removed 1 record(s)" in said[1]
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    assert s.jobs.list()[0]["status"] == "complete"


def test_a_field_action_is_in_its_column_menu(make_window, fs, admin, tmp_path, qtbot):
    from flatspace_desktop.ui.sheet.columns import header_menu

    window, s = _window(make_window, fs, admin, tmp_path)
    view = open_sheet(window, "getting_started")
    _bars(qtbot, view)
    last = view.model.keys.index("lastName")
    entries = {a.text(): a for a in header_menu(view, last).actions()}
    assert "Capitalize" in entries and "Capitalize first names" not in entries
    said = []

    def confirm(box):  # then its outcome
        when_dialog(QMessageBox, lambda done: (said.append(done.informativeText()), done.accept()))
        _answer(box).click()  # the button named for the action

    when_dialog(QMessageBox, confirm)
    entries["Capitalize"].trigger()
    qtbot.waitUntil(lambda: said == ["capitalized lastName"], timeout=10_000)
    qtbot.waitUntil(lambda: any(r.values["lastName"] == "LIMA" for r in s.records.list("getting_started")),
                    timeout=10_000)


def test_listeners_not_allowed_do_not_run_until_the_listeners_page_allows_them(make_window, fs, admin, tmp_path,
                                                                              qtbot, monkeypatch):
    from flatspace_desktop.ui.actions.listeners_view import ListenersView

    window, s = _window(make_window, fs, admin, tmp_path, allow=False)
    view = open_sheet(window, "getting_started")
    sheet, _workbook = _bars(qtbot, view)
    dedupe = next(a for a in sheet.actions_shown if a["operation"] == "dedupeEmail")
    assert dedupe["refused"].startswith("Nothing allowed here handles sheet:dedupeEmail: this Space's listeners may")
    assert window.pane.select_key(("section", "listeners"))
    page = window.pane.stack.currentWidget()
    assert isinstance(page, ListenersView) and "Not allowed to run on this computer" in page.status.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    page.allow.click()
    assert "Allowed: they run" in page.status.text() and page.allow.text() == "Stop them running here"
    assert s.listeners()["state"] == "on"
    view = open_sheet(window, "getting_started")
    qtbot.waitUntil(lambda: next(a for a in view.job_actions.sheet.actions_shown
                                 if a["operation"] == "dedupeEmail")["refused"] is None, timeout=5000)


def test_a_documents_actions_are_on_the_document(make_window, fs, admin, tmp_path, qtbot):
    window, s = _window(make_window, fs, admin, tmp_path)
    doc = s.documents.add("Guide", "Read me", actions=[{"operation": "publish", "label": "Publish", "confirm": False}])
    window.pane.reload_tree()
    assert window.pane.select_key(("document", doc["id"]))
    page = window.pane.stack.currentWidget()
    qtbot.waitUntil(lambda: "publish" in page.doc_actions.buttons(), timeout=5000)
    seen = []
    when_dialog(QMessageBox, lambda box: (seen.append(box.informativeText()), box.accept()))
    page.doc_actions.buttons()["publish"].click()
    qtbot.waitUntil(lambda: seen == ["published"], timeout=10_000)


def test_a_background_action_leaves_the_space_usable_and_says_what_it_is_doing(make_window, fs, admin, tmp_path, qtbot):
    window, s = _window(make_window, fs, admin, tmp_path)
    view = open_sheet(window, "getting_started")
    sheet, _workbook = _bars(qtbot, view)
    seen = []
    when_dialog(QMessageBox, lambda box: (seen.append(box.informativeText()), box.accept()))
    sheet.trigger(next(a for a in sheet.actions_shown if a["operation"] == "waitForMarker"))
    assert window.task is not None and window.pane.isEnabled()  # Flatfile's background mode
    # What the job says it is doing (its ack's info) is the status bar's message while it runs
    qtbot.waitUntil(lambda: window.status.currentMessage() == "Wait: waiting for the marker", timeout=5000)
    assert window.status.progress.text() == "Wait: 10%"
    (s.space.folder / "go-on").write_text("")
    qtbot.waitUntil(lambda: seen == ["went on"], timeout=10_000)
    assert window.status.currentMessage() == ""


def test_an_outcome_leads_to_a_sheet_view_with_its_columns_hidden(make_window, fs, admin, tmp_path, qtbot):
    from flatspace_desktop.ui.actions.runner import follow

    window, s = _window(make_window, fs, admin, tmp_path)
    sheet = s.info()["workbooks"][0]["sheets"][0]
    assert window.pane.select_key(("section", "files"))
    follow(window, {"type": "view", "sheetId": str(sheet["id"]), "hiddenColumns": ["email"]})
    view = window.pane.current_sheet()
    assert view is not None and view.table.horizontalHeader().isSectionHidden(view.model.keys.index("email"))


def test_download_the_records_in_view_asks_where_to_save_and_writes_only_those(make_window, fs, admin, tmp_path,
                                                                                qtbot, monkeypatch):
    import csv

    from PySide6.QtWidgets import QFileDialog

    window, s = _window(make_window, fs, admin, tmp_path)
    view = open_sheet(window, "getting_started")
    sheet, _workbook = _bars(qtbot, view)
    view.set_filter("error")
    qtbot.waitUntil(lambda: view.model.rowCount() == s.records.counts("getting_started")["error"], timeout=5000)
    shown = view.model.rowCount()
    assert 0 < shown < s.records.counts("getting_started")["total"]
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (asked.append(a[1]), (str(tmp_path / "to-fix"), "CSV (*.csv)"))[1])
    said = []
    when_dialog(QMessageBox, lambda box: (said.append(box.informativeText()), box.accept()))
    sheet.trigger(next(a for a in sheet.actions_shown if a["operation"] == "downloadFiltered"))
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert asked == ["Download the records in view"]  # the system's save dialog, not a text box for a path
    assert said[0].startswith(f"Wrote {shown} record")
    with open(tmp_path / "to-fix.csv", newline="", encoding="utf-8-sig") as fh:
        assert len(list(csv.DictReader(fh))) == shown


def test_a_record_hook_failing_on_an_edit_says_so_and_the_edit_stands(make_window, fs, admin, tmp_path, qtbot):
    from PySide6.QtCore import Qt

    window, s = _window(make_window, fs, admin, tmp_path, allow=False)
    write(s.space.folder / "listeners" / "bad_hook.py",
          "def register(l):\n    l.bulk_record_hook('getting_started', lambda records, event: 1 / 0)\n")
    s.listeners(allow=True)
    view = open_sheet(window, "getting_started")
    col = view.model.keys.index("lastName")
    editor = _typed(qtbot, view, 0, "lastName", "Kept")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: view.model.index(0, col).data() == "Kept", timeout=5000)
    assert window.status.currentMessage().startswith(
        "Saved, but the record hook of listeners/bad_hook.py failed on a record: ZeroDivisionError")


def test_a_slow_event_listener_leaves_the_window_free_and_its_write_shows_when_done(
        make_window, fs, admin, tmp_path, qtbot):
    from PySide6.QtCore import Qt

    window, s = _window(make_window, fs, admin, tmp_path, allow=False)
    write(s.space.folder / "listeners" / "late.py", (
        "import time\n"
        "def register(l):\n    l.on('records:updated', {'sheet': 'getting_started'}, late)\n"
        "def late(event):\n"
        "    while not (event.session.space.folder / 'go-on').exists():\n        time.sleep(0.01)\n"
        "    rid = event.session.records.list('getting_started', limit=1)[0].rid\n"
        "    event.session.records.update('getting_started', {rid: {'email': 'late@x.org'}})\n"))
    s.listeners(allow=True)
    view = open_sheet(window, "getting_started")
    first, email = view.model.keys.index("firstName"), view.model.keys.index("email")
    editor = _typed(qtbot, view, 0, "firstName", "Ada")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: view.model.index(0, first).data() == "Ada", timeout=5000)
    qtbot.wait(200)  # the listener is waiting; the window is not
    assert view.model.index(0, email).data() != "late@x.org" and window.isEnabled()
    (s.space.folder / "go-on").write_text("")
    qtbot.waitUntil(lambda: view.model.index(0, email).data() == "late@x.org", timeout=5000)
    assert fs.automation.settle(timeout=5)


def test_an_action_needing_every_record_valid_reads_the_selected_records_or_the_whole_sheet(
        make_window, fs, admin, tmp_path, qtbot):
    """Found by a new user's trial: the current cell counted as a selection, and the selection's
    errors were never read, so a hasAllValid action ran on a sheet full of errors."""
    window, s = _window(make_window, fs, admin, tmp_path)
    view = open_sheet(window, "getting_started")
    sheet, _workbook = _bars(qtbot, view)
    recs = s.records.list("getting_started", limit=100)
    bad, good = next(i for i, r in enumerate(recs) if r.n_err), next(i for i, r in enumerate(recs) if not r.n_err)

    def state():
        return next(a for a in sheet.actions_shown if a["operation"] == "submitValid")["refused"]

    view.table.setCurrentIndex(view.model.index(good, 0))
    view.table.clearSelection()  # the cursor on a valid record, nothing selected: the whole sheet counts
    qtbot.waitUntil(lambda: (state() or "").endswith("records have errors: every record must be valid first"),
                    timeout=5000)
    menu = sheet.findChildren(QToolButton, "actions-menu")[-1]
    entry = next(a for a in menu.menu().actions() if a.text() == "Only when valid")
    assert not entry.isEnabled() and "must be valid first" in entry.toolTip()
    view.table.selectRow(bad)
    qtbot.waitUntil(lambda: state() == "1 of the selected records have errors: fix them first", timeout=5000)
    view.table.selectRow(good)
    qtbot.waitUntil(lambda: state() is None, timeout=5000)

    def entry_now():  # the menu is made again as the state changes (the old one not yet deleted)
        menu = sheet.findChildren(QToolButton, "actions-menu")[-1]
        return next(a for a in menu.menu().actions() if a.text() == "Only when valid")

    qtbot.waitUntil(lambda: entry_now().isEnabled(), timeout=5000)


def test_an_edit_whose_record_hook_is_slow_leaves_the_window_free_and_says_so(make_window, fs, admin, tmp_path, qtbot):
    """Found by a new user's trial: a hook that took 4 s froze the window, saying nothing."""
    from PySide6.QtCore import Qt, QTimer

    window, s = _window(make_window, fs, admin, tmp_path, allow=False)
    write(s.space.folder / "listeners" / "slow_hook.py", (
        "import time\n"
        "def register(l):\n    l.bulk_record_hook('getting_started', wait)\n"
        "def wait(records, event):\n"
        "    folder = event.session.space.folder\n"
        "    while (folder / 'hold').exists():\n        time.sleep(0.01)\n"
        "    for r in records:\n        r.compute('lastName', lambda v: v.upper() if isinstance(v, str) else v)\n"))
    s.listeners(allow=True)
    view = open_sheet(window, "getting_started")
    col = view.model.keys.index("lastName")
    (s.space.folder / "hold").write_text("")
    editor = _typed(qtbot, view, 0, "lastName", "Slow")
    ticks = []
    timer = QTimer(interval=20, timeout=lambda: ticks.append(1))
    timer.start()
    try:
        qtbot.keyClick(editor, Qt.Key_Return)
        qtbot.waitUntil(lambda: "running…" in window.status.currentMessage(), timeout=5000)
        assert window.status.currentMessage() == ("Saving: the record hooks of listeners/sample_listener.py, "
                                                  "listeners/slow_hook.py are running…")
        assert len(ticks) >= 5  # the window's timers ran while the hook worked
        view.table.setCurrentIndex(view.model.index(1, col))
        qtbot.keyClick(view.table, Qt.Key_F2)  # no second edit opens meanwhile
        assert view.table.state() != view.table.State.EditingState
    finally:
        (s.space.folder / "hold").unlink()
    qtbot.waitUntil(lambda: view.model.index(0, col).data() == "SLOW", timeout=5000)
    qtbot.waitUntil(lambda: not view.saving.busy(), timeout=5000)  # the value can show before the save ends
    timer.stop()
    qtbot.keyClick(view.table, Qt.Key_F2)
    assert view.table.state() == view.table.State.EditingState


def test_twin_buttons_say_whose_and_a_delete_asks_with_cancel_first(make_window, fs, admin, tmp_path, qtbot):
    """Found by a new user's trial: two "Duplicate" buttons side by side, and OK/Cancel (OK the
    default) on "Delete every record"."""
    window, s = _window(make_window, fs, admin, tmp_path)
    view = open_sheet(window, "getting_started")
    sheet, workbook = _bars(qtbot, view)
    qtbot.waitUntil(lambda: sheet.buttons()["duplicateSheet"].text() == "Duplicate (sheet)", timeout=5000)
    assert workbook.buttons()["duplicateWorkbook"].text() == "Duplicate (workbook)"
    assert "The workbook's action" in workbook.buttons()["duplicateWorkbook"].toolTip()
    seen = {}

    def answer(box):
        seen.update(default=box.defaultButton().text(), buttons=sorted(b.text() for b in box.buttons()))
        qtbot.keyClick(box, Qt.Key_Return)  # Enter takes the default: nothing is deleted

    from PySide6.QtCore import Qt

    when_dialog(QMessageBox, answer)
    before = s.records.counts("getting_started")["total"]
    sheet.trigger(next(a for a in sheet.actions_shown if a["operation"] == "deleteAllRecords"))
    qtbot.waitUntil(lambda: "default" in seen, timeout=5000)
    assert seen == {"default": "Cancel", "buttons": ["Cancel", "Delete all records"]}
    assert s.records.counts("getting_started")["total"] == before and window.task is None
