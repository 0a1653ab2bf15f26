"""Hostile input met in the core (issue 12, items 3, 4 and 5): each is refused with a message a
person can act on (a FlatspaceError), or read and flagged, never an exception from deep inside
Python or SQLite; and a full disk says so and keeps what was written before."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from support import write
from flatspace_desktop.domain import clock
from flatspace_desktop.storage import db as dbmod
from flatspace_desktop.domain.blueprint import parse_blueprint
from flatspace_desktop.domain.cells import make_caster
from flatspace_desktop.domain.errors import BlueprintError, DatabaseError, ExtractError, InvalidInput, NotFound
from flatspace_desktop.readers import open_source
from flatspace_desktop.services.guests import parse_duration
from flatspace_desktop.domain.jsonfile import read_json
from flatspace_desktop.domain.records import View
from flatspace_desktop.domain.rowcast import compile_row_caster

PEOPLE = {"name": "People", "sheets": [{"name": "People", "slug": "people", "allowAdditionalFields": True,
                                        "fields": [{"key": "email", "type": "string"},
                                                   {"key": "score", "type": "number"}]}]}
HUGE = 10 ** 20
BIG = 1 << 63  # one past SQLite's largest INTEGER


@pytest.fixture
def sid(fs, admin):
    sid = fs.create_space(admin, "Target", guest_authentication=["shared_link", "magic_link"])["id"]
    fs.open(admin, sid).workbooks.create(PEOPLE)
    return sid


# ---- JSON nested 10,000 deep, or deep enough that walking it would recurse too far

@pytest.mark.parametrize("text", ["[" * 10_000 + "]" * 10_000, '{"a":' * 10_000 + "1" + "}" * 10_000,
                                  "[" * 900 + "]" * 900])
def test_deep_json_is_refused_where_it_is_read(tmp_path, text):
    with pytest.raises(InvalidInput, match="nested too deeply"):
        read_json(write(tmp_path / "deep.json", text), "blueprint")
    from flatspace_desktop.domain.jsonfile import parse_json

    with pytest.raises(InvalidInput, match="nested too deeply"):
        parse_json(text, "metadata")


def test_deep_values_built_in_memory_are_refused_without_recursing(fs, admin, sid):
    deep: list = []
    node = deep
    for _ in range(50_000):  # deeper than any recursive walk could go
        node.append([])
        node = node[0]
    with pytest.raises(InvalidInput, match="nested too deeply"):
        fs.open(admin, sid).update(metadata={"a": deep})
    with pytest.raises(InvalidInput, match="nested too deeply"):
        fs.open(admin, sid).theme.set({"root": {"x": deep}})
    with pytest.raises(InvalidInput, match="nested too deeply"):
        fs.open(admin, sid).workbooks.create({**PEOPLE, "name": "Deep", "metadata": deep})
    assert [w["name"] for w in fs.open(admin, sid).info()["workbooks"]] == ["People"]
    from flatspace_desktop.domain.jsonfile import MAX_DEPTH, check_json

    with pytest.raises(InvalidInput, match="nested too deeply"):
        check_json(deep, "metadata")
    nested = {"a": 1}
    for _ in range(MAX_DEPTH - 1):
        nested = {"a": nested}
    assert fs.open(admin, sid).update(metadata=nested)["metadata"] == nested  # the limit itself is fine


def test_a_data_file_nested_too_deeply_is_refused_as_a_file(tmp_path):
    path = write(tmp_path / "rows.json", '[{"email": ' + "[" * 10_000 + "]" * 10_000 + "}]")
    with pytest.raises(ExtractError, match="nested too deeply"):
        open_source(path)


# ---- whole numbers past SQLite's 64 bits, and past Python's 4,300 digits

def test_huge_numbers_in_cells_are_kept_as_text_and_flagged(fs, admin, sid, tmp_path):
    digits = "9" * 5000
    path = write(tmp_path / "big.csv", f"email,score\na,{BIG}\nb,{digits}\nc,-{BIG + 1}\nd,{BIG - 1}\ne,-{BIG}\n")
    assert fs.open(admin, sid).records.import_file("people", path)["imported"] == 5
    recs = {r.values["email"]: r for r in fs.open(admin, sid).records.list("people")}
    assert recs["a"].values["score"] == str(BIG) and recs["b"].values["score"] == digits
    assert recs["c"].values["score"] == str(-BIG - 1)
    for key in "abc":
        assert "Too large" in recs[key].messages["score"][0]["message"]
    assert recs["d"].values["score"] == BIG - 1 and recs["e"].values["score"] == -BIG  # the ends fit exactly
    assert recs["d"].valid and recs["e"].valid
    rid = recs["d"].rid
    fs.open(admin, sid).records.update("people", {rid: {"score": 1 << 64}})  # a Python int, as the window may pass
    (rec,) = fs.open(admin, sid).records.by_id("people", [rid])
    assert rec.values["score"] == str(1 << 64) and not rec.valid


def test_the_fast_row_caster_agrees_on_long_numbers():
    (field,) = [f for f in parse_blueprint(PEOPLE).sheets[0].fields if f.key == "score"]
    for raw in (str(BIG), str(BIG - 1), "9" * 19, "1" * 18, "9" * 5000, BIG, 1 << 64):
        sink_fast, sink_full = [], []
        fast = compile_row_caster([field], sink_fast)([raw], 1)
        full = make_caster(field, sink_full)(raw)
        assert fast[2] == full and sink_fast == sink_full, raw


def test_blueprint_values_past_64_bits_are_refused_with_their_place():
    bp = {"name": "B", "sheets": [{"name": "B", "fields": [
        {"key": "plan", "type": "enum", "config": {"options": [{"value": 1}, {"value": 1 << 64}]}}]}]}
    with pytest.raises(BlueprintError, match=r"options\[1\]\.value: a whole number must lie between"):
        parse_blueprint(bp)


def test_json_with_5000_digit_numbers_says_so(tmp_path):
    with pytest.raises(InvalidInput, match="more than 4,300 digits"):
        read_json(write(tmp_path / "bp.json", '{"name": ' + "9" * 5000 + "}"), "blueprint")


def test_ids_past_64_bits_are_not_found(fs, admin, sid):
    for call in (lambda: fs.open(admin, sid).documents.get(HUGE), lambda: fs.open(admin, sid).documents.delete(HUGE),
                 lambda: fs.open(admin, sid).guests.revoke(HUGE), lambda: fs.open(admin, sid).history.delete(HUGE),
                 lambda: fs.open(admin, sid).history.restore(HUGE)):
        with pytest.raises(NotFound, match=str(HUGE)):
            call()
    snap = fs.open(admin, sid).history.take("s")
    with pytest.raises(NotFound, match="no workbook"):
        fs.open(admin, sid).history.restore(snap["id"], workbook=HUGE)


def test_paging_past_64_bits_means_all_or_none(fs, admin, sid):
    fs.open(admin, sid).records.add("people", [{"email": f"p{i}"} for i in range(3)])
    assert len(fs.open(admin, sid).records.list("people", limit=HUGE)) == 3
    assert fs.open(admin, sid).records.list("people", offset=HUGE) == []
    assert fs.open(admin, sid).records.list("people", after=HUGE) == []
    assert len(fs.open(admin, sid).records.list("people", after=-HUGE)) == 3
    with pytest.raises(InvalidInput, match="0 or more"):
        fs.open(admin, sid).records.list("people", limit=-1)
    with pytest.raises(InvalidInput, match="record order"):
        fs.open(admin, sid).records.list("people", View(sort="email"), after=1)


# ---- text: long searches, lone surrogates, binary Markdown, codecs that are not encodings

def test_search_and_find_text_are_bounded(fs, admin, sid):
    from flatspace_desktop.domain import limits

    fs.open(admin, sid).records.add("people", [{"email": "x" * 20}])
    long = "x" * 100_000
    with pytest.raises(InvalidInput, match="at most 10,000"):
        fs.open(admin, sid).records.list("people", View(search=long))
    with pytest.raises(InvalidInput, match="at most 10,000"):
        fs.open(admin, sid).records.counts("people", View(search=long))
    with pytest.raises(InvalidInput, match="at most 10,000"):
        fs.open(admin, sid).records.replace_text("people", long, "y")
    assert len(fs.open(admin, sid).records.list("people", View(search="x" * limits.MAX_SEARCH))) == 0
    assert len(fs.open(admin, sid).records.list("people", View(search="x" * 20))) == 1


def test_a_search_over_more_than_a_thousand_columns_stays_inside_sqlite(tmp_path):
    from flatspace_desktop.storage.recordquery import any_of

    con = sqlite3.connect(tmp_path / "wide.sqlite")
    cols = [f"c{i}" for i in range(1_500)]
    con.execute(f"CREATE TABLE t ({', '.join(cols)})")
    con.execute("INSERT INTO t (c1499) VALUES ('needle')")
    with pytest.raises(sqlite3.OperationalError, match="too large"):  # what a flat OR chain meets
        con.execute("SELECT count(*) FROM t WHERE " + " OR ".join(f"{c} LIKE ?" for c in cols), ["%needle%"] * 1500)
    where = any_of([f"{c} LIKE ?" for c in cols])
    assert con.execute(f"SELECT count(*) FROM t WHERE {where}", ["%needle%"] * 1500).fetchone() == (1,)


@pytest.mark.parametrize("text", ["\ud800", "caf\udce9"])
def test_lone_surrogates_are_refused_before_sqlite_meets_them(fs, admin, sid, tmp_path, text):
    for call in (lambda: fs.open(admin, sid).update(metadata={"a": text}),
                 lambda: fs.open(admin, sid).update(metadata=json.dumps({text: 1})),
                 lambda: fs.open(admin, sid).update(labels=[text]),
                 lambda: fs.open(admin, sid).rename(text),
                 lambda: fs.create_space(admin, text),
                 lambda: fs.open(admin, sid).documents.add(text, "body"),
                 lambda: fs.open(admin, sid).workbooks.create({**PEOPLE, "name": text}),
                 lambda: fs.open(admin, sid).theme.set({"root": {"fontFamily": text}}),
                 lambda: fs.open(admin, sid).records.list("people", View(search=text))):
        with pytest.raises(InvalidInput, match=r"\\ud800|\\udce9"):
            call()
    rows = write(tmp_path / "rows.json", json.dumps([{"email": "ok"}, {"email": text}]))
    with pytest.raises(InvalidInput, match=r"\\ud800|\\udce9"):
        fs.open(admin, sid).records.import_file("people", rows)
    assert fs.open(admin, sid).records.counts("people")["total"] == 0  # all or nothing
    assert fs.open(admin, sid).info()["name"] == "Target" and [s["name"] for s in fs.list_spaces(admin)] == ["Target"]


def test_binary_markdown_is_refused_and_text_is_read(tmp_path):
    from flatspace_desktop.domain.documents import read_markdown

    with pytest.raises(InvalidInput, match="not Markdown text"):
        read_markdown(write(tmp_path / "bin.md", bytes(range(256))))
    with pytest.raises(InvalidInput, match="NUL"):
        read_markdown(write(tmp_path / "nul.md", b"# T\n\x00"))
    assert read_markdown(write(tmp_path / "notes.md", "intro\n# Notes\n\nText")) == ("Notes", "intro\n# Notes\n\nText")
    assert read_markdown(write(tmp_path / "plain.md", "just text"))[0] == "plain"


@pytest.mark.parametrize("encoding, says", [("rot13", "not a text encoding"), ("base64", "not a text encoding"),
                                            ("undefined", "not a text encoding"), ("klingon", "unknown encoding")])
def test_codecs_that_are_not_text_encodings_are_refused(tmp_path, encoding, says):
    with pytest.raises(ExtractError, match=says):
        open_source(write(tmp_path / "a.csv", "email\na\n"), encoding=encoding)


# ---- exports, sheet width, guest links, retention

@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_into_a_missing_folder_is_refused(fs, admin, sid, tmp_path, fmt):
    out = tmp_path / "missing" / f"out.{fmt}"
    with pytest.raises(InvalidInput, match="no folder"):
        fs.open(admin, sid).records.export("people", out, fmt)
    with pytest.raises(InvalidInput, match="no folder"):
        fs.open(admin, sid).workbooks.export("People", out, fmt)
    assert not out.parent.exists()


def test_xlsx_export_that_cannot_create_its_file_says_why(fs, admin, sid, tmp_path, monkeypatch):
    import xlsxwriter.exceptions

    def refuse(self):
        raise xlsxwriter.exceptions.FileCreateError(PermissionError(13, "Permission denied"))

    monkeypatch.setattr("xlsxwriter.Workbook.close", refuse)
    with pytest.raises(InvalidInput, match="cannot write .*Permission denied"):
        fs.open(admin, sid).records.export("people", tmp_path / "out.xlsx", "xlsx")


def test_sheets_wider_than_sqlite_allows_are_refused_with_the_number(fs, admin, sid, tmp_path, monkeypatch):
    from flatspace_desktop.domain import limits
    from flatspace_desktop.domain.mapping import Mapping

    def sheet(n):
        return {"name": "W", "sheets": [{"name": "W", "fields": [{"key": f"k{i}", "type": "string"} for i in range(n)]}]}

    assert len(parse_blueprint(sheet(limits.MAX_FIELDS)).sheets[0].fields) == limits.MAX_FIELDS
    with pytest.raises(BlueprintError, match=f"at most {limits.MAX_FIELDS:,} fields; this one has 2,400"):
        fs.open(admin, sid).workbooks.create(sheet(2_400))
    assert limits.MAX_FIELDS + limits.RECORD_COLUMNS <= 2000
    # Adding columns through a mapping meets the same limit, counted with the sheet's own.
    monkeypatch.setattr(limits, "MAX_FIELDS", 3)
    path = write(tmp_path / "extra.csv", "email,a,b\nx,1,2\n")
    with pytest.raises(InvalidInput, match="at most 3 fields; people with the added columns has 4"):
        fs.open(admin, sid).records.import_file("people", path, mapping=Mapping({"email": "email"}, add_fields=["a", "b"]))
    assert [f.key for f in fs.open(admin, sid).records.sheet_def("people").fields] == ["email", "score"]


def test_link_expiry_and_uses_are_bounded_before_anything_is_written(fs, admin, sid):
    assert parse_duration("366d") == timedelta(days=366) and parse_duration("52w") == timedelta(weeks=52)
    for text in ("367d", "53w", "9999999d", f"{HUGE}d", "9" * 5000 + "h"):
        with pytest.raises(InvalidInput, match="at most a year"):
            parse_duration(text)
    with pytest.raises(InvalidInput, match="at most a year"):
        fs.open(admin, sid).guests.share_link(expires=f"{HUGE}d")
    with pytest.raises(InvalidInput, match="from 1 to 1,000,000"):
        fs.open(admin, sid).guests.share_link(uses=HUGE)
    assert fs.open(admin, sid).guests.list() == []
    assert fs.open(admin, sid).guests.share_link(expires="366d", uses=1_000_000)["id"]


def test_retention_past_ten_years_is_refused_and_a_stored_one_breaks_nothing(fs, admin, sid, tmp_path):
    for key, value in (("dailyDays", HUGE), ("keepAllHours", 87_601), ("weeklyWeeks", -1), ("dailyDays", True)):
        with pytest.raises(InvalidInput, match=f"retention {key} must be a whole number"):
            fs.open(admin, sid).history.set_retention(**{key: value})
    assert fs.open(admin, sid).history.set_retention(dailyDays=3_650)["dailyDays"] == 3_650
    # A value saved before it was checked: the next day's imports prune and still work.
    fs.space(sid).db.execute_sql("UPDATE history_state SET retention = ?", (json.dumps({"dailyDays": HUGE}),))
    path = write(tmp_path / "p.csv", "email,score\na,1\n")
    fs.open(admin, sid).records.import_file("people", path)
    later = datetime.now(timezone.utc) + timedelta(days=2)
    clock.set_clock(lambda: later)
    try:
        assert fs.open(admin, sid).records.import_file("people", path)["imported"] == 1
    finally:
        clock.set_clock(None)
    assert fs.open(admin, sid).history.retention()["dailyDays"] == 3_650


# ---- a full disk (SQLite's max_page_count makes the database file full, as a full disk does)

def _fill_up(fs, sid) -> None:
    db = fs.space(sid).db
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages + 2}")


@pytest.mark.local_space
def test_a_full_disk_says_so_and_keeps_what_was_written_before(fs, admin, sid, tmp_path):
    fs.open(admin, sid).records.import_file("people", write(tmp_path / "first.csv", "email,score\nkept@example.org,1\n"))
    big = write(tmp_path / "big.csv", "email,score\n" + "".join(f"user{i}@example.org,{i}\n" for i in range(20_000)))
    _fill_up(fs, sid)
    with pytest.raises(DatabaseError, match="disk is full"):
        fs.open(admin, sid).records.import_file("people", big)
    with pytest.raises(DatabaseError, match="disk is full"):
        fs.open(admin, sid).records.add("people", [{"email": "x" * 50_000}])
    assert [r.values["email"] for r in fs.open(admin, sid).records.list("people")] == ["kept@example.org"]
    fs.close()
    con = sqlite3.connect(fs.catalog.folder(sid) / "space.sqlite")
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    assert fs.open(admin, sid).records.import_file("people", big)["total"] == 20_001  # room again: it just works


def test_the_reason_behind_a_failed_rollback_is_the_one_told():
    def failed_write():
        try:
            full = sqlite3.OperationalError("database or disk is full")
            full.sqlite_errorcode = 13  # as sqlite3 marks it: SQLITE_FULL
            raise full
        except sqlite3.OperationalError:
            raise sqlite3.OperationalError("cannot rollback - no transaction is active")

    with pytest.raises(DatabaseError, match="disk is full"):
        with dbmod.translate_errors():
            failed_write()
