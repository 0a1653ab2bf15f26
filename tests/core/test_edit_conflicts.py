"""An edit of a cell someone else changed since the editor read it is caught, on both backends:
two programs on one Space (two desktops on a Team Space when the suite runs on a server)."""

from __future__ import annotations

import pytest

from flatspace_desktop.domain.errors import EditConflict, InvalidInput

BP = {"name": "Club", "sheets": [{"name": "People", "slug": "people", "fields": [
    {"key": "name", "type": "string", "label": "Name"},
    {"key": "score", "type": "number", "label": "Score"}]}]}


@pytest.fixture
def two_programs(fs, admin):
    """(ana, ben, space id, the record's id): two Flatspace programs on the same Space."""
    from flatspace_desktop.services.app import Flatspace

    sid = fs.create_space(admin, "Club", blueprint=BP)["id"]
    rid = fs.open(admin, sid).records.add("people", [{"name": "Ann", "score": "3"}])[0]
    ben = Flatspace(fs.root)
    yield fs, ben, sid, rid
    ben.close()


def test_an_edit_over_a_change_it_did_not_see_is_refused_and_writes_nothing(two_programs, admin):
    ana, ben, sid, rid = two_programs
    seen = ben.open(admin, sid).records.by_id("people", [rid])[0].values  # ben's window reads the record
    ana.open(admin, sid).records.update("people", {rid: {"name": "Anna"}})

    with pytest.raises(EditConflict) as caught:
        ben.open(admin, sid).records.update("people", {rid: {"name": "Annie", "score": "4"}},
                                            expect={rid: {"name": seen["name"], "score": seen["score"]}})
    assert str(caught.value) == (f'Name of record {rid} was changed from "Ann" to "Anna" since you read it '
                                 f"(last changed by {admin.name}). Nothing was changed.")
    assert caught.value.cells == {rid: {"name": "Anna"}}
    now = ana.open(admin, sid).records.by_id("people", [rid])[0].values
    assert now == {"name": "Anna", "score": 3}  # neither of ben's cells was written
    assert ben.open(admin, sid).undo.next("people") is not None  # ana's step, not ben's
    assert ben.open(admin, sid).undo.next("people")["label"] != "Edit 2 cells"

    # Ben decides to use his own, over what is there now: written
    ben.open(admin, sid).records.update("people", {rid: {"name": "Annie"}}, expect={rid: {"name": "Anna"}})
    assert ana.open(admin, sid).records.by_id("people", [rid])[0].values["name"] == "Annie"


def test_a_change_to_another_cell_of_the_record_is_no_conflict(two_programs, admin):
    ana, ben, sid, rid = two_programs
    seen = ben.open(admin, sid).records.by_id("people", [rid])[0].values
    ana.open(admin, sid).records.update("people", {rid: {"score": "9"}})
    ben.open(admin, sid).records.update("people", {rid: {"name": "Annie"}}, expect={rid: {"name": seen["name"]}})
    assert ana.open(admin, sid).records.by_id("people", [rid])[0].values == {"name": "Annie", "score": 9}


def test_a_cleared_cell_is_compared_as_empty(two_programs, admin):
    ana, ben, sid, rid = two_programs
    ana.open(admin, sid).records.update("people", {rid: {"score": ""}})
    with pytest.raises(EditConflict, match=r'Score of record \d+ was changed from "3" to empty since you read it'):
        ben.open(admin, sid).records.update("people", {rid: {"score": "5"}}, expect={rid: {"score": 3}})


def test_undo_does_not_write_over_a_change_someone_made_since(two_programs, admin):
    from flatspace_desktop.domain.access import Actor

    ana, ben, sid, rid = two_programs
    ben_admin = Actor(id="admin:ben", name="ben")  # another person, whose steps are his own
    ana.open(admin, sid).records.update("people", {rid: {"name": "AnaM"}})
    ben.open(ben_admin, sid).records.update("people", {rid: {"name": "BenM"}})
    with pytest.raises(InvalidInput, match=r"Not undone: Name of record \d+ was changed since “Edit Name” "
                                           r'\(it is "BenM" now\), and undoing it would write over that change'):
        ana.open(admin, sid).undo.undo("people")
    assert ana.open(admin, sid).records.by_id("people", [rid])[0].values["name"] == "BenM"
    ben.open(ben_admin, sid).undo.undo("people")  # ben's own step: back to what he replaced
    assert ana.open(admin, sid).records.by_id("people", [rid])[0].values["name"] == "AnaM"
    ana.open(admin, sid).undo.undo("people")  # now nothing of anyone else's is in the way
    ana.open(admin, sid).undo.redo("people")
    assert ana.open(admin, sid).records.by_id("people", [rid])[0].values["name"] == "AnaM"
    ana.open(admin, sid).records.update("people", {rid: {"score": "7"}})
    ana.open(admin, sid).undo.undo("people")  # one's own successive steps, taken back in turn
    ana.open(admin, sid).undo.undo("people")
    assert ana.open(admin, sid).records.by_id("people", [rid])[0].values == {"name": "Ann", "score": 3}
