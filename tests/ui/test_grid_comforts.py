"""What a spreadsheet user expects of the grid and the window around it, driven as a person
does: the column menu and remembered columns, the record form, F1's manual, search matches
highlighted, empty states that say what to do, preferences and recent files."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from test_prep_window import _on
from trust_fixtures import key
from ui_helpers import cell, column, focus_grid as _focus, open_sheet, when_dialog as _when_dialog


def test_the_column_menu_sorts_hides_and_the_columns_are_remembered(cars_window, make_window, qtbot):
    from flatspace_desktop.ui.sheet.columns import header_menu

    view = _on(qtbot, cars_window, "hp")
    hh = view.table.horizontalHeader()
    hp = column(view.model, "hp")
    menu = header_menu(view, hp)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:3] == ["Sort ascending", "Sort descending", "Clear sort"] and "Profile column" in texts
    next(a for a in menu.actions() if a.text() == "Sort descending").trigger()
    assert cell(view.model, 0, "hp") == "230"  # the strongest car first
    header_menu(view, hp).actions()[2].trigger()  # clear sort
    assert view.model.view.sort is None and cell(view.model, 0, "name") == "chevrolet chevelle malibu"
    next(a for a in header_menu(view, column(view.model, "mpg")).actions() if a.text().startswith("Hide")).trigger()
    hh.resizeSection(hp, 333)
    hh.moveSection(hh.visualIndex(column(view.model, "origin")), 0)
    view.columns.save()
    cars_window.close()
    again = make_window()
    view2 = _on(qtbot, again, "hp")
    hh2 = view2.table.horizontalHeader()
    assert hh2.isSectionHidden(column(view2.model, "mpg")) and hh2.sectionSize(hp) == 333
    assert hh2.logicalIndex(0) == column(view2.model, "origin")
    assert view2.model.view.sort is None  # a sort is never brought back by itself
    next(a for a in header_menu(view2, hp).actions() if a.text() == "Show all columns").trigger()
    assert not hh2.isSectionHidden(column(view2.model, "mpg"))


def test_the_menu_key_on_a_cell_opens_the_grid_menu_with_its_column(cars_window, qtbot):
    from flatspace_desktop.ui.sheet.columns import grid_menu

    view = _on(qtbot, cars_window, "origin")
    menu = grid_menu(view, None)
    sub = [a for a in menu.actions() if a.menu()]
    assert [a.text() for a in sub] == ["Column “Origin”"]
    assert "Copy" in [a.text() for a in menu.actions()]


def test_f1_opens_the_manual_and_the_record_form_walks_the_records(cars_window, qtbot):
    from flatspace_desktop.ui.manual import ManualDialog
    from flatspace_desktop.ui.sheet.record_form import RecordForm

    view = _on(qtbot, cars_window, "hp")
    seen = {}
    _when_dialog(ManualDialog, lambda d: (seen.setdefault("manual", d.text.toPlainText()), d.reject()))
    key(view.window(), Qt.Key_F1)
    assert "Preparing data" in seen["manual"] and "Ctrl+Shift+P" in seen["manual"]

    def walk(form):
        seen["first"] = form.where.text()
        qtbot.mouseClick(form.next, Qt.LeftButton)
        qtbot.mouseClick(form.next, Qt.LeftButton)
        seen["third"] = (form.where.text(), "buick skylark 320" not in form.body.toPlainText(),
                         "plymouth satellite" in form.body.toPlainText())
        seen["row"] = view.table.currentIndex().row()
        form.reject()

    _focus(qtbot, view)
    _when_dialog(RecordForm, walk)
    key(view.window(), Qt.Key_F, Qt.ControlModifier | Qt.ShiftModifier)
    assert seen["first"].startswith("Record 1 · 1 of 406") and seen["third"] == ("Record 3 · 3 of 406 in view",
                                                                                  True, True)
    assert seen["row"] == 2  # the grid followed


def test_search_matches_are_highlighted_and_an_empty_view_says_what_to_do(cars_window, qtbot):
    view = _on(qtbot, cars_window, "name")
    qtbot.keyClicks(view.search, "toyota")
    qtbot.waitUntil(lambda: view.model.view.search == "toyota")
    m = view.model
    name, origin = column(m, "name"), column(m, "origin")
    assert m.index(0, name).data(Qt.BackgroundRole) is not None  # "toyota corona mark ii"
    assert m.index(0, origin).data(Qt.BackgroundRole) is None
    view.search.setText("no car is called this")
    qtbot.waitUntil(lambda: m.rowCount() == 0)
    assert "clear the search" in view._empty_text()
    view.table.grab()  # the empty grid paints its hint


def test_preferences_set_the_reading_the_missing_tokens_and_snapshots_kept(cars_window, fs, admin, qtbot,
                                                                           monkeypatch, tmp_path):
    from flatspace_desktop.ui.importing.import_dialog import ImportDialog
    from flatspace_desktop.ui.preferences import PreferencesDialog

    def choose(d):
        d.reading.setCurrentIndex(d.reading.findData("de_DE"))
        d.missing.setText('NA, "n/a", -')
        d.retention["dailyDays"].setValue(7)
        d.buttons.button(d.buttons.StandardButton.Ok).click()

    _focus(qtbot, open_sheet(cars_window, "cars"))
    _when_dialog(PreferencesDialog, choose)
    cars_window.act_prefs.trigger()
    assert cars_window.settings.reading_locale() == "de_DE"
    assert fs.open(admin, cars_window.pane.space_id).history.retention()["dailyDays"] == 7
    # the next import reads as chosen
    eu = tmp_path / "eu.csv"
    eu.write_text("Name;Horsepower\nvw golf;n/a\n", encoding="utf-8")
    seen = {}
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(eu)], ""))
    _when_dialog(ImportDialog, lambda d: (seen.update(locale=d.locale, missing=d.review.missing_edit.text()),
                                          d.reject()))
    cars_window.import_file()
    assert seen == {"locale": "de_DE", "missing": 'NA, "n/a", -'}
    assert cars_window.settings.recent_files() == [str(eu)]


def test_a_bad_token_list_is_refused_in_the_dialog(cars_window, qtbot):
    from flatspace_desktop.ui.preferences import PreferencesDialog

    d = PreferencesDialog(cars_window.settings, None, cars_window)
    d.missing.setText('"unclosed')
    assert not d.buttons.button(d.buttons.StandardButton.Ok).isEnabled() and d.missing_error.text()
    d.reject()


def test_recent_files_reopen_the_import_and_forget_a_file_gone(cars_window, qtbot, tmp_path):
    from flatspace_desktop.ui import window_menus

    gone = str(tmp_path / "gone.csv")
    cars_window.settings.remember_files([gone])
    window_menus.fill_recent(cars_window)
    names = [a.text() for a in cars_window.recent_menu.actions()]
    assert names[0] == "gone.csv"
    cars_window.recent_menu.actions()[0].trigger()
    assert "no longer there" in cars_window.status.currentMessage()
    assert cars_window.settings.recent_files() == []


def test_a_named_view_is_saved_from_the_window_and_brings_back_its_records(cars_window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from flatspace_desktop.domain.records import Facet
    from flatspace_desktop.ui.sheet import named_views

    view = _on(qtbot, cars_window, "hp")
    view.facet_chip.set_facets((Facet("origin", ("Europe",)),))
    view.search.setText("volkswagen")
    view._apply_view()
    shown = view.model.rowCount()
    assert 0 < shown < 73
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("VW", True))
    cars_window.act_save_view.trigger()
    view.facet_chip.set_facets(())
    view.search.setText("")
    view._apply_view()
    assert view.model.rowCount() == 406
    named_views.fill_views(cars_window, cars_window.views_menu)
    vw = next(a for a in cars_window.views_menu.actions() if a.text() == "VW")
    vw.trigger()
    assert view.model.rowCount() == shown and view.search.text() == "volkswagen" and view.facet_chip.isVisible()
    assert "Showing the view “VW”" in cars_window.status.currentMessage()


def test_dark_colours_apply_even_where_the_platform_reports_no_scheme(cars_window, qtbot):
    """Found by a new user's trial: Colours = Dark left the window light on a platform that never
    reports a colour scheme (offscreen here; a Linux desktop without a theme portal)."""
    from flatspace_desktop.ui.preferences import apply_colours
    from flatspace_desktop.ui.style import is_dark

    try:
        apply_colours("dark")
        qtbot.wait(20)  # the window takes in the palette from its event queue
        assert is_dark() and cars_window.palette().window().color().lightness() < 128
        apply_colours("light")
        assert not is_dark()
    finally:
        apply_colours("system")
    assert not is_dark()  # the offscreen platform is light


def test_columns_changed_just_before_closing_are_kept(cars_window, make_window, qtbot):
    from flatspace_desktop.ui.sheet.columns import header_menu

    view = _on(qtbot, cars_window, "hp")
    next(a for a in header_menu(view, column(view.model, "origin")).actions() if a.text().startswith("Hide")).trigger()
    view.table.horizontalHeader().resizeSection(0, 300)
    cars_window.close()  # at once: the layout waits for no timer
    again = _on(qtbot, make_window(), "hp")
    hh = again.table.horizontalHeader()
    assert hh.isSectionHidden(column(again.model, "origin")) and hh.sectionSize(0) == 300


def test_frozen_columns_stay_in_view_while_the_grid_scrolls_sideways(cars_window, qtbot):
    from flatspace_desktop.ui.sheet.columns import header_menu

    view = _on(qtbot, cars_window, "name")
    cars_window.resize(700, 600)
    qtbot.wait(20)
    name = column(view.model, "name")
    next(a for a in header_menu(view, name).actions() if a.text() == "Freeze columns up to Name").trigger()
    frozen = view.frozen.view
    assert frozen.isVisible() and view.frozen.count == 1
    fh = frozen.horizontalHeader()
    assert [i for i in range(fh.count()) if not fh.isSectionHidden(i)] == [name]
    assert frozen.model().index(0, name).data() == "chevrolet chevelle malibu"
    view.table.horizontalScrollBar().setValue(view.table.horizontalScrollBar().maximum())
    view.table.verticalScrollBar().setValue(100)
    assert frozen.verticalScrollBar().value() == 100 and frozen.isVisible()
    # a cell moved to is never under the frozen column
    view.table.setCurrentIndex(view.model.index(100, column(view.model, "mpg")))
    assert view.table.visualRect(view.table.currentIndex()).x() >= view.frozen.frozen_width()
    menu = header_menu(view, name)
    next(a for a in menu.actions() if a.text() == "Unfreeze columns").trigger()
    assert not frozen.isVisible()


def test_frozen_columns_are_remembered_for_the_sheet(cars_window, make_window, qtbot):
    from flatspace_desktop.ui.sheet.columns import header_menu

    view = _on(qtbot, cars_window, "name")
    next(a for a in header_menu(view, column(view.model, "mpg")).actions()
         if a.text() == "Freeze columns up to Miles per gallon").trigger()
    assert view.frozen.count == column(view.model, "mpg") + 1
    cars_window.close()
    again = _on(qtbot, make_window(), "name")
    assert again.frozen.count == column(again.model, "mpg") + 1 and again.frozen.view.isVisible()
    next(a for a in header_menu(again, 0).actions() if a.text() == "Unfreeze columns").trigger()
    again.window().close()
    assert _on(qtbot, make_window(), "name").frozen.count == 0


def test_a_frozen_cell_edits_as_any_cell_does(cars_window, qtbot):
    from PySide6.QtWidgets import QApplication

    view = _on(qtbot, cars_window, "name")
    view.frozen.freeze(1)
    frozen = view.frozen.view
    index = view.model.index(0, column(view.model, "name"))
    frozen.setFocus()
    frozen.edit(index)
    editor = QApplication.focusWidget()
    assert editor is not None and editor.parent() is not None and editor.text() == "chevrolet chevelle malibu"
    editor.selectAll()
    qtbot.keyClicks(editor, "Chevelle")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: cell(view.model, 0, "name") == "Chevelle", timeout=2000)
    assert view.next_steps()[0] is not None  # one undo step, as an edit in the grid makes
