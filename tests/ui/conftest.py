"""Real windows on the offscreen platform, each with its own data root and settings file."""

import pytest
from PySide6.QtCore import QSettings

from support import write
from trust_fixtures import PEOPLE_BLUEPRINT, PEOPLE_CSV
from flatspace_desktop.ui.settings import WindowSettings


@pytest.fixture
def settings(tmp_path):
    return WindowSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))


@pytest.fixture
def make_window(qtbot, fs, admin, settings):
    from flatspace_desktop.ui.app import make_app
    from flatspace_desktop.ui.main_window import MainWindow

    make_app([])
    windows = []

    def make():
        w = MainWindow(fs, admin, settings)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.close()


@pytest.fixture
def sample_window(make_window, sample_space):
    w = make_window()
    assert w.pane is not None and w.pane.space_id == sample_space
    return w


@pytest.fixture
def club(fs, admin, tmp_path):
    """Two Spaces: "Club" with the people sheet, and "Other" with one teams sheet."""
    sid = fs.create_space(admin, "Club", blueprint=PEOPLE_BLUEPRINT)["id"]
    fs.open(admin, sid).records.import_file("teams", write(tmp_path / "teams.csv", "code,name\nA,Alpha\nB,Beta\n"))
    fs.open(admin, sid).records.import_file("people", write(tmp_path / "people.csv", PEOPLE_CSV))
    other = fs.create_space(admin, "Other", blueprint={"name": "Other", "sheets": [PEOPLE_BLUEPRINT["sheets"][0]]})
    fs.open(admin, other["id"]).records.import_file("teams", write(tmp_path / "t2.csv", "code,name\nX,Xray\n"))
    return sid, other["id"]


@pytest.fixture
def cars_window(fs, admin, make_window):
    """A window on a Space holding the public cars data (tests/data/realworld/prep)."""
    from prep_data import CARS, CARS_COLUMNS, PREP
    from flatspace_desktop.domain.mapping import Mapping

    sid = fs.create_space(admin, "Cars", blueprint=CARS)["id"]
    fs.open(admin, sid).records.import_file("cars", PREP / "cars.csv", mapping=Mapping(CARS_COLUMNS))
    w = make_window()
    assert w.pane.space_id == sid
    return w
