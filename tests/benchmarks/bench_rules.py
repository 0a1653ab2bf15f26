"""Import with cross-record rules: `python tests/benchmarks/bench_rules.py [--rows N]`.

Generates an N-row employees CSV for a blueprint with two unique fields (one ignoring case),
a composite unique and a reference to a departments sheet (about 1% of rows break one of
them), then in one run times:
  - the sqlite3 command-line shell's `.import` of the same file (C, no validation): the reference
  - `flatspace import`, in a process of its own, with the time its cross-record rules took
    (the rest: reading, casting, cell rules, writing) and its peak memory
  - pandas `read_csv` + `to_sql`, and DuckDB's `read_csv` into a table (neither validates):
    what a user would pick instead
Targets (issue 16): flatspace at most 3x the sqlite3 shell; the cross-record part at most half
of the rest; faster than pandas and than DuckDB.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_import import ROOT, make_space, run_measured  # noqa: E402  (the same Space, the same measuring)

DEPARTMENTS = ["Sales", "Support", "Research", "Finance", "Legal", "Design", "Operations", "Marketing"]
FIRST = ["Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia",
         "Donald", "Hedy", "John", "Sophie", "Niklaus"]
LAST = ["Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen",
        "Dijkstra", "Perlman", "Knuth", "Lamarr", "Backus", "Wilson", "Wirth"]
BLUEPRINT = {"name": "HR", "sheets": [
    {"name": "Departments", "slug": "departments", "fields": [
        {"key": "name", "type": "string", "constraints": [{"type": "unique"}]}]},
    {"name": "Employees", "slug": "employees",
     "constraints": [{"type": "unique", "name": "person", "fields": ["first", "last", "born"]}],
     "fields": [
         {"key": "employee_id", "type": "string", "constraints": [{"type": "required"}, {"type": "unique"}]},
         {"key": "first", "type": "string"},
         {"key": "last", "type": "string"},
         {"key": "born", "type": "date"},
         {"key": "email", "type": "string", "constraints": [{"type": "unique", "config": {"caseSensitive": False}}]},
         {"key": "department", "type": "reference",
          "config": {"ref": "departments", "key": "name", "relationship": "has-one"}},
         {"key": "salary", "type": "number"},
         {"key": "start", "type": "date"},
         {"key": "remote", "type": "boolean"},
         {"key": "note", "type": "string"}]}]}
HEADER = "employee_id,first,last,born,email,department,salary,start,remote,note\n"


def generate(path: Path, rows: int) -> None:
    rnd = random.Random(11)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        fh.write(HEADER)
        for i in range(rows):
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            born = f"{rnd.randint(1950, 2003)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            email = f"{first}.{last}.{i}@example.com"
            if rnd.random() < 0.003:  # the same address as an earlier row, in other case
                email = f"{first}.{last}.{max(0, i - 1)}@EXAMPLE.com"
            eid = f"E{i:07d}" if rnd.random() > 0.003 else f"E{max(0, i - 7):07d}"
            dept = rnd.choice(DEPARTMENTS) if rnd.random() > 0.003 else "Astrology"
            fh.write(f"{eid},{first},{last},{born},{email},{dept},{rnd.randint(30, 200) * 1000},"
                     f"20{rnd.randint(10, 24)}-{rnd.randint(1, 12):02d}-01,{rnd.random() > 0.7},ref {i}\n")


FLATSPACE = """
import json, sys, time
from flatspace_desktop.cli.main import main
from flatspace_desktop.storage import recordstore
spent = {"rules": 0.0}
original = recordstore.SheetStore.revalidate_all
def timed(self):
    t = time.perf_counter()
    original(self)
    spent["rules"] += time.perf_counter() - t
recordstore.SheetStore.revalidate_all = timed
t = time.perf_counter()
code = main(sys.argv[1:])
spent["total"] = time.perf_counter() - t
import resource
kb = 1024 if sys.platform == "darwin" else 1
spent["mb"] = sum(resource.getrusage(who).ru_maxrss / kb / 1024  # this process and its reader process
                  for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps(spent), file=sys.stderr)
sys.exit(code)
"""

PANDAS = """
import sqlite3, sys, pandas as pd
con = sqlite3.connect(sys.argv[2])
pd.read_csv(sys.argv[1]).to_sql("employees", con, index=False)
con.commit()
"""

DUCKDB = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("CREATE TABLE employees AS SELECT * FROM read_csv(?)", [sys.argv[1]])
con.close()
"""


def flatspace_space(work: Path, home: Path) -> tuple[list[str], str]:
    cmd, space_id = make_space(work, home, "HR", BLUEPRINT)
    depts = work / "departments.csv"
    depts.write_text("name\n" + "\n".join(DEPARTMENTS) + "\n")
    subprocess.run(cmd + ["import", space_id, str(depts), "--sheet", "departments"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    return cmd, space_id


def run_flatspace(home: Path, space_id: str, csv_path: Path) -> tuple[float, dict]:
    """(seconds, {"rules": s, "total": s, "mb": peak MB}) of one `flatspace import` process."""
    args = ["--data-dir", str(home), "import", space_id, str(csv_path), "--sheet", "employees"]
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", FLATSPACE, *args], capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"flatspace import failed: {proc.stderr[-2000:]}")
    spent = json.loads(proc.stderr.strip().splitlines()[-1])
    return elapsed, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="flatspace-rules-"))
    try:
        bench(work, args.rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench(work: Path, rows: int) -> None:
    csv_path = work / "employees.csv"
    generate(csv_path, rows)
    print(f"generated {rows:,} employees ({csv_path.stat().st_size / 1e6:.0f} MB)")
    if not shutil.which("sqlite3"):
        raise SystemExit("the sqlite3 shell is the reference: install it (e.g. apt-get install sqlite3)")
    ref, ref_mb = run_measured(["sqlite3", str(work / "cli.sqlite"), ".mode csv",
                                f".import {csv_path} employees"])
    results = [("sqlite3 .import (no validation)", ref, ref_mb)]
    cmd, space_id = flatspace_space(work, work / "home")
    seconds, spent = run_flatspace(work / "home", space_id, csv_path)
    results.append(("flatspace import (cast + validate)", seconds, spent["mb"]))
    for name, script, lib in (("pandas read_csv + to_sql", PANDAS, "pandas"),
                              ("DuckDB read_csv into a table", DUCKDB, "duckdb")):
        try:
            __import__(lib)
        except ImportError:
            print(f"{lib} not installed: pip install '.[bench]' for its comparison")
            continue
        s, m = run_measured([sys.executable, "-c", script, str(csv_path), str(work / f"{lib}.db")])
        results.append((name, s, m))
    print(f"\n{'import of ' + format(rows, ',') + ' employees':<40}{'seconds':>10}{'x sqlite3':>12}{'peak MB':>10}")
    for name, s, m in results:
        print(f"{name:<40}{s:>10.2f}{s / ref:>12.2f}{m:>10.0f}")
    rules = spent["rules"]
    rest = spent["total"] - rules
    print(f"\ncross-record rules {rules:.2f} s, the rest of the import {rest:.2f} s: {rules / rest:.2f}x "
          f"(target <= 0.5x); flatspace {seconds / ref:.2f}x sqlite3 (target <= 3x)")
    others = {name: s for name, s, _m in results[2:]}
    for name, s in others.items():
        print(f"flatspace / {name}: {seconds / s:.2f} (target < 1)")


if __name__ == "__main__":
    main()
