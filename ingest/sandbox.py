"""Parse an untrusted file in a child process with time and memory limits.

A hostile or broken PDF (a decompression bomb, an endless page) must not hang or kill the server:
the child gets ``RLIMIT_AS`` (address space) and a wall-clock deadline; when it runs out of either,
it is killed and the caller gets a ``DocumentUnreadable`` naming the file. Children come from a
fork server that has already imported the loaders, so each parse starts in milliseconds and never
inherits the server's threads or open store.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
from typing import Any

from ingest.load import load_bytes
from ingest.textbuilder import Loaded
from kb.errors import DocumentUnreadable, KBError

_context = mp.get_context("forkserver")
_context.set_forkserver_preload(["ingest.load"])


def _child(conn: Any, data: bytes, name: str, memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        conn.send(("ok", load_bytes(data, name)))
    except KBError as exc:
        conn.send(("error", exc))
    except MemoryError:
        conn.send(("error", DocumentUnreadable(f"{name}: parsing needs more memory than allowed")))
    except Exception as exc:  # report, never crash silently
        conn.send(("error", DocumentUnreadable(f"{name}: cannot be parsed ({type(exc).__name__}: {exc})")))
    finally:
        conn.close()


def load_isolated(data: bytes, name: str, timeout_s: float = 60.0, memory_mb: int = 1024) -> tuple[str, Loaded]:
    """``load_bytes`` in a limited child process; same result, or ``DocumentUnreadable``."""
    parent, child = _context.Pipe(duplex=False)
    process = _context.Process(target=_child, args=(child, data, name, memory_mb << 20), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise DocumentUnreadable(f"{name}: parsing took longer than {timeout_s:g} s and was stopped")
        try:
            status, payload = parent.recv()
        except EOFError as exc:  # killed by the memory limit before it could answer
            raise DocumentUnreadable(f"{name}: parsing needs more memory than allowed ({memory_mb} MB)") from exc
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        parent.close()
    if status == "error":
        raise payload
    return payload
