"""Reading a question (``kb.question.read``) on real phrasings, with and without diacritics, against the records
of real documents (their numbers, types, titles, issuers)."""

from __future__ import annotations

import doctest

import pytest

import kb.places
import kb.question
import kb.values
from kb.model import Body, DocumentRecord
from kb.question import read

DOCS = [
    DocumentRecord(doc_id="nd224", source="224.md", number="224/2026/NĐ-CP", doc_type="Nghị định",
                   issuer="Chính phủ", title="Quy định chi tiết một số điều của Luật Chuyển đổi số"),
    DocumentRecord(doc_id="nq57", source="57.md", number="57-NQ/TW", doc_type="Nghị quyết",
                   issuer="Ban Chấp hành Trung ương Đảng", issued_by="Bộ Chính trị",
                   title="về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"),
    DocumentRecord(doc_id="nq03", source="03.md", number="03/NQ-CP", doc_type="Nghị quyết", issuer="Chính phủ",
                   title="Ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW ngày "
                         "22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo "
                         "và chuyển đổi số quốc gia",
                   relations=[{"type": "implements", "number": "57-NQ/TW"}]),
    DocumentRecord(doc_id="kh308", source="308.md", number="308/KH-UBND", doc_type="Kế hoạch",
                   issuer="Ủy ban nhân dân thành phố Hà Nội",
                   title="Triển khai thực hiện Nghị quyết số 214/NQ-CP ngày 23/7/2025 của Chính phủ ban hành Kế hoạch "
                         "hành động thúc đẩy tạo lập, khai thác dữ liệu", numbers=["214/NQ-CP"]),
    DocumentRecord(doc_id="ct09", source="09.md", number="09/CT-UBND", doc_type="Chỉ thị",
                   issuer="Ủy ban nhân dân thành phố Cần Thơ", title="Về tăng cường quản lý tài nguyên nước dưới đất"),
    DocumentRecord(doc_id="kh617", source="617.md", number="617/KH-UBND", doc_type="Kế hoạch",
                   issuer="Ủy ban nhân dân tỉnh Đồng Tháp",
                   title="Chuyển đổi số doanh nghiệp, hợp tác xã, hộ kinh doanh năm 2025"),
]
BODIES = [Body(name=n, key=k, lead=1) for n, k in (
    ("Các sở, ban, ngành", "cac so, ban, nganh"), ("Ủy ban nhân dân xã, phường", "uy ban nhan dan xa, phuong"),
    ("Sở Nông nghiệp và Môi trường", "so nong nghiep va moi truong"), ("Bộ Nội vụ", "bo noi vu"),
    ("Doanh nghiệp", "doanh nghiep"))]


def test_the_doctests_of_question_values_and_places():
    for module in (kb.question, kb.values, kb.places):
        assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("question,fact,more", [
    ("Nghị định 224/2026/NĐ-CP có hiệu lực từ ngày nào?", "effective", []),
    ("nghi dinh 224 co hieu luc tu ngay nao", "effective", []),
    ("Nghị quyết 57-NQ/TW được ban hành ngày nào, cơ quan nào ban hành?", "issued", ["issuer"]),
    ("Nghị định 224/2026/NĐ-CP được ban hành theo đề nghị của Bộ trưởng bộ nào?", "proposer", []),
    ("nghi quyet 03/nq-cp do ai ky", "signer", []),
])
def test_facts_of_a_named_document(question, fact, more):
    reading = read(question, DOCS, BODIES)
    assert (reading.asks, reading.fact, reading.more_facts) == ("document", fact, more)
    assert len(reading.documents) == 1 and reading.documents[0].doc_id


def test_a_document_named_by_its_title_not_by_the_title_it_cites():
    reading = read("Nghị quyết của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển "
                   "đổi số quốc gia được ban hành ngày nào?", DOCS, BODIES)
    assert [r.doc_id for r in reading.documents] == ["nq57"]


def test_the_number_of_a_document_named_by_its_title():
    reading = read("Nghị quyết của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển "
                   "đổi số quốc gia là nghị quyết số mấy?", DOCS, BODIES)
    assert (reading.asks, reading.fact, [r.doc_id for r in reading.documents]) == ("document", "number", ["nq57"])


@pytest.mark.parametrize("question,missing", [
    ("Nghị định 21/2021/NĐ-CP quy định gì?", "21/2021/NĐ-CP"),
    ("kinh phí thực hiện công văn 456/UBND-KGVX là bao nhiêu?", "456/UBND-KGVX"),  # nothing else named
])
def test_a_document_not_in_the_knowledge_base(question, missing):
    reading = read(question, DOCS, BODIES)
    assert not reading.documents and [r.number for r in reading.missing] == [missing]


@pytest.mark.parametrize("question", ["Công văn 308/KH-UBND trích dẫn những văn bản quy phạm pháp luật nào?",
                                      "ke hoach 308/KH-UBND vien dan nghi dinh nao"])
def test_the_documents_a_document_cites_are_its_legal_bases(question):
    reading = read(question, DOCS, BODIES)
    assert (reading.asks, reading.fact) == ("document", "legal_basis")


def test_a_document_a_task_amends_is_context_when_another_mentions_it():
    docs = [*DOCS, DocumentRecord(doc_id="nq175", source="175.md", number="175/NQ-CP", doc_type="Nghị quyết",
                                  title="Phê duyệt Đề án Trung tâm dữ liệu quốc gia", numbers=["01/2018/NĐ-CP"])]
    asked = "Cơ quan nào chủ trì sửa đổi Nghị định 01/2018/NĐ-CP để bổ sung Trung tâm dữ liệu quốc gia?"
    reading = read(asked, docs, BODIES)  # not "not in the knowledge base": the task about it is asked
    assert not reading.documents and all(r.carried_out for r in reading.missing)
    reading = read("Cơ quan nào chủ trì sửa đổi Nghị định 21/2021/NĐ-CP?", docs, BODIES)  # mentioned nowhere
    assert [(r.number, r.carried_out) for r in reading.missing] == [("21/2021/NĐ-CP", False)]


def test_what_a_named_document_carries_out_is_context():
    reading = read("Kế hoạch của Hà Nội triển khai Nghị quyết 214/NQ-CP về tạo lập, khai thác dữ liệu giao những "
                   "nhiệm vụ gì?", DOCS, BODIES)
    assert [r.doc_id for r in reading.documents] == ["kh308"] and not reading.missing


@pytest.mark.parametrize("question,asks", [
    ("Văn phòng Chính phủ phải báo cáo Thủ tướng tình hình thực hiện mục tiêu năm 2025 vào lúc nào?", "deadline"),
    ("Tỷ lệ hồ sơ trực tuyến đạt bao nhiêu?", "value"),
    ("Hà Nội phải hoàn thành việc lựa chọn kiến trúc sư trưởng trong thời gian nào?", "deadline"),
    ("Theo Thông báo 659, báo cáo về các chỉ tiêu đề ra phải gửi Bộ Tư pháp trước ngày nào?", "deadline"),
    ("Những nhiệm vụ nào Bộ Nội vụ chủ trì?", "list"),
    ("nhiem vu giao So Noi vu trong cong van cai thien chi so", "list"),
    ("thoi gian pho bien chi tieu tien luong binh quan thang", "deadline"),  # a time named first, no question word
    ("Dự kiến thời gian vận hành nhà máy điện hạt nhân Ninh Thuận 1", "deadline"),
    ("du kien ngay khanh thanh co so 2 benh vien Bach Mai", "deadline"),
    # "những <anything> nào", "liệt kê …": the items of a section; not when the items are bodies or times
    ("Quyết định 456/QĐ-UBND liệt kê những dịch vụ nào trong lĩnh vực quản lý nhà?", "list"),
    ("Ở xã Bố Hạ có những địa điểm nào được phép tổ chức hội chợ?", "list"),
    ("bên kiểm soát dữ liệu cá nhân có những trách nhiệm gì", "list"),
    ("Những sản phẩm trái cây chủ yếu nào của Sơn La được đặt chỉ tiêu xuất khẩu đến năm 2030?", "list"),
])
def test_what_is_asked(question, asks):
    assert read(question, DOCS, BODIES).asks == asks


def test_a_place_is_where_a_list_is_not_whose():
    reading = read("Bảng tiêu chí đánh giá trung tâm học tập cộng đồng ở TP.HCM gồm những nhóm tiêu chí nào?", DOCS,
                   BODIES)
    assert reading.asks == "list" and reading.body is None and reading.places == ["Thành phố Hồ Chí Minh"]
    reading = read("Những nhiệm vụ nào Ủy ban nhân dân Thành phố Hồ Chí Minh chủ trì?", DOCS, BODIES)
    assert reading.body == "Ủy ban nhân dân Thành phố Hồ Chí Minh"


def test_who_decided_what_is_listed_is_no_condition_of_the_list():
    reading = read("Những khu vực khoáng sản nào được Ủy ban nhân dân tỉnh Lâm Đồng điều chỉnh quy hoạch?", DOCS,
                   BODIES)
    assert reading.asks == "list" and reading.body is None


def test_bodies_or_times_asked_with_nhung_are_no_list_of_items():
    assert read("Những cơ quan báo chí nào được yêu cầu tăng thời lượng tuyên truyền?", DOCS, BODIES).asks != "list"
    assert read("Kế hoạch phải báo cáo vào những ngày nào?", DOCS, BODIES).asks != "list"
    assert read("Nghị định 224/2026/NĐ-CP quy định chi tiết những điều, khoản nào của Luật Chuyển đổi số?", DOCS,
                BODIES).asks != "list"


def test_bodies_are_read_without_commas_or_cac_and_not_as_the_issuer():
    reading = read("Trong Kế hoạch 308/KH-UBND của UBND thành phố Hà Nội, các Sở, ban, ngành chủ trì những nhiệm vụ "
                   "nào?", DOCS, BODIES)
    assert reading.body == "Các sở, ban, ngành"
    assert read("UBND cac xa, phuong o Can Tho phai lam nhung viec gi", DOCS, BODIES).body == \
        "Ủy ban nhân dân xã, phường"


def test_who_receives_and_who_holds_a_post():
    assert read("Theo Kế hoạch 308/KH-UBND, kết quả được báo cáo về cơ quan nào?", DOCS, BODIES).role == "recipient"
    assert read("Trưởng ban chỉ đạo chuyển đổi số tỉnh Tây Ninh là ai?", DOCS, BODIES).holder_of == "Trưởng ban"
    assert read("Cơ quan nào chủ trì báo cáo kết quả?", DOCS, BODIES).role == "lead"
    # "chuyển giao công nghệ" sends nothing: who is given the duty is asked
    assert read("Nhiệm vụ chuyển giao công nghệ từ nước ngoài giao cho ai?", DOCS, BODIES).role == "lead"
    assert read("Hồ sơ được chuyển đến cơ quan nào?", DOCS, BODIES).role == "recipient"


@pytest.mark.parametrize("question,due_from,due_to", [
    ("Những nhiệm vụ nào có thời hạn tháng 6/2025?", "2025-06-01", "2025-06-30"),
    ("Các nhiệm vụ có thời gian triển khai 2026-2027 là những nhiệm vụ nào?", "2026-01-01", "2027-12-31"),
    ("UBND xã chủ trì những nhiệm vụ gì giai đoạn 2026-2030?", None, None),  # a plan's period
    ("Kế hoạch 617/KH-UBND năm 2025 đặt những chỉ tiêu nào?", None, None),  # the year of its title names it
    ("Những nhiệm vụ nào trong Kế hoạch 617/KH-UBND phải hoàn thành trong năm 2025?", "2025-01-01", "2025-12-31"),
    # the month of a day asked, though the title has its year ("… năm 2025"); the date a document was issued is not
    ("Kế hoạch 617/KH-UBND năm 2025 giao những nhiệm vụ nào phải báo cáo vào tháng 3/2025?", "2025-03-01",
     "2025-03-31"),
    ("Những khu vực nào được điều chỉnh theo quyết định tháng 11/2025?", None, None),
])
def test_periods_of_lists(question, due_from, due_to):
    reading = read(question, DOCS, BODIES)
    assert (reading.due_from, reading.due_to) == (due_from, due_to)


def test_a_place_the_question_names():
    assert read("Ở Đắk Lắk, khi phát hiện ca bệnh bất thường phải báo cáo cho đơn vị nào?", DOCS, BODIES).places == \
        ["Đắk Lắk"]


@pytest.mark.parametrize("question,issuer,matching", [
    ("Thủ tướng Chính phủ ban hành những văn bản nào?", "thu tuong chinh phu", ["Thủ tướng Chính phủ"]),
    ("Những nghị định nào do Chính phủ ban hành?", "chinh phu", ["Chính phủ"]),
    ("Những văn bản nào của tỉnh Lâm Đồng?", "tinh lam dong", ["Ủy ban nhân dân tỉnh Lâm Đồng"]),
])
def test_documents_by_their_issuer(question, issuer, matching):
    from kb.answer.documents import issued_by

    reading = read(question, DOCS, BODIES)
    assert (reading.list_of, reading.issuer) == ("documents", issuer)
    names = ["Thủ tướng Chính phủ", "Chính phủ", "Ủy ban nhân dân tỉnh Lâm Đồng", "Ủy ban nhân dân thành phố Hà Nội"]
    assert [n for n in names if issued_by(n, reading.issuer)] == matching


def test_a_fact_in_a_when_clause_is_a_condition():
    reading = read("Khi Nghị định 224/2026/NĐ-CP có hiệu lực thì những nghị định nào hết hiệu lực?", DOCS, BODIES)
    assert (reading.asks, reading.fact, reading.more_facts) == ("document", "repeals", [])


def test_a_title_two_provinces_share_is_read_as_the_one_of_the_place_named():
    title = "Triển khai thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030"
    docs = [DocumentRecord(doc_id="ld", source="ld.docx", doc_type="Kế hoạch", issuer="Ủy ban nhân dân tỉnh Lâm Đồng",
                           title=title),
            DocumentRecord(doc_id="ct", source="ct.md", doc_type="Kế hoạch", number="153/KH-UBND",
                           issuer="Ủy ban nhân dân thành phố Cần Thơ", title=f"Thực hiện Dự án thuộc {title}")]
    reading = read("ke hoach trien khai chuong trinh muc tieu quoc gia phong, chong ma tuy den nam 2030 cua UBND tinh "
                   "Lam Dong do ai ky", docs, [])
    assert [r.doc_id for r in reading.documents] == ["ld"] and reading.fact == "signer"


def test_the_items_of_a_section_and_a_body_that_is_only_a_title_s_word():
    assert read("tieu chi kinh phi hoat dong gom nhung tieu chi nao", DOCS, BODIES).asks == "list"
    assert read("Bảng II gồm những dự án kho LNG nào?", DOCS, BODIES).asks == "list"
    reading = read("Kế hoạch 617/KH-UBND về chuyển đổi số doanh nghiệp, hợp tác xã đặt ra những mục tiêu cụ thể nào?",
                   DOCS, BODIES)
    assert reading.list_of == "targets" and reading.body is None  # what the plan is about, not who acts
    assert read("Kế hoạch 617/KH-UBND giao Bộ Nội vụ những nhiệm vụ nào?", DOCS, BODIES).body == "Bộ Nội vụ"


def test_a_title_guess_keeps_to_the_place_the_question_names():
    question = "Chương trình hành động thực hiện đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo giao ai?"
    assert [r.doc_id for r in read(question, DOCS, BODIES).documents] == ["nq03"]
    # a question about Đồng Tháp, where a document is: not answered from the Government's programme by its words
    assert read(f"Ở tỉnh Đồng Tháp, {question[0].lower()}{question[1:]}", DOCS, BODIES).documents == []


@pytest.mark.parametrize("question,body", [
    ("Hạn Bộ Nội vụ gửi báo cáo tổng hợp là ngày nào?", "Bộ Nội vụ"),
    ("han bo noi vu gui bao cao tong hop la ngay nao", "Bộ Nội vụ"),
    ("Hạn gửi báo cáo về Bộ Nội vụ là ngày nào?", None),  # who receives, not who acts
])
def test_a_deadline_asked_of_the_body_that_opens_it(question, body):
    assert read(question, DOCS, BODIES).body == body


def test_a_document_the_question_opens_with_is_not_guessed_from_another_ones_title():
    """"Nghị quyết 66-NQ/TW của Bộ Chính trị về …" asks of 66-NQ/TW, which is missing; a resolution whose title shares
    some of the words is no stand-in. A plan that carries out a resolution is still found by its title."""
    huế = DocumentRecord(doc_id="nq34", source="34.md", number="34/2025/NQ-HĐND", doc_type="Nghị quyết",
                         issuer="Hội đồng nhân dân thành phố Huế",
                         title="Sửa đổi, bổ sung một số điều của quy định về phân bổ vốn đầu tư phát triển thực hiện "
                               "chương trình xây dựng nông thôn mới, đổi mới công tác thi hành")
    reading = read("Nghị quyết 66-NQ/TW của Bộ Chính trị về đổi mới công tác xây dựng và thi hành pháp luật đặt ra "
                   "những mục tiêu gì đến năm 2030?", [*DOCS, huế], BODIES)
    assert reading.documents == [] and [r.number for r in reading.missing] == ["66-NQ/TW"]
    plan = read("Kế hoạch triển khai Nghị quyết 214 về thúc đẩy tạo lập, khai thác dữ liệu của Hà Nội giao Sở Nội vụ "
                "những nhiệm vụ nào?", DOCS, BODIES)
    assert [r.doc_id for r in plan.documents] == ["kh308"]


@pytest.mark.parametrize("question,number", [
    ("KH 617 giao Sở Công Thương những nhiệm vụ nào?", "617/KH-UBND"),
    ("ct 09 yeu cau so nong nghiep lam gi", "09/CT-UBND"),
])
def test_a_type_abbreviated_before_a_number_names_the_document(question, number):
    assert [r.number for r in read(question, DOCS, BODIES).documents] == [number]


def test_the_month_of_a_reports_title_is_no_due_date_of_its_tasks():
    docs = [DocumentRecord(doc_id="bc", source="bc.docx", doc_type="Báo cáo", issuer="Ban Chỉ đạo tỉnh Lâm Đồng",
                           title="Kết quả triển khai Đề án 06 trên địa bàn tỉnh Lâm Đồng tháng 10/2025")]
    asked = "Báo cáo kết quả triển khai Đề án 06 tháng 10/2025 của Lâm Đồng giao Sở Y tế những nhiệm vụ gì"
    reading = read(asked + "?", docs, BODIES)
    assert [r.doc_id for r in reading.documents] == ["bc"] and reading.due_from is None
    reading = read(asked + " trong tháng 11/2025?", docs, BODIES)
    assert (reading.due_from, reading.due_to) == ("2025-11-01", "2025-11-30")


def test_items_of_any_kind_that_carry_targets_are_a_list_of_targets():
    reading = read("Những sản phẩm trái cây chủ yếu nào của Sơn La được đặt chỉ tiêu xuất khẩu đến năm 2030?", DOCS,
                   BODIES)
    assert reading.list_of == "targets"
    assert read("Ở xã Bố Hạ có những địa điểm nào được tổ chức hội chợ?", DOCS, BODIES).list_of == "tasks"


@pytest.mark.parametrize("question,asks", [
    # a document other than the one named: the number of the decision that published a precedent
    ("an le 43/2021/AL duoc cong bo theo quyet dinh so may cua Chanh an TAND toi cao", "reference"),
    ("Án lệ số 55/2022/AL được công bố theo quyết định nào của Chánh án Tòa án nhân dân tối cao?", "reference"),
    ("Kế hoạch 308/KH-UBND được ban hành để thực hiện nghị quyết nào?", "reference"),
    # its own type asked again is no other document; a period asked is a time
    ("Chỉ thị 09/CT-UBND là chỉ thị nào?", "general"),
    ("Nghị định 224/2026/NĐ-CP quy định chi tiết luật thời kỳ nào?", "deadline"),
])
def test_a_document_cited_by_the_named_one_is_a_reference(question, asks):
    docs = DOCS + [DocumentRecord(doc_id=f"al{n}", source=f"al{n}.pdf", number=f"{n}/AL", doc_type="Án lệ",
                                  title="Án lệ") for n in ("43/2021", "55/2022")]
    assert read(question, docs, BODIES).asks == asks
