"""What the assistants' tools (``search_api.mcp_server``) answer: the API's own shapes, each result with its
citation and a link to the document's view on the web page, the cited span highlighted.

A citation is the one of ``kb.model``: document number, type, title, section, page, the exact quote and its
offsets in the document's text. A record of a task or target carries it as ``citation``; a body lists the
documents that name it; a document cites its header lines.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from pydantic import BaseModel, Field

from kb.model import Answer, Body, Citation, DocumentRecord, Passage, Record, SearchResult, Target, Task

LINK = "mở văn bản trên trang web, đoạn trích được tô sáng"


def link(base: str, doc_id: str, start: int | None = None, end: int | None = None) -> str:
    """The page's document view: ``{base}/#/doc/{doc_id}?start=&end=`` (the web page's own route)."""
    view = f"{base}/#/doc/{quote(doc_id, safe='')}"
    return view if start is None or end is None else f"{view}?start={start}&end={end}"


class Cited(Citation):
    link: str = Field(description=LINK)


def cited(c: Citation, base: str) -> Cited:
    return Cited(**c.model_dump(), link=link(base, c.doc_id, c.start, c.end))


class CitedTask(Task):
    citation: Cited = Field(description="nơi nhiệm vụ được nêu trong văn bản")


class CitedTarget(Target):
    citation: Cited = Field(description="nơi chỉ tiêu được nêu trong văn bản")


CitedRecord = Annotated[CitedTask | CitedTarget, Field(discriminator="kind")]


def cited_record(record: Task | Target, base: str) -> CitedTask | CitedTarget:
    from kb.answer.cite import record_citation

    citation = cited(record_citation(record.model_dump()), base)
    kind = CitedTask if isinstance(record, Task) else CitedTarget
    return kind(**record.model_dump(), citation=citation)


class SearchOutput(BaseModel):
    query: str
    restored_query: str | None = Field(None, description="câu hỏi đã được thêm dấu (khi gõ không dấu)")
    hits: list[Cited] = Field(description="các đoạn văn bản, phù hợp nhất trước")


def search_output(result: SearchResult, base: str) -> SearchOutput:
    return SearchOutput(query=result.query, restored_query=result.restored_query,
                        hits=[cited(h, base) for h in result.hits])


class AskOutput(BaseModel):
    question: str
    answer: str = Field(description="câu trả lời ngắn; trích dẫn đầu tiên là căn cứ của nó")
    status: str = Field(description="answered | not_found (không có căn cứ) | not_in_kb (văn bản không có trong kho)")
    intent: str
    confidence: float
    total: int | None = Field(None, description="câu hỏi liệt kê: số bản ghi khớp")
    restored_query: str | None = None
    facts: list[CitedRecord] = Field(default_factory=list, description="các nhiệm vụ, chỉ tiêu làm căn cứ")
    citations: list[Cited] = Field(default_factory=list)


def ask_output(answer: Answer, base: str) -> AskOutput:
    return AskOutput(question=answer.question, answer=answer.answer, status=answer.status, intent=answer.intent,
                     confidence=answer.confidence, total=answer.total, restored_query=answer.restored_query,
                     facts=[cited_record(r, base) for r in answer.facts],
                     citations=[cited(c, base) for c in answer.citations])


class RecordsOutput(BaseModel):
    total: int = Field(description="số bản ghi khớp (trước khi phân trang)")
    items: list[CitedRecord]


def records_output(total: int, items: list[Record], base: str) -> RecordsOutput:
    return RecordsOutput(total=total, items=[cited_record(r, base) for r in items])


class DocumentRef(BaseModel):
    doc_id: str
    number: str | None = None
    doc_type: str | None = None
    title: str | None = None
    link: str = Field(description="mở văn bản trên trang web")


class CitedBody(Body):
    documents: list[DocumentRef] = Field(default_factory=list,  # type: ignore[assignment]
                                         description="các văn bản có nhiệm vụ, chỉ tiêu nêu cơ quan này")


class BodiesOutput(BaseModel):
    total: int
    items: list[CitedBody]


def bodies_output(total: int, bodies: list[Body], docs: dict[str, DocumentRecord], base: str) -> BodiesOutput:
    def ref(doc_id: str) -> DocumentRef:
        known = docs[doc_id].model_dump() if doc_id in docs else {"doc_id": doc_id}
        return DocumentRef(**known, link=link(base, doc_id))

    items = [CitedBody(**{**b.model_dump(), "documents": [ref(i) for i in b.documents]}) for b in bodies]
    return BodiesOutput(total=total, items=items)


class DocumentOutput(DocumentRecord):
    link: str = Field(description="mở văn bản trên trang web")
    citation: Cited = Field(description="phần đầu văn bản: số hiệu, cơ quan ban hành, trích yếu")


class PassageOutput(Passage):
    citation: Cited  # type: ignore[assignment]
