"""Two API replicas and a worker over one PostgreSQL database and one Qdrant store: a document uploaded
through one replica is listed, searched, listed in tasks and deleted through the other, and both
answer alike.

The replicas are two apps of this process, each with its own ``KnowledgeBase`` (own catalog pool, own
embedder, own data folder), sharing the server-mode store of qdrant-client's in-process mode (``:memory:``,
which cannot be shared between processes; the processes of tests/test_queue_pg.py each have their own)."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from ingest.queue_worker import QueueWorker
from kb.service import KnowledgeBase
from kb.store.server import ServerStore
from search_api.app import create_app
from tests.conftest import SEED_FILES, make_settings

EDITOR = "replica-editor-key-0123456789abcdef"
KEY = {"X-API-Key": EDITOR}


@pytest.fixture
def cluster(pg_url, tmp_path):
    store = ServerStore.connect(":memory:", None, "passages", 384)
    kbs = []
    for name in ("a", "b", "worker"):
        kb = KnowledgeBase(make_settings(tmp_path / name, database_url=pg_url, qdrant_url=":memory:",
                                         api_keys=f"editor:{EDITOR}", originals_dir=tmp_path / "originals"))
        kb.__dict__["store"] = store  # one Qdrant for all, as a cluster's replicas share one
        kbs.append(kb)
    stop = threading.Event()
    worker = threading.Thread(target=QueueWorker(kbs[2]).run, args=(stop, 0.05), daemon=True)
    worker.start()
    with TestClient(create_app(kbs[0].settings, kbs[0])) as a, TestClient(create_app(kbs[1].settings, kbs[1])) as b:
        yield a, b, tmp_path / "originals"
    stop.set()
    worker.join(timeout=60)
    for kb in kbs:
        kb.__dict__.pop("store", None)
        kb.close()
    store.close()


def _same_hits(one: dict, two: dict) -> bool:
    """The same hits in the same order, scores equal to 1e-4: two embedders of the same question may differ
    in the 6th decimal (float sums in another order), not in what is found."""
    unscored = [[{k: v for k, v in h.items() if k != "score"} for h in r["hits"]] for r in (one, two)]
    scores = [[h["score"] for h in r["hits"]] for r in (one, two)]
    return unscored[0] == unscored[1] and scores[0] == pytest.approx(scores[1], abs=1e-4)


def _unscored(value):
    if isinstance(value, dict):
        return {k: _unscored(v) for k, v in value.items() if k != "score"}
    return [_unscored(v) for v in value] if isinstance(value, list) else value


def _same_answer(one: dict, two: dict) -> bool:
    """The same answer, records and citations; the citations' scores equal to 1e-4 (as ``_same_hits``)."""
    scores = [[c["score"] for c in r["citations"]] for r in (one, two)]
    return _unscored(one) == _unscored(two) and scores[0] == pytest.approx(scores[1], abs=1e-4)


def _done(client, job_id: str) -> dict:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}", headers=KEY).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


def test_a_document_uploaded_through_one_replica_is_served_and_deleted_through_the_other(cluster):
    a, b, originals = cluster
    first = a.post("/v1/documents", files={"file": (SEED_FILES[0].name, SEED_FILES[0].read_bytes())},
                   headers=KEY, params={"wait": 120})
    assert first.status_code == 201, first.text  # the worker did it while replica a waited
    accepted = b.post("/v1/documents", files={"file": (SEED_FILES[3].name, SEED_FILES[3].read_bytes())},
                      headers=KEY, params={"wait": 0})
    assert accepted.status_code == 202
    job = _done(a, accepted.json()["job_id"])  # replica a answers for the job replica b accepted
    assert job["status"] == "done" and job["ingest_status"] == "added", job
    doc_id = first.json()["doc_id"]

    listed = a.get("/v1/documents").json()
    assert listed == b.get("/v1/documents").json() and len(listed) == 2
    assert all(d["original"] for d in listed)  # kept in the shared originals folder, by content hash
    assert len(list(originals.rglob("*"))) >= 2
    assert b.get(f"/v1/documents/{doc_id}/original").content == SEED_FILES[0].read_bytes()
    query = {"q": "chuyển đổi số", "limit": 5}
    found = a.get("/v1/search", params=query).json()
    assert _same_hits(found, b.get("/v1/search", params=query).json()) and found["hits"]
    assert a.get("/v1/tasks").json() == b.get("/v1/tasks").json()
    asked = {"question": "Tây Ninh phấn đấu đến năm 2030 đạt mục tiêu gì về chuyển đổi số?"}
    answered = a.post("/v1/ask", json=asked).json()
    assert _same_answer(answered, b.post("/v1/ask", json=asked).json()) and answered["citations"], answered

    deleted = b.delete(f"/v1/documents/{doc_id}", headers=KEY)
    assert deleted.status_code == 200
    assert [d["doc_id"] for d in a.get("/v1/documents").json()] == [job["doc_id"]]
    assert a.get(f"/v1/documents/{doc_id}").status_code == 404
    assert all(h["doc_id"] != doc_id for h in a.get("/v1/search", params=query).json()["hits"])
    again = a.post("/v1/documents", files={"file": (SEED_FILES[3].name, SEED_FILES[3].read_bytes())},
                   headers=KEY, params={"wait": 120})
    assert again.status_code == 200 and again.headers["X-KB-Ingest-Status"] == "unchanged"  # not twice
