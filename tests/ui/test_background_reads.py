"""A big sheet, written to, is read again off the window's thread (at a million records its
ids and counts take 50-200 ms of SQLite, a stall of the window): the grid keeps its rows until
the new ones are read, an older read never undoes a newer one, and closing waits for it."""

import threading

from ui_helpers import open_sheet, sidebar_labels
from flatspace_desktop.ui.sheet import sheet_view


def _record_threads(handle, name):
    seen = []
    real = getattr(handle, name)
    setattr(handle, name, lambda *a: seen.append(threading.current_thread()) or real(*a))
    return seen


def test_a_big_sheet_takes_in_new_rows_read_off_the_windows_thread(sample_window, fs, admin, qtbot, monkeypatch):
    monkeypatch.setattr(sheet_view, "BACKGROUND_MIN", 5)  # the sample's 7 contacts count as big
    view = open_sheet(sample_window, "contacts")
    read_on = _record_threads(view.handle, "ids")
    fs.open(admin, sample_window.pane.space_id).records.add("contacts", [{"email": "new@x.example",
                                                                           "lastName": "New"}])
    assert view.model.rowCount() == 7  # shown as it was until the new ids are read
    qtbot.waitUntil(lambda: view.model.rowCount() == 8)
    assert read_on and all(t is not threading.main_thread() for t in read_on)
    qtbot.waitUntil(lambda: sample_window.status.counts.text().startswith("8 records"))
    assert view.filter_buttons["all"].text() == "All  8"


def test_an_edit_on_a_big_sheet_counts_its_errors_off_the_windows_thread(sample_window, fs, admin, qtbot,
                                                                          monkeypatch):
    monkeypatch.setattr(sheet_view, "BACKGROUND_MIN", 5)
    view = open_sheet(sample_window, "contacts")
    errors = view.model.counts["error"]
    counted_on = _record_threads(view.handle, "counts")
    rid = next(view.model.rid(r) for r in range(7) if view.model.record_row(r).n_err == 0)
    fs.open(admin, sample_window.pane.space_id).records.update("contacts", {rid: {"lastName": None}})
    qtbot.waitUntil(lambda: view.filter_buttons["error"].text() == f"Errors  {errors + 1}")
    assert counted_on and all(t is not threading.main_thread() for t in counted_on)
    assert view.model.rowCount() == 7


def test_an_older_count_of_the_tree_does_not_undo_a_rename(sample_window, fs, admin, qtbot):
    pane = sample_window.pane
    gate = threading.Event()
    real = pane._read_tree

    def slow(counts=True):  # the background's read waits until the rename has been shown
        if threading.current_thread() is not threading.main_thread():
            gate.wait(10)
        return real(counts)

    pane._read_tree = slow
    pane._reload_counts()
    wb = pane.info["workbooks"][0]
    fs.open(admin, pane.space_id).workbooks.rename(wb["id"], "Renamed meanwhile")
    assert "Renamed meanwhile" in sidebar_labels(pane.model)
    gate.set()
    qtbot.waitUntil(lambda: not pane._tree_reader.busy())
    qtbot.wait(50)
    assert "Renamed meanwhile" in sidebar_labels(pane.model)


def test_closing_the_window_waits_for_a_read_still_running(sample_window, qtbot):
    pane = sample_window.pane
    gate = threading.Event()
    real = pane._read_tree
    finished = []

    def slow(counts=True):
        gate.wait(10)
        out = real(counts)
        finished.append(True)
        return out

    pane._read_tree = slow
    pane._reload_counts()
    threading.Timer(0.2, gate.set).start()
    sample_window.close()
    assert finished == [True]


def test_a_space_known_to_be_big_counts_its_tree_in_the_background(sample_window, fs, admin, qtbot,
                                                                    monkeypatch):
    from flatspace_desktop.ui.space import space_pane

    monkeypatch.setattr(space_pane, "BACKGROUND_MIN", 5)
    pane = sample_window.pane
    counted_on = []
    real = pane._read_tree
    pane._read_tree = lambda counts=True: (counted_on.append((threading.current_thread(), counts))
                                           or real(counts))
    fs.open(admin, pane.space_id).records.add("contacts", [{"email": "n@x.example", "lastName": "N"}])
    pane.refresh()  # F5
    qtbot.waitUntil(lambda: any(t is not threading.main_thread() for t, _c in counted_on), timeout=3000)
    assert all(not counts for t, counts in counted_on if t is threading.main_thread())
    qtbot.waitUntil(lambda: _total(pane, "contacts") == 8)


def _total(pane, slug):
    sheet = next(s for wb in pane.info["workbooks"] for s in wb["sheets"] if s["slug"] == slug)
    return sheet.get("counts", {}).get("total")
