"""Task and target tables as files: CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
Vietnamese right) and XLSX (openpyxl), under Vietnamese headers: ``GET /v1/tasks/export``, ``/v1/targets/export``.

The full records, not the page's clipped cells. A cell that a spreadsheet would run as a formula (``=``, ``+``,
``@``, ``-`` before a non-blank) is written as text: as a string cell in XLSX, behind a ``'`` in CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Literal

from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from kb.model import Target, Task

Format = Literal["csv", "xlsx"]
EXPORT_MAX = 10_000  # records in one file at the most
_MEDIA = {"csv": "text/csv; charset=utf-8",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _bodies(refs) -> str:
    return "; ".join(b.name for b in refs)


def _doc(r: Task | Target) -> str:
    return r.doc_number or r.title or r.source


Column = tuple[str, Callable, float]  # header, value of a record, width in XLSX
COLUMNS: dict[str, list[Column]] = {
    "task": [("Nhiệm vụ", lambda t: t.task or t.quote, 70), ("Cơ quan chủ trì", lambda t: _bodies(t.lead), 30),
             ("Cơ quan phối hợp", lambda t: _bodies(t.coordinators), 30), ("Thời hạn", lambda t: t.deadline, 22),
             ("Hạn (ngày)", lambda t: t.due, 12), ("Mục", lambda t: t.section, 20), ("Văn bản", _doc, 22),
             ("Tệp nguồn", lambda t: t.source, 30)],
    "target": [("Chỉ tiêu", lambda t: t.indicator or t.quote, 60), ("Giá trị", lambda t: t.value, 22),
               ("Đơn vị", lambda t: t.unit_column or t.unit, 10), ("Thời hạn/Mốc", lambda t: t.horizon, 18),
               ("Năm mốc", lambda t: t.horizon_year, 10), ("Cơ quan theo dõi", lambda t: _bodies(t.monitor), 30),
               ("Mục", lambda t: t.section, 20), ("Văn bản", _doc, 22), ("Tệp nguồn", lambda t: t.source, 30)],
}
SHEET = {"task": "Nhiệm vụ", "target": "Chỉ tiêu"}
FILE = {"task": "nhiem-vu", "target": "chi-tieu"}


def _formula_like(value: str) -> bool:
    return value[:1] in ("=", "+", "@") or (value[:1] == "-" and value[1:2] not in ("", " ") and
                                             not value[1:2].isdigit())


def rows(kind: str, records: Sequence[Task | Target]) -> list[list]:
    """The header row, then a row per record: text, numbers or blanks."""
    cols = COLUMNS[kind]
    return [[c[0] for c in cols]] + [[("" if (v := c[1](r)) is None else v) for c in cols] for r in records]


def to_csv(table: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in table:
        writer.writerow([f"'{v}" if isinstance(v, str) and _formula_like(v) else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: list[list], kind: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET[kind]
    for row in table:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # a text that starts with "=" is the document's words, not a formula
                cell.data_type = "s"
    for i, (_, _, width) in enumerate(COLUMNS[kind]):
        sheet.column_dimensions[sheet.cell(row=1, column=i + 1).column_letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(kind: str, records: Sequence[Task | Target], total: int, fmt: Format) -> Response:
    """The file of these records; ``X-Total-Count``: how many matched (more than the file holds past EXPORT_MAX)."""
    table = rows(kind, records)
    body = to_csv(table) if fmt == "csv" else to_xlsx(table, kind)
    return Response(body, media_type=_MEDIA[fmt], headers={
        "Content-Disposition": f'attachment; filename="{FILE[kind]}.{fmt}"', "X-Total-Count": str(total)})
