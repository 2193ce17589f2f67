"""Task and target tables exported as CSV and XLSX (GET /v1/tasks/export, /v1/targets/export) by a real
``kb serve`` over Nghị quyết 03/NQ-CP (appendix tables of tasks and targets), reading closed to callers
without a key: the same records as the listing with the same filters, under Vietnamese headers."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from openpyxl import load_workbook

from kb.text import fold
from tests.conftest import PLAN_READER


@pytest.fixture(scope="module")
def api(plan_api):
    base, _ = plan_api
    with httpx.Client(base_url=base, timeout=60, headers={"X-API-Key": PLAN_READER}) as client:
        yield client


def test_tasks_export_as_csv_with_the_listings_filters(api):
    body = next(b["name"] for b in api.get("/v1/bodies").json() if b["lead"] >= 2)
    filters = {"body": body, "role": "lead", "due_after": "2025-01-01"}
    listed = api.get("/v1/tasks", params={**filters, "limit": 500}).json()
    answer = api.get("/v1/tasks/export", params=filters)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"] == 'attachment; filename="nhiem-vu.csv"'
    assert answer.content.startswith("\ufeff".encode())  # spreadsheet programs read the Vietnamese right
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == ["Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Hạn (ngày)", "Mục",
                       "Văn bản", "Tệp nguồn"]
    assert int(answer.headers["x-total-count"]) == listed["total"] == len(rows) - 1 > 0
    assert [r[0].lstrip("'") for r in rows[1:]] == [t["task"] for t in listed["items"]]
    # the body as each document writes it ("Các Bộ, cơ quan ngang Bộ" here, "các bộ, cơ quan ngang bộ" there): one body
    assert all(fold(body) in fold(r[1]) and r[4] >= "2025-01-01" for r in rows[1:])


def test_targets_export_as_xlsx_and_an_answers_records_by_id(api):
    listed = api.get("/v1/targets", params={"horizon_year": 2030, "limit": 500}).json()
    assert listed["total"] > 0
    answer = api.get("/v1/targets/export", params={"horizon_year": 2030, "format": "xlsx"})
    assert answer.status_code == 200 and "spreadsheetml" in answer.headers["content-type"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet.title == "Chỉ tiêu"
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0][:5] == ["Chỉ tiêu", "Giá trị", "Đơn vị", "Thời hạn/Mốc", "Năm mốc"]
    assert len(table) - 1 == listed["total"] and {r[4] for r in table[1:]} == {2030}
    assert [r[0] for r in table[1:]] == [t["indicator"] for t in listed["items"]]
    two = [t["id"] for t in listed["items"][:2]]
    picked = api.get("/v1/targets/export", params={"ids": two, "format": "xlsx"})
    assert [r[0].value for r in load_workbook(io.BytesIO(picked.content)).active.iter_rows(min_row=2)] == \
        [t["indicator"] for t in listed["items"][:2]]


def test_exports_refuse_bad_input_in_the_error_shape_and_need_read_access(api):
    for params, status in (({"format": "pdf"}, 422), ({"due_before": "2025-02-30"}, 400)):
        answer = api.get("/v1/tasks/export", params=params)
        assert answer.status_code == status and set(answer.json()) == {"error"}, answer.text
    assert api.get("/v1/targets/export", params={"horizon_year": 12}).status_code == 422
    assert httpx.get(f"{api.base_url}/v1/tasks/export", headers={"X-API-Key": ""}).status_code == 401
