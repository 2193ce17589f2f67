"""Figures read out of a table with a column per year (QĐ 699/QĐ-BNNMT's shape: a header whose last cell spans a second
row of years, a caption stating the unit, tax codes among the cells, thousands grouped with commas, a total row), and
a question naming a place that is not its documents' issuer. Two small documents, ingested once."""

from __future__ import annotations

import pytest

from tests.conftest import ingested

QUOTAS = """BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: 699/QĐ-BNNMT | Hà Nội, ngày 27 tháng 02 năm 2026

QUYẾT ĐỊNH
THÍ ĐIỂM PHÂN BỔ HẠN NGẠCH PHÁT THẢI KHÍ NHÀ KÍNH CHO NĂM 2025 VÀ NĂM 2026

Điều 1. Thí điểm phân bổ hạn ngạch phát thải khí nhà kính cho các cơ sở tại Phụ lục kèm theo Quyết định này.

PHỤ LỤC
*Đơn vị: tấn CO2 tương đương*
| STT | Tên cơ sở | Địa chỉ | Mã số thuế | Người đại diện pháp luật | Hạn ngạch phát thải khí nhà kính |
| --- | --- | --- | --- | --- | --- |
|  |  |  |  |  | Năm 2025 | Năm 2026 |
| I | Các cơ sở sản xuất sắt thép |
| 1 | Công ty TNHH khoáng sản và luyện kim Việt Trung | tỉnh Lào Cai | 5300232681 | Ngô Sỹ Hiếu | 255,476 | 297,830 |
| 2 | Công ty cổ phần Luyện kim đen Thái Nguyên | Thái Nguyên | 4600400261 | Chu Phương Đông | 236,403 | 275,595 |
|  | TỔNG HẠN NGẠCH PHÁT THẢI KHÍ NHÀ KÍNH | 491,879 | 573,425 |
"""

PROVINCE = """ỦY BAN NHÂN DÂN TỈNH LÀO CAI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: 7432/UBND-XD | Lào Cai, ngày 21 tháng 7 năm 2026
V/v triển khai các giải pháp an toàn phòng cháy, chữa cháy

1. Công an tỉnh hướng dẫn các cơ sở rà soát, lập kế hoạch áp dụng giải pháp kỹ thuật.
2. Sở Xây dựng tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.
"""


@pytest.fixture(scope="module")
def kb(module_tmp):
    from kb.service import KnowledgeBase
    from tests.conftest import make_settings

    files = []
    for name, text in (("QD_699-QD-BNNMT.md", QUOTAS), ("CV_7432-UBND-XD.md", PROVINCE)):
        (path := module_tmp / name).write_text(text, encoding="utf-8")
        files.append(path)
    kb = KnowledgeBase(make_settings(ingested(module_tmp, files)))
    yield kb
    kb.close()


def test_a_rows_figure_of_the_year_asked_in_its_columns_unit(kb):
    # the place names the company's site, not whose documents to read: the province's own letter does not say it
    answer = kb.ask("Công ty TNHH khoáng sản và luyện kim Việt Trung ở Lào Cai được phân bổ hạn ngạch phát thải khí "
                    "nhà kính năm 2026 là bao nhiêu?")
    assert answer.status == "answered"
    assert answer.answer == "297,830 tấn CO2 tương đương (năm 2026)"


def test_a_total_grouped_with_commas_and_no_tax_code_for_a_figure(kb):
    answer = kb.ask("Tổng hạn ngạch phát thải khí nhà kính năm 2025 theo Quyết định 699/QĐ-BNNMT là bao nhiêu tấn "
                    "CO2?")
    assert answer.answer.startswith("491,879 tấn CO2 tương đương")


def test_a_table_cell_is_a_figure_but_an_identifier_is_not():
    from kb.answer.read import in_stated_unit
    row = "2 | Công ty cổ phần Luyện kim đen | 4600400261 | 236,403 | 1,324,157"
    assert in_stated_unit(row, "Đơn vị: tấn") == \
        "2 | Công ty cổ phần Luyện kim đen | 4600400261 | 236,403 tấn | 1,324,157 tấn "
