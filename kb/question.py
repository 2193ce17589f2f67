"""Reading a question before answering it: what is asked, about which document, under which conditions.

``read(question, documents, bodies)`` gives a ``Reading``: what the question asks (a document's own fact, a list,
a body, a deadline, a value, or anything else), the documents it names (resolved in the knowledge base, or
missing from it), and its conditions (a body and its role, a period, a document type, issuer or year). It works
on the folded question, so accents do not matter; ``ask`` shows it in its JSON as ``reading``.

>>> r = read("Những nhiệm vụ nào Bộ Nội vụ chủ trì có hạn trong năm 2025?", [], [])
>>> r.asks, r.list_of, r.body, r.due_from, r.due_to
('list', 'tasks', 'Bộ Nội vụ', '2025-01-01', '2025-12-31')
>>> read("nghi dinh 224 co hieu luc tu ngay nao", [], []).fact
'effective'
"""

from __future__ import annotations

import re
from typing import Any, Literal

from kb.bodies import canonical, find_bodies
from kb.bodies import key as body_key
from kb.deadlines import period
from kb.model import Asks, DocRef, Fact, Reading
from kb.text import DOC_NUMBER, fold, nfc, syllables

TYPES = ["Nghị quyết", "Nghị định", "Quyết định", "Kế hoạch", "Chỉ thị", "Công điện", "Công văn", "Thông báo",
         "Thông tư", "Án lệ", "Báo cáo", "Đề án", "Chương trình", "Luật", "Tờ trình", "Hướng dẫn"]
_TYPE_BY_FOLD = {fold(t): t for t in TYPES}
_TYPE_WORDS = "|".join(sorted(_TYPE_BY_FOLD, key=len, reverse=True))


_FACTS: list[tuple[Fact, re.Pattern[str]]] = [(f, re.compile(p)) for f, p in [
    ("validity", r"\bcon hieu luc|\bhet hieu luc chua\b"),
    ("repeals", r"\bbai bo\b|\bhet hieu luc\b"),
    ("replaces", r"\bthay the\b"),
    ("effective", r"\bhieu luc\b"),
    ("legal_basis", r"\bcan cu\b"),
    ("signer", r"\b(ai ky|do ai ky|nguoi ky|ky boi|ai la nguoi ky|ai da ky)\b"),
    ("issued", r"\b(ban hanh|ky|thong qua|phat hanh)\b( vao)? (ngay|thang|nam) nao\b|\bngay (ban hanh|ky|thong qua)\b"
               r"|\b(ban hanh|ky|thong qua) khi nao\b"),
    ("issuer", r"\b(co quan|don vi|ai) (nao )?ban hanh\b|\bdo (co quan|don vi) nao\b|\bcua co quan nao\b"),
    ("number", r"\bso hieu\b|\bso ky hieu\b|\bky hieu\b|\bco so (la )?(bao nhieu|gi)\b"),
    ("type", r"\bloai van ban\b|\bla van ban (gi|loai gi)\b"),
]]
_LIST = [("documents", re.compile(rf"\b(nhung|cac) (van ban|{_TYPE_WORDS}) (nao|gi|ban hanh|do|cua|trong kho|nam)\b"
                                  r"|\bvan ban nao\b|\btrong (kho|co so du lieu) co (nhung|cac)?")),
         ("targets", re.compile(r"\b(nhung|cac) (chi tieu|muc tieu)\b|\bchi tieu (nao|gi)\b|\bbao nhieu chi tieu\b")),
         ("tasks", re.compile(r"\b(nhung|cac) (nhiem vu|viec|cong viec|du an|tieu du an|noi dung)\b"
                              r"|\b(nhiem vu|viec|cong viec|du an) (nao|gi)\b|\bgom nhung gi\b|\bnhung gi\b"
                              r"|\bbao nhieu nhiem vu\b|\bdanh sach (cac )?nhiem vu\b|^nhiem vu (giao|cua)\b"))]
# What a question asks, by its question words ("khi nào", "bao nhiêu", "cơ quan nào"), else by the nouns that name
# a field ("thời hạn", "tỷ lệ"). A question word wins over a noun wherever each stands: "báo cáo tình hình thực
# hiện … mục tiêu năm 2025 vào lúc nào?" asks when, not a value.
_FIELDS: list[tuple[Asks, re.Pattern[str], re.Pattern[str] | None]] = [
    ("body", re.compile(r"\b(co quan nao|don vi nao|bo nao|so nao|nganh nao|to chuc nao|ai|giao cho ai|ai la)\b"),
     None),
    ("deadline", re.compile(r"\b(khi nao|bao gio|truoc ngay nao|ngay nao|thang nao|nam nao|quy nao|bao lau|may gio|"
                            r"luc nao)\b"),
     re.compile(r"\b(thoi han|han chot|den han|han|thoi gian (hoan thanh|trien khai|thuc hien))\b")),
    ("value", re.compile(r"\b(bao nhieu|muc nao)\b"),
     re.compile(r"\b(ty le|ti le|muc|phan tram|toi da|toi thieu|chi tieu|muc tieu|gia tri)\b")),
]
_WEAK_BODY = re.compile(r"\b(chu tri|phu trach|duoc giao|tham muu)\b")
_ISSUER_OF = re.compile(rf"\b(?:{'|'.join(TYPES)})\s+của\s+[^,?.]{{0,30}}?(?=\s+về\s|\s+ban hành|[,?.]|$)", re.I)
_NUMBERED = re.compile(rf"\b({_TYPE_WORDS})\s+(?:so\s+)?(\d{{1,5}})(?:\s*/\s*(\d{{4}}))?(?![\d/-])")


# "… kế hoạch của Hà Nội triển khai Nghị quyết 214": a document the one asked about carries out, not the one asked.
_CARRIED_OUT = re.compile(rf"\b(thuc hien|trien khai|thi hanh|cai thien)\s+(?:(?:{_TYPE_WORDS})\s+)?(?:so\s+)?$")
_FOLLOWED = re.compile(rf"\btheo\s+(?:(?:{_TYPE_WORDS})\s+)?(?:so\s+)?$")


def _context(folded: str, at: int, mentioned: bool) -> bool:
    """Whether a reference to a document missing from the knowledge base names what another document carries out
    ("triển khai Đề án 06"), or, when some document there mentions it, what the question follows ("theo …")."""
    before = folded[max(0, at - 40):at]
    return bool(_CARRIED_OUT.search(before) or mentioned and _FOLLOWED.search(before))


def _carried(folded: str, at: int) -> bool:
    return bool(_CARRIED_OUT.search(folded[max(0, at - 40):at]))


def _docs_named(question: str, documents: list[Any]) -> tuple[list[DocRef], list[DocRef]]:
    """(named and found, named and missing): full numbers ("224/2026/NĐ-CP"), a type and a number ("Nghị quyết 57",
    "cong dien 229"), or a type and the words of a title ("Nghị định về công tác văn thư"). A reference to what a
    document carries out ("triển khai Nghị quyết 214") is context: neither a scope nor missing."""
    folded = fold(question)
    by_number = {fold(d.number): d for d in documents if d.number}
    mentioned = {fold(n) for d in documents for n in d.numbers}
    found: dict[str, DocRef] = {}
    missing: list[DocRef] = []
    for m in DOC_NUMBER.finditer(nfc(question)):
        number = m.group(0)
        doc = by_number.get(fold(number))
        if doc is None and (_context(folded, m.start(), fold(number) in mentioned)
                            or any(fold(number) in fold(d.title or "") for d in documents)):
            continue
        doc = doc or _by_title(folded, [d for d in documents if not d.number], strict=True)  # a number it lost
        ref = DocRef(as_written=number, number=doc.number if doc else number, doc_type=doc.doc_type if doc else None,
                     doc_id=doc.doc_id if doc else None, carried_out=_carried(folded, m.start()))
        if doc:
            found.setdefault(doc.doc_id, ref)
        else:
            missing.append(ref)
    for m in _NUMBERED.finditer(folded):
        doc_type = _TYPE_BY_FOLD[m.group(1)]
        if any(re.match(rf"{m.group(2)}[/-]", fold(r.as_written)) for r in [*found.values(), *missing]):
            continue  # the same number written in full
        hits = [d for d in documents if d.number and re.match(rf"{m.group(2)}[/-]", fold(d.number))
                and (d.doc_type == doc_type or not d.doc_type) and (not m.group(3) or m.group(3) in d.number)]
        if not hits and (_context(folded, m.start(), True) or any(
                re.search(rf"\b{m.group(1)} (?:so )?{m.group(2)}\b", fold(d.title or "")) for d in documents)):
            continue  # "triển khai Đề án 06": what the document asked about carries out
        if len(hits) == 1:
            found.setdefault(hits[0].doc_id, DocRef(as_written=m.group(0), number=hits[0].number, doc_type=doc_type,
                                                    doc_id=hits[0].doc_id, carried_out=_carried(folded, m.start())))
        elif not hits:
            missing.append(DocRef(as_written=m.group(0), doc_type=doc_type))
    if not found and not any(r.number for r in missing) and (doc := _by_title(folded, documents)):
        found[doc.doc_id] = DocRef(as_written=doc.title or doc.source, number=doc.number, doc_type=doc.doc_type,
                                   doc_id=doc.doc_id)
        missing = [r for r in missing if r.number]  # "Đề án 06" inside the title words of the one found
    return list(found.values()), missing


_GENERIC_KEYS = {"co quan", "don vi", "cac co quan", "cac don vi", "to chuc", "ca nhan", "cac bo", "dia phuong"}
_STOP = set("cua ve va cac nhung la gi nao ai bao nhieu theo trong tai voi cho de duoc co khong ngay nam thang do "
            "tinh thanh pho".split())


def _pairs(text: str) -> set[str]:
    syl = [s for s in syllables(text) if s not in _STOP and not s.isdigit()]
    return {f"{a} {b}" for a, b in zip(syl, syl[1:], strict=False)}


# "Ai chủ trì xây dựng đề án chuyển đổi số trong lĩnh vực văn hóa?": a document a task is to make, not one named
_TO_MAKE = re.compile(r"\b(?:xay dung|ban hanh|trinh|soan thao|lap|de xuat|hoan thien)"
                      r"(?:,? (?:trien khai|ban hanh))?\s+$")


def _by_title(folded: str, documents: list[Any], strict: bool = False) -> Any | None:
    """The one document whose type the question names and whose title (and issuer) it repeats: three or more
    pairs of words in common, half again more than any other document."""
    named_types = {_TYPE_BY_FOLD[m.group(1)] for m in re.finditer(rf"\b({_TYPE_WORDS})\b", folded)
                   if not _TO_MAKE.search(folded[:m.start()])}
    if not named_types:
        return None
    asked = _pairs(folded)
    scored = sorted(((len(asked & _pairs(f"{d.title or ''} {d.issuer or ''} {d.place or ''}")), i)
                     for i, d in enumerate(documents) if d.doc_type in named_types or any(
                         fold(t) in fold(d.title or "") for t in named_types)), reverse=True)
    if not scored or scored[0][0] < (4 if strict else 3):
        return None
    if len(scored) > 1 and scored[0][0] < 1.5 * scored[1][0]:
        return None
    return documents[scored[0][1]]


def _body(question: str, folded: str, bodies: list[Any]) -> str | None:
    """The longest body the question names: a body of the records (matched folded), or one the lexicon finds."""
    words = " ".join(re.findall(r"\w+", DOC_NUMBER.sub(" ", folded.upper()).lower()))
    words = re.sub(rf"\b(?:{_TYPE_WORDS}) cua [a-z ]{{0,30}}?(?= ve | ban hanh|$)", " ", words)  # its issuer
    best = None
    for row in bodies:
        name_key = row.key if hasattr(row, "key") else row["key"]
        named = re.search(rf"\b{re.escape(name_key)}\b", words)
        if len(name_key.split()) >= 2 and name_key not in _GENERIC_KEYS and named \
                and (best is None or len(name_key) > len(best[0])):
            best = (name_key, row.name if hasattr(row, "name") else row["name"])
    # not "UBND" of "308/KH-UBND", nor "Nghị quyết của Quốc hội"
    plain = _ISSUER_OF.sub(" ", DOC_NUMBER.sub(" ", question))
    found = [canonical(b) for b in find_bodies(plain)]
    longest = max(found, key=len, default=None)
    if longest and (best is None or len(fold(longest)) > len(best[0])):
        return longest
    return best[1] if best else None


def _actor(question: str, folded: str, bodies: list[Any]) -> str | None:
    """The body a question about a deadline or a figure asks of, when it opens the question ("Theo Chỉ thị 09, Sở
    Nông nghiệp và Môi trường phải trình … trước ngày nào?"); not one named later ("… báo cáo qua Sở X")."""
    name = _body(question, folded, bodies)
    opening = re.sub(r"^\s*theo\s[^,]{0,120},\s*", "", nfc(question), flags=re.I)
    return name if name and body_key(opening).startswith(body_key(name)) else None


_PERIOD = re.compile(r"\b(truoc|sau|tu|trong|den han|han|vao|nam|thang|quy|den)\b[^?.,;]{0,12}?"
                     r"((?:ngay\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|(?:thang\s+)?\d{1,2}\s*[/-]\s*\d{4}"
                     r"|quy\s+[ivx1-4]+\s*(?:[/-]|nam)?\s*\d{4}|(?:nam\s+)?(?:19|20)\d\d)")


def _period(folded: str) -> tuple[str | None, str | None]:
    """The due window a question names: "trước 6/2025" → (None, 2025-05-31); "năm 2025" → the whole year."""
    m = _PERIOD.search(folded)
    if not m or not (span := period(m.group(2))):
        return None, None
    first, last = span
    lead = m.group(0)[:m.start(2) - m.start(0)]
    word = re.findall(r"\b(truoc|sau|tu)\b", lead)[-1:] or [m.group(1)]  # "đến hạn trước 6/2025": "trước"
    if word[0] == "truoc":
        if first == last:
            return None, last  # "hoàn thành trước ngày 20/12/2025": due by that day
        from datetime import date

        return None, date.fromordinal(date.fromisoformat(first).toordinal() - 1).isoformat()
    if word[0] in ("sau", "tu"):
        return first, None
    return first, last


def _without_titles(folded: str, found: list[DocRef], documents: list[Any]) -> str:
    """The question without the words of the titles of the documents it names ("… năm 2025 với mục tiêu …")."""
    titles = [fold(d.title or "") for d in documents if d.doc_id in {r.doc_id for r in found}]
    for title in titles:
        for m in re.finditer(r"(?:nam|giai doan|den nam)\s+(?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?", title):
            folded = folded.replace(m.group(0), " ")
    return folded


def read(question: str, documents: list[Any], bodies: list[Any]) -> Reading:
    """``documents``: the records of the knowledge base's documents; ``bodies``: its bodies (name, key)."""
    folded = fold(question)
    found, missing = _docs_named(question, documents)
    fact = next((f for f, p in _FACTS if p.search(folded)), None) if found or missing else None
    list_of = next((kind for kind, p in _LIST if p.search(folded)), None)
    if list_of == "targets" and re.search(r"\bbao nhieu\b(?! chi tieu)", folded):
        list_of = None  # "chỉ tiêu … đạt bao nhiêu": a value
    asks: Asks
    also: list[Asks] = []
    if fact:
        asks = "document"
    elif list_of:
        asks = "list"
    else:
        cues = sorted((weak, m.start(), kind) for kind, *patterns in _FIELDS
                      for weak, p in enumerate(patterns) if p and (m := p.search(folded)))
        asks = cues[0][2] if cues else "body" if _WEAK_BODY.search(folded) else "general"
        also = list({kind: 1 for _, _, kind in cues[1:] if kind == "deadline" != asks})  # "Cơ quan nào …, hạn?"
    due_from, due_to = _period(_without_titles(folded, found, documents)) if asks == "list" else (None, None)
    role: Literal["lead", "coordinator", "any"] = "coordinator" if re.search(r"\bphoi hop\b", folded) and not \
        re.search(r"\bchu tri\b", folded) else "lead"
    body = _body(question, folded, bodies) if asks in ("list", "body") else _actor(question, folded, bodies)
    reading = Reading(asks=asks, fact=fact, list_of=list_of, documents=found, missing=missing,
                      also=also if asks in ("body", "value") else [], body=body, role=role,
                      due_from=due_from, due_to=due_to)
    if list_of == "documents":
        reading.doc_type = next((_TYPE_BY_FOLD[t] for t in re.findall(rf"\b({_TYPE_WORDS})\b", folded)), None)
        if m := re.search(r"\b(?:cua|do)\s+((?:thu tuong|chinh phu|quoc hoi|tinh|thanh pho|bo|uy ban)[\w ]{0,30}?)"
                          r"(?: ban hanh| trong| nam|\?|$)", folded):
            reading.issuer = m.group(1).strip()
        if m := re.search(r"\bnam\s+((?:19|20)\d\d)\b", folded):
            reading.year = int(m.group(1))
    return reading
