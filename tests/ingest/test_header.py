"""Header metadata and relations on the shared official documents (see also ``make eval``: eval/metadata.py)."""

from __future__ import annotations

import pytest

from ingest.header import normal_case, read_metadata
from ingest.load import load_bytes, load_file
from tests.conftest import SHARED

DOCS = SHARED / "documents"


def _meta(path):
    _, loaded = load_file(path)
    return read_metadata(loaded, path.name)


def test_resolution_03_header_and_what_it_rests_on():
    meta = _meta(DOCS / "NQ_03-NQ-CP_2025-01-09_ChinhPhu_full_with_PL1_PL2.md")
    assert (meta.number, meta.doc_type, meta.issuer, meta.issued) == ("03/NQ-CP", "Nghị quyết", "Chính phủ",
                                                                    "2025-01-09")
    assert meta.legal_bases == ["57-NQ/TW"]
    assert ("rests_on", "57-NQ/TW") in [(r.type, r.number) for r in meta.relations]


def test_party_resolution_title_skips_the_rest_of_the_type_line():
    meta = _meta(DOCS / "NQ_57-NQ-TW_2024-12-22_BoChinhTri.md")
    assert meta.number == "57-NQ/TW" and meta.issuer == "Ban Chấp hành Trung ương Đảng"
    assert meta.title.startswith("về đột phá phát triển khoa học")


def test_header_block_placed_at_the_end_of_a_transcription():
    meta = _meta(DOCS / "30_2020_ND_CP.md")
    assert (meta.number, meta.issued, meta.issuer) == ("30/2020/NĐ-CP", "2020-03-05", "Chính phủ")


def test_docx_header_table_and_the_decrees_it_ends():
    meta = _meta(DOCS / "docx" / "30_2020_ND_CP.docx")
    assert (meta.number, meta.doc_type, meta.issued) == ("30/2020/NĐ-CP", "Nghị định", "2020-03-05")
    replaced = {r.number for r in meta.relations if r.type == "replaces"}
    assert replaced == {"110/2004/NĐ-CP", "09/2010/NĐ-CP"}


def test_precedent_title_runs_over_several_pdf_lines():
    meta = _meta(DOCS / "pdf" / "an_le_so_432021AL.pdf")
    assert (meta.number, meta.doc_type, meta.issued) == ("43/2021/AL", "Án lệ", "2021-02-24")
    assert meta.title.endswith("nhưng chưa thanh toán đủ tiền cho bên bán")


def test_news_article_is_typed_and_named_but_nothing_else_is_invented():
    meta = _meta(SHARED / "seeds" / "003_d68989f46a0eddb5.txt")
    assert (meta.number, meta.issuer, meta.issued) == (None,) * 3
    assert meta.doc_type == "Bài báo"
    # no headline or sub-heading: its first sentence, shortened at a word
    assert meta.title == ("Có thể coi năm 2020 là năm Tây Ninh khởi động nhận thức về chuyển đổi số; "
                          "năm 2021 là năm bắt đầu triển khai…")
    assert meta.legal_bases == []  # it quotes another plan's "Căn cứ" lines
    assert "3892/KH-UBND" in meta.numbers and all(r.type == "mentions" for r in meta.relations)


def test_news_article_title_is_its_sub_heading_and_its_dateline_its_date():
    meta = _meta(SHARED / "seeds" / "004_447cf25aa54295bd.txt")  # " date 2020-10 “Đề án …"
    assert (meta.doc_type, meta.issued) == ("Bài báo", "2020-10")
    assert meta.title == "Đưa Tây Ninh vào Top 15 tỉnh dẫn đầu Vietnam ICT Index"
    text = "Thứ Hai, 12/03/2022 08:15\nTây Ninh ra mắt ứng dụng công dân số\nSáng nay, tỉnh đã ra mắt ứng dụng.\n"
    _, loaded = load_bytes(text.encode(), "bai_bao.txt")
    meta = read_metadata(loaded, "bai_bao.txt")
    assert (meta.doc_type, meta.issued, meta.title) == ("Bài báo", "2022-03-12", "Tây Ninh ra mắt ứng dụng công dân số")


def test_a_cong_van_is_typed_and_never_named_by_its_issuer():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH\nSố: 1234/UBND-KT\nTây Ninh, ngày 05 tháng 3 năm 2026\n"
            "Kính gửi: Các sở, ban, ngành tỉnh.\nThực hiện chỉ đạo của Chính phủ, UBND tỉnh đề nghị các cơ quan ...\n")
    _, loaded = load_bytes(text.encode(), "cv.txt")
    meta = read_metadata(loaded, "cv.txt")
    assert (meta.number, meta.doc_type, meta.issued) == ("1234/UBND-KT", "Công văn", "2026-03-05")
    assert meta.issuer == "Ủy ban nhân dân tỉnh Tây Ninh" and meta.title is None  # not "ỦY BAN NHÂN DÂN"
    with_subject = text.replace("Số: 1234/UBND-KT\n", "Số: 1234/UBND-KT\nVề việc triển khai chữ ký số năm 2026\n")
    _, loaded = load_bytes(with_subject.encode(), "cv.txt")
    assert read_metadata(loaded, "cv.txt").title == "triển khai chữ ký số năm 2026"
    # the subject beside the number, as a table cell joins them (CV 5155/SGDĐT-GDTXNNĐH)
    beside = text.replace("Số: 1234/UBND-KT\n", "Số: 1234/UBND-KT Về hướng dẫn đánh giá trung tâm học tập\n")
    _, loaded = load_bytes(beside.encode(), "cv.txt")
    assert read_metadata(loaded, "cv.txt").title == "Về hướng dẫn đánh giá trung tâm học tập"


def test_issuer_in_normal_case():
    assert normal_case("ỦY BAN NHÂN DÂN TỈNH TÂY NINH") == "Ủy ban nhân dân tỉnh Tây Ninh"
    assert normal_case("BỘ KHOA HỌC VÀ CÔNG NGHỆ") == "Bộ Khoa học và Công nghệ"
    assert normal_case("Bộ Tài chính") == "Bộ Tài chính"


def test_each_basis_clause_is_one_basis_with_where_it_is_said():
    """One "Căn cứ" paragraph may hold two bases between ";"; a law is named up to its date, commas and "một số
    điều" included; the numbers a basis's title cites ("sửa đổi … Nghị định số 94/2016") are no bases of their own."""
    text = ("QUYẾT ĐỊNH\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung "
            "một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;\n"
            "Căn cứ Nghị định số 62/2024/NĐ-CP ngày 07 tháng 6 năm 2024 của Chính phủ sửa đổi, bổ sung một số điều của "
            "Nghị định số 94/2016/NĐ-CP ngày 01 tháng 7 năm 2016;\nCăn cứ tình hình thực tế của tỉnh.\n")
    _, loaded = load_bytes(text.encode(), "qd.txt")
    meta = read_metadata(loaded, "qd.txt")
    bases = [r for r in meta.relations if r.type == "rests_on"]
    assert [r.number or r.title for r in bases] == [
        "Luật Tổ chức chính quyền địa phương",
        "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
        "62/2024/NĐ-CP"]
    assert loaded.text[bases[0].start:bases[0].end].startswith("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19")
    assert loaded.text[bases[1].start:bases[1].end].endswith("ngày 22 tháng 11 năm 2019")
    assert meta.legal_bases == ["62/2024/NĐ-CP", "94/2016/NĐ-CP"]


def test_a_unit_under_its_superior_issues_and_a_party_conclusion_is_typed():
    # the provincial tax office under its department; a unit of the Party's Central Committee and its "Kết luận"
    tax = ("|\nCỤC THUẾ\n**THUẾ TỈNH VĨNH LONG**\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n|\n"
           "Số: 1539/VLO-QLDN3\n*V/v trả lãi tiền vay cho cổ đông*\n|\n*Vĩnh Long, ngày\n02 tháng 12 năm 2025*\n|\n\n"
           "Thuế tỉnh Vĩnh Long có ý kiến như sau:\n")
    party = ("|\nBAN CHẤP HÀNH\nTRUNG ƯƠNG\n**VĂN PHÒNG**\n*\n|\n**ĐẢNG CỘNG SẢN\nVIỆT NAM**\n---------------\n|\n|\n"
             "Số 07-KL/VPTW\n|\n*Hà Nội, ngày 01 tháng 12 năm 2025*\n|\n\n\n**KẾT LUẬN**\n\n"
             "CỦA ĐỒNG CHÍ CHÁNH VĂN PHÒNG"
             "\n\nTẠI HỘI NGHỊ TOÀN QUỐC CÔNG TÁC VĂN PHÒNG NĂM 2025\n\n-----\n\nHội nghị đã thống nhất …\n")
    for text, number, doc_type, issuer in ((tax, "1539/VLO-QLDN3", "Công văn", "Thuế tỉnh Vĩnh Long"),
                                           (party, "07-KL/VPTW", "Kết luận", "Văn phòng Trung ương Đảng")):
        _, loaded = load_bytes(text.encode(), "doc.md")
        meta = read_metadata(loaded, "doc.md")
        assert (meta.number, meta.doc_type, meta.issuer) == (number, doc_type, issuer)


def test_a_scanned_party_resolution_with_a_space_before_its_numbers_dash():
    # NQ 34-NQ/TU of Lào Cai as OCR gave it: "Số 34 -NQ/TU", the motto scanned "ĐÁNG"
    text = ("TỈNH ỦY LÀO CAI ĐÁNG CỘNG SẢN VIỆT NAM\n\n*\n\nSố 34 -NQ/TU Lào Cai, ngày 27 tháng 12 năm 2025\n\n"
            "NGHỊ QUYẾT\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề phát triển các khu công nghiệp, cụm công nghiệp\n\n"
            "Trong những năm qua, ngành công nghiệp tỉnh Lào Cai được quan tâm.\n").encode()
    _, loaded = load_bytes(text, "nghi-quyet.md")
    meta = read_metadata(loaded, "nghi-quyet.md")
    assert (meta.number, meta.doc_type, meta.issued) == ("34-NQ/TU", "Nghị quyết", "2025-12-27")
    assert "cộng sản" not in (meta.issuer or "").lower()


def test_a_programme_of_action_is_typed_by_its_line_in_capitals_over_its_subject():
    # CTr 104-CTr/TU of Lào Cai: signed digitally, its number and day left blank; the subject wraps under the type
    text = ("TỈNH UỶ LÀO CAI\n*\nSố         -CTr/TU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nLào Cai, ngày        tháng 8 năm "
            "2026\n\nCHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Kết luận số 75-KL/TW ngày 28/7/2026 của Ban Chấp hành\n"
            "Trung ương Đảng khóa XIV về bảo vệ môi trường\n-----\n\nThực hiện Kết luận số 75-KL/TW, Tỉnh ủy ban hành "
            "Chương trình hành động.\n").encode()
    _, loaded = load_bytes(text, "chuong-trinh.md")
    meta = read_metadata(loaded, "chuong-trinh.md")
    assert meta.doc_type == "Chương trình" and meta.title.startswith("thực hiện Kết luận số 75-KL/TW")


# QĐ 1050/QĐ-SCT of Lào Cai's Sở Công Thương as ``pdftotext -layout`` wrote it: the header in two columns, "Số" with a
# space before its slash, the type line over its subject, the signature set beside the recipients
LAYOUT = """   UBND TỈNH LÀO CAI              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
  SỞ CÔNG THƯƠNG                           Độc lập - Tự do - Hạnh phúc

   Số: 1050 /QĐ-SCT                   Lào Cai, ngày 06 tháng 3 năm 2026


                              QUYẾT ĐỊNH
  Kiểm tra việc chấp hành pháp luật trong sử dụng và bảo quản vật liệu nổ
              công nghiệp trên địa bàn tỉnh Lào Cai năm 2026

            GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH LÀO CAI

       Căn cứ Luật số 42/2024/QH15 ngày 29/6/2024 về Quản lý, sử dụng vũ khí,
vật liệu nổ và công cụ hỗ trợ;
      Điều 1. Thành lập Đoàn kiểm tra việc chấp hành pháp luật.

Nơi nhận:                                         KT. GIÁM ĐỐC
- Như Điều 5;
- UBND tỉnh (b/c);
                                                  PHÓ GIÁM ĐỐC
- Lãnh đạo Sở;
- Lưu: VT, KTAT.




                                                 Hoàng Chí Hiền
"""


@pytest.mark.parametrize("name", ["quyet-dinh.md", "quyet-dinh.txt"])
def test_a_header_laid_out_in_two_columns_is_read_column_by_column(name):
    _, loaded = load_bytes(LAYOUT.encode(), name)
    assert "UBND TỈNH LÀO CAI\n" in loaded.text and "CỘNG HÒA" not in loaded.text.split("\n")[0]
    meta = read_metadata(loaded, name)
    assert (meta.number, meta.doc_type, meta.issued) == ("1050/QĐ-SCT", "Quyết định", "2026-03-06")
    assert meta.issuer == "Sở Công Thương tỉnh Lào Cai"  # the unit under its superior, as the lexicon writes it
    assert meta.title.startswith("Kiểm tra việc chấp hành pháp luật")
    assert meta.signer == "Hoàng Chí Hiền"  # below the recipients' items, not next to its title


def test_a_text_with_wide_gaps_but_no_header_is_left_as_it_is():
    from ingest.layout import header_columns
    lines = ["Bảng giá        Đơn vị: đồng", "Gạo        15.000"]
    assert header_columns(lines) == lines


def test_the_gazette_lines_over_a_document_are_not_its_issuer():
    text = ("CÔNG BÁO/Số 1091 + 1092/Ngày 03-11-2023 45\n\nVĂN BẢN PHÁP LUẬT KHÁC\n\nCHÍNH PHỦ\n\nCHÍNH PHỦ\n\n"
            "Số: 175/NQ-CP\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Hà Nội, ngày 30 tháng 10 năm 2023\n\nNGHỊ QUYẾT\nPhê duyệt Đề án Trung tâm dữ liệu quốc gia\n")
    _, loaded = load_bytes(text.encode(), "nq-175.txt")
    meta = read_metadata(loaded, "nq-175.txt")
    assert (meta.issuer, meta.number) == ("Chính phủ", "175/NQ-CP")
    assert meta.title == "Phê duyệt Đề án Trung tâm dữ liệu quốc gia"


def test_a_resolution_replaces_the_one_it_also_rests_on():
    text = ("CHÍNH PHỦ\n\nSố: 109/NQ-CP\n\nHà Nội, ngày 16 tháng 4 năm 2026\n\nNGHỊ QUYẾT\n"
            "Cập nhật Chương trình hành động\n\nCHÍNH PHỦ\n\n"
            "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n\n"
            "Căn cứ Nghị quyết số 41/NQ-CP ngày 11 tháng 3 năm 2026 của Chính phủ;\n\nQUYẾT NGHỊ:\n\n"
            "Điều 2. Hiệu lực thi hành\n\n1. Nghị quyết này có hiệu lực thi hành kể từ ngày ký và thay thế "
            "Nghị quyết số 41/NQ-CP ngày 11 tháng 3 năm 2026 của Chính phủ.\n")
    _, loaded = load_bytes(text.encode(), "nq-109.txt")
    relations = {(r.type, r.number) for r in read_metadata(loaded, "nq-109.txt").relations}
    assert {("rests_on", "41/NQ-CP"), ("replaces", "41/NQ-CP")} <= relations
