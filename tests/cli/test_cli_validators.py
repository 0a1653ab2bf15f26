"""Issue 13 from the command line: `flatspace workbook create` names the validators it cannot
enforce offline, and `flatspace import` (in process and as a real process) checks the rest."""

import json
import subprocess
import sys

from support import ROOT, write
from flatspace_desktop.cli.main import main

BLUEPRINT = {"name": "Inventory", "sheets": [{"name": "Inventory", "slug": "inventory", "fields": [
    {"key": "inventory_id", "label": "Inventory ID", "type": "string",
     "constraints": [{"type": "required"}, {"type": "unique"},
                     {"type": "external", "validator": "length", "config": {"min": 1, "max": 50}}]},
    {"key": "quantity", "label": "Quantity", "type": "number",
     "constraints": [{"type": "required"}, {"type": "external", "validator": "numberRange", "config": {"min": 0}}]},
    {"key": "unit_of_measurement", "label": "Unit of Measurement", "type": "string",
     "constraints": [{"type": "external", "validator": "length", "config": {"min": 1, "max": 20}}]},
    {"key": "bin", "label": "Bin", "type": "string", "constraints": [{"type": "external", "validator": "binCode"}]},
]}]}


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_create_names_what_is_not_enforced_and_import_checks_the_rest(capsys, isolated_home, tmp_path):
    code, out, _ = run(capsys, "--json", "space", "create", "Stock")
    sid = json.loads(out)["id"]
    code, out, _ = run(capsys, "workbook", "create", sid, "--blueprint", str(write(tmp_path / "bp.json",
                                                                                    json.dumps(BLUEPRINT))))
    assert code == 0
    assert 'note: inventory.bin: external validator "binCode" is kept but not enforced offline' in out
    csv = write(tmp_path / "stock.csv", "inventory_id,quantity,unit_of_measurement,bin\nI-1,4,box,A1\n"
                                        "I-2,-2,a unit of measurement far too long,B2\n")
    proc = subprocess.run([sys.executable, "-m", "flatspace_desktop", "--json", "import", sid, str(csv),
                           "--sheet", "inventory"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["error"] == 1
    code, out, _ = run(capsys, "--json", "records", sid, "inventory", "--filter", "error")
    (bad,) = json.loads(out)["records"] if isinstance(json.loads(out), dict) else json.loads(out)
    values = bad["values"]
    assert [m["message"] for m in values["quantity"]["messages"]] == ["Must be greater than or equal to 0"]
    assert [(m["source"], m["message"]) for m in values["unit_of_measurement"]["messages"]] == [
        ("custom-logic", "Maximum length is 20 (34 characters)")]
    assert values["bin"]["messages"] == []
