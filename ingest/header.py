"""A document's header and what it rests on: number, type, issuer, place and date, title, legal bases.

Header (Nghị định 30/2020/NĐ-CP, Phụ lục VI): the issuer top-left, ``Số: 713/QĐ-UBND``, ``Tây Ninh,
ngày 29 tháng 3 năm 2021``, the type line in capitals (``QUYẾT ĐỊNH``) and the title after it, then
``Căn cứ …;`` paragraphs. Some transcriptions put the header block at the end; DOCX files keep it in
a table. A text without any header is a news article ("Bài báo"): its headline (or first sub-heading, or first
sentence) is its title and a dateline its date; nothing else is guessed (no issuer, no number).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from ingest import closing
from ingest.layout import MOTTO
from ingest.textbuilder import Loaded
from kb.bodies import canonical, find_bodies
from kb.text import DOC_NUMBER, document_numbers

DOC_TYPES = ["Nghị quyết", "Quyết định", "Nghị định", "Thông tư", "Thông tư liên tịch", "Chỉ thị", "Kế hoạch",
             "Đề án", "Chương trình", "Thông báo", "Hướng dẫn", "Quy chế", "Quy định", "Báo cáo", "Tờ trình",
             "Công văn", "Luật", "Bộ luật", "Pháp lệnh", "Lệnh", "Án lệ", "Công điện", "Phương án", "Dự án", "Kết luận"]
_TYPE_BY_CAPS = {t.upper(): t for t in DOC_TYPES}
_TYPE_BY_ABBR = {"NQ": "Nghị quyết", "QĐ": "Quyết định", "NĐ": "Nghị định", "TT": "Thông tư", "CT": "Chỉ thị",
                 "KH": "Kế hoạch", "ĐA": "Đề án", "CTr": "Chương trình", "TB": "Thông báo", "HD": "Hướng dẫn",
                 "QC": "Quy chế", "BC": "Báo cáo", "TTr": "Tờ trình", "QH": "Luật", "CĐ": "Công điện",
                 "PA": "Phương án", "L": "Lệnh", "TTLT": "Thông tư liên tịch", "AL": "Án lệ", "KL": "Kết luận"}
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_PLACE_DATE = re.compile(rf"([A-ZĐ][\w ]{{1,30}}),\s*{_DATE.pattern}")
# Possessive spaces: a long run of spaces after "Số" (e.g. U+202F, which lines keep) must not be tried every
# way it can be split around the colon: that took minutes per line.
# a party document's number typed or scanned with a space before its dash ("Số 34 -NQ/TU"): read without it
# … and a number with a space before its slash ("Số: 1050 /QĐ-SCT", pdftotext -layout)
_SYMBOL = r"[A-ZĐ][A-ZĐ0-9&]*(?:-[A-ZĐ][A-ZĐa-z0-9&]*)*(?![\w/])"
_SPACED_NUMBER = rf"\d{{1,5}} +- *[A-ZĐ]+/{_SYMBOL}|\d{{1,5}} +/ *{_SYMBOL}"
_NUMBER_LINE = re.compile(rf"Số\s*+:?\s*+({DOC_NUMBER.pattern}|{_SPACED_NUMBER})")
_UNITS = r"(?:BAN(?! NHÂN DÂN| CHẤP HÀNH)|SỞ|CỤC|VỤ|VĂN PHÒNG|TRUNG TÂM|TỔ|HỘI ĐỒNG|PHÒNG|CHI CỤC|THANH TRA)\b"
_BELOW = re.compile(rf"(?:^|\s)({_UNITS}.*)")
# a line of the block that opens a unit under the body above it ("CỤC THUẾ" / "THUẾ TỈNH VĨNH LONG", "BAN CHẤP HÀNH
# TRUNG ƯƠNG" / "VĂN PHÒNG"): the tax, statistics and treasury offices of a province are named by their trade
_UNIT_LINE = re.compile(rf"{_UNITS}|(?:THUẾ|THỐNG KÊ|KHO BẠC NHÀ NƯỚC|HẢI QUAN)\s+(?:TỈNH|THÀNH PHỐ|KHU VỰC)\b")
_ADOPTED = re.compile(r"thông qua\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
# a công văn's subject: "V/v …" under its number, or "Về …" beside it ("Số: 5155/SGDĐT-… Về hướng dẫn …")
_SUBJECT = re.compile(r"(?:^|\n|\||\s)\s*(?:V/v|Về việc|Trích yếu)\.?\s*:?\s*([^\n|]{5,300})"
                      r"|^Số\s*:?\s*\S*\d\S*\s+(Về\s+(?!việc\b)[^\n|]{5,300})", re.M)
_PRECEDENT = re.compile(r"ÁN LỆ SỐ\s+(\d+/\d{4}/AL)")
_HEADER_CHARS = 1800
# Lower-case words after which a name goes on in capitals: "Ủy ban nhân dân tỉnh Tây Ninh".
_PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường")


@dataclass
class Relation:
    type: str  # rests_on | implements | amends | replaces | mentions
    number: str | None = None  # the other document's number when it has one
    title: str | None = None  # or how it is named ("Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015")
    start: int | None = None  # where the document says it (a "Căn cứ …" clause), as offsets into its text
    end: int | None = None


@dataclass
class Metadata:
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued: str | None = None  # ISO date
    place: str | None = None
    title: str | None = None
    numbers: list[str] = field(default_factory=list)  # every document number mentioned
    legal_bases: list[str] = field(default_factory=list)  # numbers cited in "Căn cứ …" paragraphs
    relations: list[Relation] = field(default_factory=list)
    issued_by: str | None = None  # the body the type line names: "NGHỊ QUYẾT / CỦA BỘ CHÍNH TRỊ"
    signer: str | None = None
    proposed_by: str | None = None  # "Theo đề nghị của Bộ trưởng Bộ Xây dựng": who drafted and proposed it
    effective: str | None = None  # ISO date it takes effect
    effective_text: str | None = None  # as the text says it: "kể từ ngày ký", "từ ngày 01 tháng 7 năm 2026"
    repeals: list[str] = field(default_factory=list)  # the sentences that repeal or end other texts

    @property
    def year(self) -> int | None:
        return int(self.issued[:4]) if self.issued else None


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _type_from_number(number: str) -> str | None:
    for part in re.split(r"[/-]", number):
        if part in _TYPE_BY_ABBR:
            return _TYPE_BY_ABBR[part]
    return None


_NAMED_NUMBER = re.compile(r"(?<![A-Za-z0-9])(\d{1,5})-"
                           r"(?:(\d{4})-([A-Z]{2,}\d{0,2})|([A-Z]{2,5}(?:-[A-Z][A-Za-z]{1,8}){1,2}))(?![A-Za-z0-9])")
_D_CODES = {"QD": "QĐ", "ND": "NĐ", "CD": "CĐ", "DCS": "ĐCS", "DU": "ĐU"}


def number_in_name(source: str) -> str | None:
    """A document number written into a file name the way it can be ("NQ_192-2025-QH15_…" → 192/2025/QH15,
    "2597-QD-TTg" → 2597/QĐ-TTg); for a document whose text states none."""
    m = _NAMED_NUMBER.search(source)
    if not m:
        return None
    if m.group(2):
        number = f"{m.group(1)}/{m.group(2)}/{m.group(3)}"
    else:
        codes = m.group(4).split("-")
        number = f"{m.group(1)}/" + "-".join([_D_CODES.get(codes[0], codes[0]), *codes[1:]])
    return number if DOC_NUMBER.fullmatch(number) else None


def normal_case(name: str) -> str:
    """"ỦY BAN NHÂN DÂN TỈNH TÂY NINH" → "Ủy ban nhân dân tỉnh Tây Ninh"; "BỘ KHOA HỌC VÀ CÔNG NGHỆ" →
    "Bộ Khoa học và Công nghệ". Names already in mixed case are kept as written."""
    if name != name.upper():
        return name
    words = name.lower().split()
    out: list[str] = []
    proper = False  # after "tỉnh", "huyện" …: a place name, every word capitalised
    for i, word in enumerate(words):
        after_head = i == 1 and words[0] in ("bộ", "sở", "ban", "cục", "tổng", "văn") and words[:2] != ["văn", "phòng"]
        starts_part = i == 0 or after_head or out and out[-1] in ("và", "-", "–")
        capital = proper or starts_part or word == "trung" and words[i + 1:i + 2] == ["ương"] or word == "đảng"
        out.append(word.capitalize() if capital else word)
        proper = proper or word in _PLACE_WORDS or " ".join(words[max(0, i - 1):i + 1]) in _PLACE_WORDS
    return " ".join(out)


# -- reading ---------------------------------------------------------------------------------------

def read_metadata(loaded: Loaded, source: str) -> Metadata:
    text = loaded.text
    meta = Metadata(numbers=document_numbers(text))
    head = text[:_HEADER_CHARS].split("\nCăn cứ", 1)[0]
    if precedent := _PRECEDENT.search(head):
        return _precedent(meta, head, precedent)
    header = _header_block(text, head)
    lines = _type_set_apart([line.strip() for line in header.split("\n")])
    if number := _NUMBER_LINE.search(header):
        meta.number = re.sub(r"\s+", "", number.group(1))
    dated = _PLACE_DATE.search(header) or _DATE.search(header)
    if dated and (meta.number or dated.start() < 400):
        groups = dated.groups()
        meta.issued = _iso(*groups[-3:])
        meta.place = groups[0].strip() if len(groups) == 4 else None
    type_index = _type_line(lines)
    if type_index is not None:
        meta.doc_type = _TYPE_BY_CAPS[_type_words(lines[type_index])]
        meta.title = _title_after(lines, type_index)
        after = next((x for x in lines[type_index + 1:type_index + 3] if x), "")
        meta.issued_by = normal_case(after[4:].strip()) if after.startswith("CỦA ") else None
    elif subject := _SUBJECT.search(header):  # a công văn: no type line, "V/v …" under its number
        meta.doc_type, meta.title = "Công văn", (subject.group(1) or subject.group(2)).strip(" |")
    if meta.number or meta.doc_type:
        meta.issuer = _issuer(lines)
    _declared(meta, loaded.meta, text)
    if meta.number and not meta.doc_type:
        meta.doc_type = _type_from_number(meta.number) or _letter(header, meta)
    if not meta.number and meta.doc_type and (named := number_in_name(source)) \
            and _type_from_number(named) in (None, meta.doc_type):
        meta.number = named  # a resolution exported without its "Số:" line, filed under its number
    meta.issuer = meta.issuer or _issuer_line(head)
    meta.issuer = canonical(meta.issuer) if meta.issuer else None  # "Văn Phòng chính phủ" → "Văn phòng Chính phủ"
    meta.legal_bases, meta.relations = read_relations(text, meta)
    if not meta.issued and meta.doc_type and (adopted := _ADOPTED.search(text)):
        meta.issued = _iso(*adopted.groups())  # a resolution with no header: "… thông qua ngày 19 tháng 02 năm 2025"
    if meta.number or meta.doc_type:
        meta.proposed_by = _proposer(text[:_HEADER_CHARS * 4])
        meta.signer = closing.signer(text)
        meta.effective, meta.effective_text = closing.effect(text, meta.issued)
        meta.repeals = closing.repeals(text)
    elif not meta.issuer and not loaded.meta.get("title") and not _ARTICLE_OF_LAW.search(text):
        _article(meta, text, loaded.meta.get("published"))
    return meta


# -- texts without an official header ----------------------------------------------------------------

ARTICLE = "Bài báo"
_ARTICLE_OF_LAW = re.compile(r"^\s*Điều\s+\d+\.", re.M)  # a law's text without its header is no news article
_STAMP = r"(?:(\d{4})-(\d{1,2})(?:-(\d{1,2}))?|(\d{1,2})/(\d{1,2})/(\d{4}))"
_PUBLISHED = re.compile(rf"^\s*(?:date|ngày đăng|đăng ngày|ngày xuất bản|xuất bản|cập nhật|published|"
                        rf"(?:thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật),)\s*:?\s*{_STAMP}(?![\d/-])", re.I | re.M)
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")


def _article(meta: Metadata, text: str, dateline: str | None) -> None:
    """A text with no number, type, issuer or declared fields is a news article ("Bài báo"): its headline
    as title (else its first sub-heading, else its first sentence shortened), its publication date when
    a dateline states it ("date 2020-10" the loader took off the text, "Ngày đăng: 12/03/2022", "Thứ Hai,
    12/03/2022 08:15")."""
    meta.doc_type = ARTICLE
    meta.title = meta.title or _subheading(text) or _first_sentence(text)
    if published := _PUBLISHED.search(f"date {dateline}" if dateline else text[:400]):
        year, month, day, d2, m2, y2 = published.groups()
        meta.issued = _iso(d2, m2, y2) if y2 else _iso(day, month, year) if day else _month(year, month)


def _month(year: str, month: str) -> str | None:
    """"2020-10": a date stated to the month only."""
    return f"{int(year):04d}-{int(month):02d}" if 1 <= int(month) <= 12 else None


def _subheading(text: str) -> str | None:
    """The first short line among the first paragraphs that is not a sentence ("Thành lập 484 tổ công nghệ cộng
    đồng"): an article's first sub-heading, a fair name for it when its headline was not kept."""
    lines = [line.strip() for line in text.split("\n")[:12] if line.strip() and not _PUBLISHED.match(line)]
    return next((line for line in lines[:8] if 15 <= len(line) <= 120 and line[0].isupper()
                 and not line.endswith((".", ",", ";", ":", "…"))), None)


def _first_sentence(text: str, limit: int = 110) -> str | None:
    """The first sentence, cut at a word before ``limit`` characters with "…"."""
    body = " ".join(text[:2000].split())
    if _PUBLISHED.match(body):  # not the dateline
        body = body[_PUBLISHED.match(body).end():].strip()
    if not body:
        return None
    end = _SENTENCE_END.search(body)
    sentence = body[:end.start()] if end else body
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _letter(header: str, meta: Metadata) -> str | None:
    """A number from the "Số:" line with no type code in it ("Số: 4240/UBND-VX") is a công văn's (Nghị định
    30/2020/NĐ-CP, Phụ lục III); its title is its subject when it states one ("V/v …"), never the issuer."""
    return "Công văn" if _NUMBER_LINE.search(header) else None


# "Theo đề nghị của …", "Xét đề nghị của …": to ";" or "." (the line may wrap)
_PROPOSED = re.compile(r"(?:Theo|Xét)\s+đề nghị của\s+([^;.\n]+(?:\n(?!\s*\n)[^;.\n]+)*)", re.I)


def _proposer(preamble: str) -> str | None:
    """Who proposed the document, from its preamble: "Theo đề nghị của Bộ trưởng Bộ Xây dựng.", "… của Sở Công
    Thương tại Tờ trình số …"."""
    if not (m := _PROPOSED.search(preamble)):
        return None
    who = re.split(r"\s+tại\s+(?:Tờ trình|văn bản|Công văn|Báo cáo)\b", m.group(1), flags=re.I)[0]
    return " ".join(who.replace("*", " ").replace("_", " ").split()).strip(" ,") or None


def _issuer_line(head: str) -> str | None:
    """A body named alone in capitals in the head ("QUỐC HỘI" over "Căn cứ …"): the issuer of a transcription
    that lost its header block."""
    for line in head.split("\n")[:12]:
        line = line.strip().rstrip(":")
        if line and line.upper() == line and len(line) < 60 and (name := canonical(normal_case(line))) \
                and find_bodies(name) == [name]:
            return name
    return None


def _header_block(text: str, head: str) -> str:
    """The header: the first lines, unless a header block with ``Số:`` and the national motto sits
    elsewhere (some transcriptions put it after the last Điều)."""
    if _NUMBER_LINE.search(head):
        return head
    for line in text.split("\n"):
        if _NUMBER_LINE.search(line) and MOTTO.search(line) and _DATE.search(line):
            title_part = head if _type_line([x.strip() for x in head.split("\n")]) is not None else ""
            return line + "\n" + title_part
    return head


def _type_set_apart(lines: list[str]) -> list[str]:
    """The header's lines with a type line run on to the line before it, as gazette (Công báo) texts print them
    ("Hà Nội, ngày 13 tháng 5 năm 2026 QUYẾT ĐỊNH"), set on a line of its own."""
    out: list[str] = []
    for line in lines:
        # after text in mixed case: "CỘNG HÒA … QUYẾT ĐỊNH" is a line in capitals already
        run_on = next((t for t in _TYPE_BY_CAPS if line.endswith(f" {t}") and (head := line[:-len(t)]).upper() != head),
                      None)
        out += [line[:-len(run_on)].strip(), run_on] if run_on else [line]
    return out


def _type_line(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines[:40]) if line.upper() == line
                 and _TYPE_BY_CAPS.get(_type_words(line)) is not None), None)


def _type_words(line: str) -> str:
    """The type a line in capitals names: "CHƯƠNG TRÌNH HÀNH ĐỘNG" is a Chương trình (a party programme of action)."""
    return re.sub(r"^CHƯƠNG TRÌNH HÀNH ĐỘNG$", "CHƯƠNG TRÌNH", line.rstrip(":").strip())


def _precedent(meta: Metadata, head: str, match: re.Match[str]) -> Metadata:
    """Án lệ: no header block; adopted by the Council of Judges, title until "Được … thông qua"."""
    meta.number, meta.doc_type = match.group(1), "Án lệ"
    meta.issuer = "Hội đồng Thẩm phán Tòa án nhân dân tối cao"
    parts = []
    for line in head[match.end():].split("\n"):
        line = line.strip()
        if line.startswith(("Được", "Nguồn án lệ")):
            break
        if line and not line.isdigit():
            parts.append(line)
    meta.title = " ".join(parts) or None
    if dated := _DATE.search(head):
        meta.issued = _iso(*dated.groups())
    return meta


def _headline(text: str) -> str | None:
    """A news article's headline: a short first line that is not a sentence; else no title."""
    first = text.split("\n", 1)[0].strip()
    if _PUBLISHED.match(first):  # "Thứ Hai, 12/03/2022 08:15" over the headline
        first = (text.split("\n", 2)[1:2] or [""])[0].strip()
    return first if first and len(first) <= 120 and not first.endswith((".", ",", ";", ":")) else None


def _declared(meta: Metadata, declared: dict[str, str], text: str) -> None:
    """Fill gaps from what the file declares about itself (Markdown front matter)."""
    meta.title = meta.title or declared.get("title") or (None if meta.number or meta.doc_type else _headline(text))
    meta.issuer = meta.issuer or declared.get("issuer")
    if not meta.issued and re.match(r"\d{4}-\d{2}-\d{2}", declared.get("date", "")):
        meta.issued = declared["date"][:10]
    if not meta.number:
        meta.number = next(iter(document_numbers(declared.get("title", ""))), None)


def _title_after(lines: list[str], type_index: int) -> str | None:
    parts: list[str] = []
    gap = False
    for line in lines[type_index + 1: type_index + 8]:
        if not line:
            gap = bool(parts)
            continue
        if gap and not line[:1].islower():
            break  # a blank line ends the title, unless it goes on in lower case (a paragraph per line)
        if not parts and line.startswith("CỦA "):  # "NGHỊ QUYẾT / CỦA BỘ CHÍNH TRỊ": still the type line
            continue
        if line.startswith(("Căn cứ", "_", "-----")) or line.upper() == line and parts:
            break
        if parts and (parts[0].upper() == parts[0] and line.upper() != line or len(line) > 300
                      or re.match(r"Ngày \d", line)):
            break  # a title in capitals goes on in capitals; "Ngày 28 tháng 11 …" begins the text
        parts.append(line)
    return " ".join(parts) or None


def _with_place(named: str, superior: str) -> str:
    """A unit's name with the place of the body above it ("SỞ TÀI CHÍNH" under "UBND TỈNH LÂM ĐỒNG" → "SỞ TÀI CHÍNH
    TỈNH LÂM ĐỒNG"), unless its name already ends with that place."""
    place = re.search(r"\b(?:TỈNH|THÀNH PHỐ)\s+[^|]+?$", superior.strip())
    return named + (" " + place.group(0) if place and place.group(0).split()[-1] not in named else "")


# the gazette's own lines over a document it prints: its running head and the part it is in ("CÔNG BÁO/Số 1091 +
# 1092/Ngày 03-11-2023", "VĂN BẢN PHÁP LUẬT KHÁC" over "CHÍNH PHỦ", the issuer's name printed twice)
_GAZETTE = re.compile(r"CÔNG BÁO\s*/|(?:PHẦN\s+)?VĂN BẢN (?:PHÁP LUẬT KHÁC|QUY PHẠM PHÁP LUẬT|HỢP NHẤT)$")


def _issuer(lines: list[str]) -> str | None:
    """The top-left block: the lines before ``Số:``, without the national motto."""
    parts: list[str] = []
    party = any("ĐẢNG CỘNG SẢN VIỆT NAM" in line for line in lines[:8])
    for line in lines[:8]:
        if line.startswith("Số"):
            break
        cleaned = re.split(r"\||-{3,}|_{3,}|\bSố\b", MOTTO.split(line)[0])[0].strip(" -_")
        if cleaned and cleaned.upper() == cleaned and cleaned not in _TYPE_BY_CAPS and not DOC_NUMBER.search(cleaned) \
                and not _GAZETTE.match(cleaned) and parts[-1:] != [cleaned]:
            parts.append(cleaned)
        if line.startswith(tuple(_TYPE_BY_CAPS)) or _DATE.search(line):
            break
    if not parts:
        return None
    unit = next((i for i, line in enumerate(parts) if i and _UNIT_LINE.match(line)), None)
    if unit is not None:  # the unit issues it, named with its superior's place or, in the Party, "Trung ương Đảng"
        superior, named = " ".join(parts[:unit]), " ".join(parts[unit:])
        central = party and superior == "BAN CHẤP HÀNH TRUNG ƯƠNG"
        parts = [named + " TRUNG ƯƠNG ĐẢNG" if central else _with_place(named, superior)]
    # "UBND TỈNH LÂM ĐỒNG / BAN CHỈ ĐẠO …": the body under its superior issues it
    elif (below := _BELOW.search(" ".join(parts))) and below.start(1) > 0:
        parts = [_with_place(below.group(1), " ".join(parts)[:below.start(1)])]
    issuer = normal_case(" ".join(parts))
    return issuer + " Đảng" if party and issuer == "Ban Chấp hành Trung ương" else issuer


# -- relations -------------------------------------------------------------------------------------

_BASIS = re.compile(r"^Căn cứ\s+(.+)$", re.M)
# A law named at the start of a clause, up to its date or number: "Luật sửa đổi, bổ sung một số điều … của Luật
# Thống kê ngày 12 tháng 11 năm 2021".
_NAMED_LAW = re.compile(r"(?:các\s+)?((?:Bộ luật|Luật|Pháp lệnh|Hiến pháp)\b[^;]*?)"
                        r"(?=\s+(?:số\s+\S+\s+)?ngày\s+\d|\s+số\s+\d|$)")
_AMENDS = re.compile(rf"sửa đổi,?\s*(?:bổ sung)?[^.;]{{0,80}}?({DOC_NUMBER.pattern})", re.I)
_IMPLEMENTS = re.compile(rf"(?:thực hiện|triển khai|thi hành)[^.;]{{0,60}}?({DOC_NUMBER.pattern})", re.I)
# The document's own clause on its effect: "Nghị định này có hiệu lực …; Nghị định số … hết hiệu lực".
_SELF = re.compile(r"\b(?:Nghị định|Quyết định|Thông tư|Nghị quyết|Chỉ thị|Luật|Kế hoạch) này\b")
_ENDS = re.compile(r"hết hiệu lực|thay thế|bãi bỏ", re.I)
_REPLACED = re.compile(r"(?:thay thế|bãi bỏ)\s+(?:\S+\s+){0,3}$", re.I)  # "… thay thế Nghị quyết số " before a number


def _basis_clauses(text: str) -> Iterator[tuple[str, int, int]]:
    """Each basis a "Căn cứ …" paragraph states, with where it stands: the paragraph's clauses between ";"
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày …; Luật sửa đổi, bổ sung … ngày …;" is two)."""
    for match in _BASIS.finditer(text):
        for part in re.finditer(r"[^;]+", match.group(1)):
            clause = part.group(0).strip(" .*")
            if clause:
                start = match.start(1) + part.start() + part.group(0).find(clause)
                yield clause, match.start() if part.start() == 0 else start, start + len(clause)


def read_relations(text: str, meta: Metadata) -> tuple[list[str], list[Relation]]:
    """Legal bases (numbers cited in "Căn cứ …"), and links to other documents: rests on, implements
    (its title says it carries another out), amends, replaces; every other number is a mention."""
    relations: list[Relation] = []
    bases: list[str] = []
    official = bool(meta.number or meta.doc_type)  # a news article quoting "Căn cứ …" rests on nothing
    for clause, start, end in _basis_clauses(text[:20000] if official else ""):
        numbers = document_numbers(clause)
        bases += [n for n in numbers if n not in bases]
        law = _NAMED_LAW.match(clause)
        if law and (not numbers or law.start(1) < clause.find(numbers[0])):  # "Luật … số 91/2025/QH15": both
            number = numbers[0] if numbers and re.match(r"\s+số\s+\d", clause[law.end(1):]) else None
            relations.append(Relation("rests_on", number, title=law.group(1).strip(), start=start, end=end))
        elif numbers:  # the clause's first number; the others are those its title cites ("sửa đổi … Nghị định số …")
            relations.append(Relation("rests_on", numbers[0], start=start, end=end))
    typed = {r.number for r in relations if r.number}

    added: set[tuple[str, str]] = set()

    def add(kind: str, number: str, beside: bool = False) -> None:
        """``beside``: even beside another link to the same number (a resolution rests on the one it replaces)."""
        if number != meta.number and (kind, number) not in added and (beside or number not in typed):
            relations.append(Relation(kind, number))
            typed.add(number)
            added.add((kind, number))

    for kind, pattern in (("implements", _IMPLEMENTS), ("amends", _AMENDS)):  # what its title says it does
        for match in pattern.finditer(meta.title or ""):
            add(kind, match.group(1))
    for sentence in re.split(r"(?<=[.;])\s", text) if official else []:
        if _SELF.search(sentence) and _ENDS.search(sentence):  # "… Nghị định số 110/2004/NĐ-CP hết hiệu lực"
            for number in document_numbers(sentence):  # a resolution may rest on the one it names as replaced
                add("replaces", number, beside=bool(_REPLACED.search(sentence[:sentence.find(number)])))
    relations += [Relation("mentions", n) for n in meta.numbers if n != meta.number and n not in typed]
    return bases, relations
