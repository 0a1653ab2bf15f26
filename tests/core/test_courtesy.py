"""A background thread's long reading pauses now and then for the window's thread; every row
still comes through, in order, and the source is closed when the reading stops early."""

import threading

from flatspace_desktop.services.courtesy import polite


def test_on_the_main_thread_the_rows_are_the_rows():
    rows = [[1], [2]]
    assert polite(rows) is rows


def test_off_the_main_thread_every_row_comes_in_order_and_the_source_is_closed():
    closed, out = [], {}

    def source():
        try:
            yield from range(1000)
        finally:
            closed.append(True)

    def work():
        paced = polite(source(), every=7)
        out["first"] = [next(iter(paced)) for _ in range(1)]
        out["all"] = list(polite(range(1000), every=7))
        paced.close()  # a reading that stops early (an import refused half way)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert out["all"] == list(range(1000)) and out["first"] == [0] and closed == [True]
