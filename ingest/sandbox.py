"""Parse an untrusted file in a child process with time and memory limits: every parse step
(``ingest.parse``: loading, header, outline, passages, facts), not the loading alone.

A hostile or broken PDF (a decompression bomb, an endless page) must not hang or kill the server:
the child gets ``RLIMIT_AS`` (address space) and a wall-clock deadline; when it runs out of either,
it is killed, with any helper it started (Tesseract), and the caller gets a ``DocumentUnreadable``
naming the file. Children come from a fork server that has already imported the loaders, so each
parse starts in milliseconds and never inherits the server's threads or open store.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import resource
import signal
from collections.abc import Callable
from typing import Any

from ingest.load import load_bytes
from ingest.parse import Parsed, parse
from ingest.textbuilder import Loaded
from kb.errors import DocumentUnreadable, KBError

_context = mp.get_context("forkserver")
_context.set_forkserver_preload(["ingest.parse_warm"])  # the parse steps, warmed up


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


def _child(conn: Any, work: Callable[..., Any], args: tuple, name: str, memory_bytes: int) -> None:
    os.setpgid(0, 0)  # its own process group: a timeout kills the helpers it started too
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
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
    finally:
        conn.close()


def _kill_group(pid: int | None) -> None:
    try:
        if pid:
            os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # already gone


def load_isolated(data: bytes, name: str, timeout_s: float = 60.0, memory_mb: int = 1024) -> tuple[str, Loaded]:
    """``load_bytes`` in a limited child process; same result, or ``DocumentUnreadable``."""
    return _isolated(load_bytes, (data, name), name, timeout_s, memory_mb)


def parse_isolated(data: bytes, name: str, doc_id: str, chunk_chars: int, chunk_max_chars: int,
                   timeout_s: float = 60.0, memory_mb: int = 1024) -> Parsed:
    """Every parse step (``ingest.parse``: load, header, outline, passages, facts) in one limited
    child process, within one time and memory limit; same result, or ``DocumentUnreadable``."""
    return _isolated(parse, (data, name, doc_id, chunk_chars, chunk_max_chars), name, timeout_s, memory_mb)


def _isolated(work: Callable[..., Any], args: tuple, name: str, timeout_s: float, memory_mb: int) -> Any:
    parent, child = _context.Pipe(duplex=False)
    process = _context.Process(target=_child, args=(child, work, args, name, memory_mb << 20), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise DocumentUnreadable(f"{name}: parsing took longer than {timeout_s:g} s and was stopped",
                                     vi=f"{name}: đọc tệp lâu quá {timeout_s:g} giây nên đã dừng.")
        try:
            status, payload = parent.recv()
        except EOFError as exc:  # killed by the memory limit before it could answer
            raise _memory_error(name, memory_mb) from exc
    finally:
        _kill_group(process.pid)  # the child, if still running, and e.g. a Tesseract it started
        if process.is_alive():
            process.kill()  # stopped before it made its own group
        process.join(5)
        parent.close()
    if status == "error":
        raise payload
    return payload
