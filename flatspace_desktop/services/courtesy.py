"""Long pure-Python work in a background thread, polite to the window's thread.

A thread that only runs Python (reading and judging a file's rows) starves the window's
thread of the GIL: every call Qt makes into Python (a timer, a paint, a key) waits for the
interpreter's forced switch, and a repaint made of many such calls waits for many of them
(measured: the window stalled 290 ms while an import surveyed its file). A short sleep now
and then hands the GIL over for certain.
"""

from __future__ import annotations

import threading
import time
from itertools import islice
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")
EVERY = 256  # rows between pauses: ~1 ms of work
PAUSE = 0.0002  # seconds: enough for a waiting thread to take the GIL


def polite(items: Iterable[T], every: int = EVERY, pause: float = PAUSE) -> Iterable[T]:
    """`items` as given; off the main thread, with a short pause every `every` of them."""
    if threading.current_thread() is threading.main_thread():
        return items
    return _paced(iter(items), every, pause)


def _paced(it: Iterator[T], every: int, pause: float) -> Iterator[T]:
    try:
        while True:
            chunk = list(islice(it, every))
            if not chunk:
                return
            yield from chunk
            time.sleep(pause)
    finally:
        close = getattr(it, "close", None)
        if close:
            close()
