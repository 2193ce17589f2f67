"""Browsing the records: targets, tasks (by body, due date, document, text) and bodies."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from kb.errors import InputError
from kb.facts import FactFilter
from kb.model import Body, Record
from kb.service import KnowledgeBase
from search_api.deps import KBDep, Reader

router = APIRouter(tags=["facts"], dependencies=[Reader])


class Page(BaseModel):
    total: int
    items: list[Record]


_ISO = r"^\d{4}-\d{2}-\d{2}$"


def _date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise InputError(f"{value!r} is not a date (YYYY-MM-DD)", code="bad_date",
                         vi=f"{value!r} không phải là ngày (YYYY-MM-DD).") from exc


BodyQ = Annotated[str | None, Query(description="body, accented or not: 'Bộ Nội vụ', 'bo noi vu'",
                                    examples=["Bộ Thông tin và Truyền thông"], max_length=200)]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


def task_page(kb: KnowledgeBase, flt: FactFilter, limit: int = 100, offset: int = 0) -> Page:
    """Tasks matching ``flt`` (its dates checked), one page of them: ``GET /v1/tasks`` and the assistants' tool."""
    flt.due_before, flt.due_after = _date(flt.due_before), _date(flt.due_after)
    total, items = kb.record_page("task", flt, limit, offset)
    return Page(total=total, items=items)


def target_page(kb: KnowledgeBase, flt: FactFilter, limit: int = 100, offset: int = 0) -> Page:
    total, items = kb.record_page("target", flt, limit, offset)
    return Page(total=total, items=items)


@router.get("/tasks", response_model=Page, summary="Tasks (nhiệm vụ) with lead body, coordinators and deadline")
def tasks(kb: KBDep, body: BodyQ = None, role: Literal["lead", "coordinator", "any"] = "lead",
          due_before: Annotated[str | None, Query(pattern=_ISO, description="due strictly before YYYY-MM-DD")] = None,
          due_after: Annotated[str | None, Query(pattern=_ISO, description="due on or after YYYY-MM-DD")] = None,
          doc_id: str | None = None, text: Annotated[str | None, Query(max_length=200)] = None,
          limit: Limit = 100, offset: Offset = 0) -> Page:
    flt = FactFilter(body=body, role=role, due_before=due_before, due_after=due_after, doc_id=doc_id, text=text)
    return task_page(kb, flt, limit, offset)


@router.get("/targets", response_model=Page, summary="Targets (chỉ tiêu) with value, horizon and monitoring body")
def targets(kb: KBDep, body: BodyQ = None, doc_id: str | None = None,
            text: Annotated[str | None, Query(max_length=200)] = None,
            horizon_year: Annotated[int | None, Query(ge=1900, le=2100, description="the year the target is set "
                                                                                    "for ('đến năm 2030')")] = None,
            limit: Limit = 100, offset: Offset = 0) -> Page:
    year = {"due_after": f"{horizon_year}-01-01", "due_to": f"{horizon_year}-12-31"} if horizon_year else {}
    return target_page(kb, FactFilter(body=body, doc_id=doc_id, text=text, **year), limit, offset)


@router.get("/bodies", summary="Bodies: how many tasks they lead or coordinate, and targets they monitor")
def bodies(kb: KBDep) -> list[Body]:
    return kb.bodies()
