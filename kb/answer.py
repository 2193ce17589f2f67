"""Extractive answers: the sentence of the best passages that best supports the question.

The answer is always text of a document, cited with its exact span; when nothing matches, the
answer says so instead of guessing. Structured answers (targets, tasks, bodies) build on this.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kb.model import Answer, Citation, Intent
from kb.retrieve import citation, hybrid_hits, normalise_query
from kb.store import Filters
from kb.text import fold, syllables

if TYPE_CHECKING:
    from kb.service import KnowledgeBase

NOT_FOUND = "Không tìm thấy thông tin phù hợp trong các văn bản hiện có."
CANDIDATES = 5

_INTENTS: list[tuple[Intent, re.Pattern[str]]] = [
    ("body", re.compile(r"\b(co quan nao|don vi nao|ai chu tri|ai phu trach|ai ban hanh|chu tri|phoi hop voi ai|"
                        r"giao cho ai|cho ai|la ai|ai la|ai)\b")),
    ("deadline", re.compile(r"\b(khi nao|bao gio|thoi han|han chot|den han|luc nao|thoi gian hoan thanh|"
                            r"nam nao|ngay nao|thang nao|truoc ngay|den ngay)\b")),
    ("target", re.compile(r"\b(bao nhieu|ty le|ti le|chi tieu|muc tieu|dat bao nhieu|phan tram|may)\b")),
]
# A sentence (or clause after ";") ends at punctuation followed by a space or the end of a line;
# "4.2024", "1.818" and "2.79%" stay whole.
_SENTENCE = re.compile(r".+?(?:[.!?;…]+(?=\s|$)|$)", re.M)
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


def _sentences(quote: str, start: int) -> list[tuple[int, int]]:
    spans = []
    for match in _SENTENCE.finditer(quote):
        s, e = match.start(), match.end()
        while s < e and quote[s].isspace():
            s += 1
        while e > s and quote[e - 1].isspace():
            e -= 1
        if e - s >= 12:
            spans.append((start + s, start + e))
    return spans


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
    hits = hybrid_hits(kb, question, 10, filters)
    if not hits:
        return Answer(question=question, intent=intent, answer=NOT_FOUND)
    terms = _question_terms(question)
    best: tuple[float, int, int, int] | None = None  # (score, hit index, start, end)
    for rank, hit in enumerate(hits[:CANDIDATES]):
        quote, start = hit.payload["text"], hit.payload["start"]
        for s, e in _sentences(quote, start):
            sentence = quote[s - start:e - start]
            score = _overlap(terms, sentence) + 0.15 / (rank + 1)
            if intent in _EVIDENCE and _EVIDENCE[intent].search(sentence):
                score += EVIDENCE_BONUS
            if best is None or score > best[0]:
                best = (score, rank, s, e)
    citations = [citation(h) for h in hits]
    if best is None or best[0] < 0.2:
        return Answer(question=question, intent=intent, answer=NOT_FOUND, citations=citations[:3])
    _, rank, s, e = best
    top = citations[rank]
    offset = s - top.start
    supporting = top.model_copy(update={"quote": top.quote[offset:offset + e - s], "start": s, "end": e})
    others: list[Citation] = [c for i, c in enumerate(citations) if i != rank]
    return Answer(question=question, intent=intent, answer=supporting.quote, citations=[supporting, *others][:6])
