"""Tasks and targets from table rows, whatever the exact column names.

A column's role comes from its header: the task ("Nhiệm vụ", "Nội dung", "Tên nhiệm vụ/dự án"), the lead
("Cơ quan chủ trì", "Đơn vị thực hiện"), the coordinators ("phối hợp"), the output ("Kết quả", "Sản phẩm"),
the time ("Thời gian", "Thời hạn", "Tiến độ"); for targets the indicator ("Chỉ tiêu", "Nội dung"), the unit
("ĐVT"), the value ("Kết quả", "Mục tiêu") or one column per year ("Năm 2026" … "Năm 2030": the last is the
value, its year the horizon), and the monitoring body. A group row ("I | Đến năm 2030") gives the rows under
it their group, and a target its horizon; a row that only heads sub-rows (11 → 11.1, 11.2) is their parent.
A task table's "Chỉ tiêu" column with a figure is also a target, due when the task is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.facts.targets import figures, parse_value
from ingest.flat_table import NUMBER_COLUMN
from kb.bodies import split_bodies
from kb.deadlines import TIME_COLUMN, find_deadline, find_horizon
from kb.text import fold

_TASK_COLUMNS = {
    "tt": NUMBER_COLUMN,
    "task": re.compile(r"nhiem vu|noi dung|ten (de an|du an|chuong trinh)|cong viec|hoat dong|giai phap|"
                       r"^ten (?!chi tieu)"),  # "Tên thông tin thống kê" | … | "Đơn vị chịu trách nhiệm phổ biến"
    "lead": re.compile(r"chu tri|don vi thuc hien|co quan thuc hien|^thuc hien$|don vi chu tri|phu trach|"
                       r"chiu trach nhiem"),
    "coordinators": re.compile(r"phoi hop"),
    "output": re.compile(r"ket qua|san pham"),
    "deadline": TIME_COLUMN,
    "target": re.compile(r"^chi tieu"),
}
_BARE_LEAD = re.compile(r"^(?:don vi|co quan)$")  # a column named only "Đơn vị" when no column says "chủ trì"
_YEAR_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")  # "2026 - 2030" in a column's name
_TARGET_COLUMNS = {
    "tt": _TASK_COLUMNS["tt"],
    "indicator": re.compile(r"^chi tieu|ten chi tieu|noi dung|^san pham"),
    "unit": re.compile(r"don vi tinh|^don vi$|^dvt$"),
    "value": re.compile(r"ket qua|muc tieu|gia tri|chi tieu can dat|^dat$|ke hoach"),
    "monitor": re.compile(r"theo doi|chu tri|co quan"),
}
_YEAR_COLUMN = re.compile(r"^(?:nam\s+|kh\s+|ke hoach\s+|du kien\s+(?:nam\s+)?)?((?:19|20)\d\d)$")


@dataclass
class Row:
    start: int
    end: int
    cells: list[str]
    header: list[str]
    group: str
    section: str
    page: int | None


def columns(header: list[str], spec: dict[str, re.Pattern[str]]) -> dict[str, int]:
    cells = [fold(c.strip()) for c in header]
    found: dict[str, int] = {}
    for name, pattern in spec.items():
        for index, cell in enumerate(cells):
            if pattern.search(cell) and index not in found.values():
                found[name] = index
                break
    return found


def year_columns(header: list[str]) -> list[tuple[int, int]]:
    """(column, year) of the columns named by a year ("Năm 2030", "2030", "KH 2030"), also under a spanning
    header ("GIAI ĐOẠN 2026 - 2030 › Năm 2027", "Kế hoạch 2030 › Lượng (Tấn)")."""
    out = []
    for index, cell in enumerate(header):
        for part in reversed(cell.split("›")):
            if m := _YEAR_COLUMN.match(fold(part.strip())):
                out.append((index, int(m.group(1))))
                break
    return out


def _with_unit(value: str, header: str) -> str:
    """"18.000" under "Kế hoạch 2030 › Lượng (Tấn)" → "18.000 tấn"."""
    unit = re.search(r"\(([^()]{1,20})\)\s*$", header)
    return f"{value} {unit.group(1).lower()}" if unit and not re.search(r"[^\d.,\s]", value) else value


def _cell(cells: list[str], cols: dict[str, int], name: str) -> str:
    index = cols.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def task_row(row: Row) -> dict | None:
    """The fields of a task from a row of a task table, or None when the table is not one."""
    cols = columns(row.header, _TASK_COLUMNS)
    bare = [i for i, c in enumerate(row.header) if _BARE_LEAD.match(fold(c.strip())) and i not in cols.values()]
    if "lead" not in cols and bare:  # "STT | Đơn vị | Nhiệm vụ chủ trì | Đơn vị phối hợp | …": the row's bodies
        cols["lead"] = bare[0]
    if "task" not in cols or "lead" not in cols:
        return None
    deadline_cell = _cell(row.cells, cols, "deadline").rstrip(" .;,")  # "Khi có phát sinh."
    task = _cell(row.cells, cols, "task")
    lead = _cell(row.cells, cols, "lead")
    if not task or not lead:
        return None
    coordinators = _cell(row.cells, cols, "coordinators")
    return {"task": task, "lead": split_bodies(lead),
            "coordinators": split_bodies(coordinators) if coordinators else [],
            "output": _cell(row.cells, cols, "output") or None,
            "deadline": deadline_cell if len(deadline_cell) <= 80 else find_deadline(deadline_cell, weak=True) or None,
            "target": _cell(row.cells, cols, "target")}


def target_row(row: Row, parent: dict[str, str]) -> dict | None:
    """The fields of a target from a row of a target table, or None. ``parent`` keeps the row that heads
    sub-rows ("11 | Chỉ tiêu về …" with no value) for the rows under it."""
    cols = columns(row.header, _TARGET_COLUMNS)
    years = year_columns(row.header)
    if "indicator" not in cols or not ("value" in cols or years):
        return None
    number = _cell(row.cells, cols, "tt").rstrip(".")
    indicator = _cell(row.cells, cols, "indicator")
    value, horizon = _cell(row.cells, cols, "value"), None
    by_year: dict[int, str] = {}
    for index, year in years:  # "Năm 2026" … "Năm 2030": every year's figure; the last is the target's value
        if index < len(row.cells) and row.cells[index].strip():
            said = _with_unit(row.cells[index].strip(), row.header[index])
            by_year[year] = f"{by_year[year]}; {said}" if year in by_year else said
    if years:
        year = max(y for _, y in years)
        value, horizon = by_year.get(year, ""), f"năm {year}"
    if not value:
        if not _cell(row.cells, cols, "monitor"):
            parent.update(number=number, indicator=indicator)  # a heading of sub-indicators, not a target
        return None
    unit = _cell(row.cells, cols, "unit")
    parsed = parse_value(value if not unit or re.search(r"%|[^\d.,\s]", value) else f"{value} {unit}")
    parsed["value"] = value
    # "11.1" under "11"; "-" under "1 | Cà phê"
    under = number.startswith(parent.get("number", "") + ".") or number in ("", "-", "+", "*")
    inherited = parent.get("indicator") if parent.get("number") and under else None
    return {"indicator": indicator, "parent": inherited, "unit_column": unit, **parsed, "by_year": by_year,
            "horizon": horizon or find_horizon(indicator) or find_horizon(row.group) or row.group
            or _column_horizon(row.header, cols) or None,
            "monitor": split_bodies(_cell(row.cells, cols, "monitor")) if _cell(row.cells, cols, "monitor") else []}


def _column_horizon(header: list[str], cols: dict[str, int]) -> str | None:
    """The horizon the value column's name states ("Mục tiêu đến năm 2030", "MỤC TIÊU 2026 - 2030")."""
    name = header[cols["value"]] if "value" in cols and cols["value"] < len(header) else ""
    if span := _YEAR_SPAN.search(name):
        return f"giai đoạn {span.group(1)} - {span.group(2)}"
    return find_horizon(name)


def row_goal(task: dict) -> dict | None:
    """A target stated in a task table's "Chỉ tiêu" column: "ít nhất 02 loại hình sản phẩm được cấp"."""
    text = task.get("target") or ""
    found = figures(text)
    if not found or not task.get("deadline"):
        return None
    parsed = parse_value(text)
    return {"indicator": text, "parent": None, "unit_column": "", **parsed, "horizon": task["deadline"],
            "monitor": task["lead"]}
