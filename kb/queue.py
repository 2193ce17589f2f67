"""The durable upload queue on PostgreSQL (``KB_DATABASE_URL``): jobs kept in the catalog's database,
taken by any number of ``kb worker`` processes on any machine.

A worker takes the oldest waiting job with ``SELECT … FOR UPDATE SKIP LOCKED`` (two workers never take
the same one) and holds a lease on it that it renews while it works. A worker that dies stops renewing:
when the lease has passed, the job is taken again, up to ``KB_JOB_ATTEMPTS`` times. An API replica that
dies after answering 202 loses nothing: the job and its bytes were committed before the answer. Retrying
duplicates nothing, because ingestion is idempotent (a document is identified by its bytes' hash, its
passages by their ids) and a job is marked done only by the worker that holds it.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from kb.pg import Database

_COLUMNS = "id, seq, source, doc_id, status, attempts, result_doc_id, ingest_status, record, error, created"


@dataclass
class JobRow:
    id: str
    seq: int
    source: str
    doc_id: str | None  # the document a PUT replaces
    status: str
    attempts: int
    result_doc_id: str | None
    ingest_status: str | None
    record: dict[str, Any] | None
    error: dict[str, Any] | None
    created: str

    @classmethod
    def of(cls, row: tuple) -> JobRow:
        return cls(*row[:10], created=row[10].isoformat(timespec="seconds"))


class JobStore:
    def __init__(self, db: Database, lease_s: float = 60, attempts: int = 3) -> None:
        self.db, self.lease_s, self.attempts = db, lease_s, attempts

    # -- the API's side ----------------------------------------------------------------------------
    def submit(self, data: bytes, source: str, doc_id: str | None = None) -> JobRow:
        with self.db.transaction() as conn:
            row = conn.execute(f"INSERT INTO jobs (id, source, doc_id, data, size) VALUES (%s, %s, %s, %s, %s) "
                               f"RETURNING {_COLUMNS}", (uuid.uuid4().hex, source, doc_id, data, len(data))).fetchone()
        return JobRow.of(row)

    def waiting(self) -> tuple[int, int]:
        """Jobs queued and not yet taken, and their bytes."""
        count, size = self.db.rows("SELECT count(*), COALESCE(sum(size), 0) FROM jobs WHERE status = 'queued'")[0]
        return int(count), int(size)

    def get(self, job_id: str) -> JobRow | None:
        found = self.db.rows(f"SELECT {_COLUMNS} FROM jobs WHERE id = %s", (job_id,))
        return JobRow.of(found[0]) if found else None

    def counts(self) -> dict[str, int]:
        found = dict(self.db.rows("SELECT status, count(*) FROM jobs GROUP BY status"))
        return {s: int(found.get(s, 0)) for s in ("queued", "running", "done", "failed")}

    def mark_deleted(self, keys: list[str]) -> None:
        """Jobs accepted until now do not bring back the documents of these ids or content hashes."""
        with self.db.transaction() as conn:
            last = conn.execute("SELECT COALESCE(max(seq), 0) FROM jobs").fetchone()[0]
            conn.cursor().executemany("INSERT INTO deletions VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
                                      "SET seq = GREATEST(deletions.seq, EXCLUDED.seq)", [(k, last) for k in keys])

    def deleted_after(self, seq: int, keys: list[str]) -> bool:
        """Whether one of these documents was deleted after job ``seq`` was accepted."""
        return bool(self.db.rows("SELECT 1 FROM deletions WHERE key = ANY(%s) AND seq >= %s", (keys, seq)))

    # -- the workers' side -------------------------------------------------------------------------
    def claim(self, worker: str, lost: dict[str, Any]) -> tuple[JobRow, bytes] | None:
        """The oldest job waiting or whose worker's lease has passed, now held by ``worker``; a job whose
        workers died ``attempts`` times fails with ``lost`` instead of being taken again."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE jobs SET status = 'failed', error = %s::json, data = NULL, finished = now() "
                         "WHERE status = 'running' AND lease_until < now() AND attempts >= %s",
                         (json.dumps(lost, ensure_ascii=False), self.attempts))
            row = conn.execute(
                f"UPDATE jobs SET status = 'running', attempts = attempts + 1, worker = %s, "
                f"lease_until = now() + make_interval(secs => %s) WHERE id = ("
                f"  SELECT id FROM jobs WHERE status = 'queued' OR (status = 'running' AND lease_until < now()) "
                f"  ORDER BY seq FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING {_COLUMNS}, data",
                (worker, self.lease_s)).fetchone()
        return (JobRow.of(row[:11]), bytes(row[11])) if row else None

    def renew(self, job_id: str, worker: str) -> bool:
        """Extend the lease; False when the job is no longer this worker's."""
        with self.db.transaction() as conn:
            return conn.execute("UPDATE jobs SET lease_until = now() + make_interval(secs => %s) "
                                "WHERE id = %s AND worker = %s AND status = 'running'",
                                (self.lease_s, job_id, worker)).rowcount == 1

    def finish(self, job_id: str, worker: str, doc_id: str | None, ingest_status: str,
               record: dict[str, Any] | None) -> bool:
        with self.db.transaction() as conn:
            return conn.execute("UPDATE jobs SET status = 'done', result_doc_id = %s, ingest_status = %s, "
                                "record = %s::json, data = NULL, finished = now() "
                                "WHERE id = %s AND worker = %s AND status = 'running'",
                                (doc_id, ingest_status, json.dumps(record, ensure_ascii=False), job_id,
                                 worker)).rowcount == 1

    def fail(self, job_id: str, worker: str, error: dict[str, Any], doc_id: str | None = None) -> bool:
        with self.db.transaction() as conn:
            return conn.execute("UPDATE jobs SET status = 'failed', error = %s::json, result_doc_id = %s, "
                                "data = NULL, finished = now() WHERE id = %s AND worker = %s AND status = 'running'",
                                (json.dumps(error, ensure_ascii=False), doc_id, job_id, worker)).rowcount == 1


def error_of(exc: Any) -> dict[str, Any]:
    """A ``KBError`` as the job keeps it (any replica rebuilds it: ``exception_of``)."""
    return {"cls": type(exc).__name__, "message": exc.message, "vi": exc.vi, "code": exc.code}


def exception_of(error: dict[str, Any]) -> Any:
    from kb.errors import KBError

    classes, found = [KBError], {}
    while classes:
        cls = classes.pop()
        found[cls.__name__] = cls
        classes += cls.__subclasses__()
    return found.get(error.get("cls", ""), KBError)(error["message"], code=error.get("code"), vi=error.get("vi"))
