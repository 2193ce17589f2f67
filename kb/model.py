"""The shapes the outside sees (``interface.md``): citations, search results, answers, documents, and
the records read out of documents (tasks, targets, the bodies they name)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

Intent = Literal["target", "deadline", "body", "general"]


# -- records -----------------------------------------------------------------------------------------

class BodyRef(BaseModel):
    """A responsible body as a record names it."""

    name: str = Field(description="canonical name: abbreviations expanded, one tone placement, e.g. Sở Tài chính")
    key: str = Field(description="the canonical name folded (no diacritics, lower case): what matching uses")
    as_written: str = Field(description="as the document writes it, e.g. Sở TC")


DeadlineKind = Literal["date", "month", "quarter", "year", "range", "ongoing", "yearly", "quarterly", "monthly",
                       "periodic", "weekly", "daily", "relative", "unknown"]


class Deadline(BaseModel):
    """A time expression as written and what it means: "Quý II/2025" → quarter 2 of 2025, due 2025-06-30."""

    text: str
    kind: DeadlineKind
    year: int | None = None
    month: int | None = None
    quarter: int | None = None
    day: int | None = None
    due: str | None = Field(None, description="ISO date: the last day the deadline allows; null when recurring")


class _Record(BaseModel):
    id: str
    doc_id: str
    source: str
    doc_number: str | None = None
    doc_type: str | None = None
    title: str | None = None
    section: str = Field("", description="where it stands, e.g. Phụ lục II › I › 5 or III › 4 › b")
    page: int | None = None
    quote: str = Field(description="the exact text the record is read from: text[start:end]")
    start: int
    end: int
    origin: Literal["table", "outline", "prose"] = Field(
        description="table: a row of a table; outline: the body comes from a heading, lead-in or labelled "
                    "field above the item; prose: the item names it")


class Task(_Record):
    """A duty: who leads it, who coordinates, by when."""

    kind: Literal["task"] = "task"
    task: str = Field(description="what is to be done, as written")
    group: str = Field("", description="the group row or heading the task stands under")
    lead: list[BodyRef] = Field(default_factory=list)
    coordinators: list[BodyRef] = Field(default_factory=list)
    output: str | None = Field(None, description="the expected result or product, when stated")
    deadline: str | None = Field(None, description="the time expression as written, e.g. trước ngày 15/12/2025")
    deadline_norm: Deadline | None = None
    due: str | None = Field(None, description="ISO date the task is due by (from deadline_norm)")


class Target(_Record):
    """A quantified goal: indicator, value with its unit, horizon."""

    kind: Literal["target"] = "target"
    indicator: str = Field(description="what is measured, as written")
    parent: str | None = Field(None, description="the indicator this one details, for sub-rows 11.1, 11.2 …")
    value: str = Field(description="as written with comparator and unit, e.g. ít nhất 80%, 2% GDP")
    number: float | None = None
    unit: str | None = None
    comparator: Literal[">=", ">", "<=", "<", "~", "="] | None = None
    unit_column: str = Field("", description="a table's unit column, when it has one")
    horizon: str | None = Field(None, description="as written, e.g. đến năm 2030")
    horizon_year: int | None = None
    monitor: list[BodyRef] = Field(default_factory=list, description="the body that leads or monitors it")


Record = Annotated[Task | Target, Field(discriminator="kind")]


class Body(BaseModel):
    """A body and how many records name it, with the ways documents write it."""

    name: str
    key: str
    lead: int = 0
    coordinator: int = 0
    monitor: int = 0
    variants: list[str] = Field(default_factory=list)


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
    facts: list[Record] = Field(default_factory=list)
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
