"""A document's lines as a tree of items, the way a reader sees the outline.

Every line of text outside tables, the header and the signature is an ``Item``. Its marker says where
it stands (Nghị định 30/2020's order: Phần, Chương, Mục, Điều › I. › A. › 1. › 1.1. › 1.1.1. › a) › (i) › - ›
+ › •); an item is a child of the nearest item above it with a higher-ranking marker. A line without a
marker continues the item above it (a second paragraph of "a)"), except a lead-in that ends with ":",
which heads the lines after it ("Giao Sở Nội vụ:" / "- Chủ trì …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.model import OutlineList

_MARKERS: list[tuple[float, re.Pattern[str]]] = [
    (1, re.compile(r"^(?:PHẦN|Phần)(?: THỨ| thứ)?\s+[IVXLC\d]+\b[.:]?\s*")),
    (1.5, re.compile(r"^(?:PHỤ LỤC|Phụ lục)\b[^\n]{0,20}?(?=\s|$)\s*")),
    (2, re.compile(r"^(?:Chương|CHƯƠNG)\s+[IVXLC\d]+\b[.:]?\s*")),
    (2.5, re.compile(r"^(?:Mục|MỤC)\s+\d+\b[.:]?\s*")),
    (3, re.compile(r"^Điều\s+\d+[a-z]?\s*[.:]\s*")),
    (4, re.compile(r"^[IVXLC]+\s*[.\-–)]\s+")),
    (4.5, re.compile(r"^[A-ZĐ][.)]\s+")),
    (5, re.compile(r"^\d{1,2}\s*[.)](?!\d)[\s*]*(?=\S)")),
    (6, re.compile(r"^\d{1,2}\.\d{1,2}(?:\.[\s*]*(?=[^\W\d_])|\.?[\s*]+)")),  # "2.4. Tủ sách", "2.4.Tủ sách"
    (7, re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.?[\s*]+")),
    (8, re.compile(r"^[a-zđ]\s*\)\s*")),
    (8.5, re.compile(r"^\((?:[ivx]{1,4}|\d{1,2}|[a-zđ])\)\s*")),
    (9, re.compile(r"^[-–]\s*")),
    (10, re.compile(r"^\+\s*")),
    (11, re.compile(r"^[•*·]\s*")),
]
PLAIN = 100.0  # a line without a marker
TITLE = -0.5  # an attached document's title: above all its items
LIST = 8  # a), -, +: the items of a list


@dataclass
class Item:
    start: int
    end: int
    line: str  # the whole line as written
    marker: str  # "" for a plain line
    rank: float
    parent: Item | None = None
    children: list[Item] = field(default_factory=list)
    named_from: int | None = None  # a title's lines read with the signature above it begin here

    @property
    def title(self) -> str:
        """The line without its marker: "4. Sở Y tế" → "Sở Y tế"."""
        return self.line[len(self.marker):].strip()

    @property
    def lead_in(self) -> bool:
        return self.line.rstrip().endswith(":")

    def ancestors(self) -> list[Item]:
        out, node = [], self.parent
        while node is not None and node.rank >= 0:
            out.append(node)
            node = node.parent
        return out


def marker_of(line: str) -> tuple[str, float]:
    """("4. ", 5) for "4. Sở Y tế"; ("", PLAIN) for a line without a marker. Deeper numberings are tried
    first: "1.1. …" is not "1. …"."""
    for rank, pattern in sorted(_MARKERS, key=lambda p: -p[0]):
        if rank >= 9:
            continue
        if m := pattern.match(line):
            if rank == 4.5 and line[0] in "IVX":
                return m.group(0), 4  # "V. TỔ CHỨC THỰC HIỆN": a Roman numeral, not the letter V
            return m.group(0), rank
    for rank, pattern in _MARKERS:
        if rank >= 9 and (m := pattern.match(line)):
            return m.group(0), rank
    return "", PLAIN


def build_tree(text: str, skip: list[tuple[int, int]], breaks: list[int] | None = None) -> Item:
    """The root of the item tree of ``text``, leaving out the spans in ``skip`` (tables, header, signature). At each
    offset of ``breaks`` (where a signature block ends and an attached document begins) the tree starts again from
    its root: what is attached is under none of the items above the signature."""
    root = Item(0, 0, "", "", -1.0)
    stack: list[Item] = [root]
    pending = sorted(breaks or [])
    offset = 0
    awaiting_title, title_from = False, 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if pending and start >= pending[0]:
            title_from = _capitals_before(text, pending[0]) if pending[0] == start else start
            pending = [b for b in pending if b > start]
            del stack[1:]
            awaiting_title = True
        stripped = line.strip()
        if not re.search(r"[^\W\d_]", stripped) or any(a <= start < b for a, b in skip):
            continue  # no letters ("_________"), or a table, the header, the signature
        marker, rank = marker_of(stripped)
        if awaiting_title:
            awaiting_title = False
            if rank == PLAIN and not stripped.endswith(":"):
                # an attached document's title ("BẢNG TIÊU CHÍ ĐÁNH GIÁ, XẾP LOẠI …") heads its top-level items
                title = Item(start, start + len(line), line, "", TITLE, stack[-1], named_from=title_from)
                stack[-1].children.append(title)
                stack.append(title)
                continue
        if rank == PLAIN and stripped.endswith(":"):
            # A plain lead-in heads what follows; a second one ends the first one's list ("Giao Sở A:" … "Giao Sở B:").
            opened = next((i for i in range(len(stack) - 1, 0, -1) if stack[i].marker == "" and stack[i].rank < PLAIN),
                          None)
            if opened is not None and all(x.rank >= LIST for x in stack[opened + 1:]):
                del stack[opened:]  # only when its list is what stands above: not a "Điều" under "QUYẾT NGHỊ:"
            top = stack[-1]
            rank = top.rank + 0.25
        elif rank == PLAIN:
            top = stack[-1]  # a plain line continues the item above (its second paragraph)
        else:
            while len(stack) > 1 and stack[-1].rank >= rank:
                stack.pop()
            top = stack[-1]
        item = Item(start, start + len(line), line, marker if rank < PLAIN or marker else "", rank, top)
        top.children.append(item)
        if rank < PLAIN:
            stack.append(item)
    return root


def _first_run(items: list[Item]) -> list[Item]:
    """Items up to where their numbering starts again ("1. … 5." then "1. Ủy ban nhân dân … quyết định thành lập đoàn
    kiểm tra"): what follows is another list, not more of this one."""
    numbers = [int(m.group(1)) if (m := re.match(r"(\d{1,2})\s*[.)]", x.marker)) else None for x in items]
    for i in range(1, len(items)):
        if numbers[i] == 1 and (numbers[i - 1] or 0) > 1 and items[i].rank == items[0].rank:
            return items[:i]
    return items


def _capitals_before(text: str, at: int) -> int:
    """Where the lines in capitals right before offset ``at`` begin ("BẢNG TIÊU CHÍ ĐÁNH GIÁ, XẾP LOẠI" read with the
    signature above it): an attached document's title begins there; ``at`` when there are none."""
    begin = at
    while begin > 0:
        prev = text.rfind("\n", 0, begin - 1) + 1
        line = text[prev:begin - 1]
        letters = [c for c in line if c.isalpha()]
        if not letters or line != line.upper():
            break
        begin = prev
    return begin


def walk(node: Item):
    """Every item under ``node``, in document order."""
    for child in node.children:
        yield child
        yield from walk(child)


def list_heads(root: Item) -> list[OutlineList]:
    """Every item that heads two or more marked items, with the items above it and those it heads."""
    heads = []
    for node in walk(root):
        marked = _first_run([c for c in node.children if c.rank < PLAIN])
        if len(marked) >= 2:
            heads.append(OutlineList(start=node.start if node.named_from is None else node.named_from, end=node.end,
                                     above=[(a.start, a.end) for a in reversed(node.ancestors())],
                                     items=[(c.start, c.end) for c in marked],
                                     last=max([marked[-1].end, *(x.end for x in walk(marked[-1]))])))
    return heads
