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
from kb.errors import KBError, NotFound
from kb.service import KnowledgeBase

_KEEP_FINISHED = 1000  # finished jobs remembered for polling
log = logging.getLogger("kb")


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
        self.originals = kb.settings.data_dir / "originals"
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[tuple[Job, bytes, str | None] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._worker = threading.Thread(target=self._run, name="kb-ingest", daemon=True)
        self._worker.start()

    def submit(self, data: bytes, source: str, doc_id: str | None = None) -> Job:
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

    def _run(self) -> None:
        ingestor: Ingestor | None = None  # made on the first job: the store may be down at start
        while (item := self._queue.get()) is not None:
            job, data, doc_id = item
            job.status = "running"
            try:
                ingestor = ingestor or Ingestor(self.kb)
            except KBError as exc:  # e.g. the Qdrant server is unreachable: this job fails, the next retries
                self._finish(job, Outcome(job.source, "failed", error=exc.message, exception=exc), data)
                continue
            outcome = ingestor.ingest_bytes(data, job.source, isolate=True, doc_id=doc_id)
            self._finish(job, outcome, data)
            if self._queue.empty():
                self._index()

    def _index(self) -> None:
        try:
            self.kb.optimize()
        except Exception:  # the passages stay searchable by exact scan; the next burst tries again
            log.exception("building the search index failed")

    def _finish(self, job: Job, outcome: Outcome, data: bytes) -> None:
        job.doc_id, job.ingest_status = outcome.doc_id, outcome.status
        if outcome.status == "failed":
            job.status, job.error, job.exception = "failed", outcome.error, outcome.exception
        else:
            job.status = "done"
            self._keep_original(outcome, data)
        job.finished.set()

    def _keep_original(self, outcome: Outcome, data: bytes) -> None:
        """The uploaded bytes under a generated name (the document id), never the client's file name."""
        if outcome.doc_id and outcome.status in ("added", "updated"):
            self.originals.mkdir(parents=True, exist_ok=True)
            (self.originals / outcome.doc_id).write_bytes(data)

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.finished.is_set()]
        for job in finished[:max(0, len(finished) - _KEEP_FINISHED)]:
            self._jobs.pop(job.id, None)
