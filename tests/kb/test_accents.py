"""Restoring the diacritics of questions typed without them (kb.accents), on the real catalog."""

from __future__ import annotations

import sqlite3

from kb.accents import AccentModel, count_ngrams
from kb.service import KnowledgeBase
from kb.text import fold
from tests.conftest import make_settings

PLAN = ("Sở Nội vụ chủ trì rà soát thủ tục hành chính. Đến cuối năm 2025, ít nhất 80% hồ sơ thủ tục hành chính "
        "được xử lý trực tuyến; bảo đảm an toàn thông tin. Tổ công nghệ số cộng đồng được thành lập ở mỗi ấp.")


def _model(*texts: str) -> AccentModel:
    model = AccentModel(sqlite3.connect(":memory:", isolation_level=None))
    for i, text in enumerate(texts):
        model.add(f"doc{i}", text)
    return model


def test_an_unaccented_question_gets_the_documents_words_back():
    model = _model(PLAN)
    assert model.restore("ho so thu tuc hanh chinh xu ly truc tuyen") == "hồ sơ thủ tục hành chính xử lý trực tuyến"
    assert model.restore("so noi vu chu tri") == "sở nội vụ chủ trì"  # context: "sở nội", not "số"


def test_question_words_come_from_the_built_in_list_not_the_documents():
    model = _model(PLAN)  # the documents say "bảo đảm", never "bao nhiêu"
    assert model.restore("bao nhieu to cong nghe so cong dong?") == "bao nhiêu tổ công nghệ số cộng đồng?"


def test_accented_questions_numbers_and_unknown_words_are_left_as_typed():
    model = _model(PLAN)
    assert model.restore("Sở Nội vụ chu tri") == "Sở Nội vụ chu tri"  # any diacritic: taken as meant
    assert model.restore("713/QD-UBND nam 2025 xyzzy") == "713/QD-UBND năm 2025 xyzzy"
    assert _model().restore("thu tuc") == "thu tuc"  # an empty knowledge base restores nothing


def test_a_document_can_be_recounted_and_removed_exactly():
    model = _model(PLAN, "Bảo tàng tỉnh.")
    before = model._forms(1, "bao")
    model.add("doc0", PLAN)  # counted again: replaced, not doubled
    assert model._forms(1, "bao") == before
    model.remove("doc1")
    assert "bảo" in model._forms(1, "bao") and model._forms(2, "bao tang") == {}
    model.remove("doc0")
    assert model.restore("thu tuc") == "thu tuc"


def test_document_numbers_and_digits_are_not_counted():
    counts = count_ngrams("Quyết định 713/QĐ-UBND năm 2025, Sở Y tế")
    assert {(n, f) for n, f, _ in counts} == {(1, "quyet"), (1, "dinh"), (2, "quyet dinh"), (1, "nam"),
                                              (1, "so"), (1, "y"), (1, "te"), (2, "so y"), (2, "y te")}


def test_search_and_ask_restore_from_the_catalog_and_deleting_forgets(seeded_kb):
    accented = "Tây Ninh đã thành lập bao nhiêu tổ công nghệ số cộng đồng?"
    result = seeded_kb.search(fold(accented))
    assert result.restored_query and fold(result.restored_query) == fold(accented)
    assert result.hits[0].doc_id == seeded_kb.search(accented).hits[0].doc_id
    assert seeded_kb.search(accented).restored_query is None
    assert seeded_kb.ask(fold(accented)).restored_query == result.restored_query

    doc_id = result.hits[0].doc_id
    seeded_kb.delete(doc_id)
    assert doc_id not in seeded_kb.catalog.accents.doc_ids()


def test_a_catalog_from_before_the_model_is_counted_when_opened(seeded_dir):
    db = sqlite3.connect(seeded_dir / "catalog.sqlite")
    db.execute("DROP TABLE accents")  # as a data folder ingested by an older version
    db.commit()
    db.close()
    kb = KnowledgeBase(make_settings(seeded_dir))
    try:
        assert kb.catalog.accents.doc_ids() == {r["doc_id"] for r in kb.catalog.records()}
        assert kb.search("to cong nghe cong dong").restored_query == "tổ công nghệ cộng đồng"
    finally:
        kb.close()
