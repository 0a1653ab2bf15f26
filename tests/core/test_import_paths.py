"""Imports give the same records whether the file is read here or in a reader process, and a
failure or cancel in either path changes nothing."""

import pytest

from support import write
from flatspace_desktop.domain.errors import Cancelled, ExtractError
from flatspace_desktop.domain.records import View

BP = {"name": "Orders", "sheets": [{"name": "Orders", "slug": "orders", "fields": [
    {"key": "id", "type": "string", "constraints": [{"type": "required"}, {"type": "unique"}]},
    {"key": "qty", "type": "number"}, {"key": "price", "type": "number", "config": {"decimalPlaces": 2}},
    {"key": "day", "type": "date"}, {"key": "paid", "type": "boolean"},
    {"key": "status", "type": "enum", "config": {"options": [{"value": "new"}, {"value": "done"}]}}]}]}


def _csv(tmp_path, n=3_000, tail=b""):
    lines = ["id,qty,price,day,paid,status"]
    for i in range(n):
        qty = "many" if i % 101 == 0 else str(i % 40)
        status = "lost" if i % 97 == 0 else ("new", "done")[i % 2]
        dup = "D1" if i % 500 == 0 else f"R{i}"
        lines.append(f"{dup},{qty},{i % 999}.{i % 100:02d},2024-0{1 + i % 9}-1{i % 9},{'yes' if i % 3 else 'no'},{status}")
    return write(tmp_path / "orders.csv", ("\n".join(lines) + "\n").encode() + tail)


def _space(fs, admin, name):
    sid = fs.create_space(admin, name)["id"]
    fs.open(admin, sid).workbooks.create(BP)
    return sid


def _dump(fs, admin, sid):
    recs = fs.open(admin, sid).records.list("orders", View(), limit=100_000)
    return [(r.values, r.messages, r.n_err) for r in recs]


def test_reader_process_gives_the_same_records(fs, admin, tmp_path):
    path = _csv(tmp_path)
    here, there = _space(fs, admin, "here"), _space(fs, admin, "there")
    a = fs.open(admin, here).records.import_file("orders", path, parallel=False)
    b = fs.open(admin, there).records.import_file("orders", path, parallel=True)
    assert a["imported"] == b["imported"] == 3_000
    assert (a["valid"], a["error"]) == (b["valid"], b["error"]) and a["error"] > 0
    assert _dump(fs, admin, here) == _dump(fs, admin, there)


@pytest.mark.parametrize("parallel", [False, True])
def test_an_error_late_in_the_file_imports_nothing(fs, admin, tmp_path, parallel):
    path = _csv(tmp_path, n=20_000, tail=b"X1,1,1.00,2024-01-01,yes,new\nbad,\xff\xfe,1,2,3,4\n")
    sid = _space(fs, admin, "late")
    fs.open(admin, sid).records.add("orders", [{"id": "KEEP"}])
    with pytest.raises(ExtractError, match="not readable as utf-8"):
        fs.open(admin, sid).records.import_file("orders", path, parallel=parallel)
    assert fs.open(admin, sid).records.counts("orders")["total"] == 1


@pytest.mark.parametrize("parallel", [False, True])
def test_cancel_part_way_imports_nothing(fs, admin, tmp_path, parallel):
    path = _csv(tmp_path, n=30_000)
    sid = _space(fs, admin, "cancel")
    seen = []

    def cancelled():
        return len(seen) >= 2

    with pytest.raises(Cancelled, match="nothing was changed"):
        fs.open(admin, sid).records.import_file("orders", path, parallel=parallel, progress=seen.append, cancelled=cancelled)
    assert seen and seen[-1] < 30_000
    assert fs.open(admin, sid).records.counts("orders")["total"] == 0
    # the Space is not left locked: a later import goes through
    assert fs.open(admin, sid).records.import_file("orders", path, parallel=parallel)["imported"] == 30_000
