"""Upload jobs: ingestion runs in one worker thread inside the API process.

The embedded store belongs to one process, so uploads are queued to a single writer here rather
than to an outside worker. A small file is usually done before the request's wait runs out (201);
a large one answers 202 with a ``status_url`` to poll. When the queue runs empty the worker lets the
store index what the burst of uploads added (``KnowledgeBase.optimize``: usually nothing; a few
seconds once another ~6,500 passages have arrived, during which the embedded engine holds the process).
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.pipeline import Ingestor, Outcome
from kb.errors import KBError, NotFound, Unavailable
from kb.service import KnowledgeBase

_KEEP_FINISHED = 1000  # finished jobs remembered for polling
log = logging.getLogger("kb")


def worker_dead() -> Unavailable:
    return Unavailable("the upload worker has stopped: restart the server",
                       vi="Bộ xử lý tải lên đã dừng: tài liệu mới chưa thể được thêm. "
                          "Hãy báo quản trị viên khởi động lại máy chủ.")


def internal_failure(source: str) -> KBError:
    """What a caller is told of a job that failed on our side (the details are in the server's log)."""
    return KBError(f"the server failed on {source}; the document was not added (details in the server's log)",
                   vi=f"Máy chủ gặp lỗi khi xử lý tệp {source}, tài liệu chưa được thêm. Hãy thử lại sau "
                      "hoặc báo quản trị viên (chi tiết ghi trong nhật ký máy chủ).")


@dataclass
class Job:
    id: str
    source: str
    status: str = "queued"  # queued | running | done | failed
    doc_id: str | None = None
    error: str | None = None
    ingest_status: str | None = None  # added | updated | unchanged | duplicate
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    finished: threading.Event = field(default_factory=threading.Event, repr=False)
    exception: KBError | None = field(default=None, repr=False)

    def view(self, lang: str = "vi") -> dict[str, Any]:
        return {"job_id": self.id, "status": self.status, "doc_id": self.doc_id, "error": self.error_text(lang),
                "source": self.source, "ingest_status": self.ingest_status, "created": self.created}

    def error_text(self, lang: str) -> str | None:
        """Why it failed, in ``lang`` ("vi" or "en")."""
        if self.exception is not None:
            return self.exception.text(lang)
        if self.error is None or lang == "en":
            return self.error
        return f"{self.source}: không xử lý được tệp do lỗi hệ thống; quản trị viên có thể xem nhật ký."


class JobQueue:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[tuple[Job, bytes, str | None] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._worker = threading.Thread(target=self._run, name="kb-ingest", daemon=True)
        self._worker.start()

    def submit(self, data: bytes, source: str, doc_id: str | None = None) -> Job:
        if not self.alive:
            raise worker_dead()
        job = Job(id=uuid.uuid4().hex, source=Path(source).name)
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._queue.put((job, data, doc_id))
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(f"no job {job_id!r}", vi=f"Không có lượt tải lên nào mang mã {job_id!r}.")
        return job

    def counts(self) -> dict[str, int]:
        with self._lock:
            statuses = [j.status for j in self._jobs.values()]
        return {s: statuses.count(s) for s in ("queued", "running", "done", "failed")}

    def stop(self) -> None:
        self._queue.put(None)
        self._worker.join(timeout=30)

    @property
    def alive(self) -> bool:
        """Whether the worker thread runs: ``/readyz`` fails and uploads are refused when it does not."""
        return self._worker.is_alive()

    def _run(self) -> None:
        ingestor: Ingestor | None = None  # made on the first job: the store may be down at start
        while (item := self._queue.get()) is not None:
            job, data, doc_id = item
            job.status = "running"
            try:  # whatever one job meets (a full disk, a corrupt catalog …), the next jobs still run
                ingestor = ingestor or Ingestor(self.kb)  # e.g. the Qdrant server is unreachable: retried
                self._finish(job, ingestor.ingest_upload(data, job.source, doc_id), data)
            except KBError as exc:
                self._fail(job, exc)
            except Exception:
                log.exception("upload job %s (%s) failed", job.id, job.source)
                self._fail(job, internal_failure(job.source))
            if self._queue.empty():
                self._index()

    def _index(self) -> None:
        try:
            self.kb.optimize()
        except Exception:  # the passages stay searchable by exact scan; the next burst tries again
            log.exception("building the search index failed")

    def _finish(self, job: Job, outcome: Outcome, data: bytes) -> None:
        job.doc_id, job.ingest_status = outcome.doc_id, outcome.status
        if outcome.status == "failed":  # without a KBError it is our failure: its details go to the log only
            self._fail(job, outcome.exception or internal_failure(job.source))
            return
        self._keep_original(outcome, data)
        job.status = "done"
        job.finished.set()

    def _fail(self, job: Job, exc: KBError) -> None:
        job.status, job.error, job.exception = "failed", exc.message, exc
        job.finished.set()

    def _keep_original(self, outcome: Outcome, data: bytes) -> None:
        """The uploaded bytes under a generated name (the document id), never the client's file name;
        also for an unchanged document whose original is missing (an earlier try failed to keep it)."""
        if not outcome.doc_id:
            return
        path = self.kb.original_path(outcome.doc_id)
        if outcome.status in ("added", "updated") or (outcome.status == "unchanged" and not path.exists()):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.finished.is_set()]
        for job in finished[:max(0, len(finished) - _KEEP_FINISHED)]:
            self._jobs.pop(job.id, None)
