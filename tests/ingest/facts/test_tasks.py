"""Who leads a duty, who coordinates, by when: real sentences from the shared documents."""

import pytest

from ingest.facts.context import Context
from ingest.facts.tasks import duties, explicit_lead


@pytest.mark.parametrize("clause,lead", [
    ("Ngân hàng Nhà nước Việt Nam phối hợp với Bộ Công an hướng dẫn việc thanh toán.", ["Ngân hàng Nhà nước Việt Nam"]),
    ("Ủy ban nhân dân các tỉnh, thành phố ban hành kế hoạch thực hiện.", ["Ủy ban nhân dân các tỉnh, thành phố"]),
    ("Định kỳ, Thường trực Ủy ban Kinh tế chủ trì, phối hợp với Văn phòng Quốc hội tổ chức giám sát.",
     ["Thường trực Ủy ban Kinh tế"]),
    ("Giao Thanh tra thành phố tổ chức thanh tra việc chấp hành các quy định.", ["Thanh tra thành phố"]),
    ("Trên cơ sở đề nghị của các Bộ, cơ quan liên quan, Bộ Tài chính khẩn trương rà soát, bố trí kinh phí.",
     ["Bộ Tài chính"]),
    ("Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì tổng hợp dự toán.", ["Sở Tài chính"]),
    ("Chủ quản nền tảng số có trách nhiệm tổ chức việc đánh giá.", ["Chủ quản nền tảng số"]),
    ("Tăng cường công tác tuyên truyền, phổ biến pháp luật.", []),
    ("Ban hành kế hoạch triển khai trước ngày 15/12/2025.", []),
    ("Báo cáo kết quả thực hiện về Sở Nội vụ.", []),
])
def test_explicit_lead(clause, lead):
    assert explicit_lead(clause) == lead


def test_an_item_without_a_subject_takes_the_body_above_and_its_partners():
    [duty] = duties("Chủ trì, phối hợp Sở Nông nghiệp và Môi trường, Sở Công Thương, Ủy ban nhân dân xã, phường và "
                    "đơn vị có liên quan hướng dẫn xây dựng phương án cấp nước dự phòng.", 0,
                    Context(lead=["Sở Xây dựng"], mode="duties"))
    assert duty.lead == ["Sở Xây dựng"] and duty.origin == "outline"
    assert duty.coordinators == ["Sở Nông nghiệp và Môi trường", "Sở Công Thương", "Ủy ban nhân dân xã, phường",
                                 "đơn vị có liên quan"]


def test_a_later_clause_with_its_own_subject_is_a_duty_of_its_own():
    text = ("Các sở, ngành xây dựng dự toán kinh phí; Sở Tài chính tổng hợp, trình Ủy ban nhân dân tỉnh trước ngày "
            "30/6/2026.")
    first, second = duties(text, 0, Context())
    assert first.lead == ["Các sở, ngành"] and second.lead == ["Sở Tài chính"]
    assert second.deadline == "trước ngày 30/6/2026" and text[second.start:].startswith("Sở Tài chính")


@pytest.mark.parametrize("text", [
    "Công an tỉnh tiếp tục phát huy vai trò thường trực, đã phối hợp với các sở hoàn thành việc cấp tài khoản.",
    "UBND tỉnh ban hành Quyết định số 713/QĐ-UBND về chuyển đổi số.",
    "Trên đây là Báo cáo kết quả thực hiện Đề án 06 tháng 10/2025.",
    "Đến nay, UBND thành phố Đà Nẵng chưa thực hiện việc rà soát, báo cáo trên Hệ thống 751.",  # how things stand
])
def test_what_was_done_is_not_a_duty(text):
    assert duties(text, 0, Context(lead=["Sở Nội vụ"], mode="duties")) == []


def test_no_duty_is_inherited_in_a_section_of_purposes_or_a_report():
    assert duties("Gắn trách nhiệm người đứng đầu trong triển khai nhiệm vụ.", 0,
                  Context(lead=["Sở Nội vụ"], mode="purpose")) == []


@pytest.mark.parametrize("text", [
    "Doanh nghiệp công nghệ số là lực lượng tiên phong trong kiến tạo hạ tầng, phát triển nền tảng.",
    "Ngày 08 tháng 11 năm 2025, Thủ tướng Chính phủ chủ trì Phiên họp lần thứ 21 Ban Chỉ đạo; các Tập đoàn, Tổng "
    "công ty: Điện lực Việt Nam (EVN) dự họp.",
])
def test_what_a_body_is_and_what_happened_on_a_day_are_not_duties(text):
    assert duties(text, 0, Context(lead=["Sở Tài chính"], mode="duties")) == []


def test_a_body_said_to_be_a_role_with_a_duty_after_it_has_that_duty():
    found = duties("Sở Tài chính là cơ quan thường trực, có trách nhiệm tổng hợp, báo cáo kết quả thực hiện.", 0,
                   Context(mode="duties"))
    assert [d.lead for d in found] == [["Sở Tài chính"]]


@pytest.mark.parametrize("text", [
    "Văn phòng Chính phủ trân trọng thông báo đến các bộ, cơ quan liên quan./.",
    "Thủ tướng Chính phủ Phạm Minh Chính (để báo cáo).",
    # a long list of addressees before "biết, thực hiện"
    "Văn phòng Chính phủ thông báo để các Bộ Y tế, Công an, Xây dựng, Quốc phòng, Tài chính, Ủy ban nhân dân tỉnh Ninh "
    "Bình và các bộ, cơ quan, đơn vị, nhà thầu có liên quan thuộc các công trình dự án biết, thực hiện./.",
    # the enacting words of a People's Council's resolution
    "Hội đồng nhân dân ban hành Nghị quyết quy định nội dung chi, mức chi, thời gian hỗ trợ kinh phí phục vụ bầu cử.",
    # … and of a People's Committee's decision
    "Ủy ban nhân dân thành phố Hà Nội ban hành Quyết định quy định về phân cấp một số nội dung thuộc lĩnh vực giao "
    "thông.",
])
def test_closing_formulas_and_copies_sent_are_not_duties(text):
    assert duties(text, 0, Context(lead=["Bộ Tài chính"], mode="duties")) == []


def test_a_clause_of_another_body_does_not_take_the_items_deadline():
    text = ("Bộ Tài chính hoàn thiện Kế hoạch cao điểm, báo cáo Thủ tướng Chính phủ trước ngày 30 tháng 11 năm 2025. "
            "Trên cơ sở đó, Ban Chỉ đạo 389 các bộ, ngành, địa phương xây dựng kế hoạch, tổ chức quán triệt.")
    found = duties(text, 0, Context(mode="duties"))
    assert [(d.lead, d.deadline) for d in found] == [
        (["Bộ Tài chính"], "trước ngày 30 tháng 11 năm 2025"), (["Ban Chỉ đạo 389 các bộ, ngành, địa phương"], None)]


def test_a_subject_after_an_opening_time_limit_and_its_starting_point():
    text = ("Trong thời hạn 05 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ theo quy định, Phòng Kinh tế xã có "
            "trách nhiệm phối hợp với Phòng Văn hóa - Xã hội rà soát, thẩm định hồ sơ.")
    assert explicit_lead(text) == ["Phòng Kinh tế xã"]


@pytest.mark.parametrize("clause, lead", [
    ("Trường hợp kiểm tra việc chấp hành pháp luật về giá: Sở Tài chính có trách nhiệm xây dựng và trình Ủy ban nhân "
     "dân tỉnh phê duyệt kế hoạch kiểm tra", ["Sở Tài chính"]),
    ("Trường hợp cần điều chỉnh Danh mục hàng hóa, dịch vụ bình ổn giá: Sở quản lý ngành, lĩnh vực đề xuất điều chỉnh "
     "Danh mục", ["Sở quản lý ngành, lĩnh vực"]),
])
def test_the_subject_after_a_cases_colon_leads(clause, lead):
    assert explicit_lead(clause) == lead


@pytest.mark.parametrize("clause, lead", [
    # a case or a condition before a comma, then the body whose duty it is
    ("Trường hợp cần thiết điều chỉnh danh mục hàng hóa, dịch vụ do Nhà nước định giá, Sở quản lý ngành, lĩnh vực "
     "đối với hàng hóa, dịch vụ có trách nhiệm tham mưu Ủy ban nhân dân tỉnh", ["Sở quản lý ngành, lĩnh vực"]),
    ("Khi các thành viên Ban Chỉ đạo có sự thay đổi về nhân sự, cơ quan cử nhân sự có trách nhiệm báo cáo Trưởng Ban "
     "Chỉ đạo", ["cơ quan cử nhân sự"]),
    ("Thực hiện Quyết định số 2304/QĐ-BNNMT, cơ quan Thuế không ban hành văn bản xác nhận, cơ quan có thẩm quyền giải "
     "quyết có trách nhiệm đối chiếu chứng từ nộp tiền", ["cơ quan có thẩm quyền giải quyết"]),
    # a collective of an official name; staff named by what they do
    ("Các Sở quản lý ngành, lĩnh vực có trách nhiệm thực hiện kiểm tra yếu tố hình thành giá",
     ["Các Sở quản lý ngành, lĩnh vực"]),
    ("Cán bộ tiếp nhận có trách nhiệm hướng dẫn, tuyên truyền công dân", ["Cán bộ tiếp nhận"]),
    ("Quỹ đầu tư phát triển Thành phố có trách nhiệm: Hạch toán, theo dõi riêng nguồn vốn ủy thác này",
     ["Quỹ đầu tư phát triển Thành phố"]),
    # the body a body agrees to give a duty; the body asked after a condition
    ("Hội đồng nhân dân Thành phố thống nhất giao Ủy ban nhân dân Thành phố bố trí nguồn vốn",
     ["Ủy ban nhân dân Thành phố"]),
    ("Trong quá trình thực hiện Quy định này, nếu có vướng mắc, đề nghị thủ trưởng các đơn vị phản ảnh về Cục Thuế",
     ["thủ trưởng các đơn vị"]),
    # in a case, a step of a procedure is no duty; being answerable for something is none either
    ("Trường hợp hồ sơ không đủ điều kiện theo ý kiến đánh giá, Ban Quản lý thông báo cho đơn vị về việc từ chối", []),
    ("Nếu quá thời hạn quy định, cơ quan phối hợp phải báo cáo nêu rõ lý do, người đứng đầu đơn vị hoàn toàn chịu "
     "trách nhiệm về những vấn đề liên quan", []),
])
def test_the_subject_after_a_condition_and_staff_named_by_their_duty(clause, lead):
    assert explicit_lead(clause) == lead


def test_an_item_naming_the_body_above_it_short_keeps_its_full_name():
    text = "Cơ quan chủ trì có trách nhiệm tổng hợp ý kiến của các cơ quan phối hợp thẩm định."
    [duty] = duties(text, 0, Context(lead=["Cơ quan chủ trì giải quyết thủ tục đầu tư dự án"], mode="duties"))
    assert duty.lead == ["Cơ quan chủ trì giải quyết thủ tục đầu tư dự án"]


def test_a_body_named_short_meets_and_works_as_the_body_above_it():
    for text in ("Hội đồng họp định kỳ 06 tháng một lần.",
                 "Hội đồng hoạt động theo nguyên tắc tập trung, dân chủ, biểu quyết theo đa số."):
        [duty] = duties(text, 0, Context(lead=["Hội đồng Thi đua - Khen thưởng tỉnh"], mode="duties"))
        assert duty.lead == ["Hội đồng Thi đua - Khen thưởng tỉnh"]


def test_a_thing_named_under_a_body_is_no_duty_of_it():
    ctx = Context(lead=["Thường trực Hội đồng Thi đua - Khen thưởng tỉnh"], mode="duties")
    for text in ("Danh hiệu “Tập thể Lao động xuất sắc”;", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh."):
        assert duties(text, 0, ctx) == []
    [duty] = duties("Thẩm định thành tích, báo cáo Chủ tịch Ủy ban nhân dân tỉnh.", 0, ctx)
    assert duty.lead == ctx.lead
