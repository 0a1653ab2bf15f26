"""Import and query benchmark: `python tests/benchmarks/bench_import.py [--rows N]`.

Generates an N-row, 10-column CSV that matches a blueprint (about 2% of rows carry an
invalid value), then in one run times:
  - `flatspace import` (cast + validate + store), as a real process
  - the sqlite3 command-line shell's `.import` of the same file (C, no validation)
  - pandas `read_csv` + `to_sql` into SQLite, with its default type inference and with
    every column read as text (its fastest)
and, on the imported sheet: counts, a 200-record page of the error filter, a page sorted by
a text field at the middle offset (the first sort builds an index; both are shown), and a
search. Figures are ratios against the sqlite3 run of the same invocation, since the machine
is shared and absolute times drift. Peak memory is each process's own maximum RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

BLUEPRINT = {
    "name": "Benchmark",
    "sheets": [{
        "name": "Orders", "slug": "orders",
        "fields": [
            {"key": "order_id", "type": "string", "constraints": [{"type": "required"}, {"type": "unique"}]},
            {"key": "customer", "type": "string", "constraints": [{"type": "required"}]},
            {"key": "email", "type": "string"},
            {"key": "city", "type": "string"},
            {"key": "quantity", "type": "number"},
            {"key": "price", "type": "number", "config": {"decimalPlaces": 2}},
            {"key": "ordered_on", "type": "date"},
            {"key": "paid", "type": "boolean"},
            {"key": "status", "type": "enum", "config": {"options": [
                {"value": "new"}, {"value": "shipped"}, {"value": "returned"}, {"value": "cancelled"}]}},
            {"key": "note", "type": "string"},
        ],
    }],
}
CITIES = ["Lyon", "Berlin", "Austin", "Leeds", "Porto", "Oslo", "Kyoto", "Quito", "Perth", "Accra"]
NAMES = ["Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger"]
STATUS = ["new", "shipped", "returned", "cancelled"]


def generate(path: Path, rows: int) -> None:
    rnd = random.Random(7)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        fh.write("order_id,customer,email,city,quantity,price,ordered_on,paid,status,note\n")
        for i in range(rows):
            name = f"{rnd.choice(NAMES)} {rnd.choice(NAMES)}son"
            qty = str(rnd.randint(1, 50)) if rnd.random() > 0.01 else "many"
            day = f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}" if rnd.random() > 0.005 else "2024-02-31"
            status = rnd.choice(STATUS) if rnd.random() > 0.005 else "lost"
            note = f'"Ref {i}, see ""memo"""' if i % 10 == 0 else f"ref {i}"
            fh.write(f"O{i:08d},{name},u{i}@example.com,{rnd.choice(CITIES)},{qty},{rnd.uniform(1, 999):.2f},"
                     f"{day},{'true' if rnd.random() > 0.5 else 'false'},{status},{note}\n")


def run_measured(cmd: list[str], **kw) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd[:4]} failed: {proc.stderr.read().decode()[-2000:]}")
    proc.stderr.close()
    rss_kb = usage.ru_maxrss
    return elapsed, rss_kb / 1024 if sys.platform != "darwin" else rss_kb / 1024 / 1024


def make_space(work: Path, home: Path, name: str, blueprint: dict = BLUEPRINT) -> tuple[list[str], str]:
    """A Space holding `blueprint` (the benchmark's), made with the command line: (command, id)."""
    (work / "bp.json").write_text(json.dumps(blueprint))
    cmd = [sys.executable, "-m", "flatspace_desktop", "--data-dir", str(home)]
    out = subprocess.run(cmd + ["--json", "space", "create", name], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    space_id = json.loads(out.stdout)["id"]
    subprocess.run(cmd + ["workbook", "create", space_id, "--blueprint", str(work / "bp.json")], check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    return cmd, space_id


def timed(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


PANDAS = """
import sqlite3, sys, pandas as pd
con = sqlite3.connect(sys.argv[2])
options = {"dtype": str, "keep_default_na": False} if sys.argv[3] == "text" else {}
df = pd.read_csv(sys.argv[1], **options)
df.to_sql("orders", con, index=False)
con.commit()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="flatspace-bench-"))
    try:
        bench(work, args.rows)
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def bench(work: Path, rows: int) -> None:
    csv_path = work / "orders.csv"
    t = time.perf_counter()
    generate(csv_path, rows)
    print(f"generated {rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s")
    home = work / "home"
    fs_cmd, space_id = make_space(work, home, "Bench")

    results = []
    if shutil.which("sqlite3"):
        s, m = run_measured(["sqlite3", str(work / "cli.sqlite"), ".mode csv", f".import {csv_path} orders"])
        results.append(("sqlite3 .import (no validation)", s, m))
    else:
        print("sqlite3 shell not found: install it (e.g. apt-get install sqlite3) for the reference run")
    s, m = run_measured(fs_cmd + ["import", space_id, str(csv_path), "--sheet", "orders"], cwd=ROOT)
    results.append(("flatspace import (cast + validate)", s, m))
    try:
        import pandas  # noqa: F401

        s, m = run_measured([sys.executable, "-c", PANDAS, str(csv_path), str(work / "pandas.sqlite"), "default"])
        results.append(("pandas read_csv + to_sql (defaults)", s, m))
        s, m = run_measured([sys.executable, "-c", PANDAS, str(csv_path), str(work / "pandas-text.sqlite"), "text"])
        results.append(("pandas, every column as text", s, m))
    except ImportError:
        print("pandas not installed: pip install '.[bench]' for the pandas comparison")

    ref = results[0][1]
    print(f"\n{'import of ' + format(rows, ',') + ' rows':<40}{'seconds':>10}{'x sqlite3':>12}{'peak MB':>10}")
    for name, s, m in results:
        print(f"{name:<40}{s:>10.2f}{s / ref:>12.2f}{m:>10.0f}")

    from flatspace_desktop.domain.access import local_admin
    from flatspace_desktop.domain.records import View
    from flatspace_desktop.services.app import Flatspace

    fs = Flatspace(home)
    admin = local_admin()
    counts = fs.open(admin, space_id).records.counts("orders")
    print(f"\nsheet: {counts['total']:,} records, {counts['valid']:,} valid, {counts['error']:,} with errors")
    page_ref = timed(lambda: fs.open(admin, space_id).records.list("orders", View(), limit=200, after=rows // 2))
    first_sort = time.perf_counter()
    fs.open(admin, space_id).records.list("orders", View(sort="customer"), limit=200, offset=rows // 2)
    first_sort = time.perf_counter() - first_sort
    queries = [
        ("page of 200 by key (reference)", page_ref),
        ("counts (total, valid, error, per field)", timed(lambda: fs.open(admin, space_id).records.counts("orders"))),
        ("error filter, page of 200", timed(lambda: fs.open(admin, space_id).records.list("orders", View(filter="error"), limit=200))),
        ("sorted by text, middle offset: first time", first_sort),
        ("sorted by text, middle offset", timed(lambda: fs.open(admin, space_id).records.list(
            "orders", View(sort="customer"), limit=200, offset=rows // 2))),
        ("search (all fields)", timed(lambda: fs.open(admin, space_id).records.list("orders", View(search="Edsger Kenson"),
                                                         limit=200), repeat=3)),
    ]
    fs.close()
    print(f"\n{'query at ' + format(rows, ',') + ' records':<44}{'ms':>10}{'x key page':>12}")
    for name, s in queries:
        print(f"{name:<44}{s * 1000:>10.1f}{s / page_ref:>12.0f}")


if __name__ == "__main__":
    main()
