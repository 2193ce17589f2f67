"""Lists of one kind of item (``kb.answer.lists``) and how a list question is read (``kb.question``)."""

from __future__ import annotations

import pytest

from kb.answer.lists import counted, enumerated
from kb.model import Citation
from kb.question import read

REPORTS = ("Khẩn trương chỉ đạo tập trung rà soát, hoàn thiện các báo cáo: (i) Báo cáo tình hình triển khai thực "
           "hiện Nghị quyết số 66-NQ/TW; (ii) Báo cáo xử lý các khó khăn, vướng mắc, trong đó phân loại: đã xử lý "
           "xong; (iii) Báo cáo về cắt giảm thủ tục hành chính. Các Báo cáo trên gửi Bộ Tư pháp.")
PROJECTS = ("Công an tỉnh tham mưu triển khai thực hiện các nội dung tại Dự án 1: Phòng ngừa tội phạm về ma túy; "
            "Dự án 2: Ứng dụng khoa học và công nghệ; Tiểu dự án 2: Nâng cao hiệu quả truyền thông (thuộc Dự án 7: "
            "Truyền thông, giáo dục về phòng, chống ma túy).")


def test_items_listed_inside_one_duty():
    reports = enumerated(REPORTS, "báo cáo")
    assert len(reports) == 3 and reports[0].startswith("(i) Báo cáo tình hình") and reports[2].startswith("(iii)")
    projects = enumerated(PROJECTS, "dự án")  # "(thuộc Dự án 7: …)" is where one of them belongs, not another
    assert [p.split(":")[0] for p in projects] == ["Dự án 1", "Dự án 2", "Tiểu dự án 2"]
    assert enumerated("Sở Y tế tham mưu triển khai các nội dung tại Dự án 6: Tăng cường y tế.", "dự án") == []
    assert enumerated(REPORTS, "dự án") == []


@pytest.mark.parametrize("question,items_of,body", [
    ("Công an tỉnh được giao tham mưu triển khai những dự án, tiểu dự án nào?", "dự án", "Công an tỉnh"),
    ("Những nhiệm vụ nào trong chương trình hành động của Chính phủ thực hiện Nghị quyết 57?", None, None),
    ("Những nhiệm vụ nào giao cho Bộ Tư pháp?", None, "Bộ Tư pháp"),
    # the body given the duties, not a longer one the question names later as the issuer
    ("Nhiệm vụ giao Sở Nội vụ trong công văn cải thiện các chỉ số của Ủy ban nhân dân tỉnh Lâm Đồng", None,
     "Sở Nội vụ"),
    ("Chỉ thị 09 của Ủy ban nhân dân thành phố Cần Thơ yêu cầu Sở Xây dựng thực hiện những nhiệm vụ gì?", None,
     "Sở Xây dựng"),  # the body asked to act, not the issuer
])
def test_what_a_list_is_of_and_whose(question, items_of, body):
    reading = read(question, [], [])
    assert reading.asks == "list" and reading.items_of == items_of and reading.body == body


def test_a_body_things_are_sent_to_is_no_condition_of_a_list():
    from kb.question import _receives
    assert _receives("Thông báo 659 yêu cầu các bộ hoàn thiện những báo cáo nào gửi Bộ Tư pháp?", "Bộ Tư pháp")
    assert not _receives("Thông báo 659 giao Bộ Tư pháp những nhiệm vụ nào, gửi Bộ Tư pháp?", "Bộ Tư pháp")
    assert not _receives("Bộ Tư pháp chủ trì những nhiệm vụ nào?", "Bộ Tư pháp")


def _target(start, indicator, number, horizon):
    from kb.deadlines import horizon_year

    return {"kind": "target", "doc_id": "qd", "start": start, "indicator": indicator, "number": number,
            "horizon": horizon, "horizon_year": horizon_year(horizon)}


def test_a_target_restated_by_an_appendix_table_is_listed_once_and_a_stage_is_a_condition():
    from kb.answer.lists import _distinct, _set_for

    text = _target(10, "100% dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính có đủ điều kiện.",
                   "100", "Giai đoạn 2025-2027")
    table = _target(900, "1 | Tỉ lệ dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính có đủ điều "
                         "kiện. | % | 100% | Văn phòng Chính phủ", "100", "Giai đoạn 2025-2027")
    later = _target(950, "Tỉ lệ dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính có đủ điều kiện.",
                    "100", "Giai đoạn 2028-2030")  # the same indicator for another stage is another target
    other = _target(40, "95% người dân, doanh nghiệp đánh giá hài lòng khi sử dụng dịch vụ công trực tuyến.", "95",
                    "Giai đoạn 2025-2027")
    assert _distinct([table, later, text, other]) == [text, other, later]
    assert [_set_for(t, "2025-2027") for t in (text, later)] == [True, False]
    reading = read("Chương trình phát triển Chính phủ số đặt những chỉ tiêu nào cho giai đoạn 2025-2027?", [], [])
    assert reading.list_of == "targets" and reading.period == "2025-2027"


@pytest.mark.parametrize("deadline,in_q4", [("Quý IV/2026", True), ("Tháng 11/2026", True), ("Năm 2026", False),
                                             ("trước ngày 15/11/2026", True), ("Năm 2025 - 2026", False)])
def test_a_task_due_in_a_period_is_due_in_it_not_in_a_wider_one(deadline, in_q4):
    """"Phải hoàn thành trong Quý IV/2026": a task of "Năm 2026" may be done in any quarter of it."""
    from kb.answer.lists import _wider
    from kb.deadlines import parse

    record = {"deadline_norm": parse(deadline).model_dump()}
    assert _wider(record, "2026-10-01") is not in_q4


ARTICLE = ("7 nhóm nhiệm vụ chủ yếu\n\nĐể hiện thực hóa các mục tiêu đề ra, Đề án xác định 7 nhóm nhiệm vụ chủ yếu "
           "sẽ được các cơ quan tập trung thực hiện, bao gồm: Xây dựng, hoàn thiện cơ chế, chính sách; Xây dựng "
           "nền tảng công nghệ; Triển khai ứng dụng CNTT.\nBốn nhóm giải pháp chính của Đề án là: Tổ chức, "
           "nhân sự; Tài chính.")


def _passage(text: str, start: int = 1000) -> Citation:
    return Citation(doc_id="d", source="bai-bao.txt", quote=text, start=start, end=start + len(text), score=1.0)


def test_a_list_the_passage_only_counts_is_answered_by_the_sentence_that_counts_it():
    question = "Đề án gồm những nhóm nhiệm vụ chủ yếu nào?"
    answer = counted(question, read(question, [], []), [_passage(ARTICLE)])
    # the sentence, not the heading that repeats its words; to the end of its line, where its items are
    assert answer is not None and answer.answer.startswith("Để hiện thực hóa")
    assert answer.answer.endswith("ứng dụng CNTT.")
    cited = answer.citations[0]
    assert ARTICLE[cited.start - 1000:cited.end - 1000] == cited.quote == answer.answer
    question = "de an co nhung nhom giai phap chinh nao"
    assert counted(question, read(question, [], []), [_passage(ARTICLE)]).answer.startswith("Bốn nhóm giải pháp")
    question = "Đề án gồm những dự án nào?"  # nothing counts projects: no answer, not a sentence about tasks
    assert counted(question, read(question, [], []), [_passage(ARTICLE)]) is None


SCHEME = """THỦ TƯỚNG CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: 232/QĐ-TTg | Hà Nội, ngày 24 tháng 01 năm 2025

QUYẾT ĐỊNH
Phê duyệt Đề án thành lập và phát triển thị trường các-bon

Điều 1. Phê duyệt Đề án với các nội dung sau:
1. Bộ Tài chính chủ trì xây dựng cơ chế quản lý tài chính đối với tín chỉ các-bon.
2. Bộ Tài chính chủ trì hướng dẫn chế độ kế toán cho hoạt động giao dịch tín chỉ các-bon.

PHỤ LỤC
DANH MỤC NHIỆM VỤ
| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |
| --- | --- | --- | --- | --- |
| 1 | Xây dựng Nghị định về sàn giao dịch các-bon trong nước | Bộ Tài chính | Bộ Nông nghiệp và Môi trường | 2025 |
| 2 | Vận hành thí điểm sàn giao dịch các-bon | Bộ Tài chính | Các bộ, ngành liên quan | 2028 |
| 3 | Xây dựng hệ thống đăng ký quốc gia về hạn ngạch | Bộ Nông nghiệp và Môi trường | Bộ Tài chính | 2026 |
"""


RULES = """CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: 191/2026/NĐ-CP | Hà Nội, ngày 29 tháng 5 năm 2026

NGHỊ ĐỊNH
Ban hành Quy chế làm việc của Chính phủ

Điều 20. Trách nhiệm của các cơ quan
1. Văn phòng Chính phủ có trách nhiệm:
a) Tham mưu, giúp Thủ tướng Chính phủ điều hòa, phối hợp hoạt động giữa các bộ;
b) Theo dõi, đôn đốc các bộ thực hiện chương trình công tác;
c) Tổng hợp tình hình thực hiện chương trình công tác hằng quý.

Điều 24. Chuẩn bị phiên họp Chính phủ
1. Thủ tướng Chính phủ quyết định nội dung, thời gian và chương trình phiên họp.
2. Văn phòng Chính phủ có nhiệm vụ:
a) Dự kiến nội dung, thời gian, chương trình phiên họp trình Thủ tướng Chính phủ quyết định;
b) Đôn đốc các cơ quan có liên quan gửi tài liệu phục vụ họp;
c) Mời họp, gửi tài liệu họp đến đại biểu chậm nhất là 03 ngày làm việc trước khi họp.
"""


@pytest.fixture(scope="module")
def scheme(module_tmp):
    from kb.service import KnowledgeBase
    from tests.conftest import ingested, make_settings

    (path := module_tmp / "QD_232-QD-TTg.md").write_text(SCHEME, encoding="utf-8")
    (rules := module_tmp / "ND_191-2026-ND-CP.md").write_text(RULES, encoding="utf-8")
    kb = KnowledgeBase(make_settings(ingested(module_tmp, [path, rules])))
    yield kb
    kb.close()


def test_a_list_the_question_places_in_an_appendix_is_of_the_appendix_alone(scheme):
    whole = scheme.ask("Bộ Tài chính chủ trì những nhiệm vụ nào trong Quyết định 232/QĐ-TTg?")
    assert whole.total == 4
    appendix = scheme.ask("Trong Phụ lục Quyết định 232/QĐ-TTg, Bộ Tài chính chủ trì những nhiệm vụ nào?")
    assert appendix.total == 2 and appendix.answer.startswith("2 nhiệm vụ do Bộ Tài chính chủ trì")
    assert all(c.section.startswith("Phụ lục") for c in appendix.citations)


@pytest.mark.parametrize("question,number", [
    ("Trong Phụ lục II Nghị quyết 03/NQ-CP, Bộ Y tế chủ trì những nhiệm vụ nào?", 2),
    ("Biểu phụ lục số 01 kèm chương trình hành động gồm những chỉ tiêu nào?", 1),
    ("nhung nhiem vu nao trong danh muc kem theo quyet dinh 232 co han nam 2025", 0),
    ("Bộ Tài chính chủ trì những nhiệm vụ nào?", None),
])
def test_the_appendix_a_question_names(question, number):
    from kb.answer.sections import appendix_named, in_appendix
    assert appendix_named(question) == number
    assert in_appendix("Phụ lục II › 3", 2) and in_appendix("Phụ lục 01 › I", 1) and in_appendix("Phụ lục", 0)
    assert not in_appendix("Phụ lục I › 3", 2) and not in_appendix("Điều 1 › Khoản 1", 0)


def test_a_list_whose_topic_is_an_articles_title_is_that_articles(scheme):
    whole = scheme.ask("Theo Nghị định 191/2026/NĐ-CP, Văn phòng Chính phủ có những nhiệm vụ gì?")
    assert whole.total == 6
    meeting = scheme.ask("Theo Nghị định 191/2026/NĐ-CP, Văn phòng Chính phủ có những nhiệm vụ gì trong việc chuẩn bị "
                         "phiên họp Chính phủ?")
    assert meeting.total == 3 and meeting.answer.startswith("3 nhiệm vụ của Văn phòng Chính phủ")
    assert "Dự kiến nội dung" in meeting.answer and "Tham mưu" not in meeting.answer
