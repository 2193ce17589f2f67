"""How ``kb ingest`` shows its progress: a tqdm bar on a terminal, plain lines elsewhere.

On a terminal the bar redraws in place. Into a pipe, a log file or ``docker logs`` a bar prints nothing
useful, so ``LineProgress`` writes a line at the start, after each file once ``every`` seconds have
passed since the last line (and while a long file is being embedded), and for each failure:

    ingest: 15 files to read
    ingest: 4/15 files, 412 passages, 0 failed, 62 s; now NQ_03-NQ-CP_2025-01-09.md
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO


class Progress(Protocol):
    def start_file(self, name: str) -> None: ...
    def passages(self, count: int) -> None: ...
    def end_file(self, error: str | None) -> None: ...
    def close(self) -> None: ...


class BarProgress:
    """tqdm's bar, one step per file, the passages of the current file as its postfix."""

    def __init__(self, total: int) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="file", desc="ingest", dynamic_ncols=True)

    def start_file(self, name: str) -> None:
        self.bar.set_description_str(f"ingest {name[:32]}")

    def passages(self, count: int) -> None:
        self.bar.set_postfix_str(f"+{count} passages", refresh=True)

    def end_file(self, error: str | None) -> None:
        self.bar.update(1)
        if error:
            self.bar.write(f"✗ {error}")

    def close(self) -> None:
        self.bar.close()


class LineProgress:
    """A line at most every ``every`` seconds (failures always), for output that is not a terminal."""

    def __init__(self, total: int, every: float = 15.0, stream: TextIO | None = None) -> None:
        self.total, self.every, self.stream = total, every, stream or sys.stderr
        self.done = self.failed = self.count = 0
        self.current = ""
        self.started = self.last = time.monotonic()
        self._write(f"ingest: {total} files to read")

    def start_file(self, name: str) -> None:
        self.current = name

    def passages(self, count: int) -> None:
        self.count += count
        self._maybe()

    def end_file(self, error: str | None) -> None:
        self.done += 1
        if error:
            self.failed += 1
            self._write(f"ingest: ✗ {error}")
        self._maybe()

    def close(self) -> None:
        self.current = ""
        self._write(self._line())

    def _maybe(self) -> None:
        if time.monotonic() - self.last >= self.every:
            self._write(self._line())

    def _line(self) -> str:
        line = (f"ingest: {self.done}/{self.total} files, {self.count} passages, {self.failed} failed, "
                f"{time.monotonic() - self.started:.0f} s")
        return line + (f"; now {self.current}" if self.current and self.done < self.total else "")

    def _write(self, line: str) -> None:
        self.last = time.monotonic()
        print(line, file=self.stream, flush=True)  # noqa: T201
