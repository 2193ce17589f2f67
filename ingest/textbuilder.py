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
        self.blocks: list[Block] = []
        self.pages: list[int] = []

    def line(self, raw: str, kind: str | None = None, level: int = 0) -> None:
        text = clean_line(raw)
        if not text:
            self.blank()
            return
        if self._len:
            self._append("\n")
        start = self._len
        self._append(text)
        self._blank = False
        if kind:
            self.blocks.append(Block(start, self._len, kind, level))

    def blank(self) -> None:
        if not self._blank and self._len:
            self._append("\n")
            self._blank = True

    def page_break(self) -> None:
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
