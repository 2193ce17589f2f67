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
