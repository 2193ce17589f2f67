"""Read a document's body the way it is written: the section outline (its header: ``ingest.header``).

Outline: Phần / Phụ lục › Chương › Mục › Điều › Khoản › Điểm for legal texts; I. › 1. › 1.1 / a) for
plans. ``section_at`` gives the readable path of any offset: "Điều 7 › Khoản 2 › Điểm b".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ingest.textbuilder import Loaded
from kb.text import fold

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
# The line under an attached document's title ("LỊCH PHỔ BIẾN … / (Ban hành kèm theo Quyết định số …)"): after a
# signature, the text goes on with what the document issues.
ATTACHED = re.compile(r"\(\s*(?:[Bb]an\s+hành\s+)?[Kk]èm\s+theo\b")


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
    offset = previous = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if not stripped or start in table_rows:
            continue
        if exclude_from is not None and ATTACHED.match(stripped.lstrip("*_ ")) and previous > exclude_from:
            excluded.append((exclude_from, previous))  # the title above it opens what is attached
            exclude_from = None
        previous = start
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
