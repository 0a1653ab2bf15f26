"""Guests: links checked in the service layer, grants, read-only links, expiry, revocation."""

from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from support import RESOURCES
from flatspace_desktop.domain import clock
from flatspace_desktop.domain.errors import AccessDenied, InvalidInput


@pytest.fixture
def two_workbooks(fs, admin, sample_space, sample_blueprint):
    fs.open(admin, sample_space).update(guest_authentication=["magic_link", "shared_link"])
    fs.open(admin, sample_space).workbooks.create({"name": "Private", "sheets": [
        {"name": "Salaries", "slug": "salaries", "fields": [{"key": "who", "type": "string"}]}]})
    fs.open(admin, sample_space).records.add("salaries", [{"who": "boss"}])
    return sample_space


def token_of(link):
    return parse_qs(urlparse(link).query)["token"][0]


def test_a_named_guest_sees_only_the_granted_workbook(fs, admin, two_workbooks):
    sid = two_workbooks
    inv = fs.open(admin, sid).guests.invite("Gina", "gina@client.example", workbooks=["Customer onboarding"])
    assert inv["link"].startswith(f"flatspace://open?space={sid}&token=")
    gina = fs.open_link(inv["link"])
    assert gina.name == "Gina" and not gina.is_admin
    info = fs.open(gina, sid).info()
    assert [w["name"] for w in info["workbooks"]] == ["Customer onboarding"]
    assert fs.open(gina, sid).records.counts("contacts")["total"] == 7
    with pytest.raises(AccessDenied, match="was not shared with you"):
        fs.open(gina, sid).records.list("salaries")
    fs.open(gina, sid).records.update("contacts", {1: {"firstName": "Gina edited"}})  # editable grant
    assert fs.open(admin, sid).records.list("contacts", limit=1)[0].values["firstName"] == "Gina edited"


def test_a_guest_cannot_do_admin_things(fs, admin, two_workbooks, tmp_path):
    sid = two_workbooks
    other = fs.create_space(admin, "Other")["id"]
    guest = fs.open_link(fs.open(admin, sid).guests.invite("G", "g@x.example")["link"])
    snap = fs.open(admin, sid).history.take()
    attempts = {
        "rename": lambda: fs.open(guest, sid).rename("Mine"),
        "metadata": lambda: fs.open(guest, sid).update(metadata={"a": 1}),
        "archive": lambda: fs.open(guest, sid).archive(),
        "delete space": lambda: fs.delete_space(guest, sid),
        "new space": lambda: fs.create_space(guest, "X"),
        "blueprint": lambda: fs.open(guest, sid).workbooks.create({"name": "W", "sheets": [
            {"name": "S", "fields": [{"key": "a", "type": "string"}]}]}),
        "delete workbook": lambda: fs.open(guest, sid).workbooks.delete(1),
        "theme": lambda: fs.open(guest, sid).theme.set({}),
        "snapshot": lambda: fs.open(guest, sid).history.take(),
        "restore": lambda: fs.open(guest, sid).history.restore(snap["id"]),
        "users": lambda: fs.open(guest, sid).guests.list(),
        "invite": lambda: fs.open(guest, sid).guests.invite("Friend", "f@x.example"),
        "document": lambda: fs.open(guest, sid).documents.add("Mine", "x"),
        "other space": lambda: fs.open(guest, other).info(),
        "other space records": lambda: fs.open(guest, other).files.list(),
    }
    for what, attempt in attempts.items():
        with pytest.raises(AccessDenied):
            attempt()
    assert [s["id"] for s in fs.list_spaces(guest)] == [sid]
    assert fs.open(admin, sid).info()["name"].startswith("Sample")


def test_read_only_links_refuse_every_write(fs, admin, two_workbooks):
    sid = two_workbooks
    share = fs.open(admin, sid).guests.share_link(expires="2h", read_only=True, sheets=["contacts"])
    viewer = fs.open_link(share["link"])
    assert fs.open(viewer, sid).records.counts("contacts")["total"] == 7
    for write in (lambda: fs.open(viewer, sid).records.update("contacts", {1: {"firstName": "x"}}),
                  lambda: fs.open(viewer, sid).records.add("contacts", [{}]),
                  lambda: fs.open(viewer, sid).records.delete("contacts", [1]),
                  lambda: fs.open(viewer, sid).records.import_file("contacts", RESOURCES / "sample_contacts.csv")):
        with pytest.raises(AccessDenied, match="read-only"):
            write()
    with pytest.raises(AccessDenied):
        fs.open(viewer, sid).records.list("companies")
    assert fs.open(admin, sid).records.counts("contacts")["total"] == 7


def test_bad_links_are_refused_and_logged(fs, admin, two_workbooks):
    sid = two_workbooks
    other = fs.create_space(admin, "Other", guest_authentication=["magic_link"])["id"]
    good = fs.open(admin, sid).guests.invite("G", "g@x.example")["link"]
    token = token_of(good)
    cases = {
        "not a link": ("https://example.com", "not a Flatspace link"),
        "no token": (f"flatspace://open?space={sid}", "not a Flatspace link"),
        "unknown space": ("flatspace://open?" + urlencode({"space": "us_sp_nothere1", "token": token}),
                          "not on this computer"),
        "tampered": ("flatspace://open?" + urlencode({"space": sid, "token": token[:-2] + "xy"}), "not valid"),
        "wrong space": ("flatspace://open?" + urlencode({"space": other, "token": token}), "not valid"),
    }
    for what, (link, message) in cases.items():
        with pytest.raises(AccessDenied, match=message):
            fs.open_link(link)
    log = fs.open(admin, sid).guests.access_log()
    assert [e["reason"] for e in log] == ["unknown or altered token"]
    assert fs.open(admin, other).guests.access_log()[0]["reason"] == "unknown or altered token"


def test_revoke_reissue_and_delete(fs, admin, two_workbooks):
    sid = two_workbooks
    inv = fs.open(admin, sid).guests.invite("R", "r@x.example")
    fs.open_link(inv["link"])
    fs.open(admin, sid).guests.revoke(inv["id"])
    with pytest.raises(AccessDenied, match="revoked"):
        fs.open_link(inv["link"])
    new = fs.open(admin, sid).guests.reissue(inv["id"])
    assert new["link"] != inv["link"] and fs.open_link(new["link"]).name == "R"
    with pytest.raises(AccessDenied, match="not valid"):
        fs.open_link(inv["link"])  # the old secret stays dead
    fs.open(admin, sid).guests.delete(inv["id"])
    with pytest.raises(AccessDenied):
        fs.open_link(new["link"])
    assert fs.open(admin, sid).guests.list() == []


def test_shared_links_expire_and_count_uses(fs, admin, two_workbooks):
    sid = two_workbooks
    t = {"now": datetime(2026, 5, 1, 9, tzinfo=timezone.utc)}
    clock.set_clock(lambda: t["now"])
    try:
        share = fs.open(admin, sid).guests.share_link(uses=2)  # 24 hours by default
        assert fs.open(admin, sid).guests.list()[0]["expiresAt"].startswith("2026-05-02T09:00")
        fs.open_link(share["link"])
        fs.open_link(share["link"])
        with pytest.raises(AccessDenied, match="used as many times"):
            fs.open_link(share["link"])
        later = fs.open(admin, sid).guests.share_link(expires="30m")
        t["now"] += timedelta(minutes=31)
        with pytest.raises(AccessDenied, match="expired"):
            fs.open_link(later["link"])
        assert fs.open(admin, sid).guests.list()[1]["state"] == "expired"
    finally:
        clock.set_clock(None)
    with pytest.raises(InvalidInput, match="like 24h"):
        fs.open(admin, sid).guests.share_link(expires="soon")


def test_a_space_may_refuse_a_kind_of_guest(fs, admin, two_workbooks):
    sid = two_workbooks
    share = fs.open(admin, sid).guests.share_link()
    fs.open(admin, sid).update(guest_authentication=["magic_link"])
    with pytest.raises(AccessDenied, match="no longer allows shared links"):
        fs.open_link(share["link"])
    with pytest.raises(InvalidInput, match="does not allow shared_link"):
        fs.open(admin, sid).guests.share_link()


def test_tokens_are_never_stored_in_plain_text(fs, admin, two_workbooks, isolated_home):
    sid = two_workbooks
    tokens = [token_of(fs.open(admin, sid).guests.invite("T", "t@x.example")["link"]),
              token_of(fs.open(admin, sid).guests.share_link()["link"])]
    assert all(len(t) >= 32 for t in tokens)  # 24 random bytes: 192 bits
    fs.close()
    folder = isolated_home / "spaces" / sid
    blob = b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())
    for t in tokens:
        assert t.encode() not in blob


def test_changes_are_attributed_to_the_guest(fs, admin, two_workbooks):
    sid = two_workbooks
    guest = fs.open_link(fs.open(admin, sid).guests.invite("Attr", "a@x.example")["link"])
    fs.open(guest, sid).records.import_file("companies", RESOURCES / "sample_companies.csv")
    space = fs.space(sid)
    last = space.m.Activity.select().order_by(space.m.Activity.id.desc()).first()
    assert last.action == "records.import" and last.actor == guest.id
    snap = fs.open(admin, sid).history.list(summaries=False)[0]
    assert snap["reason"].startswith("before importing") and snap["createdBy"] == guest.id


def test_records_remember_who_last_changed_them(fs, admin, two_workbooks):
    sid = two_workbooks
    guest = fs.open_link(fs.open(admin, sid).guests.invite("Wes", "w@x.example")["link"])
    (rid,) = fs.open(guest, sid).records.add("contacts", [{"email": "w@x.example"}])
    assert fs.open(admin, sid).records.by_id("contacts", [rid])[0].updated_by == guest.id
    fs.open(admin, sid).records.update("contacts", {rid: {"lastName": "W"}})
    rec = fs.open(admin, sid).records.by_id("contacts", [rid])[0]
    assert rec.updated_by == admin.id and fs.who(sid, guest.id) == "Wes (guest)"


def test_revoking_locks_an_open_session_out_at_once(fs, admin, two_workbooks):
    sid = two_workbooks
    inv = fs.open(admin, sid).guests.invite("Open", "o@x.example")
    session = fs.open_link(inv["link"])
    assert fs.open(session, sid).records.counts("contacts")["total"] == 7
    fs.open(admin, sid).guests.revoke(inv["id"])
    for call in (lambda: fs.open(session, sid).records.counts("contacts"), lambda: fs.open(session, sid).info(),
                 lambda: fs.open(session, sid).records.update("contacts", {1: {"firstName": "x"}})):
        with pytest.raises(AccessDenied, match="revoked"):
            call()
