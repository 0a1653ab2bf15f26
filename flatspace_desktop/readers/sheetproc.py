"""Reading a spreadsheet in a child process with a memory limit.

python-calamine is native code: a file that makes it ask for more memory than there is ends
the process it runs in (an abort, not an exception). So it runs in a child; a child that dies
is reported as a refused file, with the limit the file passes when sheetcheck finds one.
Where the system enforces the limit (Linux) the child starts at once and checks the sheet
python-calamine built; elsewhere sheetcheck measures the file first. Rows come back in
batches through a pipe, which blocks when full, so this process holds a batch at most.

The child also puts right what python-calamine reads wrong: error cells (#DIV/0!, #N/A) come
out empty, and a date before 1900 (a serial number below 1) comes out as a time of day.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import multiprocessing
import os
import pickle
import re
import signal
import sys
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterator

from ..domain.errors import ExtractError
from . import sheetcheck

BATCH = 500  # rows per message
# Where the system enforces the child's memory limit, it is the wall, and the sheet is measured
# on what python-calamine built (exact, and free); elsewhere it is measured before (sheetcheck).
MEMORY_WALL = sys.platform.startswith("linux")
MAX_MEMORY = 4 << 30  # the child's address space; python-calamine needs ~64 bytes per cell at the cell limit


def child_memory() -> int:
    """The child's memory limit: 4 GB, or 3/4 of the machine's memory when it has less."""
    try:
        physical = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):  # not everywhere (Windows)
        return MAX_MEMORY
    return max(min(MAX_MEMORY, physical * 3 // 4), 1 << 30)


def _start_method() -> str:
    """fork where it is safe, a process with one thread (the command line): it starts the child
    in milliseconds where spawn takes a Python start (0.1-0.3 s, a third of a 10,000-row
    import). The window has Qt's threads, which must not be copied: spawn."""
    if sys.platform != "linux":
        return "spawn"  # macOS's system libraries are not safe to fork even with one thread
    try:
        return "fork" if len(os.listdir("/proc/self/task")) == 1 else "spawn"
    except OSError:
        return "spawn"


class Workbook:
    """A sheet being read in the child: its names, then its rows (close() stops the child)."""

    def __init__(self, path: Path, shown: Path, sheet: str | None, memory: int | None = None):
        self.shown = shown
        self.note: Callable[[str, int], None] = lambda what, n: None
        # With no memory limit the measure is the wall, so it comes first: a child reading a far
        # corner meanwhile would fill the machine's memory before being stopped.
        plan = None if MEMORY_WALL else sheetcheck.check(path, shown, sheet)
        ctx = multiprocessing.get_context(_start_method())
        self.conn, child_end = ctx.Pipe()
        self.proc = ctx.Process(target=_child, name="flatspace-sheet-reader", daemon=True,
                                args=(child_end, str(path), shown.name, sheet, memory or child_memory(),
                                      sheetcheck.MAX_CELLS))
        self.proc.start()
        child_end.close()
        try:
            if MEMORY_WALL:
                try:  # meanwhile the child starts and reads
                    plan = sheetcheck.check(path, shown, sheet, alive=self.proc.is_alive, measure=False)
                except sheetcheck.Stopped:
                    plan = None
            try:
                self.names, self.name = self._receive()
            except ExtractError:
                if MEMORY_WALL:  # the limit it passed, if it passed one, says more than its end
                    sheetcheck.check(path, shown, sheet)
                raise
            self.conn.send_bytes(pickle.dumps(plan if plan and plan.sheet == self.name else None))
        except BaseException:
            self.close()
            raise

    def _receive(self) -> Any:
        try:
            kind, value = pickle.loads(self.conn.recv_bytes())
        except (EOFError, OSError):
            raise ExtractError(f"{self.shown.name}: could not be read: {self._death()}") from None
        if kind == "error":
            raise ExtractError(value)
        return value

    def _death(self) -> str:
        self.proc.join(5)
        code = self.proc.exitcode
        # Native code out of memory aborts (SIGABRT); the system's last resort kills (SIGKILL).
        if code is not None and -code in (signal.SIGABRT, getattr(signal, "SIGKILL", 9)):
            return "the reader ran out of memory"
        return f"the reader crashed (exit code {code})"

    def rows(self) -> Iterator[list[Any]]:
        try:
            while True:
                batch = self._receive()
                if batch is None:
                    return
                if isinstance(batch, dict):
                    for what, n in batch.items():
                        self.note(what, n)
                    continue
                yield from batch
        finally:
            self.close()

    def close(self) -> None:
        """Stop the reader; again is harmless (a failed import closes it, then so does the rows
        generator when it is collected, which must not print an ignored error)."""
        if getattr(self, "_closed", False):
            return
        self._closed = True
        try:
            if self.proc.is_alive():
                self.proc.terminate()
                self.proc.join(5)
                if self.proc.is_alive():
                    self.proc.kill()
            self.proc.join()
        finally:
            try:
                self.conn.close()
            except OSError:
                pass


# ---- in the child
def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no such limit; the checks before reading are the wall
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft != resource.RLIM_INFINITY:
            limit = min(limit, soft)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError, AttributeError):  # macOS refuses some values: read unlimited
        pass


def _child(conn, path: str, name: str, sheet: str | None, memory: int, max_cells: int) -> None:
    sheetcheck.MAX_CELLS = max_cells  # as in the reading process (spawn starts afresh)
    _limit_memory(memory)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)  # native code's own words ("memory allocation failed") must not reach the user
    faulthandler.disable()  # nor a forked parent's dump of its stack, written to a copy of stderr
    try:
        _read(conn, path, name, sheet)
    except (BrokenPipeError, EOFError, ConnectionResetError):
        pass  # the reading process has gone or stopped reading
    except ExtractError as exc:
        _send(conn, "error", str(exc))
    except MemoryError:
        _send(conn, "error", f"{name}: could not be read: the reader ran out of memory")
    except BaseException as exc:  # python-calamine raises many kinds, panics included
        _send(conn, "error", f"{name}: not a readable spreadsheet ({type(exc).__name__}: {exc})")
    finally:
        conn.close()


def _send(conn, kind: str, value: Any) -> None:
    try:
        conn.send_bytes(pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL))
    except (BrokenPipeError, EOFError, ConnectionResetError, OSError):
        pass


def _read(conn, path: str, name: str, sheet: str | None) -> None:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(path)
    names = list(wb.sheet_names)
    if not names:
        raise ExtractError(f"{name}: the workbook has no sheets")
    chosen = sheet if sheet is not None else names[0]
    if chosen not in names:
        raise ExtractError(f'{name}: no sheet named "{chosen}" (sheets: {", ".join(names)})')
    data = wb.get_sheet_by_name(chosen)
    if data.end:  # its rows are read from row 1 whatever the first: a far corner costs them all
        sheetcheck.refuse_area(Path(name), chosen, data.end[0] + 1, data.end[1] - data.start[1] + 1)
    conn.send_bytes(pickle.dumps(("ok", (names, chosen))))
    plan = pickle.loads(conn.recv_bytes())
    fixes: dict[int, dict[int, Any]] = {}
    if plan is not None and plan.part and (plan.errors or plan.small_numbers):
        fixes, notes = _fixes(path, plan)
        if notes:
            _send(conn, "ok", notes)
    first_col = data.start[1] if data.start else 0
    batch = []
    for i, row in enumerate(data.iter_rows()):
        if fixes and i in fixes:
            for col, value in fixes[i].items():
                if 0 <= col - first_col < len(row):
                    row[col - first_col] = value
        batch.append(row)
        if len(batch) >= BATCH:
            _send_rows(conn, batch)
            batch = []
    if batch:
        _send_rows(conn, batch)
    conn.send_bytes(pickle.dumps(("ok", None)))


def _send_rows(conn, batch: list) -> None:
    conn.send_bytes(pickle.dumps(("ok", batch), protocol=pickle.HIGHEST_PROTOCOL))


def _fixes(path: str, plan) -> tuple[dict[int, dict[int, Any]], dict[str, int]]:
    """{row: {column: value}} (0-based, as python-calamine counts) of cells it reads wrong."""
    fixes: dict[int, dict[int, Any]] = {}
    notes: dict[str, int] = {}
    p = re.escape(plan.prefix)
    formula = rb"(?:<" + p + rb"f\b[^>]*/>|<" + p + rb"f\b[^>]*>[^<]*</" + p + rb"f>)?"
    patterns = []
    with zipfile.ZipFile(path) as zf, open(path, "rb") as fh:
        if plan.errors:
            patterns.append(("error", re.compile(rb"<" + p + rb'c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*? t="e"[^>]*>'
                                                 + formula + rb"<" + p + rb"v>([^<]*)<")))
        styles = _date_styles(zf, plan.styles) if plan.styles else set()
        if plan.small_numbers and styles:
            numbered = b"|".join(str(s).encode() for s in sorted(styles))
            below_one = rb"(-[^<]*|0[^<]*|\.[^<]*|[0-9.]+[eE]-[^<]*)"  # python-calamine reads the rest right
            patterns.append(("date", re.compile(rb"<" + p + rb'c r="([A-Z]{1,3}[0-9]{1,7})" s="(?:' + numbered
                                                + rb')"(?: t="n")?>' + formula + rb"<" + p + rb"v>" + below_one + b"<")))
        if not patterns:
            return fixes, notes
        epoch = dt.datetime(1904, 1, 1) if plan.date1904 else dt.datetime(1899, 12, 31)
        info = zf.getinfo(plan.part)
        for buf in sheetcheck.whole_tags(sheetcheck.inflate(fh, info, Path(plan.part))):
            for kind, pattern in patterns:
                for ref, value in pattern.findall(buf):
                    fixed = _fixed(kind, value, epoch)
                    if fixed is None:
                        continue
                    letters = ref.rstrip(b"0123456789")
                    row, col = int(ref[len(letters):]) - 1, sheetcheck.column_number(letters) - 1
                    fixes.setdefault(row, {})[col] = fixed
                    what = ("spreadsheet error cells read as their text (#DIV/0!, #N/A…)" if kind == "error"
                            else "dates before 1900 read from their serial number")
                    notes[what] = notes.get(what, 0) + 1
    return fixes, notes


def _fixed(kind: str, value: bytes, epoch: dt.datetime) -> Any:
    text = value.decode("utf-8", "replace")
    if kind == "error":
        return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") or None
    try:
        serial = float(text)
    except ValueError:
        return None
    if serial >= 1:  # python-calamine reads these right
        return None
    try:
        moment = epoch + dt.timedelta(days=serial)
    except OverflowError:
        return None
    return moment.date() if serial == int(serial) else moment


def _date_styles(zf: zipfile.ZipFile, part: str) -> set[int]:
    """The cell styles (indices into cellXfs) whose number format shows a date."""
    try:
        info = zf.getinfo(part)
        if info.file_size > sheetcheck.MAX_META_PART:
            return set()
        xml = zf.read(info)
    except (KeyError, zipfile.BadZipFile, OSError):
        return set()
    codes = {int(i): c for i, c in re.findall(rb'<(?:\w+:)?numFmt\b[^>]*?numFmtId="([0-9]+)"[^>]*?formatCode="([^"]*)"',
                                               xml)}
    xfs = re.search(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", xml, re.DOTALL)
    found = set()
    for i, fmt in enumerate(re.findall(rb"<(?:\w+:)?xf\b([^>]*)", xfs.group() if xfs else b"")):
        m = re.search(rb'numFmtId="([0-9]+)"', fmt)
        number = int(m.group(1)) if m else 0
        if 14 <= number <= 17 or number == 22 or (number in codes and _shows_date(codes[number])):
            found.add(i)
    return found


def _shows_date(code: bytes) -> bool:
    """Whether a number format shows a day, month or year (not only a time of day)."""
    code = code.replace(b"&quot;", b'"').replace(b"&amp;", b"&")
    text = re.sub(rb'"[^"]*"|\\.|\[[^\]]*\]', b"", code.split(b";")[0]).lower()
    return b"y" in text or b"d" in text or (b"m" in text and b"h" not in text and b"s" not in text)
