"""The upload worker: a process of the same program that parses and embeds, at a lower CPU priority.

``kb serve`` answers questions in its own process and hands each upload's bytes to this one
(``Worker.prepare``), which sends back the ``Prepared`` document: the server then writes it in one
short step. The embedded store stays with the server (one process may open a qdrant-edge shard), and
a search never waits behind a parse or an embedding batch: they run here, ``os.nice``-d below it.
The worker has its own embedder on the same vector cache; its parses run in the sandbox as before.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import threading
import traceback
from typing import Any

from ingest.faults import pause_point
from kb.config import Settings
from kb.errors import Conflict, KBError

NICENESS = 10  # added to the server's: the kernel gives the server's threads the cores first
_context = mp.get_context("spawn")  # a fresh interpreter: none of the server's threads, store or locks
log = logging.getLogger("kb")


# what a caller is told of a job that did not go through (the in-process queue and kb worker alike)
def internal_failure(source: str) -> KBError:
    """What a caller is told of a job that failed on our side (the details are in the server's log)."""
    return KBError(f"the server failed on {source}; the document was not added (details in the server's log)",
                   vi=f"Máy chủ gặp lỗi khi xử lý tệp {source}, tài liệu chưa được thêm. Hãy thử lại sau "
                      "hoặc báo quản trị viên (chi tiết ghi trong nhật ký máy chủ).")


def worker_lost(source: str) -> KBError:
    return KBError(f"the upload worker stopped while processing {source}; the document was not added: "
                   "upload it again", code="worker_lost",
                   vi=f"Bộ xử lý tải lên dừng đột ngột khi đang xử lý tệp {source}, tài liệu chưa được thêm. "
                      "Hãy tải tệp lên lại.")


def deleted_meanwhile(source: str, doc_id: str) -> Conflict:
    return Conflict(f"document {doc_id} was deleted after {source} was sent: it is not added back",
                    vi=f"Văn bản {doc_id} đã bị xóa sau khi tệp {source} được gửi lên nên không được thêm lại. "
                       "Nếu vẫn cần, hãy tải tệp lên lại.")


class WorkerDied(Exception):
    """The worker process ended (killed, out of memory) before it answered."""


def _main(conn: Any, settings: Settings) -> None:
    """The worker process: prepare whatever the server sends, until the server closes the pipe."""
    os.nice(NICENESS)
    from ingest.prepare import prepare
    from kb.embed import make_embedder

    embedder = make_embedder(settings)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            fingerprint, data, source, doc_id = conn.recv()
        except EOFError:  # the server has gone
            return
        try:
            conn.send(("ok", prepare(settings, embedder, fingerprint, data, source, doc_id)))
        except KBError as exc:
            conn.send(("error", exc))
        except Exception:  # its details go to the server's log; the job says it failed on our side
            conn.send(("crash", traceback.format_exc()))


class Worker:
    """The server's handle on its worker process: started at once, restarted after it dies."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Any = None
        self.start()

    @property
    def up(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self) -> None:
        parent, child = _context.Pipe()
        process = _context.Process(target=_main, args=(child, self.settings), name="kb-worker")
        process.start()  # not a daemon: its parses run in sandboxed child processes of its own
        child.close()
        self._process, self._conn = process, parent

    def restart(self) -> None:
        self.stop()
        pause_point("worker_restart")
        self.start()

    def prepare(self, fingerprint: str, data: bytes, source: str, doc_id: str) -> Any:
        """The ``Prepared`` file from the worker; its ``KBError`` as is; ``WorkerDied`` if it ended."""
        with self._lock:
            try:
                self._conn.send((fingerprint, data, source, doc_id))
            except OSError as exc:  # it died while idle
                raise WorkerDied("the upload worker ended") from exc
            while True:
                kind, payload = self._receive()
                if kind != "ready":
                    break
        if kind == "error":
            raise payload
        if kind == "crash":
            raise RuntimeError(f"the upload worker failed on {source}:\n{payload}")
        return payload

    def _receive(self) -> tuple[str, Any]:
        while not self._conn.poll(0.5):
            if not self._process.is_alive() and not self._conn.poll(0):
                raise WorkerDied(f"the upload worker ended (exit code {self._process.exitcode})")
        try:
            return self._conn.recv()
        except (EOFError, OSError) as exc:
            raise WorkerDied("the upload worker ended") from exc

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.close()  # the worker ends when it sees the pipe closed
        if self._process is not None:
            self._process.join(10)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(5)
