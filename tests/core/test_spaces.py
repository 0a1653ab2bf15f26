"""Spaces: create, rename, list with search and sort, show, archive, delete, metadata."""

import json
import shutil

import pytest

from flatspace_desktop.domain import clock
from flatspace_desktop.domain.access import Actor
from flatspace_desktop.domain.errors import AccessDenied, Ambiguous, InvalidInput, NotFound


@pytest.fixture
def ticking_clock():
    """Each call to now() is one minute after the last, so orderings by time are certain."""
    from datetime import datetime, timedelta, timezone

    state = {"t": datetime(2026, 1, 1, tzinfo=timezone.utc)}

    def tick():
        state["t"] += timedelta(minutes=1)
        return state["t"]

    clock.set_clock(tick)
    yield
    clock.set_clock(None)


def test_create_show_rename_and_labels(fs, admin):
    info = fs.create_space(admin, "  Acme onboarding ", labels=["customer", "customer", "q3"],
                           metadata={"companyId": "acme-42"}, guest_authentication=["shared_link", "magic_link"])
    assert info["id"].startswith("us_sp_")
    assert info["name"] == "Acme onboarding"
    assert info["labels"] == ["customer", "q3"]
    assert info["metadata"] == {"companyId": "acme-42"}
    assert info["guestAuthentication"] == ["shared_link", "magic_link"]
    assert info["createdBy"] == admin.id
    renamed = fs.open(admin, "acme onboarding").rename("Acme 2026")
    assert renamed["name"] == "Acme 2026"
    assert fs.open(admin, info["id"]).info()["name"] == "Acme 2026"
    updated = fs.open(admin, info["id"]).update(labels=["pinned"], metadata='{"tier": "gold"}')
    assert updated["labels"] == ["pinned"] and updated["metadata"] == {"tier": "gold"}


@pytest.mark.parametrize("metadata, message", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "must be a JSON object"),
    (42, "must be a JSON object"),
])
def test_bad_metadata_is_refused_and_nothing_is_created(fs, admin, metadata, message):
    with pytest.raises(InvalidInput, match=message):
        fs.create_space(admin, "Bad", metadata=metadata)
    assert fs.list_spaces(admin, archived="include") == []


def test_bad_names_and_guest_kinds_are_refused(fs, admin):
    with pytest.raises(InvalidInput, match="needs a name"):
        fs.create_space(admin, "   ")
    with pytest.raises(InvalidInput, match="shared_link or magic_link"):
        fs.create_space(admin, "X", guest_authentication=["password"])


def test_list_search_sort_and_archive(fs, admin, ticking_clock):
    b = fs.create_space(admin, "beta", labels=["finance"])
    a = fs.create_space(admin, "Alpha", metadata={"companyId": "initech"})
    c = fs.create_space(admin, "charlie")
    assert [s["name"] for s in fs.list_spaces(admin)] == ["Alpha", "beta", "charlie"]
    assert [s["name"] for s in fs.list_spaces(admin, sort="createdAt")] == ["beta", "Alpha", "charlie"]
    fs.open(admin, b["id"]).rename("beta")  # activity makes beta the most recent
    assert fs.list_spaces(admin, sort="lastActivityAt", descending=True)[0]["id"] == b["id"]
    assert [s["id"] for s in fs.list_spaces(admin, search="FINANCE")] == [b["id"]]
    assert [s["id"] for s in fs.list_spaces(admin, search="initech")] == [a["id"]]
    fs.open(admin, c["id"]).archive()
    assert c["id"] not in [s["id"] for s in fs.list_spaces(admin)]
    assert [s["id"] for s in fs.list_spaces(admin, archived="only")] == [c["id"]]
    assert fs.open(admin, c["id"]).info()["archivedAt"]
    fs.open(admin, c["id"]).archive(archived=False)
    assert c["id"] in [s["id"] for s in fs.list_spaces(admin)]


def test_every_change_moves_last_activity_and_is_attributed(fs, admin, sample_blueprint, ticking_clock):
    info = fs.create_space(admin, "Busy")
    before = fs.open(admin, info["id"]).info()["lastActivityAt"]
    fs.open(admin, info["id"]).workbooks.create(sample_blueprint)
    after_wb = fs.open(admin, info["id"]).info()["lastActivityAt"]
    assert after_wb > before
    fs.open(admin, info["id"]).records.add("companies", [{"code": "X", "name": "X Ltd"}])
    assert fs.open(admin, info["id"]).info()["lastActivityAt"] > after_wb
    activity = fs.space(info["id"]).m.Activity
    actions = [(a.action, a.actor) for a in activity.select().order_by(activity.id)]
    assert [a for a, _ in actions] == ["space.create", "workbook.create", "records.add"]
    assert {who for _, who in actions} == {admin.id}


def test_resolve_by_id_or_unique_name(fs, admin):
    one = fs.create_space(admin, "Twin")
    fs.create_space(admin, "Twin")
    with pytest.raises(Ambiguous, match="use an id"):
        fs.open(admin, "twin").info()
    assert fs.open(admin, one["id"]).info()["id"] == one["id"]
    with pytest.raises(NotFound):
        fs.open(admin, "nobody").info()


def test_delete_removes_the_folder_and_a_copied_folder_is_a_new_space(fs, admin, isolated_home):
    info = fs.create_space(admin, "Original")
    folder = isolated_home / "spaces" / info["id"]
    fs.close()
    shutil.copytree(folder, isolated_home / "spaces" / "us_sp_copy0001")
    ids = {s["id"] for s in fs.list_spaces(admin)}
    assert ids == {info["id"], "us_sp_copy0001"}
    fs.delete_space(admin, info["id"])
    assert not folder.exists()
    assert [s["id"] for s in fs.list_spaces(admin)] == ["us_sp_copy0001"]


def test_guests_cannot_manage_spaces(fs, admin):
    guest = Actor("guest:1", "Guest", kind="guest")
    info = fs.create_space(admin, "Guarded")
    for call in (lambda: fs.create_space(guest, "X"), lambda: fs.open(guest, info["id"]).rename("Y"),
                 lambda: fs.delete_space(guest, info["id"]), lambda: fs.open(guest, info["id"]).archive()):
        with pytest.raises(AccessDenied):
            call()
    assert fs.open(admin, info["id"]).info()["name"] == "Guarded"


def test_metadata_keeps_any_json_object(fs, admin):
    meta = {"companyId": "acme", "nested": {"list": [1, 2.5, None, True]}, "ünïcode": "ok"}
    info = fs.create_space(admin, "Meta", metadata=json.dumps(meta))
    assert fs.open(admin, info["id"]).info()["metadata"] == meta


def test_a_space_with_a_broken_blueprint_is_not_created(fs, admin, sample_blueprint):
    from flatspace_desktop.domain.errors import BlueprintError

    broken = json.loads(json.dumps(sample_blueprint))
    broken["sheets"][1]["fields"][3]["type"] = "emial"
    with pytest.raises(BlueprintError, match=r'sheets\[1\]\.fields\[3\]\.type'):
        fs.create_space(admin, "Half", blueprint=broken)
    assert fs.list_spaces(admin, archived="include") == []
    info = fs.create_space(admin, "Whole", blueprint=json.dumps(sample_blueprint))
    assert [wb["name"] for wb in info["workbooks"]] == ["Customer onboarding"]
