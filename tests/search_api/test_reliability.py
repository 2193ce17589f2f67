"""Issue #16: the upload worker survives any failure of a job, and a dead worker is not 'ready'.

Real app, real worker thread, real store and embedder in a temp folder; faults are injected by
making a real component fail (a sqlite error from the embedding cache, a file where ``originals/``
should be a folder).
"""

from __future__ import annotations

import sqlite3
import time

import pytest
from fastapi.testclient import TestClient

from kb.embed import CachedEmbedder
from search_api.app import create_app
from tests.conftest import make_settings

EDITOR = "editor-key-0123456789abcdef"
KEY = {"X-API-Key": EDITOR}
PLAN = "KẾ HOẠCH\nSở Y tế chủ trì số hóa 100% hồ sơ sức khỏe điện tử trước tháng 6/2026."
OTHER = "KẾ HOẠCH\nSở Tài chính chủ trì xây dựng kho dữ liệu ngân sách số trước tháng 9/2026."


@pytest.fixture
def client(tmp_path):
    settings = make_settings(tmp_path / "data", api_keys=f"editor:{EDITOR}")
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def thread_client(tmp_path):
    """Files prepared in the app's own process (``KB_UPLOAD_WORKER=thread``), where a fault can be patched in."""
    settings = make_settings(tmp_path / "data", api_keys=f"editor:{EDITOR}", upload_worker="thread")
    with TestClient(create_app(settings)) as c:
        yield c


def upload(client: TestClient, name: str, text: str, **params):
    params.setdefault("wait", 120)  # a 201 whatever the machine's speed (its worker runs at a lower priority)
    return client.post("/v1/documents", files={"file": (name, text.encode())}, headers=KEY, params=params)


def test_a_sqlite_error_fails_one_job_in_vietnamese_and_the_next_upload_works(thread_client, monkeypatch):
    client = thread_client
    calls = {"n": 0}
    real = CachedEmbedder.passages

    def disk_error_once(self, texts):
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, texts)

    monkeypatch.setattr(CachedEmbedder, "passages", disk_error_once)
    failed = upload(client, "kh_yte.txt", PLAN)
    assert failed.status_code >= 500 and set(failed.json()) == {"error"}
    message = failed.json()["error"]["message"]
    assert "disk" not in message and "OperationalError" not in message and "sqlite" not in message.lower()
    assert "tệp" in message or "tài liệu" in message  # said in Vietnamese
    created = upload(client, "kh_tc.txt", OTHER)
    assert created.status_code == 201, created.text
    assert client.get("/v1/readyz").status_code == 200


def test_a_failure_outside_the_pipeline_does_not_end_the_worker(client, tmp_path):
    (tmp_path / "data" / "originals").write_bytes(b"")  # a file where the folder of originals goes
    accepted = upload(client, "kh_yte.txt", PLAN, wait=0)
    assert accepted.status_code == 202
    job_url = accepted.json()["status_url"]
    job = client.get(job_url, headers=KEY).json()
    for _ in range(600):
        if job["status"] not in ("queued", "running"):
            break
        time.sleep(0.1)
        job = client.get(job_url, headers=KEY).json()
    assert job["status"] == "failed" and job["error"] and "FileExistsError" not in job["error"]
    assert client.get("/v1/readyz").status_code == 200
    (tmp_path / "data" / "originals").unlink()
    created = upload(client, "kh_tc.txt", OTHER)
    assert created.status_code == 201, created.text
    assert (tmp_path / "data" / "originals" / created.json()["doc_id"]).is_file()


def test_readyz_fails_in_the_error_shape_when_the_worker_is_dead(client):
    client.app.state.jobs.stop()  # the worker thread ends
    ready = client.get("/v1/readyz")
    assert ready.status_code == 503 and ready.json()["error"]["code"] == "unavailable"
    refused = upload(client, "kh_yte.txt", PLAN)
    assert refused.status_code == 503 and set(refused.json()) == {"error"}



@pytest.mark.parametrize(("raised", "status", "code"), [
    (sqlite3.OperationalError("database or disk is full"), 507, "insufficient_storage"),
    (OSError(28, "No space left on device"), 507, "insufficient_storage"),
    (RuntimeError("Service internal error: Gridstore IO error: os error 28"), 507, "insufficient_storage"),
    (RuntimeError("Gridstore IO error: page 7 of /data/qdrant/segments/x cannot be read"), 500, "internal_error")])
def test_an_unexpected_error_names_no_internals_and_carries_a_request_id(tmp_path, monkeypatch, caplog,
                                                                          raised, status, code):
    from kb.service import KnowledgeBase

    def fails(self, *args, **kwargs):
        raise raised

    monkeypatch.setattr(KnowledgeBase, "document_page", fails)  # what GET /v1/documents calls
    settings = make_settings(tmp_path / "data", upload_worker="thread")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        for lang in ("vi", "en"):
            response = client.get("/v1/documents", headers={"Accept-Language": lang})
            assert response.status_code == status and response.json()["error"]["code"] == code
            error = response.json()["error"]
            assert not any(leak in error["message"] for leak in ("database or", "Gridstore", "os error", "/data", "28"))
            assert error["request_id"] == response.headers["X-Request-ID"]
            assert error["request_id"] in caplog.text and str(raised) in caplog.text  # the details: in the log
