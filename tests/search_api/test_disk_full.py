"""Issue #16.9: a full disk is a 507 in the error shape, never a 500 naming SQLite or the store; a 5xx
names no internals and carries a request id that the server's log line carries too.

A real ``kb serve`` over a data folder on a small tmpfs that the test fills with a file (mounting one
needs root: the test is skipped without it). The embedded store writes through memory-mapped files,
and a write of it that finds the disk full kills the process (SIGBUS): the server refuses writes
that would leave less than ``KB_WRITE_RESERVE_MB`` (``kb.disk``), and with the reserve at 0 the disk's
own ENOSPC on an upload's bytes is the 507.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, clean_env, start_server

EDITOR = "editor-key-0123456789abcdef"
KEY = {"X-API-Key": EDITOR}
PLAN = "KẾ HOẠCH\nSở Y tế chủ trì số hóa 100% hồ sơ sức khỏe điện tử trước tháng 6/2026."
OTHER = "KẾ HOẠCH\nSở Tài chính chủ trì xây dựng kho dữ liệu ngân sách số trước tháng 9/2026."
LEAKS = ("disk is full", "sqlite", "No space", "Errno", "Gridstore", "Traceback", "OSError", "/")


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=320m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"a tmpfs cannot be mounted here (needs root): {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave_mb: int) -> None:
    """A file taking the disk's room but ``leave_mb`` MB (0: every byte, up to ENOSPC)."""
    with open(disk / "filler", "ab") as f:
        want = shutil.disk_usage(disk).free - (leave_mb << 20)
        try:
            while want > 0:
                want -= f.write(b"\0" * min(want, 1 << 20))
                f.flush()
        except OSError:
            pass


class Server:
    def __init__(self, data: Path, **env: str) -> None:
        self.log = tempfile.TemporaryFile()
        args = [sys.executable, "-m", "kb.cli", "serve", "--data-dir", str(data), "--port", "{port}"]
        self.proc, base = start_server(args, "/v1/healthz", clean_env(KB_API_KEYS=f"editor:{EDITOR}", **env),
                                       stderr=self.log)
        assert base, self.output()
        self.http = httpx.Client(base_url=base, timeout=120)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def upload(self, name: str, text: str) -> httpx.Response:
        return self.http.post("/v1/documents", files={"file": (name, text.encode())}, headers=KEY,
                              params={"wait": 120})

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


def assert_storage_answer(response: httpx.Response, server: Server) -> None:
    assert response.status_code == 507, response.text
    error = response.json()["error"]
    assert error["code"] == "insufficient_storage" and "dung lượng" in error["message"]
    assert not any(leak in error["message"] for leak in LEAKS), error["message"]
    assert error["request_id"] == response.headers["X-Request-ID"]
    assert error["request_id"] in server.output()  # the details are in the log, under that id


def test_a_full_disk_is_507_in_the_error_shape_and_nothing_is_lost(small_disk):
    data = small_disk / "data"
    server = Server(data, KB_WRITE_RESERVE_MB="0", KB_MIN_FREE_DISK_MB="0")
    try:
        first = server.upload("kh_yte.txt", PLAN)
        assert first.status_code == 201, first.text
        fill(small_disk, 0)  # the disk's own ENOSPC, with no reserve to stop the write first
        assert_storage_answer(server.upload("kh_tc.txt", OTHER), server)
        assert "No space left on device" in server.output()
        assert server.http.get("/v1/search", params={"q": "hồ sơ sức khỏe"}).status_code == 200
        assert not list((data / "jobs").glob("*.bin"))  # no half-written upload is left to resume
    finally:
        server.stop()
    os.unlink(small_disk / "filler")

    server = Server(data, KB_MIN_FREE_DISK_MB="150")  # the reserve at its default, 100 MB
    try:
        fill(small_disk, 50)
        doc_id = first.json()["doc_id"]
        assert_storage_answer(server.upload("kh_tc.txt", OTHER), server)
        assert_storage_answer(server.http.delete(f"/v1/documents/{doc_id}", headers=KEY), server)
        assert_storage_answer(server.http.patch(f"/v1/documents/{doc_id}", json={"title": "Kế hoạch mới"},
                                                headers=KEY), server)
        assert server.http.get(f"/v1/documents/{doc_id}").status_code == 200  # nothing was changed
        ready = server.http.get("/v1/readyz")
        assert ready.status_code == 503 and ready.json()["error"]["code"] == "disk_nearly_full"
        assert server.http.get("/v1/search", params={"q": "hồ sơ sức khỏe"}).json()["hits"]
        os.unlink(small_disk / "filler")  # room again: the same requests succeed
        assert server.upload("kh_tc.txt", OTHER).status_code == 201
        assert server.http.delete(f"/v1/documents/{doc_id}", headers=KEY).status_code == 200
        assert server.http.get("/v1/readyz").status_code == 200  # store and catalog agree
    finally:
        server.stop()
    assert "Fatal Python error" not in server.output()  # no SIGBUS (faulthandler would say so)

    fill(small_disk, 50)  # a server does not start on a disk it would fill: a line in Vietnamese, exit 1
    refused = subprocess.run([sys.executable, "-m", "kb.cli", "serve", "--data-dir", str(data), "--port", "9"],
                             cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "dung lượng" in refused.stderr, refused.stderr


def test_a_delete_cut_short_by_a_full_disk_says_so_and_is_finished_at_the_next_start(small_disk, tmp_path):
    """The disk fills after the delete's passages are gone and before its catalog write: 507, ``/readyz`` and
    ``kb check`` report the delete cut short (never a re-index bringing the document back), and the next start
    finishes it."""
    from tests.search_api.test_isolation import Pauses

    data, pauses = small_disk / "data", Pauses(tmp_path)
    server = Server(data, KB_WRITE_RESERVE_MB="0", KB_MIN_FREE_DISK_MB="0", KB_TEST_PAUSE_AT="passages_deleted",
                    KB_TEST_PAUSE_DIR=str(tmp_path))
    try:
        gone, kept = (server.upload(name, text).json()["doc_id"] for name, text in (("a.txt", PLAN), ("b.txt", OTHER)))
        with ThreadPoolExecutor(1) as pool:
            deleting = pool.submit(server.http.delete, f"/v1/documents/{gone}", headers=KEY)
            pauses.reached("passages_deleted")
            fill(small_disk, 0)
            pauses.release("passages_deleted")
            assert_storage_answer(deleting.result(), server)
        ready = server.http.get("/v1/readyz", headers={"Accept-Language": "en"})
        assert ready.status_code == 503 and ready.json()["error"]["code"] == "data_inconsistent"
        assert gone in ready.json()["error"]["message"] and "cut short" in ready.json()["error"]["message"]
    finally:
        server.stop()
    os.unlink(small_disk / "filler")
    found = subprocess.run([sys.executable, "-m", "kb.cli", "check", "--json", "--data-dir", str(data)], cwd=ROOT,
                           env=clean_env(), capture_output=True, text=True, timeout=300)
    assert found.returncode == 1, found.stderr
    assert [(p["kind"], p["doc_id"]) for p in json.loads(found.stdout)["problems"]] == [("delete_unfinished", gone)]

    server = Server(data, KB_MIN_FREE_DISK_MB="0")  # its start finishes the delete
    try:
        assert server.http.get(f"/v1/documents/{gone}").status_code == 404
        assert [d["doc_id"] for d in server.http.get("/v1/documents").json()] == [kept]
        assert server.http.get("/v1/readyz").status_code == 200
        assert not (data / "originals" / gone).exists() and (data / "originals" / kept).exists()
    finally:
        server.stop()
    assert "delete_unfinished" in server.output()
