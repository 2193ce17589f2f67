"""The benchmark's helpers: percentiles, vector perturbation and the synthetic point builder.

No model and no store: vectors are random unit vectors, sparse vectors hand-made.
"""

from __future__ import annotations

import numpy as np
import pytest

from eval.bench import (
    SIGMA,
    SPARSE_NOISE,
    RealPassage,
    percentile,
    perturb,
    perturb_sparse,
    point_id,
    spread,
    summary,
    synthetic_points,
)
from kb.sparse import Sparse


def unit_rows(n: int, dim: int = 384, seed: int = 1) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def real_passages(n: int = 3) -> list[RealPassage]:
    vectors = unit_rows(n)
    return [RealPassage(vectors[i], Sparse([3, 17, 40 + i], [0.5, 1.2, 0.8]),
                        {"doc_id": f"doc{i % 2}", "source": f"f{i % 2}.txt", "seq": i, "text": f"đoạn {i}",
                         "section": "Điều 1", "start": 0, "end": 6, "doc_type": "Luật", "year": 2020,
                         "numbers": []})
            for i in range(n)]


def test_percentile_interpolates_like_numpy():
    values = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert percentile(values, 50) == 3.0
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 5.0
    assert percentile(values, 95) == pytest.approx(4.8)
    data = list(np.random.default_rng(0).exponential(20, 137))
    for p in (50, 95, 99):
        assert percentile(data, p) == pytest.approx(round(float(np.percentile(data, p)), 2))


def test_percentile_edges():
    assert percentile([], 95) is None
    assert percentile([7.123], 99) == 7.12
    stats = summary([1.0, 2.0, 3.0])
    assert stats == {"p50": 2.0, "p95": 2.9, "p99": 2.98, "n": 3}


def test_perturb_keeps_unit_norm_and_stays_close():
    original = unit_rows(500)
    noisy = perturb(original, np.random.default_rng(3))
    assert noisy.shape == original.shape
    assert np.allclose(np.linalg.norm(noisy, axis=1), 1.0, atol=1e-5)
    cosine = np.sum(noisy * original, axis=1)
    assert cosine.min() >= 0.95
    assert cosine.max() < 0.999  # it did move
    assert not np.allclose(noisy[0], perturb(original, np.random.default_rng(4))[0])


def test_perturb_one_vector_and_the_default_sigma():
    vector = unit_rows(1)[0]
    out = perturb(vector, np.random.default_rng(0))
    assert out.shape == (1, 384)
    assert SIGMA * np.sqrt(384) < 0.3  # expected noise length: cosine ≈ 1 / sqrt(1 + σ²·384) ≥ 0.95


def test_perturb_sparse_keeps_terms_and_bounds_weights():
    vector = Sparse([1, 5, 9], [1.0, 2.0, 0.5])
    out = perturb_sparse(vector, np.random.default_rng(0))
    assert out.indices == vector.indices
    for before, after in zip(vector.values, out.values, strict=True):
        assert before * (1 - SPARSE_NOISE) <= after <= before * (1 + SPARSE_NOISE)
    assert out.values != vector.values


def test_synthetic_points_real_first_then_noisy_copies():
    real = real_passages(3)
    points = synthetic_points(real, 0, 8)
    assert [p.id for p in points] == [point_id(i) for i in range(8)]
    assert len({p.id for p in points}) == 8
    for i in range(3):  # the real passages themselves
        assert points[i].dense == pytest.approx(real[i].dense.tolist())
        assert points[i].sparse == real[i].sparse
        assert points[i].payload == real[i].payload
    for i in range(3, 8):  # copy i // 3 of passage i % 3
        base, copy = real[i % 3], i // 3
        p = points[i]
        dense = np.asarray(p.dense)
        assert abs(np.linalg.norm(dense) - 1) < 1e-5
        assert float(dense @ base.dense) >= 0.95
        assert p.sparse.indices == base.sparse.indices
        assert p.payload["doc_id"] == f"{base.payload['doc_id']}-{copy:03d}"
        assert p.payload["source"] == f"{copy:03d}_{base.payload['source']}"
        assert {k: v for k, v in p.payload.items() if k not in ("doc_id", "source")} == \
            {k: v for k, v in base.payload.items() if k not in ("doc_id", "source")}
    assert real[0].payload["doc_id"] == "doc0"  # the real passages are not changed


def test_synthetic_points_are_deterministic_whatever_the_batches():
    real = real_passages(4)
    whole = synthetic_points(real, 0, 20, seed=7)
    pieces = synthetic_points(real, 0, 9, seed=7) + synthetic_points(real, 9, 20, seed=7)
    assert [(p.id, p.dense, p.sparse.values) for p in whole] == [(p.id, p.dense, p.sparse.values) for p in pieces]
    other = synthetic_points(real, 0, 20, seed=8)
    assert other[10].dense != whole[10].dense


def test_spread_picks_evenly():
    assert spread(list(range(10)), 5) == [0, 2, 4, 6, 8]
    assert spread([1, 2], 5) == [1, 2]


def test_listing_bench_copies_records_under_new_ids_and_calls_as_the_routes_do(tmp_path):
    from eval.listings import fact_call, fill, worst_p95
    from kb.docstore import SqliteCatalog
    from kb.facts import FactFilter

    documents = [{"doc_id": "d1", "source": "a.md", "chunks": 1}, {"doc_id": "d2", "source": "b.md", "chunks": 1}]
    facts = {"d1": [{"kind": "task", "doc_id": "d1", "start": 5, "due": "2026-01-01"},
                    {"kind": "target", "doc_id": "d1", "start": 9, "horizon_year": 2030}],
             "d2": [{"kind": "task", "doc_id": "d2", "start": 1}]}
    catalog = SqliteCatalog(tmp_path / "catalog.sqlite")
    try:
        assert fill(catalog, documents, facts, 7) == 9  # whole copies of the corpus until there are enough
        assert sorted(r["doc_id"] for r in catalog.listed())[:3] == ["d1-0001", "d1-0002", "d1-0003"]
        assert {r["source"] for r in catalog.listed()} >= {"0001-a.md", "0003-b.md"}
        total, page = catalog.page_facts(*fact_call("/v1/tasks", {"offset": 2})[:2], 10, 2)
        assert total == 6 and [r["doc_id"] for r in page] == ["d1-0003", "d2-0001", "d2-0002", "d2-0003"]
    finally:
        catalog.close()
    assert fact_call("/v1/targets", {"horizon_year": 2030}) == (
        "target", FactFilter(due_after="2030-01-01", due_to="2030-12-31"), 0)
    measured = {"postgres": {"http": {"a": {"p95_ms": 3.0}, "b": {"p95_ms": 7.5}}}, "sqlite": {"error": "x"}}
    assert worst_p95(measured, "postgres") == 7.5 and worst_p95(measured, "sqlite") is None
