"""Which documents a question names: by number ("Nghị định 224", "224/2026/NĐ-CP", "KH 617"), resolved in the knowledge
base or said to be missing; by its title's words ("Kế hoạch … về chuyển đổi số doanh nghiệp …"); and which of them
only stand as what another carries out or follows ("Kế hoạch … triển khai Nghị quyết 214", "theo Nghị định 13")."""

from __future__ import annotations

import re
from typing import Any

from kb.model import DocRef
from kb.places import places_in
from kb.text import DOC_NUMBER, fold, nfc, syllables

TYPES = ["Nghị quyết", "Nghị định", "Quyết định", "Kế hoạch", "Chỉ thị", "Công điện", "Công văn", "Thông báo",
         "Thông tư", "Án lệ", "Báo cáo", "Đề án", "Chương trình", "Luật", "Tờ trình", "Hướng dẫn"]
TYPE_BY_FOLD = {fold(t): t for t in TYPES}
TYPE_WORDS = "|".join(sorted(TYPE_BY_FOLD, key=len, reverse=True))
# how officials shorten a type before its number: "KH 617", "QĐ 2954", "CV 4240"
_TYPE_BY_ABBR = {"kh": "Kế hoạch", "qd": "Quyết định", "nq": "Nghị quyết", "nd": "Nghị định", "ct": "Chỉ thị",
                 "cv": "Công văn", "tb": "Thông báo", "cd": "Công điện", "tt": "Thông tư"}

_NUMBERED = re.compile(rf"\b({TYPE_WORDS}|{'|'.join(_TYPE_BY_ABBR)})\s+(?:so\s+)?(\d{{1,5}})"
                       r"(?:\s*/\s*(\d{4}))?(?![\d/-])"
                       r"(?!\s+(?:thang|nam|ngay|quy|tuan)\b)")  # not "báo cáo 6 tháng"


# "… kế hoạch của Hà Nội triển khai Nghị quyết 214": a document the one asked about carries out, not the one asked.
_CARRIED_OUT = re.compile(rf"\b(thuc hien|trien khai|thi hanh|cai thien)\s+(?:(?:{TYPE_WORDS})\s+)?(?:so\s+)?$")
_CARRIED_TOO = re.compile(rf"\b(thuc hien|trien khai|thi hanh)\s+(?:{TYPE_WORDS})\s+(?:so\s+)?\S+"
                          rf"(?:\s+(?:va|,)\s*(?:{TYPE_WORDS})?\s*(?:so\s+)?\S+)*\s+(?:va|,)\s*(?:(?:{TYPE_WORDS})\s+)?"
                          r"(?:so\s+)?$")
_FOLLOWED = re.compile(rf"\btheo\s+(?:(?:{TYPE_WORDS})\s+)?(?:so\s+)?$")
# "Cơ quan nào chủ trì sửa đổi Nghị định 01/2018/NĐ-CP …?": a document a task of another amends, replaces or guides
_ACTED_ON = re.compile(rf"\b(sua doi|bo sung|thay the|bai bo|huong dan)\s+(?:(?:{TYPE_WORDS})\s+)?(?:so\s+)?$")


def _context(folded: str, at: int, mentioned: bool) -> bool:
    """Whether a reference to a document missing from the knowledge base names what another document carries out
    ("triển khai Đề án 06"), or, when some document there mentions it, what the question follows ("theo …") or what
    a task there amends ("sửa đổi Nghị định 01/2018/NĐ-CP")."""
    before = folded[max(0, at - 40):at]
    return bool(_CARRIED_OUT.search(before) or mentioned and (_FOLLOWED.search(before) or _ACTED_ON.search(before)))


def _carried(folded: str, at: int) -> bool:
    """Named as what is carried out: "thực hiện Nghị quyết 66", also the second of "thực hiện Nghị quyết 66 và
    Nghị quyết 140"."""
    return bool(_CARRIED_OUT.search(folded[max(0, at - 40):at]) or _CARRIED_TOO.search(folded[max(0, at - 90):at]))


def docs_named(question: str, documents: list[Any]) -> tuple[list[DocRef], list[DocRef]]:
    """(named and found, named and missing): full numbers ("224/2026/NĐ-CP"), a type and a number ("Nghị quyết 57",
    "cong dien 229"), or a type and the words of a title ("Nghị định về công tác văn thư"). A reference to what a
    document carries out ("triển khai Nghị quyết 214") is context: neither a scope nor missing."""
    folded = fold(question)
    by_number = {fold(d.number): d for d in documents if d.number}
    mentioned = {fold(n) for d in documents for n in d.numbers}
    found: dict[str, DocRef] = {}
    missing: list[DocRef] = []
    context: list[DocRef] = []  # missing, but named as what the one asked about carries out
    typed = re.sub(r"(?<![\w/])(\d{1,5}(?:/\d{4})?[/-])([a-zđ][\w&]*(?:[/-][a-zđ\w&]+)*)",
                   lambda m: m.group(1) + m.group(2).upper(), nfc(question))  # "03/nq-cp", "01-kh/bcd" in lower case
    for m in DOC_NUMBER.finditer(typed):
        number = m.group(0)
        doc = by_number.get(fold(number))
        if doc is None and any(fold(number) in fold(d.title or "") for d in documents):
            if not _carried(folded, m.start()):  # "Nghị quyết 66-NQ/TW … đặt mục tiêu gì?": asked, if nothing else is
                context.append(DocRef(as_written=number, number=number, carried_out=True))
            continue  # "… tình hình thực hiện Nghị quyết 66-NQ/TW": the document here that carries it out
        if doc is None and _context(folded, m.start(), fold(number) in mentioned):
            context.append(DocRef(as_written=number, number=number, carried_out=True))
            continue  # what another document carries out or follows: asked, if nothing else is named
        doc = doc or by_title(folded, [d for d in documents if not d.number], strict=True)  # a number it lost
        ref = DocRef(as_written=number, number=doc.number if doc else number, doc_type=doc.doc_type if doc else None,
                     doc_id=doc.doc_id if doc else None, carried_out=_carried(folded, m.start()))
        if doc:
            found.setdefault(doc.doc_id, ref)
        else:
            missing.append(ref)
    for m in _NUMBERED.finditer(folded):
        doc_type = TYPE_BY_FOLD.get(m.group(1)) or _TYPE_BY_ABBR[m.group(1)]
        if any(re.match(rf"{m.group(2)}[/-]", fold(r.as_written)) for r in [*found.values(), *missing]):
            continue  # the same number written in full
        hits = [d for d in documents if d.number and re.match(rf"{m.group(2)}[/-]", fold(d.number))
                and (d.doc_type == doc_type or not d.doc_type) and (not m.group(3) or m.group(3) in d.number)]
        if not hits and any(re.search(rf"\b{m.group(1)} (?:so )?{m.group(2)}\b", fold(d.title or ""))
                            for d in documents):
            continue  # "Kế hoạch triển khai Đề án 06": words of the title of one that is there
        if not hits and _context(folded, m.start(), True):
            continue  # "triển khai Đề án 06": what the document asked about carries out
        if len(hits) == 1:
            found.setdefault(hits[0].doc_id, DocRef(as_written=m.group(0), number=hits[0].number, doc_type=doc_type,
                                                    doc_id=hits[0].doc_id, carried_out=_carried(folded, m.start())))
        elif not hits:
            missing.append(DocRef(as_written=f"{doc_type} {m.group(2)}" + (f"/{m.group(3)}" if m.group(3) else ""),
                                  doc_type=doc_type))
    opens = bool(context) and bool(re.match(rf"(?:{TYPE_WORDS})?\s*(?:so\s+)?{re.escape(fold(context[0].as_written))}",
                                             folded))  # "Nghị quyết 66-NQ/TW của Bộ Chính trị …": its subject
    if not found and not opens and not any(r.number for r in missing) and (doc := by_title(folded, documents)):
        found[doc.doc_id] = DocRef(as_written=doc.title or doc.source, number=doc.number, doc_type=doc.doc_type,
                                   doc_id=doc.doc_id, by_title=True)
        missing = [r for r in missing if r.number]  # "Đề án 06" inside the title words of the one found
    if not found and not missing:
        missing = context  # "kinh phí thực hiện Công văn 456/UBND-KGVX", "theo Nghị định 13/2023/NĐ-CP, …"
    return list(found.values()), missing


_STOP = set("cua ve va cac nhung la gi nao ai bao nhieu theo trong tai voi cho de duoc co khong ngay nam thang do "
            "tinh thanh pho".split())


def _pairs(text: str) -> set[str]:
    syl = [s for s in syllables(text) if s not in _STOP and not s.isdigit()]
    return {f"{a} {b}" for a, b in zip(syl, syl[1:], strict=False)}


# "Ai chủ trì xây dựng đề án chuyển đổi số trong lĩnh vực văn hóa?": a document a task is to make, not one named
_TO_MAKE = re.compile(r"\b(?:xay dung|ban hanh|trinh|soan thao|lap|de xuat|hoan thien)"
                      r"(?:,? (?:trien khai|ban hanh))?\s+$")


_CITING = re.compile(rf"(\b(?:thực hiện|triển khai|thi hành)\s+(?:{'|'.join(TYPES)})\s+(?:số\s+)?\S*\d\S*)"
                     r"(?:\s+ngày\s+[\d/]+|\s+ngày\s+\d+\s+tháng\s+\d+\s+năm\s+\d+)?(?:\s+của\s+[^,]{0,40}?)?\s+về\s.*$",
                     re.I)


def _own(title: str | None) -> str:
    """A title without the title of the document it carries out ("Chương trình hành động … thực hiện Nghị quyết số
    57-NQ/TW … về đột phá phát triển khoa học …": the words after the number are the resolution's)."""
    return _CITING.sub(r"\1", title or "")


def by_title(folded: str, documents: list[Any], strict: bool = False, untyped: bool = False) -> Any | None:
    """The one document whose type the question names and whose title (and issuer) it repeats: three or more
    pairs of words in common, half again more than any other document (of the places the question names, when it
    names some and a document is of them). ``untyped``: a list question may name it
    by its title's words alone ("Các nhiệm vụ trọng tâm về chuyển đổi số kết cấu hạ tầng xây dựng …"): five pairs."""
    named_types = {TYPE_BY_FOLD[m.group(1)] for m in re.finditer(rf"\b({TYPE_WORDS})\b", folded)
                   if not _TO_MAKE.search(folded[:m.start()])}
    if not named_types and not untyped:
        return None
    asked = _pairs(folded)
    candidates = [(i, d) for i, d in enumerate(documents) if untyped or d.doc_type in named_types or any(
        fold(t) in fold(d.title or "") for t in named_types)]
    if places := places_in(folded):  # "… của UBND tỉnh Lâm Đồng": of those places, when any document is
        local = [(i, d) for i, d in candidates if set(places) & set(places_in(f"{d.issuer or ''} {d.title or ''}"))]
        if not local and any(set(places) & set(places_in(f"{d.issuer or ''} {d.title or ''}")) for d in documents):
            return None  # "Tại buổi làm việc với tỉnh Đắk Lắk, …": not a document of another place
        candidates = local or candidates
    scored = sorted(((len(asked & _pairs(f"{_own(d.title)} {d.issuer or ''} {d.place or ''}")), i)
                     for i, d in candidates), reverse=True)
    if not scored or scored[0][0] < (5 if untyped else 4 if strict else 3):
        return None
    if len(scored) > 1 and scored[0][0] < 1.5 * scored[1][0]:
        return None
    return documents[scored[0][1]]
