"""The sheet grid driven like a person would: edit, undo, filter, search, sort, replace, paste."""

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication

from ui_helpers import cell, column, open_sheet


def test_sheet_model_passes_the_model_tester(sample_window, qtmodeltester):
    view = open_sheet(sample_window, "contacts")
    qtmodeltester.check(view.model)


def test_headers_show_label_type_and_required_mark(sample_window):
    view = open_sheet(sample_window, "contacts")
    m = view.model
    assert m.headerData(0, Qt.Horizontal, Qt.DisplayRole) == "Email *\nstring"
    assert "refers to companies.code" in m.headerData(column(m, "company"), Qt.Horizontal, Qt.ToolTipRole)


def test_invalid_cells_are_coloured_and_explain_themselves(sample_window):
    view = open_sheet(sample_window, "contacts")
    m = view.model
    seats = column(m, "seats")
    row = next(r for r in range(m.rowCount()) if m.index(r, seats).data() == "three")
    idx = m.index(row, seats)
    assert idx.data(Qt.BackgroundRole) is not None
    assert idx.data(Qt.ToolTipRole) == 'Error: "three" is not a number'
    view.table.setCurrentIndex(idx)
    assert '"three" is not a number' in view.messages.toPlainText()
    ok = m.index(row, column(m, "firstName"))
    assert ok.data(Qt.BackgroundRole) is None


def test_editing_validates_at_once_and_undo_redo_restore(sample_window, fs, admin, qtbot):
    view = open_sheet(sample_window, "contacts")
    m = view.model
    seats = column(m, "seats")
    row = next(r for r in range(m.rowCount()) if m.index(r, seats).data() == "three")
    before = fs.open(admin, sample_window.pane.space_id).records.counts("contacts")["errorsByField"]["seats"]
    assert m.setData(m.index(row, seats), "3")
    assert m.index(row, seats).data() == "3" and m.index(row, seats).data(Qt.BackgroundRole) is None
    assert fs.open(admin, sample_window.pane.space_id).records.counts("contacts")["errorsByField"]["seats"] == before - 1
    assert sample_window.act_undo.isEnabled()
    sample_window.act_undo.trigger()
    assert m.index(row, seats).data() == "three"
    sample_window.act_redo.trigger()
    assert m.index(row, seats).data() == "3"


def test_editing_by_keyboard(sample_window, qtbot):
    view = open_sheet(sample_window, "contacts")
    m, table = view.model, view.table
    first = m.index(1, column(m, "firstName"))
    sample_window.activateWindow()
    qtbot.waitActive(sample_window)
    table.setFocus()
    table.setCurrentIndex(first)
    qtbot.keyClick(table, Qt.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not table and editor.text() == "Grace"
    editor.selectAll()
    qtbot.keyClicks(editor, "Gracie")
    qtbot.keyClick(editor, Qt.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: m.index(1, column(m, "firstName")).data() == "Gracie", timeout=2000)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key_Z, Qt.ControlModifier)
    assert m.index(1, column(m, "firstName")).data() == "Grace"
    qtbot.keyClick(table, Qt.Key_Y, Qt.ControlModifier)
    assert m.index(1, column(m, "firstName")).data() == "Gracie"


def test_unique_fix_revalidates_the_other_record(sample_window):
    view = open_sheet(sample_window, "contacts")
    m = view.model
    email = column(m, "email")
    rows = [r for r in range(m.rowCount()) if m.index(r, email).data().lower() == "ada@acme.example"]
    assert len(rows) == 2 and all(m.index(r, email).data(Qt.BackgroundRole) is not None for r in rows)
    m.setData(m.index(rows[1], email), "byron@acme.example")
    assert all(m.index(r, email).data(Qt.BackgroundRole) is None for r in rows)


def test_boolean_cells_are_checkboxes(sample_window):
    view = open_sheet(sample_window, "contacts")
    m = view.model
    active = column(m, "active")
    idx = m.index(0, active)
    assert idx.data(Qt.CheckStateRole) == Qt.Checked and idx.data() == ""
    assert m.setData(idx, Qt.Unchecked.value, Qt.CheckStateRole)
    assert m.index(0, active).data(Qt.CheckStateRole) == Qt.Unchecked


def test_filters_and_field_errors(sample_window, fs, admin, qtbot):
    view = open_sheet(sample_window, "contacts")
    counts = fs.open(admin, sample_window.pane.space_id).records.counts("contacts")
    qtbot.mouseClick(view.filter_buttons["error"], Qt.LeftButton)
    assert view.model.rowCount() == counts["error"]
    assert view.filter_buttons["error"].text().endswith(str(counts["error"]))
    qtbot.mouseClick(view.filter_buttons["valid"], Qt.LeftButton)
    assert view.model.rowCount() == counts["valid"]
    qtbot.mouseClick(view.filter_buttons["all"], Qt.LeftButton)
    view.field_filter.setCurrentIndex(view.field_filter.findData("seats"))
    assert view.model.rowCount() == counts["errorsByField"]["seats"] == 1
    assert "Errors in Seats  (1)" in view.field_filter.currentText()


def test_search_filters_rows_after_typing(sample_window, qtbot):
    view = open_sheet(sample_window, "contacts")
    qtbot.keyClick(view.table, Qt.Key_F, Qt.ControlModifier)
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, "hopper")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert view.model.index(0, column(view.model, "lastName")).data() == "Hopper"
    assert "1 shown" in sample_window.status.counts.text()
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 7, timeout=2000)


def test_clicking_a_header_sorts(sample_window, qtbot):
    view = open_sheet(sample_window, "contacts")
    m = view.model
    col = column(m, "lastName")
    view.table.sortByColumn(col, Qt.AscendingOrder)
    names = [m.index(r, col).data() for r in range(m.rowCount())]
    assert names[1:] == sorted(names[1:]) and names[0] == ""  # empty sorts first
    view.table.sortByColumn(col, Qt.DescendingOrder)
    assert [m.index(r, col).data() for r in range(m.rowCount())] == list(reversed(names))


def test_find_and_replace_dialog_is_one_undoable_step(sample_window, qtbot):
    view = open_sheet(sample_window, "contacts")
    m = view.model
    plan = column(m, "plan")
    view.table.setCurrentIndex(m.index(0, plan))

    def fill():
        dialog = QApplication.activeModalWidget()
        dialog.find.setText("team")
        dialog.replace.setText("enterprise")
        dialog.refresh_now()
        assert "2 cells in 2 records will change" in dialog.preview.text()
        dialog.apply.click()

    QTimer.singleShot(0, fill)
    view.find_replace()
    values = [cell(m, r, "plan") for r in range(m.rowCount())]  # the stored values, not their labels
    assert "team" not in values and values.count("enterprise") == 4
    sample_window.act_undo.trigger()
    assert [cell(m, r, "plan") for r in range(m.rowCount())].count("team") == 2


def test_copy_and_paste_ranges_as_tab_separated_text(sample_window, qtbot):
    view = open_sheet(sample_window, "contacts")
    m, table = view.model, view.table
    first, last = column(m, "firstName"), column(m, "lastName")
    sel = QItemSelection(m.index(0, first), m.index(1, last))
    table.selectionModel().select(sel, QItemSelectionModel.ClearAndSelect)
    view.copy()
    assert QApplication.clipboard().text() == "Ada\tLovelace\nGrace\tHopper\n"
    QApplication.clipboard().setText("Anna\tLee\nBen\tMoss\nCleo\tNash\n")
    table.setCurrentIndex(m.index(6, first))
    total = m.rowCount()
    view.paste()
    assert [m.index(6, c).data() for c in (first, last)] == ["Anna", "Lee"]
    assert m.rowCount() == total + 2
    assert {cell(m, r, "lastName") for r in range(m.rowCount())} >= {"Moss", "Nash"}
    sample_window.act_undo.trigger()  # one step undoes the whole paste
    assert m.rowCount() == total and cell(m, 6, "firstName") == "Dennis"


def test_add_and_delete_records_with_undo_keeping_ids(sample_window, qtbot):
    view = open_sheet(sample_window, "contacts")
    m = view.model
    total = m.rowCount()
    view.add_record()
    assert m.rowCount() == total + 1
    new_row = view.table.currentIndex().row()
    assert m.index(new_row, column(m, "email")).data(Qt.ToolTipRole) == "Error: Email is required"
    sample_window.act_undo.trigger()
    assert m.rowCount() == total
    ids = [m.rid(r) for r in (1, 2)]
    view.table.selectionModel().select(QItemSelection(m.index(1, 0), m.index(2, 0)),
                                       QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
    qtbot.keyClick(view.table, Qt.Key_Delete)
    assert m.rowCount() == total - 2
    sample_window.act_undo.trigger()
    assert [m.rid(r) for r in (1, 2)] == ids and cell(m, 1, "lastName") == "Hopper"


def test_delete_key_clears_cells(sample_window, qtbot):
    view = open_sheet(sample_window, "contacts")
    m = view.model
    idx = m.index(1, column(m, "firstName"))
    view.table.setCurrentIndex(idx)
    view.table.selectionModel().select(idx, QItemSelectionModel.ClearAndSelect)
    qtbot.keyClick(view.table, Qt.Key_Delete)
    assert cell(m, 1, "firstName") == ""



def test_sorting_a_large_sheet_prepares_in_the_background(sample_window, fs, admin, qtbot, monkeypatch):
    from flatspace_desktop.ui.sheet import sheet_model

    monkeypatch.setattr(sheet_model, "SORT_INLINE_MAX", 3)  # the sample's 7 rows count as "large"
    view = open_sheet(sample_window, "contacts")
    m = view.model
    col = column(m, "firstName")
    assert not view.handle.sort_ready("firstName")
    with qtbot.waitSignal(m.modelReset, timeout=5000):
        view.table.sortByColumn(col, Qt.AscendingOrder)
        assert view.sort_task is not None  # the window is not blocked while the index is built
    names = [m.index(r, col).data() for r in range(m.rowCount())]
    assert names == sorted(names) and view.handle.sort_ready("firstName")


def test_a_filter_chosen_while_a_big_sort_runs_is_kept(sample_window, qtbot, monkeypatch):
    from flatspace_desktop.ui.sheet import sheet_model

    monkeypatch.setattr(sheet_model, "SORT_INLINE_MAX", 3)
    view = open_sheet(sample_window, "contacts")
    m = view.model
    col = column(m, "firstName")
    errors = m.handle.counts()["error"]
    with qtbot.waitSignal(m.modelReset, timeout=5000, check_params_cb=lambda: m.view.sort == "firstName"):
        view.table.sortByColumn(col, Qt.DescendingOrder)
        view.set_filter("error")  # chosen before the sorted ids came back
    qtbot.waitUntil(lambda: view.sort_task is None)
    assert m.view.filter == "error" and m.view.sort == "firstName" and m.rowCount() == errors
    names = [m.index(r, col).data() for r in range(m.rowCount())]
    assert names == sorted(names, reverse=True)


def test_the_row_numbers_fit_the_largest(sample_window, fs, admin, tmp_path):
    view = open_sheet(sample_window, "contacts")
    header = view.table.verticalHeader()
    digits = len(str(view.model.rowCount()))
    assert header.width() >= header.fontMetrics().horizontalAdvance("9" * digits)
