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
                       "periodic", "weekly", "daily", "relative", "start", "unknown"]


class Deadline(BaseModel):
    """A time expression as written and what it means: "Quý II/2025" → quarter 2 of 2025, due 2025-06-30."""

    text: str
    kind: DeadlineKind
    year: int | None = None
    month: int | None = None
    quarter: int | None = None
    day: int | None = None
    due: str | None = Field(None, description="ISO date: the last day the deadline allows; null when recurring")
    start: str | None = Field(None, description="ISO date a duty starts: \"bắt đầu từ tháng 01/2026\", also of a "
                                                "recurring one (\"hằng tháng, bắt đầu thực hiện từ tháng 01/2026\")")


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
    parent: str | None = Field(None, description="the indicator this one details (sub-rows 11.1, 11.2 …), or the "
                                              "heading it stands under (\"- Lĩnh vực nông nghiệp\")")
    value: str = Field(description="as written with comparator and unit, e.g. ít nhất 80%, 2% GDP")
    number: float | None = None
    unit: str | None = None
    comparator: Literal[">=", ">", "<=", "<", "~", "="] | None = None
    unit_column: str = Field("", description="a table's unit column, when it has one")
    horizon: str | None = Field(None, description="as written, e.g. đến năm 2030")
    horizon_year: int | None = None
    by_year: dict[int, str] = Field(default_factory=dict, description="a table with a column per year: each year's "
                                                                      "figure as written (the value is the last)")
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
    documents: list[str] = Field(default_factory=list, description="doc_ids of the documents whose records name it")


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


class Passage(BaseModel):
    """A cited span of a document with the text around it: what ``text[start:end]`` says, where it stands."""

    citation: Citation
    before: str = Field(description="the text just before the span (up to ``context`` characters)")
    after: str = Field(description="the text just after the span")


RESTORED = ("the question with its diacritics restored from the documents' own words, when it was typed "
            "without any: both halves of the search read this text")


Asks = Literal["document", "list", "body", "deadline", "value", "reference", "general"]
Fact = Literal["number", "type", "issuer", "issued", "signer", "effective", "replaces", "repeals", "legal_basis",
               "validity", "title", "proposer"]


class DocRef(BaseModel):
    as_written: str
    number: str | None = None
    doc_type: str | None = None
    doc_id: str | None = Field(None, description="the document of the knowledge base it names; null when missing")
    carried_out: bool = Field(False, description="named as what is carried out (\"thực hiện Nghị quyết 57\"): the "
                                                  "documents that carry it out answer too")
    by_title: bool = Field(False, description="named by the words of its title, not its number (kept when a search "
                                              "for the question finds it)")


class Reading(BaseModel):
    """How a question was read."""

    asks: Asks
    fact: Fact | None = Field(None, description="asks=document: which fact of it")
    more_facts: list[Fact] = Field(default_factory=list, description="asks=document: other facts asked with it "
                                                                    "(\"ban hành ngày nào, cơ quan nào ban hành?\")")
    also: list[Asks] = Field(default_factory=list, description="a second field the question asks for")
    list_of: Literal["tasks", "targets", "documents"] | None = None
    items_of: str | None = Field(None, description="lists: the kind of item asked, when narrower than a task "
                                                   "(\"những báo cáo nào\" → \"báo cáo\", \"những dự án nào\")")
    documents: list[DocRef] = Field(default_factory=list, description="documents named, found in the knowledge base")
    missing: list[DocRef] = Field(default_factory=list, description="documents named, not in the knowledge base")
    body: str | None = Field(None, description="the body the question names: lists are of its records; a deadline or "
                                               "a value is read only from text about it")
    role: Literal["lead", "coordinator", "any", "recipient"] = Field(
        "lead", description="the body asked or named: who leads, coordinates, or receives "
                            "(\"báo cáo về cơ quan nào?\")")
    holder_of: str | None = Field(None, description="body questions about a post: the post whose holder is asked "
                                                     "(\"Trưởng ban … là ai?\")")
    due_from: str | None = Field(None, description="ISO: due on or after")
    due_to: str | None = Field(None, description="ISO: due on or before")
    period: str | None = Field(None, description="lists of targets: the stage they are set for (\"2025-2027\" of "
                                                 "\"giai đoạn 2025-2027\")")
    places: list[str] = Field(default_factory=list, description="the provinces or cities it names: answered from the "
                                                                "documents that speak of them")
    doc_type: str | None = Field(None, description="lists of documents: of this type")
    issuer: str | None = Field(None, description="lists of documents: issued by (folded words)")
    year: int | None = Field(None, description="lists of documents: issued in")


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
    status: Literal["answered", "not_found", "not_in_kb"] = Field(
        "answered", description="not_found: nothing in the documents supports an answer (the citations are then "
                                "the closest passages, for reading); not_in_kb: the document the question names is "
                                "not in the knowledge base")
    confidence: float = Field(0.0, description="how much of the question the supporting text covers, 0 to 1")
    reading: Reading | None = Field(None, description="how the question was read: what it asks, the documents it "
                                                      "names, its conditions")
    total: int | None = Field(None, description="lists: how many records or documents match (facts holds them)")


class OutlineList(BaseModel):
    """A list of a document's outline: a line heading two or more marked items ("2. Mục tiêu cụ thể" over "a) …",
    "b) …"; "… các nhiệm vụ trọng tâm sau:" over "1. …", "2. …"), as offsets into its text. Kept with the text by
    ingestion (``ingest.facts.section_lists``), read by answers that enumerate a section (``kb.answer.sections``)."""

    start: int
    end: int = Field(description="the head's line")
    above: list[tuple[int, int]] = Field(description="the lines of the items above the head, outermost first")
    items: list[tuple[int, int]] = Field(description="the line of each item it heads")
    last: int = Field(description="where the last item's own items end")


class Relation(BaseModel):
    type: Literal["rests_on", "implements", "amends", "replaces", "replaced_by", "mentions"]
    number: str | None = Field(None, description="the other document's number, e.g. 57-NQ/TW")
    title: str | None = Field(None, description="how it is named when it has no number (a law by name and date)")
    doc_id: str | None = Field(None, description="the other document, when it is in the knowledge base")
    start: int | None = Field(None, description="where the document says it (a 'Căn cứ …' clause): text offsets")
    end: int | None = None


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
    issued_by: str | None = Field(None, description="the body its type line names: NGHỊ QUYẾT CỦA BỘ CHÍNH TRỊ")
    places: list[str] = Field(default_factory=list, description="the provinces and cities its text names")
    signer: str | None = Field(None, description="who signed it, as the signature block writes the name")
    proposed_by: str | None = Field(None, description="who proposed it, from its preamble (\"Theo đề nghị của …\")")
    effective: str | None = Field(None, description="ISO date it takes effect, when the text says")
    effective_text: str | None = Field(None, description="how it says so: kể từ ngày ký, từ ngày 01 tháng 7 năm 2026")
    repeals: list[str] = Field(default_factory=list, description="its sentences that repeal or end other texts")
    validity: Literal["còn hiệu lực", "chưa có hiệu lực", "hết hiệu lực"] | None = Field(
        None, description="from its effective date, and from documents of the knowledge base that replace it")
    original: bool = Field(False, description="the original file is kept: GET /v1/documents/{id}/original")
