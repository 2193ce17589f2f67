"""Build a document's clean text line by line while remembering where things start.

Loaders feed raw lines; the builder normalises each (NFC, spaces) exactly as ``kb.text.clean``
would, so the offsets it records (pages, headings, table rows) point into the final text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


def clean_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\ufeff", "")
    line = "".join(ch for ch in line if ch == "\t" or unicodedata.category(ch)[0] != "C")
    return _SPACES.sub(" ", line).strip()


@dataclass
class Block:
    """A span of the text with a structural role: ``heading`` (with level), ``table_row``, ``table_header``."""

    start: int
    end: int
    kind: str
    level: int = 0


@dataclass
class Loaded:
    text: str
    pages: list[int] | None = None  # start offset of each page (PDF), else None
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # metadata the file itself declares
    warnings: list[str] = field(default_factory=list)


class TextBuilder:
    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self._blank = True  # at start: no leading blank lines
        self._glue = False  # the next line carries on the last one (a paragraph going on over a page)
        self.last_line = ""  # the last line written
        self.blocks: list[Block] = []
        self.pages: list[int] = []

    def line(self, raw: str, kind: str | None = None, level: int = 0) -> None:
        text = clean_line(raw)
        if not text:
            self.blank()
            return
        if self._len:
            self._append(" " if self._glue else "\n")
        start = self._len
        self._append(text)
        self._blank, self._glue, self.last_line = False, False, text
        if kind:
            self.blocks.append(Block(start, self._len, kind, level))

    def blank(self) -> None:
        if self._glue:
            return  # the empty lines that open a page do not end the paragraph it carries on
        if not self._blank and self._len:
            self._append("\n")
            self._blank = True

    def page_break(self, goes_on: bool = False) -> None:
        """A new page begins. ``goes_on``: its first line carries on the paragraph the last page ended in ("… giao
        dự toán kinh phí ngân sách nhà nước" / "cho hoạt động xây dựng …"), and is written on the same line."""
        if goes_on and self._blank and self._parts and self._parts[-1] == "\n":
            self._parts.pop()
            self._len -= 1
            self._blank, self._glue = False, True
        else:
            self._glue = False
            self.blank()
        self.pages.append(self._len + (1 if self._len else 0))

    def _append(self, s: str) -> None:
        self._parts.append(s)
        self._len += len(s)

    def build(self, with_pages: bool = False) -> Loaded:
        text = "".join(self._parts)
        stripped = text.rstrip("\n")
        pages = [min(p, len(stripped)) for p in self.pages] if with_pages else None
        if pages:
            pages[0] = 0
        return Loaded(stripped, pages, self.blocks)
