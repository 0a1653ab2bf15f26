"""Every test gets its own data root in a temp folder; nothing touches a real user's data."""

from __future__ import annotations

import json
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from support import RESOURCES  # noqa: E402  (tests/ is on sys.path in pytest's default import mode)


# The suite runs once on each backend: with $FLATSPACE_TEST_SERVER set (a PostgreSQL address,
# as .ci/run sets it on its second run), every Space a test makes is a Team Space on it.
TEST_SERVER = os.environ.get("FLATSPACE_TEST_SERVER") or None


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch, request):
    home = tmp_path / "flatspace-home"
    monkeypatch.setenv("FLATSPACE_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    if TEST_SERVER and not request.node.get_closest_marker("local_space"):
        monkeypatch.setenv("FLATSPACE_SERVER", TEST_SERVER)
    else:
        monkeypatch.delenv("FLATSPACE_SERVER", raising=False)
    yield home
    if TEST_SERVER:
        _made_on_server.append(tmp_path)


# Dropped at the end of the run, not of each test: a window a test closed may still run a timer
# that reads its Space once more before Qt deletes it.
_made_on_server: list = []


def pytest_sessionfinish(session, exitstatus):
    if _made_on_server:
        from support import drop_server_spaces

        for folder in _made_on_server:
            drop_server_spaces(folder)


@pytest.fixture(scope="session")
def qapp_cls():
    """The application class the window runs in (it takes the system's file-open events)."""
    from flatspace_desktop.ui.app import FlatspaceApplication

    return FlatspaceApplication


@pytest.fixture
def admin():
    from flatspace_desktop.domain.access import local_admin

    return local_admin()


@pytest.fixture
def fs(isolated_home):
    from flatspace_desktop.services.app import Flatspace

    service = Flatspace(isolated_home)
    yield service
    service.close()


@pytest.fixture
def sample_blueprint() -> dict:
    return json.loads((RESOURCES / "sample_blueprint.json").read_text())


@pytest.fixture
def sample_space(fs, admin, sample_blueprint):
    """A Space with the shipped sample workbook and data imported."""
    info = fs.create_space(admin, "Sample")
    fs.open(admin, info["id"]).workbooks.create(sample_blueprint)
    fs.open(admin, info["id"]).records.import_file("companies", RESOURCES / "sample_companies.csv")
    fs.open(admin, info["id"]).records.import_file("contacts", RESOURCES / "sample_contacts.csv")
    return info["id"]


@pytest.fixture
def cars(fs, admin):
    """A Space holding the public cars data (tests/data/realworld/prep), as a session."""
    from prep_data import CARS, CARS_COLUMNS, PREP
    from flatspace_desktop.domain.mapping import Mapping

    sid = fs.create_space(admin, "Cars", blueprint=CARS)["id"]
    s = fs.open(admin, sid)
    s.records.import_file("cars", PREP / "cars.csv", mapping=Mapping(CARS_COLUMNS))
    return s


@pytest.fixture
def cities(fs, admin):
    """A Space holding the public US airport cities (tests/data/realworld/prep), as a session."""
    from prep_data import CITIES, PREP

    sid = fs.create_space(admin, "Airports", blueprint=CITIES)["id"]
    s = fs.open(admin, sid)
    s.records.import_file("cities", PREP / "airports_cities.csv")
    return s
