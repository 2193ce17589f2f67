"""The facts runner's scoring on hand-made records and answers, and the two gold files' own consistency."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from eval.facts import (
    DEFAULT_CORPUS,
    DEFAULT_QUESTIONS,
    DEFAULT_RECORDS,
    DocContext,
    answer_correct,
    answer_summary,
    body_key,
    field_checks,
    has_figure,
    main,
    match,
    numbers,
    read_jsonl,
    record_summary,
    score_answer,
    score_document,
)

RECORDS = read_jsonl(DEFAULT_RECORDS, ("source", "kind", "anchor"))
QUESTIONS = read_jsonl(DEFAULT_QUESTIONS, ("id", "question", "intent", "source", "answer"))


def task(quote, lead=(), deadline=None, start=None):
    return {"kind": "task", "quote": quote, "lead": [{"name": n, "key": n, "as_written": n} for n in lead],
            "deadline": deadline, "start": start, "end": None if start is None else start + len(quote)}


def target(quote, value, horizon=None, start=None):
    return {"kind": "target", "quote": quote, "value": value, "horizon": horizon, "start": start,
            "end": None if start is None else start + len(quote)}


def gold_task(anchor, lead, deadline=None, **extra):
    return {"source": "x", "kind": "task", "anchor": anchor, "lead": lead, "deadline": deadline, **extra}


def gold_target(anchor, value, horizon=None, **extra):
    return {"source": "x", "kind": "target", "anchor": anchor, "value": value, "horizon": horizon, **extra}


def test_normalisers():
    assert numbers("≥ 03") == ["3"] and numbers("0,5") == ["0.5"] and numbers("40 - 50") == ["40", "50"]
    assert has_figure("ít nhất 80%") and not has_figure("vào nhóm khá") and not has_figure("đến năm 2030, 5G")
    assert body_key("Các bộ, ngành") == body_key("bộ,  ngành") == "bo, nganh"
    assert body_key("Bộ Công An") == body_key("Bộ Công an")


def test_field_checks_strict_and_loose():
    g = gold_target("80% hồ sơ", "Ít nhất 80%", "vào cuối năm 2025")
    c = field_checks(g, target("Ít nhất 80% hồ sơ", "ít nhất  80%", "cuối năm 2025"))
    assert c["value"] and c["value_numbers"] and not c["horizon"] and c["horizon_years"]
    t = gold_task("chủ trì", ["Bộ Khoa học và Công nghệ", "Bộ Thông tin và Truyền thông"], "6/2025")
    c = field_checks(t, task("x chủ trì", ["Bộ Thông tin và Truyền thông", "bộ khoa hoc va cong nghe"], "6/2025"))
    assert c["lead"] and c["lead_loose"] and c["deadline"]
    c = field_checks(t, task("x chủ trì", ["Bộ Thông tin và Truyền thông"], "Quý II/2025"))
    assert not c["lead"] and not c["lead_loose"] and not c["deadline"]
    loose = field_checks(gold_task("a", ["Bộ, cơ quan ngang bộ, cơ quan khác ở trung ương"]),
                         task("a", ["Bộ", "cơ quan ngang bộ"]))
    assert not loose["lead"] and loose["lead_loose"]


def test_matching_is_one_to_one_and_prefers_agreeing_records():
    gold = [gold_target("nhóm 3 nước", "nhóm 3 nước"), gold_target("nhóm 50 nước", "nhóm 50 nước")]
    one_sentence = target("thuộc nhóm 3 nước dẫn đầu, nhóm 50 nước đứng đầu", "nhóm 3 nước")
    assert match(gold, [one_sentence]) == {0: 0}  # one record cannot stand for two targets
    split = [target("nhóm 50 nước đứng đầu", "nhóm 50 nước"), target("nhóm 3 nước dẫn đầu", "nhóm 3 nước")]
    assert match(gold, split) == {0: 1, 1: 0}
    g = [gold_task("Bộ Tài chính chủ trì", ["Bộ Tài chính"])]
    preds = [task("5. Bộ Tài chính chủ trì, phối hợp", ["Bộ Kế hoạch và Đầu tư"]),
             task("Bộ Tài chính chủ trì, phối hợp", ["Bộ Tài chính"]),
             target("Bộ Tài chính chủ trì 15%", "15%")]  # wrong kind never matches
    assert match(g, preds) == {0: 1}


def test_precision_scope_and_unscored_predictions():
    text = "Điều 4. A\nBộ X chủ trì việc một.\nĐiều 9. B\nBộ Y chủ trì việc hai.\n1 | Việc ba | Bộ Z | 6/2025"
    row = (text.index("1 | Việc ba"), len(text))
    gold = [gold_task("Bộ X chủ trì việc một", ["Bộ X"])]
    preds = [task("Bộ X chủ trì việc một.", ["Bộ X"], start=text.index("Bộ X")),
             task("Bộ X chủ trì việc một.", ["Bộ X"], start=text.index("Bộ X")),  # a duplicate: FP
             task("Bộ Y chủ trì việc hai.", ["Bộ Y"], start=text.index("Bộ Y")),  # Điều 9: out of scope
             task("Việc ba", ["Bộ Z"], start=row[0] + 4)]
    in_articles = score_document(gold, preds, DocContext("x", text, [row], {"articles": {4}}))
    assert (in_articles.tp, len(in_articles.false_positives), in_articles.out_of_scope) == (1, 1, 2)
    assert in_articles.false_positives[0]["_why"] == "duplicate of a matched gold record"
    sampled = score_document(gold, preds, DocContext("x", text, [row], {"tables": "sampled"}))
    assert (sampled.tp, len(sampled.false_positives), sampled.out_of_scope) == (1, 2, 1)  # row 'Việc ba' unsampled
    whole = score_document(gold, preds + [task("Việc bốn", []), target("nhóm khá", "vào nhóm khá")],
                           DocContext("x", text))
    assert (whole.tp, len(whole.false_positives), len(whole.unscored)) == (1, 3, 2)
    assert whole.unfaithful_quotes == 2  # the two records without offsets
    summary = record_summary([whole])
    assert summary["overall"]["precision"] == 0.25 and summary["overall"]["recall"] == 1.0
    assert summary["task"]["gold"] == 1 and summary["target"]["gold"] == 0
    assert summary["fields"]["lead"] == {"n": 1, "correct": 1, "accuracy": 1.0}


def test_firm_recall_leaves_out_debatable_gold():
    gold = [gold_task("việc một", ["Bộ X"]), gold_task("việc hai", ["Bộ Y"], debatable=True)]
    result = score_document(gold, [task("việc một", ["Bộ X"])], DocContext("x", "việc một việc hai"))
    summary = record_summary([result])["overall"]
    assert summary["recall"] == 0.5 and summary["firm_recall"] == 1.0 and summary["firm_gold"] == 1


def test_answer_correctness():
    body = {"intent": "body", "answer": "Bộ Kế hoạch và Đầu tư", "alternatives": ["Bộ Công Thương"]}
    assert answer_correct(body, "Bộ Công Thương, Bộ Tài chính")
    assert answer_correct(body, "BO KE HOACH VA DAU TU")
    assert answer_correct({"intent": "body", "answer": "Văn phòng Trung ương Đảng"}, "Văn phòng Trung ương, Bộ X")
    assert not answer_correct({"intent": "body", "answer": "Các bộ, ngành, địa phương"}, "Bộ Nội vụ, ngành")
    assert answer_correct({"intent": "target", "answer": "≥ 80"}, "≥ 80 (Đến năm 2030)")
    assert not answer_correct({"intent": "target", "answer": "≥ 80"}, "80% (Đến năm 2030)")
    assert answer_correct({"intent": "deadline", "answer": "Quý II/2025"}, "quy  II/2025")


def test_answer_scoring_and_groups():
    rows = [{"id": "q1", "question": "a", "intent": "body", "accented": True, "source": "A.md",
             "answer": "Bộ Y tế", "section": "Phụ lục II › V › 110"},
            {"id": "q2", "question": "b", "intent": "deadline", "accented": False, "source": "B.md",
             "answer": "6/2025", "also": ["C.md"]}]
    cite = SimpleNamespace
    scored = [score_answer(rows[0], cite(intent="body", answer="Bộ Y tế", citations=[cite(source="A.md")])),
              score_answer(rows[1], cite(intent="general", answer="12/2025", citations=[cite(source="C.md")]))]
    assert scored[0]["intent_ok"] and scored[0]["answer_ok"] and scored[0]["citation_ok"]
    assert not scored[1]["intent_ok"] and not scored[1]["answer_ok"] and scored[1]["citation_any_ok"]
    assert score_answer(rows[1], None)["answer_ok"] is False
    groups = answer_summary(scored, rows)["groups"]
    assert groups["overall"] == {"n": 2, "intent": 0.5, "answer": 0.5, "citation": 0.5, "citation_any": 1.0}
    assert groups["unaccented"]["n"] == 1 and groups["intent=general"]["n"] == 0
    assert answer_summary(scored, rows)["intent_confusion"]["deadline"] == {"general": 1}


def test_missing_gold_exits_2(tmp_path):
    assert main(["--records", str(tmp_path / "none.jsonl"), "--out", str(tmp_path)]) == 2
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"source": "nowhere.md", "kind": "task", "anchor": "x" * 12}) + "\n", encoding="utf-8")
    assert main(["--records", str(gold), "--out", str(tmp_path)]) == 2


# -- the gold files ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    from ingest.load import load_file

    sources = {r["source"] for r in RECORDS} | {q["source"] for q in QUESTIONS}
    return {s: unicodedata.normalize("NFC", load_file(Path(DEFAULT_CORPUS) / s)[1].text) for s in sources}


def test_every_anchor_occurs_once_in_its_document(texts):
    for r in RECORDS:
        anchor = r["anchor"]
        assert anchor == unicodedata.normalize("NFC", anchor) and 10 <= len(anchor) <= 60, anchor
        assert texts[r["source"]].count(anchor) == 1, (r["source"], anchor)


def test_record_fields_by_kind():
    assert len({r["source"] for r in RECORDS}) >= 8
    for r in RECORDS:
        assert r["kind"] in ("target", "task"), r
        if r["kind"] == "target":
            assert r["value"] and r["lead"] is None and r["deadline"] is None, r
        else:
            assert r["lead"] and all(isinstance(n, str) and n for n in r["lead"]) and r["value"] is None, r
    nq03 = [r for r in RECORDS if r["source"].startswith("NQ_03")]
    assert sum(r.get("section", "").startswith("Phụ lục II") for r in nq03) >= 15
    assert sum(r.get("section", "").startswith("Phụ lục I ") for r in nq03) >= 10


def test_questions_mix_and_answers(texts):
    ids = [q["id"] for q in QUESTIONS]
    assert ids == [f"q{i:03d}" for i in range(1, len(ids) + 1)] and len(ids) >= 60
    mix = Counter(q["intent"] for q in QUESTIONS)
    assert mix["body"] >= 15 and mix["deadline"] >= 15 and mix["target"] >= 15 and mix["general"] >= 1
    assert sum(q["source"].startswith("NQ_03") and q.get("section", "").startswith("Phụ lục") for q in QUESTIONS) >= 25
    for q in QUESTIONS:
        accepted = [q["answer"], *q.get("alternatives", [])]
        assert any(a in texts[q["source"]] for a in accepted), (q["id"], accepted)


def test_unaccented_questions_have_no_diacritics():
    plain = [q["question"] for q in QUESTIONS if not q["accented"]]
    assert len(plain) >= 16 and len(set(plain)) == len(plain)
    assert len(plain) * 4 >= len(QUESTIONS)
    for text in plain:
        decomposed = unicodedata.normalize("NFD", text)
        assert not any(unicodedata.category(ch) == "Mn" for ch in decomposed), text
        assert "đ" not in text and "Đ" not in text, text
    for q in QUESTIONS:
        if q["accented"]:
            assert any(unicodedata.category(ch) == "Mn" for ch in unicodedata.normalize("NFD", q["question"])) \
                or "đ" in q["question"].lower(), q["id"]
