"""Read a document the way it is written: header metadata and the section outline.

Header (Nghị định 30/2020/NĐ-CP): issuer top-left, ``Số: 713/QĐ-UBND``, ``Tây Ninh, ngày 29 tháng 3
năm 2021``, the type line in capitals (``QUYẾT ĐỊNH``) and the title after it. A document without a
header (a news article) keeps what can be known (title, mentioned numbers) and leaves the rest None.

Outline: Phần / Phụ lục › Chương › Mục › Điều › Khoản › Điểm for legal texts; I. › 1. › 1.1 / a) for
plans. ``section_at`` gives the readable path of any offset: "Điều 7 › Khoản 2 › Điểm b".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from ingest.textbuilder import Loaded
from kb.text import DOC_NUMBER, document_numbers, fold

DOC_TYPES = ["Nghị quyết", "Quyết định", "Nghị định", "Thông tư", "Thông tư liên tịch", "Chỉ thị", "Kế hoạch",
             "Đề án", "Chương trình", "Thông báo", "Hướng dẫn", "Quy chế", "Quy định", "Báo cáo", "Tờ trình",
             "Công văn", "Luật", "Bộ luật", "Pháp lệnh", "Lệnh", "Án lệ", "Công điện", "Phương án", "Dự án"]
_TYPE_BY_CAPS = {t.upper(): t for t in DOC_TYPES}
_TYPE_BY_ABBR = {"NQ": "Nghị quyết", "QĐ": "Quyết định", "NĐ": "Nghị định", "TT": "Thông tư", "CT": "Chỉ thị",
                 "KH": "Kế hoạch", "ĐA": "Đề án", "CTr": "Chương trình", "TB": "Thông báo", "HD": "Hướng dẫn",
                 "QC": "Quy chế", "BC": "Báo cáo", "TTr": "Tờ trình", "QH": "Luật", "CĐ": "Công điện",
                 "PA": "Phương án", "L": "Lệnh", "TTLT": "Thông tư liên tịch"}
_NATIONAL_MOTTO = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|"
                             r"ĐẢNG CỘNG SẢN VIỆT NAM|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc|_{3,}")
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_NUMBER_LINE = re.compile(rf"Số\s*:?\s*({DOC_NUMBER.pattern})")
_HEADER_CHARS = 1800
_PRECEDENT = re.compile(r"ÁN LỆ SỐ\s+(\d+/\d{4}/AL)")


@dataclass
class Metadata:
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued: str | None = None  # ISO date
    place: str | None = None
    title: str | None = None
    numbers: list[str] = field(default_factory=list)  # every document number mentioned

    @property
    def year(self) -> int | None:
        return int(self.issued[:4]) if self.issued else None


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _type_from_number(number: str) -> str | None:
    for part in re.split(r"[/-]", number):
        if part in _TYPE_BY_ABBR:
            return _TYPE_BY_ABBR[part]
    return None


def read_metadata(loaded: Loaded, source: str) -> Metadata:
    text = loaded.text
    head = text[:_HEADER_CHARS].split("\nCăn cứ", 1)[0]
    meta = Metadata(numbers=document_numbers(text))
    lines = [line.strip() for line in head.split("\n")]

    number = _NUMBER_LINE.search(head)
    if number:
        meta.number = number.group(1)
    elif precedent := _PRECEDENT.search(head):  # Án lệ: no header block, adopted by the Supreme Court
        meta.number, meta.doc_type = precedent.group(1), "Án lệ"
        meta.issuer = "Hội đồng Thẩm phán Tòa án nhân dân tối cao"
        meta.title = _first_line_title(head[precedent.end():])
        if dated := _DATE.search(head):
            meta.issued = _iso(*dated.groups())
        return meta
    dated = re.search(rf"([A-ZĐ][\w ]{{1,30}}),\s*{_DATE.pattern}", head) or _DATE.search(head)
    if dated and (meta.number or dated.start() < 400):
        groups = dated.groups()
        meta.issued = _iso(*groups[-3:])
        if len(groups) == 4:
            meta.place = groups[0].strip()

    type_index = next((i for i, line in enumerate(lines[:40]) if line.upper() == line and
                       _TYPE_BY_CAPS.get(line.rstrip(":").strip()) is not None), None)
    if type_index is not None:
        meta.doc_type = _TYPE_BY_CAPS[lines[type_index].rstrip(":").strip()]
        meta.title = _title_after(lines, type_index)
    elif meta.number:
        meta.doc_type = _type_from_number(meta.number)
    if meta.number or type_index is not None:
        meta.issuer = _issuer(lines)

    declared = loaded.meta
    meta.title = meta.title or declared.get("title") or _first_line_title(text)
    meta.issuer = meta.issuer or declared.get("issuer")
    if not meta.issued and declared.get("date"):
        meta.issued = declared["date"][:10] if re.match(r"\d{4}-\d{2}-\d{2}", declared["date"]) else None
    if not meta.number:
        declared_number = next((t for t in document_numbers(declared.get("title", "")) if t), None)
        meta.number = declared_number
    if meta.number and not meta.doc_type:
        meta.doc_type = _type_from_number(meta.number)
    return meta


def _title_after(lines: list[str], type_index: int) -> str | None:
    parts: list[str] = []
    for line in lines[type_index + 1: type_index + 8]:
        if not line:
            if parts:
                break
            continue
        if line.startswith(("Căn cứ", "_", "-----")) or line.upper() == line and parts:
            break
        parts.append(line)
    return " ".join(parts) or None


def _issuer(lines: list[str]) -> str | None:
    """The top-left block: the lines before ``Số:``, without the national motto."""
    parts: list[str] = []
    for line in lines[:8]:
        if line.startswith("Số"):
            break
        cleaned = re.split(r"\||-{3,}|_{3,}|\bSố\b", _NATIONAL_MOTTO.split(line)[0])[0].strip(" -_")
        if cleaned and cleaned.upper() == cleaned and cleaned not in _TYPE_BY_CAPS and not DOC_NUMBER.search(cleaned):
            parts.append(cleaned)
        if line.startswith(tuple(_TYPE_BY_CAPS)) or _DATE.search(line):
            break
    if not parts:
        return None
    return " ".join(parts)


def _first_line_title(text: str) -> str | None:
    first = next((line.strip() for line in text.split("\n") if line.strip() and not line.strip().isdigit()), "")
    if not first:
        return None
    if len(first) <= 160:
        return first
    cut = first[:157].rsplit(" ", 1)[0]
    return cut + "…"


# -- outline ---------------------------------------------------------------------------------------

_ROMAN = r"[IVXLC]+"
_OUTLINE = [  # (level, pattern, label) in the order they are tried
    (1, re.compile(rf"^PHỤ LỤC\s*({_ROMAN}|\d+)?\b", re.I), "Phụ lục"),
    (1, re.compile(rf"^PHẦN(?: THỨ)?\s+({_ROMAN}|\d+|[A-ZĐ]+)\b"), "Phần"),
    (2, re.compile(rf"^Chương\s+({_ROMAN}|\d+)\b", re.I), "Chương"),
    (3, re.compile(r"^Mục\s+(\d+)\b"), "Mục"),
    (4, re.compile(r"^Điều\s+(\d+[a-z]?)\s*[.:]"), "Điều"),
    (5, re.compile(rf"^({_ROMAN})[.\-–]\s+\S"), ""),
]
_KHOAN = re.compile(r"^(\d{1,3})\.\s+\S")
_SUB = re.compile(r"^(\d{1,3}\.\d{1,3})\.?\s+\S")
_DIEM = re.compile(r"^([a-zđ])\)\s+\S")

STOP_SECTION = re.compile(r"^(Nơi nhận|TM\.|KT\.|Q\.|TL\.|TUQ\.)\b|^(THỦ TƯỚNG|CHỦ TỊCH|BỘ TRƯỞNG)\s*$")


@dataclass
class Section:
    start: int
    level: int
    path: tuple[str, ...]


@dataclass
class Outline:
    sections: list[Section]
    excluded: list[tuple[int, int]]  # spans not to answer from: signature blocks, Nơi nhận
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sections]

    def path_at(self, offset: int) -> tuple[str, ...]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.sections[index].path if index >= 0 else ()


def _heading(line: str, inside_dieu: bool) -> tuple[int, str] | None:
    for level, pattern, label in _OUTLINE:
        match = pattern.match(line)
        if match:
            if level == 5 and len(line) > 250:
                return None
            name = match.group(1) or ""
            return level, f"{label} {name}".strip() if label else name
    if match := _SUB.match(line):
        return 7, match.group(1)
    if match := _KHOAN.match(line):
        return 6, f"Khoản {match.group(1)}" if inside_dieu else match.group(1)
    if match := _DIEM.match(line):
        return 8, f"Điểm {match.group(1)}" if inside_dieu else f"{match.group(1)})"
    return None


def read_outline(loaded: Loaded) -> Outline:
    text = loaded.text
    sections: list[Section] = []
    excluded: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []
    heading_starts = {b.start: b.level for b in loaded.blocks if b.kind == "heading"}
    table_rows = {b.start for b in loaded.blocks if b.kind.startswith("table")}
    exclude_from: int | None = None
    offset = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if not stripped or start in table_rows:
            continue
        found = _heading(stripped, any(label.startswith("Điều") for _, label in stack))
        if found is None and heading_starts.get(start) == 1:
            found = (0, "")  # a top-level title the patterns do not name: a new part of the document
        if exclude_from is not None and (found and found[0] <= 5 or start in heading_starts):
            excluded.append((exclude_from, start))
            exclude_from = None
        if exclude_from is None and STOP_SECTION.match(stripped):
            exclude_from = start
        if not found:
            continue
        level, label = found
        while stack and stack[-1][0] >= level:
            stack.pop()
        if label:
            stack.append((level, label))
        sections.append(Section(start, level, tuple(lbl for _, lbl in stack)))
    if exclude_from is not None:
        excluded.append((exclude_from, len(text)))
    return Outline(sections, excluded)


def readable(path: tuple[str, ...]) -> str:
    return " › ".join(path)


def type_key(doc_type: str | None) -> str | None:
    return fold(doc_type) if doc_type else None
