"""Upload jobs over PostgreSQL (``KB_DATABASE_URL``): the API only accepts them into the durable queue
(``kb.queue``) and reads how they went; ``kb worker`` processes do the work. The same interface as the
in-process ``JobQueue``, so the routes do not know which one they have.

A job is committed to the database before the upload is answered (201 after waiting, or 202): the
replica that took it may die, any replica answers ``GET /v1/jobs/{id}`` and the job's document.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

from ingest.queue_worker import QueueWorker, job_store
from kb.errors import NotFound
from kb.model import DocumentRecord
from kb.queue import JobRow, exception_of
from kb.service import KnowledgeBase
from search_api.jobs import Job, QueueFull

_POLL_S = 0.1


class DurableJob(Job):
    """A job as the database last said, read again while it is waited for."""

    store: object = None

    @classmethod
    def of(cls, row: JobRow, store) -> DurableJob:
        job = cls(id=row.id, source=row.source, seq=row.seq)
        job.store = store
        job._update(row)
        return job

    def _update(self, row: JobRow) -> None:
        self.status, self.doc_id, self.ingest_status, self.created = \
            row.status, row.result_doc_id, row.ingest_status, row.created
        self.record = DocumentRecord(**row.record) if row.record else None
        self.exception = exception_of(row.error) if row.error else None
        self.error = self.exception.message if self.exception else None
        if row.status in ("done", "failed"):
            self.finished.set()

    async def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self.finished.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(_POLL_S)
            row = await asyncio.to_thread(self.store.get, self.id)
            if row is not None:
                self._update(row)
        return self.finished.is_set()


class DurableJobQueue:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.store = job_store(kb)
        self.max_jobs, self.max_bytes = kb.settings.upload_queue_max, int(kb.settings.upload_queue_mb * (1 << 20))
        # an embedded store belongs to this process: no `kb worker` can open it, so one works here
        self._stop = threading.Event()
        self._worker = None if kb.settings.qdrant_url else \
            threading.Thread(target=QueueWorker(kb).run, args=(self._stop,), name="kb-worker", daemon=True)
        if self._worker is not None:
            self._worker.start()

    def submit(self, data: bytes, source: str, doc_id: str | None = None) -> DurableJob:
        jobs, size = self.store.waiting()
        if jobs >= self.max_jobs or size + len(data) > self.max_bytes:
            raise QueueFull("the upload queue is full: try again later",
                            vi="Hàng đợi tải lên đang đầy; vui lòng thử lại sau ít phút.")
        return DurableJob.of(self.store.submit(data, Path(source).name, doc_id), self.store)

    def delete(self, doc_id: str) -> DocumentRecord:
        """Delete a document; the jobs accepted before this (by any replica) will not add it back."""
        with self.kb.write_lock:
            record = self.kb.delete(doc_id)
            self.store.mark_deleted([k for k in (doc_id, record.sha256) if k])
        return record

    def get(self, job_id: str) -> DurableJob:
        row = self.store.get(job_id)
        if row is None:
            raise NotFound(f"no job {job_id!r}", vi=f"Không có lượt tải lên nào mang mã {job_id!r}.")
        return DurableJob.of(row, self.store)

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def stop(self) -> None:
        self._stop.set()
        if self._worker is not None:
            self._worker.join(timeout=30)

    @property
    def alive(self) -> bool:
        """Uploads are taken: a job waits in the database until a worker (here or elsewhere) takes it."""
        return self._worker is None or self._worker.is_alive()

    ready = alive
