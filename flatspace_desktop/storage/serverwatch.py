"""Notices from the server when another desktop commits to a Team Space (LISTEN on the
Space's channel; storage.server's activity trigger sends them), so its windows catch up at
once instead of at their next look. A thread of its own, on a connection of its own; the
notice carries nothing to trust: the receiver reads the activity rows as it always does."""

from __future__ import annotations

import threading
from typing import Callable

import psycopg

RETRY = 2.0  # seconds before listening again after the server went away


class Watch:
    def __init__(self, url: str, channel: str, notice: Callable[[], None]):
        self._url, self._channel, self._notice = url, channel, notice
        self._stop = threading.Event()
        self.listening = threading.Event()  # set once LISTEN is in place (tests wait for it)
        self._thread = threading.Thread(target=self._run, name=f"watch {channel}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f'LISTEN "{self._channel}"')
                    self.listening.set()
                    while not self._stop.is_set():
                        if any(True for _n in conn.notifies(timeout=0.3, stop_after=1)):
                            self._notice()
            except psycopg.Error:
                self.listening.clear()
                self._stop.wait(RETRY)
            except Exception:  # the receiver's own failure must not end the watch
                self._stop.wait(RETRY)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
