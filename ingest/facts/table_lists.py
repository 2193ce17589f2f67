"""A document's tables as lists: "Bảng II. Các dự án kho LNG" heads the rows of the table under it, a group row
("B | Chuỗi dự án khí - điện Cá Voi Xanh", "3 | Kinh phí hoạt động") heads the rows numbered under it ("1", "2";
"3.1", "3.2"). Kept beside the outline's lists (``kb.model.OutlineList``), so that "Bảng II gồm những dự án kho LNG
nào?" is answered by the table's rows, counted, each cited.

A row's first cell says where it stands, as an outline's marker does: a capital letter or a Roman numeral above
"1", "1" above "1.1", "1.1" above "- …". A table's caption is the line right above its header (or above its first
row when it has none) that is no row itself, or the title above an appendix's "(Kèm theo Quyết định …)".
"""

from __future__ import annotations

import re

from ingest.structure import ATTACHED
from ingest.textbuilder import Loaded
from kb.model import OutlineList

MAX_CAPTION = 200  # characters: a longer line above a table is a paragraph, not its caption
_GROUP = re.compile(r"^(?:[IVXLC]{1,6}|[A-ZĐ])\.?$")  # "A", "II": above the numbered rows
_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?$")  # "1", "1.2" (not "20.330", a figure)
_BULLET = re.compile(r"^(?:[a-zđ][.)]?|[-+•*])$")
BULLET_RANK = 9.0


class _Ranks:
    """Where each row of one table stands by its first cell: 0 a group ("A", "II"), 1 "1", 2 "1.1", …, then "a",
    "-"; None for a row with no number, or a number out of sequence (a figure in the first column: "900 | Hưng
    Yên", the rest of the row above)."""

    def __init__(self) -> None:
        self.last: dict[int, int] = {}  # the last number seen at each depth

    def __call__(self, first_cell: str) -> float | None:
        cell = first_cell.strip()
        if _GROUP.match(cell):
            self.last.clear()
            return 0.0
        if _BULLET.match(cell):
            return BULLET_RANK
        if not _NUMBER.match(cell):
            return None
        parts = [int(x) for x in cell.rstrip(".").split(".")]
        depth = len(parts)
        if parts[-1] != 1 and parts[-1] != self.last.get(depth, -1) + 1:
            return None
        self.last = {d: n for d, n in self.last.items() if d < depth}
        self.last[depth] = parts[-1]
        return float(depth)


def _tables(loaded: Loaded) -> list[list[tuple[int, int, str]]]:
    """Each table's lines (start, end, kind), header and rows, in order."""
    tables: list[list[tuple[int, int, str]]] = []
    last_end = -2
    for b in sorted((b for b in loaded.blocks if b.kind in ("table_row", "table_header")), key=lambda b: b.start):
        if b.start > last_end + 1 or b.kind == "table_header" and tables and tables[-1][-1][2] == "table_row":
            tables.append([])
        tables[-1].append((b.start, b.end, b.kind))
        last_end = b.end
    return tables


def _caption(text: str, start: int, blank: bool = False) -> tuple[int, int] | None:
    """The line right above offset ``start`` (``blank``: the first that is not blank), when it can be a caption."""
    end = text.rfind("\n", 0, start)
    while blank and end > 0 and not text[text.rfind("\n", 0, end) + 1:end].strip():
        end = text.rfind("\n", 0, end)
    if end < 0:
        return None
    begin = text.rfind("\n", 0, end) + 1
    line = text[begin:end]
    return (begin, end) if line.strip() and len(line) <= MAX_CAPTION and " | " not in line else None


def table_lists(loaded: Loaded) -> list[OutlineList]:
    """The lists of a document's tables: a captioned table's top rows, and each row that heads rows under it."""
    text, lists = loaded.text, []
    for table in _tables(loaded):
        ranks = _Ranks()
        rows = [(s, e, ranks(text[s:e].split(" | ")[0])) for s, e, kind in table if kind == "table_row"]
        caption = _caption(text, table[0][0])
        if caption and ATTACHED.match(text[caption[0]:caption[1]].strip("*_ ")):
            caption = _caption(text, caption[0], blank=True) or caption  # "(Kèm theo …)" under the appendix's title
        above = [c for c in [_caption(text, caption[0])] if c] if caption else []
        heads: dict[tuple[int, int], list[tuple[int, int]]] = {}  # a head's line → its items' lines
        parents: dict[tuple[int, int], list[tuple[int, int]]] = {}  # an item's line → the lines above it
        stack: list[tuple[float, tuple[int, int]]] = []  # (rank, line) of the rows open above
        at = {s: i for i, (s, _, _) in enumerate(rows)}  # a row's place among the rows, by its start
        for s, e, rank in rows:
            if rank is None:
                continue
            while stack and stack[-1][0] >= rank:
                stack.pop()
            head = stack[-1][1] if stack else caption
            if head is not None:
                heads.setdefault(head, []).append((s, e))
            parents[(s, e)] = [*above, *([caption] if caption else []), *(line for _, line in stack)]
            stack.append((rank, (s, e)))
        for head, items in heads.items():
            if len(items) >= 2:
                lists.append(OutlineList(start=head[0], end=head[1],
                                         above=above if head == caption else parents.get(head, []),
                                         items=items, last=_last(rows, at[items[-1][0]])))
    return lists


def _last(rows: list[tuple[int, int, float | None]], at: int) -> int:
    """Where the row ``rows[at]``'s own rows end: before the next row that stands as high as it does, or the table's
    end."""
    rank = rows[at][2]
    end = rows[at][1]
    for _, e, r in rows[at + 1:]:
        if r is not None and rank is not None and r <= rank:
            break
        end = e
    return end
