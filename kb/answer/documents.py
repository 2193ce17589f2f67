"""Answers about documents themselves: a fact of one (number, issuer, dates, signer, what it repeals, validity),
lists of documents, and the honest answer when the document named is not in the knowledge base."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from kb.answer.cite import document_citation, name_of, record_citation, typed
from kb.bodies import key as body_key
from kb.deadlines import find_deadline
from kb.model import Answer, DocRef, DocumentRecord, Reading, Relation
from kb.text import DOC_NUMBER, fold

if TYPE_CHECKING:
    from kb.service import KnowledgeBase

FACT_NAMES = {"number": "số, ký hiệu", "type": "loại văn bản", "issuer": "cơ quan ban hành", "issued": "ngày ban hành",
              "signer": "người ký", "effective": "ngày có hiệu lực", "replaces": "văn bản được thay thế",
              "repeals": "quy định bị bãi bỏ", "legal_basis": "căn cứ ban hành", "validity": "hiệu lực",
              "title": "trích yếu", "proposer": "cơ quan đề nghị"}


def vn_date(iso: str | None) -> str | None:
    """2025-01-09 → 09/01/2025; a date known to the month (a news article's "2020-10") → 10/2020."""
    if not iso:
        return None
    parts = iso[:10].split("-")
    return "/".join(reversed(parts))


def replaced_numbers(records: list[dict]) -> set[str]:
    """The numbers of the documents that documents of the knowledge base (their records, as the catalog
    keeps them) say they replace."""
    return {r["number"] for d in records for r in d.get("relations", []) if r["type"] == "replaces" and r.get("number")}


def validity(doc: DocumentRecord, documents: list[DocumentRecord], today: date | None = None,
             replaced: set[str] | None = None) -> str | None:
    """còn hiệu lực / chưa có hiệu lực / hết hiệu lực: from its effective date and the documents of the knowledge
    base that say they replace it (``replaced``: their ``replaced_numbers``, when worked out already)."""
    today = today or date.today()
    if replaced is None:
        replaced = replaced_numbers([d.model_dump(include={"relations"}) for d in documents])
    if doc.number and doc.number in replaced:
        return "hết hiệu lực"
    if not doc.effective:
        return None
    try:  # a day, or a month when only the month is known
        effective = date.fromisoformat(doc.effective if len(doc.effective) == 10 else f"{doc.effective[:7]}-01")
    except ValueError:
        return None  # not a date: nothing is said rather than a wrong status
    return "chưa có hiệu lực" if effective > today else "còn hiệu lực"


def _fact(doc: DocumentRecord, fact: str, documents: list[DocumentRecord]) -> tuple[str | None, str | None]:
    """(the answer line's value, the text to cite it by) for one fact of a document; (None, None) when unknown."""
    if fact == "issued" and doc.issued:
        return f"ngày {vn_date(doc.issued)}", None
    if fact == "effective" and doc.effective_text:
        when = f" ({vn_date(doc.effective)})" if doc.effective else ""
        return f"có hiệu lực {doc.effective_text}{when}", doc.effective_text
    if fact == "signer" and doc.signer:
        return doc.signer, doc.signer
    if fact == "issuer" and doc.issuer:
        by = f" ({doc.doc_type or 'văn bản'} của {doc.issued_by})" if doc.issued_by else ""
        return f"{doc.issuer}{by}", None
    if fact == "number" and doc.number:
        return doc.number, doc.number
    if fact == "type" and doc.doc_type:
        return doc.doc_type, None
    if fact in ("replaces", "repeals"):
        replaced = [r.number for r in doc.relations if r.type == "replaces" and r.number]
        said = doc.repeals or []
        if fact == "replaces" and replaced:
            return "thay thế " + ", ".join(replaced), replaced[0]
        if said:
            return _ended(said), said[0][:60]
    if fact == "legal_basis" and (bases := _bases(doc)):
        return f"căn cứ {len(bases)} văn bản: " + "; ".join(bases), bases[0]
    if fact == "validity" and (state := validity(doc, documents)):
        return state + (f" (có hiệu lực {doc.effective_text})" if doc.effective_text else ""), doc.effective_text
    if fact == "title" and doc.title:
        return doc.title, None
    if fact == "proposer" and doc.proposed_by:
        return f"theo đề nghị của {doc.proposed_by}", doc.proposed_by
    return None, None


def _bases(doc: DocumentRecord) -> list[str]:
    """What its "Căn cứ …" clauses cite, in order: a number, or a law by name when it has none."""
    said = (" ".join(x for x in (r.title, r.number) if x) for r in _basis_relations(doc))
    return list(dict.fromkeys(said)) or doc.legal_bases


def _basis_relations(doc: DocumentRecord) -> list[Relation]:
    return [r for r in doc.relations if r.type == "rests_on" and (r.number or r.title)]


_PART = re.compile(r"\s*bãi bỏ\s+(?:điểm|khoản|điều|chương|mục|phụ lục|cụm từ|một số)\b", re.I)


_CITED_IN_TITLE = re.compile(r"\bcủa\s+(?:[^\W\d_]+\s+){1,3}(?:số\s+)?$", re.I)
_TYPE_BEFORE = re.compile(r"\b(Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Luật|Pháp lệnh|Thông tư liên tịch)\s+"
                          r"(?:số\s+)?$", re.I)


def _type_before(text: str) -> str:
    return m.group(1) if (m := _TYPE_BEFORE.search(text)) else ""


def _ended(said: list[str]) -> str:
    """What a document's closing sentences end, counted: the documents that lose effect whole, then those it
    repeals a part of ("Bãi bỏ điểm l khoản 10 Điều 4 Nghị định số 85/2025/NĐ-CP …"), each up to its number."""
    whole: list[str] = []
    parts: list[str] = []
    for sentence in said:
        # each document it names, not one its title cites ("… sửa đổi một số điều của Nghị định số 110/2004 …")
        numbers = [m for m in DOC_NUMBER.finditer(sentence) if not _CITED_IN_TITLE.search(sentence[:m.start()])]
        if not numbers:
            continue
        if _PART.match(sentence):
            parts.append(" ".join(sentence[:numbers[0].end()].split()))
            continue
        for m in numbers:
            named = f"{_type_before(sentence[:m.start()])} {m.group(0)}".strip()
            if all(m.group(0) not in w for w in whole):
                whole.append(named)
    if not whole and not parts:
        return "; ".join(said)
    lines = [f"{len(whole)} văn bản hết hiệu lực: " + "; ".join(whole)] if whole else []
    lines += [f"bãi bỏ một phần của {len(parts)} văn bản: " + "; ".join(parts)] if parts else []
    return "; ".join(lines)


def fact_answer(kb: KnowledgeBase, question: str, reading: Reading, documents: list[DocumentRecord]) -> Answer:
    by_id = {d.doc_id: d for d in documents}
    doc = by_id[reading.documents[0].doc_id]
    value, needle = _fact(doc, reading.fact or "title", documents)
    base = {"question": question, "intent": "general", "reading": reading}
    if value is None:
        return Answer(**base, answer=f"{name_of(doc)} không ghi {FACT_NAMES.get(reading.fact or '', 'thông tin này')}.",
                      status="not_found", citations=[document_citation(kb, doc)])
    more = []  # "… ban hành ngày nào, cơ quan nào ban hành?": each fact asked, named
    for fact in reading.more_facts:
        other, _ = _fact(doc, fact, documents)
        more.append(f"{FACT_NAMES[fact]}: {other or 'không ghi'}")
    line = "; ".join([value, *more])
    cited = [document_citation(kb, doc, span=(r.start, r.end)) for r in _basis_relations(doc)
             if r.start is not None and r.end is not None] if reading.fact == "legal_basis" else []
    return Answer(**base, answer=f"{name_of(doc)}: {line}", confidence=1.0,
                  citations=cited or [document_citation(kb, doc, needle)])


def issued_by(name: str | None, asked: str) -> bool:
    """``name`` is the issuer the question names (folded words): each of its words there, the first one first, so
    "Chính phủ" is not "Thủ tướng Chính phủ" and "UBND Lâm Đồng" is "Ủy ban nhân dân tỉnh Lâm Đồng"; a province
    named alone ("của tỉnh Lâm Đồng") is its people's committee."""
    words, asked_words = body_key(name or "").split(), asked.split()
    first = not asked_words or asked_words[0] in ("tinh", "thanh") or words[:1] == asked_words[:1]
    return bool(words and asked_words) and first and set(asked_words) <= set(words)


def matches(doc: DocumentRecord, reading: Reading) -> bool:
    if reading.doc_type and doc.doc_type != reading.doc_type:
        return False
    if reading.issuer and not any(issued_by(name, reading.issuer) for name in (doc.issuer, doc.issued_by)):
        return False
    return not (reading.year and not (doc.issued or "").startswith(str(reading.year)))


def list_answer(kb: KnowledgeBase, question: str, reading: Reading, documents: list[DocumentRecord]) -> Answer:
    """Documents of the knowledge base by type, issuer and year, all of them."""
    found = sorted((d for d in documents if d.number or d.doc_type) if reading.doc_type or reading.issuer
                   or reading.year else documents, key=lambda d: (d.issued or "", d.source))
    found = [d for d in found if matches(d, reading)]
    base = {"question": question, "intent": "general", "reading": reading, "total": len(found)}
    if not found:
        return Answer(**base, answer="Không có văn bản nào trong kho khớp với câu hỏi.", status="not_found")
    listed = "; ".join(f"{name_of(d)}" + (f" ({vn_date(d.issued)})" if d.issued else "") for d in found)
    return Answer(**base, answer=f"{len(found)} văn bản: {listed}", confidence=1.0,
                  citations=[document_citation(kb, d) for d in found])


_CODES = {"Nghị quyết": "NQ", "Quyết định": "QĐ", "Nghị định": "NĐ", "Kế hoạch": "KH", "Chỉ thị": "CT",
          "Thông báo": "TB", "Công điện": "CĐ", "Thông tư": "TT", "Báo cáo": "BC", "Đề án": "ĐA"}


def mentioning(kb: KnowledgeBase, named: DocRef, documents: list[DocumentRecord]) -> list[DocumentRecord]:
    """The documents of the knowledge base that cite one it does not have: by its number, or by the number a
    type and number name ("Nghị quyết 02" → 02-NQ/TU, or "Nghị quyết số 02 của Tỉnh ủy" in the text)."""
    if named.number:  # compared folded: "713/QD-UBND" typed for 713/QĐ-UBND
        return [d for d in documents if fold(named.number) in {fold(n) for n in d.numbers}]
    bare = re.search(r"(\d{1,5})\s*$", named.as_written)
    if not bare or not named.doc_type:
        return []
    code = fold(_CODES.get(named.doc_type, "")) or r"[a-z]+"
    said = re.compile(rf"\b{fold(named.doc_type)}\s+(?:so\s+)?0*{int(bare.group(1))}\b(?![/-]\d)")
    return [d for d in documents if any(re.match(rf"0*{int(bare.group(1))}[-/]{code}\b", fold(n)) for n in d.numbers)
            or said.search(fold(kb.text(d.doc_id)))]


def dated_mention(kb: KnowledgeBase, doc: DocumentRecord, needle: str) -> str | None:
    """Where a document cites ``needle`` with its date ("Nghị Quyết 02-NQ/TU ngày 26/01/2021 của Tỉnh ủy …"), the
    words around it."""
    text = kb.text(doc.doc_id)
    for m in re.finditer(re.escape(fold(needle)), fold(text)):
        if re.match(r"\s*,?\s*ngay\s+\d", fold(text)[m.end():m.end() + 12]):
            return _around(text[max(0, m.start() - 40):m.end() + 120], needle)
    return None


# A plan's own time: "3. Thời gian thực hiện: Từ năm 2026 - 2030.", "1. Thời gian thực hiện Kế hoạch: Từ khi ban hành
# đến hết năm 2030", or such a heading over the line that states it.
_DURATION = re.compile(r"^\W*(?:(?:[\dIVX]+|[a-zđ])[.,)]\s*)?(?:đối tượng và\s+)?thời gian(?:\s+thực hiện"
                       r"(?:\s+(?:kế hoạch|đề án|chương trình|dự án))?\s*:?|\s*:)\s*(.*)$", re.I | re.M)


def duration_answer(kb: KnowledgeBase, question: str, reading: Reading, doc: DocumentRecord) -> Answer | None:
    """How long a plan runs, from its first "Thời gian thực hiện" field, when it states a time."""
    text = kb.text(doc.doc_id)
    found = _DURATION.search(text)
    if not found:
        return _titled_time(kb, question, reading, doc)
    start, end = found.start(1), found.end(1)
    if not find_deadline(found.group(1), weak=True):  # the heading: the time is on the line below it
        below = re.match(r"\n\s*([^\n]+)", text[found.end():])
        if not below or not find_deadline(below.group(1), weak=True):
            return None
        start, end = found.end() + below.start(1), found.end() + below.end(1)
    said = text[start:end].strip(" .;")
    return Answer(question=question, intent="deadline", reading=reading, confidence=1.0,
                  answer=f"{name_of(doc)}: thời gian thực hiện {said[:1].lower() + said[1:]}",
                  citations=[document_citation(kb, doc, span=(start, end))])


# a duty to carry the document itself out: "… triển khai thực hiện Kế hoạch này", "chủ trì thực hiện Đề án này" (not
# "căn cứ Kế hoạch này, xây dựng kế hoạch …", nor the closing "chịu trách nhiệm thi hành Quyết định này")
_CARRIES_ITSELF = re.compile(r"\b(?:triển khai|thực hiện|chủ trì)\s+(?:kế hoạch|quyết định|đề án|chương trình|"
                             r"nghị quyết|chỉ thị|công điện|công văn|thông báo|hướng dẫn|quy định|quy chế)\s+này\b",
                             re.I)


def implementer_answer(question: str, reading: Reading, doc: DocumentRecord,
                       records: list[dict[str, Any]]) -> Answer | None:
    """Who a document charges with carrying it out ("Điều 2. Giao Sở Công Thương chủ trì, phối hợp với … triển khai
    thực hiện Kế hoạch này"): the lead of its first task that speaks of the document itself, when the question asks
    nothing but who carries the document out."""
    own = next((r for r in records if r["doc_id"] == doc.doc_id and r["kind"] == "task" and r.get("lead")
                and _CARRIES_ITSELF.search(r.get("task") or "")), None)
    if own is None:
        return None
    lead = ", ".join(b["name"] for b in own["lead"])
    partners = ", ".join(b["name"] for b in own.get("coordinators") or [])
    return Answer(question=question, intent="body", reading=reading, confidence=0.8,
                  answer=f"{lead} (phối hợp: {partners})" if partners else lead,
                  citations=[record_citation(own)], facts=typed([own]))


# the document's own time asked
_FOR_WHEN = re.compile(r"\b(?:ap dung|giai doan nao|thoi ky nao|cho nam nao|trong nam nao)\b")
# "giai đoạn 2026-2030", "thời kỳ 2021 - 2030, tầm nhìn đến năm 2050" (a period with the vision the title joins to it)
_TITLE_TIME = re.compile(r"(?:giai đoạn|thời kỳ|năm|đến năm)\s+(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d"
                         r"(?:,?\s*(?:tầm nhìn|định hướng)\s+đến\s+năm\s+(?:19|20)\d\d)?)?", re.I)


def _titled_time(kb: KnowledgeBase, question: str, reading: Reading, doc: DocumentRecord) -> Answer | None:
    """The time a document's title gives it ("Danh mục … hội chợ … năm 2026", "Kế hoạch … giai đoạn 2026-2030"),
    when it has no "Thời gian thực hiện" of its own; cited where the title stands in its text."""
    times = list(_TITLE_TIME.finditer(doc.title or ""))
    if not times or not _FOR_WHEN.search(fold(question)):
        return None
    if re.search(r"\b(?:giai doan|thoi ky) nao\b", fold(question)):  # a period asked: "thời kỳ 2021 - 2030", not
        times = [t for t in times if re.search(r"[-–]", t.group(0))] or times  # not the vision alone
    said = " ".join(times[-1].group(0).split())
    return Answer(question=question, intent="deadline", reading=reading, confidence=0.5,
                  answer=f"{name_of(doc)}: {said.lower()} (theo trích yếu của văn bản)",
                  citations=[document_citation(kb, doc, said)])


def not_in_kb(kb: KnowledgeBase, question: str, reading: Reading, documents: list[DocumentRecord],
              said: dict[str, Any] | None = None) -> Answer:
    """The document named is not in the knowledge base: say so, and which documents mention it; ``said``: what
    they say that answers the question (``fields.supported`` over them), given as theirs."""
    named = reading.missing[0]
    citing = mentioning(kb, named, documents)
    missing = f"Văn bản {named.as_written} không có trong kho."
    base = {"question": question, "intent": "general", "reading": reading, "status": "not_in_kb"}
    if said and said.get("status", "answered") == "answered":
        source = next((d for d in citing if d.doc_id == said["citations"][0].doc_id), citing[0])
        return Answer(**{**said, **base, "answer": f"{missing} Theo {name_of(source)} (có nhắc đến văn bản này): "
                                                   f"{said['answer']}", "confidence": 0.0})
    citations = [document_citation(kb, d, named.number or named.as_written) for d in citing[:3]]
    also = ""
    if citing:
        quote = next((q for d in citing[:5] if (q := dated_mention(kb, d, named.number or named.as_written))), None) \
            or _around(citations[0].quote, named.number or named.as_written)
        also = (" Các văn bản trong kho có nhắc đến văn bản này: " + "; ".join(name_of(d) for d in citing[:5])
                + (f" (“…{quote}…”)" if quote else "") + ".")
    return Answer(**base, answer=f"{missing}{also}", citations=citations)


def _around(line: str, needle: str, width: int = 90) -> str:
    """The words of ``line`` around ``needle`` ("… Nghị quyết số 02-NQ/TU ngày 16/7/2021 của Tỉnh ủy …")."""
    at = fold(line).find(fold(needle))
    if at < 0:
        return ""
    return " ".join(line[max(0, at - width // 3):at + len(needle) + width].split())
