"""The durable upload queue on a real PostgreSQL (``pg_url``): jobs taken once however many workers race,
a worker killed mid-job or an API killed after its 202 loses nothing and duplicates nothing.

Processes that die are real ones (``kb worker``, ``kb serve``) killed with SIGKILL at a named point of the
ingest (``ingest.faults``), never after a guessed time. Each process has its own in-process Qdrant
(``KB_QDRANT_URL=:memory:``: qdrant-client cannot share it between processes), so what is compared across
them is the catalog in PostgreSQL: records, passage counts, task and target records, accent counts.
The two kill tests start several processes that each load the embedder: they are ``slow`` (make test-all)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import httpx
import pytest

from kb.pg import Database
from kb.queue import JobStore
from tests.conftest import ROOT, SEED_FILES, clean_env, running_server, serve_args, start_server

EDITOR = "queue-editor-key-0123456789abcdef"
KEY = {"X-API-Key": EDITOR}
LOST = {"cls": "KBError", "message": "lost", "vi": None, "code": "worker_lost"}


def test_two_workers_racing_never_take_the_same_job(pg_url):
    db = Database(pg_url, size=4)
    store = JobStore(db)
    ids = {store.submit(f"văn bản {i}".encode(), f"{i}.txt").id for i in range(40)}
    taken: dict[str, list[str]] = {"w1": [], "w2": []}

    def work(name: str) -> None:
        while (claimed := store.claim(name, LOST)) is not None:
            taken[name].append(claimed[0].id)
            assert store.finish(claimed[0].id, name, None, "added", None)

    threads = [threading.Thread(target=work, args=(n,)) for n in taken]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken["w1"] + taken["w2"]) == sorted(ids)  # every job once: none twice, none left
    assert store.counts() == {"queued": 0, "running": 0, "done": 40, "failed": 0}
    assert {store.get(i).attempts for i in ids} == {1}
    db.close()


def test_a_job_whose_lease_ran_out_is_taken_again_then_fails(pg_url):
    db = Database(pg_url, size=2)
    store = JobStore(db, lease_s=0.2, attempts=2)
    job = store.submit(b"abc", "a.txt")
    assert store.claim("w1", LOST)[0].id == job.id
    assert store.claim("w2", LOST) is None  # held: not taken while w1's lease runs
    time.sleep(0.3)  # w1 "died": its lease has run out
    again = store.claim("w2", LOST)
    assert again is not None and again[0].id == job.id and again[0].attempts == 2 and again[1] == b"abc"
    assert not store.finish(job.id, "w1", "d", "added", None)  # the dead worker's word no longer counts
    time.sleep(0.3)  # w2 dies too: no attempt is left
    assert store.claim("w3", LOST) is None
    failed = store.get(job.id)
    assert failed.status == "failed" and failed.error["code"] == "worker_lost"
    db.close()


def _env(pg_url: str, **extra: str) -> dict[str, str]:
    return clean_env(KB_DATABASE_URL=pg_url, KB_QDRANT_URL=":memory:", KB_JOB_LEASE_S="2", **extra)


def _worker(data_dir, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb.cli", "worker", "--once", "--data-dir", str(data_dir)],
                          cwd=ROOT, env=env, capture_output=True, timeout=600)


def _catalog_counts(pg_url: str) -> dict[str, int]:
    db = Database(pg_url, size=1)
    try:
        return {table: db.rows(f"SELECT count(*) FROM {table}")[0][0] for table in
                ("facts", "accents", "jobs")} | {
            "documents": db.rows("SELECT count(*) FROM kv WHERE collection = 'kb/documents'")[0][0],
            "chunks": db.rows("SELECT COALESCE(sum((value->>'chunks')::int), 0) FROM kv "
                              "WHERE collection = 'kb/documents'")[0][0]}
    finally:
        db.close()


@pytest.fixture(scope="module")
def clean_counts(pg_cluster, module_tmp) -> dict[str, int]:
    """The catalog after a clean upload of seed 000 through the queue: what a retried one must equal."""
    url = pg_cluster.new_database()
    store = JobStore(Database(url, size=1))
    store.submit(SEED_FILES[0].read_bytes(), SEED_FILES[0].name)
    done = _worker(module_tmp, _env(url))
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    store.db.close()
    counts = _catalog_counts(url)
    assert counts["documents"] == 1 and counts["chunks"] > 0 and counts["accents"] > 0
    return counts


@pytest.mark.slow  # three `kb worker` processes, each loading the embedder: over a minute on 2 cores
def test_a_worker_killed_mid_job_loses_nothing_and_duplicates_nothing(pg_url, clean_counts, tmp_path):
    db = Database(pg_url, size=1)
    store = JobStore(db, lease_s=2)
    job = store.submit(SEED_FILES[0].read_bytes(), SEED_FILES[0].name)
    killed = _worker(tmp_path / "w1", _env(pg_url, KB_TEST_KILL_AT="facts_written:1"))
    assert killed.returncode == -9, killed.stderr.decode()[-2000:]
    assert store.get(job.id).status == "running"  # held by the dead worker until its lease runs out
    time.sleep(2.5)
    retried = _worker(tmp_path / "w2", _env(pg_url))
    assert retried.returncode == 0, retried.stderr.decode()[-2000:]
    done = store.get(job.id)
    assert done.status == "done" and done.attempts == 2 and done.record["doc_id"] == done.result_doc_id
    assert _catalog_counts(pg_url) == clean_counts
    db.close()


@pytest.mark.slow  # two `kb serve` and two `kb worker` processes: over a minute on 2 cores
def test_an_api_killed_after_202_loses_no_upload(pg_url, clean_counts, tmp_path):
    env = _env(pg_url, KB_UPLOAD_WAIT_S="0", KB_API_KEYS=f"editor:{EDITOR}")  # no worker of its own: a Qdrant URL
    args = serve_args(tmp_path / "api")
    proc, base = start_server(args, "/v1/healthz", env, stderr=subprocess.DEVNULL)
    assert base is not None
    try:
        answer = httpx.post(f"{base}/v1/documents", timeout=60, headers=KEY,
                            files={"file": (SEED_FILES[0].name, SEED_FILES[0].read_bytes())})
        assert answer.status_code == 202, answer.text
    finally:
        proc.kill()  # SIGKILL right after the 202: nothing of this process is left to finish the job
        proc.wait()
    job_id = answer.json()["job_id"]
    done = _worker(tmp_path / "w", _env(pg_url))
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    with running_server(args, "/v1/healthz", env) as other:  # another replica answers for the job
        job = httpx.get(f"{other}/v1/jobs/{job_id}", headers=KEY, timeout=30).json()
        listed = httpx.get(f"{other}/v1/documents", timeout=30).json()
    assert job["status"] == "done" and job["ingest_status"] == "added", job
    assert [d["doc_id"] for d in listed] == [job["doc_id"]]
    assert _catalog_counts(pg_url) == clean_counts
