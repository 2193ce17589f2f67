"""Who a clause makes act: the subject of a duty, the bodies asked, the recipient of a report, the partners of
"phối hợp (với)" — read from the clause's structure (where its first predicate stands, a lead-in's asking verb, a
parenthesis naming a collective's members), over the names ``kb.bodies`` finds.

* ``subject`` — the body that is the subject of a clause ("Ngân hàng Nhà nước Việt Nam phối hợp với …",
  "Giao Sở Nội vụ chủ trì …", "Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm").
* ``asked`` — the bodies a sentence asks to act ("…, đề nghị Chính phủ và các cơ quan liên quan …").
* ``recipient`` — whom a sentence reports or sends to; ``partners`` — who coordinates.
"""

from __future__ import annotations

import re

from kb.bodies import (
    ASSIGN,
    GENERIC,
    PROPER,
    find_bodies,
    head_at,
    listed_places,
    official_names,
    split_bodies,
    trim_name,
)
from kb.places import places_in
from kb.text import UPPER, nfc

# -- the subject of a clause -------------------------------------------------------------------------

# Verbs (and the adverbs before them) that end a body's name: "X chủ trì", "X có trách nhiệm", "X hướng dẫn" …
# (lower case: "Sở Xây dựng" and "Ban Quản lý" keep their capitalised words; "có liên quan" stays in the name).
VERBS = (
    r"chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|được giao|thực hiện|triển khai|tổ chức|xây dựng|ban hành|"
    r"hướng dẫn|tham mưu|rà soát|theo dõi|báo cáo|chỉ đạo|kiểm tra|đôn đốc|bố trí|cân đối|bảo đảm|đảm bảo|tiếp tục|"
    r"tăng cường|đẩy mạnh|đẩy nhanh|nghiên cứu|đề xuất|trình|phát huy|khẩn trương|chủ động|tập trung|cung cấp|cập nhật|"
    r"hoàn thành|hoàn thiện|nâng cao|duy trì|hỗ trợ|thẩm định|giám sát|xử lý|tổng hợp|lập|sử dụng|vận hành|quyết định|"
    r"phê duyệt|ưu tiên|tuyên truyền|phổ biến|vận động|phấn đấu|lựa chọn|kiện toàn|thành lập|quán triệt|nắm|gửi|"
    r"cử|là|làm|sẽ|cần|phải|thường xuyên|kịp thời|nghiêm túc|quan tâm|căn cứ|trong phạm vi|theo chức năng|"
    r"có(?!\s+liên quan)|được|đã|đang|thực thi|xác định|huy động|rút kinh nghiệm|công bố|đánh giá|tiếp nhận|giải quyết|"
    r"bổ sung|sửa đổi|tạo điều kiện|hoàn tất|phát triển|đầu tư|chuẩn bị|tháo gỡ|khắc phục|đăng ký|thông báo|kết nối|"
    r"tích hợp|số hóa|tập huấn|bồi dưỡng|đào tạo|kêu gọi|yêu cầu|đề nghị|giao cho|giao|lãnh đạo|khai thác|giúp|nêu rõ|"
    r"cho biết|thẩm tra|phát động|kiểm soát|ứng dụng|áp dụng|chú trọng|tham gia|thống nhất|xác nhận|sơ kết|tổng kết|"
    r"phân công|phân bổ|cấp phát|điều phối|phụ trách|tiến hành|nâng cấp|kết luận|quyết nghị|tán thành|giải đáp|"
    r"thể chế hóa|thể chế hoá|cụ thể hóa|cụ thể hoá|hằng năm|hàng năm|hằng quý|hằng tháng|định kỳ|trực tiếp|coi|"
    r"họp|hoạt động|phản ánh|phản ảnh|xem xét")
# (not the second syllable of a noun: "các chương trình", "đơn vị sự nghiệp công lập"; not a noun after "các": "và
# các tổ chức thành viên"; not a purpose: "… Chủ tịch UBND tỉnh để xem xét, giải quyết")
PREDICATE = re.compile(rf"(?<!,)(?<!chương)(?<!\scông)(?<![cC]ác)(?<!những)(?<!\sđể)\s(?:{VERBS})(?=[\s,:;.]|$)")
# Asking verbs: the body asked is who carries the duty ("Chủ tịch UBND thành phố yêu cầu Giám đốc các sở …").
_DUTY = re.compile(r"(?<!,)\s(?:có trách nhiệm|chịu trách nhiệm)(?=[\s,:;.]|$)")
_ASKING = {"yêu cầu", "đề nghị", "giao", "giao cho", "kêu gọi"}
_ASK = re.compile(rf"\s(?:yêu cầu|đề nghị|giao cho|giao|kêu gọi)(?=\s+(?:[{UPPER}]|các\s))")
# A time or frequency opening the clause: "Định kỳ, …", "Trước ngày 15/12/2025, …", "Trong năm 2026, …".
# An ordinal opening a paragraph of a conclusion notice ("Thứ nhất, các bộ, ngành …") is its marker, not its subject.
_OPENING_TIME = re.compile(r"^(?:(?:Định kỳ|Hằng năm|Hàng năm|Hằng quý|Hằng tháng|Trước|Trong|Từ|Đến|Sau|Chậm nhất)"
                           r"[^,;:]{0,40},\s*|Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*,\s*)", re.I)
# An opening phrase before the subject: "Trên cơ sở đề nghị của các Bộ, cơ quan liên quan, Bộ Tài chính khẩn trương …".
_OPENING_PHRASE = re.compile(r"^(?:Trên cơ sở|Căn cứ|Để|Nhằm|Theo|Sau khi|Đối với|Qua|Với|Khi|Tại|Thực hiện|Kể từ"
                             r"|Quán triệt"
                             r"|Trong (?:quá trình|thời gian)|Nếu"
                             r"|(?:Vào )?[Nn]gày \d+)\b", re.I)
# A province or city as the subject of what it must do: "tỉnh Đắk Lắk cần tiếp tục …", "Thành phố Hà Nội chủ động …"
_PLACE_ACTS = re.compile(rf"((?:[Tt]ỉnh|[Tt]hành phố)(?:\s+[{UPPER}][\wÀ-ỹ]*){{1,3}})\s+(?:cần|phải|tiếp tục|chủ động|"
                         r"khẩn trương|tập trung|chủ trì|có trách nhiệm|thực hiện|triển khai|rà soát|báo cáo)\b")
_KIND = r"(?:(?:[Cc]ác\s+)?(?:[Tt]ỉnh|[Tt]hành phố)(?:,\s*thành phố)?\s+)?"
_PLACE_LIST = re.compile(rf"{_KIND}{PROPER}(?:\s*(?:,|và)\s*{_KIND}{PROPER})*")


def _places_act(text: str) -> str | None:
    """Provinces and cities, listed, as the subject of the verb after them ("Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng
    khẩn trương …", "Thành phố Hồ Chí Minh, tỉnh Lâm Đồng đẩy nhanh …"): each name a place the lexicon knows."""
    listed = _PLACE_LIST.match(text)
    if not listed or not PREDICATE.match(text, listed.end()) or "," not in listed.group(0) \
            and " và " not in listed.group(0):
        return None
    names = re.split(r"\s*(?:,|và)\s*", listed.group(0))
    if not all(places_in(n) or places_in(re.sub(r"^(?:[Cc]ác\s+)?(?:[Tt]ỉnh|[Tt]hành phố)\s+", "", n)) for n in names):
        return None
    return listed.group(0)[:1].upper() + listed.group(0)[1:]


_CASE = re.compile(r"^(?:Trong )?[Tt]rường hợp\b")  # "Trường hợp cần thiết điều chỉnh …, Sở … có trách nhiệm …"
_THEN = re.compile(r"\sthì\s+")  # where the clause a case or condition opens begins


def _responsible_after(text: str, pos: int) -> bool:
    """After an opening clause, a body written in lower case whose duty follows its name straight away ("Khi các
    thành viên … thay đổi về nhân sự, cơ quan cử nhân sự có trách nhiệm báo cáo …"); not one that does something
    else ("…, cơ quan Thuế không ban hành …")."""
    if not head_at(text[pos:pos + 1].upper() + text[pos + 1:pos + SUBJECT_MAX]):
        return False
    name = subject(text[pos:pos + 1].upper() + text[pos + 1:])
    duty = _DUTY.match(text, pos + len(name)) if name and "," not in name else None
    return bool(duty) and not re.match(r"\s+(?:về|trước)\s", text[duty.end():])  # answerable for, not a duty


SUBJECT_MAX = 160
ROLE_MAX = 80  # a heading this short with no predicate of its own may name a role ("Cơ quan phối hợp thẩm định")
# "theo chức năng, nhiệm vụ được giao", "trong phạm vi chức năng, nhiệm vụ, quyền hạn của mình": between a subject
# and its verb, how it acts, not who
_WITHIN_REMIT = re.compile(r",?\s*(?:(?:theo|trong phạm vi|căn cứ)\s+chức năng,?\s+nhiệm vụ(?:,?\s*(?:và\s+)?"
                           r"(?:quyền hạn|thẩm quyền))?|trong phạm vi,?\s+(?:trách nhiệm|thẩm quyền))"
                           r"(?:\s+(?:quản lý\s+)?(?:được giao|của mình))?\s*,?")
OPENING_MAX = 800


# where a subject stops: "Sở Lao động - Thương binh và Xã hội" is one, and so is "các tổ chức chính trị - xã hội"
# A collective whose members the colon after it names: "Thủ trưởng các cơ quan: Văn phòng UBND tỉnh, Sở Xây dựng, …"
_NAMED_BELOW = re.compile(r"(?:(?:Thủ trưởng|Giám đốc|Lãnh đạo|Người đứng đầu)\s+)?[Cc]ác\s+(?:cơ quan|đơn vị|sở|Sở)"
                          r"(?:,\s*(?:ban|ngành|đơn vị|cơ quan))*\s*:\s*")
_STOP = re.compile(rf":|(?<!chính trị)\s-\s(?![{UPPER}])")


def subject(clause: str, whole: bool = False) -> str | None:
    """The body a clause makes its subject, as written, or None: the text from a body's head to the
    first predicate ("Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm" → "Các đơn vị cấp
    nước sạch trên địa bàn thành phố"), after an opening time and "Giao" / "Đề nghị" / "Yêu cầu".
    ``whole``: a heading with no predicate is all body ("4. Sở Y tế", "c) Tổ đảng ở Thường trực …")."""
    text = nfc(clause).strip()
    text = _OPENING_TIME.sub("", text, count=1)
    text = ASSIGN.sub("", text, count=1)
    if members := _members(text):
        return members  # "Các cơ quan đăng ký đầu tư (Sở Tài chính, …)", "Nhà đầu tư (Tập đoàn Đèo Cả) rà soát …"
    if place := _PLACE_ACTS.match(text):  # "Tỉnh Đắk Lắk cần tiếp tục …": a province acting is its authorities
        return place.group(1)[:1].upper() + place.group(1)[1:]
    if places := _places_act(text):  # "Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai khẩn trương …"
        return places
    # an official name, also as a collective ("Các Sở quản lý ngành, lĩnh vực có trách nhiệm …")
    known = official_names().match(text, collective.end() if (collective := re.match(r"[Cc]ác\s+", text)) else 0)
    if not (known and text[:1].isupper() or head_at(text)):
        if (case := _CASE.match(text)) or _OPENING_PHRASE.match(text):  # "Nhằm chấn chỉnh …, Chủ tịch UBND thành
            if (then := _THEN.search(text, 0, OPENING_MAX)) and (head_at(text, then.end()) or official_names().match(
                    text, then.end()) or _responsible_after(text, then.end())):
                return subject(text[then.end():], whole)  # "Trường hợp hồ sơ hợp lệ thì Cục …, Bộ Công an tiếp nhận"
            for comma in re.finditer(r",\s+", text[:OPENING_MAX]):  # phố yêu cầu …", "…, các Sở, ngành … triển khai"
                if case and not _DUTY.search(re.split(r"[;.]", text[comma.end():], maxsplit=1)[0]):
                    continue  # in a case, a duty: not each step of a procedure ("Trường hợp …, Ban Quản lý thông báo")
                if (text[comma.end()].isupper() or text.startswith("các ", comma.end())) \
                        and (head_at(text, comma.end()) or official_names().match(text, comma.end())) \
                        or _PLACE_ACTS.match(text, comma.end()) or _responsible_after(text, comma.end()) \
                        or text.startswith("đề nghị ", comma.end()):  # "…, nếu có vướng mắc …, đề nghị thủ trưởng …"
                    return subject(text[comma.end():], whole)
        return None
    if (named := _NAMED_BELOW.match(text)) and (below := subject(text[named.end():], whole)):
        return below  # "Thủ trưởng các cơ quan: Văn phòng UBND tỉnh, Sở Xây dựng, … căn cứ Quyết định thi hành"
    text = re.sub(r"\s*\([^()]{0,80}\)", lambda m: " " * len(m.group(0)), text)  # "(Trung tâm …)": a detail
    predicate = min((m for m in (_predicate(text, whole), _ASK.search(text, 0, SUBJECT_MAX + 1)) if m),
                    key=lambda m: m.start(), default=None)
    if (duty := _DUTY.search(text, 0, SUBJECT_MAX + 1)) and ":" not in text[:duty.start()] \
            and not (predicate and _one_name(text[:predicate.start()])):
        predicate = duty  # "Các tổ chức, cá nhân … khai thác sử dụng … có trách nhiệm": the strongest cue wins, but
        # not over the verb right after a whole name ("Ban Quản lý … Cần Thơ chỉ đạo các đơn vị … có trách nhiệm")
    if predicate is None and whole and len(text) <= SUBJECT_MAX:
        name = trim_name(text)
        return name if name.lower() not in GENERIC else None
    stop = _STOP.search(text, 0, SUBJECT_MAX)
    listed = listed_places(text, stop.start()) if stop else None  # "UBND các tỉnh: Ninh Bình, Bắc Ninh đẩy nhanh …"
    if listed:
        stop = _STOP.search(text, listed, listed + SUBJECT_MAX)
    remit = _WITHIN_REMIT.search(text, 0, SUBJECT_MAX + 80)  # "…, trong phạm vi chức năng, nhiệm vụ, giám sát"
    ends = [m.start() for m in (predicate, stop, remit) if m] + ([listed] if listed else [])
    if not ends:
        return None
    if predicate and predicate.start() == min(ends) and predicate.group(0).strip(" ,") in _ASKING:
        return subject(text[predicate.end():].strip(), whole)  # the body asked, not the one asking
    if predicate and predicate.start() == min(ends) and (then := _ASK.match(text, predicate.end())):
        return subject(text[then.end():].strip(), whole)  # "HĐND Thành phố thống nhất giao UBND Thành phố bố trí …"
    name = trim_name(text[:min(ends)])
    if whole and name.lower() in GENERIC and not stop and len(text) <= ROLE_MAX:
        return trim_name(text)  # a heading naming a role: "3. Cơ quan chủ trì giải quyết thủ tục đầu tư dự án"
    return name if name.lower() not in GENERIC and len(name) >= 3 else None


def _one_name(text: str) -> bool:
    """``text`` is one body's own name, not a collective a participle may go on describing ("Các cơ quan, đơn vị
    được giao nhiệm vụ …")."""
    text = text.strip()  # "Phó Thủ tướng Chính phủ" is one name, though "Thủ tướng Chính phủ" lies inside it
    return find_bodies(text)[:1] == [text] and not re.match(r"[Cc]ác\s", text)


# Verbs that are also nouns of a unit's name ("Cục Kết cấu hạ tầng xây dựng", "Cục Kinh tế - Quản lý đầu tư xây dựng"):
# part of the name when a duty's verb follows them straight away ("… hạ tầng xây dựng tham mưu …").
_NOMINAL = {"xây dựng", "đầu tư", "phát triển", "đào tạo", "bồi dưỡng", "đánh giá", "giám sát", "kiểm soát",
            "hỗ trợ", "tổng hợp", "số hóa"}
_DUTY_VERB = re.compile(r"\s(?:chủ trì|phối hợp|tham mưu|có trách nhiệm|chịu trách nhiệm|hướng dẫn|thực hiện|"
                        r"triển khai|theo dõi|khẩn trương|chủ động|tổ chức|tiếp tục|là)(?=[\s,:;.]|$)")


def _predicate(text: str, whole: bool = False) -> re.Match[str] | None:
    """The first predicate of a subject, past its head ("Chủ đầu tư", "Ban Chỉ đạo": the head is no verb) and the
    name-words ``_NOMINAL`` a duty's verb follows or the text ends on (``whole``, a heading: or no verb follows)."""
    head, known = head_at(text), official_names().match(text)  # "Bộ Ngoại giao": "giao" is part of the name
    found = PREDICATE.search(text, max(head.end() if head else 0, known.end() if known else 0), SUBJECT_MAX + 1)
    while found and found.group(0).strip() in _NOMINAL:
        nxt = PREDICATE.search(text, found.end(), SUBJECT_MAX + 1)
        if not nxt or nxt.start() != found.end() or not (nxt.group(0).strip() in _NOMINAL or _DUTY_VERB.match(
                text, nxt.start())):
            break
        found = nxt
    if found and found.group(0).strip() in _NOMINAL and (not text[found.end():].strip(" .:") or whole and not
                                                            PREDICATE.search(text, found.end(), SUBJECT_MAX + 1)):
        return None  # a heading ending on them or with no verb after: "19. Các cơ sở đào tạo đại học, sau đại học"
    return found


def _members(text: str) -> str | None:
    """The bodies a parenthesis names right after a collective or a party that is no body: "Các cơ quan đăng ký đầu
    tư (Sở Tài chính, Ban quản lý Khu Kinh tế Phú Yên, …)" → those named; not the detail after one body ("Văn phòng
    UBND tỉnh (Trung tâm Phục vụ hành chính công)")."""
    m = re.match(r"([^()]{3,80}?)\s*\(([^()]{3,300})\)", text)
    if not m or not (head_at(m.group(2)) or official_names().match(m.group(2))):
        return None
    outside = m.group(1).strip()
    collective = head_at(outside) and re.match(r"[Cc]ác\s", outside)
    party = not find_bodies(outside) and len(outside.split()) <= 5  # "Nhà đầu tư", not "Sau khi nghe Bộ Xây dựng"
    inside = m.group(2).strip()
    if not (collective or party):
        return None
    return inside if "," in inside else subject(inside, whole=True)  # a list of names, or "(Sở Y tế chủ trì)"


def asked(text: str) -> str | None:
    """The bodies a sentence asks to act, wherever the asking stands: "Quốc hội cơ bản tán thành …, đồng thời, đề
    nghị Chính phủ và các cơ quan liên quan tập trung thực hiện …" → "Chính phủ và các cơ quan liên quan"."""
    for match in _ASK.finditer(nfc(text)):
        if name := subject(text[match.end():].strip(), whole=True):  # "… yêu cầu các bộ, ngành liên quan:"
            return name
    return None


_SEND = re.compile(r"\b(?:báo cáo|gửi|trình|chuyển|phản ánh)\b", re.I)
_TO = re.compile(r"\s(?:về|cho|đến|tới|lên)\s+(?=\S)", re.I)


def recipient(text: str) -> str | None:
    """The bodies a sentence reports or sends to: "… báo cáo ngay về Trung tâm Kiểm soát bệnh tật tỉnh và Sở Y tế"
    → "Trung tâm Kiểm soát bệnh tật tỉnh và Sở Y tế"; "Các Báo cáo trên gửi Bộ Tư pháp trước ngày …" → "Bộ Tư
    pháp"."""
    text = nfc(text)
    for send in _SEND.finditer(text):
        rest = text[send.end():send.end() + 240]
        clause = re.split(r"[.;:()]", rest[:80])[0]  # "báo cáo Tỉnh ủy", "báo cáo kết quả … về Cục …"
        for at in [0, *(to.end() for to in _TO.finditer(clause))]:
            after = rest[at:].lstrip()
            names = [n for n in find_bodies(after[:160]) if len(n) > 2]
            if not names or not after.startswith(names[0]):
                continue
            said = names[0]
            for name in names[1:]:  # "… về Trung tâm Kiểm soát bệnh tật tỉnh và Sở Y tế"
                if not re.match(rf"\s*(?:,|và)\s*{re.escape(name)}", after[len(said):]):
                    break
                said = after[:after.index(name, len(said)) + len(name)]
            return said
    return None


# -- who coordinates ---------------------------------------------------------------------------------------

# "phối hợp (chặt chẽ) (với)", and "chủ trì cùng Bộ Xây dựng …": those who work with the lead
_WITH = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+(?:với|cùng))?\s+"
                   r"|\bchủ trì,?\s+cùng(?:\s+với)?\s+(?=[A-ZĐ]|các\s)", re.I)
# where the partners of "phối hợp (với)" end: the verb of the duty, or its purpose ("để", "nhằm", "trong việc")
_WITH_END = re.compile(rf"(?<!,)\s(?:{VERBS}|để|nhằm|trong việc|trong công tác|chỉ định|có giải pháp|quản lý)"
                       r"(?=[\s,:;.]|$)")


# "các ngành", "các viện nghiên cứu", "các nhà mạng": kinds of body, in lower case, that coordinate
_KINDS_OF_BODY = re.compile(r"các\s+(?i:sở|bộ|ngành|cơ quan|đơn vị|địa phương|viện|trường|doanh nghiệp|nhà mạng|"
                            r"nhà thầu|nhà đầu tư|chủ đầu tư|lực lượng|tổ chức|hội|đoàn thể|cơ sở|bệnh viện|trung tâm|"
                            r"hợp tác xã)(?![\wÀ-ỹ])")  # "các Bộ, cơ quan liên quan" too


def partners(text: str) -> list[str]:
    """Bodies after "phối hợp (với)" up to the verb of the duty: "Chủ trì, phối hợp Sở Công Thương, Ủy ban nhân
    dân xã, phường và đơn vị có liên quan hướng dẫn …" → [Sở Công Thương, Ủy ban nhân dân xã, phường, …]."""
    m = _WITH.search(text)
    if not m:
        return []
    rest = text[m.end():]
    end = _WITH_END.search(rest)
    pieces = re.split(r";\s*", re.split(r"[:.(]", rest[:end.start() if end else len(rest)])[0])
    phrase = pieces[0]  # "… phối hợp với các Sở, ban, ngành; Ủy ban nhân dân các xã; các cơ quan, đơn vị …"
    for piece in pieces[1:]:
        if not (head_at(piece) or piece.startswith("các ")):
            break
        phrase += ", " + piece
    if not (subject(phrase, whole=True) or phrase[:1].isupper() or phrase.strip().lower() in GENERIC
            or _KINDS_OF_BODY.match(phrase)):
        return []  # "phối hợp với địa phương", "phối hợp với các ngành": a kind of body is a partner too
    return split_bodies(phrase) if len(phrase) <= 300 else []


def partners_go_on(text: str) -> bool:
    """``text`` ends inside its list of partners, cut by ";" ("… phối hợp với các Sở, ban, ngành của tỉnh;")."""
    m = _WITH.search(text)
    rest = text[m.end():] if m else ""
    return rest.rstrip().endswith(";") and not _WITH_END.search(rest) and not re.search(r"[:.(]", rest)
