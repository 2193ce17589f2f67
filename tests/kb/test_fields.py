"""Reading the asked field out of a real sentence (``kb.answer.read``, ``kb.clauses.recipient``)."""

from __future__ import annotations

import pytest

from kb.answer.read import HOW_LONG, dated_pattern, holder, sentence_field, unit_asked
from kb.answer.terms import question_terms, topic_words
from kb.clauses import recipient

ARTICLE = ("Ban chỉ đạo có 18 thành viên, với Trưởng ban là Chủ tịch UBND tỉnh Tây Ninh Nguyễn Thanh Ngọc, Phó Trưởng "
           "ban thường trực là Phó Chủ tịch UBND tỉnh Nguyễn Mạnh Hùng")


def field(asks: str, question: str, sentence: str) -> str | None:
    return sentence_field(asks, sentence, question_terms(question), question)


def test_who_holds_a_post():
    assert holder("Trưởng ban", ARTICLE) == "Chủ tịch UBND tỉnh Tây Ninh Nguyễn Thanh Ngọc"
    assert holder("Phó Trưởng ban", ARTICLE) == "Phó Chủ tịch UBND tỉnh Nguyễn Mạnh Hùng"
    assert holder("Trưởng ban", "Thành lập Ban Chỉ đạo Trung ương, do đồng chí Tổng Bí thư làm Trưởng Ban") == \
        "đồng chí Tổng Bí thư"


@pytest.mark.parametrize("sentence,to", [
    ("- Khi xuất hiện ca bệnh bất thường, báo cáo ngay về Trung tâm Kiểm soát bệnh tật tỉnh và Sở Y tế.",
     "Trung tâm Kiểm soát bệnh tật tỉnh và Sở Y tế"),
    ("Các Báo cáo trên gửi Bộ Tư pháp trước ngày 05 tháng 12 năm 2025.", "Bộ Tư pháp"),
    ("Sở Công Thương tổng hợp báo cáo Tỉnh ủy, HĐND, UBND tỉnh về tình hình thực hiện", "Tỉnh ủy, HĐND, UBND tỉnh"),
])
def test_who_receives(sentence, to):
    assert recipient(sentence) == to


def test_the_time_after_the_words_of_the_question():
    sentence = ("Văn phòng Chính phủ hướng dẫn mẫu báo cáo hàng tuần trước 15:00 ngày thứ Sáu hàng tuần và theo dõi, "
                "kịp thời báo cáo Thủ tướng Chính phủ vào 15:00 ngày Chủ nhật hàng tuần")
    assert field("deadline", "Văn phòng Chính phủ báo cáo Thủ tướng vào lúc nào?", sentence) == \
        "vào 15:00 ngày Chủ nhật hàng tuần"


def test_how_long_is_a_duration():
    sentence = "Khi lộ lọt dữ liệu, bên kiểm soát dữ liệu thông báo cho chủ thể dữ liệu trong thời hạn 72 giờ."
    assert field("deadline", "phải thông báo cho chủ thể dữ liệu trong bao lâu?", sentence) == "trong thời hạn 72 giờ"
    assert dated_pattern("phải thông báo trong bao lâu?") == HOW_LONG
    # "bao lâu … một lần" asks how often: "Hằng năm" answers it
    assert dated_pattern("bao lau thi bo danh gia, cong bo xep hang chi so mot lan") == ""


SCHEDULE = ("Sở Công Thương tổng hợp báo cáo Tỉnh ủy, HĐND, UBND tỉnh về tình hình thực hiện Kế hoạch này "
            "định kỳ hàng tháng (trước ngày 18 hàng tháng), 6 tháng (trước ngày 18/5), tổng kết năm "
            "(trước ngày 30/11 hàng năm)")


@pytest.mark.parametrize("question,due", [
    ("Sở Công Thương gửi báo cáo hằng tháng trước ngày nào?", "trước ngày 18 hàng tháng"),
    ("Sở Công Thương phải gửi báo cáo 6 tháng trước ngày nào?", "trước ngày 18/5"),
    ("sở công thương báo cáo tổng kết năm trước ngày nào", "trước ngày 30/11"),
])
def test_each_time_belongs_to_the_words_right_before_it(question, due):
    assert field("deadline", question, SCHEDULE).startswith(due)


REPORTS = ("Các cơ quan định kỳ gửi báo cáo giá thị trường về Sở Tài chính trước ngày 01 của tháng tiếp theo sau "
           "tháng kỳ báo cáo đối với báo cáo tháng và trước ngày 03 của tháng tiếp theo sau tháng cuối cùng của kỳ báo "
           "cáo đối với báo cáo quý, 6 tháng, 9 tháng và cả năm.")


@pytest.mark.parametrize("question,due", [
    ("bao cao gia thi truong hang thang gui So Tai chinh truoc ngay nao", "trước ngày 01"),
    ("Báo cáo quý gửi Sở Tài chính trước ngày nào?", "trước ngày 03"),
])
def test_each_time_belongs_to_what_it_is_said_for(question, due):
    """Times followed each by "đối với …": the one said for what the question names (QĐ 84/2025/QĐ-UBND Bắc Ninh)."""
    assert field("deadline", question, REPORTS).startswith(due)


RECEIVED = ("Ngày 18/11/2025, Thuế tỉnh Vĩnh Long có nhận được Công văn số 144/2025/CV-BSGBTr ngày 17/11/2025 của CÔNG "
            "TY CỔ PHẦN BIA SÀI GÒN – BẾN TRE vướng mắc về việc vay tiền cổ đông không lãi suất để thực hiện giải chấp "
            "tài sản tại ngân hàng.")


@pytest.mark.parametrize("question,day", [
    ("thue tinh Vinh Long nhan duoc cong van hoi cua cong ty bia Sai Gon - Ben Tre ve vay tien co dong vao ngay nao",
     "Ngày 18/11/2025"),
    ("Thuế tỉnh Vĩnh Long tổ chức hội nghị ngày nào?", None),  # not what the sentence tells
    ("Công ty phải trả lãi vay cho cổ đông trước ngày nào?", None),  # by when, not when it happened
])
def test_the_day_a_sentence_tells_answers_when_it_happened(question, day):
    assert field("deadline", question, RECEIVED) == day


def test_a_day_the_question_states_is_its_condition_not_its_answer():
    sentence = ("Đối với các nền tảng số đưa vào vận hành trước ngày 01 tháng 7 năm 2027, chủ quản nền tảng số có "
                "trách nhiệm bảo đảm đáp ứng yêu cầu tối thiểu không chậm hơn thời hạn ngày 31 tháng 12 năm 2028.")
    question = "nền tảng số đưa vào vận hành trước ngày 01/7/2027 phải đáp ứng chậm nhất khi nào?"
    assert "2028" in field("deadline", question, sentence)


def test_how_long_is_not_a_threshold():
    sentence = ("Đơn vị và cá nhân có trách nhiệm nộp lưu những hồ sơ, tài liệu được xác định thời hạn bảo quản từ 05 "
                "năm trở lên vào Lưu trữ cơ quan.")
    assert field("deadline", "hồ sơ phải nộp lưu vào Lưu trữ cơ quan trong thời hạn bao lâu?", sentence) is None


def test_a_figure_in_the_unit_asked_and_not_one_the_question_gives():
    sentence = "Tây Ninh cũng tích hợp 960/1.818 (đạt 52,8%) dịch vụ công mức độ 4 trên Cổng dịch vụ công quốc gia"
    assert field("value", "Tây Ninh tích hợp bao nhiêu dịch vụ công mức độ 4?", sentence).startswith("960/1.818")
    assert unit_asked("vốn ngân sách tỉnh chiếm bao nhiêu?") == "%"
    assert unit_asked("Tây Ninh tích hợp bao nhiêu dịch vụ công?") == "dich"
    assert unit_asked("quy mô kinh tế số phải đạt bao nhiêu theo Nghị quyết 57-NQ/TW?") is None  # not counted in "theo"
    said = "Đề án có tổng kinh phí dự kiến là 596 tỷ đồng, với lộ trình thực hiện theo 2 giai đoạn."
    assert field("value", "đề án 596 tỷ đồng thì vốn ngân sách tỉnh chiếm bao nhiêu?", said) is None


def test_how_much_money_is_in_dong():
    sentence = "a) Tổ chức dây họ có giá trị các phần họ tại một kỳ mở họ từ 100 triệu đồng trở lên;"
    question = "Chủ họ phải thông báo cho UBND cấp xã khi dây họ có giá trị từ bao nhiêu tiền trở lên?"
    assert field("value", question, sentence).startswith("từ 100 triệu đồng")
    # the sum, not a count of the places it goes to that stands before it
    sentence = "Bổ sung có mục tiêu từ ngân sách trung ương cho 27 địa phương số tiền 2.615 tỷ đồng từ nguồn dự toán"
    assert field("value", "Quyết định bổ sung tổng cộng bao nhiêu tiền?", sentence).startswith("2.615 tỷ đồng")


def test_a_question_asking_little_but_its_documents_title_is_read_with_the_title():
    from kb.answer.fields import asked_of
    from kb.question import read

    question = "Quyết định 2639/QĐ-TTg bổ sung tổng cộng bao nhiêu tiền cho các địa phương?"
    naming = "Quyết định 2639/QĐ-TTg Về việc bổ sung có mục tiêu cho các địa phương"
    assert {"bo_sung", "dia_phuong"} <= asked_of("value", question, [], read(question, [], []), naming).terms
    question = "Quyết định 2639/QĐ-TTg bổ sung cho các địa phương để mua sắm trang thiết bị làm việc bao nhiêu tiền?"
    assert "dia_phuong" not in asked_of("value", question, [], read(question, [], []), naming).terms


def considered(question: str, sentence: str) -> str | None:
    """The field ``kb.answer.fields`` reads out of a sentence for the question, as ``kb.ask`` reads it."""
    from kb.answer.fields import _consider, asked_of
    from kb.question import read
    found = _consider(asked_of("body", question, [], read(question, [], [])), sentence, None)
    return found[1] if found else None


def test_who_works_with_a_body_is_its_partner_and_the_body_named_is_no_answer():
    sentence = "Sở TT-TT cũng đã phối hợp Công an tỉnh thực hiện tích hợp về IOC theo Đề án 06."
    assert considered("Sở TT-TT phối hợp với cơ quan nào để tích hợp IOC theo Đề án 06?", sentence) == "Công an tỉnh"
    question = "Những cơ quan nào của Quốc hội giám sát việc thực hiện Nghị quyết?"
    assert considered(question, "Quốc hội kêu gọi đồng bào cả nước thi đua thực hiện thắng lợi Nghị quyết.") is None
    both = ("Ủy ban Thường vụ Quốc hội, Hội đồng Dân tộc, trong phạm vi chức năng, nhiệm vụ, quyền hạn của mình, giám "
            "sát việc thực hiện Nghị quyết này.")
    assert considered(question, both) == "Ủy ban Thường vụ Quốc hội, Hội đồng Dân tộc"


def test_a_bound_asked_is_the_answers_own_and_a_rate_goes_per_year():
    sentence = ("Lãi suất trong họ có lãi do các thành viên của dây họ thỏa thuận nhưng không vượt quá 20%/năm của "
                "tổng giá trị các phần họ phải góp.")
    question = "lai suat trong ho co lai duoc phep toi da bao nhieu?"
    assert "toi" not in question_terms(question)  # "tối đa bao nhiêu": said by "không vượt quá", not searched for
    assert field("value", question, sentence).startswith("không vượt quá 20%/năm")


def test_ai_the_acronym_is_not_who():
    from kb.question import read
    question = "Đến năm 2030, tỷ lệ dự án phải ứng dụng AI, IoT, GIS, BIM trong thiết kế là bao nhiêu?"
    assert read(question, [], []).asks == "value"
    assert read("ai chủ trì xây dựng danh mục công nghệ chiến lược?", [], []).asks == "body"


def test_a_figure_of_another_measure_is_no_answer():
    from kb.answer.terms import measured
    assert measured("nghi quyet 192 dat chi tieu ty le that nghiep nam 2025 la bao nhieu?") == "that"
    assert measured("tỷ lệ là bao nhiêu?") is None
    question = "Nghị quyết 192 đặt chỉ tiêu tỷ lệ thất nghiệp năm 2025 là bao nhiêu?"
    other = "Đẩy nhanh giải ngân vốn đầu tư công, phấn đấu tỷ lệ giải ngân năm 2025 cả nước đạt 95% kế hoạch."
    from kb.answer.fields import _consider, asked_of
    from kb.question import read
    assert _consider(asked_of("value", question, [], read(question, [], [])), other, None) is None


def test_the_words_a_question_is_about():
    assert [" ".join(w) for w in topic_words("Ai phụ trách xây dựng sân bay quốc tế?")] == \
        ["xay dung", "san bay", "quoc te"]
    # words that ask (who, by when, how long) and the words naming the document are not what it is about
    found = {" ".join(w) for w in topic_words("Theo Nghị định 224, sau khi ban hành kế hoạch phải gửi Bộ Khoa học "
                                              "và Công nghệ trong bao lâu?", "Nghị định 224")}
    assert "cong nghe" in found and not found & {"bao lau", "ban hanh", "ke hoach", "nghi dinh"}


def test_the_words_a_question_is_about_may_be_written_otherwise():
    from kb.answer.terms import holds, terms_of

    text = terms_of("Trong năm 2025, cơ bản hoàn thành Cảng hàng không quốc tế Long Thành")
    assert holds(text, ("san", "bay")) and holds(text, ("quoc", "te"))
    assert not holds(terms_of("khởi công xây dựng bến cảng Liên Chiểu"), ("san", "bay"))


def test_documents_a_closing_article_ends_are_counted_whole_and_in_part():
    from kb.answer.documents import _ended

    said = ["Bãi bỏ điểm l khoản 10 Điều 4 Nghị định số 85/2025/NĐ-CP ngày 08 tháng 4 năm 2025 của Chính phủ",
            "Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư và Nghị định số "
            "09/2010/NĐ-CP ngày 08 tháng 02 năm 2010 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số "
            "110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư hết hiệu lực"]
    assert _ended(said) == ("2 văn bản hết hiệu lực: Nghị định 110/2004/NĐ-CP; Nghị định 09/2010/NĐ-CP; bãi bỏ một "
                            "phần của 1 văn bản: Bãi bỏ điểm l khoản 10 Điều 4 Nghị định số 85/2025/NĐ-CP")


@pytest.mark.parametrize("question,sentence,expected", [
    ("Sở Nội vụ bắt đầu tham mưu tự đánh giá chỉ số cải cách hành chính hằng tháng từ khi nào?",
     "Chủ trì tham mưu Ủy ban nhân dân tỉnh tự đánh giá chỉ số cải cách hành chính hằng tháng của tỉnh, bắt đầu thực "
     "hiện từ tháng 01/2026.", "bắt đầu thực hiện từ tháng 01/2026"),
    ("Hạn gửi báo cáo hằng tháng về Sở Công Thương?",
     "Định kỳ hàng tháng (trước ngày 16 hàng tháng), 6 tháng (trước ngày 16/6) gửi Sở Công Thương tổng hợp.",
     "trước ngày 16 hàng tháng"),
])
def test_since_when_and_the_time_a_parenthesis_makes_precise(question, sentence, expected):
    assert field("deadline", question, sentence) == expected


def test_the_bodies_a_question_names_are_who_not_what_it_is_about():
    from kb.answer.fields import asked_of

    question = "Nhiệm vụ xây dựng bản đồ số quy hoạch khoáng sản trong Đề án của Thủ tướng triển khai khi nào?"
    asked = asked_of("deadline", question, [])
    assert ("ban", "do") in asked.topic and ("khoang", "san") in asked.topic
    assert ("thu", "tuong") not in asked.topic


def test_a_word_the_question_could_cut_otherwise_is_not_required():
    # "ven biển cả nước": "biển cả" or "cả nước"; the documents write "… cả nước có khoảng 1.700km đường bộ ven biển"
    assert ("bien", "ca") not in topic_words("mục tiêu đường bộ ven biển cả nước đến hết năm 2025 là bao nhiêu km")


def test_the_documents_of_a_place_are_its_own_not_those_that_list_it():
    from kb.answer import _of_place
    from kb.model import DocumentRecord

    own = DocumentRecord(doc_id="a", source="a", issuer="Ủy ban nhân dân tỉnh Bắc Ninh",
                         places=["Bắc Ninh", "Lâm Đồng"])
    article = DocumentRecord(doc_id="b", source="b", places=["Tây Ninh"])
    national = DocumentRecord(doc_id="c", source="c", issuer="Chính phủ", places=["An Giang", "Bắc Ninh", "Hà Nội"])
    assert _of_place(own, ["Bắc Ninh"]) and _of_place(article, ["Tây Ninh"]) and not _of_place(national, ["Bắc Ninh"])


def test_a_frequency_the_question_states_with_its_noun_is_not_the_answer():
    from kb.answer.read import sentence_field

    question = "Sở Tài chính bố trí kinh phí chi thường xuyên theo chu kỳ nào?"
    sentence = "Sở Tài chính tham mưu bố trí kinh phí chi thường xuyên hằng năm để thực hiện Kế hoạch."
    assert sentence_field("deadline", sentence, question_terms(question), question) == "hằng năm"


def test_a_place_written_otherwise_is_the_same_place_and_a_named_issuer_is_naming():
    from kb.answer import _naming
    from kb.model import DocRef, DocumentRecord
    from kb.places import places_in

    assert places_in("Khi nào TP Hồ Chí Minh phải …, TPHCM") == places_in("Ủy ban nhân dân thành phố Hồ Chí Minh") \
        == ["Thành phố Hồ Chí Minh"]
    ref = DocRef(as_written="thong bao 627", doc_type="Thông báo", doc_id="d")
    doc = DocumentRecord(doc_id="d", source="d", issuer="Văn phòng Chính phủ")
    naming = _naming("Theo Thông báo 627 của Văn phòng Chính phủ, dự án … hoàn thành bao nhiêu?", ref, doc)
    assert "Văn phòng Chính phủ" in naming
    assert "Bộ Xây dựng" not in _naming("Thông báo 627 của Bộ Xây dựng …", ref, doc)


def test_abbreviations_are_read_as_their_words_and_document_kinds_leave_their_syllables():
    from kb.answer.terms import spelled_out, terms_of

    assert "doanh nghiệp nhỏ và vừa" in spelled_out("Có ≥ 85% DNNVV, HTX, HKD ứng dụng công nghệ số.")
    assert {"doanh_nghiep", "hop_tac", "kinh_doanh"} <= terms_of("85% DNNVV, HTX, HKD")
    terms = question_terms("Theo Nghị định 19, cơ quan nào thẩm định hồ sơ của Sở Tài chính?")
    assert {"tham_dinh", "ho_so"} <= terms and "nghi_dinh" not in terms


def test_legal_bases_name_laws_without_a_number_and_say_how_many():
    from kb.answer.documents import _fact
    from kb.model import DocumentRecord, Relation

    doc = DocumentRecord(doc_id="d", source="qd.md", legal_bases=["57-NQ/TW"], relations=[
        Relation(type="rests_on", title="Luật Tổ chức Chính phủ"), Relation(type="rests_on", number="57-NQ/TW"),
        Relation(type="mentions", number="71/NQ-CP")])
    assert _fact(doc, "legal_basis", [])[0] == "căn cứ 2 văn bản: Luật Tổ chức Chính phủ; 57-NQ/TW"


def test_passages_speak_of_their_table_header_and_document_title():
    """"Dự kiến thời gian vận hành" is the row's header, "danh mục" its document's title: both are spoken of."""
    from kb.answer.fields import _speak_of
    from kb.store import Hit

    row = Hit(id="1", score=1.0, payload={"text": "20 | NMĐ Hạt nhân Ninh Thuận 1 | 2030-2035", "section": "Điều 4",
                                          "context": "TT | Dự án | Dự kiến thời gian vận hành",
                                          "title": "Phê duyệt danh mục các dự án trọng điểm ngành năng lượng"})
    question = "Theo danh mục dự án năng lượng, dự kiến thời gian vận hành nhà máy điện hạt nhân là khi nào?"
    topic = topic_words(question)
    assert ("van", "hanh") in topic and ("danh", "muc") in topic
    assert _speak_of(topic, [row])
    assert not _speak_of(topic, [Hit(id="2", score=1.0, payload={"text": row.payload["text"]})])


def test_a_reports_deadline_is_not_the_deadline_of_what_is_reported():
    from kb.answer.read import reported as _reported

    sentence = "Bộ Tư pháp đề xuất tiêu chí đánh giá; các bộ gửi báo cáo về Bộ Tư pháp trước ngày 05 tháng 12 năm 2025."
    assert _reported("trước ngày 05 tháng 12 năm 2025", sentence)
    assert not _reported("trước ngày 05 tháng 12 năm 2025", "Bộ Tư pháp ban hành tiêu chí trước ngày 05 tháng 12 năm "
                                                             "2025.")


def test_whom_a_rule_benefits_is_no_body_filter_and_a_documents_year_is_not_asked():
    from kb.answer.fields import asked_of
    from kb.question import read

    question = ("Theo Nghị quyết 73/2025/NQ-HĐND, doanh nghiệp khởi nghiệp sáng tạo được hỗ trợ thuê mặt bằng tối đa "
                "bao nhiêu tiền mỗi tháng?")
    asked = asked_of("value", question, [], read(question, [], []))
    assert asked.body is None and asked.years == set()
    deadline = "Sở Y tế phải trình quy chuẩn trước ngày nào?"
    assert asked_of("deadline", deadline, [], read(deadline, [], [])).body == "Sở Y tế"


def test_a_document_may_call_the_body_asked_by_its_short_name():
    from kb.answer.whom import about as _about

    sentence = "b) Trong thời hạn 10 ngày làm việc kể từ ngày tiếp nhận hồ sơ, Ban Quản lý tổ chức đánh giá, thẩm định."
    assert _about("Ban Quản lý các khu công nghệ cao và khu công nghiệp Hà Nội", sentence, None, None)
    assert not _about("Sở Tài chính", sentence, None, None)


def test_one_word_of_many_naming_the_topic_may_be_the_askers_own():
    from kb.answer.fields import _speak_of
    from kb.store import Hit

    text = ("gửi báo cáo về Bộ Xây dựng chậm nhất ngày 10 tháng 12 năm 2025 về các công trình, dự án khánh thành, "
            "khởi công của các tập đoàn")
    topic = topic_words("Hạn gửi danh sách công trình khánh thành, khởi công của các tập đoàn là ngày nào?")
    assert ("danh", "sach") in topic and len(topic) >= 4
    assert _speak_of(topic, [Hit(id="1", score=1.0, payload={"text": text})])
    assert not _speak_of(topic_words("Hạn gửi danh sách sân bay là ngày nào?"),
                         [Hit(id="1", score=1.0, payload={"text": text})])


def test_the_day_things_stood_is_no_deadline():
    from kb.answer.read import as_of

    sentence = ("Theo báo cáo của Bộ Xây dựng, đến ngày 19 tháng 11 năm 2025 đã có 15 bộ, ngành, 25 địa phương gửi "
                "đăng ký các dự án")
    assert as_of("đến ngày 19 tháng 11 năm 2025", sentence)
    assert not as_of("chậm nhất ngày 10 tháng 12 năm 2025", "gửi báo cáo về Bộ Xây dựng chậm nhất ngày 10 tháng 12 "
                                                            "năm 2025, trong đó: thống kê")
    assert not as_of("2027", "19 | NMNĐ Long Phú 1 | 1.200 | Cần Thơ | 2027 | DA đã có trong QĐ số 270/QĐ-TTg")


def test_a_table_rows_figure_in_the_unit_its_caption_states():
    from kb.answer.fields import _consider, asked_of
    from kb.question import read

    question = "Huế được bổ sung bao nhiêu tiền?"
    asked = asked_of("value", question, [], read(question, [], []))
    found = _consider(asked, "17 | HUẾ | 11.400", None, before="STT | Địa phương | Kinh phí\nĐơn vị: Triệu đồng",
                      title="Về việc bổ sung có mục tiêu từ ngân sách trung ương cho các địa phương")
    assert found and found[1].startswith("11.400 triệu đồng")  # a row in capitals is no heading


def test_who_holds_the_role_asked_is_said_by_a_sentence():
    from kb.answer.fields import _consider, asked_of
    from kb.question import read

    question = "Cơ quan nào là thường trực của Hội đồng Thi đua - Khen thưởng tỉnh?"
    asked = asked_of("body", question, [], read(question, [], []))
    says = _consider(asked, "Sở Nội vụ là cơ quan thường trực của Hội đồng Thi đua - Khen thưởng tỉnh.", None)
    other = _consider(asked, "Thường trực Hội đồng Thi đua - Khen thưởng tỉnh thẩm định thành tích, báo cáo Chủ tịch "
                             "Hội đồng Thi đua - Khen thưởng tỉnh.", None)
    assert says[1] == "Sở Nội vụ" and says[0] > other[0]


def test_a_later_clause_of_an_item_is_read_under_the_case_the_item_opens_with():
    from kb.answer.fields import asked_of, best_support
    from kb.question import read
    from kb.store import Hit

    text = ("1. Đối với ngành Giáo dục và Đào tạo: Căn cứ thời gian kết thúc năm học, gửi hồ sơ đề nghị khen thưởng "
            "đến Sở Nội vụ trước ngày 10/7 hằng năm.\n2. Đối với khen thưởng tổng kết năm: Các cơ quan, đơn vị, địa "
            "phương; các Cụm, Khối thi đua của tỉnh tổ chức bình xét thi đua; gửi hồ sơ đề nghị khen thưởng đến Sở Nội "
            "vụ trước ngày 10/12 hằng năm.")
    hit = Hit(id="1", score=1.0, payload={"text": text, "doc_id": "qd86", "start": 0, "end": len(text)})
    question = "Hồ sơ đề nghị khen thưởng tổng kết năm phải gửi Sở Nội vụ trước ngày nào?"
    best = best_support(asked_of("deadline", question, [hit], read(question, [], [])), [hit], {})
    assert best.field == "trước ngày 10/12 hằng năm"


def test_the_letter_a_proposal_was_made_in_is_a_document_cited():
    sentence = ("Trên cơ sở đề nghị của Bộ Tài chính tại văn bản số 18345/BTC-NSNN ngày 26 tháng 11 năm 2025 về việc "
                "bổ sung kinh phí.")
    assert field("reference", "Bộ Tài chính đề nghị tại văn bản số mấy?", sentence) == "văn bản số 18345/BTC-NSNN"


def test_how_many_times_and_a_unit_of_the_next_clause():
    sentence = ("theo đó, ước tính một năm tiết kiệm cho xã hội ~ 100 tỷ đồng; giảm được khoảng 6 lần đi lại cho công "
                "dân.")
    assert field("value", "Giảm được bao nhiêu lần đi lại cho người dân?", sentence).startswith("khoảng 6 lần")
    # the unit asked after a figure, in the clause after it, is not the figure's
    assert field("value", "Bao nhiêu tổ công nghệ số?", "Kinh phí 100 tỷ đồng; thành lập 484 tổ công nghệ số.") \
        .startswith("484 tổ")


def test_a_field_of_a_body_abbreviated_with_an_ampersand_is_read_as_its_words():
    from kb.answer.terms import overlap, terms_of
    # officials type "Bộ KH&CN", documents write "Bộ Khoa học và Công nghệ": the question's words are found there
    terms = question_terms("báo cáo 6 tháng gửi Bộ KH&CN và Bộ TT&TT trước ngày nào?")
    assert {"khoa_hoc", "truyen_thong"} <= terms
    written = "định kỳ 6 tháng báo cáo về Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông trước ngày 15 tháng 6"
    other = "định kỳ hằng năm gửi báo cáo Bộ Khoa học và Công nghệ trước ngày 15 tháng 12"
    assert overlap(terms, written) > overlap(terms, other)
    # "UBND" is left as typed: documents write it short too, and its four words would outweigh the question's own
    assert "nhan_dan" not in question_terms("UBND cấp xã")
    assert "truyen_thong" in terms_of("Sở TT&TT")


def test_by_when_a_thing_must_be_done_is_no_ongoing_duty():
    from kb.answer.read import completed_by
    from kb.deadlines import parse
    assert completed_by("Việc rà soát, thu hồi đất … phải xong trước khi nào?")
    assert completed_by("han chot hoan thanh ban do so la khi nao")
    assert not completed_by("Sở Tài chính báo cáo định kỳ bao lâu một lần?")
    assert parse("Thường xuyên").kind == "ongoing"  # what such a question does not take for an answer


def test_who_holds_a_post_in_a_list_of_members():
    # QĐ 1050/QĐ-SCT, Điều 1: each member with the posts he holds, the last the one he holds in the team
    first = "1. Ông: Hoàng Văn Thuân - Phó Giám đốc Sở, Trưởng đoàn;"
    second = "2. Ông: Đỗ Mạnh Cường - Phó trưởng phòng Quản lý Công nghiệp, Phó Trưởng đoàn;"
    assert holder("Trưởng đoàn", first) == "Hoàng Văn Thuân - Phó Giám đốc Sở, Trưởng đoàn"
    assert holder("Trưởng đoàn", second) is None  # the deputy
    assert holder("Phó Trưởng đoàn", second).startswith("Đỗ Mạnh Cường")


def test_who_does_what_a_post_does():
    question = "Ai phân công nhiệm vụ cụ thể cho từng thành viên đoàn kiểm tra?"
    sentence = "8. Nhiệm vụ cụ thể của các thành viên trong Đoàn kiểm tra do Trưởng đoàn phân công."
    assert field("body", question, sentence) == "Trưởng đoàn"
    from kb.answer.whom import named
    assert named("Các thành viên Đoàn", question)  # whom the tasks are given to is named, not asked


def test_times_joined_by_and_are_one_answer():
    question = "Hạn ngạch phát thải được phân bổ cho những năm nào?"
    sentence = "Điều 1. Thí điểm phân bổ hạn ngạch cho năm 2025 và cho năm 2026 theo Phụ lục kèm theo Quyết định này."
    assert field("deadline", question, sentence) == "năm 2025 và cho năm 2026"
    # two times each of its own report are still told apart
    question = "Báo cáo năm gửi trước ngày nào?"
    assert field("deadline", question, "Báo cáo 6 tháng trước ngày 15/6, báo cáo năm trước ngày 15/12.") == \
        "trước ngày 15/12"


def test_a_task_led_by_two_named_bodies_outranks_the_same_task_under_a_collective_lead():
    # a programme's text gives a task to "Các bộ, cơ quan ngang bộ, …" and its appendix row names who leads it
    from kb.answer.fields import _consider, asked_of
    from kb.question import read

    question = "Cơ quan nào chủ trì rà soát, sửa đổi văn bản quy phạm pháp luật về hội, quỹ?"
    asked = asked_of("body", question, [], read(question, [], []))
    text = "Rà soát, sửa đổi và hoàn thiện các văn bản quy phạm pháp luật về hội, quỹ."

    def led(*names):
        return {"kind": "task", "lead": [{"name": n} for n in names], "coordinators": []}

    named = _consider(asked, text, led("Bộ Nội vụ", "Bộ Khoa học và Công nghệ"))
    group = _consider(asked, text, led("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"))
    assert named[1] == "Bộ Nội vụ, Bộ Khoa học và Công nghệ" and named[0] > group[0]


def test_the_least_time_asked_is_the_threshold_and_a_bound_figure_takes_the_tables_unit():
    sentence = ("a) Doanh nghiệp có thời gian hoạt động liên tục từ 24 tháng trở lên tính đến thời điểm đề nghị "
                "cho phép sử dụng thẻ ABTC;")
    assert field("deadline", "Doanh nghiệp phải hoạt động liên tục tối thiểu bao lâu?", sentence) == "24 tháng"
    from kb.answer.read import in_stated_unit
    row = "II | Mức chi cho xây dựng thông tư sửa đổi | Tối đa 210 |"
    assert "Tối đa 210 triệu đồng" in in_stated_unit(row, "STT | Nhiệm vụ | Định mức\nĐơn vị: triệu đồng")


def test_a_time_from_which_a_rule_applies_is_no_cited_documents_date():
    sentence = ("2. Văn bản quy phạm pháp luật được ban hành từ ngày 01 tháng 7 năm 2025 được thanh toán, quyết toán "
                "theo định mức khoán chi quy định tại Nghị định số 289/2025/NĐ-CP và Thông tư này.")
    assert field("deadline", "văn bản ban hành từ ngày nào thì được thanh toán theo định mức khoán chi?",
                 sentence) == "ngày 01 tháng 7 năm 2025"
    # a document's own date stays its date
    from kb.deadlines import deadline_matches
    assert deadline_matches("thực hiện Quyết định số 142/QĐ-TTg ngày 02/02/2024 của Thủ tướng", weak=True) == []


def test_the_body_written_right_before_the_act_asked_is_who_does_it():
    from kb.answer.fields import _consider, asked_of
    from kb.question import read

    question = "Cơ quan nào tiếp nhận hồ sơ cấp mới thẻ ABTC?"
    asked = asked_of("body", question, [], read(question, [], []))

    def led(name):
        return {"kind": "task", "lead": [{"name": name}], "coordinators": []}

    receives = _consider(asked, "Trường hợp hồ sơ cấp mới thẻ ABTC hợp lệ thì Cục Quản lý xuất nhập cảnh tiếp nhận, xử "
                                "lý.", led("Cục Quản lý xuất nhập cảnh"))
    sends = _consider(asked, "Doanh nghiệp nộp hồ sơ cấp mới thẻ ABTC theo hình thức trực tiếp hoặc trực tuyến.",
                      led("Doanh nghiệp"))
    assert receives[1] == "Cục Quản lý xuất nhập cảnh" and receives[0] > sends[0]


def test_a_part_asked_is_a_fraction_and_hạn_asks_by_when():
    from kb.answer.read import completed_by

    sentence = "Hợp đồng chưa được công chứng nhưng bên nhận chuyển nhượng đã thực hiện 2/3 nghĩa vụ của mình."
    assert field("value", "Bên nhận chuyển nhượng đã thực hiện bao nhiêu phần nghĩa vụ?", sentence).startswith("2/3")
    assert completed_by("han gui bao cao ket qua nam 2023 ve UBND tinh")
    assert completed_by("Hạn chót nộp hồ sơ là ngày nào?") and not completed_by("Khi nào Sở Y tế kiểm tra nước?")


def test_items_without_a_mark_stand_under_the_lead_in_above_them():
    from kb.answer.candidates import lead_in_over

    text = ("Tây Ninh đã đặt ra các mục tiêu cần đạt được vào cuối năm 2025:\n100% thủ tục hành chính được thực hiện "
            "trực tuyến.\nHoàn thành việc kết nối 12 cơ sở dữ liệu quốc gia.\nCác giải pháp trọng tâm được triển "
            "khai. Tỉnh xác định ba nhóm giải pháp.\nĐẩy mạnh đào tạo.")
    passage = {"text": text, "start": 0}
    assert lead_in_over(passage, text.index("Hoàn thành")) == \
        "Tây Ninh đã đặt ra các mục tiêu cần đạt được vào cuối năm 2025:"
    assert lead_in_over(passage, text.index("Đẩy mạnh")) == ""  # a paragraph of two sentences stands between


def test_a_duty_labelled_with_its_body_is_that_bodys():
    from kb.answer.fields import _consider, asked_of
    from kb.answer.whom import labelled_body
    from kb.question import read

    assert labelled_body("b) Sở Tài chính: Căn cứ dự toán do Công an tỉnh lập, thực hiện thẩm định.") == "Sở Tài chính"
    assert labelled_body("Thời gian thực hiện: Quý II/2025.") is None
    assert field("body", "Sở nào thẩm định dự toán do Công an tỉnh lập?",
                 "Sở Tài chính: Căn cứ dự toán do Công an tỉnh lập, thực hiện thẩm định, cấp phát kinh phí.") == \
        "Sở Tài chính"
    question = "Sở nào phối hợp với Công an tỉnh kiểm tra công tác bảo vệ bí mật nhà nước trên không gian mạng?"
    asked = asked_of("body", question, [], read(question, [], []))
    helps = _consider(asked, "Sở Thông tin và Truyền thông: Phối hợp với Công an tỉnh kiểm tra công tác bảo vệ bí mật "
                             "nhà nước trên không gian mạng.", None)
    assert helps is not None and helps[1] == "Sở Thông tin và Truyền thông"


def test_the_lead_of_those_it_works_with_does_the_act_and_a_group_is_not_one_body():
    from kb.answer.fields import _consider, asked_of
    from kb.question import read

    question = "Cơ quan nào theo dõi, đôn đốc các bộ chuẩn bị lễ khánh thành?"
    asked = asked_of("body", question, [], read(question, [], []))
    lead = {"kind": "task", "lead": [{"name": "Bộ Xây dựng"}], "coordinators": []}
    leads = _consider(asked, "Giao Bộ Xây dựng chủ trì, phối hợp với Văn phòng Chính phủ, Bộ Tài chính theo dõi, "
                             "đôn đốc các bộ chuẩn bị lễ khánh thành.", lead)
    plain = _consider(asked, "Bộ Xây dựng báo cáo về các bộ chuẩn bị lễ khánh thành, theo dõi, đôn đốc.", lead)
    assert leads[0] > plain[0]
    question = "Sở nào phụ trách rà soát tài sản kết cấu hạ tầng cụm công nghiệp?"
    asked = asked_of("body", question, [], read(question, [], []))
    group = {"kind": "task", "lead": [{"name": "Các sở quản lý nhà nước chuyên ngành"}], "coordinators": []}
    assert _consider(asked, "Chủ trì rà soát tài sản kết cấu hạ tầng cụm công nghiệp.", group) is None


def test_a_table_row_named_by_its_key_reads_its_tables_words():
    from kb.answer.fields import _consider, asked_of
    from kb.answer.rows import key_cell, named_key
    from kb.question import read

    assert key_cell("17 | HUẾ | 11.400") == "hue" and key_cell("1.2 | Tổng | 500") is None
    assert named_key("bổ sung cho Huế bao nhiêu tiền?", "17 | HUẾ | 11.400")
    assert not named_key("bổ sung cho Thanh Hóa bao nhiêu?", "17 | HUẾ | 11.400")
    from kb.store import Hit

    question = "Quyết định bổ sung cho Huế bao nhiêu tiền bảo đảm cơ sở vật chất chính quyền 2 cấp?"
    rows = [Hit(id=str(i), score=1.0, payload={"text": t}) for i, t in enumerate(["17 | HUẾ | 11.400", "Điều 2."])]
    asked = asked_of("value", question, rows, read(question, [], []))
    title = "Bổ sung có mục tiêu từ ngân sách trung ương để bảo đảm cơ sở vật chất chính quyền 02 cấp"
    header = "STT | Địa phương | Kinh phí hỗ trợ\nĐơn vị: Triệu đồng"
    named = _consider(asked, "17 | HUẾ | 11.400", None, before=header, title=title)
    other = _consider(asked, "2 | CAO BẰNG | 68.900", None, before=header, title=title)
    assert named[1].startswith("11.400 triệu đồng") and (other is None or other[0] < named[0])


def test_a_unit_of_a_body_asked_is_a_unit_inside_it():
    from kb.answer.fields import _consider, asked_of
    from kb.question import read

    question = "Kết quả triển khai được báo cáo về cơ quan nào của Bộ Công an?"
    asked = asked_of("body", question, [], read(question, [], []))
    inside = _consider(asked, "Kết quả triển khai được báo cáo về Cục Cảnh sát quản lý hành chính về trật tự xã hội.",
                       None)
    outside = _consider(asked, "Kết quả triển khai được báo cáo về UBND Thành phố.", None)
    assert inside is not None and inside[1].startswith("Cục Cảnh sát") and outside is None

