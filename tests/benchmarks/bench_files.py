"""File import benchmark: `python tests/benchmarks/bench_files.py [--xlsx-rows N] [--csv-rows N]`.

Times the full import path (`flatspace import`: read, map, cast, validate, store) against
reading the same file alone with the reader library (python-calamine for XLSX, Python's csv
module for CSV), each as its own process, with each process's peak memory.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from bench_import import CITIES, NAMES, STATUS, generate, make_space, run_measured  # noqa: E402

READ_XLSX = """
import sys
from python_calamine import CalamineWorkbook
n = sum(1 for _ in CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).iter_rows())
print(n)
"""
READ_CSV = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    n = sum(1 for _ in csv.reader(fh))
print(n)
"""


def make_xlsx(path: Path, rows: int) -> None:
    import xlsxwriter

    rnd = random.Random(11)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Orders")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, ["order_id", "customer", "email", "city", "quantity", "price", "ordered_on", "paid",
                        "status", "note"])
    from datetime import datetime

    for i in range(1, rows + 1):
        ws.write_string(i, 0, f"O{i:08d}")
        ws.write_string(i, 1, f"{rnd.choice(NAMES)} {rnd.choice(NAMES)}son")
        ws.write_string(i, 2, f"u{i}@example.com")
        ws.write_string(i, 3, rnd.choice(CITIES))
        ws.write_number(i, 4, rnd.randint(1, 50))
        ws.write_number(i, 5, round(rnd.uniform(1, 999), 2))
        ws.write_datetime(i, 6, datetime(2024, rnd.randint(1, 12), rnd.randint(1, 28)), date_fmt)
        ws.write_boolean(i, 7, rnd.random() > 0.5)
        ws.write_string(i, 8, rnd.choice(STATUS) if rnd.random() > 0.005 else "lost")
        ws.write_string(i, 9, f"ref {i}")
    wb.close()


def flatspace_import(work: Path, name: str, path: Path) -> tuple[float, float]:
    cmd, space_id = make_space(work, work / f"home-{name}", name)
    return run_measured(cmd + ["import", space_id, str(path), "--sheet", "orders"], cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="flatspace-files-"))
    try:
        t = time.perf_counter()
        make_xlsx(work / "orders.xlsx", args.xlsx_rows)
        generate(work / "orders.csv", args.csv_rows)
        print(f"generated the files in {time.perf_counter() - t:.1f} s")
        rows = []
        s, m = run_measured([sys.executable, "-c", READ_XLSX, str(work / "orders.xlsx")])
        rows.append((f"XLSX {args.xlsx_rows:,} rows: python-calamine read alone", s, m, s))
        s2, m2 = flatspace_import(work, "xlsx", work / "orders.xlsx")
        rows.append((f"XLSX {args.xlsx_rows:,} rows: flatspace import", s2, m2, s))
        s, m = run_measured([sys.executable, "-c", READ_CSV, str(work / "orders.csv")])
        rows.append((f"CSV {args.csv_rows:,} rows: csv module read alone", s, m, s))
        s2, m2 = flatspace_import(work, "csv", work / "orders.csv")
        rows.append((f"CSV {args.csv_rows:,} rows: flatspace import", s2, m2, s))
        print(f"\n{'':<52}{'seconds':>9}{'x read':>9}{'peak MB':>9}")
        for name, secs, mb, ref in rows:
            print(f"{name:<52}{secs:>9.2f}{secs / ref:>9.2f}{mb:>9.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
