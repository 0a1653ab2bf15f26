"""A field type registered later (tests/rating_type.py) is shown and edited in the real grid
with the widget its type names: its stars, its rule in the header, a list of its choices."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QComboBox

from rating_type import RATING
from support import write
from trust_fixtures import activate, go_to_cell, key, stored
from ui_helpers import open_sheet
from flatspace_desktop.domain.fieldtypes import register, unregister

BP = {"name": "Films", "sheets": [{"name": "Films", "slug": "films", "fields": [
    {"key": "title", "type": "string", "label": "Title"},
    {"key": "stars", "type": "rating", "label": "Stars", "config": {"max": 5}}]}]}


@pytest.fixture
def rating(qapp):
    register(RATING)
    yield RATING
    # Set up before the window, this ends after it has closed. Deleting it now stops its
    # timers (a reload of the tree after an edit reads the sheet's blueprint), which would
    # otherwise fire in the next test, with rating unknown again.
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    unregister("rating")


@pytest.fixture
def films(rating, make_window, fs, admin, qtbot, tmp_path):
    sid = fs.create_space(admin, "Films", blueprint=BP)["id"]
    fs.open(admin, sid).records.import_file("films", write(tmp_path / "films.csv", "title,stars\nAlien,5\nBrazil,7\n"))
    w = activate(qtbot, make_window())
    w.switcher.activated.emit(w.switcher.findText("Films"))
    return w, open_sheet(w, "films"), sid


def test_its_cells_header_and_editor_come_from_its_type(films, fs, admin, qtbot):
    w, view, sid = films
    model = view.model
    stars = model.keys.index("stars")
    assert "a rating from 1 to 5" in model.headerData(stars, Qt.Horizontal, Qt.ToolTipRole)
    good, bad = model.index(0, stars), model.index(1, stars)
    assert good.data() == "★★★★★" and good.data(Qt.EditRole) == "5"
    assert good.data(Qt.TextAlignmentRole) == int(Qt.AlignRight | Qt.AlignVCenter)
    assert bad.data() == "7" and '"7" is not a rating from 1 to 5' in bad.data(Qt.ToolTipRole)

    go_to_cell(view, 1, "stars")
    key(w, Qt.Key_F2)
    editor = view.table.indexWidget(view.table.currentIndex())
    assert isinstance(editor, QComboBox) and not editor.isEditable()
    assert [editor.itemText(i) for i in range(editor.count())] == ["", "7  (not an option)", "1", "2", "3", "4", "5"]
    assert editor.currentText() == "7  (not an option)"
    key(w, Qt.Key_Escape)  # left without a choice: nothing changes
    assert stored(fs, admin, sid, "films")[1]["stars"] == "7"

    go_to_cell(view, 1, "stars")
    key(w, Qt.Key_F2)
    editor = view.table.indexWidget(view.table.currentIndex())
    editor.setCurrentIndex(editor.findData(4))
    key(w, Qt.Key_Return)
    assert stored(fs, admin, sid, "films")[1]["stars"] == 4
    qtbot.waitUntil(lambda: model.index(1, stars).data() == "★★★★☆")
    assert not model.index(1, stars).data(Qt.ToolTipRole)
