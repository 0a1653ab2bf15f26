"""Paths and small helpers shared by the tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
DATA = Path(__file__).resolve().parent / "data"


def write(path: Path, content, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode(encoding))
    return path


def files_in_three_sheets(fs, admin, sid, tmp_path) -> dict[str, int]:
    """In a sample Space: contacts.csv imported into contacts, pay.csv into a private salaries
    sheet, notes.csv only uploaded; all three by the admin. Their file ids by name."""
    fs.open(admin, sid).workbooks.create({"name": "Private", "sheets": [
        {"name": "Salaries", "slug": "salaries", "fields": [{"key": "who", "type": "string"}]}]})
    contacts = fs.open(admin, sid).files.upload(RESOURCES / "sample_contacts.csv")
    fs.open(admin, sid).files.import_file(contacts["id"], "contacts")
    pay = fs.open(admin, sid).files.upload(write(tmp_path / "pay.csv", "who\nthe boss\n"))
    fs.open(admin, sid).files.import_file(pay["id"], "salaries")
    notes = fs.open(admin, sid).files.upload(write(tmp_path / "notes.csv", "who\nnobody\n"))
    return {"contacts": contacts["id"], "pay": pay["id"], "notes": notes["id"]}


def run_cli(capsys, *args):
    """`flatspace ARGS` in-process: (exit code, stdout, stderr)."""
    from flatspace_desktop.cli.main import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_cli_json(capsys, *args):
    """`flatspace --json ARGS`, which must succeed: its parsed output."""
    import json

    code, out, err = run_cli(capsys, "--json", *args)
    assert code == 0, err
    return json.loads(out)


def drop_server_spaces(folder: Path) -> None:
    """Remove from the test server the schemas of the Team Spaces made under `folder`."""
    from flatspace_desktop.storage import server

    for found in Path(folder).rglob(server.SERVER_FILE):
        try:
            where = server.read_location(found.parent)
            server.drop(where["server"], where["schema"])
        except Exception:  # a test that broke its own Space's file: nothing to drop
            pass
