"""Issue #16's fault-injection suite (slow; ``make test-all``): kill, fill and corrupt, then check the invariants.

After each fault: no accepted upload (201 or 202) is lost, no document whose DELETE was answered comes
back, and the knowledge base equals a clean ingest of what was accepted and not deleted (documents,
passages, count = full scroll, records). Faults are real: SIGKILL of ``kb serve`` and its worker at
random moments of a stream of uploads and deletes, a disk filled to its last byte (``test_disk_full``
holds the 507s; here the uploads accepted before and after the fill must all be there), and files of the
upload journal damaged between two runs.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from ingest.pipeline import Ingestor
from kb.service import KnowledgeBase
from tests.conftest import clean_env, make_settings, serve_args, start_server
from tests.test_crash import _state

EDITOR = "editor-key-0123456789abcdef"
KEY = {"X-API-Key": EDITOR}
PATIENCE = 300
LIVES = 5


def plan(n: int) -> bytes:
    return (f"KẾ HOẠCH số {n}/KH-UBND\nChuyển đổi số năm 2026, đợt {n}\n\nI. MỤC TIÊU\n\n1. Đến cuối năm 2026, "
            f"ít nhất {50 + n}% hồ sơ được xử lý trực tuyến.\n\nII. NHIỆM VỤ\n\n1. Sở Nội vụ chủ trì rà soát "
            f"{n} thủ tục, hoàn thành trước tháng {1 + n % 12}/2026.\n").encode()


class Served:
    """``kb serve`` over ``data``, its log in a file; ``kill`` is SIGKILL of it and of its children."""

    def __init__(self, data: Path, log: Path, **env: str) -> None:
        with log.open("ab") as sink:
            self.proc, base = start_server(serve_args(data), "/v1/healthz", clean_env(
                KB_API_KEYS=f"editor:{EDITOR}", **env), timeout=PATIENCE, stderr=sink)
        assert base, log.read_text()[-3000:]
        self.http = httpx.Client(base_url=base, timeout=PATIENCE)

    def kill(self) -> None:
        children = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout.split()
        self.proc.send_signal(signal.SIGKILL)
        for pid in children:  # the worker: a machine that crashes takes it down too
            subprocess.run(["kill", "-9", pid], check=False)
        self.proc.wait(timeout=60)
        self.http.close()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=PATIENCE)
        self.http.close()


def job_end(http: httpx.Client, url: str) -> dict:
    deadline = time.monotonic() + PATIENCE
    while (job := http.get(url, headers=KEY).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
    return job


def clean_ingest(folder: Path, files: dict[str, bytes], cache: Path) -> Path:
    """What a clean run leaves: the same files uploaded once each, in order, into a fresh folder
    (with the served folder's embedding cache: vectors are not compared, the cache only saves time)."""
    shutil.copytree(cache, folder / "cache")
    kb = KnowledgeBase(make_settings(folder))
    try:
        ingestor = Ingestor(kb)
        for name, data in files.items():
            assert ingestor.ingest_upload(data, name).status == "added", name
        kb.store.flush()
    finally:
        kb.close()
    return folder


@pytest.mark.slow
def test_kills_fills_and_damage_lose_no_accepted_upload_and_bring_back_no_deleted_document(tmp_path):
    data, log = tmp_path / "served", tmp_path / "serve.log"
    rng = random.Random(16)
    sent: dict[str, bytes] = {}
    jobs: dict[str, str] = {}  # name → status_url of an upload answered 202 and not yet seen to end
    stored: dict[str, str] = {}  # name → doc_id of an upload seen done
    deleted: set[str] = set()  # names whose document a DELETE answered 200 removed
    n = 0
    for life in range(LIVES + 1):
        server = Served(data, log)
        for name, url in list(jobs.items()):  # every accepted upload ends, after any number of kills
            job = job_end(server.http, url)
            assert job["status"] == "done", (name, job)
            stored[name] = job["doc_id"]
            del jobs[name]
        present = {d["source"] for d in server.http.get("/v1/documents").json()}
        assert set(stored) - deleted <= present, "an accepted upload was lost"
        assert not present & deleted, "a deleted document came back"
        if life == LIVES:
            break
        for _ in range(3):
            n += 1
            name = f"kh_{n}.txt"
            sent[name] = plan(n)
            answer = server.http.post("/v1/documents", files={"file": (name, sent[name])}, headers=KEY,
                                      params={"wait": rng.choice([0, 0.5, 2])})
            assert answer.status_code in (201, 202), answer.text
            if answer.status_code == 202:
                jobs[name] = answer.json()["status_url"]
            else:
                stored[name] = answer.json()["doc_id"]
        if victims := sorted(set(stored) - deleted):
            victim = rng.choice(victims)
            assert server.http.delete(f"/v1/documents/{stored[victim]}", headers=KEY).status_code == 200
            deleted.add(victim)
        time.sleep(rng.uniform(0, 1.5))  # the kill lands wherever the jobs are by then
        server.kill()
        if life == 2:  # damage: a stray temporary file and an unreadable job file beside the real ones
            (data / "jobs" / "half-written.json.tmp").write_bytes(b"{")
            (data / "jobs" / "0000-not-a-job.json").write_bytes(b"\x00\xff")
    try:
        assert server.http.get("/v1/readyz").status_code == 200
    finally:
        server.stop()
    kept = {name: sent[name] for name in sent if name not in deleted}
    assert _state(data) == _state(clean_ingest(tmp_path / "clean", kept, data / "cache"))


@pytest.mark.slow
def test_uploads_accepted_around_a_full_disk_are_all_there(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=320m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("a tmpfs cannot be mounted here (needs root)")
    try:
        from tests.search_api.test_disk_full import fill

        data = mount / "data"
        server = Served(data, tmp_path / "serve.log", KB_MIN_FREE_DISK_MB="0")  # a 320 MB disk is "nearly full"
        accepted: dict[str, bytes] = {}
        try:
            for n in range(1, 4):
                accepted[f"kh_{n}.txt"] = plan(n)
                assert server.http.post("/v1/documents", files={"file": (f"kh_{n}.txt", plan(n))}, headers=KEY,
                                        params={"wait": 120}).status_code == 201
            fill(mount, 40)  # under the reserve: uploads are refused, nothing else changes
            for n in range(4, 7):
                refused = server.http.post("/v1/documents", files={"file": (f"kh_{n}.txt", plan(n))}, headers=KEY)
                assert refused.status_code == 507, refused.text
            (mount / "filler").unlink()
            accepted["kh_7.txt"] = plan(7)
            assert server.http.post("/v1/documents", files={"file": ("kh_7.txt", plan(7))}, headers=KEY,
                                    params={"wait": 120}).status_code == 201
            assert server.http.get("/v1/readyz").status_code == 200
        finally:
            server.stop()
        assert _state(data) == _state(clean_ingest(tmp_path / "clean", accepted, data / "cache"))
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
        shutil.rmtree(mount, ignore_errors=True)
