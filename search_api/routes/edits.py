"""Correcting a document's record (editors): the change, its log, and undoing one change (``kb.corrections``)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, field_validator

from kb import corrections
from kb.model import DocumentRecord
from search_api.deps import EditorRole, KBDep, Reader

router = APIRouter(tags=["documents"])

_DATE = r"^\d{4}-\d{2}(-\d{2})?$"  # a day, or a month when only the month is known ("2020-10")


class Correction(BaseModel):
    """The fields to set; a field sent as null is cleared, a field not sent is left as it is."""

    model_config = ConfigDict(extra="forbid")
    number: str | None = Field(None, max_length=100, examples=["1234/UBND-KT"])
    doc_type: str | None = Field(None, max_length=100, examples=["Công văn"])
    issuer: str | None = Field(None, max_length=300)
    issued: str | None = Field(None, pattern=_DATE, description="YYYY-MM-DD, or YYYY-MM")
    title: str | None = Field(None, max_length=1000)
    signer: str | None = Field(None, max_length=200)
    effective: str | None = Field(None, pattern=_DATE, description="YYYY-MM-DD")

    @field_validator("issued", "effective")
    @classmethod
    def _a_real_date(cls, value: str | None) -> str | None:
        """"2025-13-40" or "0000-00" match the pattern and are no date: refused (422), never stored."""
        if value:
            try:
                day = date.fromisoformat(value if len(value) == 10 else f"{value}-01")
            except ValueError:
                raise ValueError(f"'{value}' không phải là ngày có thật (YYYY-MM-DD)") from None
            if day.year < 1900:
                raise ValueError(f"'{value}': năm phải từ 1900 trở đi")
        return value


class Edit(BaseModel):
    id: str
    doc_id: str
    at: str = Field(description="when, ISO 8601 UTC")
    by: str = Field(description="the role of the key that made it")
    before: dict[str, str | None]
    after: dict[str, str | None]
    reverts: str | None = Field(None, description="the edit this one undid")


@router.patch("/documents/{doc_id}", response_model=DocumentRecord,
              summary="Correct a document's record (editor): logged, reversible, kept when it is ingested again")
def correct_document(kb: KBDep, role: EditorRole, doc_id: str, body: Correction) -> DocumentRecord:
    corrections.correct(kb, doc_id, {k: (v.strip() or None) if isinstance(v, str) else v
                                     for k, v in body.model_dump(exclude_unset=True).items()}, role)
    return kb.document(doc_id)


@router.get("/documents/{doc_id}/edits", response_model=list[Edit], dependencies=[Reader],
            summary="The corrections of a document's record, the latest first")
def document_edits(kb: KBDep, doc_id: str) -> list[dict]:
    return corrections.history(kb, doc_id)


@router.post("/documents/{doc_id}/edits/{edit_id}/revert", response_model=DocumentRecord,
             summary="Undo one correction (editor): its earlier values come back, as a new logged edit")
def revert_edit(kb: KBDep, role: EditorRole, doc_id: str, edit_id: str) -> DocumentRecord:
    corrections.revert(kb, doc_id, edit_id, role)
    return kb.document(doc_id)
