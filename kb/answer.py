"""Extractive answers: the sentence of the best passages that best supports the question.

The answer is always text of a document, cited with its exact span; when nothing matches, the
answer says so instead of guessing. Structured answers (targets, tasks, bodies) build on this.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kb.model import Answer, Citation, Intent
from kb.retrieve import citation, normalise_query, retrieve
from kb.store import Filters
from kb.text import fold, sentence_spans, syllables

if TYPE_CHECKING:
    from kb.service import KnowledgeBase

NOT_FOUND = "Không tìm thấy thông tin phù hợp trong các văn bản hiện có."
CANDIDATES = 10  # passages whose sentences and records may answer
MIN_OVERLAP = 0.3  # share of the question's words an answer must contain: below it, nothing supports one
RANK_BONUS = 0.15  # ties between equally covering answers go to the better-ranked passage

_INTENTS: list[tuple[Intent, re.Pattern[str]]] = [
    ("body", re.compile(r"\b(co quan nao|don vi nao|ai chu tri|ai phu trach|ai ban hanh|chu tri|phoi hop voi ai|"
                        r"giao cho ai|cho ai|la ai|ai la|ai)\b")),
    ("deadline", re.compile(r"\b(khi nao|bao gio|thoi han|han chot|den han|luc nao|thoi gian hoan thanh|"
                            r"nam nao|ngay nao|thang nao|thang may|truoc ngay|den ngay|thoi diem nao|bao lau|"
                            r"han|hoan thanh truoc)\b")),
    ("target", re.compile(r"\b(bao nhieu|ty le|ti le|chi tieu|muc tieu|dat bao nhieu|phan tram|may|"
                          r"vao nhom nao|nhom nao|phan dau|dat muc)\b|^so\b.*\bden (nam )?20\d\d")),
]
# What an answer of each intent contains: a figure, a date, a body.
_EVIDENCE: dict[str, re.Pattern[str]] = {
    "target": re.compile(r"\d"),
    "deadline": re.compile(r"\b(19|20)\d\d\b|\btháng\s+\d|\bquý\b|\bngày\s+\d|\d{1,2}/\d{4}|thường xuyên", re.I),
    "body": re.compile(r"\b(Sở|Bộ|Ủy ban|UBND|HĐND|Ban|Cục|Tổng cục|Văn phòng|Chủ tịch|Thủ tướng|Chính phủ|"
                       r"Tỉnh ủy|Tỉnh uỷ|Công an|Trung tâm)\b"),
}
EVIDENCE_BONUS = 0.1
# Words of the question that say what is asked, not what it is about.
_QUESTION_WORDS = set("bao nhieu khi nao gi nao ai la the nhu the nao co khong da duoc cua va cac nhung "
                      "mot hay hoac o tai ve voi cho trong".split())


def detect_intent(question: str) -> Intent:
    folded = fold(question)
    for intent, pattern in _INTENTS:
        if pattern.search(folded):
            return intent
    return "general"


def _overlap(question_terms: set[str], text: str) -> float:
    """Share of the question's content syllables and syllable pairs found in ``text``."""
    syl = syllables(text)
    found = set(syl) | {f"{a}_{b}" for a, b in zip(syl, syl[1:], strict=False)}
    if not question_terms:
        return 0.0
    weights = {t: (2.0 if "_" in t else 1.0) for t in question_terms}
    return sum(w for t, w in weights.items() if t in found) / sum(weights.values())


def _question_terms(question: str) -> set[str]:
    syl = [s for s in syllables(question) if s not in _QUESTION_WORDS]
    return set(syl) | {f"{a}_{b}" for a, b in zip(syl, syl[1:], strict=False)}


def ask(kb: KnowledgeBase, question: str, filters: Filters | None = None) -> Answer:
    question = normalise_query(question)
    intent = detect_intent(question)
    records = kb.catalog.facts()
    listing = _browse(question, intent, records, filters)
    if listing is not None:
        return listing
    restored, hits = retrieve(kb, question, 10, filters)
    citations = [citation(h) for h in hits]
    best = _best_support(intent, _question_terms(question), hits, records)
    if best is None:
        return Answer(question=question, restored_query=restored, intent=intent, answer=NOT_FOUND,
                      citations=citations[:3])
    rank, start, end, record = best
    supporting = _narrow(citations[rank], start, end)
    others = [c for i, c in enumerate(citations) if i != rank]
    answer = _record_answer(intent, record) if record else None
    return Answer(question=question, restored_query=restored, intent=intent, answer=answer or supporting.quote,
                  facts=[record] if record else [], citations=[supporting, *others][:6])


_FIELD = {"body": "task", "deadline": "task", "target": "target"}


def _best_support(intent: Intent, terms: set[str], hits: list, records: list[dict]
                  ) -> tuple[int, int, int, dict | None] | None:
    """(hit rank, start, end, record or None) of the best answer among the sentences of the top
    passages and, for a body, deadline or target question, the records inside them. A candidate
    must contain ``MIN_OVERLAP`` of the question's words; the passage's rank breaks near-ties, and
    a record that answers the asked field wins over a plain sentence that covers as much."""
    kind = _FIELD.get(intent)
    by_doc: dict[str, list[dict]] = {}
    for record in records:
        if record["kind"] == kind and _record_answer(intent, record):
            by_doc.setdefault(record["doc_id"], []).append(record)
    best: tuple[float, int, int, int, dict | None] | None = None
    for rank, hit in enumerate(hits[:CANDIDATES]):
        p = hit.payload
        candidates: list[tuple[int, int, dict | None]] = [  # records first: on a tie, the record wins
            (r["start"], r["end"], r) for r in by_doc.get(p["doc_id"], [])
            if p["start"] <= r["start"] and r["end"] <= p["end"]]
        candidates += [(s, e, None) for s, e in sentence_spans(p["text"], p["start"])]
        for s, e, record in candidates:
            text = p["text"][s - p["start"]:e - p["start"]]
            overlap = _overlap(terms, text)
            if overlap < MIN_OVERLAP:
                continue
            score = overlap + RANK_BONUS / (rank + 1)
            if record is not None or intent in _EVIDENCE and _EVIDENCE[intent].search(text):
                score += EVIDENCE_BONUS
            if best is None or score > best[0]:
                best = (score, rank, s, e, record)
    return best[1:] if best else None


def _narrow(c: Citation, start: int, end: int) -> Citation:
    """The citation of a span inside the passage ``c`` (its quote stays ``text[start:end]``)."""
    offset = start - c.start
    return c.model_copy(update={"quote": c.quote[offset:offset + end - start], "start": start, "end": end})


def _record_answer(intent: Intent, record: dict) -> str | None:
    if intent == "body":
        names = [b["name"] for b in record.get("lead", [])]
        return ", ".join(names) or None
    if intent == "deadline":
        return record.get("deadline")
    value, horizon = record.get("value"), record.get("horizon")
    return f"{value} ({horizon})" if value and horizon else value


# -- browsing questions: "Những nhiệm vụ nào Bộ Nội vụ chủ trì?", "Nhiệm vụ nào đến hạn trước 6/2025?" ----

_LISTING = re.compile(r"\b(nhung|cac|danh sach)\s+nhiem vu\b|\bnhiem vu nao\b|\bbao nhieu nhiem vu\b")
LISTING_LIMIT = 50


def _browse(question: str, intent: Intent, records: list[dict], filters: Filters | None) -> Answer | None:
    from kb.facts import FactFilter, bodies, body_in_question, due_window, select

    if not _LISTING.search(fold(question)):
        return None
    body = body_in_question(question, bodies(records))
    before, after = due_window(question)
    if not (body or before or after):
        return None
    doc_ids = (filters.doc_ids if filters else []) or [None]
    found = [r for d in doc_ids for r in select(records, "task", FactFilter(body=body, due_before=before,
                                                                           due_after=after, doc_id=d))]
    found.sort(key=lambda r: (r.get("due") or "9999", r["doc_id"], r["start"]))
    parts = [f"{len(found)} nhiệm vụ"]
    if body:
        parts.append(f"do {body} chủ trì")
    if before:
        parts.append(f"đến hạn trước {before}")
    if after:
        parts.append(f"đến hạn từ {after}")
    answer = " ".join(parts) if found else f"Không tìm thấy nhiệm vụ nào {' '.join(parts[1:])}."
    citations = [_record_citation(r) for r in found[:10]]
    return Answer(question=question, intent="body" if body else "deadline", answer=answer,
                  facts=found[:LISTING_LIMIT], citations=citations)


def _record_citation(record: dict) -> Citation:
    return Citation(doc_id=record["doc_id"], source=record["source"], number=record.get("doc_number"),
                    doc_type=record.get("doc_type"), title=record.get("title"), section=record.get("section") or "",
                    page=record.get("page"), quote=record["quote"], start=record["start"], end=record["end"], score=1.0)
