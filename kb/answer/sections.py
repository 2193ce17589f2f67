"""Lists read off a document's outline: "Quyết định 2597 đặt những mục tiêu cụ thể nào đến năm 2030?" is answered
by the items under "2. Mục tiêu cụ thể › b) Đến năm 2030", "Công điện 229 nêu những nhiệm vụ trọng tâm cấp bách
nào?" by the four items after "… thực hiện một số nhiệm vụ trọng tâm cấp bách sau:", whether or not each item
is a task or a target with a figure.

Ingestion keeps each document's lists (``kb.model.OutlineList``: every line that heads two or more marked items,
the lines above it, and its items). A list is the answer when its head says what the question asks: most of the
head's own words are the question's, and with the lines above it, at least ``MIN_WORDS`` of them are (words that
name the document, and words that only ask, do not count).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kb.answer.cite import clip, document_citation, name_of, typed
from kb.answer.terms import QUESTION_WORDS
from kb.bodies import ASSIGN, find_bodies, head_at, key
from kb.facts import body_matcher
from kb.model import Answer, DocumentRecord, OutlineList, Reading
from kb.text import fold, numeral, syllables

if TYPE_CHECKING:
    from kb.service import KnowledgeBase

MIN_WORDS = 3  # syllables of the question a list's heads must hold
NAMED_WORDS = 4  # syllables of a head, not of a time, that name what is asked ("Kinh phí hoạt động")
OWN_SHARE = 0.5  # share of its own head's syllables the question must hold
LEAD_WORDS = 10  # a long lead-in says what it lists in its last words ("… các nhiệm vụ trọng tâm sau:")
SHOWN = 5
LEAD_CHARS = 80  # of a long lead-in, the end the answer quotes
# a row's first cell ("1 |", "12.1 |", "- |"), an outline's marker ("1.", "a)", "-"), "(1)"
_MARKER = re.compile(r"^\s*(?:[IVXLC]+|\d{1,3}(?:\.\d{1,3})*|[a-zđA-ZĐ]|[-+•])\.?\s*\|\s*"
                     r"|^\s*(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*|[a-zđA-ZĐ])\s*[.)\-–]\s*|^\s*[-+•*·–]\s*"
                     r"|^\s*\((?:\d{1,2}|[a-zđ]|[ivx]{1,4})\)\s*")
_FORMULA = re.compile(r"^[\s*]*[A-ZĐÀ-Ỹ ]+:[\s*]*$")  # "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:": over the articles
_TIME_WORDS = {"giai", "doan", "nam", "den", "quy", "thang", "tu"}  # with the years: a period, not a topic
_NOT_CONTENT = QUESTION_WORDS | {"nhung", "gom", "sau", "nao", "gi", "neu", "dat", "ra", "so"}
# What a list is of: when the question names it, the list's heads must too ("những chỉ tiêu nào cho giai đoạn
# 2025-2027" is not answered by the items under "- Giai đoạn 2025-2027" of a list of "mục tiêu").
_LIST_NOUNS = re.compile(r"\b(nhiem vu|muc tieu|chi tieu|giai phap|kien nghi|noi dung|trach nhiem|du an|hoat dong|"
                         r"tieu chi|nhom)\b")


def _words(text: str) -> set[str]:
    said = syllables(text)
    # "không được" says what must not be done: a list of it is not one of what must ("Những việc không được làm …")
    forbidden = {"khong duoc"} & {" ".join(pair) for pair in zip(said, said[1:], strict=False)}
    return set(said) - _NOT_CONTENT | forbidden


def _lead_in(line: str) -> bool:
    """A line that introduces the items after it ("… thực hiện các nhiệm vụ sau:", "**Giao Sở Nội vụ:**")."""
    return line.rstrip(" *").endswith(":")


def _label(text: str, start: int, end: int) -> set[str]:
    """The words a head says what it lists by: the line without its marker; of a long lead-in, its last words ("… triển
    khai các nhiệm vụ trọng tâm sau:"); a heading names its items with all its words ("II. Lĩnh vực ưu tiên tổ chức
    hội chợ, triển lãm …")."""
    line = text[start:end]
    said = syllables(_MARKER.sub("", line, count=1))
    return _words(" ".join(said[-LEAD_WORDS:] if _lead_in(line) else said))


def _best(lists: list[OutlineList], text: str, said: set[str], asked: set[str], nouns: set[str],
          article: str | None = None,
          keep: Callable[[OutlineList], bool] | None = None) -> tuple[int, list[OutlineList]]:
    """The lists whose heads (with the lines above them) hold most of what the question asks (``asked``: its words
    but those naming its document) and the kind of items it names (``nouns``): one, or several that hold as much
    ("- Giai đoạn 2025-2027" under each group of targets). A head's own words are compared with all the question's
    words (``said``): a title's "lĩnh vực" may name a section too."""
    best: tuple[tuple[int, int], list[OutlineList]] = ((0, 0), [])
    labels: dict[tuple[int, int], set[str]] = {}  # the lines above a head are above its neighbours too: read once
    borrowed: set[tuple[int, int]] = set()  # heads that say what is asked only by their section's heading

    def label(a: int, b: int) -> set[str]:
        if (a, b) not in labels:
            labels[a, b] = _label(text, a, b)
        return labels[a, b]

    for head in lists:
        if _FORMULA.match(text[head.start:head.end]) or keep and not keep(head):
            continue  # "QUYẾT ĐỊNH:" heads the articles; the title above it names the whole document
        # a lead-in's section heading names its items as well: "II. NHIỆM VỤ CỤ THỂ" over "… triển khai thực hiện
        # các nhiệm vụ sau đây:"
        lead_in = text[head.start:head.end].rstrip().endswith(":")
        titles = [(head.start, head.end), *(head.above[-1:] if lead_in else [])]
        owned = next(((x & said, i) for i, x in enumerate(label(a, b) for a, b in titles)
                      if len(x & said & asked) >= 2 and len(x & said) >= OWN_SHARE * len(x)), None)
        if owned is None:
            continue
        own = owned[0]
        if owned[1]:  # its section's heading says it, not its own line ("3. Ngân sách … ủy thác …:" under "Điều 4.
            borrowed.add((head.start, head.end))  # Các nguồn vốn …"): it is not more the one asked than that section
        held, path = own & asked, fold(text[head.start:head.end])
        for a, b in head.above:
            held |= label(a, b) & asked
            path += " " + fold(text[a:b])
        # the kind of items asked, named by the head itself, counts once though the document's title has its words
        # too ("… những dự án kho LNG nào" of "Danh mục … dự án …" under "Bảng II. Các dự án kho LNG")
        held |= {n for n in nouns & set(_LIST_NOUNS.findall(fold(text[head.start:head.end])))
                 if not set(n.split()) <= asked}
        if article and not re.search(rf"\bdieu {article}\b", path):
            continue  # "Theo Điều 6 …": a list of that article
        named = {w for w in own - _TIME_WORDS if not w.isdigit()}
        if nouns and not nouns & set(_LIST_NOUNS.findall(path)) and len(named) < NAMED_WORDS:
            continue  # a head that names what is asked in words enough need not say what kind of items it lists
        # of heads that hold as much, those whose own line holds more of all the question's words: "II. Lĩnh vực ưu
        # tiên tổ chức hội chợ …" over "I. Địa điểm tổ chức hội chợ …" when the title says "lĩnh vực ưu tiên" too
        score = (len(held), len(own))
        if len(held) >= MIN_WORDS and score >= best[0]:
            best = (score, [*best[1], head] if score == best[0] else [head])
    # of heads that hold as much, one inside another's items is the one asked: "2. Nội dung thi đua" under "II. ĐỐI
    # TƯỢNG, NỘI DUNG THI ĐUA"
    # … unless it says so only by the heading of the section it lies in: then that section's list is the one asked
    heads = [h for h in best[1] if not ((h.start, h.end) in borrowed
                                        and any((o.start, o.end) in h.above for o in best[1] if o is not h))]
    inner = [h for h in heads if not any((h.start, h.end) in other.above for other in heads)]
    return best[0][0], inner


def head_line(text: str, head: OutlineList) -> str:
    """A list's head as an answer names it: on one line, a table row's number as an outline's ("12. Lĩnh vực giao
    thông vận tải", not "12 | Lĩnh vực …")."""
    line = " ".join(text[head.start:head.end].replace("*", "").split())
    return re.sub(r"^(\w{1,6}(?:\.\w{1,3})*)\.? \| ", r"\1. ", line)


def _end_of(lead_in: str) -> str:
    """The end of a long lead-in, from its last sentence ("…. Một số sản phẩm trái cây chủ yếu:") or a word's
    beginning ("… thực hiện các nhiệm vụ trọng tâm sau:")."""
    tail = lead_in[-LEAD_CHARS:]
    if ". " in tail[:-2]:
        return tail[tail.rindex(". ", 0, len(tail) - 2) + 2:]
    return "…" + (tail.split(" ", 1)[-1] if not lead_in[-LEAD_CHARS - 1].isspace() else tail).lstrip()


def stored_lists(kb: KnowledgeBase, doc_id: str) -> list[OutlineList]:
    # a document ingested before its lists were typed keeps them as plain arrays: read as none until re-ingested
    return [OutlineList(**x) for x in kb.catalog.document_metadata(doc_id).get("_lists") or [] if isinstance(x, dict)]


def whole_items(text: str, head: OutlineList) -> list[tuple[int, int]]:
    """Each item of a list from its line to where the next begins (the last: to where its own items end), so a
    citation quotes the item whole, not only its first line."""
    ends = [a for a, _ in head.items[1:]] + [head.last]
    return [(a, max(b, a + len(text[a:end].rstrip()))) for (a, b), end in zip(head.items, ends, strict=True)]


_ITEM_MARK = re.compile(r"^\W*(?:\(?(?:[a-zđ]|\d{1,2})\)|\d{1,2}(?:\.\d{1,2})*\.?)?\s*")  # "a) ", "(1) ", "2.1. ", "- "
MANY_SHARE = 0.6  # of a list's items, the share that must open with a body for it to list bodies


def lists_bodies(text: str, head: OutlineList) -> bool:
    """Most items of the list open with a body ("a) Công an tỉnh: Tổng hợp …", "(1) Bộ Tài chính giải quyết …")."""
    named = [a for a, b in head.items if head_at(_ITEM_MARK.sub("", text[a:b], count=1))]
    return len(head.items) >= 2 and len(named) >= MANY_SHARE * len(head.items)


def body_heads(kb: KnowledgeBase, doc_id: str, body: str) -> list[OutlineList]:
    """The lists of a document headed by the body asked: its duties as the document groups them ("1. Công an
    tỉnh" over six bullets, "Giao Sở Nội vụ:", "b) Sở Xây dựng có ý kiến thẩm định các nội dung:")."""
    text, named = kb.text(doc_id), body_matcher(body)
    heads = []
    for head in stored_lists(kb, doc_id):
        line = _MARKER.sub("", text[head.start:head.end].replace("*", "").strip(), count=1)
        line = ASSIGN.sub("", re.sub(r"^Điều\s+\d+\s*\.\s*", "", line))  # "Điều 9. Trách nhiệm của thủ trưởng các
        line = line[:1].upper() + line[1:]  # đơn vị thuộc Cục Thuế": the body, in lower case after "của"
        if head_at(line) and any(named(key(b)) for b in find_bodies(line)):
            heads.append(head)
    return heads


MAIN_SHARE = 0.6  # of a document's tasks, the share its main lead-in's items hold


def main_list(kb: KnowledgeBase, doc: DocumentRecord, records: list[dict[str, Any]]) -> Listed | None:
    """What a document asks for as it lists it: the narrowest lead-in ("… Thủ tướng Chính phủ yêu cầu:") whose
    items hold most of its tasks. "Công điện 230 yêu cầu những việc gì?" is answered by its four numbered items,
    not by the eight duties read out of them. None when no lead-in holds so many."""
    text = kb.text(doc.doc_id)
    starts = [r["start"] for r in records if r["doc_id"] == doc.doc_id and r["kind"] == "task"]
    held = [(head.last - head.items[0][0], head) for head in stored_lists(kb, doc.doc_id)
            if _lead_in(text[head.start:head.end]) and not _FORMULA.match(text[head.start:head.end])
            and sum(head.items[0][0] <= s < head.last for s in starts) >= MAIN_SHARE * len(starts) > 0]
    if not held:
        return None
    head = min(held, key=lambda h: h[0])[1]
    title = head_line(text, head)
    return Listed(MIN_WORDS, title if len(title) <= LEAD_CHARS else _end_of(title),
                  whole_items(text, head), [(head.items[0][0], head.last)])


@dataclass
class Listed:
    """A list of a document whose head says what a question asks, and its items' spans."""

    held: int  # the question's words its heads hold
    title: str  # how the answer names it: its head, or its section's heading and the end of its lead-in
    items: list[tuple[int, int]]
    spans: list[tuple[int, int]]  # of each list found: from its first item to where its last item's own items end


def article_named(question: str) -> str | None:
    """The number of the article a question names ("Theo Điều 6 …" → "6"), or None."""
    return m.group(1) if (m := re.search(r"\bdieu (\d+)\b", fold(question))) else None


# "trong Phụ lục II …", "phụ lục số 01", "danh mục (nhiệm vụ) kèm theo Quyết định …": an appendix, by number or not
_APPENDIX = re.compile(r"\bphu luc(?: so)?(?: ([ivx]{1,4}|\d{1,2})\b)?|\bdanh muc\b[^?]{0,60}?\bkem\b")


def appendix_named(question: str) -> int | None:
    """The number of the appendix a question names ("Phụ lục II" → 2, "phụ lục số 01" → 1), 0 for an appendix
    without a number ("danh mục kèm theo Quyết định …"), None when it names none."""
    if not (m := _APPENDIX.search(fold(question))):
        return None
    return numeral(m.group(1)) if m.group(1) else 0


def in_appendix(section: str | None, number: int) -> bool:
    """A record's section path lies in an appendix ("Phụ lục II › 3"), the one numbered ``number`` unless 0."""
    head = re.match(r"Phụ lục\s*(\S+)?", (section or "").split(" › ")[0])
    return bool(head) and (number == 0 or head.group(1) is not None and numeral(head.group(1).lower()) == number)


def find_list(kb: KnowledgeBase, question: str, doc: DocumentRecord, naming: str, written: str,
              keep: Callable[[OutlineList], bool] | None = None) -> Listed | None:
    """The list of ``doc`` whose head says what the question asks, or None. ``naming``: the words that name the
    document (its number, type and title); ``written``: those the question writes to name it; ``keep``: which lists
    may answer (all when None)."""
    lists = stored_lists(kb, doc.doc_id)
    asked = _words(question) - _words(naming)
    if not lists or len(asked) < MIN_WORDS:
        return None
    text = kb.text(doc.doc_id)
    nouns = set(_LIST_NOUNS.findall(fold(question)))
    article = article_named(question)
    held, found = _best(lists, text, _words(question) - _words(written), asked, nouns, article, keep)
    if not found:
        return None
    title = head_line(text, found[0])
    if len(title) > LEAD_CHARS and _lead_in(title):  # a long lead-in: its section's heading, its end
        section = [clip(text[a:b]) for a, b in found[0].above[-1:]]
        title = " › ".join([*section, _end_of(title)])
    return Listed(held, title, [item for head in found for item in whole_items(text, head)],
                  [(head.items[0][0], head.last) for head in found])


def headed_by(kb: KnowledgeBase, doc_id: str, start: int, end: int) -> Listed | None:
    """The list of a document whose head is the line at ``start:end`` (a general question's answer that is a heading:
    "12 | Lĩnh vực giao thông vận tải"), with its items: what the heading names is what stands under it."""
    text = kb.text(doc_id)
    for head in stored_lists(kb, doc_id):
        whole = start <= head.start + 1 and head.end - 1 <= end <= head.end + 1  # the answer is the heading, whole
        if whole and not _FORMULA.match(text[head.start:head.end]):
            return Listed(MIN_WORDS, head_line(text, head), whole_items(text, head),
                          [(head.items[0][0], head.last)])
    return None


def shown_items(text: str, items: list[tuple[int, int]]) -> str:
    """The first items of a list as the answer line names them, without their marks, and how many more."""
    shown = "; ".join(f"({i}) {clip(_MARKER.sub('', text[a:b].strip().rstrip(';'), count=1))}"
                      for i, (a, b) in enumerate(items[:SHOWN], 1))
    return shown + (f"; … và {len(items) - SHOWN} mục khác" if len(items) > SHOWN else "")


def items_answer(kb: KnowledgeBase, question: str, reading: Reading, doc: DocumentRecord, listed: Listed,
                 stated: list[dict[str, Any]] | None = None) -> Answer:
    """The items of a list, counted, each cited; ``stated``: the targets its items state, given as facts."""
    text, items = kb.text(doc.doc_id), listed.items
    shown = shown_items(text, items)
    intent = "target" if reading.list_of == "targets" else "body" if reading.body else "deadline"
    return Answer(question=question, intent=intent, reading=reading, total=len(items),
                  answer=f"{len(items)} mục trong {name_of(doc)}, dưới “{clip(listed.title)}”: {shown}.",
                  confidence=min(1.0, listed.held / max(1, len(_words(question)))), facts=typed(stated or []),
                  citations=[document_citation(kb, doc, span=(a, b)) for a, b in items])
