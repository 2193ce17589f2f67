"""Reading the exact field a question asks out of the best supporting text: a body, a deadline, a value.

Candidates are the records inside the top passages (a task's lead and deadline, a target's value) and the
sentences of those passages. Each must contain ``MIN_OVERLAP`` of the question's words; the passage's rank
breaks near-ties; a candidate that holds the asked field wins over one that covers as much without it. The
answer line is the field itself: the lead body (inherited from a heading when the item names none), the time
expression, the value with its unit and horizon ("2% GDP (đến năm 2030)"); a sentence gives its field when
one can be read out of it, else the sentence itself. Nothing above the bar: the answer says so.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from kb.answer.cite import narrow, typed
from kb.bodies import asked, find_bodies, recipient, subject
from kb.bodies import key as body_key
from kb.deadlines import as_written, deadline_matches, find_deadline, find_horizon, horizon_year
from kb.facts import body_matches
from kb.model import Citation, Reading
from kb.store import Hit
from kb.text import fold, sentence_spans, syllables
from kb.values import figures

CANDIDATES = 10  # passages whose sentences and records may answer
CLAUSE = 240  # characters of context a value read out of a sentence comes with
SCOPED = 30  # … inside the documents a question names (they are read more widely: its naming words match all)
MIN_OVERLAP = 0.3  # share of the question's words an answer must contain: below it, nothing supports one
MIN_OVERLAP_SCOPED = 0.2  # … inside a document the question names (the words that name it are not counted)
# A record about the question that states no deadline (no figure) says the documents do not give one, when it
# covers this much more of the question than any that does: "Hạn Sở Y tế trình quy chuẩn …?" is not answered with
# another duty's deadline.
UNSTATED_MARGIN = 0.1
_UNSTATED = ("deadline", "value")
RANK_BONUS = 0.15  # ties between equally covering answers go to the better-ranked passage
FIELD_BONUS = 0.1  # a candidate that holds the asked field
SPECIFIC_BONUS = 0.05  # a task led by one named body rather than a group ("Các bộ, ngành, địa phương")
# Question phrases, dropped whole ("bao nhiêu", not the "báo" of "báo cáo"), then words that carry no content.
_QUESTION_PHRASES = re.compile(r"\b(?:bao nhieu|phan tram|bao gio|khi nao|luc nao|nhu the nao|the nao|la gi|la ai|"
                               r"(?:ngay|thang|nam|quy) nao|(?:co quan|don vi|bo|so|nganh) nao|nhung ai)\b")
_QUESTION_WORDS = set("gi nao ai la co khong da duoc cua va cac nhung mot hay hoac o tai ve voi cho trong theo "
                      "nghi dinh quyet nghi ke hoach van ban so".split())


def question_terms(question: str) -> set[str]:
    syl = [s for s in syllables(_QUESTION_PHRASES.sub(" ", fold(question))) if s not in _QUESTION_WORDS]
    return set(syl) | {f"{a}_{b}" for a, b in zip(syl, syl[1:], strict=False)}


def _terms_of(text: str) -> set[str]:
    syl = syllables(text)
    return set(syl) | {f"{a}_{b}" for a, b in zip(syl, syl[1:], strict=False)}


def overlap(terms: set[str], text: str, rarity: dict[str, float] | None = None) -> float:
    """Share of the question's content syllables and syllable pairs found in ``text`` (pairs count twice). With
    ``rarity``, each term also counts by how few of the passages read hold it."""
    if not terms:
        return 0.0
    found = _terms_of(text)
    weights = {t: (2.0 if "_" in t else 1.0) * (rarity.get(t, 1.0) if rarity else 1.0) for t in terms}
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in found) / total if total else 0.0


def rarity(terms: set[str], texts: list[str]) -> dict[str, float]:
    """How much each term tells the passages read apart: log(1 + n / (1 + passages holding it)). "văn hóa" in one
    passage of ten outweighs "chuyển đổi số" in all ten."""
    held = [_terms_of(t) for t in texts]
    return {t: math.log(1 + len(held) / (1 + sum(t in h for h in held))) for t in terms}


def _value_line(record: dict[str, Any]) -> str | None:
    value = record.get("value")
    if not value:
        return None
    unit = record.get("unit_column") or ""
    if unit and unit.lower() not in value.lower() and not re.search(r"%|[^\d\s.,≥≤<>=~-]", value):
        value = f"{value} {unit}"
    horizon = record.get("horizon")
    return f"{value} ({horizon})" if horizon and horizon not in value else value


def record_field(asks: str, record: dict[str, Any]) -> str | None:
    """The asked field of a record as the answer line gives it, or None when the record lacks it."""
    if asks == "body":
        names = [b["name"] for b in record.get("lead") or record.get("monitor") or []]
        return ", ".join(names) or None
    if asks == "deadline":
        return record.get("deadline")
    if asks == "value":
        return _value_line(record)
    return None


def _nearest(found: list[re.Match[str]], sentence: str, terms: set[str]) -> re.Match[str]:
    """The match whose clause (back to the last comma or semicolon) covers most of the question, then whose 80
    characters before it do: a time or a figure belongs to the verb it follows."""
    def cover(m: re.Match[str]) -> tuple[float, float]:
        before = sentence[max(0, m.start() - 80):m.start()]
        clause = re.split(r"[,;:]\s", before)[-1]
        return overlap(terms, clause + m.group(0)), overlap(terms, before + m.group(0))
    return max(found, key=cover)


def _given(match: re.Match[str], sentence: str, question: str) -> bool:
    """A figure the question itself states, with its unit or else the word before it ("596 tỷ đồng", "mức độ 4"):
    given, not asked."""
    figure = " ".join(match.group(0).split())
    before = re.search(r"(\w+)\s*$", sentence[:match.start()])
    if not re.search(r"[^\W\d]", figure) and before:
        figure = f"{before.group(1)} {figure}"
    return bool(re.search(rf"(?<!\w){re.escape(fold(figure))}(?!\w)", fold(question)))


_PREAMBLE = re.compile(r"^\W*(?:Căn cứ|Theo đề nghị|Xét đề nghị|Trên cơ sở (?:đề nghị|xem xét))\b", re.I)
DURATION = re.compile(r"(?:(?:tối thiểu|tối đa|ít nhất|không quá|chậm nhất|trong(?: thời hạn| vòng)?)\s+)?\d+"
                      r"(?:\s*[-–]\s*\d+)?\s*(?:ngày làm việc|ngày|tháng|năm|giờ|tuần)(?![\d/])")
_CITED = re.compile(r"\b(Nghị quyết|Nghị định|Quyết định|Kế hoạch|Chỉ thị|Công văn|Thông báo|Thông tư|Đề án|Luật)\s+"
                    r"(?:số\s+)?(\d{1,5}(?:/\d{4})?(?:[/-][A-ZĐ][\w&]*(?:[/-][\w&]+)*)?)", re.I)
_BARE = re.compile(r"(?<=\bđạt )\d+(?:[.,]\d+)?(?![\d/%]|[.,]\d|\s*[^\W\d_])|(?<=\blà )\d+[.,]\d+(?![\d/%]|[.,]\d)")
_NOT_UNIT = set("la dat chiem duoc va thi tren trong so voi cua nam".split())


def unit_asked(question: str) -> str | None:
    """What the figure asked is counted in: "%" for a share ("chiếm bao nhiêu", "tỷ lệ … bao nhiêu", "bao nhiêu phần
    trăm"), the head word after "bao nhiêu" ("bao nhiêu dịch vụ công" → "dich"), else None (any figure)."""
    folded = fold(question)
    if re.search(r"\b(chiem|phan tram|ty le|ti le)\b", folded):
        return "%"
    m = re.search(r"\bbao nhieu (\w+)(?: (\w+))?", folded)
    if not m or m.group(1) in _NOT_UNIT:
        return None
    # a head of two letters is read with the next word: "cơ quan", not the "có" of "có khả năng"
    return f"{m.group(1)} {m.group(2)}" if len(m.group(1)) <= 2 and m.group(2) else m.group(1)


def _unit_agrees(record: dict[str, Any], wanted: str | None) -> bool:
    """A target's value in the unit asked (see ``unit_asked``)."""
    if wanted is None:
        return True
    value = f"{record.get('value') or ''} {record.get('unit') or ''} {record.get('unit_column') or ''}"
    if wanted == "%":
        return "%" in value or record.get("unit") == "ratio"
    return f" {wanted} " in f" {' '.join(syllables(value))} "


def _fits(match: re.Match[str], sentence: str, wanted: str | None) -> bool:
    """A figure in the unit asked: a share is a percentage or a ratio; a count has the asked word in its unit."""
    if wanted is None:
        return True
    if wanted == "%":
        return bool(match.group("pct") or match.group("ratio"))
    return f" {wanted} " in f" {' '.join(syllables(sentence[match.start():match.end() + 25]))} "


def holder(post: str, sentence: str) -> str | None:
    """Who holds ``post`` as the sentence says: "Trưởng ban là Chủ tịch UBND tỉnh X, …" → "Chủ tịch UBND tỉnh X";
    "… do đồng chí Tổng Bí thư làm Trưởng ban" → "đồng chí Tổng Bí thư"."""
    if m := re.search(rf"(?<![\w ]{{2}}Phó ){re.escape(post)}\s+(?:[^,;.]{{0,40}}?\s)?là\s+([^,;.]{{3,90}})", sentence,
                      re.I):
        return m.group(1).strip()
    if m := re.search(rf"(?:^|,)\s*(?:(?:do|là|gồm)\s+)?([^,;.()]{{3,90}}?)\s+làm\s+{re.escape(post)}\b", sentence,
                      re.I):
        return re.sub(r"^(?:do|là|gồm)\s+", "", m.group(1).strip())
    return None


def _agent(sentence: str, terms: set[str]) -> str | None:
    """The body "do X <verb>" names, when the question asks who does that verb: "Kết quả đánh giá DTI 2021 do Bộ
    Thông tin và Truyền thông công bố" for "Cơ quan nào công bố …"."""
    for m in re.finditer(r"\bdo\s+(?=\S)", sentence):
        rest = sentence[m.end():m.end() + 160]
        names = [n for n in find_bodies(rest) if rest.startswith(n)]
        if names:
            verb = syllables(rest[len(names[0]):])[:2]
            if len(verb) == 2 and f"{verb[0]}_{verb[1]}" in terms:
                return names[0]
    return None


def sentence_field(asks: str, sentence: str, terms: set[str], question: str = "") -> str | None:
    """The asked field read out of a plain sentence, or None. A value comes with the clause that states it."""
    if asks == "reference":  # the document the sentence cites: "… kiện toàn theo Quyết định 2156 ngày 28/9 …"
        cited = list(_CITED.finditer(sentence))  # of the type the question names ("kế hoạch … số hiệu là gì?")
        asked_type = [m for m in cited if re.search(rf"\b{fold(m.group(1))}\b", fold(question))]
        best = (asked_type or cited or [None])[0]
        return f"{best.group(1)} số {best.group(2)}" if best else None
    if asks == "body":
        if agent := _agent(sentence, terms):
            return agent
        name = asked(sentence) or subject(sentence)
        named = [n for n in find_bodies(sentence) if len(n) > 6]
        return name or (named[0] if len(named) == 1 else None)
    if asks == "deadline" and re.search(r"\bbao lau\b(?! (?:mot|1) lan)", fold(question)):
        spans = list(DURATION.finditer(sentence))  # "trong bao lâu?": how long, "05 ngày làm việc", "72 giờ"
        return " ".join(_nearest(spans, sentence, terms).group(0).split()) if spans else None
    if asks == "deadline":
        dated = dated_pattern(question) if question else ""
        found = [m for m in deadline_matches(sentence, weak=True) if not dated or re.search(dated, m.group(0))]
        if len(found) == 1:
            return as_written(found[0])
        if len(found) < 2:
            return find_deadline(sentence, weak=True)
        # two times in one sentence: the one after the question's words ("… mẫu báo cáo hằng tuần trước 15:00
        # ngày thứ Sáu …, kịp thời báo cáo Thủ tướng vào 15:00 ngày Chủ nhật")
        return as_written(_nearest(found, sentence, terms))
    if asks == "value":
        wanted = unit_asked(question)
        found = [m for m in figures(sentence) if not _given(m, sentence, question) and _fits(m, sentence, wanted)]
        if not found and wanted is None:  # "chỉ số ICT Index … đạt 0,4582": a bare figure, said to be reached
            found = [m for m in _BARE.finditer(sentence) if not _given(m, sentence, question)]
        if not found:
            return None
        best = _nearest(found, sentence, terms)  # "… dịch vụ công trực tuyến đạt 80%"
        clause = next((c for c in re.split(r"[;:]\s", sentence) if best.group(0) in c), sentence).strip()
        if len(clause) > CLAUSE:  # the words around the figure: "… hỗ trợ không quá 30% …, tối đa 15 tỷ đồng"
            at = clause.find(best.group(0))
            clause = "…" + clause[max(0, at - CLAUSE // 2):at + CLAUSE // 2].strip() + "…"
        value = " ".join(best.group(0).split())
        return value if clause == value else f"{value} ({clause})"
    return None


@dataclass
class Support:
    score: float
    rank: int
    start: int
    end: int
    record: dict[str, Any] | None
    field: str | None
    other_year: bool = False  # a target of another year than the one asked: what the documents say instead
    unstated: bool = False  # the record the question is about, which does not state what is asked


# "ngày nào" wants a day ("15/12/2025", "ngày 15 tháng 6", "ngày thứ Sáu hằng tuần"); "tháng nào" a month or
# finer; "năm nào" any year.
_PRECISE = {"ngay": r"(?<!\d)\d{1,2}\s*/\s*\d{1,2}(?!\d)|ngày\s+(?:\d|thứ|chủ nhật)",
            "thang": r"\d\s*/\s*\d|tháng\s+\d", "quy": r"[Qq]uý|\d/\d", "nam": r"\d{4}",
            "bao lau": r"^" + DURATION.pattern + "$"}


def dated_pattern(question: str) -> str:
    """What a deadline must hold when the question asks for a day, a month, a year or how long ("" otherwise)."""
    # "trong bao lâu" asks how long; "bao lâu một lần" how often
    asked_when = re.search(r"\b(ngay|thang|nam|quy) nao\b|\b(bao lau)\b(?! (?:mot|1) lan)", fold(question))
    return _PRECISE[asked_when.group(1) or "bao lau"] if asked_when else ""


def _specific(record: dict[str, Any]) -> bool:
    lead = record.get("lead") or []
    return len(lead) == 1 and not re.search(r"(?:^|\s)(?:các|cac)\s", fold(lead[0]["name"]))


def _year_value(record: dict[str, Any], years: set[int]) -> tuple[int, str] | None:
    """The figure of a year the question names, from a table with a column per year."""
    by_year = {int(y): v for y, v in (record.get("by_year") or {}).items()}
    return next(((y, by_year[y]) for y in sorted(years) if y in by_year), None)


def _year_disagrees(record: dict[str, Any] | None, years: set[int]) -> bool:
    """A target whose horizon is another year than the one the question names ("Đến năm 2030, …")."""
    return bool(record and years and record.get("horizon_year") and record["horizon_year"] not in years
                and not _year_value(record, years))


@dataclass
class Candidate:
    rank: int  # of its passage
    start: int
    end: int
    text: str
    record: dict[str, Any] | None
    owner: dict[str, Any] | None  # the record a sentence lies in
    issuer: str | None
    before: str = ""  # a sentence's previous sentence in the passage ("Ban chỉ đạo có 18 thành viên, với …")


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


def _about(body: str, text: str, record: dict[str, Any] | None, issuer: str | None) -> bool:
    """``body`` acts in the record (leads, coordinates, monitors) or, for a sentence outside every record, the
    sentence names it; or ``body`` issued the document ("Quốc hội đặt mục tiêu … bao nhiêu?": every figure of its
    resolution is its own). "… báo cáo về Sở X" is not about Sở X's own deadline."""
    if record:
        keys = [b["key"] for b in [*(record.get("lead") or []), *(record.get("coordinators") or []),
                                   *(record.get("monitor") or [])]]
    else:
        keys = [body_key(n) for n in find_bodies(text)]
    return body_matches(body, keys + ([body_key(issuer)] if issuer else []))


def _field(asked: Asked, text: str, record: dict[str, Any] | None) -> str | None:
    if asked.post:
        return None if record else holder(asked.post, text)  # a post's holder is named in a sentence
    if asked.to_whom:
        return recipient(text)
    if record is None:
        return sentence_field(asked.asks, text, asked.terms, asked.question)
    field = record_field(asked.asks, record)
    how_long = asked.dated == _PRECISE["bao lau"]
    if asked.asks == "deadline" and how_long and not (field and re.search(asked.dated, field)):
        field = sentence_field(asked.asks, text, asked.terms, asked.question)  # how long: read from the item
    if asked.asks == "value" and field and not _unit_agrees(record, asked.unit):
        return None  # "bao nhiêu tỷ đồng?": not a percentage
    if asked.asks == "value" and (of_year := _year_value(record, asked.years)):
        unit = record.get("unit_column") or ""
        figure = of_year[1] if not unit or re.search(r"[^\d\s.,;]", of_year[1]) else f"{of_year[1]} {unit}"
        field = f"{figure} (năm {of_year[0]})"  # "Năm 2026" column of the row
    if asked.asks == "deadline" and field and len(deadline_matches(text, weak=True)) > 1:
        field = sentence_field(asked.asks, text, asked.terms, asked.question)  # the time nearest the question
    return field


def _consider(asked: Asked, text: str, record: dict[str, Any] | None, issuer: str | None = None,
              owner: dict[str, Any] | None = None, before: str = "") -> tuple[float, str | None, bool] | None:
    """(score, field, whether it answers) of one candidate, or None when it is not about the question. ``owner``:
    the record a sentence lies in."""
    if record is None and (text.upper() == text or asked.asks == "deadline" and _PREAMBLE.match(text)):
        return None  # a heading in capitals; the dates in "Căn cứ …", "Theo đề nghị …" are other documents' dates
    # a record is read with where it stands: its group, the row it details, its section ("Phụ lục 01 › I"), its
    # horizon ("Đến năm 2030:" above it), the year column the question asks for
    of_year = _year_value(record, asked.years) if record else None
    group = " ".join(filter(None, [record.get("group"), record.get("parent"), record.get("section"),
                                   record.get("horizon"), f"năm {of_year[0]}" if of_year else ""])) if record else \
        before  # a sentence is read after the one before it, which may name what it speaks of
    if overlap(asked.terms, f"{group} {text}") < asked.bar:
        return None  # too few of the question's words are there (the bar counts them as they are)
    score = overlap(asked.terms, text, asked.weights)  # the ranking weighs the rare ones
    if group:  # what stands around it counts half: the record or sentence says what it is about
        score += (overlap(asked.terms, f"{group} {text}", asked.weights) - score) / 2
    if asked.body and not _about(asked.body, text, record or owner, issuer):
        return None  # another body's deadline or figure
    field = _field(asked, text, record)
    if asked.asks != "general" and not field or asked.dated and field and not re.search(asked.dated, field):
        # a body, a date or a figure is asked: text without one does not answer; an item about the question that
        # states none says the documents do not have it (``best_support``)
        return (score + (FIELD_BONUS if record is not None else 0), None, False) if asked.asks in _UNSTATED else None
    if record is not None:
        score += FIELD_BONUS + (SPECIFIC_BONUS if asked.asks == "body" and _specific(record) else 0)
    return score, field, True


def asked_of(asks: str, question: str, hits: list[Hit], reading: Reading | None = None,
             naming: str = "") -> Asked:
    """How candidates for ``question`` are measured. ``naming``: the words by which the question names its
    document (they say where to look, not what to find)."""
    terms = question_terms(question) - question_terms(naming) if naming else question_terms(question)
    terms = terms or question_terms(question)
    # the years a value is asked for: "năm 2030", "đến 2030", not a plan's period ("giai đoạn 2020-2025")
    single = re.sub(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d", " ", question)
    years = {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", single)} if asks == "value" else set()
    return Asked(asks, terms, question, rarity(terms, [h.payload["text"] for h in hits]),
                 MIN_OVERLAP_SCOPED if len(hits) > CANDIDATES else MIN_OVERLAP, years,
                 dated_pattern(question) if asks == "deadline" else "",
                 reading.body if reading and asks in ("deadline", "value") else None,
                 reading.holder_of if reading and asks == "body" else None,
                 unit_asked(question) if asks == "value" else None,
                 bool(reading and asks == "body" and reading.role == "recipient"))


def _candidates(asked: Asked, hits: list[Hit], records_by_doc: dict[str, list[dict[str, Any]]]) -> list[Candidate]:
    """The records of the kind asked inside the passages, and their sentences."""
    kind = "target" if asked.asks == "value" else "task" if asked.asks in ("body", "deadline") else None
    out: list[Candidate] = []
    for rank, hit in enumerate(hits):
        p = hit.payload
        inside = [r for r in records_by_doc.get(p["doc_id"], []) if p["start"] <= r["start"] and r["end"] <= p["end"]
                  and (r["kind"] == kind or asked.asks == "body" and r["kind"] == "target")]
        spans: list[tuple[int, int, dict[str, Any] | None]] = [(r["start"], r["end"], r) for r in inside]
        sentences = sentence_spans(p["text"], p["start"])
        spans += [(s, e, None) for s, e in sentences]
        for s, e, record in spans:
            owner = None if record else next((r for r in inside if r["start"] < e and s < r["end"]), None)
            before = "" if record else next((p["text"][a - p["start"]:b - p["start"]] for a, b in reversed(sentences)
                                            if b <= s), "")
            out.append(Candidate(rank, s, e, p["text"][s - p["start"]:e - p["start"]], record, owner, p.get("issuer"),
                                 before))
    return out


def best_support(asked: Asked, hits: list[Hit], records_by_doc: dict[str, list[dict[str, Any]]]) -> Support | None:
    """The best-scoring record or sentence of the passages ``hits``, or None when none answers."""
    rank_bonus = RANK_BONUS if len(hits) <= CANDIDATES else RANK_BONUS / 3  # inside one document, rank says less
    none = Support(-1.0, 0, 0, 0, None, None)
    best = [none, none]  # of the year asked (or of any year when none is asked), of another year
    silent = none  # the best item about the question that does not state what is asked
    for c in _candidates(asked, hits, records_by_doc):
        if not (considered := _consider(asked, c.text, c.record, c.issuer, c.owner, c.before)):
            continue
        if not considered[2]:
            if c.record is not None and considered[0] > silent.score:
                silent = Support(considered[0], c.rank, c.start, c.end, c.record, None)
            continue
        found = Support(considered[0] + rank_bonus / (c.rank + 1), c.rank, c.start, c.end, c.record, considered[1],
                        _other_year(c, asked.years))
        if found.score > best[found.other_year].score:
            best[found.other_year] = found
    same, other = best
    if silent.score > max(same.score, other.score) + UNSTATED_MARGIN:
        silent.unstated = True  # "hạn Sở Y tế trình quy chuẩn …": its item is there, with no deadline
        return silent
    # "Chỉ tiêu … năm 2025": when only another year's target answers, the answer says so and gives it.
    if other.score >= 0 and same.score < 0:
        return other
    return same if same.score >= 0 else None


def supported(asks: str, question: str, hits: list[Hit], citations: list[Citation],
              records_by_doc: dict[str, list[dict[str, Any]]], reading: Reading,
              naming: str = "") -> dict[str, Any] | None:
    """The fields of an ``Answer`` for the best support, or None when nothing is above the bar."""
    best = best_support(asked_of(asks, question, hits, reading, naming), hits, records_by_doc)
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
    others = [c for i, c in enumerate(citations) if i != best.rank]
    answer = {"answer": best.field or support.quote, "facts": typed([best.record]) if best.record else [],
              "citations": [support, *others][:6], "confidence": round(min(1.0, best.score), 3), "reading": reading}
    if best.other_year:  # said plainly: not for the year asked; what the documents give instead
        years = ", ".join(str(y) for y in sorted(asked_of(asks, question, [], reading).years))
        answer.update(status="not_found", confidence=0.0,
                      answer=f"Không thấy chỉ tiêu này cho năm {years}. Văn bản nêu: {answer['answer']}")
    return answer
