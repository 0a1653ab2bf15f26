"""Where data lives, and how a Space's database is opened, versioned and protected."""

import hashlib
import sqlite3

import pytest

from flatspace_desktop.storage import db as dbmod
from flatspace_desktop.storage import migrations, paths
from flatspace_desktop.domain.errors import DatabaseError, DatabaseTooNew
from flatspace_desktop.services.app import Flatspace


def test_data_root_prefers_option_then_environment_then_platform(tmp_path, monkeypatch):
    monkeypatch.setenv("FLATSPACE_HOME", str(tmp_path / "env"))
    assert paths.data_root(tmp_path / "opt") == (tmp_path / "opt").resolve()
    assert paths.data_root() == (tmp_path / "env").resolve()
    monkeypatch.delenv("FLATSPACE_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.data_root() == tmp_path / "xdg" / "Flatspace"


@pytest.mark.local_space
def test_each_space_is_one_folder_with_database_and_filestore(fs, admin, isolated_home):
    info = fs.create_space(admin, "Alpha")
    folder = isolated_home / "spaces" / info["id"]
    assert (folder / "space.sqlite").is_file()
    assert (folder / "files").is_dir()
    con = sqlite3.connect(folder / "space.sqlite")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == migrations.CURRENT_VERSION
    con.close()
    space = fs.space(info["id"])
    assert space.db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.local_space
def test_database_from_a_newer_version_is_refused_and_left_untouched(fs, admin, isolated_home):
    info = fs.create_space(admin, "Future")
    fs.close()
    path = isolated_home / "spaces" / info["id"] / "space.sqlite"
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = DELETE")  # one file, so a byte digest covers it all
    con.execute(f"PRAGMA user_version = {migrations.CURRENT_VERSION + 5}")
    con.close()
    before = _digest(path)
    fresh = Flatspace(isolated_home)
    with pytest.raises(DatabaseTooNew, match="newer version of Flatspace"):
        fresh.space(info["id"])
    assert _digest(path) == before
    assert not path.with_name("space.sqlite-wal").exists()
    listed = fresh.list_spaces(admin)
    assert listed[0]["problem"] and "newer version" in listed[0]["problem"]


def test_foreign_and_damaged_files_are_refused(tmp_path):
    foreign = tmp_path / "other.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("PRAGMA application_id = 1234")
    con.execute("CREATE TABLE t(x)")
    con.close()
    with pytest.raises(DatabaseError, match="not a Flatspace Space"):
        dbmod.open_database(foreign)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DatabaseError):
        dbmod.open_database(junk)


def test_older_schema_is_migrated_in_order_with_a_backup(tmp_path, monkeypatch):
    path = tmp_path / "space.sqlite"
    dbmod.open_database(path, create=True).close()
    now, nxt = migrations.CURRENT_VERSION, migrations.CURRENT_VERSION + 1
    step = "CREATE TABLE extra_one (x TEXT); CREATE TABLE extra_two (y TEXT)"
    monkeypatch.setattr(dbmod, "MIGRATIONS", migrations.MIGRATIONS + [(nxt, step)])
    monkeypatch.setattr(dbmod, "CURRENT_VERSION", nxt)
    db = dbmod.open_database(path)
    tables = set(db.get_tables())
    db.close()
    assert {"extra_one", "extra_two", "workbook", "file"} <= tables
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == nxt
    assert (tmp_path / f"space.sqlite.v{now}.bak").is_file()


def test_a_version_1_space_gains_the_later_tables(tmp_path):
    path = tmp_path / "space.sqlite"
    con = sqlite3.connect(path)
    for stmt in migrations.V1.split(";"):
        if stmt.strip():
            con.execute(stmt)
    con.execute(f"PRAGMA application_id = {dbmod.APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    db = dbmod.open_database(path)
    assert {"file", "saved_mapping"} <= set(db.get_tables())
    db.close()
    assert (tmp_path / "space.sqlite.v1.bak").is_file()


def test_failed_migration_rolls_back_and_keeps_old_version(tmp_path, monkeypatch):
    path = tmp_path / "space.sqlite"
    dbmod.open_database(path, create=True).close()
    nxt = migrations.CURRENT_VERSION + 1
    monkeypatch.setattr(dbmod, "MIGRATIONS", migrations.MIGRATIONS + [(nxt, "CREATE TABLE ok (x); CREATE TABLE workbook (y)")])
    monkeypatch.setattr(dbmod, "CURRENT_VERSION", nxt)
    with pytest.raises(DatabaseError):
        dbmod.open_database(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == migrations.CURRENT_VERSION
    assert "ok" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}


def _space_with_a_sheet(fs, admin):
    info = fs.create_space(admin, "Sheets")
    s = fs.open(admin, info["id"])
    s.workbooks.create({"name": "WB", "sheets": [{"name": "People", "slug": "people",
                                                   "fields": [{"key": "email", "type": "string"}]}]})
    s.records.add("people", [{"email": "ana@example.com"}])
    return info["id"], fs.space(info["id"]).sheet_refs()[0].id


def test_each_sheet_keeps_a_table_version(fs, admin):
    from flatspace_desktop.storage import sheettables

    sid, sheet = _space_with_a_sheet(fs, admin)
    assert sheettables.versions(fs.space(sid).db) == {sheet: sheettables.TABLE_VERSION}


@pytest.mark.local_space
def test_sheet_tables_of_an_older_space_are_upgraded_in_order_on_open(fs, admin, isolated_home):
    # A Space saved at schema 7: no sheet_table, and a record table from before updated_by.
    sid, sheet = _space_with_a_sheet(fs, admin)
    fs.close()
    path = isolated_home / "spaces" / sid / "space.sqlite"
    con = sqlite3.connect(path)
    for name, in con.execute(f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'rec_{sheet}'").fetchall():
        con.execute(f"DROP TRIGGER {name}")  # they name every column; the open puts them back
    con.execute(f"ALTER TABLE rec_{sheet} DROP COLUMN updated_by")
    con.execute("DROP TABLE sheet_table")
    con.execute("DROP TABLE recipe_step")
    con.execute("DROP TABLE saved_view")
    con.execute("DROP TABLE job")
    con.execute("DROP TABLE file_actions")
    con.execute("PRAGMA user_version = 7")
    con.commit()
    con.close()
    fresh = Flatspace(isolated_home)
    s = fresh.open(admin, sid)
    rec = s.records.list("people")[0]
    assert rec.values["email"] == "ana@example.com" and rec.updated_by is None
    s.records.update("people", {rec.rid: {"email": "bo@example.com"}})
    assert s.records.by_id("people", [rec.rid])[0].updated_by == admin.id
    con = sqlite3.connect(path)
    assert con.execute("SELECT sheet_id, version FROM sheet_table").fetchall() == [(sheet, 2)]
    fresh.close()
    assert (isolated_home / "spaces" / sid / "space.sqlite.v7.bak").is_file()


@pytest.mark.local_space
def test_a_sheet_from_a_newer_version_is_refused_and_left_unchanged(fs, admin, isolated_home):
    sid, sheet = _space_with_a_sheet(fs, admin)
    fs.close()
    path = isolated_home / "spaces" / sid / "space.sqlite"
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("UPDATE sheet_table SET version = 99")
    con.commit()
    con.close()
    before = _digest(path)
    fresh = Flatspace(isolated_home)
    with pytest.raises(DatabaseTooNew, match="newer version of Flatspace"):
        fresh.open(admin, sid)
    fresh.close()
    assert _digest(path) == before
