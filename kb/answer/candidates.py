"""The candidates an answer is read from: the records of the kind asked inside the passages found, and their
sentences, each with what stands around it (``Candidate``): the sentence before it, the case or field label its item
opens with, the heading and lead-in the passage continues, a table row's header, the lead-in a list item stands under.
Read by ``kb.answer.fields``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kb.store import Hit
from kb.text import sentence_spans


@dataclass
class Candidate:
    rank: int  # of its passage
    start: int
    end: int
    text: str
    record: dict[str, Any] | None
    owner: dict[str, Any] | None  # the record a sentence lies in
    issuer: str | None
    doc_id: str = ""
    before: str = ""  # a sentence's previous sentence in the passage ("Ban chỉ đạo có 18 thành viên, với …")
    title: str = ""  # its document's title, which says what all of it is about
    over: str = ""  # the lead-in a list item stands under ("c) Giai đoạn từ năm 2029:" over "- Chính thức …")


def candidates(kind: str | None, asks: str, hits: list[Hit],
               records_by_doc: dict[str, list[dict[str, Any]]]) -> list[Candidate]:
    """The records of ``kind`` (any when None; targets too when a body is ``asks``) inside the passages, and their
    sentences."""
    out: list[Candidate] = []
    for rank, hit in enumerate(hits):
        p = hit.payload
        inside = [r for r in records_by_doc.get(p["doc_id"], []) if p["start"] <= r["start"] and r["end"] <= p["end"]
                  and (kind is None or r["kind"] == kind or asks == "body" and r["kind"] == "target")]
        spans: list[tuple[int, int, dict[str, Any] | None]] = [(r["start"], r["end"], r) for r in inside]
        sentences = sentence_spans(p["text"], p["start"])
        spans += [(s, e, None) for s, e in sentences]
        for s, e, record in spans:
            owner = None if record else next((r for r in inside if r["start"] < e and s < r["end"]), None)
            # a sentence is read after the one before it, or, first in its passage, after what the passage continues
            before = "" if record else next((p["text"][a - p["start"]:b - p["start"]] for a, b in reversed(sentences)
                                            if b <= s), "")
            if record is not None and p.get("kind") == "table_row":
                before = p.get("context") or ""  # a row's record is of what its table's columns name
            if record is None and (line := p["text"].rfind("\n", 0, s - p["start"]) + 1) < s - p["start"] \
                    and _CASE_OPENING.match(p["text"], line):  # a later clause of an item opened by its case ("2. Đối
                before = p["text"][line:s - p["start"]]  # với khen thưởng tổng kết năm: …; gửi hồ sơ … trước ngày …")
            if record is None and p.get("lead_in"):  # and under the heading and lead-in the passage continues
                before = f"{p['lead_in']} {before}".strip()
            if record is None and _FIELD_LABEL.match(p["text"][s - p["start"]:e - p["start"]]):
                # a labelled field ("b) Thời gian: Từ ngày …") says what it is of in the heading over it
                before = f"{p['text'].split(chr(10), 1)[0]} {before}".strip()
            if record is None and p.get("kind") == "table_row":
                before = p.get("context") or before  # a row is read under its table's header (and group row)
            out.append(Candidate(rank, s, e, p["text"][s - p["start"]:e - p["start"]], record, owner, p.get("issuer"),
                                 p["doc_id"], before, p.get("title") or "", "" if record else lead_in_over(p, s)))
    return out


def lead_in_over(p: dict[str, Any], start: int) -> str:
    """The lead-in over the list item ("- …", "+ …", "• …") whose line holds ``start``: the nearest line above that
    ends with ":", past the item's siblings, in the passage or the last line of its lead-in; "" for a sentence that
    is no such item, or when a numbered item ("b) …", "2. …") stands between. Items written without a mark (an
    article's "… cần đạt được vào cuối năm 2025:" over one sentence a line) are items when every line up to the
    lead-in is one sentence, and no more than ``UNMARKED_ITEMS`` of them."""
    lines = p["text"][:start - p["start"]].split("\n")
    line_of = lines[-1] + p["text"][start - p["start"]:].split("\n", 1)[0]
    marker = line_of.lstrip()[:1]
    unmarked = marker not in _LIST_MARKS and not _NUMBERED.match(line_of.lstrip())
    if marker not in _LIST_MARKS and not (unmarked and _one_sentence(line_of)):
        return ""
    above = [*(p.get("lead_in") or "").split("\n")[-1:], *lines[:-1]]
    for n, line in enumerate(reversed(above)):
        line = line.strip()
        if line.endswith(":"):
            return line
        if _NUMBERED.match(line) or line[:1] in _LIST_MARKS and line[:1] != marker \
                or unmarked and (n >= UNMARKED_ITEMS or not _one_sentence(line)):
            return ""
    return ""


UNMARKED_ITEMS = 8


def _one_sentence(line: str) -> bool:
    """A line of one sentence: no full stop but at its end, no colon."""
    body = line.strip().rstrip(".;")
    return bool(body) and ":" not in body and re.search(r"[.!?]\s", body) is None


_LIST_MARKS = "-+•"  # the marks of a list's items
_NUMBER_MARK = r"[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*\."  # "b)", "2.", "2.1."
_NUMBERED = re.compile(rf"(?:{_NUMBER_MARK}|[IVXLC]+\.)\s")
_ITEM_MARK = rf"\W*(?:(?:{_NUMBER_MARK})\s*|[{_LIST_MARKS}]\s*)?"  # "b) ", "2. ", "- " before an item's words
# an item that opens with the case it is about: "2. Đối với khen thưởng tổng kết năm: …", "b) Trường hợp …: …"
_CASE_OPENING = re.compile(rf"{_ITEM_MARK}(?:Đối với|Trường hợp)\b[^:\n]{{3,120}}:")
# "b) Thời gian: …", "- Địa điểm: …": a field of what the heading above it names
_FIELD_LABEL = re.compile(rf"^{_ITEM_MARK}(?:\w+\s){{0,3}}\w+:\s")
