"""What a heading or lead-in gives the items under it."""

import pytest

from ingest.facts.context import Context, body_named, is_heading, section_mode, under
from ingest.facts.items import build_tree


def _item(text):
    return build_tree(f"{text}\n- một việc dưới nó", []).children[0]


@pytest.mark.parametrize("heading,bodies", [
    ("4. Sở Nông nghiệp và Môi trường", ["Sở Nông nghiệp và Môi trường"]),
    ("3. Bộ Công an có trách nhiệm:", ["Bộ Công an"]),
    ("c) Tổ đảng ở Thường trực Ủy ban Pháp luật", ["Tổ đảng ở Thường trực Ủy ban Pháp luật"]),
    ("b) Giao Sở Nội vụ:", ["Sở Nội vụ"]),
    ("7. Báo và Phát thanh, Truyền hình thành phố", ["Báo và Phát thanh, Truyền hình thành phố"]),
    ("11. Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm",
     ["Các đơn vị cấp nước sạch trên địa bàn thành phố"]),
    ("Nhằm chấn chỉnh công tác quản lý, Chủ tịch Ủy ban nhân dân thành phố yêu cầu Giám đốc, Thủ trưởng các sở, ban "
     "ngành, Chủ tịch Ủy ban nhân dân xã, phường và các đơn vị liên quan tập trung thực hiện các nhiệm vụ sau:",
     ["Giám đốc, Thủ trưởng các sở, ban ngành", "Chủ tịch Ủy ban nhân dân xã, phường", "các đơn vị liên quan"]),
    ("Sau khi nghe báo cáo, Phó Thủ tướng Chính phủ Hồ Quốc Dũng kết luận như sau:", []),
    # a long lead-in names them in the sentence that introduces the items, after its grounds (KL 07-KL/VPTW) …
    ("Thời gian tới, tình hình thế giới tiếp tục diễn biến phức tạp, đòi hỏi phải nỗ lực lớn. Quán triệt sâu sắc ý "
     "kiến chỉ đạo; căn cứ vào phương hướng, nhiệm vụ đã nêu trong Báo cáo, Văn phòng Trung ương Đảng và các văn "
     "phòng tỉnh uỷ, thành uỷ cụ thể hoá để tổ chức thực hiện, trong đó, cần tập trung một số nhiệm vụ trọng tâm sau:",
     ["Văn phòng Trung ương Đảng", "các văn phòng tỉnh uỷ, thành uỷ"]),
    # … not one that introduces shortcomings
    ("Công tác văn thư có chuyển biến tích cực. Tuy nhiên, hoạt động của Văn phòng Trung ương Đảng vẫn còn một số "
     "tồn tại, hạn chế như:", []),
    ("1. Hoàn thiện hệ thống chính sách pháp luật", []),
])
def test_bodies_named_by_headings(heading, bodies):
    assert body_named(_item(heading)) == bodies


def test_the_issuer_introducing_its_plan_names_no_body():
    assert body_named(_item("Ủy ban nhân dân tỉnh Lâm Đồng ban hành Kế hoạch thực hiện như sau:"),
                      issuer="uy ban nhan dan tinh lam dong") == []


@pytest.mark.parametrize("title,mode", [("II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2030", "targets"),
                                        ("I. MỤC ĐÍCH, YÊU CẦU", "purpose"), ("III. TỔ CHỨC THỰC HIỆN", "duties"),
                                        ("I. KẾT QUẢ THỰC HIỆN", "report"), ("3. Tiêu chuẩn khen thưởng", "criteria"),
                                        ("IV. SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG", "criteria"),
                                        ("3.3. Lợi ích phương án đơn giản hóa", "report")])
def test_section_modes(title, mode):
    assert section_mode(title) == mode


def test_labelled_fields_give_lead_coordinators_and_time_to_the_items_beside_them():
    node = build_tree("1.1. Xây dựng chiến lược:\na) Nhiệm vụ: rà soát chiến lược.\nb) Cơ quan thực hiện:\n"
                      "- Đơn vị chủ trì: Sở Khoa học và Công nghệ.\n- Đơn vị phối hợp: Các Sở, ban, ngành.\n"
                      "c) Thời gian thực hiện: Hoàn thành trong năm 2025.", []).children[0]
    ctx = under(node, Context())
    assert (ctx.lead, ctx.coordinators, ctx.deadline) == (["Sở Khoa học và Công nghệ"], ["Các Sở, ban, ngành"],
                                                          "Hoàn thành trong năm 2025")


@pytest.mark.parametrize("heading,deadline", [
    ("II. NHIỆM VỤ, GIẢI PHÁP CẢI THIỆN CÁC CHỈ SỐ NĂM 2026", "NĂM 2026"),  # a year's duties: that year
    ("II. NHIỆM VỤ, GIẢI PHÁP ĐẾN NĂM 2030", None),  # a horizon is not a deadline of each item
    ("III. KẾT QUẢ THỰC HIỆN NĂM 2025", None),  # a report of a year, not duties
    ("II. NHIỆM VỤ TRỌNG TÂM GIAI ĐOẠN 2026 - 2030", None),
    # the year of a day a cited decree was issued is not the items' (QĐ 1050/QĐ-SCT, Điều 3)
    ("Đoàn kiểm tra thực hiện nhiệm vụ theo Nghị định số 217/2025/NĐ-CP ngày 05 tháng 8 năm 2025, trong đó tập trung:",
     None),
])
def test_a_heading_over_duties_gives_them_its_year(heading, deadline):
    assert under(_item(heading), Context()).deadline == deadline


@pytest.mark.parametrize("title,lead_in,mode", [
    ("Cơ quan nhà nước quản lý, chỉ đạo, điều hành thông minh, an toàn dựa trên dữ liệu", False, None),
    ("Một số nhiệm vụ trọng tâm", False, "duties"),
    ("Cơ quan nhà nước quản lý, chỉ đạo, điều hành thông minh. Một số chỉ tiêu cơ bản bao gồm:", True, "targets"),
    ("Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở thực hiện các nhiệm vụ sau:", True, "duties"),
])
def test_a_heading_says_its_kind_in_its_opening_words_a_lead_in_in_its_last(title, lead_in, mode):
    assert section_mode(title, lead_in) == mode


def test_a_heading_or_lead_in_ending_on_a_time_sets_it_for_its_items():
    for heading, deadline in (("2. Về nhiệm vụ trọng tâm từ nay đến tháng 6/2027", "từ nay đến tháng 6/2027"),
                              ("b) Các Bộ: Tài chính, Y tế, Tư pháp, Nội vụ khẩn trương khắc phục các bất cập của Hệ "
                               "thống thông tin cơ sở dữ liệu thuộc phạm vi quản lý, hoàn thành trong tháng 11 năm "
                               "2025, cụ thể:", "trong tháng 11 năm 2025"),
                              # a detail in parentheses after the time
                              ("2. Các cơ quan, đơn vị, địa phương có trách nhiệm theo dõi, tổng hợp các trường hợp vi "
                               "phạm, kỷ luật trong năm gửi về Hội đồng Thi đua - Khen thưởng tỉnh trước ngày 10/12 "
                               "hàng năm (qua Phòng Thi đua, khen thưởng, Sở Nội vụ)", "trước ngày 10/12 hàng năm")):
        assert under(_item(heading), Context()).deadline == deadline


def test_how_much_time_is_left_is_not_when_the_items_are_due():
    lead_in = ("Từ nay đến ngày 19 tháng 12 năm 2025 chỉ còn 01 tháng, thời gian rất gấp, để bảo đảm công tác chuẩn bị "
               "tốt nhất cho sự kiện quan trọng này, Thủ tướng Chính phủ yêu cầu:")
    assert under(_item(lead_in), Context()).deadline is None
    due = ("Từ nay đến ngày 19 tháng 12 năm 2025, để bảo đảm công tác chuẩn bị tốt nhất cho sự kiện quan trọng này, "
           "các bộ, ngành, địa phương tập trung chỉ đạo thực hiện quyết liệt, hiệu quả các nhiệm vụ sau:")
    assert under(_item(due), Context()).deadline == "Từ nay đến ngày 19 tháng 12 năm 2025"


@pytest.mark.parametrize("heading, bodies", [
    ("Điều 7. Trách nhiệm của Ủy viên thường trực", ["Ủy viên thường trực"]),
    ("Điều 3. Nhiệm vụ, quyền hạn của Ban Chỉ đạo", ["Ban Chỉ đạo"]),
])
def test_an_articles_heading_naming_whose_duties_gives_them_to_its_items(heading, bodies):
    item = build_tree(f"{heading}\n1. Giúp lãnh đạo Ban Chỉ đạo điều hành hoạt động.\n2. Chỉ đạo xây dựng báo cáo.",
                      []).children[0]
    assert body_named(item) == bodies


def test_a_numbered_line_naming_whose_duties_heads_its_items_though_it_ends_with_a_dot():
    item = build_tree("2. Trách nhiệm của các Sở: Xây dựng, Tài chính, Nội vụ.\na) Chỉ đạo, hướng dẫn cho cấp xã.\n"
                      "b) Tham mưu cấp có thẩm quyền công bố thủ tục.", []).children[0]
    assert is_heading(item) and body_named(item) == ["Sở Xây dựng", "Sở Tài chính", "Sở Nội vụ"]


def test_a_letter_s_requests_addressed_to_whom_they_bind_head_its_items():
    # CV 5141/SNNMT-KS of Lào Cai: "1. Yêu cầu đối với …." over the duties of those licensed, though it ends with a dot
    item = build_tree("1. Yêu cầu đối với các tổ chức, cá nhân được cấp giấy phép khai thác khoáng sản.\n"
                      "1.1. Triển khai, thực hiện đúng và đầy đủ các quy định của Luật.\n"
                      "1.2. Thực hiện nghiêm trách nhiệm báo cáo kết quả hoạt động khai thác.", []).children[0]
    assert is_heading(item)
    assert body_named(item) == ["các tổ chức, cá nhân được cấp giấy phép khai thác khoáng sản"]
