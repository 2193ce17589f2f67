"""Browsing the records: targets, tasks (by body, due date, document, text) and bodies."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel

from kb.errors import InputError
from kb.facts import FactFilter
from kb.model import Body, Record
from kb.service import KnowledgeBase
from search_api.deps import KBDep, Reader
from search_api.export import EXPORT_MAX, Format, export

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
    flt.due_before, flt.due_after = _date(flt.due_before), _date(flt.due_after)  # the assistants' tool too
    total, items = kb.record_page("task", flt, limit, offset)
    return Page(total=total, items=items)


def target_page(kb: KnowledgeBase, flt: FactFilter, limit: int = 100, offset: int = 0) -> Page:
    total, items = kb.record_page("target", flt, limit, offset)
    return Page(total=total, items=items)


Before = Annotated[str | None, Query(pattern=_ISO, description="due strictly before YYYY-MM-DD")]
After = Annotated[str | None, Query(pattern=_ISO, description="due on or after YYYY-MM-DD")]


def task_filter(body: BodyQ = None, role: Literal["lead", "coordinator", "any"] = "lead", due_before: Before = None,
                due_after: After = None,
                doc_id: str | None = None, text: Annotated[str | None, Query(max_length=200)] = None) -> FactFilter:
    """The filters of ``GET /v1/tasks``, also of its export."""
    return FactFilter(body=body, role=role, due_before=_date(due_before), due_after=_date(due_after), doc_id=doc_id,
                      text=text)


def target_filter(body: BodyQ = None, doc_id: str | None = None,
                  text: Annotated[str | None, Query(max_length=200)] = None,
                  horizon_year: Annotated[int | None, Query(ge=1900, le=2100, description="the year the target is "
                                                                                          "set for ('đến năm 2030')")]
                  = None) -> FactFilter:
    """The filters of ``GET /v1/targets``, also of its export."""
    year = {"due_after": f"{horizon_year}-01-01", "due_to": f"{horizon_year}-12-31"} if horizon_year else {}
    return FactFilter(body=body, doc_id=doc_id, text=text, **year)


TaskFilter = Annotated[FactFilter, Depends(task_filter)]
TargetFilter = Annotated[FactFilter, Depends(target_filter)]


@router.get("/tasks", response_model=Page, summary="Tasks (nhiệm vụ) with lead body, coordinators and deadline")
def tasks(kb: KBDep, flt: TaskFilter, limit: Limit = 100, offset: Offset = 0) -> Page:
    return task_page(kb, flt, limit, offset)


@router.get("/targets", response_model=Page, summary="Targets (chỉ tiêu) with value, horizon and monitoring body")
def targets(kb: KBDep, flt: TargetFilter, limit: Limit = 100, offset: Offset = 0) -> Page:
    return target_page(kb, flt, limit, offset)


FormatQ = Annotated[Format, Query(description="csv (UTF-8 with BOM) or xlsx")]
IdsQ = Annotated[list[str] | None, Query(max_length=500, description="only these records (an answer's)")]
_FILE = {200: {"content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}},
               "description": "the file; X-Total-Count: how many records matched"}}


def _export(kb: KnowledgeBase, kind: str, flt: FactFilter, fmt: Format, ids: list[str] | None) -> Response:
    if ids:
        wanted = set(ids)
        found = [r for r in kb.records(kind, flt) if r.id in wanted]
        return export(kind, found[:EXPORT_MAX], len(found), fmt)
    total, items = kb.record_page(kind, flt, EXPORT_MAX, 0)
    return export(kind, items, total, fmt)


@router.get("/tasks/export", response_class=Response, responses=_FILE,
            summary=f"The tasks GET /v1/tasks lists, all of them (at most {EXPORT_MAX}), as a CSV or XLSX file")
def export_tasks(kb: KBDep, flt: TaskFilter, format: FormatQ = "csv", ids: IdsQ = None) -> Response:
    return _export(kb, "task", flt, format, ids)


@router.get("/targets/export", response_class=Response, responses=_FILE,
            summary=f"The targets GET /v1/targets lists, all of them (at most {EXPORT_MAX}), as a CSV or XLSX file")
def export_targets(kb: KBDep, flt: TargetFilter, format: FormatQ = "csv", ids: IdsQ = None) -> Response:
    return _export(kb, "target", flt, format, ids)


@router.get("/bodies", summary="Bodies: how many tasks they lead or coordinate, and targets they monitor")
def bodies(kb: KBDep) -> list[Body]:
    return kb.bodies()
