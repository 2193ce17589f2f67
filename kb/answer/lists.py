"""Lists of tasks or targets with every condition of the question: the document, the body and its role, the
period. A list says how many and returns them all (``facts``); the answer line names the first few."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kb.answer import sections
from kb.answer.cite import clip, document_citation, name_of, narrow, record_citation, typed
from kb.answer.documents import vn_date
from kb.deadlines import first_day
from kb.facts import FactFilter, select
from kb.model import Answer, Citation, Deadline, DocumentRecord, Reading
from kb.text import fold, sentence_spans

if TYPE_CHECKING:
    from kb.service import KnowledgeBase

SHOWN = 5  # items the answer line names
LIMIT = 500  # records an answer returns at most
COUNTED_CONFIDENCE = 0.6  # a sentence that counts the items asked, without listing them
# what a list question asks for: "gồm những nhóm nhiệm vụ chủ yếu nào" → "nhom nhiem vu"
_ASKED_ITEMS = re.compile(r"\bnhung ((?:\w+ ){0,3}?\w+) (?:chu yeu |chinh |cu the |trong tam )?(?:nao|gi)\b")
_HOW_MANY = r"(?:\d+|hai|ba|bon|nam|sau|bay|tam|chin|muoi)"


def _describe(reading: Reading, kind: str, documents: dict[str, DocumentRecord]) -> str:
    parts = ["nhiệm vụ" if kind == "task" else "chỉ tiêu"]
    if reading.body:
        verb = {"lead": "chủ trì", "coordinator": "phối hợp"}.get(reading.role, "thực hiện")
        parts.append(f"do {reading.body} {'theo dõi' if kind == 'target' else verb}")
    if reading.due_from and reading.due_to:
        parts.append(f"có hạn từ {vn_date(reading.due_from)} đến {vn_date(reading.due_to)}")
    elif reading.due_to:
        parts.append(f"có hạn đến {vn_date(reading.due_to)}")
    elif reading.due_from:
        parts.append(f"có hạn từ {vn_date(reading.due_from)}")
    if reading.period:
        parts.append(f"cho giai đoạn {reading.period}")
    named = [("các văn bản thực hiện " if r.carried_out else "") + name_of(documents[r.doc_id])
             for r in reading.documents if r.doc_id in documents]
    if named:
        parts.append("trong " + ", ".join(named))
    return " ".join(parts)


# the markers of an enumeration inside one item: "các báo cáo: (i) …; (ii) …", "gồm: a) …; b) …"
_MARKER = re.compile(r"\((?:[ivx]{1,4}|\d{1,2})\)\s|(?:(?<=:\s)|(?<=;\s))[a-zđ]\)\s")


def enumerated(text: str, kind: str) -> list[str]:
    """The items an item lists inline: after naming their kind ("… hoàn thiện các báo cáo: (i) Báo cáo tình hình
    …; (ii) Báo cáo xử lý …"), or each named by its kind and number ("tại Dự án 1: …; Dự án 2: …; Tiểu dự án 2:
    …"); [] when it lists none of that kind."""
    folded = fold(text)
    numbered = [m.start() for m in re.finditer(rf"\b(?:tieu )?{re.escape(fold(kind))} \d+\s*:", folded)
                if folded[:m.start()].count("(") == folded[:m.start()].count(")")]  # not "(thuộc Dự án 7: …)"
    if len(numbered) >= 2:
        return _pieces(text, numbered)
    named = re.search(rf"\b{re.escape(fold(kind))}\b[^:;.]{{0,60}}:\s*", folded)
    if not named:
        return []
    starts = [named.end() + m.start() for m in _MARKER.finditer(text[named.end():])]
    return _pieces(text, starts) if len(starts) >= 2 and starts[0] == named.end() else []


def inline_items(text: str) -> list[str]:
    """The items one duty lists after a colon ("… làm rõ các nội dung còn vướng mắc …, cụ thể: (i) Đánh giá …;
    (ii) Rà soát …"), whatever their kind; [] when it lists none."""
    colon = re.search(r":\s*(?=\((?:[ivx]{1,4}|\d{1,2})\)\s|[a-zđ]\)\s)", text)
    if not colon:
        return []
    starts = [colon.end() + m.start() for m in _MARKER.finditer(text[colon.end():])]
    return _pieces(text, starts) if len(starts) >= 2 and starts[0] == colon.end() else []


def _pieces(text: str, starts: list[int]) -> list[str]:
    ends = [*starts[1:], len(text)]
    return [" ".join(text[a:b].split()).rstrip(" ;,.") for a, b in zip(starts, ends, strict=True)]


def _of_kind(found: list[dict[str, Any]], kind: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The records that are items of ``kind`` ("Dự án 1: …", "Tiểu dự án 2 …"), or the one record that lists
    them inline with the items it lists; else all of them."""
    own = [r for r in found if fold(_text(r)).startswith(fold(kind))]
    if own:
        return own, []
    inline = [(r, items) for r in found if (items := enumerated(_text(r), kind))]
    if len(inline) == 1:
        return [inline[0][0]], inline[0][1]
    return found, []


SAME_WORDS = 0.75  # share of words two targets of a document share when one restates the other

# the words a target table puts before what the text states as a share ("Tỉ lệ …"), and figures
_FRAMING = re.compile(r"^\s*(?:\d+\s*\|\s*)?t[iy] le\b|\d+(?:[.,]\d+)?\s*%?")


def _distinct(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Without the targets that restate an earlier one of the same document: a plan's appendix table repeats the
    targets of its text ("+ 100% dịch vụ công trực tuyến toàn trình …" and "Tỉ lệ dịch vụ công trực tuyến toàn
    trình … | % | 100%"). A restatement has the same figure and horizon and most of the same words. (Tasks are not
    merged so: two duties of one body share most of their words as often as a restated one does.)"""
    kept: list[dict[str, Any]] = []
    seen: dict[str, list[tuple[tuple[Any, Any], set[str]]]] = {}
    for record in sorted(found, key=lambda r: (r["doc_id"], r["start"])):
        same = (record.get("number"), record.get("horizon_year"))
        words = set(re.findall(r"\w+", _FRAMING.sub(" ", fold(_text(record)))))
        earlier = seen.setdefault(record["doc_id"], [])
        if any(key == same and _shared(words, other) >= SAME_WORDS for key, other in earlier):
            continue
        earlier.append((same, words))
        kept.append(record)
    return kept


def _set_for(target: dict[str, Any], period: str) -> bool:
    """A target set for the stage ``period`` ("2025-2027"): its horizon names those years ("Giai đoạn 2025-2027")."""
    return re.findall(r"(?:19|20)\d\d", target.get("horizon") or "") == period.split("-")


def _shared(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _text(record: dict[str, Any]) -> str:
    return record.get("task") or record.get("indicator") or ""


def _short(record: dict[str, Any]) -> str:
    text = " ".join(_text(record).split())
    if record["kind"] == "target":
        text = f"{text} — {record.get('value')}" if record.get("value") and record["value"] not in text else text
    return clip(text)


# "Mục Tổ chức thực hiện", "phần IV. Nhiệm vụ và giải pháp": a part of the document named by its heading (not the
# "danh mục" of a list)
_PART = re.compile(r"\b(?<!danh )(?:muc|phan)\s+(?:[ivx]+\.?\s+)?((?:(?!cua|trong|giao|ve|de|tai|thi)\w+\s+){1,5}?)"
                   r"(?=cua\b|trong\b|giao\b|ve\b|,|$)")


def _part(kb: KnowledgeBase, question: str, doc_id: str) -> tuple[int, int] | None:
    """The span of the part of the document the question names by its heading ("Mục Tổ chức thực hiện") or number
    ("Theo Điều 6 …"): from its heading line ("V. TỔ CHỨC THỰC HIỆN", "Điều 6. …") to the next heading numbered
    alike, or None."""
    named = _PART.search(fold(question))
    article = sections.article_named(question)
    if not (named or article):
        return None
    text = kb.text(doc_id)
    if article:
        heading = re.search(rf"^\W*Điều\s+{article}\s*\.", text, re.M)
        return _up_to_next(text, heading, r"\W*Điều\s+\d{1,3}\s*\.") if heading else None
    folded = fold(text)
    if len(folded) != len(text):
        return None  # offsets of the folded text would not be the text's
    heading = re.search(rf"^\W*([ivx]+|\d+)\.\s*{re.escape(named.group(1).strip())}\b", folded, re.M)
    if not heading:
        return None
    numbered = r"[IVX]+" if heading.group(1)[0] in "ivx" else r"\d+"
    return _up_to_next(text, heading, rf"\W*{numbered}\.\s")


def _up_to_next(text: str, heading: re.Match[str], following: str) -> tuple[int, int]:
    """The span from ``heading`` to the next line opening with ``following`` (a heading numbered alike), or to the
    text's end."""
    after = re.search(rf"^{following}", text[heading.end():], re.M)
    return heading.start(), heading.end() + after.start() if after else len(text)


# an article's or a part's heading line ("Điều 24. Chuẩn bị phiên họp Chính phủ", "II. NHIỆM VỤ VÀ GIẢI PHÁP")
_TITLED = re.compile(r"^(Điều\s+\d{1,3}\.|[IVX]{1,4}\.)[ \t]*(.+)$", re.M)
_LINKING = {"cua", "va", "cac", "ve", "trong", "viec", "doi", "voi", "nhung", "cho", "tai"}
MIN_TITLE_WORDS = 3  # a title of fewer words says too little to stand for the question's topic


def _titled(text: str, question: str) -> tuple[int, int] | None:
    """The span of the article or part whose title the question restates word for word ("… có những nhiệm vụ gì
    trong việc chuẩn bị phiên họp Chính phủ?" under "Điều 24. Chuẩn bị phiên họp Chính phủ"), the one of the most
    words when several do; None when none does."""
    asked = set(fold(question).split())
    best: tuple[int, re.Match[str]] | None = None
    for m in _TITLED.finditer(text):
        words = set(re.findall(r"\w+", fold(m.group(2)))) - _LINKING
        if len(words) >= MIN_TITLE_WORDS and words <= asked and (best is None or len(words) > best[0]):
            best = (len(words), m)
    if best is None:
        return None
    return _up_to_next(text, best[1], r"Điều\s+\d{1,3}\." if best[1].group(1).startswith("Điều") else r"[IVX]{1,4}\.")


def _asked_part(kb: KnowledgeBase, question: str, doc_id: str, found: list[dict[str, Any]]) -> tuple[int, int] | None:
    """The span of the part of the document a list question is about: the one it names ("Mục Tổ chức thực hiện …
    giao Sở Y tế …"), else the article whose title it restates when some of ``found`` lie there ("… có những nhiệm
    vụ gì trong việc chuẩn bị phiên họp Chính phủ?")."""
    if named := _part(kb, question, doc_id):
        return named
    titled = _titled(kb.text(doc_id), question)
    return titled if titled and any(titled[0] <= r["start"] < titled[1] for r in found) else None


_UNTIL = re.compile(r"\bden (?:het )?(?:nam|quy|thang)\b")  # "đến năm 2030", "đến hết quý IV/2026": until, not in


def _wider(record: dict[str, Any], period_start: str) -> bool:
    """The task's own deadline spans a period that begins before the one asked: it is not due in it alone."""
    said = record.get("deadline_norm")
    first = first_day(Deadline(**said)) if said else None
    return first is not None and first < period_start


def _task_role(reading: Reading) -> str:
    """The role in a task the body asked must have: the one asked, but a recipient's list is of what it leads."""
    return reading.role if reading.role != "recipient" else "lead"


def has_tasks_of(records: list[dict[str, Any]], reading: Reading, doc_ids: list[str]) -> bool:
    """The body the question names leads (or has the role asked in) some task of these documents."""
    return bool(select(records, "task", FactFilter(body=reading.body, role=_task_role(reading), doc_ids=doc_ids)))


def records_answer(kb: KnowledgeBase, question: str, reading: Reading, records: list[dict[str, Any]],
                   allowed: set[str] | None, documents: dict[str, DocumentRecord],
                   within: list[tuple[str, int, int]] | None = None, scope: list[str] | None = None) -> Answer:
    """``within``: (document, start, end) of the passages a list without conditions is taken from (those the
    question finds); ``scope``: the documents named, and those that carry out one named so."""
    kind = "target" if reading.list_of == "targets" else "task"
    doc_ids = scope or ([d for d, _, _ in within] if within else None)
    if allowed is not None:
        doc_ids = [d for d in (doc_ids or allowed) if d in allowed]
    role = _task_role(reading) if kind == "task" else "lead"
    flt = FactFilter(body=reading.body, role=role, doc_ids=doc_ids, due_after=reading.due_from, due_to=reading.due_to)
    found = select(records, kind, flt)
    if kind == "task" and reading.due_from and reading.due_to and not _UNTIL.search(fold(question)):
        found = [r for r in found if not _wider(r, reading.due_from)]  # "phải hoàn thành trong Quý IV/2026": not "Năm
        # 2026"; but "thực hiện đến năm 2030" is any time that ends then ("2024 - 2030")
    if kind == "target":
        found = _distinct([r for r in found if not reading.period or _set_for(r, reading.period)])
    if (appendix := sections.appendix_named(question)) is not None \
            and any(sections.in_appendix(r.get("section"), appendix) for r in found):
        found = [r for r in found if sections.in_appendix(r.get("section"), appendix)]  # "Trong Phụ lục …, Bộ X …"
    part = _asked_part(kb, question, scope[0], found) if scope and len(scope) == 1 else None
    if part:
        found = [r for r in found if part[0] <= r["start"] < part[1]]
    if within:
        found = [r for r in found if any(d == r["doc_id"] and s <= r["start"] < e for d, s, e in within)]
    found.sort(key=lambda r: (r.get("due") or "9999", r["doc_id"], r["start"]))
    listed_inline: list[str] = []
    if reading.items_of and found:
        found, listed_inline = _of_kind(found, reading.items_of)
    elif kind == "task" and reading.body and len(found) == 1:  # the one duty asked lists its parts
        listed_inline = inline_items(_text(found[0]))
    if kind == "task" and reading.body and scope and len(scope) == 1 and not (
            reading.due_from or reading.due_to or reading.items_of or re.search(r"\bchu tri\b", fold(question))):
        if grouped := _as_grouped(kb, question, reading, documents[scope[0]], found, part):
            return grouped
    what = _describe(reading, kind, documents)
    base = {"question": question, "intent": "target" if kind == "target" else "body" if reading.body else "deadline",
            "reading": reading, "total": len(found)}
    if not found:
        return Answer(**base, answer=f"Không tìm thấy {what}.", status="not_found")
    if listed_inline:  # one duty that lists the items asked: "(i) Báo cáo …; (ii) Báo cáo …"
        named, noun = "; ".join(clip(item) for item in listed_inline), reading.items_of or "nội dung"
        return Answer(**{**base, "total": len(listed_inline)}, confidence=1.0, facts=typed(found),
                      answer=f"{len(listed_inline)} {noun} {what.split(' ', 2)[-1]}: {named}.",
                      citations=[record_citation(r) for r in found])
    listed = "; ".join(f"({i}) {_short(r)}" for i, r in enumerate(found[:SHOWN], 1))
    noun = "nhiệm vụ" if kind == "task" else "chỉ tiêu"
    more = f"; … và {len(found) - SHOWN} {noun} khác" if len(found) > SHOWN else ""
    return Answer(**base, answer=f"{len(found)} {what}: {listed}{more}.", confidence=1.0,
                  facts=typed(found[:LIMIT]), citations=[record_citation(r) for r in found[:10]])


def _as_grouped(kb: KnowledgeBase, question: str, reading: Reading, doc: DocumentRecord,
                found: list[dict[str, Any]], part: tuple[int, int] | None = None) -> Answer | None:
    """The duties of a body as the document groups them, under a heading or lead-in naming it ("1. Công an tỉnh",
    "Giao Sở Nội vụ:"), counted as written; the tasks it leads elsewhere follow as "ngoài ra". None when no list
    of the document is headed by the body or none of its tasks stands under one. ``part``: the span of the part of
    the document the question asks about, whose heads alone count."""
    heads = [head for head in sections.body_heads(kb, doc.doc_id, reading.body or "")
             if part is None or part[0] <= head.start < part[1]]
    spans = [(head.items[0][0], head.last) for head in heads]
    inside = [r for r in found if any(a <= r["start"] < b for a, b in spans)]
    if not inside:
        return None
    text = kb.text(doc.doc_id)
    items = [item for head in heads for item in sections.whole_items(text, head)]
    others = [r for r in found if r not in inside]
    title = clip(" ".join(text[heads[0].start:heads[0].end].replace("*", "").split()))
    listed = f"dưới “{title}”: {sections.shown_items(text, items)}"
    answer = f"{len(items)} nhiệm vụ của {reading.body} trong {name_of(doc)}, {listed}."
    if others:  # the whole count first, then as the document places them
        answer = (f"{len(items) + len(others)} nhiệm vụ của {reading.body} trong {name_of(doc)}: {len(items)} "
                  f"{listed}; và {len(others)} ở mục khác: "
                  + "; ".join(f"({i}) {_short(r)}" for i, r in enumerate(others[:SHOWN], 1)) + ".")
    return Answer(question=question, intent="body", reading=reading, total=len(items) + len(others), answer=answer,
                  confidence=1.0, facts=typed(inside + others),
                  citations=[document_citation(kb, doc, span=(a, b)) for a, b in items]
                  + [record_citation(r) for r in others[:SHOWN]])


def counted(question: str, reading: Reading, citations: list[Citation]) -> Answer | None:
    """A list the passages only count ("Đề án xác định 7 nhóm nhiệm vụ chủ yếu", asked "… gồm những nhóm nhiệm vụ
    chủ yếu nào?"): the first sentence of the passages found that says how many of what is asked, more than a heading
    does, cited."""
    asked = _ASKED_ITEMS.search(fold(question))
    if not asked:
        return None
    many = re.compile(rf"\b{_HOW_MANY} {re.escape(' '.join(asked.group(1).split()[:3]))}\b")
    for c in citations:
        for a, b in sentence_spans(c.quote, c.start):
            said = fold(c.quote[a - c.start:b - c.start])
            if (m := many.search(said)) and len((said[:m.start()] + said[m.end():]).split()) >= 4:  # not a heading
                if ":" in said[m.end():]:  # "… 7 nhóm nhiệm vụ chủ yếu …, bao gồm: A; B; …": to the line's end
                    line_end = c.quote.find("\n", b - c.start)
                    b = c.end if line_end < 0 else c.start + line_end
                cited = narrow(c, a, b)
                return Answer(question=question, intent="general", reading=reading, answer=cited.quote,
                              confidence=COUNTED_CONFIDENCE, citations=[cited])
    return None
