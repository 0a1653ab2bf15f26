"""The data preparation tools at scale: `python tests/benchmarks/bench_prep.py [--rows N]`.

Imports N generated orders (bench_import's file) with the command line, then times, in this
process, what the Data menu and `flatspace profile|facet|cluster|transform|dedupe` run, each
beside a reference run in the same process on the same Space file:
  - profile and facet of a text column (few values) and a number column (many): the plain SQL
    GROUP BY of the column through sqlite3 (what any profile must at least read)
  - clusters of a column by fingerprint
  - a transform that changes every record (upper case of a column, with its snapshot, undo
    step, re-validation and recipe step): SQLite's own UPDATE ... SET col = upper(col) on a copy
  - the dedupe review by a key that is unique (email, loose) and by one with many duplicates
Issue 17 asks each tool to work at 1M without freezing the window (they run off its thread);
the figures are reported, no target is asserted.
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
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))
from bench_import import ROOT, generate, make_space  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="flatspace-prep-"))
    try:
        run(work, args.rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def run(work: Path, rows: int) -> None:
    from flatspace_desktop.domain.access import local_admin
    from flatspace_desktop.domain.prep.recipes import Step
    from flatspace_desktop.services.app import Flatspace

    csv_path = work / "orders.csv"
    generate(csv_path, rows)
    cmd, space_id = make_space(work, work / "home", "Prep")
    subprocess.run(cmd + ["import", space_id, str(csv_path), "--sheet", "orders"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    fs = Flatspace(work / "home")
    s = fs.open(local_admin(), space_id)
    store = s.store("orders")
    db_file = Path(s.info(counts=False)["folder"]) / "space.sqlite"
    raw = sqlite3.connect(db_file)

    def group_by(key: str):
        col = store.cols[key]
        return lambda: raw.execute(f'SELECT "{col}", COUNT(*) FROM {store.rec} GROUP BY 1').fetchall()

    results = []

    def row(what: str, seconds: float, ref: float | None, ref_name: str = "") -> None:
        results.append((what, seconds, ref, ref_name))

    for key in ("city", "price"):
        ref, _ = timed(group_by(key))
        took, prof = timed(lambda: s.prep.profile("orders", key))
        row(f"profile of {key} ({prof['distinct']:,} distinct)", took, ref, "SQL GROUP BY")
        took, _ = timed(lambda: s.prep.facet("orders", key))
        row(f"facet values of {key}", took, ref, "SQL GROUP BY")
    for key in ("city", "customer"):
        ref, _ = timed(group_by(key))
        took, found = timed(lambda: s.prep.clusters("orders", key))
        row(f"clusters of {key} by fingerprint ({len(found):,})", took, ref, "SQL GROUP BY")

    copy = work / "copy.sqlite"
    raw.close()
    shutil.copy(db_file, copy)
    con = sqlite3.connect(copy)
    col = store.cols["city"]
    ref, _ = timed(lambda: (con.execute(f'UPDATE {store.rec} SET "{col}" = upper("{col}")'), con.commit()))
    con.close()
    took, out = timed(lambda: s.prep.transform("orders", Step.create("change_case", {"case": "upper"}, ["city"])))
    row(f"transform: upper case of city ({out['records']:,} records)", took, ref, "SQL UPDATE upper()")
    took, _ = timed(lambda: s.prep.transform("orders", Step.create("trim", {}, ["note"]), preview=True))
    row("transform preview that finds nothing to change (trim note)", took, None)
    for keys, match in ((["email"], "loose"), (["customer"], "exact")):
        took, plan = timed(lambda: s.prep.dedupe("orders", keys, match, "first", preview=True))
        row(f"dedupe review by {keys[0]} ({plan['remove']:,} to remove)", took, None)

    print(f"\n{'at ' + format(rows, ',') + ' records':<62}{'seconds':>9}{'reference':>11}{'ratio':>8}")
    for what, seconds, ref, ref_name in results:
        ratio = f"{seconds / ref:>7.1f}x" if ref else ""
        refs = f"{ref:>10.2f}s" if ref is not None else ""
        print(f"{what:<62}{seconds:>9.2f}{refs:>11}{ratio:>8}" + (f"  ({ref_name})" if ref_name else ""))
    fs.close()


if __name__ == "__main__":
    main()
