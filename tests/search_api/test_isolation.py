"""Issues #13.2 and #16.6–7: serving never waits behind an upload, and nothing deleted comes back.

A real ``kb serve`` over a copy of the seeded data folder. Jobs are held provably mid-flight by
pause points (``ingest.faults.pause_point``: the process doing the work writes ``NAME.reached`` with
its pid and waits for ``NAME.go`` or ``NAME.open``), never by how long the machine takes; the
requests made meanwhile are real concurrent HTTP requests.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEED_FILES, clean_env, serve_args, start_server

EDITOR = "editor-key-0123456789abcdef"
KEY = {"X-API-Key": EDITOR}
PLAN = "KẾ HOẠCH\nSở Y tế chủ trì số hóa 100% hồ sơ sức khỏe điện tử trước tháng 6/2026.\n"
PATIENCE = 180  # seconds a request may take on a loaded machine: generous, it only bounds a hang


class Pauses:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def reached(self, name: str, timeout: float = PATIENCE) -> int:
        """The pid of the process waiting at ``name`` (fails if nothing gets there)."""
        path = self.folder / f"{name}.reached"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(FileNotFoundError, ValueError):
                return int(path.read_text())
            time.sleep(0.05)
        pytest.fail(f"nothing reached the pause point {name}")

    def waiting(self, name: str) -> bool:
        return (self.folder / f"{name}.reached").exists()

    def release(self, name: str) -> None:
        (self.folder / f"{name}.go").touch()

    def open(self, name: str) -> None:
        (self.folder / f"{name}.open").touch()


@contextlib.contextmanager
def server(data: Path, pauses: Path, points: str, **env: str):
    log = pauses / "server.log"  # a file, not a pipe: a full pipe would stall the server
    with log.open("wb") as sink:
        proc, base = start_server(serve_args(data), "/v1/healthz", clean_env(
            KB_API_KEYS=f"editor:{EDITOR}", KB_TEST_PAUSE_AT=points, KB_TEST_PAUSE_DIR=str(pauses), **env),
            stderr=sink)
    if base is None:
        pytest.fail(f"kb serve did not start: {log.read_text()[-2000:]}")
    try:
        with httpx.Client(base_url=base, timeout=PATIENCE) as client:
            client.pid = proc.pid  # type: ignore[attr-defined]
            yield client
    except BaseException:
        sys.stdout.write(log.read_text()[-6000:])  # shown by pytest with the failure
        raise
    finally:
        for name in points.split(","):  # nothing may stay held while the server stops
            (pauses / f"{name}.open").touch()
        proc.terminate()
        proc.wait(timeout=60)


def upload(client: httpx.Client, name: str, text: str, doc_id: str | None = None, wait: float = 0) -> httpx.Response:
    files = {"file": (name, text.encode())}
    if doc_id:
        return client.put(f"/v1/documents/{doc_id}", files=files, headers=KEY, params={"wait": wait})
    return client.post("/v1/documents", files=files, headers=KEY, params={"wait": wait})


def job_end(client: httpx.Client, accepted: httpx.Response) -> dict:
    assert accepted.status_code == 202, accepted.text
    url = accepted.json()["status_url"]
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        job = client.get(url, headers=KEY).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    pytest.fail(f"job {url} did not end")


def seeded_ids(client: httpx.Client) -> list[str]:
    return [d["doc_id"] for d in client.get("/v1/documents").json()]


@pytest.fixture
def pauses(tmp_path) -> Pauses:
    folder = tmp_path / "pauses"
    folder.mkdir()
    return Pauses(folder)


def test_reads_and_deletes_answer_while_an_upload_is_mid_embedding(seeded_dir, pauses):
    with server(seeded_dir, pauses.folder, "embedding") as client:
        first, second = seeded_ids(client)[:2]
        accepted = upload(client, "kh_yte.txt", PLAN)
        worker = pauses.reached("embedding")
        assert client.get(accepted.json()["status_url"], headers=KEY).json()["status"] == "running"
        calls = {"health": lambda: client.get("/v1/healthz"),
                 "search": lambda: client.get("/v1/search", params={"q": "công nghệ số"}),
                 "ask": lambda: client.post("/v1/ask", json={"question": "Ai chủ trì chuyển đổi số?"}),
                 "ready": lambda: client.get("/v1/readyz"),
                 "delete": lambda: client.delete(f"/v1/documents/{first}", headers=KEY),
                 "show": lambda: client.get(f"/v1/documents/{second}")}
        with ThreadPoolExecutor(len(calls)) as pool:
            answers = {name: pool.submit(call) for name, call in calls.items()}
            statuses = {name: future.result().status_code for name, future in answers.items()}
        assert statuses == dict.fromkeys(calls, 200)
        assert pauses.waiting("embedding")  # every answer came while the upload was still mid-embedding
        # The embedding runs in another process, at a lower CPU priority than the one answering.
        assert worker != client.pid  # type: ignore[attr-defined]
        assert os.getpriority(os.PRIO_PROCESS, worker) > os.getpriority(os.PRIO_PROCESS, client.pid)  # type: ignore[attr-defined]
        pauses.release("embedding")
        job = job_end(client, accepted)
        assert job["status"] == "done", job
        hits = client.get("/v1/search", params={"q": "hồ sơ sức khỏe điện tử", "doc_id": job["doc_id"]}).json()["hits"]
        assert hits and client.get(f"/v1/documents/{first}").status_code == 404


def test_health_and_search_answer_while_many_uploads_wait(seeded_dir, pauses):
    """More waiting uploads than the server has threads: before #16.6 every route hung behind them."""
    with server(seeded_dir, pauses.folder, "embedding", KB_UPLOAD_QUEUE_MAX="100") as client:
        def send(n: int) -> httpx.Response:
            return upload(client, f"kh_{n}.txt", PLAN.replace("100%", f"{n}%"), wait=120)

        with ThreadPoolExecutor(44) as pool:
            uploads = [pool.submit(send, n) for n in range(44)]
            pauses.reached("embedding")
            time.sleep(1)  # let the uploads arrive: the checks below hold however many did
            assert client.get("/v1/healthz").status_code == 200
            assert client.get("/v1/search", params={"q": "công nghệ"}).status_code == 200
            assert client.get("/v1/readyz").status_code == 200
            assert not any(u.done() for u in uploads)  # all still waiting, the first mid-embedding
            pauses.open("embedding")
            statuses = [u.result().status_code for u in uploads]
        assert set(statuses) <= {201, 202}, statuses


def test_a_full_upload_queue_answers_503_with_retry_after(seeded_dir, pauses):
    with server(seeded_dir, pauses.folder, "embedding", KB_UPLOAD_QUEUE_MAX="2") as client:
        running = upload(client, "kh_0.txt", PLAN.replace("100%", "10%"))
        pauses.reached("embedding")
        queued = [upload(client, f"kh_{n}.txt", PLAN.replace("100%", f"{n}%")) for n in (1, 2)]
        refused = upload(client, "kh_3.txt", PLAN.replace("100%", "30%"))
        assert refused.status_code == 503 and set(refused.json()) == {"error"}, refused.text
        assert refused.json()["error"]["code"] == "queue_full" and int(refused.headers["Retry-After"]) > 0
        assert "hàng đợi" in refused.json()["error"]["message"].lower()
        pauses.open("embedding")
        assert [job_end(client, r)["status"] for r in [running, *queued]] == ["done"] * 3
        assert upload(client, "kh_3.txt", PLAN.replace("100%", "30%"), wait=120).status_code == 201


def test_uploads_queued_before_a_delete_do_not_bring_the_document_back(seeded_dir, pauses):
    with server(seeded_dir, pauses.folder, "embedding") as client:
        target, other = seeded_ids(client)[:2]
        other_source = client.get(f"/v1/documents/{other}").json()["source"]
        other_bytes = next(p for p in SEED_FILES if p.name == other_source).read_bytes()  # as kb ingest took it
        busy = upload(client, "kh_yte.txt", PLAN)  # holds the worker mid-embedding
        pauses.reached("embedding")
        replacement = upload(client, "moi.txt", PLAN.replace("Sở Y tế", "Sở Nội vụ"), doc_id=target)
        same_bytes = client.post("/v1/documents", files={"file": ("ban_sao.txt", other_bytes)}, headers=KEY,
                                 params={"wait": 0})
        for doc_id in (target, other):
            assert client.delete(f"/v1/documents/{doc_id}", headers=KEY).status_code == 200
        pauses.open("embedding")
        assert job_end(client, busy)["status"] == "done"
        for accepted in (replacement, same_bytes):
            job = job_end(client, accepted)
            assert job["status"] == "failed" and "xóa" in job["error"], job
        assert [d["source"] for d in client.get("/v1/documents").json()
                if d["source"] in ("moi.txt", "ban_sao.txt")] == []
        assert client.get(f"/v1/documents/{target}").status_code == 404
        assert client.get("/v1/search", params={"q": "Sở Nội vụ", "doc_id": target}).json()["hits"] == []
        assert not (seeded_dir / "originals" / target).exists()


def test_an_upload_racing_a_delete_answers_its_record_and_leaves_no_bytes(seeded_dir, pauses):
    with server(seeded_dir, pauses.folder, "committed") as client, ThreadPoolExecutor(1) as pool:
        pending = pool.submit(upload, client, "kh_yte.txt", PLAN, None, 120)
        pauses.reached("committed")  # stored and searchable, its answer not yet sent
        stored = client.get("/v1/documents").json()
        doc_id = next(d["doc_id"] for d in stored if d["source"] == "kh_yte.txt")
        assert client.delete(f"/v1/documents/{doc_id}", headers=KEY).status_code == 200
        pauses.open("committed")
        answer = pending.result()
        assert answer.status_code == 201 and answer.json()["doc_id"] == doc_id, answer.text
        assert client.get(f"/v1/documents/{doc_id}").status_code == 404
        originals = {p.name for p in (seeded_dir / "originals").glob("*")}
        assert originals <= set(seeded_ids(client)), "bytes left in originals/ for a deleted document"


def test_a_dead_worker_fails_its_job_in_vietnamese_and_is_restarted(seeded_dir, pauses):
    with server(seeded_dir, pauses.folder, "embedding,worker_restart") as client:
        accepted = upload(client, "kh_yte.txt", PLAN)
        worker = pauses.reached("embedding")
        assert worker != client.pid  # type: ignore[attr-defined]
        os.kill(worker, signal.SIGKILL)
        job = job_end(client, accepted)
        assert job["status"] == "failed" and "kh_yte.txt" in job["error"] and "dừng" in job["error"], job
        pauses.reached("worker_restart")  # the new worker is held before it starts: not ready meanwhile
        down = client.get("/v1/readyz")
        assert down.status_code == 503 and down.json()["error"]["code"] == "unavailable"
        assert client.get("/v1/healthz").status_code == 200
        pauses.open("worker_restart")
        pauses.open("embedding")
        again = upload(client, "kh_yte.txt", PLAN, wait=120)
        assert again.status_code == 201, again.text
        assert client.get("/v1/readyz").status_code == 200
