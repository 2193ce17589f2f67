"""What a document says about itself: effect, repeals, signer (``ingest.closing``), proposer and a number filed in
its name (``ingest.header``), on real closing articles."""

from __future__ import annotations

import doctest

import ingest.closing
from ingest.closing import effect, repeals, signer
from ingest.header import _proposer, number_in_name

DECREE_END = """### Điều 89. Sửa đổi, bổ sung, bãi bỏ một số điều của các nghị định có liên quan
3. Bãi bỏ điểm l khoản 10 Điều 4 Nghị định số 85/2025/NĐ-CP ngày 08 tháng 4 năm 2025 của Chính phủ quy định chi tiết.
### Điều 90. Hiệu lực thi hành
1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.
2. Các nghị định sau hết hiệu lực từ ngày Nghị định này có hiệu lực thi hành:
a) Nghị định số 45/2026/NĐ-CP ngày 26 tháng 01 năm 2026 của Chính phủ quy định quản lý đầu tư;
b) Nghị định số 42/2022/NĐ-CP ngày 24 tháng 6 năm 2022 của Chính phủ quy định về việc cung cấp thông tin.
### Điều 91. Điều khoản chuyển tiếp
1. Dự án đã được quyết định đầu tư theo Nghị định số 45/2026/NĐ-CP được tiếp tục thực hiện.
"""


def test_the_module_doctests():
    assert doctest.testmod(ingest.closing).failed == 0


def test_repeals_read_from_the_closing_articles_and_the_list_they_open():
    said = repeals(DECREE_END)
    assert said[0].startswith("Bãi bỏ điểm l khoản 10 Điều 4 Nghị định số 85/2025/NĐ-CP")
    assert [s[:28] for s in said[1:]] == ["Nghị định số 45/2026/NĐ-CP n", "Nghị định số 42/2022/NĐ-CP n"]
    assert not any("tiếp tục" in s for s in said)  # a transitional clause repeals nothing


def test_the_closing_article_is_found_before_the_forms_that_follow_it():
    text = DECREE_END + "\n\nMẫu số 01\n" + "Nội dung biểu mẫu kê khai thông tin. " * 400
    assert effect(text, None) == ("2026-07-01", "từ ngày 01 tháng 7 năm 2026")
    assert len(repeals(text)) == 3


def test_a_decisions_own_article_on_effect_before_the_rules_it_issues():
    text = ("Điều 1. Ban hành kèm theo Quyết định này Quy định về công tác thi đua, khen thưởng.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày 15 tháng 12 năm 2025. Bãi bỏ Quyết định số 13/2024/QĐ-UBND "
            "ngày 31 tháng 5 năm 2024 của Ủy ban nhân dân tỉnh Bắc Ninh ban hành Quy chế về công tác thi đua.\n"
            "QUY ĐỊNH\nĐiều 1. Phạm vi điều chỉnh\n" + "Quy định này quy định về đối tượng, nguyên tắc thi đua. " * 200)
    assert [s[:40] for s in repeals(text)] == ["Bãi bỏ Quyết định số 13/2024/QĐ-UBND ngà"]


def test_signer_under_the_last_title():
    assert signer("TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nNguyễn Hòa Bình") == "Nguyễn Hòa Bình"
    # the head of a provincial tax office, its title wrapped over two lines
    assert signer("- Lưu: VT, QLDN3.\n|\nKT. TRƯỞNG THUẾ\nTỈNH\nPHÓ TRƯỞNG THUẾ TỈNH\nHuỳnh Minh Giám\n|") \
        == "Huỳnh Minh Giám"


def test_proposer_from_the_preamble_across_a_wrap():
    assert _proposer("Căn cứ Luật Tổ chức Chính phủ;\nTheo đề nghị của Bộ trưởng Bộ Khoa học và Công nghệ;\n"
                     "Chính phủ ban hành Nghị định") == "Bộ trưởng Bộ Khoa học và Công nghệ"
    assert _proposer("*Theo đề nghị của Sở Công\nThương tại Tờ trình số 512/TTr-SCT ngày 10/11/2025.*") == \
        "Sở Công Thương"


def test_a_number_filed_in_the_name():
    assert number_in_name("NQ_192-2025-QH15_2025-02-19_QuocHoi.md") == "192/2025/QH15"
    assert number_in_name("QD_2597-QD-TTg_2025-11-27_x.md") == "2597/QĐ-TTg"
    assert number_in_name("000_3fc06e878f02839b.txt") is None
