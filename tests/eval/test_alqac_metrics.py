"""The ALQAC runner's metrics on hand-made rankings, its baselines' sparse encoders, and its data reading.

No model is loaded: only underthesea (for the word encoder).
"""

from __future__ import annotations

import json
import math
import zlib

import pytest

from eval.alqac import (
    Question,
    bm25_passage,
    bm25_query,
    dedupe,
    first_rank,
    hit_at,
    load_articles,
    load_questions,
    mrr_at,
    ndcg_at,
    percentile,
    summarise,
    syllable_terms,
    unaccented,
    word_terms,
    write_png_bars,
)
from kb.sparse import K1, term_id

A, B_, C, D = ("L1", "1"), ("L1", "2"), ("L2", "1"), ("L2", "7")
GOLD = frozenset({C})


def test_hit_at_k():
    ranking = [A, B_, C, D]
    assert hit_at(ranking, GOLD, 1) == 0.0
    assert hit_at(ranking, GOLD, 2) == 0.0
    assert hit_at(ranking, GOLD, 3) == 1.0
    assert hit_at(ranking, GOLD, 10) == 1.0
    assert hit_at([C], GOLD, 1) == 1.0
    assert hit_at([], GOLD, 10) == 0.0


def test_mrr_at_10():
    assert mrr_at([C, A], GOLD) == 1.0
    assert mrr_at([A, B_, C], GOLD) == pytest.approx(1 / 3)
    assert mrr_at([A] * 10 + [C], GOLD) == 0.0  # rank 11 is outside the cut
    assert mrr_at([A, B_], GOLD) == 0.0
    assert mrr_at([A, C, D], frozenset({C, D})) == 0.5  # the first relevant one counts


def test_ndcg_at_10_one_relevant():
    assert ndcg_at([C, A, B_], GOLD) == 1.0
    assert ndcg_at([A, C], GOLD) == pytest.approx(1 / math.log2(3))
    assert ndcg_at([A, B_, D, C], GOLD) == pytest.approx(1 / math.log2(5))
    assert ndcg_at([A] * 10 + [C], GOLD) == 0.0
    assert ndcg_at([], GOLD) == 0.0


def test_ndcg_at_10_several_relevant():
    gold = frozenset({C, D})
    assert ndcg_at([C, D, A], gold) == pytest.approx(1.0)
    assert ndcg_at([D, C], gold) == pytest.approx(1.0)
    ideal = 1 + 1 / math.log2(3)
    assert ndcg_at([C, A, D], gold) == pytest.approx((1 + 1 / math.log2(4)) / ideal)
    assert ndcg_at([A, C], gold) == pytest.approx((1 / math.log2(3)) / ideal)


def test_summarise_and_first_rank():
    questions = [Question("q1", "x", frozenset({A})), Question("q2", "y", frozenset({C}))]
    rankings = [[A, B_], [B_, D, A, A, A, C]]
    out = summarise(rankings, questions)
    assert out["hit@1"] == 0.5
    assert out["hit@5"] == 0.5
    assert out["hit@10"] == 1.0
    assert out["mrr@10"] == pytest.approx((1 + 1 / 6) / 2, abs=1e-4)
    assert out["ndcg@10"] == pytest.approx((1 + 1 / math.log2(7)) / 2, abs=1e-4)
    assert first_rank(rankings[1], frozenset({C})) == 6
    assert first_rank(rankings[0], frozenset({D})) is None


def test_dedupe_keeps_first_order():
    assert dedupe([C, A, C, B_, A]) == [C, A, B_]


def test_percentile():
    assert percentile([5.0, 1.0, 3.0], 50) == 3.0
    assert percentile(list(map(float, range(1, 101))), 95) == 95.0
    assert percentile([], 50) == 0.0


def test_syllable_terms_keep_diacritics_and_drop_punctuation():
    assert syllable_terms("Sở Thông tin, và TRUYỀN thông (Điều 5)!") == [
        "sở", "thông", "tin", "và", "truyền", "thông", "điều", "5"]
    assert syllable_terms("so thong tin") == ["so", "thong", "tin"]  # no folding either way


def test_word_terms_are_underthesea_words_without_folded_copies():
    terms = word_terms("Sở Thông tin và Truyền thông chủ trì")
    assert "thông_tin" in terms
    assert "truyền_thông" in terms
    assert "thong_tin" not in terms
    assert all(t == t.lower() for t in terms)


def test_bm25_passage_saturates_and_normalises_length():
    one = bm25_passage(["luật"], avg_len=1.0)
    assert one.indices == [term_id("luật")]
    assert one.values == [pytest.approx(1.0)]  # tf 1 at the average length
    many = bm25_passage(["luật"] * 50, avg_len=50.0)
    assert 1.0 < many.values[0] < K1 + 1  # more occurrences weigh more, but never above k1 + 1
    short = bm25_passage(["luật", "đất"], avg_len=10.0)
    long = bm25_passage(["luật", "đất"] + ["khác"] * 40, avg_len=10.0)
    w_short = dict(zip(short.indices, short.values, strict=True))[term_id("luật")]
    w_long = dict(zip(long.indices, long.values, strict=True))[term_id("luật")]
    assert w_short > w_long  # the same term weighs less in a longer passage


def test_bm25_vectors_are_sorted_unique_and_query_weighs_one():
    passage = bm25_passage(syllable_terms("người lao động có quyền lao động"), avg_len=6.0)
    assert passage.indices == sorted(set(passage.indices))
    assert len(passage.indices) == 5
    query = bm25_query(["lao", "động", "lao"])
    assert query.indices == sorted({term_id("lao"), term_id("động")})
    assert query.values == [1.0, 1.0]


def test_unaccented_copy_folds_and_keeps_gold():
    questions = [Question("q-1", "Người từ đủ bao nhiêu tuổi phải chịu trách nhiệm hình sự?", frozenset({A}))]
    (copy,) = unaccented(questions)
    assert copy.text == "nguoi tu du bao nhieu tuoi phai chiu trach nhiem hinh su?"
    assert copy.qid == "q-1" and copy.gold == questions[0].gold


def test_reads_the_alqac_layout(tmp_path):
    law = [{"id": "91/2015/QH13", "articles": [{"id": "1", "text": "Phạm vi điều chỉnh\n\nBộ luật này quy định"},
                                               {"id": "2", "text": "Công nhận\n\n1. Ở nước"}]}]
    questions = [{"id": f"q-{i}", "text": "Bộ luật quy định gì?", "answer": "x",
                  "relevant_articles": [{"law_id": "91/2015/QH13", "article_id": "2"}]} for i in range(3)]
    (tmp_path / "law.json").write_text(json.dumps(law, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "question.json").write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    articles = load_articles(tmp_path)
    assert [a.key for a in articles] == [("91/2015/QH13", "1"), ("91/2015/QH13", "2")]
    assert articles[0].text.startswith("Phạm vi điều chỉnh\n\n")
    read = load_questions(tmp_path, limit=2)
    assert [q.qid for q in read] == ["q-0", "q-1"]
    assert read[0].gold == frozenset({("91/2015/QH13", "2")})


def test_fallback_png_is_a_valid_png(tmp_path):
    path = tmp_path / "chart.png"
    write_png_bars([[0.5, 0.2, 1.0, 0.0], [0.9, 0.8, 0.7, 0.6]], path, height=40)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length = int.from_bytes(data[8:12], "big")
    assert data[12:16] == b"IHDR" and length == 13
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    idat = data.index(b"IDAT")
    raw = zlib.decompress(data[idat + 4: idat + 4 + int.from_bytes(data[idat - 4: idat], "big")])
    assert height == 40 and len(raw) == height * (1 + 3 * width)


def test_paired_counts_wins_and_losses_and_tests_them():
    from eval.alqac import paired

    ours = {f"q{i}": {"rank": 1} for i in range(30)}
    other = {f"q{i}": {"rank": 1 if i < 5 else 2} for i in range(30)}  # ours alone right on 25
    ranks = {"hybrid (ours)": {"accented": ours}, "bm25": {"accented": other}}
    row = paired(ranks, "hybrid (ours)", "bm25", "accented", resamples=500)
    assert (row["wins"], row["losses"]) == (25, 0) and row["p"] < 1e-6
    assert abs(row["mrr_diff"] - 25 * 0.5 / 30) < 1e-9 and row["ci"][0] <= row["mrr_diff"] <= row["ci"][1]
    same = paired({"hybrid (ours)": {"accented": ours}, "b": {"accented": ours}}, "hybrid (ours)", "b", "accented")
    assert (same["wins"], same["losses"], same["p"], same["mrr_diff"]) == (0, 0, 1.0, 0.0)
