"""Markdown as legal-document websites export it (``ingest.markdown``, ``ingest.flat_table``): hard wraps joined,
markup across lines removed, tables flattened one cell per paragraph rebuilt into rows."""

from __future__ import annotations

from ingest.markdown import load_markdown

WRAPPED = """**ỦY BAN NHÂN DÂN
TỈNH SƠN LA**

**Điều 2. **Giao
Sở Công Thương chủ trì, phối hợp với các Sở, ban, ngành của tỉnh; Ủy ban nhân
dân các xã, phường triển khai thực hiện Kế hoạch này.

- Tiếp tục đôn đốc các cơ quan, đơn vị để cập
nhật, bổ sung dữ liệu.
"""

FLAT = """Kế hoạch có các nhiệm vụ sau:

|
**STT**
|
**Nhiệm vụ**
|
**Cơ quan chủ trì**
|
**Thời hạn**
|
|
1
|
Xây dựng cơ sở dữ liệu
dân cư
|
Công an tỉnh
|
Quý II/2026
|
|
2
|
Tập huấn cán bộ
|
Sở Nội vụ
|
2026
|
|
3
|
Đánh giá kết quả
|
Sở Tư pháp
|
Quý IV/2026
|
"""


def test_hard_wraps_are_joined_and_markup_across_lines_removed():
    text = load_markdown(WRAPPED).text
    assert "ỦY BAN NHÂN DÂN TỈNH SƠN LA" in text and "**" not in text
    assert "Điều 2. Giao Sở Công Thương chủ trì, phối hợp với các Sở, ban, ngành của tỉnh; Ủy ban nhân dân các xã" \
        in text
    assert "- Tiếp tục đôn đốc các cơ quan, đơn vị để cập nhật, bổ sung dữ liệu." in text


def test_a_flattened_table_is_rebuilt_into_rows_under_its_header():
    lines = load_markdown(FLAT).text.split("\n")
    rows = [line for line in lines if line.count("|") >= 3]
    assert rows[0].replace(" ", "") == "STT|Nhiệmvụ|Cơquanchủtrì|Thờihạn"
    assert rows[1] == "1 | Xây dựng cơ sở dữ liệu dân cư | Công an tỉnh | Quý II/2026"
    assert rows[2] == "2 | Tập huấn cán bộ | Sở Nội vụ | 2026" and len(rows) == 4


def test_a_row_with_merged_cells_takes_them_from_the_row_above_where_its_own_fit_the_header():
    from ingest.flat_table import rebuild_rows

    texts = ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kết quả", "",
             "2", "Quản lý, vận hành hệ thống", "Sở Tài chính", "Các sở, ngành", "Quý IV/2026", "", "",
             # the second row of item 2: no number, its time merged with the row above
             "Thực hiện sao lưu dữ liệu", "Sở Khoa học và Công nghệ", "Sở Tài chính", "",
             "3", "Cập nhật, chia sẻ dữ liệu", "Sở Tài chính", "Các sở, ngành", "Quý IV/2026", "Dữ liệu được chia sẻ"]
    _, rows = rebuild_rows(texts)
    assert rows[1][:5] == ["", "Thực hiện sao lưu dữ liệu", "Sở Khoa học và Công nghệ", "Sở Tài chính", "Quý IV/2026"]
