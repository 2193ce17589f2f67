"""Dify's External Knowledge API: ``POST /v1/retrieval`` (and ``/retrieval``), so that a Dify app can use this
knowledge base as its knowledge source.

Dify sends ``{"knowledge_id", "query", "retrieval_setting": {"top_k", "score_threshold"},
"metadata_condition"?}`` with ``Authorization: Bearer KEY`` and reads ``{"records": [{"content", "score",
"title", "metadata"}]}``. The keys are the API's (any role reads; no key is needed while reading is open),
and a refusal carries Dify's ``error_code`` and ``error_msg`` beside the one error shape: 1001 a malformed
Authorization header (403), 1002 a wrong key (403), 2001 a ``knowledge_id`` that names no documents (404).

``knowledge_id`` picks the documents searched: ``all`` (the whole knowledge base), ``type:Nghị quyết``,
``issuer:Chính phủ`` (compared without diacritics or case) or ``doc:03/NQ-CP,ID2`` (ids, file names or
numbers). ``metadata_condition`` is checked on each record's ``metadata`` (doc_id, number, doc_type, title,
issuer, issued, year, section, page, source) among the 100 best passages.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

from kb.answer.cite import name_of
from kb.config import Settings
from kb.errors import AuthError, KBError, NotFound
from kb.model import Citation, DocumentRecord
from kb.store import Filters
from kb.text import fold
from search_api.deps import KBDep, authorize
from search_api.errors import ERROR_RESPONSES, ErrorBody
from search_api.mcp_shapes import link
from search_api.protocol import no_nul

CANDIDATES = 100  # passages a metadata condition is checked on


class DifyError(KBError):
    """A refusal Dify understands: its ``error_code`` beside our code (``search_api.errors.error_response``)."""

    def __init__(self, dify_code: int, status: int, message: str, vi: str, code: str) -> None:
        super().__init__(message, code=code, vi=vi)
        self.dify_code, self.status = dify_code, status


def dify_key(request: Request) -> None:
    """The API's own key check, its refusals told with Dify's codes."""
    header = request.headers.get("authorization")
    if header is not None and not (header[:7].lower() == "bearer " and header[7:].strip()):
        raise DifyError(1001, 403, "Invalid Authorization header format. Expected 'Bearer <api-key>' format.",
                        "Tiêu đề Authorization không đúng dạng 'Bearer <khoá API>'.", "unauthorized")
    try:
        authorize(request, "reader")
    except AuthError as exc:
        if header is None and not request.headers.get("x-api-key"):
            raise DifyError(1001, 403, "Authorization header is missing. Expected 'Bearer <api-key>' format.",
                            "Thiếu tiêu đề Authorization: Bearer <khoá API>.", "unauthorized") from exc
        raise DifyError(1002, 403, "Authorization failed: the API key is not valid.",
                        "Xác thực thất bại: khoá API không đúng.", "unauthorized") from exc


router = APIRouter(tags=["dify"], dependencies=[Depends(dify_key)])
STRICT = ConfigDict(strict=True)  # false is not 0, "5" is not 5: what Dify sends is typed


class RetrievalSetting(BaseModel):
    model_config = STRICT

    top_k: int = Field(ge=1, le=CANDIDATES, examples=[5])
    score_threshold: float = Field(0.0, ge=0, le=1, description="0 when Dify's score threshold is off")


Operator = Literal["contains", "not contains", "start with", "end with", "is", "is not", "in", "not in", "empty",
                   "not empty", "null", "not null", "=", "≠", ">", "<", "≥", "≤", "before", "after"]


class Condition(BaseModel):
    model_config = STRICT

    name: str | list[str] = Field(description="a metadata field, or several (any of them may match)",
                                  examples=["doc_type"])
    comparison_operator: Operator
    value: StrictStr | StrictInt | StrictFloat | list[StrictStr] | None = None


class MetadataCondition(BaseModel):
    model_config = STRICT

    logical_operator: Literal["and", "or"] = "and"
    conditions: list[Condition] = Field(max_length=50)


class RetrievalRequest(BaseModel):
    model_config = STRICT

    knowledge_id: str = Field(min_length=1, max_length=1000, examples=["all", "type:Nghị quyết", "doc:03/NQ-CP"])
    query: Annotated[str, AfterValidator(no_nul)] = Field(min_length=1, max_length=2000)
    retrieval_setting: RetrievalSetting
    metadata_condition: MetadataCondition | None = None


class RetrievalRecord(BaseModel):
    content: str = Field(description="the passage, exactly as the document's text has it")
    score: float = Field(description="relevance, 0 to 1")
    title: str = Field(description="the document: type and number, e.g. Nghị quyết 03/NQ-CP")
    metadata: dict[str, Any] = Field(description="the citation: doc_id, number, section, page, start, end, link …")


class RetrievalResponse(BaseModel):
    records: list[RetrievalRecord]


class DifyErrorBody(ErrorBody):
    """The one error shape, with the fields Dify reads."""

    error_code: int = Field(examples=[1002], description="1001 malformed Authorization header, 1002 wrong key, "
                                                          "2001 no such knowledge")
    error_msg: str


RESPONSES: dict[int | str, dict] = {
    **ERROR_RESPONSES, 403: {"model": DifyErrorBody, "description": "1001 or 1002: the key"},
    404: {"model": DifyErrorBody, "description": "2001: knowledge_id names no documents"}}


@router.post("/retrieval", response_model=RetrievalResponse, responses=RESPONSES,
             summary="Dify External Knowledge API: passages for a query, with their citations as metadata")
def retrieval(kb: KBDep, body: RetrievalRequest) -> RetrievalResponse:
    docs = {d.doc_id: d for d in kb.documents()}
    filters = collection(body.knowledge_id, list(docs.values()), kb.resolve)
    setting, condition = body.retrieval_setting, body.metadata_condition
    hits = kb.search(body.query, CANDIDATES if condition else setting.top_k, filters).hits
    records = []
    for hit in hits:
        meta = metadata(hit, docs.get(hit.doc_id), kb.settings.page_url)
        score = relevance(hit.score, kb.settings)
        if score >= setting.score_threshold and (condition is None or holds(condition, meta)):
            records.append(RetrievalRecord(content=hit.quote, score=score, title=_title(hit, docs), metadata=meta))
    return RetrievalResponse(records=records[:setting.top_k])


def _unknown(knowledge_id: str) -> DifyError:
    return DifyError(2001, 404, f"The knowledge does not exist: {knowledge_id!r} (use all, type:…, issuer:… or "
                                "doc:…)", f"Không có kho tri thức {knowledge_id!r} (dùng all, type:…, issuer:… hoặc "
                                          "doc:…).", "not_found")


def collection(knowledge_id: str, docs: list[DocumentRecord], resolve: Callable[[str], str]) -> Filters:
    """The documents ``knowledge_id`` names, as search filters; 2001 when it names none."""
    kind, sep, value = knowledge_id.strip().partition(":")
    if not sep and fold(kind) in ("all", "*"):
        return Filters()
    wanted = [v.strip() for v in value.split(",") if v.strip()]
    if fold(kind) in ("type", "issuer") and len(wanted) == 1:
        field = "doc_type" if fold(kind) == "type" else "issuer"
        values = sorted({getattr(d, field) for d in docs if fold(getattr(d, field) or "") == fold(wanted[0])})
        if values:
            return Filters(doc_types=values) if field == "doc_type" else Filters(issuers=values)
    elif fold(kind) == "doc" and wanted:
        try:
            return Filters(doc_ids=[resolve(ref) for ref in wanted])
        except NotFound:
            pass
    raise _unknown(knowledge_id)


def metadata(hit: Citation, doc: DocumentRecord | None, base: str) -> dict[str, Any]:
    """A hit's citation as Dify's record metadata (no null values: Dify's pipeline wants plain values)."""
    issued = doc.issued if doc else None
    meta = {"doc_id": hit.doc_id, "source": hit.source, "number": hit.number, "doc_type": hit.doc_type,
            "title": hit.title, "issuer": doc.issuer if doc else None, "issued": issued,
            "year": int(issued[:4]) if issued else None, "section": hit.section, "page": hit.page,
            "start": hit.start, "end": hit.end, "link": link(base, hit.doc_id, hit.start, hit.end)}
    return {k: v for k, v in meta.items() if v is not None and v != ""}


def _title(hit: Citation, docs: dict[str, DocumentRecord]) -> str:
    doc = docs.get(hit.doc_id)
    return name_of(doc) if doc else hit.number or hit.title or hit.source


def relevance(score: float, settings: Settings) -> float:
    """The fused score on Dify's 0 to 1 scale: its share of the best sum the fusion gives, capped at 1. DBSF adds
    each list's score normalised over that list's own candidates (mean ± 3 standard deviations to 0–1; dense and
    sparse, a third list for a named document number), so the best passage usually reaches 1 and the scale says
    how a passage stands among the candidates, not how relevant it is in absolute terms. RRF adds
    weight/(k + rank) per list: at most (1 + dense weight)/(k + 1)."""
    best = 2.0 if settings.fusion == "dbsf" else (1.0 + settings.dense_weight) / (settings.rrf_k + 1)
    return round(min(1.0, max(0.0, score / best)), 6)


def holds(condition: MetadataCondition, meta: dict[str, Any]) -> bool:
    results = (_holds(c, meta) for c in condition.conditions)
    return any(results) if condition.logical_operator == "or" else all(results)


def _holds(c: Condition, meta: dict[str, Any]) -> bool:
    names = [c.name] if isinstance(c.name, str) else c.name
    return any(compare(c.comparison_operator, meta.get(name), c.value) for name in names)


def compare(op: str, have: Any, want: Any) -> bool:
    """One of Dify's comparison operators; text compared without diacritics or case."""
    if op in ("empty", "null", "not empty", "not null"):
        return (have in (None, "", [])) == (op in ("empty", "null"))
    negated = {"not contains": "contains", "is not": "is", "not in": "in", "≠": "="}
    if op in negated:
        return not compare(negated[op], have, want)
    if have is None:
        return False
    text, wants = fold(str(have)), [fold(str(w)) for w in (want if isinstance(want, list) else [want])]
    if op in ("contains", "start with", "end with", "is", "in"):
        tests = {"contains": lambda w: w in text, "start with": text.startswith, "end with": text.endswith,
                 "is": lambda w: text == w, "in": lambda w: text == w}
        # "in" any of a list; the others take one value (an empty list matches nothing)
        return any(tests[op](w) for w in wants) if op == "in" else bool(wants) and tests[op](wants[0])
    if op in ("before", "after"):
        day = _day(want)
        return day is not None and (str(have) < day if op == "before" else str(have) > day)
    return _numeric(op, have, want)


def _day(value: Any) -> str | None:
    """An ISO date, or a Unix time in seconds as Dify's date fields send it."""
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
        return datetime.fromtimestamp(float(value), UTC).date().isoformat()
    return str(value) if value else None


def _numeric(op: str, have: Any, want: Any) -> bool:
    try:
        a, b = float(have), float(want)
    except (TypeError, ValueError):
        return False
    if math.isnan(a) or math.isnan(b):
        return False
    return {"=": a == b, ">": a > b, "<": a < b, "≥": a >= b, "≤": a <= b}[op]
