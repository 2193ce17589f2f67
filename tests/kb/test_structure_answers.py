"""Answers read from a document's structure (``kb.answer.lists``, ``kb.answer.sections``): a body's duties as the
document groups them under a heading naming it, what a document asks for as its lead-in lists it, the body reports
go through, a document's own time from its title, the rows of a table under the row or title naming them. Five real
documents of the corpus, ingested once."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS, ingested

DOCS = ["KH_1026-KH-UBND_2025-11-26_NgheAn_bao-ve-bi-mat-nha-nuoc-CT-32.md",
        "CD_230-CD-TTg_2025-11-26_ThuTuong_du-an-ton-dong-keo-dai-thanh-tra.md",
        "KH_987-KH-UBND_2025-11-20_NgheAn_5G-IoT-khu-cong-nghiep-2026-2030.md",
        "QD_471-QD-UBND_2025-11-28_BacNinh_danh-muc-dia-diem-hoi-cho-trien-lam-2026.md",
        "QD_456-QD-UBND_2025-11-20_BacNinh_danh-muc-dich-vu-su-nghiep-cong-xay-dung.md"]


@pytest.fixture(scope="module")
def kb(module_tmp):
    from kb.service import KnowledgeBase
    from tests.conftest import make_settings

    data = ingested(module_tmp, [SEEDS / name for name in DOCS])
    kb = KnowledgeBase(make_settings(data))
    yield kb
    kb.close()


def test_a_bodys_duties_are_counted_under_the_heading_naming_it(kb):
    answer = kb.ask("Kế hoạch 1026/KH-UBND giao Công an tỉnh những nhiệm vụ nào?")
    # six bullets under "1. Công an tỉnh", and the one duty "Giao Công an tỉnh chủ trì … theo dõi" of part IV
    assert answer.answer.startswith("7 nhiệm vụ của Công an tỉnh trong Kế hoạch 1026/KH-UBND: 6 dưới “1. Công an tỉnh”")
    assert "và 1 ở mục khác" in answer.answer and answer.total == 7
    assert all(c.quote.strip()[:1] == "-" for c in answer.citations[:6])  # each item quoted whole, as written
    # "KH 1026" names the same plan
    assert kb.ask("KH 1026 giao Công an tỉnh những nhiệm vụ nào?").answer == answer.answer


def test_what_a_document_asks_for_is_its_lead_ins_items(kb):
    answer = kb.ask("Công điện 230/CĐ-TTg của Thủ tướng yêu cầu những việc gì?")
    assert answer.answer.startswith("4 mục trong Công điện 230/CĐ-TTg") and answer.total == 4
    assert "trước ngày 26/11/2025" in answer.citations[0].quote  # the first item whole, not its first line


def test_a_deadline_after_a_cited_documents_date(kb):
    answer = kb.ask("Theo Công điện 230/CĐ-TTg, cơ quan thanh tra phải hoàn thành thanh tra và ban hành kết luận "
                    "trước ngày nào?")
    assert answer.answer == "trước ngày 26/11/2025"


def test_the_body_reports_go_through(kb):
    answer = kb.ask("Nếu có vướng mắc khi thực hiện Kế hoạch 987 thì báo cáo UBND tỉnh Nghệ An qua cơ quan nào?")
    assert answer.answer == "Ban Quản lý Khu kinh tế Đông Nam"


def test_a_documents_own_time_from_its_title(kb):
    answer = kb.ask("Danh mục địa điểm hội chợ theo Quyết định 471 áp dụng cho năm nào?")
    assert answer.answer == "Quyết định 471/QĐ-UBND: năm 2026 (theo trích yếu của văn bản)"


def test_a_period_keeps_the_vision_its_title_joins_to_it():
    from kb.answer.documents import _TITLE_TIME

    title = "Phê duyệt điều chỉnh quy hoạch khoáng sản thời kỳ 2021 - 2030, tầm nhìn đến năm 2050"
    assert [m.group(0) for m in _TITLE_TIME.finditer(title)] == ["thời kỳ 2021 - 2030, tầm nhìn đến năm 2050"]
    assert [m.group(0) for m in _TITLE_TIME.finditer("Kế hoạch giai đoạn 2026-2030")] == ["giai đoạn 2026-2030"]


def test_a_list_under_a_heading_that_repeats_the_title(kb):
    answer = kb.ask("Lĩnh vực ưu tiên tổ chức hội chợ, triển lãm thương mại tỉnh Bắc Ninh năm 2026 gồm những gì?")
    assert answer.answer.startswith("4 mục trong Quyết định 471/QĐ-UBND, dưới “II. Lĩnh vực ưu tiên")


def test_the_rows_of_a_numbered_table_under_the_row_that_names_them(kb):
    answer = kb.ask("Quyết định 456/QĐ-UBND Bắc Ninh liệt kê những dịch vụ nào trong lĩnh vực quản lý nhà và thị "
                    "trường bất động sản?")
    assert answer.answer.startswith("5 mục trong Quyết định 456/QĐ-UBND, dưới “9. Lĩnh vực quản lý nhà và thị trường")
    assert answer.answer.split(": ", 1)[1].startswith("(1) Xây dựng chương trình phát triển nhà ở")
    # the table's twelve groups under the appendix's title, named by the words of the document's title
    answer = kb.ask("Danh mục dịch vụ sự nghiệp công lĩnh vực xây dựng của Bắc Ninh gồm những nhóm dịch vụ nào?")
    assert answer.answer.startswith("12 mục trong Quyết định 456/QĐ-UBND, dưới “DANH MỤC DỊCH VỤ SỰ NGHIỆP CÔNG")


def test_a_query_whose_answer_is_a_heading_gets_what_stands_under_it(kb):
    answer = kb.ask("dich vu su nghiep cong linh vuc giao thong van tai trong quyet dinh 456/QD-UBND Bac Ninh")
    assert answer.answer.startswith("4 mục trong Quyết định 456/QĐ-UBND, dưới “12. Lĩnh vực giao thông vận tải”")
    assert answer.answer.endswith("(4) Dịch vụ lĩnh vực đường thuỷ nội địa.") and len(answer.citations) == 4


def test_what_is_due_in_a_period_about_a_topic_is_read_in_the_document_the_question_finds(kb):
    answer = kb.ask("Những việc nào về thanh tra các dự án tồn đọng kéo dài phải hoàn thành trong tháng 11/2025?")
    assert answer.answer.startswith("2 nhiệm vụ có hạn từ 01/11/2025 đến 30/11/2025 trong Công điện 230/CĐ-TTg: (1) Cơ "
                                    "quan thanh tra khẩn trương hoàn thành việc thanh tra")
    # no topic: what is due then in every document
    assert "trong Công điện" not in kb.ask("Những nhiệm vụ nào phải hoàn thành trong tháng 11/2025?").answer


def test_what_a_body_must_do_about_a_topic_is_read_in_the_document_the_question_finds(kb):
    everywhere = kb.ask("Những nhiệm vụ nào Sở Khoa học và Công nghệ chủ trì?")
    topic = kb.ask("Sở Khoa học và Công nghệ phải làm những việc gì để phát triển hạ tầng 5G, IoT trong khu công "
                   "nghiệp?")
    assert "Kế hoạch 987/KH-UBND" in topic.answer and topic.total < everywhere.total
    assert {c.doc_id for c in topic.citations} == {topic.citations[0].doc_id}


def _asked(folder, name: str, text: str, *questions: str):
    """The answers to ``questions`` over a knowledge base of the one document ``text``, saved as ``name``."""
    from kb.service import KnowledgeBase
    from tests.conftest import make_settings

    doc = folder / name
    doc.write_text(text, encoding="utf-8")
    kb = KnowledgeBase(make_settings(ingested(folder, [doc])))
    try:
        return [kb.ask(q) for q in questions]
    finally:
        kb.close()


RULES = """ỦY BAN NHÂN DÂN TỈNH BẮC NINH
Số: 12/2025/QĐ-UBND
Bắc Ninh, ngày 03 tháng 12 năm 2025

QUYẾT ĐỊNH
Ban hành Quy tắc ứng xử của công chức

Điều 1. Phạm vi điều chỉnh
Quy tắc này quy định chuẩn mực ứng xử của công chức khi tiếp xúc với người dân.

Điều 2. Trách nhiệm của thủ trưởng các đơn vị thuộc Sở Nội vụ
1. Chỉ đạo niêm yết công khai Quy tắc này tại trụ sở làm việc.
2. Kiểm tra, giám sát việc thực hiện Quy tắc này của công chức thuộc quyền quản lý.
3. Xử lý nghiêm công chức vi phạm Quy tắc này theo quy định.

Điều 3. Trách nhiệm của công chức
Công chức có trách nhiệm thực hiện nghiêm Quy tắc này.
"""


def test_an_articles_heading_names_whose_duties_it_lists_in_lower_case(tmp_path):
    [answer] = _asked(tmp_path, "QD_12-2025-QD-UBND_quy-tac-ung-xu.md", RULES,
        "Trách nhiệm của thủ trưởng các đơn vị thuộc Sở Nội vụ theo Quyết định 12/2025/QĐ-UBND gồm "
        "những gì?")
    assert answer.answer.startswith("3 nhiệm vụ của Thủ trưởng các đơn vị thuộc Sở Nội vụ trong Quyết định "
                                    "12/2025/QĐ-UBND, dưới “Điều 2. Trách nhiệm của thủ trưởng")


AWARDS = """ỦY BAN NHÂN DÂN TỈNH BẮC NINH
Số: 13/2025/QĐ-UBND
Bắc Ninh, ngày 03 tháng 12 năm 2025

QUYẾT ĐỊNH
Ban hành Quy định về công tác thi đua, khen thưởng

Điều 10. Trách nhiệm thi hành
1. Sở Tài chính bố trí kinh phí cho công tác thi đua, khen thưởng theo quy định.
2. Các cơ quan, đơn vị, địa phương có trách nhiệm theo dõi, tổng hợp các trường hợp vi phạm trong năm gửi về \
Hội đồng Thi đua - Khen thưởng tỉnh trước ngày 10/12 hằng năm
a) Công an tỉnh: Tổng hợp danh sách các cơ quan, đơn vị có người mắc tệ nạn xã hội;
b) Sở Nội vụ: Tổng hợp kết quả thực hiện cải cách hành chính của các cơ quan, đơn vị;
c) Sở Y tế: Tổng hợp danh sách các cơ quan, đơn vị vi phạm về an toàn thực phẩm.
"""


def test_which_bodies_are_asked_is_the_list_each_of_them_opens(tmp_path):
    [answer] = _asked(tmp_path, "QD_13-2025-QD-UBND_thi-dua-khen-thuong.md", AWARDS,
        "Theo Quyết định 13/2025/QĐ-UBND, những cơ quan nào phải tổng hợp các trường hợp vi phạm gửi Hội "
        "đồng Thi đua - Khen thưởng tỉnh?")
    assert answer.answer.startswith("3 mục trong Quyết định 13/2025/QĐ-UBND, dưới “2. Các cơ quan, đơn vị, địa phương")
    assert "Công an tỉnh" in answer.answer and "Sở Y tế" in answer.answer


CONDUCT = """CỤC THUẾ
Số: 35/QĐ-CT
Hà Nội, ngày 17 tháng 11 năm 2025

QUYẾT ĐỊNH
Ban hành Quy tắc ứng xử với người nộp thuế

Điều 7. Những việc phải làm trong giao tiếp với người nộp thuế
1. Tiếp nhận hồ sơ đúng quy định.
2. Thực hiện “4 xin, 4 luôn”: xin chào, xin lỗi, xin cảm ơn, xin phép; luôn mỉm cười, luôn lắng nghe.

Điều 8. Lợi ích của phương án
2. 03 được:
- Được nhận thông báo bản điện tử;
- Được nộp hồ sơ trực tuyến;
- Được theo dõi tiến trình giải quyết hồ sơ.
"""


def test_a_term_the_question_quotes_is_answered_by_its_line_or_the_list_it_heads(tmp_path):
    defined, listed = _asked(tmp_path, "QD_35-QD-CT_quy-tac-ung-xu.md", CONDUCT,
        "“4 xin, 4 luôn” trong Quyết định 35/QĐ-CT gồm những gì?",
        'Quyết định 35/QĐ-CT nêu những "03 được" nào cho người nộp thuế?')
    assert defined.answer.startswith("2. Thực hiện “4 xin, 4 luôn”: xin chào, xin lỗi")
    assert listed.answer.startswith("3 mục trong Quyết định 35/QĐ-CT, dưới “2. 03 được:”")


FUNDS = """HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI
Số: 71/2025/NQ-HĐND
Hà Nội, ngày 27 tháng 11 năm 2025

NGHỊ QUYẾT
Quy định việc sử dụng ngân sách để đầu tư hạ tầng nhà ở xã hội

Điều 4. Các nguồn vốn để thực hiện đầu tư xây dựng công trình hạ tầng nhà ở xã hội
1. Vốn đầu tư công theo quy định của pháp luật về đầu tư công.
2. Vốn vay từ Quỹ Đầu tư phát triển Thành phố.
3. Ngân sách của Thành phố ủy thác qua Quỹ Đầu tư phát triển Thành phố, gồm:
a) Vốn từ ngân sách của Thành phố;
b) Vốn từ nguồn tiền thu được tương đương giá trị quỹ đất ở;
c) Vốn hợp pháp khác.

Điều 5. Tổ chức thực hiện
Ủy ban nhân dân Thành phố tổ chức thực hiện Nghị quyết này.
"""


def test_a_list_inside_an_item_does_not_stand_for_the_articles_list(tmp_path):
    [answer] = _asked(tmp_path, "NQ_71-2025-NQ-HDND_nguon-von.md", FUNDS,
        "Nguồn vốn đầu tư xây dựng công trình hạ tầng nhà ở xã hội theo Nghị quyết 71/2025/NQ-HĐND gồm "
        "những nguồn nào?")
    assert answer.answer.startswith("3 mục trong Nghị quyết 71/2025/NQ-HĐND, dưới “Điều 4. Các nguồn vốn")


RULES_OF_CONDUCT = """CỤC THUẾ
Số: 36/QĐ-CT
Hà Nội, ngày 17 tháng 11 năm 2025

QUYẾT ĐỊNH
Ban hành Quy tắc ứng xử của công chức thuế

Điều 7. Những việc phải làm trong giao tiếp với người nộp thuế
1. Công chức thuế có trách nhiệm hướng dẫn người nộp thuế đầy đủ, rõ ràng.
2. Công chức thuế có trách nhiệm giải quyết hồ sơ đúng thời hạn.

Điều 8. Những việc không được làm trong giao tiếp với người nộp thuế
Trong giao tiếp với người nộp thuế, công chức thuế không được thực hiện các hành vi sau đây:
1. Có thái độ hách dịch, gây khó khăn cho người nộp thuế.
2. Nhận tiền, quà của người nộp thuế dưới mọi hình thức.
3. Tiết lộ thông tin của người nộp thuế trái quy định.
"""


def test_what_a_body_must_not_do_is_the_documents_list_of_it_not_its_duties(tmp_path):
    [answer] = _asked(tmp_path, "QD_36-QD-CT_quy-tac-ung-xu.md", RULES_OF_CONDUCT,
        "Công chức thuế không được làm những việc gì khi giao tiếp với người nộp thuế?")
    assert answer.answer.startswith("3 mục trong Quyết định 36/QĐ-CT, dưới “Điều 8. Những việc không được làm")


CLERKS = """CHÍNH PHỦ
Số: 31/2020/NĐ-CP
Hà Nội, ngày 05 tháng 3 năm 2020

NGHỊ ĐỊNH
Về công tác văn thư

Điều 6. Trách nhiệm đối với công tác văn thư
Văn thư cơ quan có nhiệm vụ:
a) Đăng ký, thực hiện thủ tục phát hành văn bản đi.
b) Tiếp nhận, đăng ký văn bản đến.

Điều 9. Quản lý con dấu
Văn thư cơ quan có trách nhiệm bảo quản an toàn con dấu tại trụ sở cơ quan.
"""


def test_a_list_of_a_bodys_duties_in_the_article_the_question_names(tmp_path):
    article, whole = _asked(tmp_path, "ND_31-2020-ND-CP_van-thu.md", CLERKS,
        "Theo Điều 6 Nghị định 31/2020/NĐ-CP, Văn thư cơ quan chủ trì những nhiệm vụ gì?",
        "Theo Nghị định 31/2020/NĐ-CP, Văn thư cơ quan chủ trì những nhiệm vụ gì?")
    assert article.total == 2 and whole.total == 3


EXPORTS = """ỦY BAN NHÂN DÂN TỈNH SƠN LA
Số: 2954/QĐ-UBND
Sơn La, ngày 20 tháng 11 năm 2025

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch xuất khẩu sản phẩm hàng hóa tỉnh Sơn La giai đoạn 2026 - 2030

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch xuất khẩu sản phẩm hàng hóa tỉnh Sơn La giai đoạn 2026 - 2030.

Điều 2. Giao Sở Công Thương chủ trì, phối hợp với các Sở, ban, ngành của tỉnh triển khai thực hiện Kế hoạch này.

Điều 3. Quyết định này có hiệu lực kể từ ngày ký ban hành.

KẾ HOẠCH
Xuất khẩu sản phẩm hàng hóa tỉnh Sơn La giai đoạn 2026 - 2030

I. NHIỆM VỤ
1. Sở Ngoại vụ được giao chủ trì triển khai các hoạt động đối ngoại thúc đẩy xuất khẩu sản phẩm hàng hóa tỉnh Sơn \
La giai đoạn 2026 - 2030.
2. Sở Nông nghiệp và Môi trường chủ trì xây dựng vùng nguyên liệu phục vụ xuất khẩu sản phẩm hàng hóa.
3. Trung tâm Xúc tiến đầu tư tổ chức hội chợ giới thiệu sản phẩm hàng hóa xuất khẩu của tỉnh.
"""


def test_who_carries_a_plan_out_is_the_body_its_decision_charges_with_it(tmp_path):
    charged, other = _asked(tmp_path, "QD_2954-QD-UBND_ke-hoach-xuat-khau.md", EXPORTS,
        "Cơ quan nào được giao chủ trì triển khai Kế hoạch xuất khẩu sản phẩm hàng hóa tỉnh Sơn La giai đoạn "
        "2026 - 2030?",
        "Cơ quan nào chủ trì xây dựng vùng nguyên liệu phục vụ xuất khẩu theo Quyết định 2954/QĐ-UBND?")
    assert charged.answer.startswith("Sở Công Thương (phối hợp: Các Sở, ban, ngành của tỉnh)")
    assert charged.citations[0].quote.startswith("Giao Sở Công Thương chủ trì")
    assert other.answer.startswith("Sở Nông nghiệp và Môi trường")  # a duty named: not the plan's own lead


CARBON = """BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG
Số: 09/KH-BTNMT
Hà Nội, ngày 06 tháng 8 năm 2024

KẾ HOẠCH
Triển khai thực hiện Chỉ thị số 13/CT-TTg về quản lý tín chỉ các-bon

PHỤ LỤC
| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |
| --- | --- | --- | --- | --- |
| 1. | Hoàn thiện dự thảo Nghị định số 06/2022/NĐ-CP | Cục Biến đổi khí hậu | Vụ Pháp chế | Tháng 8/2024 |
| 2. | Tổ chức các khóa đào tạo về kiểm kê khí nhà kính | Cục Biến đổi khí hậu | Các đơn vị thuộc Bộ | 2024 - 2030 |
| 3. | Tổng kết việc thực hiện Kế hoạch | Cục Biến đổi khí hậu | Các đơn vị thuộc Bộ | Năm 2030 |
"""


def test_tasks_until_a_year_are_those_whose_time_ends_then_and_tasks_in_it_those_due_within(tmp_path):
    until, within = _asked(tmp_path, "KH_09-KH-BTNMT_tin-chi-cac-bon.md", CARBON,
        "Những nhiệm vụ nào trong Kế hoạch 09/KH-BTNMT có thời gian thực hiện đến năm 2030?",
        "Những nhiệm vụ nào trong Kế hoạch 09/KH-BTNMT phải hoàn thành trong năm 2030?")
    assert until.answer.startswith("2 nhiệm vụ") and "đào tạo" in until.answer and "Tổng kết" in until.answer
    assert within.answer.startswith("1 nhiệm vụ") and "Tổng kết" in within.answer
