"""History benchmark: `python tests/benchmarks/bench_history.py [--rows N]`.

On an N-record sheet (imported by the `flatspace` command): the time and added disk space of a
snapshot; after editing 1% of the records, the history's added size against the size of the
changed rows, and the time to restore the sheet; and a full restore after every record was
deleted and replaced by an import. The reference is a page read by key in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bench_import import generate, make_space  # noqa: E402


def db_bytes(path: Path) -> int:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n = con.execute("PRAGMA page_count").fetchone()[0] * con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    return n


def table_bytes(path: Path, *names: str) -> int:
    """Bytes of pages of exactly these tables/indexes (dbstat)."""
    con = sqlite3.connect(path)
    try:
        marks = ",".join("?" * len(names))
        rows = con.execute(f"SELECT SUM(pgsize) FROM dbstat WHERE name IN ({marks})", names).fetchone()
        return rows[0] or 0
    except sqlite3.OperationalError:  # no dbstat in this SQLite build
        return -1
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="flatspace-history-"))
    try:
        run(work, args.rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, rows: int) -> None:
    from flatspace_desktop.domain.access import local_admin
    from flatspace_desktop.domain.records import View
    from flatspace_desktop.services.app import Flatspace

    csv_a, csv_b = work / "a.csv", work / "b.csv"
    generate(csv_a, rows)
    home = work / "home"
    cmd, sid = make_space(work, home, "History")
    subprocess.run(cmd + ["import", sid, str(csv_a), "--sheet", "orders"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    fs, admin = Flatspace(home), local_admin()
    db = home / "spaces" / sid / "space.sqlite"
    t = time.perf_counter()
    fs.open(admin, sid).records.list("orders", View(), limit=200, after=rows // 2)
    ref = time.perf_counter() - t
    size0 = db_bytes(db)
    t = time.perf_counter()
    snap = fs.open(admin, sid).history.take("bench")
    snap_s = time.perf_counter() - t
    snap_bytes = db_bytes(db) - size0
    step = 100
    edited = list(range(1, rows + 1, step))
    changes = {rid: {"customer": f"Edited {rid}"} for rid in edited}
    sheet_id = fs.space(sid).resolve_sheet("orders").id
    hist_names = (f"hist_{sheet_id}",)
    hist0 = table_bytes(db, *hist_names)
    t = time.perf_counter()
    fs.open(admin, sid).records.update("orders", changes)
    edit_s = time.perf_counter() - t
    hist_bytes = table_bytes(db, *hist_names) - hist0  # the history table (keyed by record, no other index)
    rec_bytes = table_bytes(db, f"rec_{sheet_id}")  # the records alone, without their indexes
    changed_rows_bytes = rec_bytes * len(edited) / rows if rec_bytes > 0 else -1
    t = time.perf_counter()
    fs.open(admin, sid).history.restore(snap["id"], sheet="orders")
    restore_s = time.perf_counter() - t
    generate(csv_b, rows)
    fs.open(admin, sid).history.take("before replacing")
    full = fs.open(admin, sid).history.list(summaries=False)[0]["id"]
    fs.open(admin, sid).records.delete("orders", list(fs.open(admin, sid).records.ids("orders")))
    fs.close()
    subprocess.run(cmd + ["import", sid, str(csv_b), "--sheet", "orders"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    fs = Flatspace(home)
    t = time.perf_counter()
    fs.open(admin, sid).history.restore(full)
    full_s = time.perf_counter() - t
    fs.close()
    print(f"\nhistory at {rows:,} records")
    print(f"{'page of 200 by key (reference)':<48}{ref * 1000:>10.1f} ms")
    print(f"{'take a snapshot':<48}{snap_s * 1000:>10.1f} ms  ({snap_s / ref:.0f}x ref), "
          f"{snap_bytes / 1024:.0f} KB added")
    print(f"{'edit 1% of records (' + format(len(edited), ',') + ')':<48}{edit_s:>10.2f} s")
    if hist_bytes >= 0 and changed_rows_bytes > 0:
        print(f"{'history added by the 1% edit':<48}{hist_bytes / 1e6:>10.2f} MB  "
              f"({hist_bytes / changed_rows_bytes:.2f}x the changed rows' {changed_rows_bytes / 1e6:.2f} MB)")
    print(f"{'restore the sheet (revert the 1% edit)':<48}{restore_s:>10.2f} s")
    print(f"{'full restore after replacing every record':<48}{full_s:>10.2f} s")


if __name__ == "__main__":
    main()
