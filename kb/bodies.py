"""Responsible bodies (cơ quan, tổ chức, chức danh): find them in text and give each one canonical name.

The lexicon lives in ``kb/data``: ``body_heads.txt`` (words that open a body's name: "Sở", "Ủy ban nhân
dân", "Tổ đảng", "Các sở, ban, ngành" …), ``body_names.txt`` (official names with lower-case words the
generic rule would cut: "Bộ Văn hóa, Thể thao và Du lịch"), ``bodies.tsv`` (abbreviations inside names:
"Sở TT&TT"), ``body_aliases.tsv`` (one body, one name: "Ngân hàng Nhà nước" → "… Việt Nam").

* ``find_bodies`` — the bodies a text names, as written.
* ``subject`` — the body that is the subject of a clause ("Ngân hàng Nhà nước Việt Nam phối hợp với …",
  "Giao Sở Nội vụ chủ trì …", "Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm").
* ``split_bodies`` — a list of bodies cut into its members, collective names kept whole.
* ``canonical`` / ``key`` — one name per body, and its folded form for matching.

>>> canonical("Sở TT- TT")
'Sở Thông tin và Truyền thông'
>>> canonical("UBND tỉnh")
'Ủy ban nhân dân tỉnh'
>>> find_bodies("Sở Thông tin và Truyền thông chủ trì, phối hợp với Công an tỉnh và UBND các huyện")
['Sở Thông tin và Truyền thông', 'Công an tỉnh', 'UBND các huyện']
>>> split_bodies("Giám đốc, Thủ trưởng các sở, ban ngành, Chủ tịch Ủy ban nhân dân xã, phường và các đơn vị liên quan")
['Giám đốc, Thủ trưởng các sở, ban ngành', 'Chủ tịch Ủy ban nhân dân xã, phường', 'các đơn vị liên quan']
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kb.text import UPPER, canonical_tones, fold, nfc

_DATA = Path(__file__).parent / "data"
_W = r"[\wÀ-ỹ]"


def data_lines(name: str) -> list[str]:
    """The lines of a lexicon file of ``kb/data`` without blank lines and ``#`` comments."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _head() -> re.Pattern[str]:
    heads = sorted(set(data_lines("body_heads.txt")), key=len, reverse=True)
    return re.compile(rf"(?<!{_W})(?:{'|'.join(_either_case(h) for h in heads)})(?!{_W})")


def _either_case(head: str) -> str:
    """A head in either case at its start ("Các sở", "các sở"); a list of kinds at each word ("Các Sở, ban, ngành")."""
    words = head.split(" ") if "," in head else [head]
    return r"\ ".join(f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in words)


@lru_cache(maxsize=1)
def _known() -> re.Pattern[str]:
    """The official names, longest first, any case (callers keep those with a capital first letter: "cơ sở y
    tế" is no Sở Y tế)."""
    names = sorted(data_lines("body_names.txt"), key=len, reverse=True)
    return re.compile(rf"(?<!{_W})(?:{'|'.join(re.escape(n) for n in names)})(?!{_W})", re.I)


def head_at(text: str, pos: int = 0) -> re.Match[str] | None:
    """The head of a body's name at ``pos``. A one-word head needs a name after it: "Ban Dân vận", "Sở Y tế",
    not "Ban hành", "Báo cáo", "Phòng, chống", "Hội nghị", "Trường hợp"."""
    if collective := re.match(rf"(?:[Cc]ác\s+)?(?:đồng chí\s+)?(?=[{UPPER}])", text[pos:]):  # "Các Trung tâm y tế"
        pos += collective.end()
    match = _head().match(text, pos)
    if match and " " not in match.group(0) and not match.group(0).isupper():
        nxt = re.match(r"\s+(và\s+)?([\wÀ-ỹ])", text[match.end():])  # "Báo và phát thanh, truyền hình …"
        if not nxt or not (nxt.group(1) or nxt.group(2).isupper()):
            return None
    return match


_TOKEN = re.compile(r"[\wÀ-ỹ]+(?:[&-][\wÀ-ỹ]+)*|[,&-]")
# Lower-case words that may continue a name: places and the few multi-word tails of ministry names.
_PLACE_WORDS = {"tỉnh", "huyện", "thị", "xã", "thành", "phố", "phường", "các", "cấp", "trung", "ương", "trực",
                "thuộc", "nông", "thôn", "nhà", "nước", "quốc", "gia", "dân", "đặc", "khu", "trấn"}
# never the last word of a name: joiners, and the adverbs before a verb ("Sở TT-TT cũng đã phối hợp")
_DANGLING = {"các", "cấp", "trực", "thuộc", "và", "trung", "thị", "thành", "đặc", "cũng", "đã", "đang", "sẽ", "vẫn",
             "đều", "còn", "khi", "nếu"}
_GENERIC = {"ban", "bộ", "sở", "đài", "báo", "viện", "cục", "vụ", "văn phòng", "trung tâm", "thanh tra", "công an",
            "các bộ", "địa phương", "cơ quan", "đơn vị", "hội", "phòng", "trường", "tổ", "quỹ", "công ty", "hội đồng",
            "ủy ban", "uỷ ban", "chủ tịch", "giám đốc", "thủ trưởng", "trưởng", "thường trực", "doanh nghiệp", "thuế"}


def _is_cap(token: str) -> bool:
    return token[:1].isupper()


def _extend(text: str, pos: int, named: bool = False) -> int:
    """End of a body's name whose head ends at ``pos``: capitalised words, each Titlecase one followed
    by at most one lower-case syllable ("Thông tin", "Truyền thông"), place words ("các huyện, thị xã"),
    and joiners ("và", ",", "&", "-") only when a capitalised word that is not the head of another
    body follows (or, after a place word, another place word)."""
    end = pos
    previous = "name" if named else "head"  # head | title | name | abbr | lower | place; named: after a whole name
    for match in _TOKEN.finditer(text, pos):
        gap = text[end:match.start()]
        if "\n" in gap or len(gap) > 2 or any(c in gap for c in ";:()."):
            break
        token = match.group(0)
        if token in ("và", ",", "&", "-"):
            nxt = _TOKEN.search(text, match.end())
            following = nxt.group(0) if nxt and nxt.start() - match.end() <= 1 else ""
            if following and _is_cap(following) and not head_at(text, nxt.start()) \
                    or previous == "place" and following.lower() in _PLACE_WORDS:
                end = match.end()  # joiner inside a name: "Khoa học và Công nghệ", "các huyện, thị xã"
                continue
            break
        if _is_cap(token) and (previous == "head" or not head_at(text, match.start())):
            if len(token) > 1 and token.isupper() or any(c in token for c in "&-"):
                previous = "abbr"
            else:  # a second capitalised word in a row is a proper name ("Hòa Thành"): no lower-case tail
                previous = "name" if previous in ("title", "name") else "title"
        elif token.lower() in _PLACE_WORDS:
            previous = "place"
        elif token.islower() and previous == "title":
            previous = "lower"
        else:
            break
        end = match.end()
    return end


def _trim(name: str) -> str:
    """Without the joiners and dangling words a greedy match leaves at its end ("Thủ tướng Chính phủ các"), and
    without a parenthesis ("Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công)")."""
    name = re.sub(r"\s*\([^()]*\)?\s*$", "", re.sub(r"\s*\([^()]*\)", "", name)).rstrip(")")
    if (known := _known().match(name)) and (tail := name[known.end():].split()) \
            and all(w.islower() and w not in _PLACE_WORDS for w in tail):
        name = name[:known.end()]  # "Bộ Nông nghiệp và Môi trường tăng cường": the name, not the verb after it
    words = name.strip(" ,-&;:.").split()
    while len(words) > 1 and words[-1].lower().strip(",") in _DANGLING:
        words.pop()
    return " ".join(words).strip(" ,-&")


def find_bodies(text: str) -> list[str]:
    """Bodies named in ``text`` as written, in order, without generic heads standing alone: official
    names from the lexicon first, then a head word ("Sở", "Bộ", "UBND" …) and the name after it."""
    text = nfc(text)
    # an official name goes on with its place: "Trung tâm Kiểm soát bệnh tật tỉnh", "… công nghiệp Cần Thơ"
    spans: list[tuple[int, int]] = [(m.start(), _extend(text, m.end(), named=True)) for m in _known().finditer(text)
                                    if m.group(0)[0].isupper()]
    for match in _head().finditer(text):
        if match.group(0)[:1].islower() or any(s <= match.start() < e for s, e in spans) \
                or not head_at(text, match.start()):
            continue  # a collective in lower case ("các bộ") is found by ``subject``, not in running text
        spans.append((match.start(), _extend(text, match.end())))
    found: list[str] = []
    for start, end in sorted(spans):
        name = _trim(text[start:end])
        if name.lower() not in _GENERIC and len(name) >= 3 and name not in found:
            found.append(name)
    return found


# -- the subject of a clause -------------------------------------------------------------------------

# Verbs (and the adverbs before them) that end a body's name: "X chủ trì", "X có trách nhiệm", "X hướng dẫn" …
# (lower case: "Sở Xây dựng" and "Ban Quản lý" keep their capitalised words; "có liên quan" stays in the name).
_VERBS = (
    r"chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|được giao|thực hiện|triển khai|tổ chức|xây dựng|ban hành|"
    r"hướng dẫn|tham mưu|rà soát|theo dõi|báo cáo|chỉ đạo|kiểm tra|đôn đốc|bố trí|cân đối|bảo đảm|đảm bảo|tiếp tục|"
    r"tăng cường|đẩy mạnh|nghiên cứu|đề xuất|trình|phát huy|khẩn trương|chủ động|tập trung|cung cấp|cập nhật|"
    r"hoàn thành|hoàn thiện|nâng cao|duy trì|hỗ trợ|thẩm định|giám sát|xử lý|tổng hợp|lập|sử dụng|vận hành|quyết định|"
    r"phê duyệt|ưu tiên|tuyên truyền|phổ biến|vận động|phấn đấu|lựa chọn|kiện toàn|thành lập|quán triệt|nắm|gửi|"
    r"cử|là|làm|sẽ|cần|phải|thường xuyên|kịp thời|nghiêm túc|quan tâm|căn cứ|trong phạm vi|theo chức năng|"
    r"có(?!\s+liên quan)|được|đã|đang|thực thi|xác định|huy động|rút kinh nghiệm|công bố|đánh giá|tiếp nhận|giải quyết|"
    r"bổ sung|sửa đổi|tạo điều kiện|hoàn tất|phát triển|đầu tư|chuẩn bị|tháo gỡ|khắc phục|đăng ký|thông báo|kết nối|"
    r"tích hợp|số hóa|tập huấn|bồi dưỡng|đào tạo|kêu gọi|yêu cầu|đề nghị|giao cho|giao|lãnh đạo|khai thác|giúp|nêu rõ|"
    r"cho biết|thẩm tra|phát động|kiểm soát|ứng dụng|áp dụng|chú trọng|tham gia|thống nhất|xác nhận|sơ kết|tổng kết|"
    r"phân công|phân bổ|cấp phát|điều phối|phụ trách|tiến hành|nâng cấp|kết luận|quyết nghị|tán thành|giải đáp|"
    r"thể chế hóa|thể chế hoá|hằng năm|hàng năm|hằng quý|hằng tháng|định kỳ")
PREDICATE = re.compile(rf"(?<!,)\s(?:{_VERBS})(?=[\s,:;.]|$)")
_ASSIGN = re.compile(r"^(?:Giao(?:\s+cho)?|Đề nghị|Yêu cầu|Trách nhiệm của|Phân công|Riêng)\s+", re.I)
# Asking verbs: the body asked is who carries the duty ("Chủ tịch UBND thành phố yêu cầu Giám đốc các sở …").
_DUTY = re.compile(r"(?<!,)\s(?:có trách nhiệm|chịu trách nhiệm)(?=[\s,:;.]|$)")
_ASKING = {"yêu cầu", "đề nghị", "giao", "giao cho", "kêu gọi"}
_ASK = re.compile(rf"\s(?:yêu cầu|đề nghị|giao cho|giao|kêu gọi)(?=\s+(?:[{UPPER}]|các\s))")
# A time or frequency opening the clause: "Định kỳ, …", "Trước ngày 15/12/2025, …", "Trong năm 2026, …".
# An ordinal opening a paragraph of a conclusion notice ("Thứ nhất, các bộ, ngành …") is its marker, not its subject.
_OPENING_TIME = re.compile(r"^(?:(?:Định kỳ|Hằng năm|Hàng năm|Hằng quý|Hằng tháng|Trước|Trong|Từ|Đến|Sau|Chậm nhất)"
                           r"[^,;:]{0,40},\s*|Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*,\s*)", re.I)
# An opening phrase before the subject: "Trên cơ sở đề nghị của các Bộ, cơ quan liên quan, Bộ Tài chính khẩn trương …".
_OPENING_PHRASE = re.compile(r"^(?:Trên cơ sở|Căn cứ|Để|Nhằm|Theo|Sau khi|Đối với|Qua|Với|Khi|Tại|Thực hiện"
                             r"|(?:Vào )?[Nn]gày \d+)\b", re.I)
SUBJECT_MAX = 160
ROLE_MAX = 80  # a heading this short with no predicate of its own may name a role ("Cơ quan phối hợp thẩm định")
# "theo chức năng, nhiệm vụ được giao", "trong phạm vi chức năng, nhiệm vụ, quyền hạn của mình": between a subject
# and its verb, how it acts, not who
_WITHIN_REMIT = re.compile(r",?\s*(?:theo|trong phạm vi|căn cứ)\s+chức năng,?\s+nhiệm vụ(?:,?\s*(?:và\s+)?"
                           r"(?:quyền hạn|thẩm quyền))?(?:\s+(?:quản lý\s+)?(?:được giao|của mình))?\s*,?")
OPENING_MAX = 800


def subject(clause: str, whole: bool = False) -> str | None:
    """The body a clause makes its subject, as written, or None: the text from a body's head to the
    first predicate ("Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm" → "Các đơn vị cấp
    nước sạch trên địa bàn thành phố"), after an opening time and "Giao" / "Đề nghị" / "Yêu cầu".
    ``whole``: a heading with no predicate is all body ("4. Sở Y tế", "c) Tổ đảng ở Thường trực …")."""
    text = nfc(clause).strip()
    text = _OPENING_TIME.sub("", text, count=1)
    text = _ASSIGN.sub("", text, count=1)
    if members := _members(text):
        return members  # "Các cơ quan đăng ký đầu tư (Sở Tài chính, …)", "Nhà đầu tư (Tập đoàn Đèo Cả) rà soát …"
    known = _known().match(text)
    if not (known and text[:1].isupper() or head_at(text)):
        if _OPENING_PHRASE.match(text):  # "Nhằm chấn chỉnh …, Chủ tịch UBND thành phố yêu cầu …"
            for comma in re.finditer(r",\s+", text[:OPENING_MAX]):  # "…, các Sở, ngành, UBND cấp xã … triển khai"
                if (text[comma.end()].isupper() or text.startswith("các ", comma.end())) \
                        and (head_at(text, comma.end()) or _known().match(text, comma.end())):
                    return subject(text[comma.end():], whole)
        return None
    text = re.sub(r"\s*\([^()]{0,80}\)", lambda m: " " * len(m.group(0)), text)  # "(Trung tâm …)": a detail
    predicate = min((m for m in (_predicate(text), _ASK.search(text, 0, SUBJECT_MAX + 1)) if m),
                    key=lambda m: m.start(), default=None)
    if (duty := _DUTY.search(text, 0, SUBJECT_MAX + 1)) and ":" not in text[:duty.start()]:
        predicate = duty  # "Các tổ chức, cá nhân … khai thác sử dụng … có trách nhiệm": the strongest cue wins
    if predicate is None and whole and len(text) <= SUBJECT_MAX:
        name = _trim(text)
        return name if name.lower() not in _GENERIC else None
    stop = re.search(rf":|\s-\s(?![{UPPER}])", text[:SUBJECT_MAX])  # "Sở Lao động - Thương binh và Xã hội" is one
    remit = _WITHIN_REMIT.search(text, 0, SUBJECT_MAX + 80)  # "…, trong phạm vi chức năng, nhiệm vụ, giám sát"
    ends = [m.start() for m in (predicate, stop, remit) if m]
    if not ends:
        return None
    if predicate and predicate.start() == min(ends) and predicate.group(0).strip(" ,") in _ASKING:
        return subject(text[predicate.end():].strip(), whole)  # the body asked, not the one asking
    name = _trim(text[:min(ends)])
    if whole and name.lower() in _GENERIC and not stop and len(text) <= ROLE_MAX:
        return _trim(text)  # a heading naming a role: "3. Cơ quan chủ trì giải quyết thủ tục đầu tư dự án"
    return name if name.lower() not in _GENERIC and len(name) >= 3 else None


# Verbs that are also nouns of a unit's name ("Cục Kết cấu hạ tầng xây dựng", "Cục Kinh tế - Quản lý đầu tư xây dựng"):
# part of the name when a duty's verb follows them straight away ("… hạ tầng xây dựng tham mưu …").
_NOMINAL = {"xây dựng", "đầu tư", "phát triển", "đào tạo", "bồi dưỡng", "đánh giá", "giám sát", "kiểm soát",
            "hỗ trợ", "tổng hợp", "số hóa"}
_DUTY_VERB = re.compile(r"\s(?:chủ trì|phối hợp|tham mưu|có trách nhiệm|chịu trách nhiệm|hướng dẫn|thực hiện|"
                        r"triển khai|theo dõi|khẩn trương|chủ động|tổ chức|tiếp tục|là)(?=[\s,:;.]|$)")


def _predicate(text: str) -> re.Match[str] | None:
    """The first predicate of a subject, past the name-words ``_NOMINAL`` a duty's verb follows or the text ends on."""
    found = PREDICATE.search(text, 0, SUBJECT_MAX + 1)
    while found and found.group(0).strip() in _NOMINAL:
        nxt = PREDICATE.search(text, found.end(), SUBJECT_MAX + 1)
        if not nxt or nxt.start() != found.end() or not (nxt.group(0).strip() in _NOMINAL or _DUTY_VERB.match(
                text, nxt.start())):
            break
        found = nxt
    if found and found.group(0).strip() in _NOMINAL and not text[found.end():].strip(" .:"):
        return None  # a heading ending on them: "7. Cục Kinh tế - Quản lý đầu tư xây dựng"
    return found


def _members(text: str) -> str | None:
    """The bodies a parenthesis names right after a collective or a party that is no body: "Các cơ quan đăng ký đầu
    tư (Sở Tài chính, Ban quản lý Khu Kinh tế Phú Yên, …)" → those named; not the detail after one body ("Văn phòng
    UBND tỉnh (Trung tâm Phục vụ hành chính công)")."""
    m = re.match(r"([^()]{3,80}?)\s*\(([^()]{3,300})\)", text)
    if not m or not (head_at(m.group(2)) or _known().match(m.group(2))):
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


# -- lists of bodies ----------------------------------------------------------------------------------

# Words that go on naming the same group after a comma: places ("xã, phường") always; kinds of body ("các sở,
# ban, ngành", "các cơ quan, tổ chức, cá nhân") after a group, not after one body ("Bộ Khoa học và Công nghệ,
# doanh nghiệp đồng hành" are two).
_PLACES = re.compile(rf"^(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|tỉnh|thành phố)(?!{_W})")
_KINDS = re.compile(rf"^(?:ban|ngành|địa phương|cơ quan ngang bộ|cơ quan thuộc|đoàn thể|tổ chức|cá nhân|hộ gia đình|"
                    rf"doanh nghiệp|hợp tác xã|đơn vị trực thuộc|đơn vị|cơ quan)(?!{_W})")
_TITLE_ONLY = re.compile(r"^(?:Giám đốc|Thủ trưởng|Chủ tịch|Phó Chủ tịch|Trưởng|Người đứng đầu|Lãnh đạo)$", re.I)
_ABBREVIATION = re.compile(r"^[A-ZĐ]{2,}[A-ZĐ&-]*$")


def _group(name: str) -> bool:
    """A name for several bodies ("Các sở", "sở, ban, ngành", "Bộ") rather than one."""
    return bool(re.search(r"(?:^|\s)[Cc]ác\s", name)) or name[:1].islower() or len(name.split()) == 1


def split_bodies(text: str) -> list[str]:
    """The members of a list of bodies, each whole: pieces between ",", ";", "và" and list dashes, a piece
    that does not open a body ("ban, ngành", "xã, phường") joined to the one before, a bare title
    ("Giám đốc, Thủ trưởng các sở") to the one after. A cell naming no body is kept as one name."""
    text = " ".join(nfc(text).split()).strip(" ,;.:")
    text = re.sub(r"(?:^|\s)[-–+•]\s+", lambda m: m.group(0) if _in_name(text, m) else "; ", text).strip(" ;")
    parts = re.split(r"(\s*;\s*|,\s*|\s+và\s+)", text)  # ",Thanh tra Chính phủ": a comma typed without its space
    pieces: list[tuple[str, str]] = []  # (separator before, piece)
    joiner = ""
    for i, part in enumerate(parts):
        if i % 2:
            joiner = "; " if ";" in joiner + part else part
        elif part.strip():
            pieces.append((joiner, part.strip()))
            joiner = ""
    merged: list[str] = []
    pending_title = ""
    for i, (joiner, piece) in enumerate(pieces):
        opens = (head_at(piece) or _known().match(piece) or head_at(piece[:1].upper() + piece[1:])
                 or _ABBREVIATION.match(piece.split()[0]))
        if pending_title:
            piece, pending_title = pending_title + ", " + piece, ""
        elif merged and ";" not in joiner and (_PLACES.match(piece) or _KINDS.match(piece) and _group(merged[-1])
                                               or not opens and not _KINDS.match(piece) and piece[:1].isupper()):
            merged[-1] += joiner + piece  # "ban, ngành", "xã, phường", "Thể thao và Du lịch"
            continue
        elif merged and not opens and not _KINDS.match(piece):
            break  # "Sở Tài chính, báo cáo UBND …": the list has ended
        if _TITLE_ONLY.match(piece) and i + 1 < len(pieces):
            pending_title = piece
            continue
        merged.append(piece)
    names = [part for m in merged if _trim(m) for part in _run_on(_trim(m))]
    return names or ([text] if text else [])


def _in_name(text: str, dash: re.Match[str]) -> bool:
    """A dash inside a name ("Sở Lao động - Thương binh và Xã hội", "Cục Kinh tế - Quản lý đầu tư xây dựng"), not a
    list dash: between words, before a capitalised word that opens no body of its own."""
    rest = text[dash.end():]
    return dash.group(0).strip() == "-" and dash.start() > 0 and bool(re.match(rf"[{UPPER}][^\W\d{UPPER}]", rest)) \
        and not head_at(rest) and not _known().match(rest)


def _run_on(name: str) -> list[str]:
    """Names written one after the other with no joiner (a table cell's lines run together): "Bộ Thông tin và
    Truyền thông Bộ Khoa học và Công nghệ" → both."""
    found = find_bodies(name)
    whole = len(found) > 1 and re.sub(r"\s+", "", name) == re.sub(r"\s+", "", "".join(found))
    return found if whole else [name]


# -- who coordinates ---------------------------------------------------------------------------------------

_WITH = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+(?:với|cùng))?\s+", re.I)
# where the partners of "phối hợp (với)" end: the verb of the duty, or its purpose ("để", "nhằm", "trong việc")
_WITH_END = re.compile(rf"(?<!,)\s(?:{_VERBS}|để|nhằm|trong việc|trong công tác|chỉ định|có giải pháp|quản lý)"
                       r"(?=[\s,:;.]|$)")


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
    if not (subject(phrase, whole=True) or phrase[:1].isupper() or phrase.strip().lower() in _GENERIC):
        return []  # "phối hợp với địa phương": a kind of body is a partner too
    return split_bodies(phrase) if len(phrase) <= 300 else []


def partners_go_on(text: str) -> bool:
    """``text`` ends inside its list of partners, cut by ";" ("… phối hợp với các Sở, ban, ngành của tỉnh;")."""
    m = _WITH.search(text)
    rest = text[m.end():] if m else ""
    return rest.rstrip().endswith(";") and not _WITH_END.search(rest) and not re.search(r"[:.(]", rest)



# -- one name per body ----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _abbreviations() -> list[tuple[re.Pattern[str], str]]:
    pairs = []
    for line in data_lines("bodies.tsv"):
        abbr, expansion = line.split("\t")
        pairs.append((re.compile(rf"(?<!{_W}){re.escape(abbr)}(?![\wÀ-ỹ&-])"), expansion))
    pairs.sort(key=lambda p: -len(p[0].pattern))
    return pairs


@lru_cache(maxsize=1)
def _typed_abbreviations() -> re.Pattern[str]:
    abbrs = sorted({line.split("\t")[0] for line in data_lines("bodies.tsv")}, key=len, reverse=True)
    return re.compile(rf"(?<!{_W})({'|'.join(re.escape(a) for a in abbrs)})(?![\wÀ-ỹ&-])", re.I)


def cased(text: str) -> str:
    """Abbreviations typed in lower case written as the lexicon writes them: "ubnd xã" → "UBND xã"."""
    spelled = {a.lower(): a for a in (line.split("\t")[0] for line in data_lines("bodies.tsv"))}
    return _typed_abbreviations().sub(lambda m: spelled.get(m.group(1).lower(), m.group(1)), text)


@lru_cache(maxsize=1)
def _official() -> dict[str, str]:
    names = {fold(n): n for n in data_lines("body_names.txt")}
    for line in data_lines("body_aliases.tsv"):
        variant, official = line.split("\t")
        names[fold(variant)] = official
    return names


@lru_cache(maxsize=1 << 14)
def canonical(name: str) -> str:
    """One name per body: abbreviations expanded, tones in one placement, spaces and case fixed, an
    official name or alias from the lexicon as the lexicon writes it."""
    text = nfc(name).strip(" ,;.:-")
    text = _ASSIGN.sub("", text, count=1)
    text = re.sub(r"^(?:[Cc]ác\s+)?đồng chí\s+", "", text)  # "Các đồng chí Bộ trưởng": a courtesy, not the body
    # "TT- TT" → "TT-TT" between abbreviations; "Kinh tế-Quản lý" → "Kinh tế - Quản lý" between words
    text = re.sub(r"\s*&\s*", "&", text)
    text = re.sub(r"(\S+?)\s*-\s*(?=(\S+))", lambda m: m.group(1) + ("-" if m.group(1).isupper() and
                                                                        m.group(2).isupper() else " - "), text)
    for pattern, expansion in _abbreviations():
        text = pattern.sub(expansion, text)
    text = re.sub(r"\s+", " ", canonical_tones(text)).strip()
    text = text[0].upper() + text[1:] if text else text
    return _official().get(fold(text), text)  # "Bộ Công An" → "Bộ Công an", as the lexicon writes it


def key(name: str) -> str:
    return fold(canonical(name))
