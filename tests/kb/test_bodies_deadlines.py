import pytest

from kb.bodies import canonical, find_bodies, key, split_bodies
from kb.clauses import asked, partners, subject
from kb.deadlines import find_deadline, parse
from kb.facts import body_matches
from kb.question import read


@pytest.mark.parametrize("variant", ["Sở TT&TT", "Sở TT-TT", "Sở TT- TT", "Sở Thông tin và Truyền thông"])
def test_variants_of_a_body_share_one_name(variant):
    assert canonical(variant) == "Sở Thông tin và Truyền thông"


def test_tone_placement_and_abbreviations_fold_to_one_key():
    assert key("Uỷ ban nhân dân tỉnh") == key("UBND tỉnh") == "uy ban nhan dan tinh"
    assert body_matches("bo noi vu", [key("Bộ Nội vụ")]) and not body_matches("Bộ Tài chính", [key("Bộ Nội vụ")])


def test_bodies_are_found_in_prose():
    text = "Bộ Khoa học và Công nghệ chủ trì, phối hợp với Bộ Tư pháp, Bộ Công an và UBND các tỉnh, thành phố"
    assert find_bodies(text) == ["Bộ Khoa học và Công nghệ", "Bộ Tư pháp", "Bộ Công an", "UBND các tỉnh, thành phố"]
    # a list of kinds of body is one name in either case ("Các Sở, ngành" as "các sở, ban, ngành")
    lead = "Các Sở, ngành, UBND các xã, phường và các cơ quan, đơn vị có liên quan: Căn cứ chức năng"
    assert find_bodies(lead)[:2] == ["Các Sở, ngành", "UBND các xã, phường"]
    assert find_bodies("Các Sở, ban, ngành, UBND các xã: tổ chức")[0] == "Các Sở, ban, ngành"


@pytest.mark.parametrize("text,kind,due", [
    ("6/2025", "month", "2025-06-30"), ("Tháng 10/2025", "month", "2025-10-31"),
    ("Quý II/2025", "quarter", "2025-06-30"),
    ("trước ngày 30/6/2025", "date", "2025-06-30"), ("trước năm 2026", "year", "2025-12-31"),
    ("2025-2026", "range", "2026-12-31"), ("Thường xuyên", "ongoing", None), ("Hằng năm", "yearly", None),
    ("mỗi quý một lần", "quarterly", None), ("mỗi năm ít nhất 01 lần", "yearly", None),
    ("một năm hai lần", "periodic", None), ("24/24", "ongoing", None),
])
def test_deadlines_are_normalised(text, kind, due):
    deadline = parse(text)
    assert (deadline.kind, deadline.due) == (kind, due)


def test_due_window_of_a_list_question():
    reading = read("Nhiệm vụ nào đến hạn trước 6/2025?", [], [])
    assert (reading.asks, reading.due_from, reading.due_to) == ("list", None, "2025-05-31")
    reading = read("nhiem vu nao den han truoc nam 2026", [], [])
    assert (reading.due_from, reading.due_to) == (None, "2025-12-31")
    reading = read("Những nhiệm vụ nào đến hạn trong Quý II/2025?", [], [])
    assert (reading.due_from, reading.due_to) == ("2025-04-01", "2025-06-30")


def test_official_names_from_the_lexicon_keep_their_lower_case_words_and_spelling():
    assert find_bodies("Bộ Y tế, Bộ Giao thông vận tải; Bộ Công An") == ["Bộ Y tế", "Bộ Giao thông vận tải",
                                                                         "Bộ Công An"]
    assert canonical("Bộ Công An") == "Bộ Công an"
    assert canonical("Bộ Tài nguyên và môi trường") == "Bộ Tài nguyên và Môi trường"


@pytest.mark.parametrize("clause,body", [
    ("Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ theo chức năng, nhiệm vụ, thẩm quyền đề cao trách nhiệm",
     "Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ"),
    ("Hội đồng Dân tộc, các Ủy ban của Quốc hội, trong phạm vi chức năng, nhiệm vụ, quyền hạn của mình, giám sát việc "
     "thực hiện Nghị quyết này.", "Hội đồng Dân tộc, các Ủy ban của Quốc hội"),
    ("Sở TT-TT cũng đã phối hợp Công an tỉnh thực hiện tích hợp về IOC", "Sở TT-TT"),
    ("Cơ quan nhà nước khi chủ động tạm ngừng cung cấp thông tin phải thực hiện các yêu cầu sau:", "Cơ quan nhà nước"),
])
def test_a_subject_ends_where_how_it_acts_begins(clause, body):
    from kb.clauses import subject
    assert subject(clause) == body


def test_a_body_asked_matches_its_records_with_or_without_cac():
    assert body_matches("Ủy ban nhân dân các xã, phường", [key("Ủy ban nhân dân xã, phường")])
    assert body_matches("UBND xã, phường", [key("Ủy ban nhân dân các xã, phường, đặc khu")])
    assert not body_matches("Các sở", [key("Sở Y tế")])  # the collective, not any one Sở


@pytest.mark.parametrize("item,deadline,kind,start", [
    # how often, and since when: both kept, the start read into the deadline
    ("Tiếp tục tổ chức khảo sát mức độ hài lòng của người dân; định kỳ hằng tháng tổng hợp, tham mưu Ủy ban nhân dân "
     "tỉnh công bố chỉ số, bắt đầu thực hiện từ tháng 01/2026.",
     "định kỳ hằng tháng, bắt đầu thực hiện từ tháng 01/2026", "monthly", "2026-01-01"),
    ("Chủ trì tham mưu đánh giá chỉ số, bắt đầu thực hiện từ tháng 01/2026.", "bắt đầu thực hiện từ tháng 01/2026",
     "start", "2026-01-01"),
    # a frequency the parenthesis after it makes precise is that one time
    ("Định kỳ hàng tháng (trước ngày 16 hàng tháng), 6 tháng (trước ngày 16/6), tổng kết năm (trước ngày 20/11 hàng "
     "năm) báo cáo kết quả thực hiện gửi Sở Công Thương.", "trước ngày 16 hàng tháng", "monthly", None),
])
def test_a_deadline_keeps_when_a_recurring_duty_starts(item, deadline, kind, start):
    found = find_deadline(item)
    assert found == deadline
    assert (parse(found).kind, parse(found).start) == (kind, start)


@pytest.mark.parametrize("text, names", [
    ("Phối hợp với các sở, ngành liên quan giải đáp, tháo gỡ kiến nghị", ["các sở, ngành liên quan"]),
    ("phối hợp chặt chẽ với Công an tỉnh nâng cao hiệu quả áp dụng các biện pháp", ["Công an tỉnh"]),
    ("phối hợp với các cơ quan, tổ chức có liên quan triển khai", ["các cơ quan, tổ chức có liên quan"]),
    ("phối hợp với địa phương trong công tác kiểm tra", ["địa phương"]),
    ("Bộ Tài chính chủ trì cùng Bộ Xây dựng và các bộ, ngành liên quan rà soát, đánh giá",
     ["Bộ Xây dựng", "các bộ, ngành liên quan"]),
])
def test_partners_end_where_the_duty_verb_begins(text, names):
    # the one list of verbs that ends a subject also ends a list of partners
    assert partners(text) == names


@pytest.mark.parametrize("clause, whole, name", [
    # a parenthesis naming the members of a collective, or the body behind a party that is none
    ("Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý Khu Kinh tế Phú Yên):", True,
     "Sở Tài chính, Ban quản lý Khu Kinh tế Phú Yên"),
    ("Yêu cầu Nhà đầu tư (Tập đoàn Đèo Cả) rà soát, điều chỉnh lại kế hoạch", False, "Tập đoàn Đèo Cả"),
    ("Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công) chủ trì", False, "Văn phòng UBND tỉnh"),
    ("Sau khi nghe Bộ Xây dựng (cơ quan Thường trực Ban Chỉ đạo) báo cáo", False, None),
    # a dash inside a name; an ordinal opening a paragraph; a heading naming a role
    ("Sở Lao động - Thương binh và Xã hội chủ trì", False, "Sở Lao động - Thương binh và Xã hội"),
    ("Thứ tư, các địa phương cần chủ động tháo gỡ vướng mắc", False, "các địa phương"),
    ("Cơ quan chủ trì giải quyết thủ tục đầu tư dự án", True, "Cơ quan chủ trì giải quyết thủ tục đầu tư dự án"),
    ("Để nâng cao hiệu lực, các Sở, ngành, UBND cấp xã triển khai", False, "các Sở, ngành, UBND cấp xã"),
    # a verb that is also a noun of a unit's name, when a duty's verb follows it straight away
    ("Cục Kết cấu hạ tầng xây dựng tham mưu việc chỉ đạo", False, "Cục Kết cấu hạ tầng xây dựng"),
    ("Sở Tài chính xây dựng kế hoạch", False, "Sở Tài chính"),
    ("Cục Kinh tế - Quản lý đầu tư xây dựng", True, "Cục Kinh tế - Quản lý đầu tư xây dựng"),
    # a head that holds a verb ("đầu tư", "chỉ đạo") is no predicate; a remit between subject and duty; an opening
    # "Trong quá trình …, nếu …," before the subject
    ("Chủ đầu tư, trong phạm vi, trách nhiệm của mình, nỗ lực, đẩy nhanh tiến độ thực hiện", False, "Chủ đầu tư"),
    ("Ban Chỉ đạo tỉnh chỉ đạo các sở triển khai", False, "Ban Chỉ đạo tỉnh"),
    ("Trong quá trình thực hiện, nếu cần sửa đổi, bổ sung, Bộ Công Thương rà soát, tổng hợp ý kiến", False,
     "Bộ Công Thương"),
    # a province as the subject of what it must do; not a place named in passing
    ("Để đạt mục tiêu tăng trưởng 8% của Tỉnh, tỉnh Đắk Lắk cần tiếp tục thực hiện quyết liệt", False,
     "Tỉnh Đắk Lắk"),
    ("trên địa bàn tỉnh Đắk Lắk có 100 xã", False, None),
])
def test_subjects_from_the_clause_structure(clause, whole, name):
    assert subject(clause, whole=whole) == name


def test_names_with_a_dash_stay_whole_and_a_lead_in_gives_the_bodies_it_asks():
    assert canonical("Sở Lao động-Thương binh và Xã hội") == "Sở Lao động - Thương binh và Xã hội"
    assert canonical("Sở TT- TT") == "Sở Thông tin và Truyền thông"
    assert split_bodies("Sở Xây dựng, Sở Quy hoạch - Kiến trúc,Thanh tra thành phố") == [
        "Sở Xây dựng", "Sở Quy hoạch - Kiến trúc", "Thanh tra thành phố"]
    assert asked("Từ nay đến hết năm 2025 chỉ còn gần 2 tháng; do vậy, yêu cầu các bộ, ngành, địa phương liên quan") \
        == "các bộ, ngành, địa phương liên quan"


def test_a_yearly_day_keeps_its_every_year():
    assert find_deadline("Định kỳ gửi báo cáo kết quả thực hiện trước ngày 15/11 hằng năm và báo cáo đột xuất") \
        == "trước ngày 15/11 hằng năm"
    assert read("So Tai chinh bo tri kinh phi theo chu ky nao?", [], []).asks == "deadline"


@pytest.mark.parametrize("text,bodies", [
    ("Theo dõi các chỉ số phát triển Chính phủ điện tử, Chính phủ số theo đánh giá của Liên hợp quốc", []),
    ("định kỳ báo cáo Chính phủ, Thủ tướng Chính phủ để kịp thời chỉ đạo", ["Chính phủ", "Thủ tướng Chính phủ"]),
])
def test_a_government_to_be_built_is_no_body(text, bodies):
    assert find_bodies(text) == bodies


def test_a_question_on_a_programme_for_digital_government_names_no_body():
    assert read("Chương trình phát triển Chính phủ số đặt những chỉ tiêu nào cho giai đoạn 2025-2027?", [],
                [{"key": "chinh phu", "name": "Chính phủ"}]).body is None


def test_an_assignment_after_a_colon():
    assert subject("Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh", whole=True) \
        == "Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh"


def test_a_yearly_last_day_and_a_table_time_column():
    from kb.deadlines import find_deadline, time_cell

    text = "gửi kết quả đánh giá về Sở Giáo dục và Đào tạo, hạn cuối ngày 15 tháng 12 hàng năm (Lưu ý: …)."
    assert find_deadline(text) == "hạn cuối ngày 15 tháng 12 hàng năm"
    header = "TT | Dự án | Công suất (MW) | Địa điểm | Dự kiến thời gian vận hành | Ghi chú"
    assert time_cell("19 | NMNĐ Long Phú 1 | 1.200 | Cần Thơ | 2027 | DA đã có trong QĐ số 270", header) == "2027"
    assert time_cell("19 | NMNĐ Long Phú 1 | 1.200 | Cần Thơ", header) is None  # cells do not fit the header
    assert time_cell("1 | Kho LNG | 3 | Cà Mau", "TT | Dự án | Công suất | Địa điểm") is None  # no time column


def test_the_number_of_a_proper_name_is_no_figure():
    from kb.values import figures

    assert figures("hoàn thành nghiệm thu Nhà máy điện Nhơn Trạch 4 phục vụ việc kiểm tra") == []
    assert [m.group(0) for m in figures("Tổng sản phẩm Chè xuất khẩu phấn đấu đạt trên 12.000 tấn")] == \
        ["trên 12.000 tấn"]
    # a label's number ("Dự án 7", "dân số từ 15 tuổi") is no figure; a share said of it is
    assert [m.group(0) for m in figures("tổng khối lượng hoàn thành của Dự án khoảng 61% trong khi")] == ["khoảng 61%"]
    assert [m.group(0) for m in figures("Tỷ lệ dân số từ 15 tuổi trở lên có tài khoản đạt 95%.")] == ["đạt 95%"]
    assert figures("thực hiện Dự án 7 theo Điều 5") == []
    assert figures("hoàn thành Dự án thành phần 1 thuộc Dự án cao tốc Biên Hòa - Vũng Tàu") == []  # a component's name
    # the number in words, a unit written onto its figure, a unit's words ending at "của"
    assert [m.group(0) for m in figures("Mỗi xã bố trí không quá 03 (ba) nhân viên chăn nuôi thú y")] == \
        ["không quá 03 (ba) nhân viên chăn nuôi"]
    assert [m.group(0) for m in figures("bàn giao mặt bằng (0,3km của dự án cao tốc Bến Lức - Long Thành")] == ["0,3km"]
    assert [m.group(0) for m in figures("phân loại 616/898 dự án của 25 địa phương")][0] == "616/898 dự án"


@pytest.mark.parametrize("text,name,body_key", [
    ("Sở GDĐT TP.HCM ban hành bảng tiêu chí.", "Sở GDĐT TP.HCM", "so giao duc va dao tao thanh pho ho chi minh"),
    ("Sở Y tế TP. Hồ Chí Minh chủ trì.", "Sở Y tế TP. Hồ Chí Minh", "so y te thanh pho ho chi minh"),
    ("Giao UBND Tp. Cần Thơ tổng hợp.", "UBND Tp. Cần Thơ", "uy ban nhan dan thanh pho can tho"),
    ("Báo cáo UBND TP. Sau đó, Sở Tài chính tổng hợp.", "UBND TP", "uy ban nhan dan tp"),  # the sentence ends
])
def test_tp_with_its_dot_before_a_city_is_part_of_the_name(text, name, body_key):
    """"TP." abbreviates "thành phố": the body is the city's, and its key is the one its documents write out."""
    assert find_bodies(text)[0] == name and key(name) == body_key
    assert key("Sở Giáo dục và Đào tạo thành phố Hồ Chí Minh") == key("Sở GDĐT TP HCM")


def test_a_yearly_window_from_a_month_to_a_day_is_one_time():
    """"vào tháng 11 đến ngày 15 tháng 12 hàng năm": from November to 15 December, every year, not only its end."""
    sentence = "Việc kiểm tra, xếp loại được thực hiện vào tháng 11 đến ngày 15 tháng 12 hàng năm."
    assert find_deadline(sentence) == "vào tháng 11 đến ngày 15 tháng 12 hàng năm"
    assert parse(find_deadline(sentence)).kind == "yearly"
    assert find_deadline("Hoàn thành vào tháng 11 năm 2025.") == "vào tháng 11 năm 2025"


@pytest.mark.parametrize("item,deadline,kind,due,start", [
    # a span is due with its end and starts with its beginning
    ("Thời gian: Từ tháng 01/2026 đến tháng 6/2026", "Từ tháng 01/2026 đến tháng 6/2026", "month", "2026-06-30",
     "2026-01-01"),
    ("Tổ chức thực hiện trong tháng 11-12/2025.", "tháng 11-12/2025", "month", "2025-12-31", "2025-11-01"),
    ("Thực hiện từ ngày 01/01/2026 đến hết ngày 31/12/2026.", "từ ngày 01/01/2026 đến hết ngày 31/12/2026", "date",
     "2026-12-31", "2026-01-01"),
    ("Triển khai từ năm 2026 đến năm 2030.", "từ năm 2026 đến năm 2030", "range", "2030-12-31", None),
    # a labelled field: the time, without its label
    ("Thời hạn: 30/12/2025", "30/12/2025", "date", "2025-12-30", None),
    ("Tiến độ: Năm 2026-2027", "Năm 2026-2027", "range", "2027-12-31", None),
    ("Hạn hoàn thành: tháng 3/2026", "tháng 3/2026", "month", "2026-03-31", None),
    # a yearly day written without "ngày"; a meeting of the HĐND
    ("Báo cáo UBND tỉnh trước 15/11 hằng năm.", "trước 15/11 hằng năm", "yearly", None, None),
    ("UBND tỉnh tổng hợp, báo cáo HĐND tỉnh tại kỳ họp gần nhất.", "tại kỳ họp gần nhất", "relative", None, None),
    # the day of a document cited is not a deadline; the deadline after it is
    ("… tại Kế hoạch thanh tra số 1505/KH-TTCP ngày 22/7/2025 trước ngày 26/11/2025.", "trước ngày 26/11/2025", "date",
     "2025-11-26", None),
    ("báo cáo Thủ tướng Chính phủ hằng tuần về tiến độ", "hằng tuần", "weekly", None, None),
])
def test_spans_labels_and_meetings_in_the_deadline_grammar(item, deadline, kind, due, start):
    found = find_deadline(item)
    assert found == deadline
    said = parse(found)
    assert (said.kind, said.due, said.start) == (kind, due, start)


def test_a_frequency_that_describes_is_no_deadline():
    assert find_deadline("Cung cấp thông tin kịp thời, thường xuyên về dự án cho người dân.") is None
    assert find_deadline("Thực hiện theo Quyết định số 142/QĐ-TTg ngày 02/02/2024 của Thủ tướng.") is None
    # a relation that is regular is no time to act (KL 07-KL/VPTW, item (6))
    regular = "Tăng cường mối quan hệ thường xuyên phối hợp trong triển khai nhiệm vụ giữa các văn phòng."
    assert find_deadline(regular) is None


def test_the_organs_of_a_peoples_council_are_each_a_body():
    """The closing article of every HĐND resolution gives its supervision to four bodies, not one."""
    clause = ("Giao Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, các Tổ đại biểu Hội đồng "
              "nhân dân tỉnh và các đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.")
    assert [canonical(b) for b in split_bodies(subject(clause))] == [
        "Thường trực Hội đồng nhân dân tỉnh", "Các Ban của Hội đồng nhân dân tỉnh",
        "Các Tổ đại biểu Hội đồng nhân dân tỉnh", "Các đại biểu Hội đồng nhân dân tỉnh"]


def test_a_collective_keeps_the_places_it_lists():
    clause = "Ủy ban nhân dân các tỉnh: Ninh Bình, Bắc Ninh, Phú Thọ, Tuyên Quang đẩy nhanh các thủ tục theo quy định"
    assert subject(clause) == "Ủy ban nhân dân các tỉnh: Ninh Bình, Bắc Ninh, Phú Thọ, Tuyên Quang"
    assert subject("Sở Y tế: chủ trì triển khai") == "Sở Y tế"


@pytest.mark.parametrize("clause, whole, name", [
    # a heading with no verb after a noun that is also a verb is all name
    ("Các cơ sở đào tạo đại học, sau đại học", True, "Các cơ sở đào tạo đại học, sau đại học"),
    # the second syllable of a noun is no verb: "chương trình", "công lập"; a level is no dangling "cấp"
    ("Trưởng Ban Chỉ đạo các chương trình trọng điểm chủ trì", False, "Trưởng Ban Chỉ đạo các chương trình trọng điểm"),
    ("Các đơn vị sự nghiệp công lập rà soát", False, "Các đơn vị sự nghiệp công lập"),
    ("Các doanh nghiệp thứ cấp đang hoạt động trong khu công nghiệp", False, "Các doanh nghiệp thứ cấp"),
    # a whole name and its verb, before the duty of those it directs; a collective described by a participle
    ("Giao Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ chỉ đạo các đơn vị kinh doanh hạ tầng có trách "
     "nhiệm:", False, "Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ"),
    ("Các cơ quan, đơn vị được giao nhiệm vụ trong Kế hoạch có trách nhiệm báo cáo", False,
     "Các cơ quan, đơn vị được giao nhiệm vụ trong Kế hoạch"),
    # after "các" a verb is a noun ("các tổ chức"); "chính trị - xã hội" is one word
    ("Mặt trận Tổ quốc tỉnh và các tổ chức chính trị - xã hội", True,
     "Mặt trận Tổ quốc tỉnh và các tổ chức chính trị - xã hội"),
    # a collective whose members its colon lists
    ("Thủ trưởng các cơ quan: Văn phòng UBND tỉnh, Sở Xây dựng, Sở Tài chính căn cứ Quyết định thi hành", False,
     "Văn phòng UBND tỉnh, Sở Xây dựng, Sở Tài chính"),
])
def test_nouns_that_hold_a_verb_stay_in_the_name(clause, whole, name):
    assert subject(clause, whole=whole) == name


@pytest.mark.parametrize("text, names", [
    # a body's head right after another's is read whole: "Văn phòng" + "Ban Chỉ đạo", "Bộ trưởng" + "Bộ Tài chính"
    ("Phó Trưởng Ban Chỉ đạo quyết định thành lập Văn phòng Ban Chỉ đạo để giúp việc",
     ["Phó Trưởng Ban Chỉ đạo", "Văn phòng Ban Chỉ đạo"]),
    ("Bộ trưởng Bộ Tài chính chủ trì", ["Bộ trưởng Bộ Tài chính"]),
    ("Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng chỉ đạo", ["Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng"]),
])
def test_a_head_inside_a_name_keeps_the_name_whole(text, names):
    assert find_bodies(text)[:len(names)] == names


@pytest.mark.parametrize("item, deadline", [
    ("1. Họp Ban Chỉ đạo định kỳ: 06 tháng một lần. Tài liệu phục vụ các phiên họp", "định kỳ: 06 tháng một lần"),
    ("Ban tổ chức họp 3 tháng/lần để đánh giá", "3 tháng/lần"),
    ("Kiểm tra việc thực hiện mỗi 6 tháng", "mỗi 6 tháng"),
])
def test_every_so_many_months_is_how_often(item, deadline):
    assert find_deadline(item) == deadline and parse(deadline).kind == "periodic"


def test_an_adverb_before_the_verb_ends_the_subject():
    assert subject("Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trực tiếp chỉ đạo công tác chuẩn bị") == \
        "Phó Thủ tướng Chính phủ Trần Hồng Hà"


@pytest.mark.parametrize("text, names", [
    ("Bộ trưởng Bộ Tài chính - Phó Trưởng ban Thường trực Ban Chỉ đạo 389 quốc gia", ["Bộ trưởng Bộ Tài chính"]),
    ("Phó Thủ tướng Chính phủ, Trưởng Ban chỉ đạo Nhà nước các công trình", ["Phó Thủ tướng Chính phủ"]),
    ("Bộ trưởng Bộ Tài chính; Phó Trưởng ban Dân vận", ["Bộ trưởng Bộ Tài chính", "Phó Trưởng ban Dân vận"]),
])
def test_a_second_post_of_the_same_person_is_not_another_body(text, names):
    assert split_bodies(text) == names


def test_what_a_body_deals_with_is_not_its_name():
    assert split_bodies("Các sở, ban, ngành tỉnh có liên quan tới việc thực hiện Kế hoạch này") == [
        "Các sở, ban, ngành tỉnh có liên quan"]
    assert split_bodies("Ban Quản lý dự án trong việc quản lý dự án") == ["Ban Quản lý dự án"]


def test_a_head_written_once_over_the_names_it_lists():
    assert split_bodies("các Sở: Xây dựng, Tài chính, Nội vụ") == ["Sở Xây dựng", "Sở Tài chính", "Sở Nội vụ"]
    assert split_bodies("Các Bộ: Tài chính, Y tế, Tư pháp và Nội vụ") == ["Bộ Tài chính", "Bộ Y tế", "Bộ Tư pháp",
                                                                          "Bộ Nội vụ"]


def test_an_official_name_is_one_member_of_a_list_whatever_its_case():
    assert split_bodies("Báo và phát thanh, truyền hình Sơn La, Cổng thông tin điện tử tỉnh") == [
        "Báo và phát thanh, truyền hình Sơn La", "Cổng thông tin điện tử tỉnh"]
    assert split_bodies("Bộ Văn hóa, Thể thao và Du lịch, Bộ Tài chính và Sở Y tế") == [
        "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Tài chính", "Sở Y tế"]
    assert split_bodies("Mặt trận Tổ quốc tỉnh và các tổ chức chính trị - xã hội") == [
        "Mặt trận Tổ quốc tỉnh", "các tổ chức chính trị - xã hội"]
    # a role after a dash is no second body
    assert split_bodies("Bộ Tài chính - Cơ quan Thường trực Ban Chỉ đạo 751") == ["Bộ Tài chính"]


def test_the_words_after_a_heads_first_are_read_in_any_case():
    assert find_bodies("1. Bộ tư lệnh Vùng Cảnh sát biển 3: Phối hợp với các sở") == ["Bộ tư lệnh Vùng Cảnh sát biển"]
    assert split_bodies("Liên minh Hợp tác xã tỉnh, Đoàn TNCS Hồ Chí Minh tỉnh, Hội nông dân tỉnh") == [
        "Liên minh Hợp tác xã tỉnh", "Đoàn TNCS Hồ Chí Minh tỉnh", "Hội nông dân tỉnh"]
    assert find_bodies("các hội nông dân") == []  # a head in lower case at its first word is no name


@pytest.mark.parametrize("text, names", [
    ("Phối hợp với các ngành tăng cường công tác quản lý", ["các ngành"]),
    ("Bộ Công Thương chủ trì phối hợp với các Bộ, cơ quan liên quan hoàn thiện", ["các Bộ, cơ quan liên quan"]),
    ("phối hợp với các nội dung của kế hoạch", []),  # "các" before what is no kind of body
])
def test_kinds_of_body_in_lower_case_are_partners(text, names):
    assert partners(text) == names


@pytest.mark.parametrize("clause, name, members", [
    ("Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng khẩn trương hoàn thành", "Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng",
     ["Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng"]),
    ("Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai đẩy nhanh tiến độ",
     "Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai", ["Thành phố Hà Nội", "các tỉnh Bắc Ninh, Gia Lai"]),
    ("Thành phố Hồ Chí Minh, tỉnh Lâm Đồng đẩy nhanh", "Thành phố Hồ Chí Minh, tỉnh Lâm Đồng",
     ["Thành phố Hồ Chí Minh", "tỉnh Lâm Đồng"]),
])
def test_provinces_and_cities_listed_as_the_subject(clause, name, members):
    assert subject(clause) == name and split_bodies(name) == members


@pytest.mark.parametrize("item,deadline,kind,due", [
    # a time set for the duties from now on (a heading over a conclusion's tasks)
    ("2. Về nhiệm vụ trọng tâm từ nay đến tháng 6/2027", "từ nay đến tháng 6/2027", "month", "2027-06-30"),
    # a day of the period after the one reported on: every month, no one due date
    ("gửi báo cáo giá thị trường về Sở Tài chính trước ngày 01 của tháng tiếp theo sau tháng kỳ báo cáo",
     "trước ngày 01 của tháng tiếp theo", "relative", None),
])
def test_times_from_now_and_of_the_next_period(item, deadline, kind, due):
    found = find_deadline(item)
    assert found == deadline
    assert (parse(found).kind, parse(found).due) == (kind, due)


@pytest.mark.parametrize("text, names", [
    # the provincial offices named by their trade since 2025, and a pair of Party committees
    ("b) Thống kê tỉnh Bắc Ninh: Phối hợp cung cấp báo cáo chỉ số giá tiêu dùng", ["Thống kê tỉnh Bắc Ninh"]),
    ("Văn phòng Trung ương Đảng và các văn phòng tỉnh uỷ, thành uỷ cụ thể hoá",
     ["Văn phòng Trung ương Đảng", "các văn phòng tỉnh uỷ, thành uỷ"]),
])
def test_offices_named_by_their_trade_and_party_committee_pairs(text, names):
    assert split_bodies(subject(text) or find_bodies(text)[0]) == names


def test_a_body_named_with_its_place_is_written_as_the_lexicon_writes_the_body():
    assert canonical("Sở Công thương tỉnh Lào Cai") == "Sở Công Thương tỉnh Lào Cai"
    # not replaced by the national body an alias names
    assert canonical("Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội") == \
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội"


def test_the_year_a_figure_is_compared_with_is_no_horizon():
    from kb.deadlines import find_horizon
    assert find_horizon("Mục tiêu giảm phát thải khí nhà kính so với năm 2005: 8%") is None
    assert find_horizon("giảm 9% so với năm 2020 đến năm 2030") == "đến năm 2030"


def test_documents_issued_by_ministries_as_a_kind():
    reading = read("Trong hệ thống có những quyết định nào do các Bộ ban hành trong năm 2026?", [], [])
    assert (reading.list_of, reading.doc_type, reading.issuer, reading.year) == ("documents", "Quyết định", "bo", 2026)


def test_what_a_body_covers_by_sector_and_field_is_one_name():
    assert split_bodies("cơ quan chuyên môn theo ngành, lĩnh vực có liên quan thuộc Ủy ban nhân dân các tỉnh") == \
        ["cơ quan chuyên môn theo ngành, lĩnh vực có liên quan thuộc Ủy ban nhân dân các tỉnh"]


def test_how_often_with_the_count_in_words():
    from kb.deadlines import deadline_matches
    found = deadline_matches("Thực hiện kiểm kê định kỳ hai (02) năm một lần.", weak=True)
    assert [m.group(0) for m in found] == ["định kỳ hai (02) năm một lần"] and parse(found[0].group(0)).kind == \
        "periodic"


def test_a_time_set_by_an_event_when_no_date_is_written():
    from kb.deadlines import deadline_matches, find_deadline
    def weak(text):
        return [m.group(0) for m in deadline_matches(text, weak=True)]
    assert weak("Báo cáo kết quả kiểm tra cho Giám đốc Sở sau khi kết thúc đợt kiểm tra.") == \
        ["sau khi kết thúc đợt kiểm tra"]
    assert weak("phải gửi thông báo cho UBND cấp xã trước khi thực hiện mà không phải tiến hành thủ tục") == \
        ["trước khi thực hiện"]
    assert parse("trước khi có lũ tràn về").kind == "relative"
    assert weak("hoàn thành trước ngày 15/12/2025 sau khi có ý kiến") == ["hoàn thành trước ngày 15/12/2025"]
    # a clause opening with one states a condition; and an item's own deadline is not read from an event
    assert weak("Sau khi thực hiện, UBND báo cáo HĐND tại kỳ họp gần nhất.") == ["tại kỳ họp gần nhất"]
    assert find_deadline("Đoàn kiểm tra báo cáo Giám đốc Sở sau khi kết thúc đợt kiểm tra.") is None


@pytest.mark.parametrize("clause,body", [
    # a verb inside an official name ("giao" of "Ngoại giao") is not where the subject ends
    ("Bộ Ngoại giao chủ trì, phối hợp với Văn phòng Chính phủ xây dựng Đề án về chủ trương của chuyến công tác.",
     "Bộ Ngoại giao"),
    # a title holding another body's name is one name ("Thủ tướng Chính phủ" inside it)
    ("Trong phạm vi được phân công, Phó Thủ tướng Chính phủ chủ động xem xét, quyết định và chịu trách nhiệm.",
     "Phó Thủ tướng Chính phủ"),
    ("Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ chịu trách nhiệm đôn đốc, kiểm tra việc thực hiện Quy chế.",
     "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ"),
    ("Chủ tịch Ủy ban nhân dân cấp tỉnh nơi doanh nghiệp đặt trụ sở chính xem xét cho phép sử dụng thẻ ABTC.",
     "Chủ tịch Ủy ban nhân dân cấp tỉnh nơi doanh nghiệp đặt trụ sở chính"),
])
def test_a_subject_named_by_the_lexicon_or_a_title_is_whole(clause, body):
    from kb.bodies import split_bodies
    assert subject(clause) == body and split_bodies(body) == [body]


def test_the_body_after_then_in_a_case_is_the_subject():
    clause = ("Trường hợp hồ sơ chưa hợp lệ thì Cục Quản lý xuất nhập cảnh, Bộ Công an có trách nhiệm hướng dẫn hoàn "
              "thiện hồ sơ.")
    assert subject(clause) == "Cục Quản lý xuất nhập cảnh, Bộ Công an"
    assert subject("Trường hợp hồ sơ chưa hợp lệ thì cơ quan chuyên môn của Ủy ban nhân dân cấp tỉnh có trách nhiệm "
                   "hướng dẫn.") == "cơ quan chuyên môn của Ủy ban nhân dân cấp tỉnh"


def test_a_purpose_is_no_predicate():
    # "… báo cáo UBND tỉnh, Chủ tịch UBND tỉnh … để xem xét, giải quyết": whom to report to, not who considers
    assert subject("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo UBND tỉnh, Chủ tịch UBND "
                   "tỉnh (thông qua Sở Tài chính) để xem xét, giải quyết.") is None


@pytest.mark.parametrize("text,found", [
    ("Ban Chỉ đạo họp mỗi quý một lần.", "mỗi quý một lần"),
    ("sẵn sàng phương tiện, nhân lực để vận chuyển hàng dự trữ quốc gia 24/24.", "24/24"),
    ("Đến nay đã có 24/24 xã đạt chuẩn.", None),  # a ratio, not round the clock
])
def test_how_often_written_as_once_a_period_or_round_the_clock(text, found):
    from kb.deadlines import deadline_matches

    assert next((m.group(0) for m in deadline_matches(text, weak=True)), None) == found
