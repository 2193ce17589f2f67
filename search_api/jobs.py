"""Upload jobs: a bounded queue in the API process, the CPU work in a worker process.

The embedded store belongs to one process (only one may open a qdrant-edge shard), so this process
keeps it and a dispatcher thread runs each job in three steps: ``plan`` (which document; maybe
``unchanged`` at once) under the knowledge base's write lock, ``prepare`` (parse, read, embed) in
the worker process (``ingest.worker``, at a lower CPU priority) with no lock held, then ``commit``
(the store's and the catalog's writes, the original's bytes) under the write lock again: a search
never waits behind a parse or an embedding batch, a DELETE at most behind one commit.

A document deleted after a job was accepted is not brought back by that job (it fails, saying so); a
job's answer is the record read when it committed, so an upload racing a delete never answers 404.
When the queue runs empty the worker lets the store index what the burst added (``kb.optimize``).

Every job is on the disk before its upload is answered (``search_api.journal``): queued and running
jobs run again after a crash or a restart, in the order they were accepted; on SIGTERM the job
running is finished and the queued ones are left for the next start. A job the server stopped on
``MAX_ATTEMPTS`` times fails, saying so.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.faults import pause_point
from ingest.originals import keep_original
from ingest.pipeline import Ingestor, Outcome, Plan
from ingest.prepare import prepare
from ingest.worker import Worker, WorkerDied, deleted_meanwhile, internal_failure, worker_lost
from kb.disk import require_room
from kb.errors import InsufficientStorage, KBError, NotFound, Unavailable, disk_full
from kb.model import DocumentRecord
from kb.service import KnowledgeBase
from search_api.journal import Journal, disk_full_on_accept

_KEEP_FINISHED = 1000  # finished jobs remembered for polling
MAX_ATTEMPTS = 3  # starts of one job the server did not survive: then it fails instead of starting again
log = logging.getLogger("kb")


def worker_dead() -> Unavailable:
    return Unavailable("the upload worker has stopped: restart the server",
                       vi="Bộ xử lý tải lên đã dừng: tài liệu mới chưa thể được thêm. "
                          "Hãy báo quản trị viên khởi động lại máy chủ.")


def disk_full_failure(source: str) -> InsufficientStorage:
    return InsufficientStorage(f"the server's disk is full: {source} was not added",
                               vi=f"Máy chủ đã hết dung lượng đĩa khi xử lý tệp {source}, tài liệu chưa được thêm. "
                                  "Hãy báo quản trị viên giải phóng dung lượng rồi tải tệp lên lại.")


def given_up(source: str) -> KBError:
    return KBError(f"the server stopped {MAX_ATTEMPTS} times while processing {source}; it is not tried again",
                   code="worker_lost",
                   vi=f"Máy chủ đã dừng {MAX_ATTEMPTS} lần khi đang xử lý tệp {source} nên tệp không được xử lý "
                      "lại, tài liệu chưa được thêm. Hãy báo quản trị viên (chi tiết ghi trong nhật ký máy chủ).")


def bytes_lost(source: str) -> KBError:
    return KBError(f"the bytes of {source} were not found at restart; the document was not added: upload it again",
                   code="worker_lost",
                   vi=f"Không tìm thấy nội dung tệp {source} khi máy chủ khởi động lại, tài liệu chưa được thêm. "
                      "Hãy tải tệp lên lại.")


class QueueFull(Unavailable):
    code = "queue_full"
    retry_after = 30  # seconds: the Retry-After header of the 503


@dataclass
class Job:
    id: str
    source: str
    seq: int = 0  # order of acceptance: a DELETE answered later wins over this job
    status: str = "queued"  # queued | running | done | failed
    target: str | None = None  # the document a PUT replaces
    attempts: int = 0  # how many times it was started (a crash of the server may cut one short)
    doc_id: str | None = None
    error: str | None = None
    ingest_status: str | None = None  # added | updated | unchanged | duplicate
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    finished: threading.Event = field(default_factory=threading.Event, repr=False)
    exception: KBError | None = field(default=None, repr=False)
    record: DocumentRecord | None = field(default=None, repr=False)  # as committed: the upload's answer

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

    def saved(self) -> dict[str, Any]:
        """What ``Journal`` keeps of it."""
        fields = ("id", "source", "seq", "status", "target", "attempts", "doc_id", "error", "ingest_status", "created")
        kept = {name: getattr(self, name) for name in fields}
        if self.exception is not None:
            kept |= {"code": self.exception.code, "error_vi": self.exception.text("vi")}
        return kept

    @classmethod
    def restored(cls, saved: dict[str, Any]) -> Job:
        job = cls(**{k: saved[k] for k in ("id", "source", "seq", "status", "target", "attempts", "doc_id",
                                           "error", "ingest_status", "created") if k in saved})
        if job.status == "failed":
            job.exception = KBError(job.error or "failed", code=saved.get("code"), vi=saved.get("error_vi"))
        return job

    async def wait(self, timeout: float) -> bool:
        """Whether it finished within ``timeout`` seconds, waiting without holding a server thread."""
        deadline = time.monotonic() + timeout
        while not self.finished.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return self.finished.is_set()


@dataclass
class _Item:
    job: Job
    data: bytes
    doc_id: str | None


class JobQueue:
    def __init__(self, kb: KnowledgeBase, in_process: bool = False) -> None:
        """``in_process``: prepare in the dispatcher thread (a library or test app) instead of a worker process."""
        self.kb = kb
        self.max_jobs, self.max_bytes = kb.settings.upload_queue_max, int(kb.settings.upload_queue_mb * (1 << 20))
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._waiting = [0, 0]  # jobs and bytes queued, not yet running
        self._seq = itertools.count(1)
        self._last_seq = 0
        self._deleted: dict[str, int] = {}  # doc_id or sha256 → the last job accepted before its DELETE
        self._lock = threading.Lock()
        self._next_restart = 0.0
        self._stopping = False
        self.journal = Journal(kb.settings.data_dir)
        self._resume()
        self.worker = None if in_process else Worker(kb.settings)
        self._dispatcher = threading.Thread(target=self._run, name="kb-ingest", daemon=True)
        self._dispatcher.start()

    def submit(self, data: bytes, source: str, doc_id: str | None = None) -> Job:
        if not self.alive:
            raise worker_dead()
        try:
            require_room(self.kb.settings, len(data))
        except InsufficientStorage as exc:
            raise disk_full_on_accept(Path(source).name) from exc
        with self._lock:
            if self._waiting[0] >= self.max_jobs or self._waiting[1] + len(data) > self.max_bytes:
                raise QueueFull("the upload queue is full: try again later",
                                vi="Hàng đợi tải lên đang đầy; vui lòng thử lại sau ít phút.")
            self._last_seq = next(self._seq)
            job = Job(id=uuid.uuid4().hex, source=Path(source).name, seq=self._last_seq, target=doc_id)
            self._jobs[job.id] = job  # unfinished from now on: a DELETE meanwhile holds it back
            self._waiting[0] += 1
            self._waiting[1] += len(data)
            self._forget_old()
        try:  # on the disk before it is answered (a full disk: 507, nothing accepted)
            self.journal.accept(job.saved(), data)
        except BaseException:
            with self._lock:
                self._jobs.pop(job.id, None)
                self._waiting[0] -= 1
                self._waiting[1] -= len(data)
            raise
        self._queue.put(_Item(job, data, doc_id))
        return job

    def delete(self, doc_id: str) -> DocumentRecord:
        """Delete a document; the jobs accepted before this will not add it back."""
        with self.kb.write_lock:
            record = self.kb.delete(doc_id)
            with self._lock:
                self._deleted[doc_id] = self._last_seq
                if record.sha256:  # the same bytes under another id do not come back either
                    self._deleted[record.sha256] = self._last_seq
                self.journal.save_deleted(self._deleted)  # after a restart too
        return record

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
        """Finish the job running (up to 30 s, else it runs again at the next start); the queued ones stay
        on the disk for the next start."""
        self._stopping = True
        if left := self._queue.qsize():
            log.warning("stopping: %d queued upload(s) kept in %s, resumed at the next start", left,
                        self.journal.folder)
        self._queue.put(None)
        self._dispatcher.join(timeout=30)
        if self.worker is not None:
            self.worker.stop()

    @property
    def alive(self) -> bool:
        """Whether jobs are taken: uploads are refused when they are not."""
        return self._dispatcher.is_alive()

    @property
    def ready(self) -> bool:
        """Whether jobs are taken and the worker process runs (``/readyz``)."""
        return self.alive and (self.worker is None or self.worker.up)

    def _run(self) -> None:
        ingestor: Ingestor | None = None  # made on the first job: the store may be down at start
        while (item := self._next()) is not None:
            with self._lock:
                self._waiting[0] -= 1
                self._waiting[1] -= len(item.data)
            item.job.status = "running"
            item.job.attempts += 1
            try:  # whatever one job meets (a full disk, a corrupt catalog …), the next jobs still run
                self.journal.save(item.job.saved())
                ingestor = ingestor or Ingestor(self.kb)  # e.g. the Qdrant server is unreachable: retried
                self._process(ingestor, item)
            except WorkerDied:
                if self._stopping:  # stopped with the server: the job stays on the disk, run again at the next start
                    log.warning("stopping: %s was not finished; it runs again at the next start", item.job.source)
                    break
                log.error("the upload worker died on job %s (%s): restarting it", item.job.id, item.job.source)
                self._fail(item.job, worker_lost(item.job.source))
                self._restart()
            except KBError as exc:
                self._fail(item.job, exc)
            except Exception as exc:
                log.exception("upload job %s (%s) failed", item.job.id, item.job.source)
                self._fail(item.job, disk_full_failure(item.job.source) if disk_full(exc)
                           else internal_failure(item.job.source))
            if self._queue.empty():
                self._index()

    def _next(self) -> _Item | None:
        """The next job (None: stop); while there is none, a worker that died idle is started again."""
        while not self._stopping:
            try:
                return self._queue.get(timeout=1.0)
            except queue.Empty:
                if self.worker is not None and not self.worker.up and time.monotonic() > self._next_restart:
                    log.error("the upload worker has stopped: restarting it")
                    self._restart()
        return None

    def _process(self, ingestor: Ingestor, item: _Item) -> None:
        job = item.job
        with self.kb.write_lock:
            plan = ingestor.plan(item.data, job.source, item.doc_id, by_content=True)
            if isinstance(plan, Outcome):
                return self._finish(job, plan, item.data)
            self._refuse_if_deleted(job, plan)
        prepared = self._prepare(ingestor, plan, item.data)
        with self.kb.write_lock:
            self._refuse_if_deleted(job, plan)
            outcome = ingestor.commit(plan, prepared)
            self._keep(job, outcome, item.data)
        self._done(job)

    def _finish(self, job: Job, outcome: Outcome, data: bytes) -> None:
        self._keep(job, outcome, data)
        self._done(job)

    def _prepare(self, ingestor: Ingestor, plan: Plan, data: bytes) -> Any:
        if self.worker is None:
            return prepare(self.kb.settings, self.kb.embedder, ingestor.fingerprint(), data, plan.source, plan.doc_id)
        return self.worker.prepare(ingestor.fingerprint(), data, plan.source, plan.doc_id)

    def _refuse_if_deleted(self, job: Job, plan: Plan) -> None:
        with self._lock:
            if max(self._deleted.get(plan.doc_id, 0), self._deleted.get(plan.sha, 0)) >= job.seq:
                raise deleted_meanwhile(job.source, plan.doc_id)

    def _restart(self) -> None:
        self._next_restart = time.monotonic() + 10  # a worker that cannot start is not spun on
        try:
            self.worker.restart()  # type: ignore[union-attr]
        except Exception:  # the next job tries again; /readyz says 503 meanwhile
            log.exception("restarting the upload worker failed")

    def _index(self) -> None:
        try:
            self.kb.optimize()
        except Exception:  # the passages stay searchable by exact scan; the next burst tries again
            log.exception("building the search index failed")

    def _keep(self, job: Job, outcome: Outcome, data: bytes) -> None:
        """Under the write lock: the original's bytes and the record the upload answers with."""
        job.doc_id, job.ingest_status = outcome.doc_id, outcome.status
        if outcome.status == "failed":  # without a KBError it is our failure: its details go to the log only
            raise outcome.exception or internal_failure(job.source)
        keep_original(self.kb, outcome, data)
        job.record = self.kb.document(outcome.doc_id or "")

    def _done(self, job: Job) -> None:
        pause_point("committed")  # stored; a DELETE may come before the answer goes
        job.status = "done"
        self.journal.finish(job.saved())
        job.finished.set()

    def _fail(self, job: Job, exc: KBError) -> None:
        job.status, job.error, job.exception = "failed", exc.message, exc
        self.journal.finish(job.saved())
        job.finished.set()

    def _resume(self) -> None:
        """The jobs on the disk: finished ones answered for, queued and running ones queued again."""
        self._deleted = self.journal.deleted()
        last, resumed = max(self._deleted.values(), default=0), 0
        for saved in self.journal.jobs():
            job = Job.restored(saved)
            self._jobs[job.id] = job
            last = max(last, job.seq)
            if job.status in ("done", "failed"):
                job.finished.set()
            elif (data := self.journal.data(job.id)) is None:
                self._fail(job, bytes_lost(job.source))
            elif job.attempts >= MAX_ATTEMPTS:
                self._fail(job, given_up(job.source))
            else:
                job.status, resumed = "queued", resumed + 1
                self._waiting[0] += 1
                self._waiting[1] += len(data)
                self._queue.put(_Item(job, data, job.target))
        self._seq, self._last_seq = itertools.count(last + 1), last
        self._forget_old()
        if resumed:
            log.warning("resuming %d upload(s) accepted before the server stopped", resumed)

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.finished.is_set()]
        for job in finished[:max(0, len(finished) - _KEEP_FINISHED)]:
            self._jobs.pop(job.id, None)
            self.journal.forget(job.id)
        oldest = min((j.seq for j in self._jobs.values() if not j.finished.is_set()), default=self._last_seq + 1)
        self._deleted = {d: seq for d, seq in self._deleted.items() if seq >= oldest}  # still holds a job back
