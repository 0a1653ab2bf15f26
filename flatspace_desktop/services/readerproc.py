"""Reading and casting a large file in a second process while this one writes to SQLite.

An import is two halves of similar weight: Python work (parse, cast, validate cells) and
SQLite work (insert, index). Threads cannot overlap them (each row's write takes the GIL
back), processes can. The reader sends ready-made batches through a pipe, which blocks
when full, so memory stays bounded whatever the file's size. Errors come back as messages;
if this process dies, the reader's next send fails and it exits.
"""

from __future__ import annotations

import marshal
import multiprocessing
import pickle
import traceback
from pathlib import Path
from typing import Any, Callable, Iterator

from ..readers import REGISTRY, Reader, open_source, reader_for_file, register
from ..domain import errors
from ..storage.batches import make_batches, pick_columns
from .planning import plan_columns

# Below this size the process start (~0.2 s) costs more than the overlap saves.
PARALLEL_MIN_BYTES = 8 * 1024 * 1024


def worth_a_process(path, name: str | None = None) -> bool:
    """Spreadsheets have a reading process of their own already (sheetproc), which the header
    read starts; a second one would load the workbook twice (measured 1.3x slower)."""
    return not reader_for_file(name or path).own_process and Path(path).stat().st_size >= PARALLEL_MIN_BYTES


def _reader(conn, reader: Reader, path: str, options: dict, cols: list[int], value_maps: list, fields: list,
            missing: list, first_rid: int, author: str | None, planning: dict) -> None:
    try:
        if reader.name not in REGISTRY:  # registered while running, not on import: a new process lacks it
            register(reader)
        try:
            plan = plan_columns(path, options, cols, value_maps=value_maps, fields=fields, **planning)
        except errors.InvalidInput as exc:  # its setting and field go to the window's question
            conn.send_bytes(marshal.dumps(("refused", pickle.dumps(exc))))
            return
        conn.send_bytes(marshal.dumps(("plan", pickle.dumps(plan))))
        src = open_source(path, **options)
        rows = pick_columns(src.rows, cols, len(src.headers), value_maps)
        read = plan.reader()
        for batch, msgs in make_batches(fields, missing, rows, first_rid, author=author, read=read):
            # marshal: cast values are plain str/int/float/None, and it is twice pickle's speed
            conn.send_bytes(marshal.dumps((batch, msgs)))
        conn.send_bytes(marshal.dumps(("done", dict(src.notes))))
    except errors.FlatspaceError as exc:
        conn.send_bytes(marshal.dumps(("error", type(exc).__name__, str(exc))))
    except (BrokenPipeError, EOFError):
        pass  # the importing process has gone: nothing to report to
    except BaseException:
        conn.send_bytes(marshal.dumps(("crash", traceback.format_exc())))
    finally:
        conn.close()


def batches_from_reader(path: str | Path, options: dict, cols: list[int], value_maps: list, fields: list,
                        missing: list, first_rid: int, notes: dict[str, Any],
                        author: str | None, planning: dict,
                        planned: Callable[[Any], None]) -> Iterator[tuple[list, list]]:
    """The batches of records read from `path`, by the plan made where the file is read
    (`planning`: plan_columns' width, labels, missing, locale and columns), which `planned` is
    given before the first batch."""
    reader = reader_for_file(options.get("name") or path)
    if reader.own_process or not _sendable(reader):
        plan = plan_columns(path, options, cols, value_maps=value_maps, fields=fields, **planning)
        planned(plan)
        # Read in a child already, and a (daemonic) reader may not start one: cast here. (Or a
        # reader registered while running whose open() a new process cannot import.)
        src = open_source(path, **options)
        rows = pick_columns(src.rows, cols, len(src.headers), value_maps)
        yield from make_batches(fields, missing, rows, first_rid, author=author,
                                read=plan.reader() if plan is not None else None)
        notes.update(src.notes)
        return
    ctx = multiprocessing.get_context("spawn")  # no fork: the window's threads must not be copied
    recv_end, send_end = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_reader, name="flatspace-reader", daemon=True,
                       args=(send_end, reader, str(path), options, cols, value_maps, fields, missing, first_rid,
                             author, planning))
    proc.start()
    send_end.close()
    try:
        while True:
            try:
                data = recv_end.recv_bytes()
            except EOFError:
                raise errors.ExtractError(f"reading {Path(path).name} stopped unexpectedly") from None
            item = marshal.loads(data)
            kind = item[0]
            if isinstance(kind, list):  # a batch: (records, messages)
                yield item
            elif kind == "plan":
                planned(pickle.loads(item[1]))
            elif kind == "refused":
                raise pickle.loads(item[1])
            elif kind == "done":
                notes.update(item[1])
                return
            elif kind == "error":
                raise getattr(errors, item[1], errors.FlatspaceError)(item[2])
            else:
                raise RuntimeError("the reader process failed:\n" + item[1])
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join()
        recv_end.close()


def _sendable(reader: Reader) -> bool:
    try:
        pickle.dumps(reader)
    except Exception:  # a lambda, a function defined in a function: pickle raises several kinds
        return False
    return True
