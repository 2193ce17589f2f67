"""The best supporting text for a question, and the exact field it gives: a body, a deadline, a value, a cited
document.

Candidates are the records inside the top passages (a task's lead and deadline, a target's value) and the
sentences of those passages, each read with what stands around it (a row's group and section, a target's horizon,
the sentence before). Each must contain ``MIN_OVERLAP`` of the question's words (``kb.answer.terms``); rarer
words weigh more in the ranking, the passage's rank breaks near-ties, and a candidate that holds the asked field
(``kb.answer.read``) wins over one that covers as much without it. A question naming who acts is answered from
text about that body; a target of another year than the one asked is given as such; a record about the question
that states no deadline or figure makes the answer "the document does not say". Nothing above the bar: the
answer says so.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from kb.answer.candidates import Candidate
from kb.answer.candidates import candidates as read_candidates
from kb.answer.cite import narrow, typed
from kb.answer.read import (
    HOW_LONG,
    TIME_UNITS,
    as_of,
    completed_by,
    dated_pattern,
    holder,
    how_often,
    in_stated_unit,
    labelled,
    of_report,
    record_field,
    reported,
    sentence_field,
    through,
    unit_agrees,
    unit_asked,
    year_cell,
)
from kb.answer.rows import named_key
from kb.answer.terms import holds, measured, overlap, question_terms, rarity, terms_of, topic_words
from kb.answer.whom import BENEFICIARY, about, coordinating, labelled_body, named
from kb.bodies import find_bodies
from kb.bodies import key as body_key
from kb.clauses import partners, recipient
from kb.deadlines import REPEATS, deadline_matches, find_deadline, find_horizon, horizon_year, parse, time_cell
from kb.model import Citation, Reading
from kb.store import Hit
from kb.text import DOC_NUMBER, fold

CANDIDATES = 10  # passages whose sentences and records may answer
SCOPED = 30  # … inside the documents a question names (they are read more widely: its naming words match all)
MIN_OVERLAP = 0.3  # share of the question's words an answer must contain: below it, nothing supports one
MIN_OVERLAP_SCOPED = 0.2  # … inside a document the question names (the words that name it are not counted)
RANK_BONUS = 0.15  # ties between equally covering answers go to the better-ranked passage
FIELD_BONUS = 0.1  # a candidate that holds the asked field
SPECIFIC_BONUS = 0.05  # a task led by one named body rather than a group ("Các bộ, ngành, địa phương")
FEW_WORDS = 4  # a question with fewer words of its own than this is read with the words naming its document
LABEL_BONUS = 0.05  # a figure or time whose label (the words right before it) holds some of the question's words
ROLE_BONUS = 0.2  # a sentence saying which body holds the role asked ("X là cơ quan thường trực của …")
# "Cơ quan nào là (cơ quan) thường trực của …", "Đơn vị nào là đầu mối …": the role, its first two words
_ROLE_ASKED = re.compile(r"\b(?:co quan|don vi|bo|so|ai)(?: nao)? la (?:(?:co quan|don vi) )?(\w+ \w+)")

# A record about the question that states no deadline (no figure) says the documents do not give one, when it
# covers this much more of the question than any that does: "Hạn Sở Y tế trình quy chuẩn …?" is not answered with
# another duty's deadline.
UNSTATED_MARGIN = 0.1

# An answer whose support covers less than this (overlap and rank together) is not given as the answer: the
# nearest passage is shown as such, and the status says nothing sure was found. Chosen on the tune half of
# ``eval/gold/questions_answers.jsonl``, where answers below it were wrong more often than right.
SURE = 0.27


_UNSTATED = ("deadline", "value")


_PREAMBLE = re.compile(r"^\W*(?:Căn cứ|Theo đề nghị|Xét đề nghị|Trên cơ sở (?:đề nghị|xem xét))\b", re.I)


@dataclass
class Support:
    score: float
    rank: int
    start: int
    end: int
    record: dict[str, Any] | None
    field: str | None
    other_year: bool = False  # a target of another year than the one asked: what the documents say instead
    doc_id: str | None = None
    unstated: bool = False  # the record the question is about, which does not state what is asked
    bonus: float = 0.0  # what ranked it first without making it surer (``LABEL_BONUS``)


def _specific(record: dict[str, Any]) -> bool:
    """A task led by named bodies ("Bộ Nội vụ, Bộ Khoa học và Công nghệ"), not by a group ("Các bộ, ngành, …")."""
    lead = record.get("lead") or []
    return 0 < len(lead) <= 3 and not any(re.search(r"(?:^|\s)(?:cac|moi)\s", fold(b["name"])) for b in lead)


def _year_value(record: dict[str, Any], years: set[int]) -> tuple[int, str] | None:
    """The figure of a year the question names, from a table with a column per year."""
    by_year = {int(y): v for y, v in (record.get("by_year") or {}).items()}
    return next(((y, by_year[y]) for y in sorted(years) if y in by_year), None)


def _year_disagrees(record: dict[str, Any] | None, years: set[int]) -> bool:
    """A target whose horizon is another year than the one the question names ("Đến năm 2030, …")."""
    return bool(record and years and record.get("horizon_year") and record["horizon_year"] not in years
                and not _year_value(record, years))


def _other_year(c: Candidate, years: set[int]) -> bool:
    """A candidate about another year than the one asked: a target of another horizon, or a sentence in one or
    stating one ("… đến năm 2030 đạt 400 triệu USD" for "đến năm 2035")."""
    if not years:
        return False
    if c.record or c.owner and c.owner.get("kind") == "target":
        return _year_disagrees(c.record or c.owner, years)
    said = horizon_year(find_horizon(c.text))
    return said is not None and said not in years


@dataclass
class Asked:
    """What every candidate is measured against (``asked_of``)."""
    asks: str
    terms: set[str]
    question: str
    weights: dict[str, float]
    bar: float
    years: set[int]
    dated: str  # the pattern the field must match when a day, month or year is asked ("trước ngày nào")
    body: str | None = None  # deadlines and values: the body the question names ("Sở X phải trình … trước ngày nào")
    post: str | None = None  # the post whose holder is asked ("Trưởng ban")
    unit: str | None = None  # values: the unit asked (``unit_asked``)
    to_whom: bool = False  # bodies: who receives ("báo cáo về cơ quan nào?"), not who acts
    with_whom: bool = False  # bodies: who works with ("Sở X phối hợp với cơ quan nào?"), not who leads
    measures: str | None = None  # values: what the figure measures ("tỷ lệ thất nghiệp" → "that")
    topic: list[tuple[str, ...]] = dataclasses.field(default_factory=list)  # what it is about (``topic_words``)
    # the words that say which of a text's times or figures is asked: not the body the question names, which says
    # who acts ("Bộ Tư pháp tổng hợp, báo cáo Thủ tướng trước ngày nào" is not "gửi Bộ Tư pháp trước ngày 05")
    label: set[str] = dataclasses.field(default_factory=set)
    role_of: str | None = None  # bodies: the role asked ("Cơ quan nào là thường trực của …" → "thuong truc")
    act: str | None = None  # bodies: the act asked who does ("Cơ quan nào tiếp nhận hồ sơ …?" → "tiep nhan")


_HELPS_NAMED = re.compile(r"\bphoi hop voi\b")  # "… phối hợp với Công an tỉnh …?": who helps the body named
# "cơ quan nào của Bộ Công an", "đơn vị nào thuộc Sở Y tế": a unit inside a body, of these kinds
_UNIT_OF = re.compile(r"\b(?:co quan|don vi|bo phan) nao (?:cua|thuoc|truc thuoc) (?:bo|so|tong cuc|cuc|uy ban|ubnd)\b")
_UNITS = r"(?:cuc|chi cuc|tong cuc|vu|van phong|thanh tra|vien|trung tam|ban|phong|doi|truong|benh vien|cong an)"
_KIND_ASKED = re.compile(r"\b(so|bo|cuc|tong cuc|vu|ban) nao\b")  # the kind of body a question asks for
# the act a body question asks who does: "Cơ quan nào tiếp nhận hồ sơ …?" → "tiep nhan" (not a role a record has)
_ACT_ASKED = re.compile(r"\b(?:co quan|don vi|so|bo|cuc|ban|ai) nao (\w+ \w+)|^ai (\w+ \w+)")
_ROLES = {"chu tri", "phoi hop", "thuc hien", "chiu trach", "co trach", "duoc giao", "la co", "la don", "co nhiem"}
AGENT_BONUS = 0.2  # a body named right before the act asked ("… Cục Quản lý xuất nhập cảnh, Bộ Công an tiếp nhận")
AGENT_GAP = 40  # characters between the body's name and the act


def _act_asked(question: str) -> str | None:
    """The act a body question asks who does (see ``_ACT_ASKED``), None when it asks a role a record has."""
    m = _ACT_ASKED.search(fold(question))
    act = m and (m.group(1) or m.group(2))
    return act if act and act not in _ROLES else None


# "X chủ trì, phối hợp với Y, Z theo dõi …": the act after those X works with is X's
_LEADS_WITH = r"\s*,?\s*chu tri,?\s*(?:phoi hop|cung)(?: voi)?\s[^.;]{0,150}?"


def _does_act(act: str, text: str, field: str) -> bool:
    """The body ``field`` is written right before ``act`` in ``text``, or leads those written before it."""
    folded, name = fold(text), fold(field.split(" (")[0])
    at = folded.find(name)
    return at >= 0 and re.search(rf"^(?:[^.;]{{0,{AGENT_GAP}}}?|{_LEADS_WITH})\b{act}\b",
                                 folded[at + len(name):]) is not None


def _field(asked: Asked, text: str, record: dict[str, Any] | None, before: str = "", over: str = "") -> str | None:
    header = before.split("\n")[0] if record is None and asked.asks == "deadline" and "|" in before else ""
    if header and (cell := time_cell(text, header)):
        return cell  # a table row's time column: "Dự kiến thời gian vận hành | 2027"
    if asked.post:
        return None if record else holder(asked.post, text)  # a post's holder is named in a sentence
    if (via := through(asked.question, text)) is not None:
        return via or None
    if asked.to_whom:
        return recipient(text)
    if asked.with_whom and (itself := coordinating(text, record)):
        return itself  # "b) Thống kê tỉnh Bắc Ninh: Phối hợp cung cấp báo cáo CPI …": the body whose duty is to help
    if asked.with_whom and _HELPS_NAMED.search(fold(asked.question)) and (label := labelled_body(text)) \
            and not named(label, asked.question) and re.match(r"\W*phoi hop voi\b", fold(text.split(":", 1)[1])):
        return label  # "Sở nào phối hợp với Công an tỉnh …?" of "Sở TT&TT: Phối hợp với Công an tỉnh kiểm tra …"
    if asked.with_whom:  # the record's partners, or those the sentence names after "phối hợp (với)"
        names = [b["name"] for b in (record or {}).get("coordinators") or []] or partners(text)
        return ", ".join(names) or None
    if record is None or asked.asks == "value" and asked.unit in TIME_UNITS:  # a duration is read from the text
        if asked.asks == "value" and record is None and asked.years \
                and (cell := year_cell(text, before, asked.years)):
            return cell  # "… năm 2026 là bao nhiêu?": the row's figure in that year's column
        if asked.asks == "value" and record is None:
            text = in_stated_unit(text, before)  # a table row's figures in the unit its caption states
        field = sentence_field(asked.asks, text, asked.label, asked.question)
        if field is None and asked.asks == "deadline" and record is None and over:
            return find_deadline(over, weak=True)  # an item's time is its lead-in's ("c) Giai đoạn từ năm 2029:")
        return field
    field = record_field(asked.asks, record, text)
    how_long = asked.dated == HOW_LONG
    if asked.asks == "deadline" and how_long and not (field and re.search(asked.dated, field)):
        field = sentence_field(asked.asks, text, asked.label, asked.question)  # how long: read from the item
    if asked.asks == "value" and field and not unit_agrees(record, asked.unit):
        return None  # "bao nhiêu tỷ đồng?": not a percentage
    if asked.asks == "value" and (of_year := _year_value(record, asked.years)):
        unit = record.get("unit_column") or ""
        figure = of_year[1] if not unit or re.search(r"[^\d\s.,;]", of_year[1]) else f"{of_year[1]} {unit}"
        field = f"{figure} (năm {of_year[0]})"  # "Năm 2026" column of the row
    if asked.asks == "deadline" and field and (len(deadline_matches(text, weak=True)) > 1 or how_often(
            asked.question) and parse(field).kind not in REPEATS):
        field = sentence_field(asked.asks, text, asked.label, asked.question)  # the time nearest the question
    return field


def _setting(asked: Asked, record: dict[str, Any] | None, before: str) -> str:
    """What stands around a candidate: a record's group, the row it details, its section, its horizon, the year column
    asked, a table row's header and group row; a sentence's previous sentence, which may name what it speaks of."""
    if record is None:
        return before
    of_year = _year_value(record, asked.years)
    return " ".join(filter(None, [record.get("group"), record.get("parent"), record.get("section"),
                                  record.get("horizon"), f"năm {of_year[0]}" if of_year else "", before]))


def _consider(asked: Asked, text: str, record: dict[str, Any] | None, issuer: str | None = None,
              owner: dict[str, Any] | None = None, before: str = "", title: str = "",
              over: str = "") -> tuple[float, str | None, bool] | None:
    """(score, field, whether it answers) of one candidate, or None when it is not about the question. ``owner``:
    the record a sentence lies in; ``title``: its document's title; ``over``: the lead-in a list item stands under."""
    if record is None and (text.upper() == text and "|" not in text  # a heading in capitals (not a row "17 | HUẾ | …");
                           or asked.asks == "deadline" and _PREAMBLE.match(text)):
        return None  # the dates in "Căn cứ …", "Theo đề nghị …" are other documents' dates
    # a record is read with where it stands: its group, the row it details, its section ("Phụ lục 01 › I"), its
    # horizon ("Đến năm 2030:" above it), the year column the question asks for
    group = _setting(asked, record, before)
    # a table's row says what it is of with its document's title too ("17 | HUẾ | 11.400" of "… bổ sung … cho các địa
    # phương"): the bar counts it
    if overlap(asked.terms, f"{group} {text} {title if record is None and '|' in text else ''}") < asked.bar:
        return None  # too few of the question's words are there (the bar counts them as they are)
    if asked.measures and asked.measures not in terms_of(f"{group} {text}"):
        return None  # "tỷ lệ thất nghiệp": a figure of another measure ("tỷ lệ giải ngân") is no answer
    if record is None and "|" in text and named_key(asked.question, text):
        # a row the question names by its key ("… cho Huế …" of "17 | HUẾ | 11.400"): what its figures are of is in
        # its table's header and its document's title, read as its own words
        score = overlap(asked.terms, f"{title} {group} {text}", asked.weights)
    else:
        score = overlap(asked.terms, text, asked.weights)  # the ranking weighs the rare ones
        if group:  # what stands around it counts half: the record or sentence says what it is about
            score += (overlap(asked.terms, f"{group} {text}", asked.weights) - score) / 2
        if title:  # its document's title a quarter: what the whole document is about ("Danh mục … năng lượng")
            score += (overlap(asked.terms, f"{title} {group} {text}", asked.weights) - score) / 4
    if asked.body and not about(asked.body, text if record else f"{before} {text}", record or owner, issuer):
        return None  # another body's deadline or figure
    field = _field(asked, text, record, before, over)
    if asked.asks != "general" and not field:
        # a body, a date or a figure is asked: text without one does not answer; an item about the question that
        # states none says the documents do not have it (``best_support``)
        states = record is None or record.get("deadline" if asked.asks == "deadline" else "value") \
            or asked.unit in TIME_UNITS
        return None if states or asked.asks not in _UNSTATED else (score + FIELD_BONUS, None, False)
    if asked.dated and field and not re.search(asked.dated, field):
        return None  # a day is asked, the item gives a month or how often
    if asked.asks == "deadline" and field and completed_by(asked.question) and parse(field).kind == "ongoing":
        return None  # "phải xong trước khi nào?": not a duty done "thường xuyên"
    if asked.asks == "deadline" and field and (reported(field, text) and not of_report(asked.question)
                                               or as_of(field, text)):
        return None  # "… ban hành trước ngày nào?": not the day its results are reported by, nor a day things stood
    if asked.asks == "body" and field and named(field, asked.question):
        return None  # "cơ quan nào của Quốc hội …", "Sở TT-TT phối hợp với cơ quan nào": given, not asked
    if asked.asks == "body" and field and _UNIT_OF.search(fold(asked.question)) \
            and not re.match(rf"(?:cac )?{_UNITS}\b", fold(field)):
        return None  # "… báo cáo về cơ quan nào của Bộ Công an?": a unit inside it (a Cục, a Vụ), not "UBND Thành phố"
    if asked.asks == "body" and field and (kind := _KIND_ASKED.search(fold(asked.question))) \
            and not re.match(rf"{kind.group(1)}\b(?!,)", fold(field)):
        return None  # "sở nào …?", "bộ nào …?": one body of that kind (not "Các sở …", "Các Bộ, cơ quan ngang Bộ, …")
    if record is not None:
        score += FIELD_BONUS + (SPECIFIC_BONUS if asked.asks == "body" and _specific(record) else 0)
    if asked.act and field and _does_act(asked.act, text, field):
        score += AGENT_BONUS
    if asked.role_of and record is None \
            and re.search(rf"\bla (?:(?:co quan|don vi) )?{re.escape(asked.role_of)}\b", fold(text)):
        score += ROLE_BONUS  # "Sở Nội vụ là cơ quan thường trực của Hội đồng …": says who it is (no duty: no record)
    return score, field, True


def asked_of(asks: str, question: str, hits: list[Hit], reading: Reading | None = None,
             naming: str = "") -> Asked:
    """How candidates for ``question`` are measured. ``naming``: the words by which the question names its
    document (they say where to look, not what to find)."""
    # the words naming its document or the place whose documents are read say where to look, not what to find
    where = naming or " ".join(reading.places if reading else [])  # (a document named is read for any place)
    # the words on either side of a document's number do not make a pair ("… 07-KL/VPTW thời hạn …": no "vptw thời")
    named = "|".join(re.escape(r.as_written) for r in (reading.documents if reading else []) if r.as_written)
    asked_words = set().union(*map(question_terms, re.split(named, question, flags=re.I))) if named \
        else question_terms(question)
    terms = asked_words - question_terms(where) if where else asked_words
    topic = topic_words(question, " ".join([naming, *(reading.places if reading else []), *find_bodies(question)]))
    if asks == "value" and not topic and len([t for t in terms if "_" not in t]) < FEW_WORDS:
        terms = asked_words  # little asked but what names the document: its title's words say what ("Quyết định 2639
        # bổ sung tổng cộng bao nhiêu tiền cho các địa phương?" of "Quyết định bổ sung … cho các địa phương")
    terms = terms or question_terms(question)
    # the years a value is asked for: "năm 2030", "đến 2030", not a plan's period ("giai đoạn 2020-2025")
    # (nor a document's number: "73/2025/NQ-HĐND")
    single = re.sub(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d", " ", DOC_NUMBER.sub(" ", question))
    # "trước năm 2026" asks for the year before it, as a horizon written so is read (``horizon_year``)
    years = {horizon_year(m.group()) for m in re.finditer(r"(?:trước\s+(?:năm\s+)?)?\b(?:19|20)\d\d\b", single,
                                                          re.I)} if asks == "value" else set()
    unit = unit_asked(question) if asks == "value" else None
    body = reading.body if reading and asks in ("deadline", "value") else None
    if body and asks == "value" and BENEFICIARY.match(body_key(body)):
        body = None  # "doanh nghiệp khởi nghiệp … được hỗ trợ tối đa bao nhiêu": whom a rule benefits, not who acts
    return Asked(asks, terms, question, rarity(terms, [h.payload["text"] for h in hits]),
                 MIN_OVERLAP_SCOPED if len(hits) > CANDIDATES else MIN_OVERLAP, years,
                 dated_pattern(question) if asks == "deadline" else "",
                 body, reading.holder_of if reading and asks == "body" else None,
                 unit, bool(reading and asks == "body" and reading.role == "recipient"),
                 bool(reading and asks == "body" and reading.role == "coordinator"),
                 measured(question) if asks == "value" and unit in (None, "%") else None,
                 topic,  # not the words naming its document, the places and the bodies it names: where and who
                 terms - question_terms(body) if body else terms,
                 (role.group(1) if asks == "body" and (role := _ROLE_ASKED.search(fold(question))) else None),
                 _act_asked(question) if asks == "body" else None)


def _doc(support: Support) -> str | None:
    return (support.record or {}).get("doc_id") or support.doc_id


# of a question naming its topic in this many words or more, one may be the asker's own ("gửi … danh sách công
# trình khánh thành, khởi công …" where the text says "các công trình, dự án")
TOPIC_SPARE = 4


def _speak_of(topic: list[tuple[str, ...]], hits: list[Hit]) -> bool:
    """Every word naming what the question is about is in some passage read ("sân bay" in none: they do not speak
    of airports), but one of many."""
    # a table row is read under its header ("Dự kiến thời gian vận hành"), any passage in its document ("Danh mục …")
    held = [terms_of(" ".join(filter(None, [h.payload.get(k) for k in ("title", "lead_in", "section", "context",
                                                                       "text")])))
            for h in hits]
    missing = sum(not any(holds(t, word) for t in held) for word in topic)
    return missing <= max(1 if len(topic) >= TOPIC_SPARE else 0, len(topic) // TOPIC_SPARE)


def _wording(text: str) -> str:
    """A line's words without its figures."""
    return re.sub(r"\d[\d.,]*", "#", text)


def best_support(asked: Asked, hits: list[Hit], records_by_doc: dict[str, list[dict[str, Any]]],
                 rows: list[Hit] | None = None) -> Support | None:
    """The best-scoring record or sentence of the passages ``hits`` and of the table ``rows`` the question names
    (``kb.answer.rows``; ranked after the passages), or None when none answers."""
    rank_bonus = RANK_BONUS if len(hits) <= CANDIDATES else RANK_BONUS / 3  # inside one document, rank says less
    if not _speak_of(asked.topic, hits):
        return None
    none = Support(-1.0, 0, 0, 0, None, None)
    best = [none, none]  # of the year asked (or of any year when none is asked), of another year
    silent = none  # the best item about the question that does not state what is asked
    kind = "target" if asked.asks == "value" else "task" if asked.asks in ("body", "deadline") else None
    if asked.asks == "value" and asked.unit in TIME_UNITS:
        kind = None  # "chậm nhất bao nhiêu ngày trước": a duty's time as much as a target's
    candidates = read_candidates(kind, asked.asks, [*hits, *(rows or [])], records_by_doc)
    # of lines worded alike but for their figures ("Mục tiêu giảm phát thải …: 8%" under each sector's heading),
    # the passage's rank says nothing: where each stands (its heading, its column) decides
    worded = [(c.doc_id, _wording(c.text)) for c in candidates]
    alike: dict[tuple[str | None, str], int] = {}
    for c, key in zip(candidates, worded, strict=True):
        alike[key] = min(c.rank, alike.get(key, c.rank))
    for c, key in zip(candidates, worded, strict=True):
        if not (considered := _consider(asked, c.text, c.record, c.issuer, c.owner, c.before, c.title, c.over)):
            continue
        if not considered[2]:
            if c.record is not None and considered[0] > silent.score:
                silent = Support(considered[0], c.rank, c.start, c.end, c.record, None)
            continue
        # of two as good, the one whose figure or time follows the question's words ("… nhưng không vượt quá
        # 20%/năm" for "không được vượt quá bao nhiêu", not "… bằng 50%/năm"): it ranks first, it is not surer
        bonus = LABEL_BONUS if asked.asks in ("value", "deadline") and labelled(considered[1], c.text, asked.label) \
            else 0.0
        found = Support(considered[0] + rank_bonus / (alike[key] + 1) + bonus, c.rank, c.start, c.end, c.record,
                        considered[1], _other_year(c, asked.years), c.doc_id, bonus=bonus)
        if found.score > best[found.other_year].score:
            best[found.other_year] = found
    same, other = best
    answering = same if same.score >= other.score else other
    # "hạn Sở Y tế trình quy chuẩn …": its item is there, with no deadline; another document's is no answer to it
    if silent.score > answering.score + UNSTATED_MARGIN and (answering.score < 0 or _doc(silent) == _doc(answering)):
        silent.unstated = True
        return silent
    # "Chỉ tiêu … năm 2025": when only another year's target answers, the answer says so and gives it.
    if other.score >= 0 and same.score < 0:
        return other
    return same if same.score >= 0 else None


def supported(asks: str, question: str, hits: list[Hit], citations: list[Citation],
              records_by_doc: dict[str, list[dict[str, Any]]], reading: Reading,
              naming: str = "", rows: list[Hit] | None = None) -> dict[str, Any] | None:
    """The fields of an ``Answer`` for the best support, or None when nothing is above the bar. ``citations``: of
    ``hits`` and then of ``rows``."""
    best = best_support(asked_of(asks, question, hits, reading, naming), hits, records_by_doc, rows)
    if best is None:
        return None
    if best.unstated:
        what = {"deadline": "thời hạn", "value": "số liệu"}.get(asks, "thông tin")
        quote = narrow(citations[best.rank], best.start, best.end)
        return {"answer": f"Văn bản không nêu {what} cho nội dung này.", "status": "not_found", "confidence": 0.0,
                "facts": typed([best.record]), "citations": [quote], "reading": reading}
    if best.record and reading.also == ["deadline"] and best.record.get("deadline"):
        best.field = f"{best.field} (thời hạn: {best.record['deadline']})"
    support = narrow(citations[best.rank], best.start, best.end)
    # who leads, and with whom: a record's partners, or those its sentence names ("… chủ trì, phối hợp với Bộ X …")
    with_whom = [b["name"] for b in (best.record or {}).get("coordinators") or []] or (
        partners(support.quote) if best.record is None and "chu tri" in fold(support.quote) else [])
    if asks == "body" and reading.role == "lead" and with_whom and best.field and with_whom[0] not in best.field:
        best.field = f"{best.field} (phối hợp: {', '.join(with_whom)})"
    others = [c for i, c in enumerate(citations) if i != best.rank]
    # too little of the question is in it to say it is the answer
    if best.score - best.bonus < SURE and not best.other_year:
        return {"answer": f"Không tìm thấy câu trả lời chắc chắn. Đoạn gần nhất: {support.quote}",
                "status": "not_found", "confidence": round(best.score - best.bonus, 3), "facts": [],
                "citations": [support, *others][:6], "reading": reading}
    answer = {"answer": best.field or support.quote, "facts": typed([best.record]) if best.record else [],
              "citations": [support, *others][:6], "confidence": round(min(1.0, best.score - best.bonus), 3),
              "reading": reading}
    if best.other_year:  # said plainly: not for the year asked; what the documents give instead
        years = ", ".join(str(y) for y in sorted(asked_of(asks, question, [], reading).years))
        answer.update(status="not_found", confidence=0.0,
                      answer=f"Không thấy chỉ tiêu này cho năm {years}. Văn bản nêu: {answer['answer']}")
    return answer
