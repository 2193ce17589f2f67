"""Named points of an ingest where a crash test may kill it: ``KB_TEST_KILL_AT=point:n`` sends the process
SIGKILL the n-th time it reaches ``point``. Unset (always, outside tests) it does nothing. With it, a crash
test lands on every stage by what the ingest has done, never by how long the machine took."""

from __future__ import annotations

import os
import signal
from collections import Counter

# in the order an ingest reaches them for one file
POINTS = ("parsed", "embedded", "stored", "facts_written", "accents_written", "recorded")
_reached: Counter[str] = Counter()


def crash_point(name: str) -> None:
    """Die here if a test asked to (see the module's docstring)."""
    wanted = os.environ.get("KB_TEST_KILL_AT")
    if not wanted:
        return
    _reached[name] += 1
    point, _, nth = wanted.partition(":")
    if point == name and _reached[name] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
