"""Named points of an ingest or a delete where a test may kill the process or hold it:
``KB_TEST_KILL_AT=point:n`` sends the process SIGKILL the n-th time it reaches ``point``. Unset (always,
outside tests) it does nothing. With it, a crash test lands on every stage by what the ingest has done,
never by how long the machine took."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from pathlib import Path

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


def pause_point(name: str) -> None:
    """Wait here if a test asked to: ``KB_TEST_PAUSE_AT=name[,name…]`` and ``KB_TEST_PAUSE_DIR=DIR``.
    On reaching ``name`` the process writes ``DIR/name.reached`` (its pid) and waits until the test creates
    ``DIR/name.go`` (taken away again, so the next arrival waits too), or ``DIR/name.open`` (every arrival
    from then on passes). A test can so hold a job provably mid-flight, whatever the machine's speed.
    Unset (always, outside tests) it does nothing."""
    wanted = os.environ.get("KB_TEST_PAUSE_AT")
    if not wanted or name not in wanted.split(","):
        return
    folder = Path(os.environ["KB_TEST_PAUSE_DIR"])
    go, open_ = folder / f"{name}.go", folder / f"{name}.open"
    if open_.exists():
        return
    (folder / f"{name}.reached").write_text(str(os.getpid()))
    while not go.exists() and not open_.exists():
        time.sleep(0.02)
    go.unlink(missing_ok=True)
    (folder / f"{name}.reached").unlink(missing_ok=True)
