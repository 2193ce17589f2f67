"""Citations for what an answer rests on: a record, a span of a passage, a line of a document."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kb.model import Citation, DocumentRecord, Target, Task
from kb.text import fold

if TYPE_CHECKING:
    from kb.service import KnowledgeBase

HEADER_CHARS = 600


def record_citation(record: dict[str, Any]) -> Citation:
    return Citation(doc_id=record["doc_id"], source=record["source"], number=record.get("doc_number"),
                    doc_type=record.get("doc_type"), title=record.get("title"), section=record.get("section") or "",
                    page=record.get("page"), quote=record["quote"], start=record["start"], end=record["end"], score=1.0)


def narrow(c: Citation, start: int, end: int) -> Citation:
    """The citation of a span inside the passage ``c`` (its quote stays ``text[start:end]``)."""
    offset = start - c.start
    return c.model_copy(update={"quote": c.quote[offset:offset + end - start], "start": start, "end": end})


def document_citation(kb: KnowledgeBase, doc: DocumentRecord, needle: str | None = None,
                      span: tuple[int, int] | None = None) -> Citation:
    """The line of a document's text that holds ``needle`` (compared folded), or the ``span`` given, else its
    first lines."""
    text = kb.text(doc.doc_id)
    start, end = span or (0, min(len(text), HEADER_CHARS))
    if needle and not span:
        at = fold(text).find(fold(needle))
        if at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at + len(needle))
            end = len(text) if end < 0 else end
    while end > start and text[end - 1].isspace():
        end -= 1
    return Citation(doc_id=doc.doc_id, source=doc.source, number=doc.number, doc_type=doc.doc_type, title=doc.title,
                    section="", page=None, quote=text[start:end], start=start, end=end, score=1.0)


def typed(records: list[dict[str, Any]]) -> list[Task | Target]:
    return [Task(**r) if r["kind"] == "task" else Target(**r) for r in records]


def name_of(doc: DocumentRecord) -> str:
    """How an answer names a document: "Nghị định 224/2026/NĐ-CP", or its type and title when it has no number."""
    if doc.number:
        return f"{doc.doc_type or 'Văn bản'} {doc.number}"
    title = re.sub(r"\s+", " ", doc.title or doc.source)
    return f"{doc.doc_type or 'Văn bản'} “{title[:90]}”"


def clip(text: str, limit: int = 110) -> str:
    """A text on one line, cut to ``limit`` characters with "…": how an answer line names an item."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
