"""Cut a document into passages that follow its structure.

* A passage never crosses a Phần, Phụ lục, Chương, Mục, Điều or a Roman-numbered section of a plan.
* One table row is one passage; it carries its table's header and group row as context.
* Paragraphs are packed up to ``target`` characters; a paragraph longer than ``limit`` is split by
  sentence with one sentence of overlap.
* Signature blocks and ``Nơi nhận`` lists are left out.
Every passage is a span ``[start, end)`` of the document's text, so its quote is ``text[start:end]``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ingest.structure import Outline, readable
from ingest.textbuilder import Loaded
from kb.text import UPPER
from kb.values import UNIT_LABEL

HARD_LEVEL = 5  # headings at this level or above close the passage before them
_SENTENCE_END = re.compile(rf"(?<=[.!?;:…])\s+(?=[\"“(\-–•+]?[{UPPER}0-9])")
# a header's second row: cells empty under the first row's and labels under its last ("| | | Năm 2025 | Năm 2026"),
# no figure but years
_SUBHEADER = re.compile(r"^\s*\|?(?:\s*\|)+(?:\s*(?:[Nn]ăm\s+)?(?:19|20)\d\d\s*(?:\||$)|\s*[^\d|]+(?:\||$))+\s*$")
_GROUP_CELL = re.compile(r"^[IVXLC]+\.?$|^[A-ZĐ]\.?$")
# the unit a table's figures are in, stated on a line above it: "Đơn vị: Triệu đồng.", "(Kèm theo …) Đơn vị tính: …"
STATED_UNIT = re.compile(r"\bĐơn vị(?: tính)?\s*:\s*([^|:()]{1,40}?)[.)]?\s*$", re.I)


@dataclass
class Passage:
    seq: int
    start: int
    end: int
    section: str
    page: int | None
    kind: str = "text"  # "text" or "table_row"
    context: str = ""  # what the reader sees around it (table header and group); embedded, not quoted
    lead_in: str = ""  # the first lines of the sections it lies inside, when it starts below them; read, not embedded


LEAD_IN_SECTIONS = 2  # the innermost sections whose first line a passage carries ("Điều 13. …", "1. … sau:")
LEAD_IN_CHARS = 240  # of each: its end, where a lead-in introduces the list below it


def lead_in(outline: Outline, text: str, start: int) -> str:
    """What the passage at ``start`` continues: the first line of each section it lies inside, when it starts below
    it ("a) Thông báo công khai … 07 ngày" continues "1. Cơ quan nhà nước khi … phải thực hiện các yêu cầu sau:")."""
    path = outline.path_at(start)
    inside = [s for s in outline.sections if s.start < start and s.path and s.path == path[:len(s.path)]]
    lines = []
    for section in inside[-LEAD_IN_SECTIONS:]:
        end = text.find("\n", section.start)
        line = " ".join(text[section.start:end if end >= 0 else len(text)].split())
        lines.append(line if len(line) <= LEAD_IN_CHARS else "…" + line[-LEAD_IN_CHARS:])
    return "\n".join(lines)


def _sentences(text: str, start: int) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start + cursor, start + match.start()))
        cursor = match.end()
    spans.append((start + cursor, start + len(text)))
    return [s for s in spans if s[1] > s[0]]


def _split_long(start: int, end: int, text: str, limit: int) -> list[tuple[int, int]]:
    """Pack sentences into pieces of at most ``limit`` characters; each piece after the first
    starts with the last sentence of the one before (one sentence of overlap)."""
    sentences = _sentences(text[start:end], start)
    pieces: list[tuple[int, int]] = []
    i = 0
    while i < len(sentences):
        j = i
        while j + 1 < len(sentences) and sentences[j + 1][1] - sentences[i][0] <= limit:
            j += 1
        piece_start, piece_end = sentences[i][0], sentences[j][1]
        while piece_end - piece_start > limit:  # one sentence longer than the limit: cut at a space
            cut = text.rfind(" ", piece_start, piece_start + limit)
            cut = cut if cut > piece_start else piece_start + limit
            pieces.append((piece_start, cut))
            piece_start = cut + 1
        pieces.append((piece_start, piece_end))
        if j + 1 >= len(sentences):
            break
        i = j if j > i else j + 1
    return pieces


def _carries_on(cells: list[str]) -> bool:
    """Whether a row with no number carries on the row above, broken across a page ("| | (5) Ứng dụng dữ liệu … | |
    nghiệp và phát triển nông | …"): its cells after the text go on in lower case or are empty. A row with a value
    or a body of its own is a sub-row ("| Trong đó: Nhóm nông, lâm, thuỷ sản | 10 - 12 | Bộ Nông nghiệp …")."""
    return all(not cell or cell[:1].islower() for cell in cells[2:])


def make_passages(loaded: Loaded, outline: Outline, target: int = 900, limit: int = 1400) -> list[Passage]:
    text = loaded.text
    hard = {s.start for s in outline.sections if s.level <= HARD_LEVEL}
    soft = {s.start for s in outline.sections if s.level > HARD_LEVEL}
    rows = {b.start: b for b in loaded.blocks if b.kind in ("table_row", "table_header")}
    excluded = outline.excluded
    passages: list[Passage] = []
    page_starts = loaded.pages or []

    def page_of(offset: int) -> int | None:
        return bisect.bisect_right(page_starts, offset) if page_starts else None

    def emit(start: int, end: int, kind: str = "text", context: str = "", anchor: int | None = None,
             row_path: tuple[str, ...] = ()) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            return
        first, last = outline.path_at(max(start, anchor or 0)), outline.path_at(end - 1)
        common = tuple(a for a, b in zip(first, last, strict=False) if a == b) + row_path
        whole = kind == "table_row" or end - start <= limit  # a table row is one record: never split
        for s, e in ([(start, end)] if whole else _split_long(start, end, text, limit)):
            passages.append(Passage(len(passages), s, e, readable(common), page_of(s), kind, context,
                                    lead_in(outline, text, s) if kind == "text" else ""))

    chunk_start: int | None = None
    anchor: int | None = None  # where the content starts when a lone title line leads the passage
    header = group = group_label = heading = ""
    stated = unit = ""  # the unit a caption states ("Đơn vị: Triệu đồng"), and that of the table it heads
    in_row = False  # the last thing emitted was a table row (a following row may continue it)
    under_header = False  # no row yet under the table's header
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        if any(a <= start < b for a, b in excluded):
            if chunk_start is not None:
                emit(chunk_start, start, anchor=anchor)
                chunk_start = anchor = None
            continue
        row = rows.get(start)
        if row is None and (caption := STATED_UNIT.search(line)):
            stated = caption.group(1)
        if row is not None or start in hard or (start in soft and chunk_start is not None
                                                and start - chunk_start > target // 3):
            if chunk_start is not None and row is None and len(text[chunk_start:start].strip()) < 40:
                anchor = start  # "QUYẾT NGHỊ:" or "Chương II" alone: keep it with what it introduces
            elif chunk_start is not None:
                emit(chunk_start, start, anchor=anchor)
                chunk_start = anchor = None
        if row is not None:
            cells = [c.strip() for c in line.split("|")]
            if row.kind == "table_header":
                header, group, group_label, heading, in_row = line, "", "", "", False
                unit, stated, under_header = stated, "", True
            elif under_header and _SUBHEADER.match(line):  # "| | … | Năm 2025 | Năm 2026" under "… | Hạn ngạch …":
                header = f"{header}\n{line}"  # the header's second row, naming the columns its last cell spans
            elif _GROUP_CELL.match(cells[0]):
                group, group_label, heading, in_row = line, cells[0].rstrip("."), "", False
            elif not cells[0] and in_row and _carries_on(cells):
                passages[-1].end = end  # the row above, broken across a page in the source: one record
            else:
                under_header = False
                context = "\n".join(x for x in (header, group, heading, unit and f"{UNIT_LABEL}{unit}") if x)
                number = cells[0].rstrip(".")
                emit(start, end, "table_row", context,
                     row_path=tuple(x for x in (group_label, number) if x and len(x) <= 12))
                in_row = True
                if len(cells) > 3 and not any(cells[2:]):  # "1 | Cà phê | | …": it heads the rows under it
                    heading = line
            continue
        in_row = False
        if chunk_start is None:
            chunk_start = start
        elif end - chunk_start > target:
            emit(chunk_start, start, anchor=anchor)
            chunk_start, anchor = start, None
    if chunk_start is not None:
        emit(chunk_start, len(text), anchor=anchor)
    return passages
