from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AfterValidator, BaseModel, Field, model_validator
from pydantic_core import PydanticCustomError

from kb.model import Answer, SearchResult
from kb.store import Filters
from search_api.deps import KBDep, Reader
from search_api.protocol import no_nul

router = APIRouter(tags=["search"], dependencies=[Reader])


class FilterSpec(BaseModel):
    doc_type: str | None = Field(None, examples=["Nghị quyết"])
    issuer: str | None = None
    doc_id: str | None = None
    year_from: int | None = Field(None, ge=1900, le=2100)
    year_to: int | None = Field(None, ge=1900, le=2100)

    @model_validator(mode="after")
    def _ordered_years(self) -> FilterSpec:
        """An inverted range ("từ 2030 đến 2020") matches nothing: refused rather than silently empty."""
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise PydanticCustomError("year_range", "year_from ({year_from}) is after year_to ({year_to})",
                                      {"year_from": self.year_from, "year_to": self.year_to})
        return self

    def to_filters(self) -> Filters:
        return Filters(doc_types=[self.doc_type] if self.doc_type else [],
                       issuers=[self.issuer] if self.issuer else [],
                       doc_ids=[self.doc_id] if self.doc_id else [],
                       year_from=self.year_from, year_to=self.year_to)


class AskRequest(BaseModel):
    question: Annotated[str, AfterValidator(no_nul)] = Field(
        min_length=1, max_length=2000, examples=["Tây Ninh đã thành lập bao nhiêu tổ công nghệ cộng đồng?"])
    filters: FilterSpec | None = None


@router.get("/search", response_model=SearchResult, summary="Hybrid search with citations")
def search(kb: KBDep,
           q: Annotated[str, Query(min_length=1, max_length=2000, examples=["chi tieu dich vu cong truc tuyen 2025"])],
           filters: Annotated[FilterSpec, Query()],
           limit: Annotated[int, Query(ge=1, le=100)] = 10,
           facets: Annotated[bool, Query(description="add passage counts by doc_type, issuer and year")] = False,
           ) -> SearchResult:
    result = kb.search(q, limit, filters.to_filters())
    if facets:
        result.facets = kb.facets(filters.to_filters())
    return result


@router.post("/ask", response_model=Answer, summary="Answer a question from the documents, with citations")
def ask(kb: KBDep, body: AskRequest) -> Answer:
    return kb.ask(body.question, body.filters.to_filters() if body.filters else None)
