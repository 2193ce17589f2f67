"""Table rows a question names by their key cell: "Huế" of "17 | HUẾ | 11.400" under "STT | Địa phương | Kinh phí …".

A table of figures per place, unit or project says what its figures are of in its caption, its header and its
document's title, not in the row: the row itself is a name and numbers, and is found by the name. Search ranks such
rows low (their words are few), so for a figure asked of a name the rows of the documents found are looked up by it,
and a row whose key the question names is read with its table's words as its own (``fields``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kb.store import Filters, Hit
from kb.text import fold

if TYPE_CHECKING:
    from kb.service import KnowledgeBase

DOCUMENTS = 2  # the documents of the first passages found whose rows are looked up
ROWS = 4  # at most this many rows named by the question are added to what is read
KEY_WORDS = 6  # a key cell is a name: a cell of more words is a description ("Xây dựng, hoàn thiện …")
_LETTERS = 3  # … of at least this many letters
_SUMS = {"tong", "cong", "tong cong", "tong so", "trong do", "khac", "ghi chu"}  # not names


def key_cell(row: str) -> str | None:
    """The first cell of a row that is a name ("HUẾ" of "17 | HUẾ | 11.400"), folded; None when it has none."""
    for cell in row.split("|"):
        words = re.sub(r"[^\w\s]", " ", fold(cell)).split()
        if not words or all(re.fullmatch(r"[\dlxvi]+", w) for w in words):
            continue  # the row's number ("17", "1.2", "IV")
        key = " ".join(words)
        if len(words) > KEY_WORDS or len(re.sub(r"[\d\s]", "", key)) < _LETTERS or key in _SUMS:
            return None
        return key
    return None


def named_key(question: str, row: str) -> bool:
    """The question names the row by its key cell ("… cho Huế bao nhiêu …" of "17 | HUẾ | 11.400")."""
    key = key_cell(row)
    return key is not None and re.search(rf"\b{re.escape(key)}\b", fold(question)) is not None


def named_rows(kb: KnowledgeBase, question: str, hits: list[Hit]) -> list[Hit]:
    """The table rows of the first documents found whose key cell the question names, not among ``hits``."""
    seen = {h.id for h in hits}
    documents = list(dict.fromkeys(h.payload["doc_id"] for h in hits))[:DOCUMENTS]
    if not documents:
        return []
    rows = [h for h in kb.store.scroll(Filters(doc_ids=documents))
            if h.payload.get("kind") == "table_row" and h.id not in seen and named_key(question, h.payload["text"])]
    return sorted(rows, key=lambda h: (documents.index(h.payload["doc_id"]), h.payload["start"]))[:ROWS]
