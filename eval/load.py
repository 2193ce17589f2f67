"""A bounded loopback load on a real ``kb serve`` (issue #16's "done when"), with its end state checked.

    python -m eval.load --data-dir data --work /tmp/kbload [--seconds 120] [--pdf-pages 600]

Serves a copy of ``--data-dir`` and, for ``--seconds``: 8 clients each searching and asking in turn, an
upload of a small plan every second (``wait=0``: 202 and a job, or 201), a large generated PDF
(``--pdf-pages``) uploaded at the start, a DELETE of one of the served documents every 10 s, and
``/v1/healthz`` every 100 ms. Before that, the search latency of the idle server. Then every accepted
upload is waited for (up to ``--drain`` s), the server stopped, and its data folder compared with a
clean one: the same copy, the same documents deleted, the accepted uploads ingested once each in order
(vectors are not compared: the embedding cache is shared to save time). Prints a summary and writes
``--out`` (JSON): the end state read from the server before it stops (``end_state``: the documents it
holds against those it had, less the deleted ones, plus those the accepted uploads stored; the catalog's
passage count against the store's; each document found by a search filtered to it; each deleted one
gone), 5xx answers (503 ``queue_full`` with Retry-After counted apart: it is back-pressure,
and the uploader then skips that second), search p95 under load against idle, ``/healthz`` p99, and
whether the end state equals the clean one. Goals (#16): no 5xx, p95 ≤ 2× idle, health p99 ≤ 50 ms.

It loads the machine for its duration: do not run it beside other work that is being timed.
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

QUERIES = ["chuyển đổi số", "Sở Y tế chủ trì", "hồ sơ trực tuyến", "kế hoạch năm 2026", "ngân sách nhà nước",
           "cải cách hành chính", "dữ liệu dân cư", "giáo dục mầm non"]
QUESTIONS = ["Ai chủ trì chuyển đổi số?", "Mục tiêu hồ sơ trực tuyến là bao nhiêu?",
             "Thời hạn hoàn thành rà soát thủ tục là khi nào?", "Cơ quan nào phối hợp thực hiện?"]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def small_plan(n: int) -> bytes:
    return (f"KẾ HOẠCH số {n}/KH-TẢI\nTải thử số {n}\n\nI. MỤC TIÊU\n\n1. Đến cuối năm 2026, {n % 100}% hồ sơ "
            f"được xử lý trực tuyến.\n\nII. NHIỆM VỤ\n\n1. Sở Nội vụ chủ trì rà soát {n} thủ tục, hoàn thành "
            f"trước tháng {1 + n % 12}/2026.\n").encode()


def large_pdf(pages: int) -> bytes:
    """A plan of ``pages`` pages of numbered duties (real text, Vietnamese with its diacritics)."""
    import pymupdf

    doc = pymupdf.open()
    font = {"fontname": "dv", "fontfile": str(FONT)} if FONT.exists() else {"fontname": "helv"}
    for p in range(pages):
        page = doc.new_page()
        lines = [f"{p * 12 + i + 1}. Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Ủy ban nhân dân cấp huyện "
                 f"triển khai nhiệm vụ số {p * 12 + i + 1}, hoàn thành trước tháng {1 + i}/2027." for i in range(12)]
        title = "KẾ HOẠCH thực hiện chương trình chuyển đổi số giai đoạn 2026-2030\n\n" if p == 0 else ""
        page.insert_textbox(pymupdf.Rect(50, 50, 545, 800), title + "\n".join(lines), fontsize=10, **font)
    return doc.tobytes()


def quantile(values: list[float], q: float) -> float | None:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else None


class Run:
    """What the load saw, from every thread."""

    def __init__(self, base: str, key: str) -> None:
        self.base, self.headers = base, {"X-API-Key": key}
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.five_xx: list[str] = []
        self.queue_full = 0
        self.latency: dict[str, list[float]] = {"search": [], "ask": [], "health": []}
        self.accepted: dict[str, tuple[bytes, str]] = {}  # name → (bytes, status_url or doc_id)
        self.deleted: list[str] = []
        self.stop = threading.Event()

    def call(self, http: httpx.Client, kind: str | None, method: str, path: str, **kw) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = http.request(method, path, **kw)
        except httpx.HTTPError as exc:
            with self.lock:
                self.five_xx.append(f"{method} {path}: {type(exc).__name__}")
            return None
        took = time.perf_counter() - started
        with self.lock:
            self.statuses[response.status_code] += 1
            if kind:
                self.latency[kind].append(took)
            if response.status_code >= 500:
                if response.status_code == 503 and "Retry-After" in response.headers:
                    self.queue_full += 1
                else:
                    self.five_xx.append(f"{method} {path}: {response.status_code} {response.text[:200]}")
        return response

    def client(self, n: int) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as http:
            i = n
            while not self.stop.is_set():
                self.call(http, "search", "GET", "/v1/search", params={"q": QUERIES[i % len(QUERIES)]})
                self.call(http, "ask", "POST", "/v1/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
                i += 1

    def upload(self, http: httpx.Client, name: str, data: bytes) -> None:
        answer = self.call(http, None, "POST", "/v1/documents", files={"file": (name, data)},
                           headers=self.headers, params={"wait": 0})
        if answer is not None and answer.status_code in (201, 202):
            body = answer.json()
            with self.lock:
                self.accepted[name] = (data, body.get("status_url") or body["doc_id"])

    def uploader(self) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as http:
            n = 0
            while not self.stop.wait(1.0):
                n += 1
                self.upload(http, f"tai_thu_{n}.txt", small_plan(n))

    def deleter(self, doc_ids: list[str]) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as http:
            while doc_ids and not self.stop.wait(10.0):
                doc_id = doc_ids.pop()
                answer = self.call(http, None, "DELETE", f"/v1/documents/{doc_id}", headers=self.headers)
                if answer is not None and answer.status_code == 200:
                    self.deleted.append(doc_id)

    def health(self) -> None:
        with httpx.Client(base_url=self.base, timeout=10) as http:
            while not self.stop.wait(0.1):
                self.call(http, "health", "GET", "/v1/healthz")

    def drain(self, seconds: float) -> tuple[dict[str, str], list[str]]:
        """Wait for every accepted upload's job: (name → doc_id of those stored, what became of the others)."""
        deadline, stored, bad = time.monotonic() + seconds, {}, []
        with httpx.Client(base_url=self.base, timeout=60) as http:
            for name, (_, where) in self.accepted.items():
                if not where.startswith("/v1/jobs/"):
                    stored[name] = where  # a 201: its doc_id
                    continue
                while (job := http.get(where, headers=self.headers).json())["status"] in ("queued", "running"):
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.5)
                if job["status"] == "done":
                    stored[name] = job["doc_id"]
                else:
                    bad.append(f"{name}: {job['status']} {job.get('error')}")
        return stored, bad

    def end_state(self, before: list[str], stored: dict[str, str]) -> dict:
        """What the server holds against what it should: the documents it had but the deleted ones, plus
        those the uploads stored; the catalog's passages against the store's; each document found by a
        search (of its title, filtered to it); each deleted one gone (404, no passage found)."""
        with httpx.Client(base_url=self.base, timeout=120, headers=self.headers) as http:
            docs = {d["doc_id"]: d for d in http.get("/v1/documents", params={"limit": 1000}).json()}
            expected = (set(before) - set(self.deleted)) | set(stored.values())
            store = http.get("/v1/readyz").json().get("passages")
            unfound = [d for d, record in docs.items() if not http.get("/v1/search", params={
                "q": record.get("title") or record["source"], "doc_id": d, "limit": 1}).json()["hits"]]
            back = [d for d in self.deleted if http.get(f"/v1/documents/{d}").status_code != 404
                    or http.get("/v1/search", params={"q": "kế hoạch", "doc_id": d}).json()["hits"]]
        catalog = sum(record.get("chunks", 0) for record in docs.values())
        state = {"documents": len(docs), "documents_expected": len(expected),
                 "missing": sorted(expected - docs.keys()), "unexpected": sorted(docs.keys() - expected),
                 "passages_catalog": catalog, "passages_store": store, "not_found_by_search": unfound,
                 "deleted_back": back}
        state["equal"] = not (state["missing"] or state["unexpected"] or unfound or back) and catalog == store
        return state


def start(data: Path, key: str, log: Path) -> tuple[subprocess.Popen, str]:
    from eval.bench import clean_env
    from tests.conftest import start_server

    args = [sys.executable, "-m", "kb.cli", "serve", "--data-dir", str(data), "--port", "{port}"]
    proc, base = start_server(args, "/v1/healthz", {**clean_env(), "KB_API_KEYS": f"editor:{key}"}, timeout=300,
                              stderr=log.open("wb"))
    if base is None:
        raise SystemExit(f"kb serve did not start: {log.read_text()[-2000:]}")
    return proc, base


def clean_state(original: Path, folder: Path, cache: Path, deleted: list[str], uploads: list[tuple[str, bytes]]):
    """The clean data folder's state: the copy, the same deletions, each accepted upload ingested once."""
    from ingest.pipeline import Ingestor
    from kb.config import Settings
    from kb.service import KnowledgeBase
    from tests.test_crash import _state  # the state the crash and fault tests compare

    shutil.copytree(original, folder)
    shutil.rmtree(folder / "cache", ignore_errors=True)
    shutil.copytree(cache, folder / "cache")
    kb = KnowledgeBase(Settings(data_dir=folder))
    try:
        for doc_id in deleted:
            kb.delete(doc_id)
        ingestor = Ingestor(kb)
        for name, data in uploads:
            ingestor.ingest_upload(data, name)
        kb.store.flush()
    finally:
        kb.close()
    return _state(folder)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, required=True, help="an ingested data folder (copied, not changed)")
    p.add_argument("--work", type=Path, required=True, help="an empty folder for the copies")
    p.add_argument("--seconds", type=float, default=120)
    p.add_argument("--pdf-pages", type=int, default=600)
    p.add_argument("--drain", type=float, default=1800, help="seconds to wait for the accepted uploads after")
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args(argv)
    from tests.test_crash import _state

    served, key = args.work / "served", secrets.token_hex(16)
    shutil.copytree(args.data_dir, served)
    proc, base = start(served, key, args.work / "serve.log")
    run = Run(base, key)
    with httpx.Client(base_url=base, timeout=60) as http:
        for i in range(45):  # idle: 5 to warm up, 40 measured
            run.call(http, "search" if i >= 5 else None, "GET", "/v1/search", params={"q": QUERIES[i % len(QUERIES)]})
        idle = list(run.latency["search"])
        run.latency["search"].clear()
        doc_ids = [d["doc_id"] for d in http.get("/v1/documents", params={"limit": 1000}).json()]
    doc_ids_before = list(doc_ids)  # the deleter takes from doc_ids
    pdf = large_pdf(args.pdf_pages)
    threads = [threading.Thread(target=run.client, args=(n,)) for n in range(8)]
    threads += [threading.Thread(target=run.uploader), threading.Thread(target=run.health),
                threading.Thread(target=run.deleter, args=(doc_ids[::-1][:int(args.seconds // 10)],)),
                threading.Thread(target=run.upload, args=(httpx.Client(base_url=base, timeout=120), "lon.pdf", pdf))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    run.stop.wait(args.seconds)
    run.stop.set()
    for thread in threads:
        thread.join()
    p95_idle, p95_load = quantile(idle, 0.95), quantile(run.latency["search"], 0.95)
    report = {"seconds": round(time.monotonic() - started, 1), "pdf_pages": args.pdf_pages,
              "statuses": dict(run.statuses), "five_xx": len(run.five_xx), "five_xx_first": run.five_xx[:10],
              "queue_full_503": run.queue_full, "searches": len(run.latency["search"]), "asks": len(run.latency["ask"]),
              "search_p95_idle_ms": round(1000 * p95_idle, 1), "search_p95_load_ms": round(1000 * p95_load, 1),
              "search_p95_ratio": round(p95_load / p95_idle, 2),
              "health_p99_ms": round(1000 * quantile(run.latency["health"], 0.99), 1),
              "uploads_accepted": len(run.accepted), "deleted": len(run.deleted)}
    print(json.dumps(report, ensure_ascii=False), file=sys.stderr, flush=True)  # noqa: T201 - the figures at once
    stored, report["uploads_not_done"] = run.drain(args.drain)
    waiting = [b for b in report["uploads_not_done"] if b.split()[1] in ("queued", "running")]
    report["end_state"] = run.end_state(doc_ids_before, stored)
    print(json.dumps(report["end_state"], ensure_ascii=False), file=sys.stderr, flush=True)  # noqa: T201
    proc.terminate()
    proc.wait(timeout=120)
    uploads = [(name, data) for name, (data, _) in run.accepted.items() if name in stored]  # not the failed
    same = None if waiting else (  # a comparison with jobs still waiting would say nothing
        _state(served) == clean_state(args.data_dir, args.work / "clean", served / "cache", run.deleted, uploads))
    report["end_state_equals_clean"] = same
    print(json.dumps(report, ensure_ascii=False, indent=1))  # noqa: T201
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    ok = (not run.five_xx and report["search_p95_ratio"] <= 2 and report["health_p99_ms"] <= 50 and same
          and report["end_state"]["equal"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
