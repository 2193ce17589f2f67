"""The ruled tables of a PDF page, read as tables.

The text layer gives a table one line per cell fragment, column after column::

    1.
    Tăng cường lãnh đạo, chỉ đạo xây dựng và
    tổ chức thực hiện hiệu quả các chủ trương,
    Các
    bộ
    ở
    Trung ương, …

and nothing says where the task ends and its lead begins. The grid the page draws does: PyMuPDF's table finder
(``find_tables``, its ``lines_strict`` strategy: only drawn lines, not filled backgrounds, bound cells) gives each
cell's box and text, so the row is written as the other loaders write one — ``1. | Tăng cường … | Các bộ ở Trung
ương, Ủy ban nhân dân cấp tỉnh ở địa phương | … | Thường xuyên`` — and read by the same table readers
(``ingest.facts.tables``).

A merged cell repeats its text in each row it spans, as python-docx gives a DOCX table, except in the header, whose
spanning cells leave the rows under them empty ("| | Điểm số | Chỉ số …" under "STT | Nội dung | Lâm Đồng"); a cell
spanning the row to its right leaves those columns empty. A group row, one cell across the table ("I. Đổi mới mạnh
mẽ tư duy …"), has its mark set in a cell of its own ("I. | Đổi mới …"), as a group row is written elsewhere. A table
that opens a page with the columns of the table that closed the page before goes on with it (``OpenTable``): its
first row is a header only where it repeats that table's header, and a merged cell that ran over the page gives its
text to the rows under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GROUP_MARK = re.compile(r"^([IVXLC]{1,6}|[A-ZĐ]|\d{1,3}(?:\.\d{1,3})*)\.?\s+(?=\S)")


@dataclass
class OpenTable:
    """The table that closed the page before: its columns and header, which a table opening the next page goes on
    with."""

    columns: int
    header: list[str]
    last: list[str]  # its last row


def page_tables(page) -> list:
    """The ruled tables of a page, top to bottom: two rows and two columns at least (a one-cell box is a frame)."""
    import pymupdf

    pymupdf.no_recommend_layout()  # else it prints an advertisement on stdout, where `kb … --json` writes
    found = page.find_tables(strategy="lines_strict")
    tables = [t for t in found.tables if t.row_count >= 2 and t.col_count >= 2]
    return sorted(tables, key=lambda t: t.bbox[1])


def table_rows(table) -> list[list[str]]:
    """The text of each cell of ``table``, row by row, merged cells resolved (see the module's docstring)."""
    grid = table.extract()
    boxes = [row.cells for row in table.rows]
    lefts = [min((row[j][0] for row in boxes if row[j] is not None), default=0.0) for j in range(table.col_count)]
    origin: list[list[int]] = []  # the row each resolved cell's text comes from
    rows: list[list[str]] = []
    for i, row in enumerate(grid):
        cells, came = [], []
        for j, text in enumerate(row):
            if text is not None:
                cells.append(" ".join(text.split()))
                came.append(i)
            elif _spans_from_left(boxes[i], j, lefts[j]) or i == 0 or origin[i - 1][j] == 0:
                cells.append("")  # a cell to its left spans it, or it is under a header cell
                came.append(0 if i == 0 or origin[i - 1][j] == 0 else i)
            else:
                cells.append(rows[i - 1][j])  # a merged cell spanning the rows: its text in each
                came.append(origin[i - 1][j])
        rows.append(cells)
        origin.append(came)
    return [_group_row(cells, boxes[i]) for i, cells in enumerate(rows)]


def _spans_from_left(boxes: list, j: int, left: float) -> bool:
    """Whether the nearest cell to the left of column ``j`` in this row reaches over it."""
    for box in reversed(boxes[:j]):
        if box is not None:
            return box[2] > left + 1
    return False


def _group_row(cells: list[str], boxes: list) -> list[str]:
    """A row that is one cell across the table, its mark set in a cell of its own: ["I.", "Đổi mới …"]."""
    if sum(box is not None for box in boxes) != 1 or boxes[0] is None or not cells[0]:
        return cells
    mark = _GROUP_MARK.match(cells[0])
    return [mark.group(0).strip(), cells[0][mark.end():]] if mark else [cells[0]]


def merged_over_the_page(rows: list[list[str]], above: list[str]) -> list[list[str]]:
    """The first rows of a table going on from the page before, whose first cells are empty where a merged cell ran
    over the page ("| | Xây dựng, ban hành quy định …" under "1 | Bộ Thông tin và Truyền thông | …"): those cells
    take the text of the row above. Not a row broken over the page, whose text goes on in lower case."""
    out = []
    for cells in rows:
        text = next((i for i, cell in enumerate(cells) if cell), None)
        if cells[0] or text is None or cells[text][:1].islower() or len(above) != len(cells):
            return out + rows[len(out):]
        cells = [above[i] if i < text else cell for i, cell in enumerate(cells)]
        out.append(cells)
        above = cells
    return out
