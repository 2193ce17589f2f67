"""Deadlines and horizons as written, and a normalised form to sort and filter by.

>>> parse("Tháng 10/2025").due, parse("Quý II/2025").due, parse("trước năm 2026").due
('2025-10-31', '2025-06-30', '2025-12-31')
>>> parse("Thường xuyên").kind, parse("2025-2026").due, parse("trước ngày 30/6/2025").due
('ongoing', '2026-12-31', '2025-06-30')
"""

from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass
from datetime import date

from kb.text import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(20\d\d|19\d\d)"


@dataclass
class Deadline:
    text: str
    kind: str  # date | month | quarter | year | range | ongoing | yearly | unknown
    year: int | None = None
    month: int | None = None
    quarter: int | None = None
    day: int | None = None
    due: str | None = None  # ISO date: the last day the deadline allows

    def as_dict(self) -> dict:
        return asdict(self)


def _last_day(year: int, month: int) -> str:
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def _before(year: int, month: int = 1, day: int = 1) -> str:
    """The day before a period starts: "trước 6/2025" → 2025-05-31."""
    start = date(year, month, day)
    return date.fromordinal(start.toordinal() - 1).isoformat()


def parse(text: str) -> Deadline:
    raw = " ".join(text.split())
    t = fold(raw)
    before = bool(re.search(r"\b(truoc|cham nhat)\b", t))
    if re.search(r"\bthuong xuyen\b|\bliên tục\b|\blien tuc\b", t):
        return Deadline(raw, "ongoing")
    if re.search(r"\b(hang|hằng) nam\b", t) and not re.search(_YEAR, t):
        return Deadline(raw, "yearly")
    if m := re.search(rf"\b(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})\s*[/.-]\s*{_YEAR}", t) or \
            re.search(rf"ngay (\d{{1,2}}) thang (\d{{1,2}}) nam {_YEAR}", t):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            return Deadline(raw, "date", year, month, (month - 1) // 3 + 1, day, date(year, month, day).isoformat())
        except ValueError:
            return Deadline(raw, "unknown")
    if m := re.search(rf"\bquy\s+(iv|iii|ii|i|[1-4])\b\s*(?:/|-|nam)?\s*{_YEAR}", t):
        quarter = _ROMAN.get(m.group(1)) or int(m.group(1))
        year = int(m.group(2))
        due = _before(year, 3 * quarter - 2) if before else _last_day(year, 3 * quarter)
        return Deadline(raw, "quarter", year, quarter=quarter, due=due)
    if m := re.search(rf"\b{_YEAR}\s*[-–]\s*{_YEAR}\b", t):
        first, last = int(m.group(1)), int(m.group(2))
        return Deadline(raw, "range", last, due=_last_day(last, 12) if last >= first else None)
    if m := re.search(rf"(?:\bthang\s+)?\b(\d{{1,2}})\s*(?:/|-|nam)\s*{_YEAR}", t) or \
            re.search(rf"\bthang\s+(\d{{1,2}})\s+nam\s+{_YEAR}", t):
        month, year = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            due = _before(year, month) if before else _last_day(year, month)
            return Deadline(raw, "month", year, month, (month - 1) // 3 + 1, due=due)
    if m := re.search(rf"\b{_YEAR}\b", t):
        year = int(m.group(1))
        return Deadline(raw, "year", year, due=_before(year) if before else _last_day(year, 12))
    return Deadline(raw, "unknown")


_HORIZON = re.compile(
    rf"(?:(?:đến|tới|vào|trước|trong)\s+(?:hết\s+|cuối\s+)?(?:năm\s+)?{_YEAR}"
    rf"|giai đoạn\s+{_YEAR}\s*[-–]\s*{_YEAR}(?:,?\s*định hướng đến năm\s+{_YEAR})?)", re.I)


def find_horizon(text: str) -> str | None:
    """The first time horizon a sentence states: "đến cuối năm 2025", "trước năm 2026", "giai đoạn 2021-2025"."""
    match = _HORIZON.search(text)
    return match.group(0) if match else None
