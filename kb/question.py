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

from kb.bodies import canonical, cased, concept, find_bodies
from kb.bodies import key as body_key
from kb.deadlines import period
from kb.model import Asks, DocRef, Fact, Reading
from kb.places import places_in
from kb.references import TYPE_BY_FOLD, TYPE_WORDS, TYPES, by_title, docs_named
from kb.text import DOC_NUMBER, fold, nfc

_FACTS: list[tuple[Fact, re.Pattern[str]]] = [(f, re.compile(p)) for f, p in [
    ("validity", r"\bcon hieu luc|\bhet hieu luc chua\b"),
    ("repeals", r"\bbai bo\b|\bhet hieu luc\b"),
    ("replaces", r"\bthay the\b"),
    ("effective", r"\bhieu luc\b"),
    ("legal_basis", r"\bcan cu\b|\b(?:trich dan|vien dan|dan chieu)\b(?=.*\b(?:van ban|luat|nghi dinh|thong tu)\b)"),
    ("signer", r"\b(ai ky|do ai ky|nguoi ky|ky boi|ai la nguoi ky|ai da ky|(dong chi|ong|ba|lanh dao) nao (da )?ky)\b"),
    ("proposer", r"\btheo de nghi\b|\bde nghi cua (ai|bo|co quan|don vi)\b|\b(ai|co quan nao|bo nao) de nghi\b"
                 r"|\bco quan (nao )?(trinh|soan thao)\b"),
    ("issued", r"\b(ban hanh|ky|thong qua|phat hanh)\b( vao)? (ngay|thang|nam) nao\b|\bngay (ban hanh|ky|thong qua)\b"
               r"|\b(ban hanh|ky|thong qua) khi nao\b"),
    ("issuer", r"\b(co quan|don vi|ai) (nao )?ban hanh\b|\bdo (co quan|don vi) nao\b|(?<!de nghi )\bcua co quan nao\b"),
    ("number", r"\bso hieu\b|\bso ky hieu\b|\bky hieu\b|\bco so (la )?(bao nhieu|gi)\b"),
    ("type", r"\bloai van ban\b|\bla van ban (gi|loai gi)\b"),
]]
_LIST = [("documents", re.compile(rf"\b(nhung|cac) (van ban|{TYPE_WORDS}) (nao|gi|ban hanh|do|cua|trong kho|nam)\b"
                                  r"|\bvan ban nao\b|\btrong (kho|co so du lieu) co (nhung|cac)?")),
         ("targets", re.compile(r"\bnhung (chi tieu|muc tieu)\b|\bchi tieu (chu yeu )?(nao|gi)\b"
                                r"|\bbao nhieu chi tieu\b")),
         ("tasks", re.compile(r"\bnhung (nhiem vu|viec|cong viec|du an|tieu du an|noi dung)\b"
                              r"|\b(nhiem vu|viec|cong viec|du an) (nao|gi)\b|\bgom nhung gi\b|\bnhung gi\b"
                              r"|\bbao nhieu nhiem vu\b|\bdanh sach (cac )?nhiem vu\b"
                              # "gồm những tiêu chí nào", "những giải pháp nào": the items of a section
                              r"|\bgom nhung (?:\w+ ){1,3}nao\b|\bnhung (tieu chi|nhom tieu chi|giai phap|kien nghi|"
                              r"hang muc|noi dung) nao\b"))]
# "những <what> nào/gì" of any other noun, "liệt kê …", "kể tên …": the items of a section ("những địa điểm nào",
# "gồm những nhóm nhiệm vụ chủ yếu nào"); not a person, a time, a document or its articles ("quy định chi tiết những
# điều, khoản nào": one sentence names them)
_ANY_LIST = re.compile(r"\b(?:liet ke|ke ten)\b|\bnhung (?!(?:ai|gi|ngay|thang|nam|quy|thoi|luc|van ban|muc|co quan|"
                       r"don vi|to chuc|bo|so|nganh|dia phuong|tinh|xa|luc luong|ca nhan|dieu|khoan)\b)"
                       r"(?:\w+,? ){1,7}?(?:nao|gi)\b")
# a list of items of one kind, narrower than tasks: "những báo cáo nào", "các dự án, tiểu dự án nào"
_ITEM_KINDS = {"bao cao": "báo cáo", "du an": "dự án", "tieu du an": "tiểu dự án", "de an": "đề án",
               "cong trinh": "công trình", "hoat dong": "hoạt động"}
_ITEMS_OF = re.compile(rf"\b(?:nhung|cac) ({'|'.join(sorted(_ITEM_KINDS, key=len, reverse=True))})\b")
# "các nhiệm vụ …", "các chỉ tiêu …": a list only when nothing else is asked ("… các chỉ tiêu đề ra phải gửi trước
# ngày nào?" asks a date).
_WEAK_LIST = [("targets", re.compile(r"\bcac (chi tieu|muc tieu)\b")),
              # "nhiệm vụ của Sở Y tế": a list unless a time or a body is asked of it ("… báo cáo kết quả thực hiện
              # nhiệm vụ của các bộ, ngành trước ngày nào?")
              ("tasks", re.compile(r"\bcac (nhiem vu|viec|cong viec|du an|tieu du an|noi dung)\b"
                                   r"|\bnhiem vu (giao|cua)\b"))]
# What a question asks, by its question words ("khi nào", "bao nhiêu", "cơ quan nào"), else by the nouns that name
# a field ("thời hạn", "tỷ lệ"). A question word wins over a noun wherever each stands: "báo cáo tình hình thực
# hiện … mục tiêu năm 2025 vào lúc nào?" asks when, not a value.
# "mấy tờ", "mấy lần": how many (typed "may", which is also "máy", only before what is counted)
COUNTED = (r"(?:to|lan|nguoi|cai|ban|muc|bac|loai|nhom|co so|don vi|xa|tinh|du an|nhiem vu|chi tieu|ngay|thang|nam|"
           r"tuan)\b")
_FIELDS: list[tuple[Asks, re.Pattern[str], re.Pattern[str] | None]] = [
    # "Cấp nào thành lập …", not "từ cấp nào trở lên"
    ("body", re.compile(r"\b(co quan nao|don vi nao|bo nao|so nao|nganh nao|to chuc nao|ai|giao cho ai|ai la|"
                        r"nhung ai|luc luong nao|^cap nao|dia phuong nao|tinh nao|co quan gi|don vi gi)\b"),
     None),
    ("deadline", re.compile(r"\b(khi nao|bao gio|truoc ngay nao|ngay nao|thang nao|nam nao|quy nao|bao lau|may gio|"
                            r"luc nao|thoi gian nao|thoi han nao|thoi diem nao|ngay may|thang may|ngay bao nhieu|"
                            r"giai doan nao|thoi ky nao|chu ky nao|dinh ky nao|tan suat nao|bao lau mot lan|"
                            r"may lan mot)\b"),
     # "thời gian phổ biến chỉ tiêu …", "dự kiến thời gian vận hành …", "dự kiến ngày khánh thành …": a time is what
     # it names first (not "Ngày 18/11 …", a day it gives)
     re.compile(r"\b(thoi han|han chot|den han|han|thoi gian (hoan thanh|trien khai|thuc hien))\b"
                r"|^(?:du kien )?(?:thoi gian|thoi diem)\b|^(?:du kien )?ngay (?![\d/]|mai\b|nay\b)")),
    ("value", re.compile(rf"\b(bao nhieu|muc nao|may (?={COUNTED}))\b"),
     re.compile(r"\b(ty le|ti le|muc|phan tram|toi da|toi thieu|chi tieu|muc tieu|gia tri)\b")),
]
# Posts whose holder a body question may ask: "Trưởng ban chỉ đạo … là ai?", "ai làm tổ trưởng …".
POSTS = ["Phó Trưởng ban", "Trưởng ban", "Phó Chủ tịch", "Chủ tịch", "Phó Giám đốc", "Giám đốc", "Tổ trưởng",
         "Tổ phó", "Trưởng đoàn", "Phó Trưởng đoàn", "Thường trực", "Thư ký"]
_POST = re.compile(r"\b(" + "|".join(fold(p) for p in POSTS) + r")\b")
# "… báo cáo về cơ quan nào?", "gửi báo cáo … cho cơ quan nào tổng hợp?": who receives, not who acts ("chuyển giao
# công nghệ", "chuyển đổi số" send nothing to anyone)
_TO_WHOM = re.compile(r"\b(bao cao|gui|trinh|chuyen(?! giao| doi))\b[^?,]{0,120}?\b(?:(?:ve|cho|den|toi|len) )?"
                      r"(?:nhung )?(co quan nao|don vi nao|ai|bo nao|so nao)\b")
_WHICH_DOCUMENT = re.compile(rf"\b(?:{TYPE_WORDS}|van ban) (?:nao|so may|so bao nhieu)\b|\bso hieu\b|\bso ky hieu\b")
_WEAK_BODY = re.compile(r"\b(chu tri|phu trach|duoc giao|tham muu|dau moi)\b")
_ISSUER_OF = re.compile(rf"\b(?:{'|'.join(TYPES)})\s+của\s+[^,?.]{{0,30}}?(?=\s+về\s|\s+ban hành|[,?.]|$)", re.I)
_GENERIC_KEYS = {"co quan", "don vi", "to chuc", "ca nhan", "dia phuong", "co quan don vi", "don vi lien quan",
                 "co quan lien quan",
                 # a role, not a body: "… có Công an tỉnh là cơ quan phối hợp?"
                 *(f"{who} {role}" for who in ("co quan", "don vi") for role in ("chu tri", "phoi hop", "thuc hien"))}
def _plain(key: str) -> str:
    """A body's folded key without punctuation, "các" or "những": "các Sở, ban, ngành" and "cac so ban nganh" meet."""
    return " ".join(w for w in re.findall(r"\w+", key) if w not in ("cac", "nhung"))


def _body(question: str, folded: str, bodies: list[Any]) -> str | None:
    """The body the question asks about: the one it gives a duty to ("… của Ban Chỉ đạo tỉnh giao Sở Tài chính
    những nhiệm vụ gì?" → Sở Tài chính), else the longest it names."""
    if given := re.search(r"\b(?:giao(?: cho)?|cho|do|yêu cầu|đề nghị)\s+(?=\S)", question, re.I):
        # the body right after it: "giao Sở Nội vụ trong công văn … của UBND tỉnh Lâm Đồng" → Sở Nội vụ
        tail = re.split(r"\s(?:trong|tại|theo|về|những|các nhiệm vụ|nhiệm vụ)\s", question[given.end():], maxsplit=1)[0]
        name = _longest_body(tail, fold(tail), bodies)
        if name and _plain(body_key(cased(tail))).startswith(_plain(body_key(name))):
            return name
    return _longest_body(question, folded, bodies)


def _longest_body(question: str, folded: str, bodies: list[Any]) -> str | None:
    """The longest body the question names: a body of the records (matched folded), or one the lexicon finds."""
    # not "UBND" of "308/KH-UBND", nor "Nghị quyết của Quốc hội"
    plain = cased(_ISSUER_OF.sub(" ", DOC_NUMBER.sub(" ", question)))  # "ubnd" typed for UBND
    words = _plain(body_key(plain))
    words = re.sub(rf"\b(?:{TYPE_WORDS}) cua [a-z ]{{0,30}}?(?= ve | ban hanh|$)", " ", words)  # unaccented
    best = None
    # a name is named where it stands between two spaces, as words do: a plain search (a pattern per body, for the
    # thousands of bodies, would be compiled again for every question once they outgrow the re module's cache)
    padded = f" {words} "
    for row in bodies:
        name_key = _plain(row.key if hasattr(row, "key") else row["key"])
        at = padded.find(f" {name_key} ") if name_key else -1
        named = at >= 0
        if named and concept(name_key, words[at + len(name_key):]):
            continue  # "chương trình phát triển Chính phủ số" names no body
        if len(name_key.split()) >= 2 and name_key not in _GENERIC_KEYS and named \
                and (best is None or len(name_key) > len(best[0])):
            best = (name_key, row.name if hasattr(row, "name") else row["name"])
    found = [canonical(b) for b in find_bodies(plain)]
    longest = max(found, key=len, default=None)
    if longest and (best is None or len(fold(longest)) > len(best[0])):
        return longest
    return best[1] if best else None


# "chương trình hành động của Chính phủ thực hiện …", "Kết luận của Phó Thủ tướng …": who wrote it, not who acts
_AUTHORED = r"\b(?:chuong trinh hanh dong|chuong trinh|ke hoach|de an|quyet dinh|chi thi|ket luan|thong bao|" \
            r"cong van|cong dien|nghi quyet)\s+(?:\w+\s+){0,3}?cua\s+"


def _only_place(body: str) -> bool:
    """"Thành phố Hồ Chí Minh", "tỉnh Sơn La": a place, where things are ("… ở TP.HCM gồm những nhóm tiêu chí nào?"),
    not a body that leads tasks (its People's Committee, a department of it)."""
    places = places_in(body)
    return len(places) == 1 and _bare(body) == _bare(places[0])


def _bare(place: str) -> str:
    return re.sub(r"^(?:tinh|thanh pho)\s+", "", fold(place).strip())


def _issuer_named(question: str, body: str, found: list[DocRef], documents: list[Any]) -> bool:
    """``body`` is named as the issuer of a document the question names ("… của UBND tỉnh Lâm Đồng") or as the
    author of a document it speaks of ("chương trình hành động của Chính phủ thực hiện Nghị quyết 57")."""
    first = re.escape(body_key(body).split()[0])
    if re.search(_AUTHORED + first, body_key(question)):
        return True
    issuers = {body_key(d.issuer) for d in documents if d.issuer and d.doc_id in {r.doc_id for r in found}}
    return body_key(body) in issuers and bool(re.search(r"\b(cua|do)\s+" + first, body_key(question)))


def _in_title(body: str, found: list[DocRef], documents: list[Any]) -> bool:
    """``body`` is a word of the title of a document the question names: what it is about, not who acts."""
    titles = [_plain(body_key(d.title or "")) for d in documents if d.doc_id in {r.doc_id for r in found}]
    first = _plain(body_key(body)).split(" va ")[0]  # "Bệnh viện Hữu nghị Việt Đức và Bạch Mai": the first named
    return any(f" {first} " in f" {title} " for title in titles)


def _other_document(which: str, named: list[DocRef]) -> bool:
    """A document other than the one named is asked for: "Án lệ 55/2022/AL được công bố theo quyết định nào?"; not
    "Kế hoạch 308 là kế hoạch nào?" (its own type) nor any asked beside no named one."""
    return not any(d.doc_type and which.startswith(fold(d.doc_type) + " ") or not d.doc_type for d in named)


def _passive_agent(question: str, body: str) -> bool:
    """``body`` is named as who decided what is listed ("… những khu vực nào được Thủ tướng điều chỉnh quy hoạch"):
    the author, not a body whose tasks are asked."""
    return bool(re.search(rf"\bduoc\s+{re.escape(body_key(body).split()[0])}", body_key(question)))


def _receives(question: str, body: str) -> bool:
    """``body`` is named only as the one things are sent to ("… những báo cáo nào gửi Bộ Tư pháp?")."""
    first = re.escape(body_key(body).split()[0])
    return bool(re.search(rf"\b(?:gui|nop|chuyen)(?: (?:ve|cho|den|toi))?\s+{first}", body_key(question))) \
        and not re.search(rf"\b(?:giao(?: cho)?|do)\s+{first}", body_key(question))


def _actor(question: str, folded: str, bodies: list[Any]) -> str | None:
    """The body a question about a deadline or a figure asks of, when it opens the question ("Theo Chỉ thị 09, Sở
    Nông nghiệp và Môi trường phải trình … trước ngày nào?"); not one named later ("… báo cáo qua Sở X")."""
    name = _body(question, folded, bodies)
    if not name or re.match(r"(?:các|những)\s", name, re.I):
        return None  # "các bộ, ngành, địa phương": a group, which the documents name in many ways
    opening = re.sub(r"^\s*theo\s[^,]{0,120},\s*", "", nfc(question), flags=re.I)
    # "Hạn Bộ Tư pháp tổng hợp, báo cáo …"
    opening = re.sub(r"^\s*(?:thoi han|han chot|han|den khi nao|khi nao)\s+(?:de\s+)?", "", fold(cased(opening)))
    return name if body_key(opening).startswith(body_key(name)) else None


_PERIOD = re.compile(r"\b(truoc|sau|tu|trong|den han|han|vao|nam|thang|quy|den|giai doan|thoi gian|trien khai|"
                     r"thuc hien|hoan thanh)\b[^?.,;]{0,12}?"
                     r"((?:ngay\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|(?:thang\s+)?\d{1,2}\s*[/-]\s*\d{4}"
                     r"|quy\s+[ivx1-4]+\s*(?:[/-]|nam)?\s*\d{4}|(?:19|20)\d\d\s*-\s*(?:19|20)\d\d"
                     r"|(?:nam\s+)?(?:19|20)\d\d)")


# "chỉ tiêu … cho giai đoạn 2025-2027": the stage targets are set for (a plan's own period is not a due window)
_STAGE = re.compile(r"\bgiai doan\s+((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)\b")


def _period(folded: str) -> tuple[str | None, str | None]:
    """The due window a question names: "trước 6/2025" → (None, 2025-05-31); "năm 2025" → the whole year."""
    m = _PERIOD.search(folded)
    if not m or m.group(1) == "giai doan" or not (span := period(m.group(2))):
        return None, None  # "giai đoạn 2026-2030" is a plan's period, not when its tasks fall due
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
    """The question without the years of the titles of the documents it names ("Kế hoạch … phòng, chống ma túy đến
    năm 2030 …", "ke hoach … den 2030") and the dates it gives a document: they name the document, not when its
    tasks fall due."""
    # "theo quyết định tháng 11/2025", "kế hoạch ban hành năm 2025": when the document was issued
    folded = re.sub(rf"\b((?:{TYPE_WORDS})(?: ban hanh)?) (?:ngay|thang|nam) [\d/.-]+", r"\1", folded)
    titles = [fold(d.title or "") for d in documents if d.doc_id in {r.doc_id for r in found}]
    for title in titles:  # "Báo cáo … Đề án 06 tháng 10/2025": the month of the report, not of its tasks
        for dated in re.findall(r"\b(?:thang|quy)\s+[\divx]{1,4}\s*/\s*(?:19|20)\d\d\b", title):
            folded = folded.replace(dated, " ")
    years = {y for title in titles for y in re.findall(r"\b(?:19|20)\d\d\b", title)}
    for year in years:
        # not the year of a month, a quarter or a day ("vào tháng 3/2026"): that is asked
        folded = re.sub(rf"\b(?:(?:den|toi)\s+)?(?:(?:nam|giai doan)\s+)?(?:(?:19|20)\d\d\s*-\s*)?(?<!/){year}\b",
                        lambda m: m.group() if _DUE_CUE.search(m.string[:m.start()]) else " ", folded)
    return folded


# "… phải hoàn thành trong năm 2025", "có hạn năm 2025": a year asked of the tasks, though a title has it too
_DUE_CUE = re.compile(r"\b(?:hoan thanh|xong|han)\s+(?:trong|vao|truoc|den|trong nam)?\s*$")


def _asked_facts(folded: str) -> list[tuple[int, Fact]]:
    """The facts of a document a question asks, in order; of two cues that overlap, the longer ("do cơ quan nào đề
    nghị" asks who proposed it, not who issued it)."""
    when = re.search(r"\bkhi\b.*?\bthi\b", folded)  # "Khi Nghị định … có hiệu lực thì …": a condition, not asked
    found = sorted(((m.start(), m.end(), f) for f, p in _FACTS if (m := p.search(folded))
                    and not (when and when.start() < m.start() < when.end())), key=lambda x: x[0])
    kept: list[tuple[int, int, Fact]] = []
    for start, end, fact in found:
        if kept and start < kept[-1][1]:
            if end - start > kept[-1][1] - kept[-1][0]:
                kept[-1] = (start, end, fact)
            continue
        kept.append((start, end, fact))
    return [(start, fact) for start, _, fact in kept]


def read(question: str, documents: list[Any], bodies: list[Any]) -> Reading:
    """``documents``: the records of the knowledge base's documents; ``bodies``: its bodies (name, key)."""
    # "ứng dụng AI, IoT": the acronym, not "ai" (who) once folded
    folded = fold(question if question.isupper() else re.sub(r"\bAI\b", "A.I", question))
    found, missing = docs_named(question, documents)
    asked_facts = _asked_facts(folded) if found or missing else []
    fact = asked_facts[0][1] if asked_facts else None
    if fact is None and found and all(d.by_title for d in found) and (which := _WHICH_DOCUMENT.search(folded)) \
            and not _other_document(which.group(0), found):
        fact = "number"  # "Quy tắc ứng xử … ban hành kèm quyết định số mấy?": the number of the one its title names
    cues = sorted((weak, m.start(), kind) for kind, *patterns in _FIELDS
                  for weak, p in enumerate(patterns) if p and (m := p.search(folded)))
    list_of = next((kind for kind, p in _LIST if p.search(folded)), None)
    if list_of is None and not any(weak == 0 for weak, _, _ in cues):
        list_of = next((kind for kind, p in _WEAK_LIST if p.search(folded)), None) \
            or (("targets" if re.search(r"\b(?:chi tieu|muc tieu)\b", folded) else "tasks")
                if _ANY_LIST.search(folded) else None)
    if list_of == "targets" and re.search(r"\bbao nhieu\b(?! chi tieu)", folded):
        list_of = None  # "chỉ tiêu … đạt bao nhiêu": a value
    if list_of == "documents" and found:
        list_of = "tasks"  # "Thông báo 659 yêu cầu hoàn thiện những báo cáo nào?": what it asks for
    if list_of in ("tasks", "targets") and not found and not missing and (doc := by_title(folded, documents,
                                                                                             untyped=True)):
        found = [DocRef(as_written=doc.title or doc.source, number=doc.number, doc_type=doc.doc_type,
                        doc_id=doc.doc_id, by_title=True)]
    asks: Asks
    also: list[Asks] = []
    if fact:
        asks = "document"
    elif list_of:
        asks = "list"
    else:
        asks = cues[0][2] if cues else "body" if _WEAK_BODY.search(folded) else "general"
        if (which := _WHICH_DOCUMENT.search(folded)) and _other_document(which.group(0), found + missing):
            asks = "reference"  # "… được kiện toàn theo quyết định nào?", "kế hoạch … số hiệu là gì?"
        also = list({kind: 1 for _, _, kind in cues[1:] if kind == "deadline" != asks})  # "Cơ quan nào …, hạn?"
    due_from, due_to = _period(_without_titles(folded, found, documents)) if asks == "list" else (None, None)
    role: Literal["lead", "coordinator", "any", "recipient"] = "coordinator" if re.search(r"\bphoi hop\b", folded) \
        and not re.search(r"\bchu tri\b", folded) else "lead"
    if asks == "body" and _TO_WHOM.search(folded):
        role = "recipient"
    body = _body(question, folded, bodies) if asks in ("list", "body") else _actor(question, folded, bodies)
    if body and asks == "list" and (_issuer_named(question, body, found, documents) or _receives(question, body)
                                    or _in_title(body, found, documents) or _only_place(body)
                                    or _passive_agent(question, body)):
        # "Kế hoạch … của UBND tỉnh Lâm Đồng đặt ra …", "… những báo cáo nào gửi Bộ Tư pháp?", "Kế hoạch 617 về
        # chuyển đổi số doanh nghiệp …"
        body = None
    items_of = _ITEM_KINDS[m.group(1)] if asks == "list" and list_of == "tasks" and (
        m := _ITEMS_OF.search(folded)) else None
    stage = _STAGE.search(_without_titles(folded, found, documents)) if list_of == "targets" else None
    reading = Reading(asks=asks, fact=fact, list_of=list_of, items_of=items_of, documents=found, missing=missing,
                      also=also if asks in ("body", "value") else [], body=body, role=role,
                      due_from=due_from, due_to=due_to, period=f"{stage.group(1)}-{stage.group(2)}" if stage else None)
    reading.places = places_in(question)
    reading.more_facts = [f for _, f in asked_facts[1:] if f != fact][:3] if fact else []
    if asks == "body" and (post := _POST.search(folded)) and re.search(r"\b(ai|la ai|ai lam|do ai)\b", folded) \
            and not re.search(r"\b(bao cao|gui|trinh|voi|cho)\s+$", folded[:post.start()]):  # not "báo cáo Chủ tịch"
        reading.holder_of = next(p for p in POSTS if fold(p) == post.group(1))
    if list_of == "documents":
        reading.doc_type = next((TYPE_BY_FOLD[t] for t in re.findall(rf"\b({TYPE_WORDS})\b", folded)), None)
        if body:  # "Thủ tướng Chính phủ ban hành những văn bản nào?", "… do UBND tỉnh Lâm Đồng ban hành"
            reading.issuer = body_key(body)
        elif m := re.search(r"\b(?:cua|do)\s+(?:cac\s+)?((?:thu tuong|chinh phu|quoc hoi|tinh|thanh pho|bo|uy ban)"
                            r"[\w ]{0,30}?)"
                            r"(?: ban hanh| trong| nam|\?|$)", folded):
            reading.issuer = m.group(1).strip()
        if m := re.search(r"\bnam\s+((?:19|20)\d\d)\b", folded):
            reading.year = int(m.group(1))
    return reading
