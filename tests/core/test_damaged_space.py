"""A Space whose database file is empty or damaged is refused before anything writes to it, and
the file stays exactly as it was (issue 12, item 8)."""

import sys

import pytest

from support import DATA
from flatspace_desktop.domain.errors import DatabaseError
from flatspace_desktop.services.app import Flatspace

sys.path.insert(0, str(DATA / "hostile"))
import gen_portable  # noqa: E402

pytestmark = pytest.mark.local_space  # a local Space's SQLite file, and .flatspace files of it


@pytest.fixture(params=["empty", "damaged b-tree"])
def broken(request, tmp_path):
    breaks = {"empty": lambda p: p.write_bytes(b""), "damaged b-tree": gen_portable.damage_btree}[request.param]
    root, sid = gen_portable.broken_root(tmp_path, "broken", breaks)
    db = root / "spaces" / sid / "space.sqlite"
    return root, sid, db, db.read_bytes(), request.param


def test_a_broken_database_is_refused_and_left_byte_for_byte(broken, admin, tmp_path):
    root, sid, db, before, kind = broken
    fs = Flatspace(root)
    try:
        writes = (lambda: fs.open(admin, sid).rename("Renamed"),
                  lambda: fs.open(admin, sid).records.add("people", [{"email": "new@example.org"}]),
                  lambda: fs.open(admin, sid).history.take("after"),
                  lambda: fs.open(admin, sid).records.list("people"))
        for attempt in writes:
            with pytest.raises(DatabaseError, match="is empty" if kind == "empty" else "is damaged"):
                attempt()
        assert [s["id"] for s in fs.list_spaces(admin)] == [sid]  # listed, with its problem
    finally:
        fs.close()
    assert db.read_bytes() == before


def test_an_intact_space_still_opens_and_writes(tmp_path, admin):
    root = tmp_path / "root"
    sid = gen_portable.make_space(root, rows=10)
    fs = Flatspace(root)
    try:
        assert fs.open(admin, sid).rename("Fine")["name"] == "Fine"
    finally:
        fs.close()
