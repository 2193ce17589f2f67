"""Records of whole real documents, read as ingestion reads them (``ingest.facts.records_for``)."""

from __future__ import annotations

from ingest.facts import records_for
from ingest.header import read_metadata
from ingest.load import load_bytes, load_file
from tests.conftest import ROOT, SHARED


def _records(path):
    _, loaded = load_file(path)
    meta = read_metadata(loaded, path.name)
    doc = {"doc_id": "d", "source": path.name, "number": meta.number, "doc_type": meta.doc_type,
           "title": meta.title, "issuer": meta.issuer}
    return loaded, records_for(loaded, doc)


def test_resolution_03_appendix_tables():
    loaded, records = _records(SHARED / "documents" / "NQ_03-NQ-CP_2025-01-09_ChinhPhu_full_with_PL1_PL2.md")
    tasks = [r for r in records if r.kind == "task" and r.origin == "table"]
    targets = [r for r in records if r.kind == "target" and r.origin == "table"]
    # Phụ lục I has 57 rows; row 11 only heads its sub-indicators 11.1–11.10, which carry the values.
    assert len(tasks) == 140 and len(targets) == 56
    assert next(r for r in targets if r.section.endswith("› 11.1")).parent.startswith("Chỉ tiêu về thực hiện")
    assert all(r.lead for r in tasks) and sum(bool(r.deadline) for r in tasks) >= 139
    first = tasks[0]
    assert first.section == "Phụ lục II › I › 1" and [b.name for b in first.lead] == ["Bộ Thông tin và Truyền thông"]
    assert first.deadline == "6/2025" and first.due == "2025-06-30"
    assert all(loaded.text[r.start:r.end] == r.quote for r in records)
    assert all(r.monitor and r.value and r.horizon for r in targets) and targets[0].horizon == "Đến năm 2030"


def test_items_under_a_lead_in_take_the_bodies_it_asks_to_act():
    # "… các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh … cần … thực hiện các nhiệm vụ
    # sau đây:"
    _, records = _records(SHARED / "documents" / "NQ_03-NQ-CP_2025-01-09_ChinhPhu_full_with_PL1_PL2.md")
    item = next(r for r in records if r.kind == "task" and r.quote.startswith("Xây dựng và đẩy mạnh quảng bá"))
    assert item.origin == "outline" and "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương" in [
        b.name for b in item.lead]


def test_criteria_and_quotas_are_not_duties_unless_a_body_is_given_one():
    # Kế hoạch 0125/KH-UBND (Đắk Lắk): "IV. SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG" › "a) Các cơ quan, đơn vị cấp tỉnh …:" over
    # "- Ban Chỉ đạo bầu cử của tỉnh: Không quá 05 cá nhân;" (how many each may propose), and "3. Tiêu chuẩn khen
    # thưởng" over what a unit must have done; but "… Ủy ban nhân dân xã, phường quy định số lượng khen thưởng …"
    _, records = _records(ROOT / "eval" / "fresh" / "KH_0125-KH-UBND_2025-11-18_DakLak_thi-dua-bau-cu-dai-bieu-QH-"
                          "khoa-XVI-HDND-2026-2031.md")
    tasks = [r.quote for r in records if r.kind == "task"]
    assert not any("Không quá 05 cá nhân" in q or q.startswith("Có tổ chức Phong trào thi đua") for q in tasks)
    assert any("quy định số lượng khen thưởng theo thẩm quyền" in q for q in tasks)
    assert any(q.startswith("Đề nghị Ban Tuyên giáo và Dân vận Tỉnh ủy") for q in tasks)  # VI. TỔ CHỨC THỰC HIỆN


def test_seed_000_has_its_four_targets_with_horizons():
    _, records = _records(ROOT / "corpus" / "000_3fc06e878f02839b.txt")
    targets = {r.value: r.horizon for r in records if r.kind == "target"}
    assert targets == {"100%": "vào cuối năm 2025", "Ít nhất 80%": "vào cuối năm 2025",
                       "12 cơ sở dữ liệu": "vào cuối năm 2025", "tối thiểu 30%": "trước năm 2026"}


def test_prose_tasks_take_lead_and_coordinators():
    _, records = _records(ROOT / "corpus" / "224-2026-nd-cp-thi-hanh-luat-chuyen-doi-so.md")
    task = next(r for r in records if r.kind == "task" and "Bộ Tư pháp" in r.quote and r.origin == "prose")
    assert [b.name for b in task.lead] == ["Bộ Khoa học và Công nghệ"]
    assert "Bộ Tư pháp" in [b.name for b in task.coordinators]


PLAN = """ỦY BAN NHÂN DÂN TỈNH X
KẾ HOẠCH
Triển khai thực hiện chuyển đổi số năm 2026
I. MỤC TIÊU
Phấn đấu đến năm 2026, ít nhất 80% hồ sơ được xử lý trực tuyến.
II. TỔ CHỨC THỰC HIỆN
1. Sở Tài chính:
a) Bố trí kinh phí thực hiện Kế hoạch, hoàn thành trước ngày 15/12/2026.
b) Phối hợp với Sở Nội vụ hướng dẫn các xã, phường.
2. Giao Sở Y tế:
- Rà soát các cơ sở y tế trên địa bàn; hằng quý báo cáo Ủy ban nhân dân tỉnh.
3. Bộ Công an có trách nhiệm:
a) Hướng dẫn việc kết nối dữ liệu dân cư.
b) Ngân hàng Nhà nước Việt Nam phối hợp với Bộ Công an hướng dẫn thanh toán không dùng tiền mặt.
4. Tổ chức thực hiện nhiệm vụ chung
- Nội dung: Tuyên truyền về chuyển đổi số.
- Cơ quan thực hiện/chủ trì: Sở Khoa học và Công nghệ.
- Cơ quan phối hợp: Các sở, ban, ngành.
- Thời gian thực hiện: Quý III/2026.
"""


def test_a_plan_grouped_by_body():
    _, loaded = load_bytes(PLAN.encode(), "kh.txt")
    records = records_for(loaded, {"doc_id": "d", "source": "kh.txt", "title": "Triển khai … năm 2026"})
    tasks = {r.quote[:30]: r for r in records if r.kind == "task"}
    leads = {k: [b.name for b in r.lead] for k, r in tasks.items()}
    assert leads == {
        "Bố trí kinh phí thực hiện Kế h": ["Sở Tài chính"],
        "Phối hợp với Sở Nội vụ hướng d": ["Sở Tài chính"],
        "Rà soát các cơ sở y tế trên đị": ["Sở Y tế"],
        "Hướng dẫn việc kết nối dữ liệu": ["Bộ Công an"],
        "Ngân hàng Nhà nước Việt Nam ph": ["Ngân hàng Nhà nước Việt Nam"],
        "Tuyên truyền về chuyển đổi số.": ["Sở Khoa học và Công nghệ"],
    }
    assert tasks["Bố trí kinh phí thực hiện Kế h"].due == "2026-12-15"
    assert [b.name for b in tasks["Phối hợp với Sở Nội vụ hướng d"].coordinators] == ["Sở Nội vụ"]
    assert tasks["Rà soát các cơ sở y tế trên đị"].deadline_norm.kind == "quarterly"
    assert tasks["Tuyên truyền về chuyển đổi số."].deadline == "Quý III/2026"
    assert [b.name for b in tasks["Tuyên truyền về chuyển đổi số."].coordinators] == ["Các sở, ban, ngành"]
    [target] = [r for r in records if r.kind == "target"]
    assert (target.value, target.horizon, target.horizon_year) == ("ít nhất 80%", "đến năm 2026", 2026)


def test_a_form_to_fill_in_holds_no_records():
    # Decree 356/2025's appendix holds application forms: "Kính gửi: …", "…….1 xin gửi …, Bộ Công an Hồ sơ …, như
    # sau:", "Mã số thuế: ………" are blanks to fill in, not duties of the body the form is sent to.
    _, records = _records(ROOT / "corpus" / "nghi_dinh_356_2025_ND_CP.docx")
    assert not [r for r in records if r.section.startswith("Phụ lục")]
    assert any(r.kind == "task" and "Bộ Công an" in [b.name for b in r.lead] for r in records)  # Điều 34's duties
    text = ("KẾ HOẠCH\n\nII. NHIỆM VỤ\n\n1. Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan hoàn thành "
            "dự toán trước ngày 15/12/2025.\n\nMẫu số 01\n\nKính gửi: Sở Tài chính\n\nTên đơn vị: ..............\n\n"
            "1. Đơn vị ………… cam kết thực hiện đúng quy định.\n")
    _, loaded = load_bytes(text.encode(), "ke-hoach.txt")
    doc = {"doc_id": "d", "source": "ke-hoach.txt", "number": None, "doc_type": "Kế hoạch", "title": "", "issuer": None}
    found = records_for(loaded, doc)
    assert [r.quote[:12] for r in found] == ["Sở Tài chính"]
    assert [b.name for b in found[0].coordinators] == ["Các sở, ngành liên quan"]  # not "… liên quan hoàn"


def _text_records(text: str, doc_type: str) -> list:
    _, loaded = load_bytes(text.encode(), "van-ban.txt")
    doc = {"doc_id": "d", "source": "van-ban.txt", "number": None, "doc_type": doc_type, "title": "", "issuer": None}
    return records_for(loaded, doc)


def test_who_gave_the_directions_is_not_who_carries_them_out():
    # a conclusion notice: "… Phó Thủ tướng … đã có ý kiến chỉ đạo như sau:" over "(i) Tập đoàn … báo cáo …"
    text = ("THÔNG BÁO\n\nNgày 20 tháng 11 năm 2025, Phó Thủ tướng Chính phủ Bùi Thanh Sơn đã đi khảo sát dự án. Sau "
            "khi nghe báo cáo, Phó Thủ tướng Chính phủ Bùi Thanh Sơn đã có ý kiến chỉ đạo như sau:\n\n"
            "b) Để làm tốt các nhiệm vụ sắp tới, đề nghị:\n\n(i) Tập đoàn Điện lực Việt Nam báo cáo Thủ tướng Chính "
            "phủ về thời gian khánh thành dự án.\n\n(ii) Chủ đầu tư phối hợp với các đơn vị liên quan hoàn thành "
            "nghiệm thu các hạng mục còn lại của Nhà máy điện Nhơn Trạch 4 trong tháng 11 năm 2025.\n")
    found = _text_records(text, "Thông báo")
    assert [(r.kind, [b.name for b in r.lead]) for r in found] == [
        ("task", ["Tập đoàn Điện lực Việt Nam"]), ("task", ["Chủ đầu tư"])]
    assert found[1].deadline == "trong tháng 11 năm 2025"


def test_a_letter_asks_its_addressees_not_what_it_attaches():
    text = ("CÔNG VĂN\n\nKính gửi: Ủy ban nhân dân phường, xã\n\nĐề nghị Ủy ban nhân dân phường, xã gửi kết quả đánh "
            "giá về Sở, hạn cuối ngày 15 tháng 12 hàng năm.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. GIÁM ĐỐC\n\n"
            "BẢNG TIÊU CHÍ ĐÁNH GIÁ\n(Ban hành kèm theo Công văn số 5/SGDĐT)\n\n1. Tổ chức bộ máy (10 điểm)\n\n"
            "1.1. Quy chế hoạt động của trung tâm.\n\n1.2. Lưu trữ đầy đủ hồ sơ pháp lý của trung tâm.\n")
    found = _text_records(text, "Công văn")
    assert [r.quote[:25] for r in found] == ["Đề nghị Ủy ban nhân dân p"]
    assert found[0].deadline == "hạn cuối ngày 15 tháng 12 hàng năm"


def test_bodies_a_lead_in_asks_to_act_make_its_items_duties_even_under_the_targets():
    # "II. MỤC TIÊU …" / "2. Tháng hành động" / "Trên cơ sở tình hình thực tế, các cơ quan … thực hiện các hoạt động
    # sau:" (its opening clause gives grounds: "tình hình" there says nothing of the items)
    text = ("KẾ HOẠCH\n\nII. MỤC TIÊU CỦA KẾ HOẠCH\n\n1. Tỷ lệ xã đạt chuẩn đạt 80% vào năm 2025.\n\n"
            "2. Tháng hành động\n\n"
            "Trên cơ sở tình hình thực tế, các cơ quan, đơn vị, địa phương phối hợp thực hiện các hoạt động sau:\n\n"
            "- Lồng ghép tổ chức Lễ phát động, các hoạt động hưởng ứng Tháng hành động.\n\n"
            "- (Công điện số 225/CĐ-TTg ngày 20/11/2025 gửi kèm theo)\n")
    found = _text_records(text, "Kế hoạch")
    tasks = [r for r in found if r.kind == "task"]
    assert [r.quote[:20] for r in tasks] == ["Lồng ghép tổ chức Lễ"]  # a note in parentheses is no duty
    assert [b.name for b in tasks[0].lead] == ["Các cơ quan, đơn vị, địa phương"]
    assert [r.kind for r in found].count("target") == 1


def test_a_sub_heading_or_lead_in_without_a_body_gives_the_partners_of_the_body_above():
    text = ("KẾ HOẠCH\nXuất khẩu hàng hóa giai đoạn 2026-2030\n\nIV. TỔ CHỨC THỰC HIỆN\n\n1. Sở Công Thương\n\n"
            "a) Chủ trì, phối hợp với các sở, ban, ngành, UBND các xã, phường và cơ quan, đơn vị có liên quan\n\n"
            "- Tổ chức chương trình tập huấn kiến thức về xuất khẩu hàng hóa.\n\n"
            "- Là cơ quan đầu mối theo dõi, đôn đốc thực hiện Kế hoạch này.\n\n"
            "2. Sở Khoa học và Công nghệ\n\nChủ trì, phối hợp với các sở, ngành có liên quan:\n\n"
            "- Triển khai các chính sách khuyến khích đổi mới công nghệ.\n")
    _, loaded = load_bytes(text.encode(), "kh.txt")
    records = records_for(loaded, {"doc_id": "d", "source": "kh.txt", "title": "Xuất khẩu"})
    found = {r.quote[:20]: ([b.name for b in r.lead], [b.name for b in r.coordinators])
             for r in records if r.kind == "task"}
    lead, partners = found["Tổ chức chương trình"]
    assert lead == ["Sở Công Thương"] and partners[0] == "Các sở, ban, ngành"
    assert partners[1].startswith("Ủy ban nhân dân các xã, phường")  # ("… và cơ quan, đơn vị có liên quan": not cut)
    assert found["Triển khai các chính"] == (["Sở Khoa học và Công nghệ"], ["Các sở, ngành có liên quan"])


def test_a_subject_written_as_a_list_cut_at_semicolons_is_one():
    text = ("QUYẾT ĐỊNH\n\nĐiều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Tài chính; Thủ trưởng các sở, "
            "ban, ngành; Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm thi hành Quyết định này.\n")
    _, loaded = load_bytes(text.encode(), "qd.txt")
    records = records_for(loaded, {"doc_id": "d", "source": "qd.txt", "title": "Quyết định"})
    assert [[b.name for b in r.lead] for r in records if r.kind == "task"] == [[
        "Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Tài chính", "Thủ trưởng các sở, ban, ngành",
        "Chủ tịch Ủy ban nhân dân các xã, phường"]]


def _table_records(text: str) -> list:
    _, loaded = load_bytes(text.encode(), "phu-luc.md")
    doc = {"doc_id": "d", "source": "phu-luc.md", "number": None, "doc_type": "Nghị quyết", "title": "", "issuer": None}
    return records_for(loaded, doc)


def test_a_task_table_whose_bodies_stand_in_a_column_named_don_vi():
    found = _table_records(
        "| STT | Đơn vị | Nhiệm vụ chủ trì | Đơn vị phối hợp | Thời gian hoàn thành |\n|---|---|---|---|---|\n"
        "| 1 | Bộ Thông tin và Truyền thông | Tham mưu Chính phủ ban hành Nghị định quy định danh mục cơ sở dữ liệu "
        "quốc gia | Bộ Tư pháp | Quý IV/2023 |\n")
    assert [([b.name for b in r.lead], r.deadline) for r in found] == [
        (["Bộ Thông tin và Truyền thông"], "Quý IV/2023")]


def test_a_sub_row_without_a_number_is_a_target_of_its_own_and_the_value_column_names_the_horizon():
    found = _table_records(
        "| TT | CHỈ TIÊU | MỤC TIÊU 2026 - 2030 | CƠ QUAN CHỦ TRÌ, THEO DÕI |\n|---|---|---|---|\n"
        "| 9 | Tăng trưởng giá trị kim ngạch xuất khẩu hàng hóa (%) | 15 - 16 | Bộ Công Thương |\n"
        "| | Trong đó: Nhóm nông, lâm, thuỷ sản | 10 - 12 | Bộ Nông nghiệp và Môi trường |\n"
        "| 10 | GDP bình quân đầu người đến năm 2030 (USD) | 8.500 | Bộ Tài chính |\n")
    assert [(r.value, r.horizon) for r in found] == [
        ("15 - 16", "giai đoạn 2026 - 2030"), ("10 - 12", "giai đoạn 2026 - 2030"), ("8.500", "đến năm 2030")]


def test_a_row_broken_over_a_page_still_joins_the_row_above():
    found = _table_records(
        "| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n|---|---|---|---|---|\n"
        "| 1 | Xây dựng cơ sở dữ liệu về đất đai, kết nối với | Bộ Nông nghiệp và Môi trường | Bộ Công an, các bộ, "
        "ngành | 2026 |\n| | Cơ sở dữ liệu quốc gia về dân cư | | và địa phương | |\n")
    assert len(found) == 1 and found[0].quote.endswith("| Cơ sở dữ liệu quốc gia về dân cư | | và địa phương |")


def test_a_heading_naming_a_body_without_cua_gives_the_lead_of_its_items():
    found = _text_records("QUYẾT ĐỊNH\n\nĐiều 2. Tổ chức thực hiện\n\n"
                          "1. Trách nhiệm Tổ công tác triển khai Đề án 06:\n\n"
                          "a) Chỉ đạo tổ chức xây dựng, triển khai thực hiện Đề án Trung tâm dữ liệu quốc gia.\n\n"
                          "2. Nhiệm vụ trọng tâm năm 2026:\n\na) Hoàn thành việc số hóa hồ sơ.\n", "Quyết định")
    assert [[b.name for b in r.lead] for r in found] == [["Tổ công tác triển khai Đề án 06"]]


def test_a_field_written_after_a_sections_last_item_gives_all_its_items_their_lead():
    # a party programme: the items of a section, then "Trách nhiệm chỉ đạo thực hiện: …" unmarked below them
    text = ("CHƯƠNG TRÌNH HÀNH ĐỘNG\n\nIII. NHIỆM VỤ, GIẢI PHÁP\n\n3.2. Nâng cao hiệu lực quản lý nhà nước\n\n"
            "- Thường xuyên rà soát để ban hành đồng bộ các quy định về quản lý chất thải.\n\n"
            "- Đẩy mạnh phân cấp, phân quyền cho cấp xã trong quản lý môi trường.\n\n"
            "Trách nhiệm chỉ đạo thực hiện: Đảng ủy Ủy ban nhân dân tỉnh.\n\n"
            "3.3. Huy động nguồn lực\n\n- Bố trí ngân sách cho sự nghiệp bảo vệ môi trường.\n\n"
            "Trách nhiệm chỉ đạo thực hiện: Đảng ủy Hội đồng nhân dân tỉnh.\n")
    _, loaded = load_bytes(text.encode(), "chuong-trinh.md")
    doc = {"doc_id": "d", "source": "chuong-trinh.md", "number": None, "doc_type": "Chương trình", "title": "",
           "issuer": None}
    found = [(r.task[:20], [b.name for b in r.lead]) for r in records_for(loaded, doc) if r.kind == "task"]
    assert found == [("Thường xuyên rà soát", ["Đảng ủy Ủy ban nhân dân tỉnh"]),
                     ("Đẩy mạnh phân cấp, p", ["Đảng ủy Ủy ban nhân dân tỉnh"]),
                     ("Bố trí ngân sách cho", ["Đảng ủy Hội đồng nhân dân tỉnh"])]

