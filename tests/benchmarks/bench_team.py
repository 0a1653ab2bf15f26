"""Team Space benchmark: `python tests/benchmarks/bench_team.py --server postgresql://… [--rows N]`
(default: $FLATSPACE_TEST_SERVER; N 1,000,000).

In one run, on one PostgreSQL server:
  - `flatspace import` of an N-row, 10-column CSV (bench_import's) into a Team Space (cast,
    validate, store), against `psql \\copy` of the same file into a plain table of text
    columns (no casting, no rules): the server's own floor; and the same import into a
    local Space, for scale.
  - two desktops editing one sheet: two processes, each a Flatspace of its own, setting
    cells one edit at a time for a few seconds (edits per second, each and together, against
    one desktop alone), while a third, as a window does, listens for the server's notices
    and reads the changed record: the time from an edit's commit until the other desktop
    has read it (median and 95th percentile).
Figures are ratios against the references of the same run: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_import import generate, make_space, run_measured  # noqa: E402

EDITS_FOR = 5.0  # seconds each desktop edits

EDITOR = """
import json, sys, time
from flatspace_desktop.services.app import Flatspace
from flatspace_desktop.domain.access import local_admin
root, space, sheet, rids, until = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4]), float(sys.argv[5])
fs, a = Flatspace(root), local_admin()
n = 0
while time.time() < until:
    rid = rids[n % len(rids)]
    asked = time.time()
    fs.open(a, space).records.update(sheet, {rid: {"note": f"edit {n}"}})
    print(json.dumps([asked, time.time(), f"edit {n}"]), flush=True)
    n += 1
fs.close()
"""


def psql_copy(url: str, csv_path: Path) -> float:
    psql = shutil.which("psql") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))), None)
    if psql is None:
        raise SystemExit("psql is not installed (it comes with PostgreSQL's client package)")
    header = csv_path.open(encoding="utf-8").readline().strip().split(",")
    cols = ", ".join(f'"{c}" text' for c in header)
    setup = f"DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy ({cols});"
    subprocess.run([str(psql), url, "-q", "-c", "SET client_min_messages = warning; " + setup], check=True)
    seconds, _mb = run_measured([str(psql), url, "-q", "-c", f"\\copy bench_copy FROM '{csv_path}' CSV HEADER"])
    subprocess.run([str(psql), url, "-q", "-c", "DROP TABLE bench_copy"], check=True)
    return seconds


def bench_import(work: Path, url: str, rows: int) -> None:
    csv_path = work / "orders.csv"
    generate(csv_path, rows)
    print(f"generated {rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB)")
    ref = psql_copy(url, csv_path)
    print(f"  psql \\copy (text columns, no rules)     {ref:7.2f} s   1.00x")
    env = {**os.environ, "FLATSPACE_SERVER": url}
    for label, home, environ in (("flatspace import, Team Space", work / "team", env),
                                 ("flatspace import, local Space", work / "local", {**os.environ, "FLATSPACE_SERVER": ""})):
        os.environ.update(environ)
        cmd, space = make_space(work, home, "Bench")
        seconds, mb = run_measured(cmd + ["import", space, str(csv_path), "--sheet", "orders"], cwd=ROOT, env=environ)
        print(f"  {label:<40} {seconds:7.2f} s  {seconds / ref:5.2f}x  ({mb:.0f} MB peak)")


def bench_edits(work: Path, url: str) -> None:
    from flatspace_desktop.domain.access import local_admin
    from flatspace_desktop.services.app import Flatspace

    a = local_admin()
    home = work / "edits"
    fs = Flatspace(home, default_server=url)
    space = fs.create_space(a, "Edits", blueprint={"name": "E", "sheets": [{"name": "Orders", "slug": "orders",
                                                   "fields": [{"key": "note", "type": "string"}]}]})["id"]
    rids = fs.open(a, space).records.add("orders", [{"note": f"r{i}"} for i in range(200)])
    watcher = Flatspace(work / "watcher")
    watcher.join_space(a, url, space)
    seen: dict[str, float] = {}
    noticed = threading.Event()
    watch = watcher.watch(space, noticed.set)
    while not watch.listening.is_set():
        time.sleep(0.05)
    stop = threading.Event()

    def observe() -> None:  # as a window does: on the notice, read what changed
        last = watcher.last_activity(space)
        while not stop.is_set():
            if not noticed.wait(0.2):
                continue
            noticed.clear()
            changes, last = watcher.changes_since(space, last)
            now = time.time()
            for rec in watcher.open(a, space).records.by_id("orders", rids):
                seen.setdefault(rec.values.get("note"), now)
    reader = threading.Thread(target=observe, daemon=True)
    reader.start()

    def run(desktops: int) -> tuple[list[int], list[float]]:
        until = time.time() + EDITS_FOR
        procs = [subprocess.Popen([sys.executable, "-c", EDITOR, str(home), space, "orders",
                                   json.dumps(rids[i::desktops]), str(until)], stdout=subprocess.PIPE, text=True,
                                  cwd=ROOT) for i in range(desktops)]
        outs = [p.communicate()[0] for p in procs]
        time.sleep(1.5)  # the last notices
        counts, lags = [], []
        for out in outs:
            lines = [json.loads(x) for x in out.splitlines() if x.strip()]
            counts.append(len(lines))
            lags += [(seen[v] - asked, seen[v] - done) for asked, done, v in lines if v in seen]
        return counts, lags

    alone, _ = run(1)
    seen.clear()
    both, lags = run(2)
    stop.set()
    reader.join()
    watch.stop()
    one = alone[0] / EDITS_FOR
    total = sum(both) / EDITS_FOR
    print(f"  one desktop alone                       {one:7.1f} edits/s  1.00x")
    print(f"  two desktops at once, together          {total:7.1f} edits/s  {total / one:5.2f}x "
          f"(each {both[0] / EDITS_FOR:.1f} and {both[1] / EDITS_FOR:.1f})")
    if lags:
        for n, what in ((0, "the edit was asked for"), (1, "the editing desktop had its answer")):
            got = sorted(lag[n] for lag in lags)
            p95 = got[min(len(got) - 1, int(len(got) * 0.95))]
            print(f"  the other desktop had read it, from when {what}: median {statistics.median(got) * 1000:.0f} ms,"
                  f" 95th percentile {p95 * 1000:.0f} ms")
        print(f"  ({len(lags)} of {sum(both)} edits read; the rest were overwritten before a read)")
    watcher.close()
    fs.delete_space(a, space)
    fs.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default=os.environ.get("FLATSPACE_TEST_SERVER"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()
    if not args.server:
        raise SystemExit("give a PostgreSQL server: --server postgresql://user@host/database")
    work = Path(tempfile.mkdtemp(prefix="flatspace-bench-team-"))
    try:
        if not args.skip_import:
            print("Import:")
            bench_import(work, args.server, args.rows)
        print("Two desktops editing one sheet:")
        bench_edits(work, args.server)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
