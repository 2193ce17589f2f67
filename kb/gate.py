"""At most a few threads of a server compute searches and answers at once; the others wait off the GIL.

Searching and answering are mostly Python (tokenising, scoring, building records) and the embedded
store's calls hold the GIL too. With every request thread of ``kb serve`` computing at once, the event
loop, which answers ``/healthz`` and reads requests, waits for the GIL behind all of them, a switch
interval (5 ms) each: hundreds of milliseconds under load, for no more throughput (one thread runs
Python at a time). A thread waiting here waits on a lock, in the kernel, not for the GIL, so the loop
competes with ``KB_QUERY_THREADS`` (2) threads at most. Re-entrant: an answer that searches takes one slot.
``kb serve`` also shortens the switch interval to ``SWITCH_INTERVAL_S``: a thread that waits for the GIL
asks the one holding it to let go after that long (CPython's default is 5 ms).

Measured with ``python -m eval.health`` (README, Reliability): the GIL was held ~87% of the time by the
request threads' searching and answering, ~10% by the event loop.
"""

from __future__ import annotations

import threading

SWITCH_INTERVAL_S = 0.001


class Gate:
    def __init__(self, slots: int) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self._depth = threading.local()

    def __enter__(self) -> None:
        depth = getattr(self._depth, "n", 0)
        if depth == 0:
            self._slots.acquire()
        self._depth.n = depth + 1

    def __exit__(self, *_: object) -> None:
        self._depth.n -= 1
        if self._depth.n == 0:
            self._slots.release()

