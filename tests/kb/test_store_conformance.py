"""One conformance suite, run against every store backend (haystack-style).

The embedded engine runs in a temporary folder; the server path runs through qdrant-client's
in-process mode (``:memory:``), the same code that talks to a real Qdrant server.
"""

from __future__ import annotations

import uuid

import numpy as np
import pytest

from kb.errors import Conflict
from kb.sparse import Sparse
from kb.store import Filters, Point
from kb.store.edge import EdgeStore
from kb.store.server import ServerStore

DIM = 8


@pytest.fixture(params=["edge", "server"])
def store(request, tmp_path):
    if request.param == "edge":
        s = EdgeStore(tmp_path / "qdrant", DIM)
    else:
        s = ServerStore.connect(":memory:", None, "passages", DIM)
    yield s
    s.close()


def _point(doc: str, seq: int, year: int, doc_type: str = "Quyết định", terms=(1, 2)) -> Point:
    rng = np.random.default_rng(hash((doc, seq)) % 2**32)
    vec = rng.normal(size=DIM)
    vec /= np.linalg.norm(vec)
    return Point(id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{doc}/{seq}")), dense=vec.tolist(),
                 sparse=Sparse(list(terms), [1.0] * len(terms)),
                 payload={"doc_id": doc, "seq": seq, "year": year, "doc_type": doc_type,
                          "issuer": "UBND tỉnh Tây Ninh", "numbers": [f"{seq}/QĐ-UBND"], "text": f"{doc} {seq}"})


def _corpus(store) -> list[Point]:
    points = [_point("a", i, 2021, terms=(1, 10 + i)) for i in range(5)]
    points += [_point("b", i, 2025, "Nghị quyết", terms=(2, 20 + i)) for i in range(3)]
    store.upsert(points)
    return points


def test_upsert_count_and_scroll_agree(store):
    _corpus(store)
    assert store.count() == 8
    assert len(list(store.scroll())) == 8
    assert store.count(Filters(doc_ids=["a"])) == 5


def test_upsert_same_ids_does_not_duplicate(store):
    points = _corpus(store)
    store.upsert(points)
    assert store.count() == 8


def test_dense_search_finds_the_exact_vector_first(store):
    points = _corpus(store)
    hits = store.search(points[3].dense, None, limit=3)
    assert hits[0].id == points[3].id
    assert hits[0].payload["text"] == "a 3"


def test_sparse_search_uses_rare_terms(store):
    points = _corpus(store)
    hits = store.search(None, Sparse([22], [1.0]), limit=3)
    assert [h.id for h in hits] == [points[7].id]


def test_hybrid_fuses_both_lists(store):
    points = _corpus(store)
    hits = store.search(points[0].dense, Sparse([21], [1.0]), limit=8)
    ids = [h.id for h in hits]
    assert points[0].id in ids[:2] and points[6].id in ids[:2]
    assert all(h.score > 0 for h in hits)


def test_filters_restrict_every_search_kind(store):
    points = _corpus(store)
    only_b = Filters(doc_types=["Nghị quyết"])
    assert {h.payload["doc_id"] for h in store.search(points[0].dense, Sparse([1, 2], [1.0, 1.0]), 10, only_b)} == {"b"}
    assert {h.payload["doc_id"] for h in store.search(points[0].dense, None, 10, Filters(year_to=2022))} == {"a"}
    assert store.count(Filters(year_from=2022, year_to=2030)) == 3
    assert store.count(Filters(numbers=["1/QĐ-UBND"])) == 2


def test_facet_counts_by_field(store):
    _corpus(store)
    assert store.facet("doc_type") == {"Quyết định": 5, "Nghị quyết": 3}


def test_delete_doc_removes_only_that_document(store):
    points = _corpus(store)
    store.delete_doc("a")
    assert store.count() == 3
    assert all(h.payload["doc_id"] == "b" for h in store.search(points[0].dense, None, 10))


def test_delete_doc_can_keep_a_new_versions_points(store):
    points = _corpus(store)
    keep = {points[0].id, points[1].id}
    store.delete_doc("a", keep_ids=keep)
    assert {h.id for h in store.scroll(Filters(doc_ids=["a"]))} == keep


def test_empty_query_returns_nothing(store):
    _corpus(store)
    assert store.search(None, Sparse([], []), 5) == []


def test_edge_store_survives_reopen_and_refuses_a_second_owner(tmp_path):
    first = EdgeStore(tmp_path / "qdrant", DIM)
    points = _corpus(first)
    with pytest.raises(Conflict):
        EdgeStore(tmp_path / "qdrant", DIM)
    first.close()
    again = EdgeStore(tmp_path / "qdrant", DIM)
    assert again.count() == 8
    assert again.search(points[2].dense, None, 1)[0].id == points[2].id
    again.close()


def test_optimize_keeps_every_passage_findable(store):
    points = _corpus(store)
    assert isinstance(store.optimize(), bool)
    assert store.count() == 8
    for point in points:
        assert store.search(point.dense, None, 1)[0].id == point.id


def test_edge_store_indexes_segments_past_the_threshold_and_keeps_the_index(tmp_path):
    store = EdgeStore(tmp_path / "qdrant", DIM, indexing_threshold_kb=1)  # 8-d vectors: 32 of them pass 1 KB
    points = [_point("big", i, 2024, terms=(1, 100 + i)) for i in range(300)]
    store.upsert(points)
    assert store.unindexed() == 300  # written, searched by exact scan
    assert store.optimize() is True
    assert store.unindexed() == 0
    assert store.optimize() is False  # nothing left to do
    more = [_point("late", i, 2025, terms=(2, 500 + i)) for i in range(100)]
    store.upsert(more)
    assert store.unindexed() == 100  # only the new ones wait for the next optimize
    assert store.optimize() is True and store.unindexed() == 0
    store.close()
    store = EdgeStore(tmp_path / "qdrant", DIM)
    assert store.count() == 400 and store.unindexed() == 0
    for point in points[::37] + more[::23]:
        assert store.search(point.dense, None, 1)[0].id == point.id
        assert store.search(None, point.sparse, 1)[0].id == point.id
    store.close()


def test_boost_lifts_passages_that_cite_a_number(store):
    points = _corpus(store)
    plain = store.search(points[0].dense, Sparse([2], [1.0]), 8)
    boosted = store.search(points[0].dense, Sparse([2], [1.0]), 8, boost=Filters(mentions=["2/QĐ-UBND"]))
    cites = {p.id for p in points if "2/QĐ-UBND" in p.payload["numbers"]}
    rank = lambda hits: min(i for i, h in enumerate(hits) if h.id in cites)  # noqa: E731
    assert rank(boosted) <= rank(plain) and rank(boosted) == 0


def test_weights_shift_the_fusion(store):
    points = _corpus(store)
    dense_heavy = store.search(points[0].dense, Sparse([21], [1.0]), 2, rrf_k=2, weights=(3.0, 0.1))
    sparse_heavy = store.search(points[0].dense, Sparse([21], [1.0]), 2, rrf_k=2, weights=(0.1, 3.0))
    assert dense_heavy[0].id == points[0].id and sparse_heavy[0].id == points[6].id


def test_dbsf_fusion_keeps_a_strong_single_list_match(store):
    points = _corpus(store)
    hits = store.search(points[0].dense, Sparse([21], [1.0]), 3, fusion="dbsf")
    assert {points[0].id, points[6].id} <= {h.id for h in hits}
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_export_gives_back_every_point_with_its_vectors(store):
    points = _corpus(store)
    exported = {p.id: p for p in store.export()}
    assert set(exported) == {p.id for p in points}
    for original in points:
        copy = exported[original.id]
        assert np.allclose(copy.dense, original.dense, atol=1e-6)
        assert (copy.sparse.indices, copy.sparse.values) == (original.sparse.indices, original.sparse.values)
        assert copy.payload == original.payload
