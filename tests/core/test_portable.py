"""Moving a Space as one .flatspace file: a round trip keeps records, history and files; a
truncated, tampered or foreign file is refused and creates nothing."""

import json
import zipfile

import pytest

from support import DATA, write
from flatspace_desktop.domain.errors import InvalidInput
from flatspace_desktop.services.app import Flatspace

pytestmark = pytest.mark.local_space  # a local Space's SQLite file, and .flatspace files of it


def test_round_trip_with_history_and_files(fs, admin, sample_space, tmp_path):
    sid = sample_space
    f = fs.open(admin, sid).files.upload(DATA / "utf8_bom_comma.csv")
    fs.open(admin, sid).documents.add("Guide", "# Guide\n")
    snap = fs.open(admin, sid).history.take("before edits")
    fs.open(admin, sid).records.update("contacts", {1: {"firstName": "Changed"}})
    out = tmp_path / "moved.flatspace"
    assert fs.open(admin, sid).export(out)["bytes"] > 0
    other = Flatspace(tmp_path / "other-machine")
    try:
        info = other.import_space(admin, out)
        new = info["id"]
        assert info["name"] == "Sample" and [w["name"] for w in info["workbooks"]] == ["Customer onboarding"]
        assert other.open(admin, new).records.list("contacts", limit=1)[0].values["firstName"] == "Changed"
        assert other.open(admin, new).files.path(f["id"]).read_bytes() == (DATA / "utf8_bom_comma.csv").read_bytes()
        assert [d["title"] for d in other.open(admin, new).documents.list()] == ["Guide"]
        other.open(admin, new).history.restore(snap["id"])  # the history came along
        assert other.open(admin, new).records.list("contacts", limit=1)[0].values["firstName"] == "Ada"
        again = other.import_space(admin, out)  # a clash of ids gets a new one
        assert again["id"] != new
    finally:
        other.close()


def test_bad_files_are_refused_and_create_nothing(fs, admin, sample_space, tmp_path):
    out = tmp_path / "good.flatspace"
    fs.open(admin, sample_space).export(out)
    data = out.read_bytes()
    truncated = write(tmp_path / "cut.flatspace", data[: len(data) // 2])
    foreign = write(tmp_path / "foreign.flatspace", b"PK\x05\x06" + b"\x00" * 18)
    tampered = tmp_path / "tampered.flatspace"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "space.sqlite":
                body = body[:-10] + b"X" * 10
            dst.writestr(item, body)
    not_ours = tmp_path / "other.flatspace"
    with zipfile.ZipFile(not_ours, "w") as z:
        z.writestr("manifest.json", json.dumps({"format": "something-else"}))
    before = fs.list_spaces(admin, archived="include")
    for path, message in ((truncated, "truncated or damaged"), (foreign, "no manifest"),
                          (tampered, "altered or damaged"), (not_ours, "not a Flatspace Space file"),
                          (tmp_path / "missing.flatspace", "no such file")):
        with pytest.raises(InvalidInput, match=message):
            fs.import_space(admin, path)
    assert fs.list_spaces(admin, archived="include") == before
    assert not [p for p in (fs.root / "spaces").iterdir() if p.name.startswith(".")]
