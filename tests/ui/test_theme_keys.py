"""Themes take any CSS colour, and the keys of Flatfile's theme that have a place in this window
colour it (issue 13, item 5): drawn in the real window and read back from its pixels."""

import json

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QColorDialog, QFileDialog, QLabel, QLineEdit, QMessageBox, QToolTip
from support import write
from trust_fixtures import PEOPLE_BLUEPRINT
from ui_helpers import open_sheet

from flatspace_desktop.domain import theme as T
from flatspace_desktop.ui.theme.theming import on, qcolor, qss

PEOPLE = ("name,born,score,active,level,team\n"
          "Ann,1990-02-03,1.5,true,jr,A\n"
          "Bo,1991-01-01,abc,false,mid,Z\n"
          "Cy,1992-03-04,3,true,sr,B\n")


@pytest.fixture
def club(make_window, fs, admin, tmp_path):
    """A window on one Space whose people sheet has true and false check boxes and an invalid row."""
    sid = fs.create_space(admin, "Club", blueprint=PEOPLE_BLUEPRINT)["id"]
    fs.open(admin, sid).records.import_file("teams", write(tmp_path / "teams.csv", "code,name\nA,Alpha\nB,Beta\n"))
    fs.open(admin, sid).records.import_file("people", write(tmp_path / "people.csv", PEOPLE))
    w = make_window()
    assert w.pane.space_id == sid
    return w, sid, open_sheet(w, "people")


def show(w, fs, admin, sid, theme):
    """Save a theme as the command line or Apply does, and show it as the window does."""
    fs.open(admin, sid).theme.set(theme)
    w.apply_theme(fs.open(admin, sid).theme.get())
    return fs.open(admin, sid).theme.get()


def image(widget):
    return widget.grab().toImage()


def near(a: QColor, b: QColor, tolerance: int = 24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))


def has(img, rect: QRect, colour: str, tolerance: int = 24) -> bool:
    """Some pixel inside `rect` is (nearly) `colour`: text and marks are antialiased."""
    want = qcolor(colour)
    rect = rect.intersected(img.rect())
    return any(near(img.pixelColor(x, y), want, tolerance)
               for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1))


def empty_sidebar(w):
    vp = w.pane.tree.viewport()
    return image(vp).pixelColor(QPoint(vp.width() - 5, vp.height() - 5)).name()


@pytest.mark.parametrize("value, drawn", [
    ("rebeccapurple", "#663399"), ("hsl(210 50% 40%)", "#336699"), ("hsl(210, 50%, 40%)", "#336699"),
    ("rgb(18 52 86)", "#123456"), ("rgba(18, 52, 86, 1)", "#123456"), ("Navy", "#000080"), ("#abc", "#aabbcc"),
])
def test_the_sidebar_takes_any_css_colour(club, fs, admin, value, drawn):
    w, sid, _view = club
    stored = show(w, fs, admin, sid, {"sidebar": {"backgroundColor": value}})
    assert stored == {"sidebar": {"backgroundColor": value}}  # kept as given
    assert empty_sidebar(w) == drawn
    footer = w.pane.footer
    assert image(footer).pixelColor(QPoint(2, footer.height() - 3)).name() == drawn  # one surface, to its foot


def test_a_translucent_colour_is_drawn_translucent_not_misread(club, fs, admin):
    w, sid, _view = club
    # CSS puts alpha last; Qt would read "#ff000080" as alpha ff0000 on 80: navy. Drawn: half red on the window.
    show(w, fs, admin, sid, {"sidebar": {"backgroundColor": "#ff000080"}})
    drawn = QColor(empty_sidebar(w))  # half red on the light window's #f5f6f8
    assert (drawn.red(), drawn.green(), drawn.blue()) == (250, 123, 124)


def test_action_colour_fills_action_buttons_and_the_active_filter(club, fs, admin, qtbot):
    w, sid, view = club
    show(w, fs, admin, sid, {"root": {"actionColor": "tomato"}})
    all_button = view.filter_buttons["all"]
    assert all_button.isChecked()
    assert image(all_button).pixelColor(QPoint(all_button.width() - 4, all_button.height() // 2)).name() == "#ff6347"
    box = QMessageBox(QMessageBox.Question, "Delete", "Delete it?", QMessageBox.Yes | QMessageBox.Cancel, w)
    box.setDefaultButton(QMessageBox.Yes)
    box.show()
    qtbot.waitExposed(box)
    yes = box.button(QMessageBox.Yes)
    assert yes.isDefault()
    assert image(yes).pixelColor(QPoint(yes.width() // 2, 3)).name() == "#ff6347"  # the window's confirmations
    assert has(image(yes), yes.rect(), on("tomato"), 40)  # with text that reads on it
    box.close()
    # the grid's checkboxes take the action colour too, until they are given their own
    assert checkbox_has(view, 0, "tomato")


def checkbox_rect(view, row) -> QRect:
    index = view.model.index(row, view.model.keys.index("active"))
    rect = view.table.visualRect(index)
    return QRect(rect.left(), rect.top(), 26, rect.height())


def checkbox_has(view, row, colour) -> bool:
    return has(image(view.table.viewport()), checkbox_rect(view, row), colour, 8)


def test_checkboxes_in_the_grid_take_their_colours(club, fs, admin):
    w, sid, view = club
    active = view.model.keys.index("active")
    assert view.model.index(0, active).data(Qt.CheckStateRole) == Qt.Checked
    assert view.model.index(1, active).data(Qt.CheckStateRole) == Qt.Unchecked
    show(w, fs, admin, sid, {"table": {"inputs": {"checkbox": {"color": "hsl(120 100% 25%)",
                                                                "borderColor": "crimson"}}}})
    assert checkbox_has(view, 0, "#008000")  # checked: filled
    assert not checkbox_has(view, 1, "#008000")
    assert checkbox_has(view, 1, "crimson")  # unchecked: its border
    show(w, fs, admin, sid, {"root": {"checkboxBorderColor": "rgb(0 0 255)"}})  # Flatfile's root key for all of them
    assert checkbox_has(view, 1, "blue")


def test_row_numbers_of_the_selected_rows_take_their_colours(club, fs, admin):
    w, sid, view = club
    show(w, fs, admin, sid, {"table": {"indexColumn": {"backgroundColor": "white", "color": "gray",
                                                       "selected": {"backgroundColor": "gold", "color": "navy"}}}})
    view.table.selectRow(1)
    vh = view.table.verticalHeader()
    img = image(vh)

    def at(row):
        return img.pixelColor(QPoint(2, vh.sectionViewportPosition(row) + vh.sectionSize(row) // 2)).name()

    assert at(1) == "#ffd700" and at(0) == "#ffffff" and at(2) == "#ffffff"
    selected = QRect(0, vh.sectionViewportPosition(1), vh.width(), vh.sectionSize(1))
    assert has(img, selected, "navy", 40)


def test_the_filters_above_the_grid_take_their_colours(club, fs, admin):
    w, sid, view = club
    show(w, fs, admin, sid, {"table": {"filters": {"color": "blue", "innerBorderRadius": "0px",
                                                   "active": {"backgroundColor": "#202456"},
                                                   "error": {"activeBackgroundColor": "rgb(200 0 0)"}}}})
    buttons = view.filter_buttons

    def fill(name):
        b = buttons[name]
        return image(b).pixelColor(QPoint(b.width() - 4, b.height() // 2)).name()

    assert fill("all") == "#202456"
    valid = buttons["valid"]
    assert has(image(valid), valid.rect(), "blue", 40)  # filters.color: the text of the others
    view.set_filter("error")
    assert fill("error") == "#c80000" and fill("all") != "#202456"
    view.set_filter("valid")
    assert fill("valid") == "#202456"


def test_sidebar_footer_and_workbook_titles_take_their_colours(club, fs, admin):
    w, sid, _view = club
    show(w, fs, admin, sid, {"sidebar": {"backgroundColor": "black", "textColor": "white",
                                         "footerTextColor": "lime", "titleColor": "hsl(51 100% 50%)"}})
    footer = w.pane.footer
    assert admin.name in footer.text() and "admin" in footer.text()
    assert has(image(footer), footer.rect(), "lime", 40)
    tree, model = w.pane.tree, w.pane.model
    workbook = model.index(0, 0)
    assert model.node(workbook).kind == "workbook"
    assert workbook.data(Qt.ForegroundRole).name() == "#ffd900"
    files = model.find(("section", "files"))
    img = image(tree.viewport())
    assert has(img, tree.visualRect(workbook), "#ffd900", 40)
    assert not has(img, tree.visualRect(files), "#ffd900", 40)  # the other rows keep sidebar.textColor


def test_keys_drawn_only_when_set_take_effect(club, fs, admin, qtbot):
    w, sid, view = club
    search = view.search
    native = image(search).pixelColor(QPoint(search.width() // 2, 0)).name()
    show(w, fs, admin, sid, {"root": {"interactiveBorderColor": "deeppink", "tooltipBackgroundColor": "lightyellow"},
                             "table": {"loading": {"color": "hsl(30 100% 50%)"}}})
    assert image(search).pixelColor(QPoint(search.width() // 2, 0)).name() == "#ff1493"  # inputs' borders
    w.status.busy("Exporting", 10)
    w.status.step(6)
    bar = w.status.progress
    qtbot.waitUntil(bar.isVisible)
    assert has(image(bar), QRect(2, 2, bar.width() // 3, bar.height() - 4), "#ff8000", 4)  # the progress shown
    w.status.idle()
    QToolTip.showText(view.table.mapToGlobal(QPoint(10, 10)), "A tip", view.table)
    tip = next(t for t in QApplication.topLevelWidgets() if t.objectName() == "qtooltip_label" and t.isVisible())
    assert image(tip).pixelColor(QPoint(tip.width() // 2, 2)).name() == "#ffffe0"
    QToolTip.hideText()
    show(w, fs, admin, sid, {})
    assert image(search).pixelColor(QPoint(search.width() // 2, 0)).name() == native  # unset: the desktop's look


def test_document_borders(club, fs, admin):
    w, sid, _view = club
    d = fs.open(admin, sid).documents.add("Notes", "# Notes\n")
    w.pane.reload_tree()
    assert w.pane.select_key(("document", d["id"]))
    show(w, fs, admin, sid, {"document": {"borderColor": "rgb(238 124 120)"}})
    doc = w.pane.stack.currentWidget()
    for part in (doc.editor, doc.preview):
        assert image(part).pixelColor(QPoint(part.width() // 2, 0)).name() == "#ee7c78"


# ---- the editor


def test_the_editor_offers_the_new_keys_and_takes_css_text(club, fs, admin, qtbot, monkeypatch):
    w, sid, _view = club
    w.show_theme_editor()
    editor = w.theme_editor
    labels = {lab.text() for lab in editor.findChildren(QLabel)}
    for key in ("root.actionColor", "sidebar.footerTextColor", "table.indexColumn.selected.backgroundColor",
                "table.inputs.checkbox.color", "table.filters.active.backgroundColor", "document.borderColor"):
        assert editor.findChild(QLineEdit, f"hex-{key}") is not None, key
        assert T.LABELS[key] + ":" in labels, key
    assert editor.findChild(QLineEdit, "length-table.cell.active.borderWidth") is not None

    field = editor.findChild(QLineEdit, "hex-sidebar.backgroundColor")
    field.setFocus()
    qtbot.keyClicks(field, "hsl(210 50% 40%)")
    qtbot.keyClick(field, Qt.Key_Return)
    assert T.get(editor.working, "sidebar.backgroundColor") == "hsl(210 50% 40%)"
    assert empty_sidebar(w) == "#336699"  # previewed at once

    action = editor.findChild(QLineEdit, "hex-root.actionColor")
    action.setFocus()
    qtbot.keyClicks(action, "rebeccapurpel")
    qtbot.keyClick(action, Qt.Key_Return)
    assert editor.refusal.isVisible()
    assert editor.refusal.text().startswith("theme: root.actionColor must be a CSS colour")
    assert T.get(editor.working, "root.actionColor") is None and action.text() == "rebeccapurpel"  # nothing lost

    # the picker still works, and keeps a translucent colour in CSS's own #rrggbbaa
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor(255, 99, 71, 128))
    editor.findChild(type(editor.fields["root.actionColor"].swatch), "swatch-root.actionColor").click()
    assert T.get(editor.working, "root.actionColor") == "#ff634780" and not editor.refusal.isVisible()

    width = editor.findChild(QLineEdit, "length-table.cell.active.borderWidth")
    width.setText("3px")
    width.editingFinished.emit()
    editor.apply()
    assert fs.open(admin, sid).theme.get() == {"sidebar": {"backgroundColor": "hsl(210 50% 40%)"},
                                    "root": {"actionColor": "#ff634780"},
                                    "table": {"cell": {"active": {"borderWidth": "3px"}}}}


def test_editor_import_and_export_keep_every_key_as_given(club, monkeypatch, tmp_path, fs, admin):
    w, sid, _view = club
    theme = {"root": {"primaryColor": "Teal", "actionColor": "rgb(255 99 71 / 90%)", "pillBorderRadius": "9px",
                      "tabstripActiveColor": "var(--x)"},
             "sidebar": {"backgroundColor": "hsla(270, 50%, 40%, 1)", "footerTextColor": "#fff9",
                         "textUltralightColor": "#eee"},
             "table": {"indexColumn": {"selected": {"backgroundColor": "#FEF8E8"}},
                       "inputs": {"checkbox": {"color": "gold"}, "radio": {"color": "pink"}},
                       "filters": {"outerBorder": "1px solid red", "error": {"activeBackgroundColor": "crimson"}},
                       "buttons": {"iconColor": "#202456"}, "boolean": {"toggleChecked": "#74a4a8"}},
             "email": {"footerTextColor": "#333", "dark": {"textColor": "#eee"}}}
    src = write(tmp_path / "flatfile-theme.json", json.dumps(theme))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(src), ""))
    w.show_theme_editor()
    editor = w.theme_editor
    editor._import()
    assert editor.findChild(QLineEdit, "hex-sidebar.footerTextColor").text() == "#fff9"
    editor.apply()
    assert fs.open(admin, sid).theme.get() == theme
    out = tmp_path / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    editor._export()
    assert json.loads(out.read_text()) == theme


def test_stylesheet_colours_are_what_qt_reads():
    assert qss("rebeccapurple") == "#663399"
    assert qss("hsl(210 50% 40%)") == "#336699"
    assert qss("#11223380") == "rgba(17, 34, 51, 128)"  # alpha last in CSS, Qt's own alpha in rgba()
    assert qss("rgb(10 20 30 / 50%)") == "rgba(10, 20, 30, 128)"
    assert qss("transparent") == "rgba(0, 0, 0, 0)"
    c = qcolor("hsla(0, 100%, 50%, 0.25)")
    assert (c.red(), c.green(), c.blue(), c.alpha()) == (255, 0, 0, 64)


def test_the_theme_page_shows_every_colour_as_it_is_drawn(qtbot):
    from PySide6.QtWidgets import QLabel

    from flatspace_desktop.ui.space.section_views import ThemeView

    view = ThemeView({"sidebar": {"backgroundColor": "hsl(210 50% 40%)"},
                      "table": {"column": {"header": {"backgroundColor": "rgb(240 240 240)"}}},
                      "root": {"primaryColor": "rebeccapurple", "fontFamily": "Inter"}})
    qtbot.addWidget(view)
    html = " ".join(label.text() for label in view.findChildren(QLabel))
    for key, drawn, given in (("sidebar.backgroundColor", "#336699", "hsl(210 50% 40%)"),
                              ("table.column.header.backgroundColor", "#f0f0f0", "rgb(240 240 240)"),
                              ("root.primaryColor", "#663399", "rebeccapurple")):
        assert key in html and f"bgcolor='{drawn}'" in html and given in html
    assert "Inter" not in html  # a font is not a colour
