"""Markdown as legal-document websites export it (``ingest.markdown``, ``ingest.flat_table``): hard wraps joined,
markup across lines removed, tables flattened one cell per paragraph rebuilt into rows."""

from __future__ import annotations

import pytest

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


def test_figures_spanning_the_cells_under_a_spanning_header_stand_in_their_year():
    from ingest.flat_table import rebuild_rows

    # Phụ lục 02 of QĐ 2954/QĐ-UBND Sơn La: each year spans "Lượng" and "Giá trị"; the totals (and a product with no
    # quantity) give one figure per year, between empty cells
    texts = ["TT", "Sản phẩm", "Kế hoạch 2026", "Kế hoạch 2027", "", "Lượng (Tấn)", "Giá trị (Nghìn USD)",
             "Lượng (Tấn)", "Giá trị (Nghìn USD)", "", "", "Tổng I + II", "", "240.000", "", "270.000", "",
             "I", "Mặt hàng nông sản", "", "235.000", "", "265.000", "",
             "1", "Xoài", "13.500", "7.000", "14.800", "7.800", "",
             "2", "Sữa và sản phẩm từ sữa", "", "14.000", "", "19.000"]
    header, rows = rebuild_rows(texts)
    assert header[3] == "Kế hoạch 2026 › Giá trị (Nghìn USD)"
    assert rows == [["", "Tổng I + II", "", "240.000", "", "270.000"],  # nothing lost, nothing read as a row number
                    ["I", "Mặt hàng nông sản", "", "235.000", "", "265.000"],
                    ["1", "Xoài", "13.500", "7.000", "14.800", "7.800"],
                    ["2", "Sữa và sản phẩm từ sữa", "", "14.000", "", "19.000"]]


def test_a_numbered_row_missing_its_last_cells_takes_them_from_the_row_above():
    from ingest.flat_table import rebuild_rows

    # Lịch phổ biến thông tin thống kê (QĐ 1383/QĐ-BNV): row 2's time, form and unit span rows 1–2
    texts = ["STT", "Tên thông tin thống kê", "Mức độ", "Thời gian phổ biến", "Hình thức", "Đơn vị chịu trách nhiệm",
             "",
             "1", "Số đơn vị hành chính", "Chính thức", "Tháng 6/2026", "Cổng thông tin", "Vụ Chính quyền địa phương",
             "", "2", "Số đại biểu Hội đồng nhân dân", "Chính thức", "",
             "I", "Giai đoạn 2028-2030", "",
             "3", "Số phong trào thi đua", "Sơ bộ", "Tháng 5/2026", "Cổng thông tin", "Ban Thi đua - Khen thưởng"]
    _, rows = rebuild_rows(texts)
    assert rows[1] == ["2", "Số đại biểu Hội đồng nhân dân", "Chính thức", "Tháng 6/2026", "Cổng thông tin",
                       "Vụ Chính quyền địa phương"]
    assert rows[2] == ["I", "Giai đoạn 2028-2030"]  # a group row is short by nature


def test_an_appendix_title_between_two_flattened_tables_ends_the_first():
    text = ("|\nNơi nhận:\n- Như Điều 3;\n|\n**KT. BỘ TRƯỞNG**\nTHỨ TRƯỞNG\nNguyễn Văn A\n|\n** **\n"
            "**LỊCH PHỔ BIẾN THÔNG TIN THỐNG KÊ NĂM 2026**\n*(Ban\nhành kèm theo Quyết định số 1383/QĐ-BNV)*\n|\n"
            "STT\n|\nTên thông tin thống kê\n|\nThời gian phổ biến\n|\nĐơn vị chịu trách nhiệm\n|\n|\n"
            "1\n|\nSố đơn vị hành chính\n|\nTháng 6/2026\n|\nVụ Chính quyền địa phương\n|\n|\n"
            "2\n|\nSố đại biểu Hội đồng nhân dân\n|\nTháng 6/2026\n|\nVụ Chính quyền địa phương\n|\n|\n"
            "3\n|\nSố phong trào thi đua\n|\nTháng 5/2026\n|\nBan Thi đua - Khen thưởng Trung ương\n|\n")
    loaded = load_markdown(text)
    header = next(loaded.text[b.start:b.end] for b in loaded.blocks if b.kind == "table_header")
    assert header.startswith("STT | Tên thông tin thống kê")
    from ingest.structure import read_outline

    table = next(b.start for b in loaded.blocks if b.kind == "table_row")
    assert not any(s <= table < e for s, e in read_outline(loaded).excluded)  # the attached schedule is read


def _flat(*rows: list[str]) -> str:
    return "|\n" + "|\n|\n".join("\n|\n".join(cells) + "\n" for cells in rows) + "|\n"


def test_a_caption_and_a_group_title_between_flattened_rows_are_lines_of_their_own():
    """QĐ 2634/QĐ-TTg: "**Bảng II. Các dự án kho LNG**" and "*2. Các dự án nhà máy thủy điện*" with the header
    repeated stand between the rows; they are neither cells of the rows above nor rows."""
    header = ["**TT**", "**Dự án**", "**Địa điểm**", "**Dự kiến thời gian vận hành**"]
    text = ("**Bảng I. Các dự án nguồn điện**\n" + _flat(header, ["1", "NMNĐ Long Phú 1", "Cần Thơ", "2027"],
                                                          ["2", "NMNĐ Long An I", "Tây Ninh", "2028"],
                                                          ["*2. Các dự án thủy điện*", *header],
                                                          ["1", "NMTĐ Trị An MR", "Đồng Nai", "2027"],
                                                          ["2", "NMTĐ Ialy MR", "Gia Lai", "2029"],
                                                          ["**Bảng II. Các dự án kho LNG**", *header[:2], header[3]],
                                                          ["1", "Kho LNG Quảng Ninh", "2028-2029"],
                                                          ["2", "Kho LNG Thái Bình", "2028-2029"],
                                                          ["3", "Kho LNG Nghi Sơn", "2025-2030"]))
    lines = load_markdown(text).text.split("\n")
    assert "2 | NMNĐ Long An I | Tây Ninh | 2028" in lines
    assert "2. Các dự án thủy điện" in lines and "Bảng II. Các dự án kho LNG" in lines
    assert lines[lines.index("Bảng II. Các dự án kho LNG") + 1] == "TT | Dự án | Dự kiến thời gian vận hành"
    assert "3 | Kho LNG Nghi Sơn | 2025-2030" in lines


@pytest.mark.parametrize("previous,line,joined", [
    ("4. Đài Truyền hình Việt Nam, Đài Tiếng nói Việt", "Nam, Thông tấn xã Việt Nam và hệ thống các cơ quan báo chí",
     True),
    ("3. Tầm nhìn đến năm 2045", "Sau năm 2030, tỉnh trở thành trung tâm", False),
    ("4. Ủy ban nhân dân tỉnh Long An", "Chỉ đạo các sở, ngành triển khai", False),
    # an official name broken by the wrap ("Thủ tướng" / "Chính phủ"), not a heading's body and its duty
    ("b) Khẩn trương thực hiện ý kiến chỉ đạo của Thủ tướng", "Chính phủ, Trưởng Ban chỉ đạo Nhà nước các công trình",
     True),
    ("1. Sở Tài chính", "Chủ trì, phối hợp với các sở", False),
])
def test_a_name_wrapped_after_a_numbered_first_line_is_joined(previous, line, joined):
    from ingest.markdown import joins

    assert joins(previous, line, "wrapped") is joined


def test_how_a_file_wraps_is_read_from_its_text_not_its_flattened_table_cells():
    from ingest.markdown import wrap_style

    text = ["Điều 4. Trưởng Ban Chỉ đạo", "Nhà nước các chương trình, công trình, dự án quan trọng quốc gia,",
            "trọng điểm ngành năng lượng, các Bộ trưởng chịu trách nhiệm thi hành", "quyết định này./."]
    cells = ["|", "TT", "|", "Dự án", "|", "Địa điểm", "|"] * 20
    assert wrap_style(text + cells) == "wrapped"


TWO_COLUMNS = """|
* *
**PHỤ LỤC**
DANH MỤC DỊCH VỤ SỰ NGHIỆP CÔNG SỬ DỤNG NGÂN SÁCH NHÀ NƯỚC
LĨNH VỰC XÂY DỰNG TRÊN ĐỊA BÀN TỈNH BẮC NINH
*(Kèm theo Quyết định số 456/QĐ-UBND ngày 20/11/2025* *của Uỷ ban nhân
dân tỉnh Bắc Ninh)*
|
**TT**
|
**Tên dịch vụ**
|
|
**1**
|
**Lĩnh vực quy hoạch**
|
|
1.1
|
Quy hoạch đô thị
|
|
1.2
|
Quy hoạch nông thôn
|
|
**2**
|
**Lĩnh
vực giao thông vận tải**
|
|
2.1
|
Dịch vụ vận tải công cộng
|
|
2.2
|
Dịch vụ lĩnh vực đường thuỷ
nội địa
"""


def test_a_two_column_table_whose_rows_are_numbered_is_a_table_not_layout():
    loaded = load_markdown(TWO_COLUMNS)
    lines = loaded.text.split("\n")
    assert lines[0] == "PHỤ LỤC" and lines[1].startswith("DANH MỤC DỊCH VỤ SỰ NGHIỆP CÔNG")  # its title, not a row
    at = lines.index("TT | Tên dịch vụ")
    assert lines[at:] == ["TT | Tên dịch vụ", "1 | Lĩnh vực quy hoạch", "1.1 | Quy hoạch đô thị",
                         "1.2 | Quy hoạch nông thôn", "2 | Lĩnh vực giao thông vận tải",
                         "2.1 | Dịch vụ vận tải công cộng",
                         # the file ends in the row's last cell, its closing "|" dropped: still the row's
                         "2.2 | Dịch vụ lĩnh vực đường thuỷ nội địa"]


def test_the_table_lists_of_an_appendix_are_captioned_by_its_title_not_by_kem_theo():
    from ingest.facts.table_lists import table_lists

    loaded = load_markdown(TWO_COLUMNS.replace("*(Kèm theo", "\n*(Kèm theo"))  # "(Kèm theo …)" on a line of its own
    heads = {loaded.text[x.start:x.end]: len(x.items) for x in table_lists(loaded)}
    assert heads == {"DANH MỤC DỊCH VỤ SỰ NGHIỆP CÔNG SỬ DỤNG NGÂN SÁCH NHÀ NƯỚC LĨNH VỰC XÂY DỰNG TRÊN ĐỊA BÀN TỈNH "
                     "BẮC NINH": 2, "1 | Lĩnh vực quy hoạch": 2, "2 | Lĩnh vực giao thông vận tải": 2}


def test_a_layout_table_of_two_columns_stays_paragraphs():
    text = ("|\n**ỦY BAN NHÂN DÂN**\n**TỈNH BẮC NINH**\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - "
            "Hạnh phúc\n|\n|\nSố: 456/QĐ-UBND\n|\n*Bắc Ninh, ngày 20 tháng 11 năm 2025*\n|\n\nNội dung.\n")
    assert " | " not in load_markdown(text).text


def test_a_range_wrapped_at_its_dash_is_no_bullet():
    text = ("Tổng giá trị xuất khẩu đến năm 2030 dự kiến đạt 30,2 triệu USD, tốc độ tăng bình quân 05\n"
            "- 06%/năm. Thị trường định hướng xuất khẩu: Trung Quốc.\n\n- Cà phê: đạt 1.000 tấn.\n")
    lines = load_markdown(text).text.split("\n")
    assert "tốc độ tăng bình quân 05 - 06%/năm. Thị trường" in lines[0]
    assert "- Cà phê: đạt 1.000 tấn." in lines  # a bullet after a sentence's end stays one


def test_a_pipe_table_after_text_with_no_blank_line_has_its_own_header():
    # KH 09/KH-BTNMT: the signature's layout table, the appendix's title, then its task table, no blank line between
    loaded = load_markdown("| Nơi nhận: - Như trên. | KT. BỘ TRƯỞNG |\n| --- | --- |\nPHỤ LỤC\n"
                           "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian |\n| --- | --- | --- | --- |\n"
                           "| 1. | Hoàn thiện dự thảo Nghị định | Cục Biến đổi khí hậu | Tháng 8/2024 |\n")
    kinds = [(b.kind, loaded.text[b.start:b.end].split(" | ")[0]) for b in loaded.blocks if b.kind.startswith("table")]
    assert kinds == [("table_header", "Nơi nhận: - Như trên."), ("table_header", "TT"), ("table_row", "1.")]


def test_a_paragraph_s_first_line_set_in_starts_a_paragraph_in_a_text_laid_out_as_printed():
    # QĐ 1050/QĐ-SCT as pdftotext -layout wrote it: an article's heading and its first paragraph, each set in, and
    # a wrapped line at the margin
    text = ("      Điều 3. Nhiệm vụ và quyền hạn của Đoàn kiểm tra\n"
            "      Đoàn kiểm tra thực hiện nhiệm vụ và quyền hạn theo quy định tại Điều 8 Nghị định số 217/2025/NĐ-CP,"
            "\n"
            "trong đó tập trung:\n"
            "      1. Xây dựng và trình Giám đốc Sở phê duyệt Kế hoạch kiểm tra chi tiết.\n\n"
            "      Điều 4. Kinh phí hoạt động\n"
            "      Kinh phí hoạt động của Đoàn kiểm tra được thực hiện theo các quy định tài chính\n"
            "hiện hành của Nhà nước.\n")
    lines = load_markdown(text).text.split("\n")
    assert "Điều 3. Nhiệm vụ và quyền hạn của Đoàn kiểm tra" in lines
    assert "Đoàn kiểm tra thực hiện nhiệm vụ và quyền hạn theo quy định tại Điều 8 Nghị định số 217/2025/NĐ-CP, " \
           "trong đó tập trung:" in lines
    assert "Kinh phí hoạt động của Đoàn kiểm tra được thực hiện theo các quy định tài chính hiện hành của Nhà nước." \
        in lines


@pytest.mark.parametrize("previous,line,joined", [
    # a part of a document cited across the wrap: no appendix, article or chapter begins there
    ("trả lại hồ sơ và thông báo bằng văn bản theo mẫu AP09 tại", "Phụ lục đối với trường hợp doanh nhân đủ điều kiện",
     True),
    ("sử dụng thẻ đối với các trường hợp quy định tại điểm a khoản 1 và điểm a khoản 2", "Điều 9 Quyết định này.",
     True),
    ("c) Báo cáo Thủ tướng Chính phủ kết quả thực hiện.", "Điều 10. Thẩm quyền xem xét cho phép sử dụng thẻ", False),
    ("Ban hành kèm theo Quyết định này", "Phụ lục I. Danh mục nhiệm vụ", False),
])
def test_a_part_cited_across_a_wrap_is_no_heading(previous, line, joined):
    from ingest.markdown import joins

    assert joins(previous, line, "wrapped") is joined


def test_a_blank_line_inside_a_sentence_does_not_part_it():
    # a PDF converted to Markdown with blank lines where its lines broke: a paragraph does not open in lower case
    text = ("3.1. Nâng cao hiệu lực quản lý nhà nước; kiểm tra, giám sát\n\nvà siết chặt kỷ cương\n\n"
            "Trách nhiệm chỉ đạo thực hiện: Đảng uỷ Mặt trận Tổ quốc, các đoàn thể\n\ntỉnh; Đảng ủy Ủy ban nhân dân "
            "tỉnh.\n\nYêu cầu\n\na. Thời gian thực hiện: Quý I/2026.\n")
    lines = [x for x in load_markdown(text).text.split("\n") if x.strip()]
    assert lines == ["3.1. Nâng cao hiệu lực quản lý nhà nước; kiểm tra, giám sát và siết chặt kỷ cương",
                     "Trách nhiệm chỉ đạo thực hiện: Đảng uỷ Mặt trận Tổ quốc, các đoàn thể tỉnh; Đảng ủy Ủy ban nhân "
                     "dân tỉnh.", "Yêu cầu", "a. Thời gian thực hiện: Quý I/2026."]

