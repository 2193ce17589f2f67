"""Duties in running text: who leads an item, who coordinates, by when.

An item's lead is the body it names as the subject of its first clause ("Ngân hàng Nhà nước Việt Nam phối
hợp với Bộ Công an hướng dẫn …", "Giao Thanh tra thành phố tổ chức …", "Định kỳ, Thường trực Ủy ban …
chủ trì …", "… do Bộ Tư pháp chủ trì"), else the body its heading, lead-in or labelled field names. A
later clause with a subject of its own ("…; Sở Tài chính bố trí kinh phí …") is a duty of its own.
Coordinators follow "phối hợp (với)"; the deadline is read from the whole item ("…; hoàn thành trong năm
2025"), else from the fields or heading above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.facts.context import Context
from kb.bodies import split_bodies
from kb.clauses import PREDICATE as _PREDICATE
from kb.clauses import VERBS as _VERBS
from kb.clauses import partners, partners_go_on, subject
from kb.deadlines import NARRATED, find_deadline
from kb.text import UPPER, fold, sentence_spans

_DONE_BY = re.compile(rf"\bdo\s+((?:[{UPPER}]|các\s)[^,;.]{{2,100}}?)\s+(?:chủ trì|thực hiện|phụ trách)\b")
_PAST = re.compile(r"\b(đã|đạt được|vừa qua|đến nay|hiện nay)\b")
# What was done, not what is to be done: "Công an tỉnh … đã phối hợp hoàn thành …", "UBND tỉnh ban hành Quyết định số
# 713/QĐ-UBND …" (a document issued already, cited by its number).
_DONE = re.compile(r"\b(?:đã|vừa)\s+(?!được\b)|\bban hành\s+(?:\S+\s+){1,2}số\s+\d"
                   # how things stand: "Đến nay, UBND thành phố Đà Nẵng chưa thực hiện …", "Tính đến ngày 17/11, …"
                   r"|^(?:Đến nay|Hiện nay|Thời gian qua|Vừa qua|Tính đến (?:nay|hết|ngày)[^,]{0,40}),", re.I)
# In a report, what is still to be done says so: "tiếp tục", "cần", "phải", "sẽ", "đề nghị", "trong thời gian tới".
_TO_DO = re.compile(r"\b(?:tiếp tục|cần|phải|sẽ|đề nghị|kiến nghị|yêu cầu|giao|chủ động|khẩn trương|tập trung|"
                    r"thời gian tới|trong tháng \d|đến hết)\b", re.I)
_DOCS = (r"(?:Luật|Bộ luật|Hiến pháp|Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Kế hoạch|Công văn|Thông báo|"
         r"Văn bản)")
_SELF = re.compile(rf"^(?:Căn cứ\s+(?:vào\s+)?{_DOCS}\b|Trên đây là|(?:Nghị quyết|Quyết định|Kế hoạch|Chỉ thị|"
                   r"Thông báo|Công văn|Công điện|Báo cáo|Nghị định|Đề án|Chương trình)\s+này\b"
                   r"|.{0,80}\bthông báo\s+(?:để|cho)\s.{0,300}\bbiết\b"  # "… thông báo để … biết, thực hiện./."
                   # the enacting words of a People's Council's resolution: "Hội đồng nhân dân ban hành Nghị quyết …"
                   r"|Hội đồng nhân dân[^.;:]{0,40}\sban hành Nghị quyết\b"
                   # … and of a People's Committee's decision: "Ủy ban nhân dân thành phố Hà Nội ban hành Quyết định
                   # quy định về phân cấp …"
                   r"|Ủy ban nhân dân[^.;:]{0,40}\sban hành Quyết định\s+(?:quy định|về|ban hành)\b"
                   # "… trân trọng thông báo đến các bộ …./.", a copy sent "Thủ tướng Chính phủ … (để báo cáo)."
                   r"|.{0,80}\b(?:trân trọng\s+)?thông báo\s+(?:đến|tới)\s.{0,160}\./\.\s*$"
                   r"|[^()]{3,160}\(để\s+(?:báo cáo|biết|b/c|phối hợp|theo dõi|chỉ đạo)\)\W*$)")
_RESPONSIBLE = re.compile(r"^(?P<who>[^,;:()]{3,100}?)\s(?:có trách nhiệm|chịu trách nhiệm|chủ trì)\b")
# staff or a unit named by what it does: "Cán bộ tiếp nhận có trách nhiệm …", "Cơ quan tiếp nhận hồ sơ chịu trách
# nhiệm", "Quỹ đầu tư phát triển Thành phố có trách nhiệm: …"
_NAMED_BY_DUTY = re.compile(r"(?:Cán bộ|Công chức|Viên chức|Bộ phận|Cơ quan|Đơn vị|Thành viên|Quỹ)(?:\s+[\wÀ-ỹ]+){1,6}")
_CONNECTIVE = re.compile(r"(?:đồng thời|trong đó|ngoài ra|bên cạnh đó|mặt khác|theo đó|qua đó)\b", re.I)
# "X là lực lượng tiên phong …", "thường trực Ban Chỉ đạo là Công an tỉnh", "X giữ vai trò quan trọng …": what a body
# is, not what it must do, unless a duty follows ("Sở Tài chính là cơ quan thường trực, có trách nhiệm …")
_COPULA = re.compile(r"^[^,;:()]{3,120}?\s(?:là|giữ vai trò|đóng vai trò)\s")
_DUTY_CUE = re.compile(r"\b(?:có trách nhiệm|chịu trách nhiệm|chủ trì|phối hợp|tham mưu|thực hiện|triển khai|"
                       r"hướng dẫn|theo dõi|đôn đốc|kiểm tra|báo cáo|tổ chức|xây dựng|giúp)\b")
# under criteria or quotas, also what decides them: "Các Sở, ban, ngành … quy định số lượng khen thưởng theo thẩm quyền"
_CRITERIA_DUTY = re.compile(rf"{_DUTY_CUE.pattern}|(?<!theo )\b(?:quy định|xem xét|ban hành)\b")
# a case or a field the clause is about, before the colon its subject follows: "Trường hợp … :", "Thời hạn gửi báo cáo:"
_CASE_LABEL = re.compile(r"^(?:Trường hợp|Đối với|Thời hạn|Thời gian|Về)\b[^:;]{0,120}:\s+")
_NEGATION = re.compile(r"(?:không|chưa|chẳng)\b", re.I)  # "… không chịu trách nhiệm về …": no one named
_LABEL = re.compile(r"^(?:Nhiệm vụ|Nội dung(?: thực hiện)?)\s*:\s*", re.I)
MIN_DUTY = 15
_ACTS = re.compile(rf"\s(?:{_VERBS})(?=[\s,:;.]|$)")  # a verb of the clause lexicon: an item that does something


@dataclass
class Duty:
    start: int
    end: int
    lead: list[str]
    coordinators: list[str] = field(default_factory=list)
    deadline: str | None = None
    output: str | None = None
    origin: str = "prose"  # prose: named in the item; outline: from the heading, lead-in or field above


def explicit_lead(clause: str) -> list[str]:
    """The bodies a clause names as who acts, or []."""
    if name := subject(clause):  # "UBND tỉnh giao Sở Tài chính chủ trì …" → Sở Tài chính, the body given it
        return split_bodies(name)
    if m := _DONE_BY.search(clause):
        return split_bodies(m.group(1))
    if (m := _RESPONSIBLE.match(clause)) and (not _PREDICATE.search(" " + m.group("who").lower())
                                              or _NAMED_BY_DUTY.fullmatch(m.group("who"))) \
            and not _CONNECTIVE.match(m.group("who")) and not _NEGATION.match(m.group("who")):
        return split_bodies(m.group("who"))  # "Chủ quản nền tảng số có trách nhiệm …": named by its duty
    if (label := _CASE_LABEL.match(clause)) and (after := subject(clause[label.end():])):
        return split_bodies(after)  # "Trường hợp kiểm tra …: Sở Tài chính có trách nhiệm xây dựng …"
    return []


def _refers_to(lead: list[str], above: list[str]) -> bool:
    """The one body an item names is the body above it, named short ("Ban Quản lý", "cơ quan chủ trì")."""
    return len(lead) == 1 and len(above) == 1 and fold(above[0]).startswith(fold(lead[0]) + " ")


def _segments(text: str, offset: int) -> list[tuple[int, int, list[str]]]:
    """(start, end, explicit lead) of the parts of an item that name different bodies."""
    parts: list[tuple[int, int, list[str]]] = []
    for s, e in sentence_spans(text, offset, min_chars=1):
        lead = explicit_lead(text[s - offset:e - offset])
        if lead and parts and not parts[-1][2] and (named := _names_only(text[parts[-1][0] - offset:s - offset])):
            parts[-1] = (parts[-1][0], e, [*named, *lead])  # "Chánh Văn phòng …; Giám đốc Sở …; Chủ tịch … chịu
            continue  # trách nhiệm thi hành": one subject written as a list cut at ";"
        if parts and (not lead or lead == parts[-1][2] or partners_go_on(text[parts[-1][0] - offset:s - offset])):
            parts[-1] = (parts[-1][0], e, parts[-1][2])
        else:
            parts.append((s, e, lead))
    return parts


def _names_only(text: str) -> list[str]:
    """The bodies of ``text`` when it is nothing but their names, each piece between ";" one whole name, else []."""
    pieces = [p.strip(" ,") for p in text.split(";") if p.strip(" ,")]
    names = [subject(p, whole=True) for p in pieces]  # the whole piece, or what its colon lists ("Thủ trưởng các
    if not pieces or any(not n or not p.endswith(n) for p, n in zip(pieces, names, strict=True)):  # cơ quan: …")
        return []
    return [name for n in names for name in split_bodies(n)]


def _only_bodies(part: str, lead: list[str]) -> bool:
    """A part that names bodies and nothing to do ("Tổ Công tác triển khai Đề án 06 Chính phủ, Ban chỉ đạo tỉnh.")."""
    rest = part
    for name in lead:
        rest = rest.replace(name, " ")
    return bool(lead) and len(re.findall(r"\w+", rest)) < 3


def _states_what(part: str) -> bool:
    """A clause that says what a body is (see ``_COPULA``), with no duty after it."""
    m = _COPULA.match(part)
    return bool(m) and not _DUTY_CUE.search(part[m.end():])


def duties(content: str, offset: int, ctx: Context, marked: bool = True) -> list[Duty]:
    """The duties of an item whose text (without its marker) is ``content``, starting at ``offset``. An item
    inherits the body above it in a section of duties, or when it is a list item (``marked``) in a section
    that says nothing of its kind."""
    if label := _LABEL.match(content):
        content, offset = content[label.end():], offset + label.end()
    if NARRATED.match(content) or re.fullmatch(r"\([^()]*\)\W*", content.strip()):
        return []  # what happened; a note in parentheses ("(Công điện số 225/CĐ-TTg … gửi kèm theo)")
    inherit = bool(ctx.lead) and (ctx.mode == "duties" or ctx.mode == "" and (marked or ctx.from_field))
    out: list[Duty] = []
    segments = [(offset, offset + len(content), [])] if ctx.from_field else _segments(content, offset)
    for start, end, lead in segments:  # a section's labelled fields say who leads all its items
        part = content[start - offset:end - offset]
        if len(part) < MIN_DUTY or ctx.mode == "report" and (_PAST.search(part) or ctx.in_report and
                                                             not _TO_DO.search(part)) \
                or _DONE.search(part[:160]) or _SELF.match(part) or _only_bodies(part, lead) or _states_what(part) \
                or ctx.mode == "criteria" and not _CRITERIA_DUTY.search(part):
            continue  # under criteria or quotas, a body named does something only with a verb of duty
        if not lead and not inherit:
            continue
        if not lead and not _ACTS.search(" " + part.lower()) and not _names_only(part.rstrip(" ;,.")):
            continue  # a thing named under a body's heading, no duty ("Danh hiệu “Tập thể Lao động xuất sắc”;")
        if ctx.lead and _refers_to(lead, ctx.lead):
            lead = []  # "cơ quan chủ trì có trách nhiệm …" under "3. Cơ quan chủ trì giải quyết thủ tục đầu tư dự án"
        origin = "prose" if lead else "outline"
        coordinators = partners(part) or (ctx.coordinators if not lead else [])
        if ctx.from_field:
            coordinators = list(dict.fromkeys([*ctx.coordinators, *partners(part)]))
        # the item's own time, when no other body in it has one ("Bộ Tài chính … trước ngày 30/11; trên cơ sở đó, Ban
        # Chỉ đạo 389 … xây dựng kế hoạch": the second clause is not due then)
        deadline = find_deadline(part) or (find_deadline(content) if len(segments) == 1 else None) or ctx.deadline
        out.append(Duty(start, end, lead or ctx.lead, coordinators, deadline, ctx.output, origin))
    return out
