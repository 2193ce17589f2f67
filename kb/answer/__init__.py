"""Answers an official can act on: the right document, the exact field, every condition, or "không có".

``ask`` reads the question first (``kb.question``: what is asked, the documents named, the conditions), then:

* a document named that is not in the knowledge base → says so (``not_in_kb``), with the documents that mention it;
* a fact of a named document (number, issuer, dates, signer, effect, what it repeals, validity) → from its record
  (``documents``), cited to the line of its text that states it;
* a list → the items of the document's list whose head says what is asked (``sections``), else every task or
  target (``lists``) or document (``documents``) that meets every condition, counted;
* a body, a deadline, a value, anything else → the field read out of the best supporting record or sentence of the
  top passages, searched in the named document only when one is named (``fields``);
* nothing above the bar → says so (``not_found``) and gives the closest passages to read.

Filters (document type, issuer, years, documents) apply to every kind of answer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from kb.answer import documents as docs
from kb.answer import fields, lists, rows, sections
from kb.answer.cite import document_citation
from kb.answer.terms import topic_words
from kb.bodies import find_bodies
from kb.bodies import key as body_key
from kb.facts import body_matches
from kb.model import Answer, DocRef, DocumentRecord, Intent, Reading
from kb.places import places_in
from kb.question import read
from kb.retrieve import citation, normalise_query, restore_accents, retrieve
from kb.store import Filters
from kb.text import fold

if TYPE_CHECKING:
    from kb.service import KnowledgeBase

TITLE_CHECK = 5  # a document named by its title's words must be among this many passages the question finds
NOT_FOUND = "Không tìm thấy thông tin phù hợp trong các văn bản hiện có."
_INTENT: dict[str, Intent] = {"body": "body", "deadline": "deadline", "value": "target"}


def detect_intent(question: str) -> Intent:
    """The intent of ``ask``'s JSON for a question read without the knowledge base."""
    reading = read(question, [], [])
    if reading.asks == "list":
        return "target" if reading.list_of == "targets" else "body" if reading.body else "deadline"
    return _INTENT.get(reading.asks, "general")


def allowed_documents(documents: list[DocumentRecord], filters: Filters | None) -> set[str] | None:
    """The documents the request's filters allow, or None when they allow all."""
    if filters is None or not any((filters.doc_ids, filters.doc_types, filters.issuers, filters.year_from,
                                   filters.year_to)):
        return None
    out = set()
    for d in documents:
        year = int(d.issued[:4]) if d.issued else None
        if filters.doc_ids and d.doc_id not in filters.doc_ids or filters.doc_types and d.doc_type not in \
                filters.doc_types or filters.issuers and d.issuer not in filters.issuers:
            continue
        if (filters.year_from or filters.year_to) and (year is None or filters.year_from and year < filters.year_from
                                                       or filters.year_to and year > filters.year_to):
            continue
        out.add(d.doc_id)
    return out


def _scope(reading: Reading, documents: list[DocumentRecord]) -> list[str]:
    """The documents to answer from: those named, and those that carry out one named so ("thực hiện Nghị quyết 57
    theo chương trình hành động của Chính phủ" → also the resolution that sets that programme)."""
    scope = [r.doc_id for r in reading.documents if r.doc_id]
    carried = {r.number for r in reading.documents if r.carried_out and r.number}
    scope += [d.doc_id for d in documents if d.doc_id not in scope and any(
        rel.type in ("implements", "rests_on") and rel.number in carried for rel in d.relations)]
    return scope


def _scoped(filters: Filters | None, doc_ids: list[str]) -> Filters:
    return (filters or Filters()).narrowed(doc_ids=doc_ids)


def ask(kb: KnowledgeBase, question: str, filters: Filters | None = None) -> Answer:
    question = normalise_query(question)
    restored = restore_accents(kb, question)
    documents = kb.documents()
    allowed = allowed_documents(documents, filters)
    reading = read(restored or question, documents, kb.bodies())
    reading.documents = [r for r in reading.documents if allowed is None or r.doc_id in allowed]
    if any(r.by_title for r in reading.documents):  # words of a title: kept when the question's search finds it
        _, hits = retrieve(kb, restored or question, TITLE_CHECK, filters)
        found = {h.payload["doc_id"] for h in hits}
        reading.documents = [r for r in reading.documents if not r.by_title or r.doc_id in found]
    fallback = None  # the documents naming the place, read when those of the place do not answer
    if reading.places and not reading.documents:  # "Ở Đắk Lắk, …": the documents of that place
        own = {d.doc_id for d in documents if _of_place(d, reading.places)}
        naming = {d.doc_id for d in documents if set(reading.places) <= set(d.places)}  # none its own: those naming it
        if own or naming or not _incidental(question, reading.places):
            allowed, fallback = (own or naming, naming) if allowed is None else (allowed & (own or naming),
                                                                                 allowed & naming)
    answer = _route(kb, restored or question, reading, documents, allowed, filters)
    if fallback and fallback != allowed and answer.status == "not_found":  # "Công ty … ở Lào Cai được phân bổ …": the
        # company's place, not its document's issuer (a ministry's decision lists it among others)
        answer = _route(kb, restored or question, reading, documents, fallback, filters)
    return answer.model_copy(update={"question": question, "restored_query": restored})


def _incidental(question: str, places: list[str]) -> bool:
    """The places a question names do not say whose documents to read: several ("… dự án Ninh Bình - Hải Phòng"),
    or each inside a body it names ("UBND tỉnh Hưng Yên phải báo cáo Phó Thủ tướng …", a duty a national document
    gives a province)."""
    bodies = " ".join(fold(b) for b in find_bodies(question))
    return len(places) > 1 or set(places) <= set(places_in(bodies))


def _of_place(doc: DocumentRecord, places: list[str]) -> bool:
    """A document of these places: its issuer or title names them ("Ủy ban nhân dân tỉnh Bắc Ninh"), or its text names
    no other place (an article on Tây Ninh); not a national plan that lists them among many."""
    return set(places) <= _named_places(f"{doc.issuer or ''} {doc.title or ''}") or set(doc.places) == set(places)


@lru_cache(maxsize=4096)
def _named_places(text: str) -> frozenset[str]:
    """The places a document's issuer and title name (asked of every document by every question naming a place)."""
    return frozenset(places_in(text))


def _naming(question: str, ref: DocRef, doc: DocumentRecord | None) -> str:
    """How the question names a document: its type and number, its issuer written after them ("Thông báo 627 của
    Văn phòng Chính phủ"), and its title's words: words that say where to look, not what to find."""
    folded = fold(question)  # as long as the question: the issuer is read from the same place in it
    at = re.search(rf"{re.escape(fold(ref.as_written))}\s+(?:cua\s+)?", folded) if ref.as_written else None
    rest = question[at.end():at.end() + 80] if at and len(folded) == len(question) else ""
    named = find_bodies(rest)
    issuer = named[0] if named and doc and doc.issuer and rest.startswith(named[0]) \
        and body_matches(named[0], [body_key(doc.issuer)]) else ""  # "UBND Lào Cai": its issuer, "tỉnh" unsaid
    title = doc.title if doc and doc.title else ""  # "Theo lịch phổ biến thông tin thống kê năm 2026 … (QĐ 1383)"
    return f"{ref.doc_type or ''} {ref.as_written} {issuer} {title}"


def _names_of(question: str, reading: Reading, by_id: dict[str, DocumentRecord]) -> str:
    """How the question names all the documents it reads (``_naming`` of each)."""
    return " ".join(_naming(question, r, by_id.get(r.doc_id or "")) for r in reading.documents)


def _written(reading: Reading) -> str:
    """The words the question writes to name its documents: their type and number as written."""
    return " ".join(f"{r.doc_type or ''} {r.as_written}" for r in reading.documents)


def _by_doc(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_doc.setdefault(record["doc_id"], []).append(record)
    return by_doc


def _not_in_kb(kb: KnowledgeBase, question: str, reading: Reading, documents: list[DocumentRecord],
               filters: Filters | None) -> Answer:
    """The document named is missing: said so, with what the documents that mention it say to the question."""
    citing = [d.doc_id for d in docs.mentioning(kb, reading.missing[0], documents)]
    said = None
    # what they say to the question; a date of the document itself is in the words that cite it, quoted
    acts = re.search(r"\b(hoan thanh|bao cao|gui|nop|trinh|thuc hien|trien khai|xong)\b", fold(question))
    if citing and (reading.asks in ("body", "value") or reading.asks == "deadline" and acts):
        _, hits = retrieve(kb, question, fields.CANDIDATES, _scoped(filters, citing))
        said = fields.supported(reading.asks, question, hits, [citation(h) for h in hits],
                                _by_doc(kb.catalog.facts()), reading)
    return docs.not_in_kb(kb, question, reading, documents, said)


def _route(kb: KnowledgeBase, question: str, reading: Reading, documents: list[DocumentRecord],
           allowed: set[str] | None, filters: Filters | None) -> Answer:
    if reading.missing and (not reading.documents or all(r.carried_out for r in reading.documents)
                            and not all(r.carried_out for r in reading.missing)):
        # "Kế hoạch 1520/KH-BTP … triển khai Nghị quyết 97/NQ-CP do ai ký?", "Quyết định 1120/QĐ-BTC … triển khai Nghị
        # quyết 109/NQ-CP giao đơn vị nào …?": the plan is asked, not what it carries out
        return _not_in_kb(kb, question, reading, documents, filters)
    if reading.asks == "document" and reading.documents:
        return docs.fact_answer(kb, question, reading, documents)
    if reading.asks == "list" and reading.list_of == "documents":
        return docs.list_answer(kb, question, reading, [d for d in documents if allowed is None or d.doc_id in allowed])
    records = kb.catalog.facts()
    by_id = {d.doc_id: d for d in documents}
    scope = _scope(reading, documents)
    if reading.asks == "list" and not scope and (reading.body or reading.due_from or reading.due_to) \
            and topic_words(question, " ".join([*reading.places, reading.body or ""])):
        # "Những việc nào liên quan đến các dự án điện Nhơn Trạch … phải hoàn thành trong tháng 11/2025?", "UBND xã,
        # phường ở Cần Thơ phải làm những việc gì để quản lý, bảo vệ nước dưới đất?": what is due then, or what the
        # body must do, in the document the question finds, not in every document
        _, hits = retrieve(kb, question, 1, _search_filters(reading, [], allowed, filters))
        scope = [h.payload["doc_id"] for h in hits]
        if reading.body and not lists.has_tasks_of(records, reading, scope):
            scope = []  # the body has no duty there: the question names its document some other way
    if reading.asks in ("list", "general") and scope and (quoted := _quoted(kb, question, reading, scope, by_id)):
        return quoted
    if reading.asks == "list" and (reading.body or reading.due_from or reading.due_to or scope):
        # tasks due in a period are read off their deadlines, not off a section that speaks of the topic
        dated = reading.list_of == "tasks" and (reading.due_from or reading.due_to)
        # what a body must not do is none of its duties: the document's list of it ("Điều 8. Những việc không được
        # làm …" for "Công chức thuế không được làm những việc gì …?")
        forbidden = re.search(r"\bkhong duoc\b", fold(question)) and not dated
        listed = _section_list(kb, question, reading, scope, by_id, records) \
            if forbidden or not (reading.body or dated) else None
        return listed or lists.records_answer(kb, question, reading, records, allowed, by_id, scope=scope)
    if reading.asks == "body" and _MANY_BODIES.search(fold(question)) \
            and (listed := _bodies_listed(kb, question, reading, scope, by_id, allowed, filters)):
        return listed  # "Những bộ nào được yêu cầu khắc phục …?": the bodies the list under the duty names, each
    if not scope and reading.places and allowed is not None and not allowed:  # no document speaks of the place
        return Answer(question=question, intent=_INTENT.get(reading.asks, "general"), answer=NOT_FOUND,
                      status="not_found", reading=reading)
    answer = _read_out(kb, question, reading, scope, _search_filters(reading, scope, allowed, filters), records,
                       by_id, allowed)
    if answer.status != "answered" and scope and all(r.carried_out for r in reading.documents):
        # "Theo chỉ đạo triển khai Nghị quyết 57, …": what carries it out may be known here only from the news
        wider = _read_out(kb, question, reading, [], _search_filters(reading, [], allowed, filters), records,
                          by_id, allowed)
        if wider.status == "answered":
            return wider
    return answer


def _section_list(kb: KnowledgeBase, question: str, reading: Reading, scope: list[str],
                  by_id: dict[str, DocumentRecord], records: list[dict[str, Any]]) -> Answer | None:
    """The items of the one document's list whose head says what is asked ("những mục tiêu cụ thể nào …"), counted
    as the document lists them (a bullet stating two figures is one item), with the targets they state as facts."""
    if len(scope) != 1 or scope[0] not in by_id:
        return None
    doc = by_id[scope[0]]
    naming = _names_of(question, reading, by_id)
    written = _written(reading)
    listed = sections.find_list(kb, question, doc, naming, written)
    untitled = " ".join(f"{r.doc_type or ''} {r.as_written}" for r in reading.documents if not r.by_title)
    if listed is None and untitled != naming and not (reading.due_from or reading.due_to):
        # the title's words may name the part asked as well ("[Quyết định … phê duyệt … lĩnh vực ưu tiên tổ chức
        # hội chợ …] lĩnh vực ưu tiên tổ chức hội chợ … gồm những gì", under "II. Lĩnh vực ưu tiên tổ chức hội chợ …")
        listed = sections.find_list(kb, question, doc, untitled, untitled)
    if listed is None and reading.list_of == "tasks" and not (reading.due_from or reading.due_to or reading.items_of):
        listed = sections.main_list(kb, doc, records)  # "Công điện 230 yêu cầu những việc gì?"
    if listed is None:
        return None
    stated = [r for r in records if r["doc_id"] == doc.doc_id and r["kind"] == "target"
              and any(a <= r["start"] < b for a, b in listed.spans)] if reading.list_of == "targets" else []
    return sections.items_answer(kb, question, reading, doc, listed, stated)


_QUOTED = re.compile(r"[“\"]([^”\"]{2,60})[”\"]")  # a term the question quotes: "“4 xin, 4 luôn”", "\"05 được\""
QUOTED_CONFIDENCE = 0.6  # the line that defines a term quoted, not a list


def _quoted(kb: KnowledgeBase, question: str, reading: Reading, scope: list[str],
            by_id: dict[str, DocumentRecord]) -> Answer | None:
    """A term the question quotes from the one document it reads ("“4 xin, 4 luôn” trong Quyết định 3509 gồm những
    gì?", "… nêu những \"05 được\" nào?"): the list the term's line heads, else that line; None when it is not there."""
    term = _QUOTED.search(question)
    if not term or len(scope) != 1 or scope[0] not in by_id:
        return None
    doc = by_id[scope[0]]
    line = document_citation(kb, doc, needle=term.group(1))
    if fold(term.group(1)) not in fold(line.quote):
        return None
    if listed := sections.headed_by(kb, doc.doc_id, line.start, line.end):
        return sections.items_answer(kb, question, reading, doc, listed)
    return Answer(question=question, intent="general", reading=reading, answer=line.quote,
                  confidence=QUOTED_CONFIDENCE, citations=[line])


# "những bộ nào …", "những cơ quan, đơn vị nào …": several bodies asked, each with its part
_MANY_BODIES = re.compile(r"\bnhung (?:co quan|don vi|bo|so|dia phuong|to chuc)(?:,? (?:co quan|don vi|dia phuong))?"
                          r" nao\b")


def _bodies_listed(kb: KnowledgeBase, question: str, reading: Reading, scope: list[str],
                   by_id: dict[str, DocumentRecord], allowed: set[str] | None,
                   filters: Filters | None) -> Answer | None:
    """The items of the list whose head says what several bodies must do, among the lists whose items open with a
    body ("a) Công an tỉnh: Tổng hợp …", "b) Sở Nội vụ: …"): each body with its part; None when there is none."""
    if not scope:  # the document the question finds
        _, hits = retrieve(kb, question, 1, _search_filters(reading, [], allowed, filters))
        scope = [h.payload["doc_id"] for h in hits]
    if len(scope) != 1 or scope[0] not in by_id:
        return None
    doc, text = by_id[scope[0]], kb.text(scope[0])
    naming = _names_of(question, reading, by_id)
    written = _written(reading)
    listed = sections.find_list(kb, question, doc, naming, written, keep=lambda h: sections.lists_bodies(text, h))
    return sections.items_answer(kb, question, reading, doc, listed) if listed else None


def _search_filters(reading: Reading, scope: list[str], allowed: set[str] | None,
                    filters: Filters | None) -> Filters | None:
    """The documents the search may read: those in scope, or those that speak of the place the question names."""
    if scope:
        return _scoped(filters, scope)
    if reading.places and allowed:
        return _scoped(filters, sorted(allowed))
    return filters


def _read_out(kb: KnowledgeBase, question: str, reading: Reading, scope: list[str], search_filters: Filters | None,
              records: list[dict[str, Any]], by_id: dict[str, DocumentRecord], allowed: set[str] | None) -> Answer:
    """The field asked, read out of the best record or sentence of the passages the search finds."""
    naming = _names_of(question, reading, by_id)
    _, hits = retrieve(kb, question, fields.SCOPED if scope else fields.CANDIDATES, search_filters)
    citations = [citation(h) for h in hits]
    if reading.asks == "list":  # a list with no condition: of the passage the question finds
        within = [(h.payload["doc_id"], h.payload["start"], h.payload["end"]) for h in hits[:1]]
        listed = _section_list(kb, question, reading, [d for d, _, _ in within], by_id, records) \
            or lists.records_answer(kb, question, reading, records, allowed, by_id, within)
        if listed.status == "answered":
            return listed
        # nothing listed there: how many the passages say there are ("Đề án xác định 7 nhóm nhiệm vụ chủ yếu …"),
        # or "not found" with the passages to read
        return lists.counted(question, reading, citations) or listed.model_copy(update={"citations": citations[:3]})
    asks = reading.asks if reading.asks in ("body", "deadline", "value", "reference") else "general"
    if asks == "body" and len(scope) == 1 and reading.role == "lead" and not reading.body \
            and not topic_words(question, " ".join([naming, *reading.places, *find_bodies(question)])) \
            and (charged := docs.implementer_answer(question, reading, by_id[scope[0]], records)):
        return charged  # "Cơ quan nào được giao chủ trì triển khai Kế hoạch …?": nothing but the plan is asked about
    # a figure asked of a name ("… cho Huế bao nhiêu?"): the table rows keyed by it, which search ranks low
    named = rows.named_rows(kb, question, hits) if asks == "value" else []
    best = fields.supported(asks, question, hits, [*citations, *map(citation, named)], _by_doc(records), reading,
                            naming, named)
    intent = _INTENT.get(reading.asks, "general")
    if (best is None or best.get("status") == "not_found") and asks == "deadline" and len(scope) == 1 \
            and not topic_words(question, " ".join([naming, *reading.places, *find_bodies(question)])) \
            and (plan := docs.duration_answer(kb, question, reading, by_id[scope[0]])):
        return plan  # "Kế hoạch … thực hiện đến khi nào?": nothing but the plan is asked about
    if best and asks == "general" and best.get("status", "answered") == "answered" and best.get("citations") \
            and (head := best["citations"][0]) and head.doc_id in by_id \
            and (listed := sections.headed_by(kb, head.doc_id, head.start, head.end)):
        return sections.items_answer(kb, question, reading, by_id[head.doc_id], listed)  # a heading: its items
    if best is None:
        said = (f"{docs.name_of(by_id[scope[0]])} không nêu thông tin này." if scope else NOT_FOUND)
        return Answer(question=question, intent=intent, answer=said, status="not_found", reading=reading,
                      citations=citations[:3])
    return Answer(question=question, intent=intent, **best)
