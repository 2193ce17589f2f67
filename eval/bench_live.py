"""What a user sees while documents are being added (issue #13): search and ask over HTTP on a real
``kb serve`` while it ingests uploads, and the rate of ``kb ingest`` on many small files.

``kb_serve`` starts the product's server on a data folder; ``during_ingest`` times sequential
searches and asks on it idle, then again while an uploader keeps its upload worker busy with new
documents (every passage new, so each is parsed and embedded, not found in the cache); ``eval.bench``
runs it on a copy of its 10k store. The small-file rate is ``eval.small_files.measure``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eval.bench_results import DuringIngest, Latency

ROOT = Path(__file__).resolve().parents[1]
EDITOR_KEY = "bench-editor-key-0123456789abcdef"
QUEUED = 2  # uploads kept waiting in the server's queue, so its worker never idles
WARM = 20  # searches and asks before any is timed (models, page cache)


def clean_env() -> dict[str, str]:
    """The defaults: no ``KB_*`` setting of the caller's (the bench measures what a fresh install does), and no
    question cache (``KB_QUERY_CACHE=0``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    env["KB_QUERY_CACHE"] = "0"  # the bench repeats its questions: each is timed as asked the first time
    env.setdefault("OMP_NUM_THREADS", "2")
    return env


@contextmanager
def kb_serve(data_dir: Path, port: int, log_path: Path, timeout_s: float = 180,
             env: dict[str, str] | None = None) -> Iterator[subprocess.Popen | None]:
    """``kb serve`` on ``data_dir`` with an editor key (``EDITOR_KEY``) and ``env``'s settings, waited for
    until ``/v1/readyz`` answers: the process, or None if it did not become ready (its output is in ``log_path``)."""
    import httpx

    with log_path.open("w") as log_file:
        proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--data-dir", str(data_dir),
                                 "--host", "127.0.0.1", "--port", str(port)],
                                cwd=ROOT, env={**clean_env(), "KB_API_KEYS": f"editor:{EDITOR_KEY}", **(env or {})},
                                stdout=log_file, stderr=subprocess.STDOUT)
        try:
            started = time.perf_counter()
            ready = False
            while not ready and time.perf_counter() - started < timeout_s and proc.poll() is None:
                try:
                    ready = httpx.get(f"http://127.0.0.1:{port}/v1/readyz", timeout=5).status_code == 200
                except httpx.HTTPError:
                    pass
                if not ready:
                    time.sleep(0.5)
            yield proc if ready else None
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


def new_plan(i: int, duties: int = 24) -> bytes:
    """A plan whose every passage is new (its number in each duty): the worker parses and embeds it all."""
    lines = [f"ỦY BAN NHÂN DÂN TỈNH TÂY NINH\nSố: {7000 + i}/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số đợt {i}\n\n"
             "I. NHIỆM VỤ\n"]
    lines += [f"{k}. Sở {('Nội vụ', 'Tài chính', 'Y tế', 'Giáo dục và Đào tạo')[k % 4]} chủ trì rà soát {k + i} "
              f"thủ tục hành chính của đợt {i}, số hóa {k * 3 + i} hồ sơ và báo cáo kết quả trước ngày "
              f"{1 + k % 28}/{1 + (i + k) % 12}/2026; kinh phí {k + i * 7} triệu đồng từ ngân sách tỉnh.\n"
              for k in range(1, duties + 1)]
    return "".join(lines).encode()


def _timed(send, samples: list[float]) -> None:
    started = time.perf_counter()
    send().raise_for_status()
    samples.append((time.perf_counter() - started) * 1000)


def _requests(client, questions: list[str], seconds: float, at_least: int) -> tuple[list[float], list[float]]:
    """Searches and asks one after another (one user) for ``seconds``, and at least ``at_least`` of each."""
    search, ask = [], []
    deadline = time.perf_counter() + seconds
    k = 0
    while time.perf_counter() < deadline or len(search) < at_least:
        q = questions[k % len(questions)]
        _timed(lambda q=q: client.get("/v1/search", params={"q": q, "limit": 10}), search)
        _timed(lambda q=q: client.post("/v1/ask", json={"question": q}), ask)
        k += 1
    return search, ask


class _Uploader(threading.Thread):
    """Keeps ``QUEUED`` uploads waiting on the server until told to stop."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.stop = base, threading.Event()
        self.jobs: list[str] = []  # each upload's status URL (answered 202)
        self.errors: list[str] = []

    def run(self) -> None:
        import httpx

        with httpx.Client(base_url=self.base, timeout=120, headers={"X-API-Key": EDITOR_KEY}) as client:
            while not self.stop.is_set():
                if sum(job(client, url)["status"] in ("queued", "running") for url in self.jobs[-QUEUED - 2:]) \
                        >= QUEUED:
                    time.sleep(1.0)
                    continue
                i = len(self.jobs)
                answer = client.post("/v1/documents", params={"wait": 0},
                                     files={"file": (f"ke_hoach_dot_{i}.txt", new_plan(i))})
                if answer.status_code == 202:
                    self.jobs.append(answer.json()["status_url"])
                else:
                    self.errors.append(f"upload HTTP {answer.status_code}")
                    time.sleep(1)


def job(client, url: str) -> dict:
    return client.get(url).json()


def during_ingest(data_dir: Path, port: int, log_path: Path, questions: list[str], passages: int,
                  seconds: float = 30.0, at_least: int = 30) -> DuringIngest | None:
    """Search and ask latency on ``kb serve`` over ``data_dir`` (``passages`` in its store), idle and
    while it ingests uploads; the uploads still queued at the end are waited for."""
    import httpx

    with kb_serve(data_dir, port, log_path) as proc:
        if proc is None:
            return None
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=120, headers={"X-API-Key": EDITOR_KEY}) as client:
            _requests(client, questions[:WARM], 0, WARM)
            idle_search, idle_ask = _requests(client, questions, seconds / 2, at_least)
            uploader = _Uploader(base)
            uploader.start()
            while not uploader.jobs and uploader.is_alive():  # the worker has work before timing starts
                time.sleep(0.1)
            search, ask = _requests(client, questions, seconds, at_least)
            uploader.stop.set()
            uploader.join(130)
            finished = [_finished(client, url) for url in uploader.jobs]
            added = [client.get(f"/v1/documents/{j['doc_id']}").json()["chunks"] for j in finished
                     if j["status"] == "done" and j.get("doc_id")]
    return DuringIngest(passages=passages, idle_search=Latency.of(idle_search), idle_ask=Latency.of(idle_ask),
                        search=Latency.of(search), ask=Latency.of(ask), uploads_sent=len(uploader.jobs),
                        uploads_done=len(added), upload_passages=sum(added), errors=uploader.errors)


def _finished(client, url: str, timeout_s: float = 300) -> dict:
    deadline = time.monotonic() + timeout_s
    while (state := job(client, url))["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.5)
    return state
