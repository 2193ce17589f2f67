"""What the lines above an item say about it: the body a heading, lead-in or labelled field names, the
deadline or horizon a heading states, and what kind of section it is.

* A heading or lead-in names a body when the body is its subject: "4. Sở Nông nghiệp và Môi trường",
  "Bộ Công an có trách nhiệm:", "c) Tổ đảng ở Thường trực Ủy ban Pháp luật", "Giao Sở Nội vụ:", or a
  lead-in that asks bodies to act: "…, Chủ tịch UBND thành phố yêu cầu Giám đốc các sở, … thực hiện …
  sau:". The items under it are that body's duties unless they name their own.
* Labelled fields beside the items give lead, coordinators and time: "- Đơn vị chủ trì: Sở Khoa học và
  Công nghệ.", "- Cơ quan phối hợp: …", "c) Thời gian thực hiện: Hoàn thành trong năm 2025.", "Trách nhiệm chỉ
  đạo thực hiện: …" below them.
* A section heading says what its items are: targets ("II. MỤC TIÊU", "Chỉ tiêu …"), duties ("NHIỆM VỤ",
  "TỔ CHỨC THỰC HIỆN", "KIẾN NGHỊ"), purposes ("MỤC ĐÍCH, YÊU CẦU", "QUAN ĐIỂM") or a report of what was
  done ("TÌNH HÌNH", "KẾT QUẢ"): only targets come from target sections, no duty from purposes or reports.
* A form to fill in ("Mẫu số 01", lines with dotted leaders "Địa chỉ trụ sở chính: ……", "…….1 xin gửi …") holds
  blanks, not duties or targets: nothing under it is a record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingest.facts.items import PLAIN, Item
from ingest.header import normal_case
from kb.bodies import canonical, head_at, key, split_bodies
from kb.clauses import asked, partners, subject
from kb.deadlines import find_deadline, find_horizon
from kb.text import fold

Mode = str  # "targets" | "duties" | "purpose" | "criteria" | "report" | "form" | ""

# a blank to fill in: a run of dots or ellipses ("Mã số thuế: ………", "…….1 xin gửi …", "ngày … tháng … năm …")
_BLANK = re.compile(r"\.{5,}|…{2,}|(?:…\s*){3,}|_{4,}")
_MODES = [("form", re.compile(r"^\W*mau(?: so)?\s*\d")),
          ("targets", re.compile(r"\b(muc tieu|chi tieu)\b")),
          ("purpose", re.compile(r"\b(muc dich|yeu cau chung|quan diem|nguyen tac)\b|^yeu cau$")),
          # who qualifies and how many: "Tiêu chuẩn khen thưởng", "Đối tượng thi đua", "Số lượng đề nghị khen thưởng",
          # "Thành phần Ban Chỉ đạo"; their items describe ("Ban Chỉ đạo bầu cử của tỉnh: Không quá 05 cá nhân")
          ("criteria", re.compile(r"^(?:[\divxl.]+[.)]\s+)?(?:tieu chuan|tieu chi|dieu kien|doi tuong|so luong|"
                                  r"co cau|thanh phan|hinh thuc khen thuong|dinh muc)\b")),
          # what was done or found; "Lợi ích phương án": the savings a plan works out
          ("report", re.compile(r"\b(tinh hinh|ket qua|danh gia|thuc trang|ton tai|han che|nguyen nhan|boi canh|"
                                r"su can thiet|kho khan|vuong mac|loi ich)\b")),
          ("duties", re.compile(r"\b(nhiem vu|giai phap|to chuc thuc hien|phan cong|trach nhiem|kien nghi|de xuat|"
                                r"de nghi|chi dao|y kien ket luan|ket luan)\b"))]
_GROUNDS = re.compile(r"^(?:can cu|tren co so|theo|de|nham)\b[^,:]*,")
HEADING_MAX = 160
OPENING = 40
OPENING_WORDS = 2  # a heading says what its section is within its first words
TOPIC_MAX = 80  # a heading this short, naming no body and no kind of section, names what its items are about

# "Đơn vị chủ trì: …", "Cơ quan thực hiện: …", a party programme's "Trách nhiệm chỉ đạo thực hiện: …" under its items
_LEAD_FIELD = re.compile(r"^(?:(?:Đơn vị|Cơ quan)\s+(?:chủ trì|thực hiện(?:\s*/\s*chủ trì|,\s*chủ trì)?|"
                         r"chịu trách nhiệm|được giao)|Trách nhiệm\s+(?:chỉ đạo\s+)?(?:thực hiện|chủ trì))\s*:"
                         r"\s*(?P<value>.+)$", re.I)
_COORDINATORS_FIELD = re.compile(r"^(?:Đơn vị|Cơ quan)\s+phối hợp(?:\s+thực hiện)?\s*:\s*(?P<value>.+)$", re.I)
_TIME_FIELD = re.compile(r"^(?:Thời gian|Thời hạn|Tiến độ|Lộ trình)(?:\s+(?:thực hiện|hoàn thành|triển khai))?\s*:"
                         r"\s*(?P<value>.+)$", re.I)
_OUTPUT_FIELD = re.compile(r"^(?:Sản phẩm|Kết quả)(?:\s+(?:đầu ra|dự kiến|đạt được))?\s*:\s*(?P<value>.+)$", re.I)
_LABEL_ONLY = re.compile(r"^(?:(?:Cơ quan|Đơn vị)(?:\s+(?:thực hiện|chủ trì|phối hợp))?|Phân công thực hiện|"
                         r"Tổ chức thực hiện)\s*:$", re.I)
# "…, Phó Thủ tướng Chính phủ Hồ Quốc Dũng kết luận như sau:", "… đã có ý kiến chỉ đạo như sau:": who wrote the
# items, not who carries them out.
_AUTHORS = re.compile(r"\s*(?:đã\s+)?(?:có\s+)?(?:kết luận|thông báo|ban hành|quyết định|quyết nghị|tán thành|"
                      r"xây dựng (?:và ban hành )?[Kk]ế hoạch|điện|chỉ thị|báo cáo|ý kiến(?:\s+chỉ đạo)?|"
                      r"chỉ đạo(?=\s+(?:như sau|sau)\b))\b")
_HAS_DUTY = re.compile(r"^([^,;:()]{3,80}?)\s+(?:có|thực hiện)\s+(?:các\s+)?(?:nhiệm vụ|trách nhiệm)(?:\s+sau)?$")
# "Nhiệm vụ của Tổ công nghệ số cộng đồng", "Trách nhiệm của các Sở: Xây dựng, Tài chính, Nội vụ.", "Yêu cầu đối với
# các tổ chức, cá nhân được cấp giấy phép khai thác …." (whom a letter's requests are addressed to)
_DUTIES_OF = re.compile(r"^(?:(?:Nhiệm vụ|Trách nhiệm)(?:,?\s+(?:và\s+)?(?:quyền hạn|nhiệm vụ|trách nhiệm))?\s+của|"
                        r"Yêu cầu đối với)\s+([^;:()]{3,100}?|[^,;:()]{3,80}:\s*[^;:()]{3,120}?)\.?$")
_WHAT_ABOUT = re.compile(r"\s(?:trong|về|đối với|khi)\s")  # "Trách nhiệm của X trong …": what X's duties are about
_NUMERAL = re.compile(r"^(?:[IVXLC]+|\d+)[.:]?\s+")  # an appendix's number before its title
_DUTIES_BARE = re.compile(r"^(?:Nhiệm vụ|Trách nhiệm)\s+([^;:()]{3,100}?)\.?$")  # … when a body's name follows
# a heading over the list of bodies it labels ("a) Cơ quan chủ trì" / "- Ban Chỉ đạo quốc gia." / "- Các Bộ, ngành liên
# quan."), or over such headings ("2. Cơ quan chủ trì, phối hợp" / "a) Cơ quan chủ trì" … "b) Cơ quan phối hợp" …)
_LIST_FIELD = re.compile(r"^(?:Đơn vị|Cơ quan)\s+(?P<what>chủ trì|thực hiện|phối hợp)(?P<both>,?\s*(?:và\s+)?phối hợp)?"
                         r"(?:\s+thực hiện)?\s*:?$", re.I)
LISTED_MAX = 120  # a body named in such a list is this short
_FIELDS = {"lead": _LEAD_FIELD, "coordinators": _COORDINATORS_FIELD, "deadline": _TIME_FIELD, "output": _OUTPUT_FIELD}


@dataclass
class Context:
    lead: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    deadline: str | None = None
    output: str | None = None
    horizon: str | None = None
    mode: Mode = ""
    from_field: bool = False  # the lead comes from a labelled field of the section
    issuer: str = ""  # the folded name of the body issuing the document: its author, not a duty holder
    in_report: bool = False  # the document is a report: what it tells was done unless it says what is still to do
    topic: str | None = None  # what a short heading over the items is about ("- Lĩnh vực nông nghiệp", "a) Về y tế:")


def field_of(item: Item) -> tuple[str, str] | None:
    """("lead", "Sở Khoa học và Công nghệ.") for "- Đơn vị chủ trì: Sở Khoa học và Công nghệ."."""
    for name, pattern in _FIELDS.items():
        if m := pattern.match(item.title):
            return name, m.group("value").strip(" .;")
    return None


def is_label(item: Item) -> bool:
    """A line that only labels the fields under it: "b) Cơ quan thực hiện:", or the bodies listed under it."""
    return bool(_LABEL_ONLY.match(item.title)) or bool(listed_fields(item))


def listed_fields(item: Item) -> dict[str, str]:
    """The lead or coordinators a heading gives as the list of bodies under it ({"lead": "Ban Chỉ đạo quốc gia; Các
    Bộ, ngành liên quan"}), {} when it is no such heading or what it holds is more than names."""
    m = _LIST_FIELD.match(item.title)
    if not m or not item.children:
        return {}
    if m.group("both"):  # "Cơ quan chủ trì, phối hợp" over a list of each
        found: dict[str, str] = {}
        for child in item.children:
            found = {**listed_fields(child), **found}
        return found
    if any(c.children or len(c.title) > LISTED_MAX or ":" in c.title for c in item.children):
        return {}  # "Cơ quan thực hiện" over duties ("- Sở Tài chính: chủ trì …"): not a list of names
    return {"coordinators" if fold(m.group("what")) == "phoi hop" else "lead":
            "; ".join(c.title.rstrip(" .;") for c in item.children)}


def section_fields(node: Item) -> dict[str, str]:
    """The labelled fields among ``node``'s items, also one level down under a label ("b) Cơ quan thực hiện:")."""
    found: dict[str, str] = {}
    for child in node.children:
        listed = listed_fields(child)
        found = {**listed, **found}
        for item in [child, *child.children] if listed or _LABEL_ONLY.match(child.title) else [child]:
            if (f := field_of(item)) and f[0] not in found:
                found[f[0]] = f[1]
    # a field written unmarked after the section's last item reads as that item's paragraph, and is the section's:
    # "- Đẩy mạnh …\nTrách nhiệm chỉ đạo thực hiện: Đảng ủy Ủy ban nhân dân tỉnh." in a party programme
    last = node.children[-1] if node.children else None
    for item in last.children if last is not None and last.rank < PLAIN else []:
        if item.rank == PLAIN and (f := field_of(item)) and f[0] not in found:
            found[f[0]] = f[1]
    return found


def is_heading(item: Item) -> bool:
    """A heading or lead-in: it titles the items under it and states no duty of its own."""
    title = item.title
    if item.lead_in and (item.children or len(title) <= HEADING_MAX):
        return True
    if item.children and _DUTIES_OF.match(title):
        return True  # "2. Trách nhiệm của các Sở: Xây dựng, Tài chính, Nội vụ." over its items
    if not item.children:
        return item.rank <= 4 and len(title) <= HEADING_MAX and not title.endswith((".", ";"))
    return not title.rstrip().endswith((".", ";"))  # a title over its items, however long


def in_form(title: str, ctx: Context) -> bool:
    """A line of a form to fill in: it holds a blank, or stands under a form's heading or a line that does."""
    return ctx.mode == "form" or bool(_BLANK.search(title))


def section_mode(title: str, lead_in: bool = False) -> Mode | None:
    """What a heading says its items are. A heading says it in its opening words ("Nhiệm vụ trọng tâm", "Một số
    chỉ tiêu …"): "b) Cơ quan nhà nước quản lý, chỉ đạo, điều hành thông minh" under targets is a topic of
    targets, not duties. A lead-in says it in the words that introduce its items ("…, yêu cầu các sở thực hiện các
    nhiệm vụ sau:")."""
    folded = fold(title)
    if len(title) > HEADING_MAX:
        return None
    # the word that comes first says it: "Trách nhiệm … đánh giá" holds duties, "Kết quả thực hiện nhiệm vụ" a report
    found = [(m.start(), mode) for mode, pattern in _MODES for m in pattern.finditer(folded)]
    if not found:
        return None
    if lead_in:  # its last words introduce the items: "…, điều hành thông minh. Một số chỉ tiêu cơ bản bao gồm:";
        # an opening clause gives grounds ("Căn cứ tình hình thực tế, các cơ quan … thực hiện các hoạt động sau:")
        opening = _GROUNDS.match(folded)
        found = [f for f in found if not opening or f[0] >= opening.end()]
        return max(found)[1] if found else None
    return min(found)[1] if len(folded[:min(found)[0]].split()) <= OPENING_WORDS else None


def body_named(item: Item, issuer: str = "") -> list[str]:
    """The bodies a heading or lead-in gives the items under it, as written ([] when it names none). The
    document's own issuer introducing its plan ("Ủy ban nhân dân tỉnh ban hành Kế hoạch … như sau:") is not one."""
    title = item.title.rstrip(":").strip()
    name = subject(title, whole=is_heading(item))
    if name is None and (item.lead_in or is_heading(item)) and (duty := _HAS_DUTY.match(title)
                                                                 or _DUTIES_OF.match(title)):
        # "Tổ công nghệ số cộng đồng có nhiệm vụ:", "Nhiệm vụ của Tổ công nghệ số cộng đồng:", an article's heading
        # "Điều 7. Trách nhiệm của Ủy viên thường trực" (not what it is about: "… trong việc bảo vệ dữ liệu")
        name = _WHAT_ABOUT.split(duty.group(1))[0]
    if name is None and is_heading(item) and (bare := _DUTIES_BARE.match(title)) and head_at(bare.group(1)):
        name = bare.group(1)  # "1. Trách nhiệm Tổ công tác triển khai Đề án 06:", without "của"
    if name is None and is_heading(item) and title.upper() == title and (duty := _DUTIES_OF.match(
            normal_case(_NUMERAL.sub("", title)))):  # an appendix's title in capitals: "Phụ lục I NHIỆM VỤ CỦA CÁC BỘ,
        name = canonical(_WHAT_ABOUT.split(duty.group(1))[0])  # NGÀNH, ĐỊA PHƯƠNG TRONG TRIỂN KHAI …"
    if name is None and item.lead_in and (last := re.split(r"(?<=[.;])\s+", title)[-1]) != title \
            and section_mode(last[-HEADING_MAX:], lead_in=True) == "duties":
        name = subject(last)  # a long lead-in names them in the sentence that introduces the items ("…. Quán triệt
        # …, Văn phòng Trung ương Đảng và các văn phòng tỉnh uỷ, thành uỷ cụ thể hoá …, cần tập trung … sau:")
    if name is None and item.lead_in:
        name = asked(title)  # "Từ nay đến hết năm 2025 …; do vậy, yêu cầu các bộ, ngành, địa phương …:"
    if name and (issuer and key(name) == issuer or _AUTHORS.match(title[title.rfind(name) + len(name):])):
        name = asked(title)  # the author speaks: the items belong to whom it asks, if anyone
    return split_bodies(name) if name else []


def apply_fields(ctx: Context, fields: dict[str, str]) -> Context:
    if not fields:
        return ctx
    return replace(ctx, lead=split_bodies(fields["lead"]) if "lead" in fields else ctx.lead,
                   coordinators=split_bodies(fields["coordinators"]) if "coordinators" in fields else
                   ([] if "lead" in fields else ctx.coordinators),
                   deadline=fields.get("deadline", ctx.deadline), output=fields.get("output", ctx.output),
                   from_field=ctx.from_field or "lead" in fields)


# the one year a heading over duties names ("NHIỆM VỤ TRỌNG TÂM NĂM 2026"), not a horizon ("đến năm 2030") or a span
# (nor the year of a day cited: "… Nghị định số 217/2025/NĐ-CP ngày 05 tháng 8 năm 2025 của Chính phủ, trong đó …")
_DUTIES_YEAR = re.compile(r"(?<!đến )(?<!tới )(?<!tháng \d )(?<!tháng \d\d )\bnăm (?:19|20)\d\d\b(?!\s*[-–])", re.I)


# "Từ nay đến ngày 19 tháng 12 năm 2025 chỉ còn 01 tháng, …, Thủ tướng yêu cầu:": how much time is left, not when the
# items are due
_REMAINING = re.compile(r"\s*(?:chỉ\s+)?còn(?:\s+(?:khoảng|chưa đầy|không đầy|hơn))?\s+\d", re.I)


def _heading_deadline(title: str, mode: Mode | None) -> str | None:
    """The time a heading or lead-in sets for its items: in a short heading, or in the sentence of a lead-in that
    introduces them ("…. Trong tháng 11/2025, tập trung thực hiện những nhiệm vụ sau:"), not deep in a preamble."""
    if len(title) <= HEADING_MAX:
        if mode == "duties" and (year := _DUTIES_YEAR.search(title)):
            return year.group(0)  # "II. NHIỆM VỤ, GIẢI PHÁP … NĂM 2026": the items are that year's
        return find_deadline(title)
    for part in (re.split(r"(?<=[.;])\s", title)[-1], title):  # the sentence that introduces the items, or the first
        if (d := find_deadline(part[:OPENING * 2])) and part.find(d) < OPENING \
                and not _REMAINING.match(part[part.find(d) + len(d):]):
            return d
    # or where it ends, right before its items: "Các Bộ: … khắc phục các bất cập …, hoàn thành trong tháng 11 năm 2025,
    # cụ thể:"
    tail = re.sub(r"\s*\([^()]*\)$", "", title.rstrip(": "))[-OPENING * 2:]  # "… trước ngày 10/12 hàng năm (qua …)"
    if (d := find_deadline(tail)) and len(tail) - tail.rfind(d) - len(d) < OPENING // 2:
        return d
    return None


def under(item: Item, ctx: Context) -> Context:
    """The context ``item`` gives the items under it."""
    title = item.title
    mode = section_mode(title, item.lead_in) if is_heading(item) else None
    new = replace(ctx, mode="form" if in_form(title, ctx) else mode if mode is not None else ctx.mode)
    if new.mode == "form":
        return new  # what a form names is a blank's neighbour, not a duty holder
    if named := body_named(item, ctx.issuer):
        new = replace(new, lead=named, coordinators=partners(title), from_field=False)
        if item.lead_in and mode is None and ctx.mode != "criteria":  # "… các cơ quan, đơn vị, địa phương phối hợp
            new = replace(new, mode="duties")  # thực hiện các hoạt động sau:": bodies asked to act, what follows is
            # theirs to do (not "a) Các cơ quan, đơn vị cấp tỉnh:" over how many each may propose)
    elif (item.lead_in or is_heading(item)) and ctx.lead and (helping := partners(title)):
        new = replace(new, coordinators=helping)  # under "4. Sở Khoa học …": "[a)] Chủ trì, phối hợp với các sở …[:]"
    if is_heading(item) and (deadline := _heading_deadline(title, mode)):
        new = replace(new, deadline=deadline)
    if horizon := find_horizon(title):
        new = replace(new, horizon=horizon)
    if is_heading(item) and mode is None and not named and len(title) <= TOPIC_MAX:
        new = replace(new, topic=title.rstrip(": "))
    return apply_fields(new, section_fields(item))
