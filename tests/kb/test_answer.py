"""Direct answers from records, browsing questions, and the plain-sentence fallback."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from kb.answer import NOT_FOUND, detect_intent
from kb.facts import FactFilter


@pytest.mark.parametrize("question,intent", [
    ("Cơ quan nào chủ trì xây dựng Luật Công nghiệp công nghệ số?", "body"),
    ("co quan nao chu tri", "body"),
    ("Thời hạn hoàn thành nhiệm vụ này là khi nào?", "deadline"),
    ("bao gio phai xong", "deadline"),
    ("Tỷ lệ dịch vụ công trực tuyến đạt bao nhiêu?", "target"),
    ("Nghị quyết 57 nói gì về thể chế?", "general"),
])
def test_intent_from_the_question_words(question, intent):
    assert detect_intent(question) == intent


def test_body_question_answers_with_the_lead_body_of_the_row(plan_kb):
    answer = plan_kb.ask("Cơ quan nào chủ trì xây dựng chương trình tuyên truyền thường xuyên về Nghị quyết 57-NQ/TW?")
    # who leads, then with whom (the row's "Cơ quan phối hợp")
    partners = ", ".join(b.name for b in answer.facts[0].coordinators)
    assert answer.intent == "body" and partners
    assert answer.answer == f"Bộ Thông tin và Truyền thông (phối hợp: {partners})"
    first = answer.citations[0]
    assert first.section == "Phụ lục II › I › 1" and first.quote == answer.facts[0].quote
    assert plan_kb.text(first.doc_id)[first.start:first.end] == first.quote


def test_deadline_question_without_diacritics(plan_kb):
    answer = plan_kb.ask("thoi han hoan thanh du an Luat Nang luong nguyen tu (sua doi)")
    assert answer.intent == "deadline" and answer.answer == "2025"
    assert answer.citations[0].section == "Phụ lục II › II › 15"


def test_target_question_answers_with_value_and_horizon(plan_kb):
    answer = plan_kb.ask("Đến cuối năm 2025 ít nhất bao nhiêu phần trăm hồ sơ thủ tục hành chính xử lý trực tuyến?")
    assert answer.intent == "target" and answer.answer == "Ít nhất 80% (vào cuối năm 2025)"
    assert answer.citations[0].source == "000_3fc06e878f02839b.txt"


@pytest.mark.parametrize("question", ["Những nhiệm vụ nào Bộ Nội vụ chủ trì?", "nhung nhiem vu nao bo noi vu chu tri"])
def test_listing_tasks_of_a_body(plan_kb, question):
    answer = plan_kb.ask(question)
    expected = plan_kb.records("task", FactFilter(body="Bộ Nội vụ"))
    assert answer.answer.startswith(f"{len(expected)} nhiệm vụ do Bộ Nội vụ chủ trì:") and len(expected) >= 5
    assert [f.id for f in answer.facts] == [r.id for r in expected] and answer.total == len(expected)
    assert all("Bộ Nội vụ" in [b.name for b in f.lead] for f in answer.facts)


def test_listing_tasks_due_before_a_month(plan_kb):
    answer = plan_kb.ask("Nhiệm vụ nào đến hạn trước 6/2025?")
    assert answer.facts and all(f.due < "2025-06-01" for f in answer.facts)
    assert len(answer.facts) == len(plan_kb.records("task", FactFilter(due_before="2025-06-01")))


def test_no_support_is_said_plainly(plan_kb):
    answer = plan_kb.ask("Giá vé tàu cao tốc Bắc Nam năm 2035 là bao nhiêu?")
    assert answer.answer == NOT_FOUND and answer.facts == [] and answer.status == "not_found"


@pytest.mark.parametrize("question", [
    "Ai phụ trách xây dựng sân bay quốc tế?",  # no passage speaks of airports: not another duty's body
    "Khi nào hoàn thành cao tốc Bắc Nam?",
])
def test_what_no_passage_speaks_of_is_not_answered(plan_kb, question):
    answer = plan_kb.ask(question)
    assert answer.status == "not_found" and answer.facts == []


def test_a_question_on_what_the_passages_speak_of_is_still_answered(plan_kb):
    answer = plan_kb.ask("Bộ nào chủ trì sửa đổi Luật Thuế thu nhập cá nhân?")
    assert answer.status == "answered" and "Bộ Tài chính" in answer.answer


def test_validity_of_a_record_whose_effective_date_is_not_a_date():
    from kb.answer.documents import validity
    from kb.model import DocumentRecord

    doc = DocumentRecord(doc_id="x", source="x.txt", effective="0000-00")
    assert validity(doc, [doc]) is None  # said nothing, rather than failing every listing
    assert validity(doc.model_copy(update={"effective": "2020-10"}), [doc]) == "còn hiệu lực"


@pytest.mark.parametrize("question", ["Nghị quyết 03/NQ-CP nêu những nhiệm vụ cụ thể nào?",
                                      "nghi quyet 03/NQ-CP neu nhung nhiem vu cu the nao"])
def test_a_list_named_by_its_section_heading_gives_every_item_under_it(plan_kb, question):
    # "II. NHIỆM VỤ CỤ THỂ" / "… triển khai thực hiện các nhiệm vụ sau đây:" / "1. …" … "7. …": seven groups,
    # however many duties each holds
    answer = plan_kb.ask(question)
    assert answer.status == "answered" and answer.total == 7 and answer.answer.startswith("7 mục trong Nghị quyết 03")
    assert "II. NHIỆM VỤ CỤ THỂ" in answer.answer and len(answer.citations) == 7
    text = plan_kb.text(answer.citations[0].doc_id)
    assert [text[c.start:c.start + 3] for c in answer.citations] == [f"{i}. " for i in range(1, 8)]


def test_each_legal_basis_is_cited_where_it_is_said(plan_kb):
    answer = plan_kb.ask("Nghị quyết 03/NQ-CP được ban hành căn cứ những văn bản nào?")
    count = int(answer.answer.split("căn cứ ")[1].split()[0])
    assert answer.status == "answered" and "57-NQ/TW" in answer.answer and len(answer.citations) == count
    assert all(c.quote.startswith(("Căn cứ", "Luật")) for c in answer.citations)


PLAN_TEXT = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Số: 12/KH-UBND

Lâm Đồng, ngày 10 tháng 10 năm 2025

KẾ HOẠCH

Triển khai thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030

I. MỤC ĐÍCH, YÊU CẦU

Nâng cao hiệu quả công tác phòng, chống ma túy trên địa bàn tỉnh.

II. NHIỆM VỤ

1. Công an tỉnh chủ trì, phối hợp với Sở Y tế rà soát người sử dụng trái phép chất ma túy trên địa bàn.

III. TỔ CHỨC THỰC HIỆN

1. Thời gian thực hiện Kế hoạch: Từ khi ban hành đến hết năm 2030.

2. Công an tỉnh chủ trì, phối hợp với các sở, ngành theo dõi, đôn đốc thực hiện Kế hoạch; định kỳ hằng năm báo cáo
Ủy ban nhân dân tỉnh trước ngày 15 tháng 12.
"""


@contextmanager
def _knowledge_base_of(tmp_path, name: str, text: str):
    """A knowledge base of one document, ingested by the product into a temporary folder."""
    from kb.service import KnowledgeBase
    from tests.conftest import ingested, make_settings

    source = tmp_path / "docs" / name
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    kb = KnowledgeBase(make_settings(ingested(tmp_path, [source])))
    try:
        yield kb
    finally:
        kb.close()


def test_how_long_a_plan_runs_is_read_from_its_own_time_field(tmp_path):
    with _knowledge_base_of(tmp_path, "KH_12-KH-UBND.txt", PLAN_TEXT) as kb:
        answer = kb.ask("Kế hoạch 12/KH-UBND thực hiện đến khi nào?")
        assert answer.status == "answered"
        assert answer.answer.endswith("thời gian thực hiện từ khi ban hành đến hết năm 2030")
        assert answer.citations[0].quote == "Từ khi ban hành đến hết năm 2030."
        # a question about one of its duties is not about the plan's own time
        assert "15 tháng 12" in kb.ask("Theo Kế hoạch 12/KH-UBND, Công an tỉnh báo cáo trước ngày nào?").answer
        who = kb.ask("Theo Kế hoạch 12/KH-UBND, cơ quan nào chủ trì rà soát người sử dụng trái phép chất ma túy?")
        assert who.answer == "Công an tỉnh (phối hợp: Sở Y tế)"  # who leads, and with whom
        # a list of one part of it, named by its heading
        assert kb.ask("Kế hoạch 12/KH-UBND giao Công an tỉnh những nhiệm vụ gì?").total == 2
        part = kb.ask("Mục Tổ chức thực hiện của Kế hoạch 12/KH-UBND giao Công an tỉnh những nhiệm vụ gì?")
        assert part.total == 1 and part.facts[0].section.startswith("III")


def test_a_question_about_a_plan_not_held_is_not_answered_from_what_it_carries_out(tmp_path):
    with _knowledge_base_of(tmp_path, "KH_12-KH-UBND.txt", PLAN_TEXT) as kb:
        held = kb.ask("Theo Kế hoạch 12/KH-UBND, cơ quan nào chủ trì rà soát người sử dụng trái phép chất ma túy?")
        assert held.status == "answered"
        # the plan of a department that carries Kế hoạch 12/KH-UBND out is not in the knowledge base: it says so
        other = kb.ask("Kế hoạch 45/KH-SYT triển khai Kế hoạch 12/KH-UBND giao cơ quan nào chủ trì rà soát người sử "
                       "dụng trái phép chất ma túy?")
        assert other.status == "not_in_kb" and "45/KH-SYT" in other.answer


def test_a_question_asking_which_ministry_is_answered_by_a_ministry(plan_kb):
    # "Bộ nào …?": not the provinces' committees that carry out the same programme
    answer = plan_kb.ask("Bộ nào chủ trì xây dựng Chương trình phát triển Chính phủ số theo Nghị quyết 03?")
    assert answer.status == "answered" and answer.answer.startswith("Bộ Thông tin và Truyền thông")


@pytest.mark.parametrize("question,places,incidental", [
    ("UBND tỉnh Hưng Yên phải báo cáo Phó Thủ tướng phương án khai thác vật liệu trước ngày nào?", ["Hưng Yên"], True),
    ("Dự án cao tốc Ninh Bình - Hải Phòng phải hoàn thành khi nào?", ["Ninh Bình", "Hải Phòng"], True),
    ("Ở Bắc Giang, tỷ lệ hồ sơ trực tuyến phải đạt bao nhiêu?", ["Bắc Giang"], False),
])
def test_places_that_do_not_say_whose_documents_to_read(question, places, incidental):
    """A place named only inside a body, or several places, do not narrow the documents read when none is of them;
    "Ở Bắc Giang, …" does (no document of Bắc Giang: nothing is answered from another province's)."""
    from kb.answer import _incidental

    assert _incidental(question, places) is incidental


RESOLUTION_TEXT = """QUỐC HỘI

Nghị quyết số: 7/2025/QH15

NGHỊ QUYẾT

Về bổ sung Kế hoạch phát triển kinh tế - xã hội năm 2025

Điều 1. Mục tiêu, chỉ tiêu

a) Mục tiêu tổng quát: tập trung thúc đẩy tăng trưởng, giữ vững ổn định kinh tế vĩ mô.

b) Điều chỉnh một số chỉ tiêu chủ yếu:

- Tốc độ tăng tổng sản phẩm trong nước (GDP) đạt 8% trở lên, quy mô GDP năm 2025 đạt khoảng trên 500 tỉ đô la Mỹ.

- Tốc độ tăng chỉ số giá tiêu dùng (CPI) bình quân khoảng 4,5 - 5%.

Điều 2. Hiệu lực thi hành

Nghị quyết này có hiệu lực từ ngày ký.
"""


def test_targets_of_a_list_are_counted_as_the_document_lists_them(tmp_path):
    """A bullet that states two figures is one of the list's items; its targets come as facts."""
    with _knowledge_base_of(tmp_path, "NQ_7-2025-QH15.txt", RESOLUTION_TEXT) as kb:
        answer = kb.ask("Nghị quyết 7/2025/QH15 điều chỉnh những chỉ tiêu chủ yếu nào?")
        assert answer.total == 2 and answer.answer.startswith("2 mục trong Nghị quyết 7/2025/QH15")
        assert len(answer.citations) == 2 and len(answer.facts) >= 2


def test_the_bodies_a_question_is_read_against_follow_the_records(tmp_path):
    from ingest.pipeline import Ingestor

    with _knowledge_base_of(tmp_path, "KH_12-KH-UBND.txt", PLAN_TEXT) as kb:
        before = kb.bodies()
        assert kb.bodies() == before  # read once while the records stay as they are
        assert "Sở Nội vụ" not in {b.name for b in before}
        added = Ingestor(kb).ingest_bytes("KẾ HOẠCH\n\nSở Nội vụ chủ trì rà soát thủ tục hành chính trong năm 2026.\n"
                                          .encode(), "KH_13-KH-UBND.txt")
        assert added.status == "added"
        assert "Sở Nội vụ" in {b.name for b in kb.bodies()}  # an upload's bodies are known to the next question
        kb.delete(added.doc_id)
        assert "Sở Nội vụ" not in {b.name for b in kb.bodies()}
