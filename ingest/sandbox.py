"""Parse an untrusted file in a child process with time and memory limits: every step that reads its
content (``ingest.prepare.read``: loading, header, outline, passages, facts, BM25 terms), not the
loading alone.

A hostile or broken PDF (a decompression bomb, an endless page) must not hang or kill the server:
the child gets ``RLIMIT_AS`` (address space) and a wall-clock deadline; when it runs out of either,
it is killed, with any helper it started (Tesseract), and the caller gets a ``DocumentUnreadable``
naming the file. Children come from a fork server that has already imported and warmed the parse
steps (``ingest.parse_warm``), so a child starts in milliseconds and never inherits the server's
threads or open store. The memory limit is what a file may take beyond that warmed-up start.

``isolated`` runs one file in a child of its own (an upload). ``SandboxPool`` keeps a few children
and gives each file to the next free one (``kb ingest`` of a folder): the per-file limits are the
same, only the process start is not paid per file. A child that failed or timed out is replaced.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import resource
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from ingest.load import load_bytes
from ingest.parse import Parsed, parse
from ingest.textbuilder import Loaded
from kb.errors import DocumentUnreadable, KBError

_context = mp.get_context("forkserver")
_context.set_forkserver_preload(["ingest.parse_warm"])  # the parse steps, warmed up
RECYCLE_AFTER = 200  # files one pooled child reads before it is replaced (bounds what it may accumulate)


# MuPDF reports an allocation refused by RLIMIT_AS as an ordinary error: "calloc (4104 x 1 bytes) failed".
_NO_MEMORY = re.compile(r"\b(?:malloc|calloc|realloc)\b[^)]*\)? failed|out of memory", re.IGNORECASE)


def _out_of_memory(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MemoryError) or _NO_MEMORY.search(str(seen)):
            return True
        seen = seen.__cause__
    return False


def _memory_error(name: str, memory_mb: int) -> DocumentUnreadable:
    return DocumentUnreadable(f"{name}: parsing needs more memory than allowed ({memory_mb} MB) and was stopped",
                              vi=f"{name}: cần nhiều bộ nhớ hơn mức cho phép ({memory_mb} MB) nên đã dừng đọc tệp.")


def _limit(memory_bytes: int) -> None:
    """Its own process group (a timeout kills the helpers it started too) and at most ``memory_bytes``
    of address space beyond what the warmed-up child already maps."""
    os.setpgid(0, 0)
    resource.setrlimit(resource.RLIMIT_AS, (_mapped() + memory_bytes,) * 2)


def _mapped() -> int:
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmSize:"))
    return int(line.split()[1]) * 1024


def _answer(conn: Any, work: Callable[..., Any], args: tuple, name: str, memory_bytes: int) -> None:
    try:
        conn.send(("ok", work(*args)))
    except Exception as exc:  # report, never crash silently
        if _out_of_memory(exc):
            conn.send(("error", _memory_error(name, memory_bytes >> 20)))
        elif isinstance(exc, KBError):
            conn.send(("error", exc))
        else:
            conn.send(("error", DocumentUnreadable(f"{name}: cannot be parsed ({type(exc).__name__}: {exc})",
                                                    vi=f"{name}: không phân tích được nội dung tệp.")))


def _child(conn: Any, work: Callable[..., Any], args: tuple, name: str, memory_bytes: int) -> None:
    _limit(memory_bytes)
    try:
        _answer(conn, work, args, name, memory_bytes)
    finally:
        conn.close()


def _serve(conn: Any, memory_bytes: int) -> None:
    """A pooled child: one file after another, until the pool closes the pipe."""
    _limit(memory_bytes)
    while True:
        try:
            work, args, name = conn.recv()
        except EOFError:
            return
        except MemoryError:  # the file itself is over the limit: the pool names it (the pipe's end)
            os._exit(1)
        _answer(conn, work, args, name, memory_bytes)


def _kill_group(pid: int | None) -> None:
    try:
        if pid:
            os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # already gone


def load_isolated(data: bytes, name: str, timeout_s: float = 60.0, memory_mb: int = 1024) -> tuple[str, Loaded]:
    """``load_bytes`` in a limited child process; same result, or ``DocumentUnreadable``."""
    return isolated(load_bytes, (data, name), name, timeout_s, memory_mb)


def parse_isolated(data: bytes, name: str, doc_id: str, chunk_chars: int, chunk_max_chars: int,
                   timeout_s: float = 60.0, memory_mb: int = 1024) -> Parsed:
    """The parse steps (``ingest.parse``: load, header, outline, passages, facts) in one limited
    child process, within one time and memory limit; same result, or ``DocumentUnreadable``."""
    return isolated(parse, (data, name, doc_id, chunk_chars, chunk_max_chars), name, timeout_s, memory_mb)


def isolated(work: Callable[..., Any], args: tuple, name: str, timeout_s: float, memory_mb: int) -> Any:
    """``work(*args)`` in a limited child process of its own: its result, or ``DocumentUnreadable``."""
    parent, child = _context.Pipe(duplex=False)
    process = _context.Process(target=_child, args=(child, work, args, name, memory_mb << 20), daemon=True)
    process.start()
    child.close()
    try:
        return _receive(parent, name, timeout_s, memory_mb)
    finally:
        _stop(process)
        parent.close()


def _receive(conn: Any, name: str, timeout_s: float, memory_mb: int) -> Any:
    """The child's answer within ``timeout_s``; its error raised; ``DocumentUnreadable`` if it ran out."""
    if not conn.poll(timeout_s):
        raise DocumentUnreadable(f"{name}: parsing took longer than {timeout_s:g} s and was stopped",
                                 vi=f"{name}: đọc tệp lâu quá {timeout_s:g} giây nên đã dừng.")
    try:
        status, payload = conn.recv()
    except EOFError as exc:  # killed by the memory limit before it could answer
        raise _memory_error(name, memory_mb) from exc
    if status == "error":
        raise payload
    return payload


def _stop(process: Any) -> None:
    _kill_group(process.pid)  # the child, if still running, and e.g. a Tesseract it started
    if process.is_alive():
        process.kill()  # stopped before it made its own group
    process.join(5)


class _Pooled:
    """One long-lived limited child and the pipe to it."""

    def __init__(self, memory_mb: int) -> None:
        self.conn, child = _context.Pipe()
        self.process = _context.Process(target=_serve, args=(child, memory_mb << 20), daemon=True)
        self.process.start()
        child.close()
        self.files = 0

    def close(self) -> None:
        self.conn.close()  # it returns when it sees the pipe closed; killed anyway below, with its helpers
        self.process.join(1)
        _stop(self.process)


class SandboxPool:
    """``size`` limited children reading files side by side, each file within ``timeout_s`` and
    ``memory_mb`` as with ``isolated``. ``submit`` returns at once; the future holds the result or the
    ``DocumentUnreadable``. A child whose file failed, timed out or ran out of memory is replaced."""

    def __init__(self, size: int, timeout_s: float, memory_mb: int) -> None:
        self.timeout_s, self.memory_mb = timeout_s, memory_mb
        self._idle: list[_Pooled] = []
        self._lock = threading.Lock()
        self._threads = ThreadPoolExecutor(max_workers=size, thread_name_prefix="sandbox")

    def submit(self, work: Callable[..., Any], args: tuple, name: str) -> Future:
        return self._threads.submit(self._run, work, args, name)

    def _run(self, work: Callable[..., Any], args: tuple, name: str) -> Any:
        with self._lock:
            child = self._idle.pop() if self._idle else None
        child = child or _Pooled(self.memory_mb)
        healthy = False
        try:
            try:
                child.conn.send((work, args, name))
            except OSError:  # it ended while idle (killed from outside), or the file was over its limit
                child.close()
                child = _Pooled(self.memory_mb)
                try:
                    child.conn.send((work, args, name))
                except OSError as exc:  # a fresh child could not take it in either
                    raise _memory_error(name, self.memory_mb) from exc
            result = _receive(child.conn, name, self.timeout_s, self.memory_mb)
            healthy = True
            return result
        finally:
            child.files += 1
            if healthy and child.files < RECYCLE_AFTER:
                with self._lock:
                    self._idle.append(child)
            else:
                child.close()

    def close(self) -> None:
        self._threads.shutdown(wait=True, cancel_futures=True)
        for child in self._idle:
            child.close()
        self._idle.clear()

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
