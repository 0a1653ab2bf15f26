"""The counts a refresh reads several times are counted once, and never outlive a change:
this program's writes, another program's, a rolled-back import, a change of the sheet's fields."""

import sqlite3

import pytest

from flatspace_desktop.services.app import Flatspace
from support import RESOURCES


def _counts(s, sheet="contacts"):
    c = s.records.counts(sheet)
    return c["total"], c["error"], len(s.records.ids(sheet))


@pytest.mark.local_space
def test_counts_follow_every_kind_of_change(fs, admin, sample_space, isolated_home):
    s = fs.open(admin, sample_space)
    total, error, shown = _counts(s)
    assert shown == total and _counts(s) == (total, error, shown)  # asked again: the same

    s.records.add("contacts", [{"email": "new@example.com", "seats": "many"}])  # this program, an error
    assert _counts(s) == (total + 1, error + 1, total + 1)

    other = Flatspace(isolated_home)  # another program, its own connection
    try:
        o = other.open(admin, sample_space)
        o.records.delete("contacts", [o.records.ids("contacts")[0]])
    finally:
        other.close()
    assert _counts(s)[0] == total

    store = s.store("contacts")  # another program that writes nothing but the row itself
    con = sqlite3.connect(store.db.database)
    with con:
        con.execute(f"DELETE FROM {store.rec} WHERE rid = (SELECT max(rid) FROM {store.rec})")
    con.close()
    assert _counts(s)[::2] == (total - 1, total - 1)

    result = s.records.import_file("contacts", RESOURCES / "sample_contacts.csv", dry_run=True)
    assert result["dryRun"] and _counts(s)[0] == total - 1  # rolled back: counted as it is

    info = s.info()
    sheet = next(x for wb in info["workbooks"] for x in wb["sheets"] if x["slug"] == "contacts")
    assert sheet["counts"]["total"] == total - 1
