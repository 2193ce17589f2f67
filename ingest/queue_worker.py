"""``kb worker``: takes upload jobs from the durable queue in PostgreSQL (``kb.queue``) and ingests them,
on any machine that reaches the database, the Qdrant server and the originals' folder.

Each job runs as in ``kb serve``'s own queue: ``plan`` under the write lock (shared by every process
over the database), ``prepare`` (parse in the sandbox, embed) with no lock held, then ``commit``, the
original's bytes and the job's answer under the lock again. While it works, a thread renews the job's
lease; if this process dies the lease runs out and another worker takes the job again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from ingest.faults import pause_point
from ingest.originals import keep_original
from ingest.pipeline import Ingestor, Outcome, Plan
from ingest.prepare import prepare
from ingest.worker import deleted_meanwhile, internal_failure, worker_lost
from kb.errors import InputError, KBError
from kb.queue import JobRow, JobStore, error_of
from kb.service import KnowledgeBase

log = logging.getLogger("kb")


def job_store(kb: KnowledgeBase) -> JobStore:
    if not kb.settings.database_url:
        raise InputError("the durable job queue needs KB_DATABASE_URL (postgresql://…)", code="no_database",
                         vi="Hàng đợi bền vững cần KB_DATABASE_URL (postgresql://…).")
    return JobStore(kb.catalog.db, kb.settings.job_lease_s, kb.settings.job_attempts)  # type: ignore[attr-defined]


class _Lease:
    """Renews a job's lease every third of its length until the block ends."""

    def __init__(self, store: JobStore, job_id: str, worker: str) -> None:
        self.store, self.job_id, self.worker = store, job_id, worker
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kb-lease", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.store.lease_s / 3):
            try:
                if not self.store.renew(self.job_id, self.worker):
                    return
            except Exception:  # the database is briefly away: the next renewal tries again
                log.exception("renewing the lease of job %s failed", self.job_id)

    def __enter__(self) -> _Lease:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


class QueueWorker:
    def __init__(self, kb: KnowledgeBase, name: str | None = None) -> None:
        self.kb = kb
        self.store = job_store(kb)
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._ingestor: Ingestor | None = None

    def run(self, stop: threading.Event, poll_s: float = 0.5) -> None:
        """Take jobs until ``stop`` is set; wait ``poll_s`` when there is none."""
        log.info("worker %s taking jobs", self.name)
        while not stop.is_set():
            if not self.run_one():
                stop.wait(poll_s)

    def run_one(self) -> bool:
        """Take one job and see it through; False when none was waiting."""
        claimed = self.store.claim(self.name, error_of(worker_lost("the file")))
        if claimed is None:
            return False
        job, data = claimed
        with _Lease(self.store, job.id, self.name):
            try:
                self._ingestor = self._ingestor or Ingestor(self.kb)
                self._process(self._ingestor, job, data)
            except KBError as exc:
                self.store.fail(job.id, self.name, error_of(exc))
            except Exception:
                log.exception("upload job %s (%s) failed", job.id, job.source)
                self.store.fail(job.id, self.name, error_of(internal_failure(job.source)))
        return True

    def _process(self, ingestor: Ingestor, job: JobRow, data: bytes) -> None:
        with self.kb.write_lock:
            plan = ingestor.plan(data, job.source, job.doc_id, by_content=True)
            if isinstance(plan, Outcome):
                return self._finish(job, plan, data)
            self._refuse_if_deleted(job, plan)
        prepared = prepare(self.kb.settings, self.kb.embedder, ingestor.fingerprint(), data, plan.source,
                           plan.doc_id)
        with self.kb.write_lock:
            self._refuse_if_deleted(job, plan)
            self._finish(job, ingestor.commit(plan, prepared), data)

    def _finish(self, job: JobRow, outcome: Outcome, data: bytes) -> None:
        """Under the write lock: the original's bytes, then the job done with the record it answers."""
        if outcome.status == "failed":
            raise outcome.exception or internal_failure(job.source)
        keep_original(self.kb, outcome, data)
        record = self.kb.document(outcome.doc_id or "").model_dump()
        pause_point("committed")
        if not self.store.finish(job.id, self.name, outcome.doc_id, outcome.status, record):
            log.warning("job %s was taken by another worker meanwhile (this one was too slow)", job.id)

    def _refuse_if_deleted(self, job: JobRow, plan: Plan) -> None:
        if self.store.deleted_after(job.seq, [plan.doc_id, plan.sha]):
            raise deleted_meanwhile(job.source, plan.doc_id)
