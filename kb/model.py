"""The shapes the outside sees (``interface.md``): citations, search results, answers, documents."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Intent = Literal["target", "deadline", "body", "general"]


class Citation(BaseModel):
    doc_id: str
    source: str = Field(description="file name as ingested, e.g. 000_3fc06e878f02839b.txt")
    number: str | None = Field(None, description="document number, e.g. 713/QĐ-UBND")
    doc_type: str | None = Field(None, description="Quyết định, Nghị quyết, Kế hoạch …")
    title: str | None = None
    section: str = Field("", description="readable path, e.g. Phụ lục II › I › 5 or Điều 7 › Khoản 2")
    page: int | None = Field(None, description="1-based page for paged formats (PDF), else null")
    quote: str = Field(description="exact text of the document: text[start:end]")
    start: int
    end: int
    score: float


RESTORED = ("the question with its diacritics restored from the documents' own words, when it was typed "
            "without any: both halves of the search read this text")


class SearchResult(BaseModel):
    query: str
    restored_query: str | None = Field(None, description=RESTORED)
    hits: list[Citation]
    facets: dict[str, dict[str, int]] | None = Field(
        None, description="with facets=true: passages per doc_type, issuer and year among those the filters allow")


class Answer(BaseModel):
    question: str
    restored_query: str | None = Field(None, description=RESTORED)
    intent: Intent
    answer: str
    facts: list[dict[str, Any]] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class Relation(BaseModel):
    type: Literal["rests_on", "implements", "amends", "replaces", "mentions"]
    number: str | None = Field(None, description="the other document's number, e.g. 57-NQ/TW")
    title: str | None = Field(None, description="how it is named when it has no number (a law by name and date)")
    doc_id: str | None = Field(None, description="the other document, when it is in the knowledge base")


class DocumentRecord(BaseModel):
    doc_id: str
    source: str
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued: str | None = Field(None, description="ISO date of issue")
    place: str | None = None
    title: str | None = None
    lang: str | None = None
    format: str | None = None
    chunks: int = 0
    pages: int | None = None
    numbers: list[str] = Field(default_factory=list, description="document numbers mentioned in the text")
    sha256: str = ""
    size: int = 0
    ingested_at: str = ""
    warnings: list[str] = Field(default_factory=list)
    legal_bases: list[str] = Field(default_factory=list, description="numbers cited in its 'Căn cứ …' paragraphs")
    relations: list[Relation] = Field(default_factory=list)
    targets: int = Field(0, description="targets (chỉ tiêu) extracted")
    tasks: int = Field(0, description="tasks (nhiệm vụ) extracted")
