"""Responsible bodies (cơ quan, tổ chức, chức danh): find them in text and give each one canonical name.

The lexicon lives in ``kb/data``: ``body_heads.txt`` (words that open a body's name: "Sở", "Ủy ban nhân
dân", "Tổ đảng", "Các sở, ban, ngành" …), ``body_names.txt`` (official names with lower-case words the
generic rule would cut: "Bộ Văn hóa, Thể thao và Du lịch"), ``bodies.tsv`` (abbreviations inside names:
"Sở TT&TT"), ``body_aliases.tsv`` (one body, one name: "Ngân hàng Nhà nước" → "… Việt Nam").

* ``find_bodies`` — the bodies a text names, as written.
* (who a clause makes act — its subject, the bodies asked, the partners — is read in ``kb.clauses``)
* ``split_bodies`` — a list of bodies cut into its members, collective names kept whole.
* ``canonical`` / ``key`` — one name per body, and its folded form for matching.

>>> canonical("Sở TT- TT")
'Sở Thông tin và Truyền thông'
>>> canonical("UBND tỉnh")
'Ủy ban nhân dân tỉnh'
>>> find_bodies("Sở Thông tin và Truyền thông chủ trì, phối hợp với Công an tỉnh và UBND các huyện")
['Sở Thông tin và Truyền thông', 'Công an tỉnh', 'UBND các huyện']
>>> split_bodies("Giám đốc, Thủ trưởng các sở, ban ngành, Chủ tịch Ủy ban nhân dân xã, phường và các đơn vị liên quan")
['Giám đốc, Thủ trưởng các sở, ban ngành', 'Chủ tịch Ủy ban nhân dân xã, phường', 'các đơn vị liên quan']
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kb.places import places_in
from kb.text import UPPER, canonical_tones, fold, nfc

_DATA = Path(__file__).parent / "data"
_W = r"[\wÀ-ỹ]"


def data_lines(name: str) -> list[str]:
    """The lines of a lexicon file of ``kb/data`` without blank lines and ``#`` comments."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _head() -> re.Pattern[str]:
    heads = sorted(set(data_lines("body_heads.txt")), key=len, reverse=True)
    return re.compile(rf"(?<!{_W})(?:{'|'.join(_either_case(h) for h in heads)})(?!{_W})")


def _either_case(head: str) -> str:
    """A head in either case at its start ("Các sở", "các sở"); a list of kinds at each word ("Các Sở, ban, ngành");
    the words after the first of a name in any case ("Bộ Tư lệnh", "Bộ tư lệnh")."""
    if "," not in head and " " in head:
        first, rest = head.split(" ", 1)
        return f"[{first[0].upper()}{first[0].lower()}]{re.escape(first[1:])}\\ (?i:{re.escape(rest)})"
    words = head.split(" ") if "," in head else [head]
    return r"\ ".join(f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in words)


@lru_cache(maxsize=1)
def official_names() -> re.Pattern[str]:
    """The official names, longest first, any case (callers keep those with a capital first letter: "cơ sở y
    tế" is no Sở Y tế)."""
    names = sorted(data_lines("body_names.txt"), key=len, reverse=True)
    return re.compile(rf"(?<!{_W})(?:{'|'.join(re.escape(n) for n in names)})(?!{_W})", re.I)


# After "Chính phủ" / "Chính quyền", the words that make it a concept ("phát triển Chính phủ số").
_CONCEPT = re.compile(r"\s+(?:so|dien tu|thong minh|kien tao|liem chinh|hanh dong|mo)\b")


def concept(name: str, following: str) -> bool:
    """``name`` followed by ``following`` is a thing built, not a body: "Chính phủ số", "chính quyền điện tử"."""
    return fold(name).strip() in ("chinh phu", "chinh quyen") and bool(_CONCEPT.match(fold(following[:20])))


_PLURAL_HEADS = {"Bộ", "Sở", "Cục", "Vụ", "Viện"}  # "Các Bộ, ngành", "các Sở": bodies, with no name after them


def head_at(text: str, pos: int = 0) -> re.Match[str] | None:
    """The head of a body's name at ``pos``. A one-word head needs a name after it: "Ban Dân vận", "Sở Y tế",
    not "Ban hành", "Báo cáo", "Phòng, chống", "Hội nghị", "Trường hợp"."""
    if collective := re.match(rf"(?:[Cc]ác\s+)?(?:[Đđ]ồng chí\s+)?(?=[{UPPER}])", text[pos:]):  # "Các Trung tâm y tế"
        pos += collective.end()
    match = _head().match(text, pos)
    if match and concept(match.group(0), text[match.end():]):
        return None  # "Chính phủ số", "chính quyền điện tử": what is built, not who acts
    if match and " " not in match.group(0) and not match.group(0).isupper() \
            and not (collective and collective.group(0).strip() and match.group(0) in _PLURAL_HEADS):
        nxt = re.match(r"\s+(và\s+)?([\wÀ-ỹ])", text[match.end():])  # "Báo và phát thanh, truyền hình …"
        if not nxt or not (nxt.group(1) or nxt.group(2).isupper()):
            return None
    return match


_TOKEN = re.compile(r"[\wÀ-ỹ]+(?:[&-][\wÀ-ỹ]+)*|[,&-]")
# Lower-case words that may continue a name: places and the few multi-word tails of ministry names.
_PLACE_WORDS = {"tỉnh", "huyện", "thị", "xã", "thành", "phố", "phường", "các", "cấp", "trung", "ương", "trực",
                "thuộc", "nông", "thôn", "nhà", "nước", "quốc", "gia", "dân", "đặc", "khu", "trấn"}
# never the last word of a name: joiners, and the adverbs before a verb ("Sở TT-TT cũng đã phối hợp")
_DANGLING = {"các", "cấp", "trực", "thuộc", "và", "trung", "thị", "thành", "đặc", "cũng", "đã", "đang", "sẽ", "vẫn",
             "đều", "còn", "khi", "nếu", "để"}
# "Các doanh nghiệp thứ cấp": a level, no dangling "cấp"; "Ủy viên thường trực": a standing member, no dangling "trực"
_LEVELS = {"thứ cấp", "sơ cấp", "trung cấp", "cao cấp", "thường trực"}
GENERIC = {"ban", "bộ", "sở", "đài", "báo", "viện", "cục", "vụ", "văn phòng", "trung tâm", "thanh tra", "công an",
            "các bộ", "địa phương", "cơ quan", "đơn vị", "hội", "phòng", "trường", "tổ", "quỹ", "công ty", "hội đồng",
            "ủy ban", "uỷ ban", "chủ tịch", "giám đốc", "thủ trưởng", "trưởng", "thường trực", "doanh nghiệp", "thuế"}


def _is_cap(token: str) -> bool:
    return token[:1].isupper()


_CITY_DOT = re.compile(r"\b(?:TP|Tp)$")  # "TP." abbreviates "thành phố": its dot ends no name
CITY_CHARS = 12  # of a city's name after "TP.", enough to tell it ("Hồ Chí Minh", "Cần Thơ")


def _city_at(text: str, tp: int, pos: int) -> bool:
    """A city's name follows "TP." at ``pos`` ("HCM", "Hồ Chí Minh", "Cần Thơ"), not the next sentence ("TP. Sau
    đó"): the lexicon of places reads "TP. Hồ Chí Minh" as a place in the few words from ``tp``."""
    return text.startswith("HCM", pos) or bool(places_in(text[tp:pos + CITY_CHARS]))


_COLLECTIVE_PLACES = re.compile(r"\b[Cc]ác\s+(?:tỉnh|thành phố|huyện|xã|phường)"
                                r"(?:,\s*(?:thành phố|thị xã|xã|phường))?$")
PROPER = rf"[{UPPER}][\wÀ-ỹ]*(?:\s+[{UPPER}][\wÀ-ỹ]*)*"  # capitalised words in a row: a proper name
_LISTED_PLACES = re.compile(rf"\s*:\s*{PROPER}(?:\s*(?:,|và)\s*{PROPER})+")


def _extend(text: str, pos: int, named: bool = False) -> int:
    """End of a body's name whose head ends at ``pos``: capitalised words, each Titlecase one followed
    by at most one lower-case syllable ("Thông tin", "Truyền thông"), place words ("các huyện, thị xã"),
    and joiners ("và", ",", "&", "-") only when a capitalised word that is not the head of another
    body follows (or, after a place word, another place word)."""
    end = pos
    previous = "name" if named else "head"  # head | title | name | abbr | lower | place; named: after a whole name
    for match in _TOKEN.finditer(text, pos):
        if match.start() < end:
            continue  # inside a head read whole below
        gap = text[end:match.start()]
        if "\n" in gap or len(gap) > 2 or any(c in gap for c in ";:()") \
                or "." in gap and not (_CITY_DOT.search(text, 0, end) and _city_at(text, end - 2, match.start())):
            break  # a dot ends a name, but "TP." before a city's name ("Sở Y tế TP.HCM", "TP. Hồ Chí Minh")
        token = match.group(0)
        if token in ("và", ",", "&", "-"):
            nxt = _TOKEN.search(text, match.end())
            following = nxt.group(0) if nxt and nxt.start() - match.end() <= 1 else ""
            if following and _is_cap(following) and not head_at(text, nxt.start()) \
                    or previous == "place" and following.lower() in _PLACE_WORDS:
                end = match.end()  # joiner inside a name: "Khoa học và Công nghệ", "các huyện, thị xã"
                continue
            break
        if previous == "head" and (inner := head_at(text, match.start())):
            end = inner.end()  # "Văn phòng Ban Chỉ đạo Nhà nước về Du lịch", "Văn phòng Sở Tài chính": a body's head
            # right after another's is read whole, the name after it as that head's
            continue
        if _is_cap(token) and (previous == "head" or not head_at(text, match.start())):
            if len(token) > 1 and token.isupper() or any(c in token for c in "&-"):
                previous = "abbr"
            else:  # a second capitalised word in a row is a proper name ("Hòa Thành"): no lower-case tail
                previous = "name" if previous in ("title", "name") else "title"
        elif token.lower() in _PLACE_WORDS:
            previous = "place"
        elif token.islower() and previous == "title":
            previous = "lower"
        else:
            break
        end = match.end()
    return listed_places(text, end) or end


def listed_places(text: str, end: int) -> int | None:
    """Where the places a collective name ending at ``end`` lists end ("Ủy ban nhân dân các tỉnh: Ninh Bình, Bắc Ninh,
    Phú Thọ, Tuyên Quang": which ones), or None when it lists none."""
    if _COLLECTIVE_PLACES.search(text, max(0, end - 40), end) and (listed := _LISTED_PLACES.match(text, end)):
        return listed.end()
    return None


_ABOUT_WHAT = re.compile(r"\s+(?:đến|tới|trong)\s+việc\b.*$")


def trim_name(name: str) -> str:
    """Without the joiners and dangling words a greedy match leaves at its end ("Thủ tướng Chính phủ các"), and
    without a parenthesis ("Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công)")."""
    name = re.sub(r"\s*\([^()]*\)?\s*$", "", re.sub(r"\s*\([^()]*\)", "", name)).rstrip(")")
    name = _ABOUT_WHAT.sub("", name)  # "Các sở, ban, ngành có liên quan tới việc thực hiện …": what they deal with
    if (known := official_names().match(name)) and (tail := name[known.end():].split()) \
            and all(w.islower() and w not in _PLACE_WORDS for w in tail):
        name = name[:known.end()]  # "Bộ Nông nghiệp và Môi trường tăng cường": the name, not the verb after it
    words = name.strip(" ,-&;:.").split()
    while len(words) > 1 and words[-1].lower().strip(",") in _DANGLING \
            and " ".join(words[-2:]).lower() not in _LEVELS:
        words.pop()
    return " ".join(words).strip(" ,-&")


def find_bodies(text: str) -> list[str]:
    """Bodies named in ``text`` as written, in order, without generic heads standing alone: official
    names from the lexicon first, then a head word ("Sở", "Bộ", "UBND" …) and the name after it."""
    text = nfc(text)
    # an official name goes on with its place: "Trung tâm Kiểm soát bệnh tật tỉnh", "… công nghiệp Cần Thơ"
    spans: list[tuple[int, int]] = [(m.start(), _extend(text, m.end(), named=True))
                                    for m in official_names().finditer(text) if m.group(0)[0].isupper()]
    for match in _head().finditer(text):
        if match.group(0)[:1].islower() or any(s <= match.start() < e for s, e in spans) \
                or not head_at(text, match.start()):
            continue  # a collective in lower case ("các bộ") is found by ``subject``, not in running text
        spans.append((match.start(), _extend(text, match.end())))
    found: list[str] = []
    for start, end in sorted(spans):
        name = trim_name(text[start:end])
        if name.lower() not in GENERIC and len(name) >= 3 and name not in found:
            found.append(name)
    return found


# -- lists of bodies ----------------------------------------------------------------------------------

# Words that go on naming the same group after a comma: places ("xã, phường") always; kinds of body ("các sở,
# ban, ngành", "các cơ quan, tổ chức, cá nhân") after a group, not after one body ("Bộ Khoa học và Công nghệ,
# doanh nghiệp đồng hành" are two).
_PLACES = re.compile(rf"^(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|tỉnh|thành phố|thành ủy|thành uỷ)(?!{_W})")
_KINDS = re.compile(rf"^(?:ban|ngành|địa phương|cơ quan ngang bộ|cơ quan thuộc|đoàn thể|tổ chức|cá nhân|hộ gia đình|"
                    rf"doanh nghiệp|hợp tác xã|đơn vị trực thuộc|đơn vị|cơ quan)(?!{_W})")
_ROLE = re.compile(r"\s+[-–]\s+[Cc]ơ quan\s+(?:[Tt]hường trực|[Cc]hủ trì|[Đđ]ầu mối)[^,;]*")
_PLACE_NAMED = re.compile(rf"(?:tỉnh|thành phố)\s+[{UPPER}]")  # "Thành phố Hồ Chí Minh, tỉnh Lâm Đồng": two places
_PLACE_GROUP = re.compile(rf"[Cc]ác\s+(?:tỉnh|thành phố)\s+[{UPPER}]")  # "… và các tỉnh Bắc Ninh, Gia Lai"
_TITLE_ONLY = re.compile(r"^(?:Giám đốc|Thủ trưởng|Chủ tịch|Phó Chủ tịch|Trưởng|Người đứng đầu|Lãnh đạo)$", re.I)
_ABBREVIATION = re.compile(r"^[A-ZĐ]{2,}[A-ZĐ&-]*$")


def _group(name: str) -> bool:
    """A name for several bodies ("Các sở", "sở, ban, ngành", "Bộ") rather than one."""
    return bool(re.search(r"(?:^|\s)[Cc]ác\s", name)) or name[:1].islower() or len(name.split()) == 1


# A person holding a post, and a second post of the same person written after a comma
_HOLDER = re.compile(r"(?:Phó\s+)?(?:Thủ tướng|Bộ trưởng|Thứ trưởng|Chủ tịch|Giám đốc|Bí thư|Chủ nhiệm)\b")
_SECOND_POST = re.compile(r"(?:Phó\s+)?(?:Trưởng [Bb]an|Tổ trưởng|Trưởng [Đđ]oàn|Chủ tịch Hội đồng)\b")


# "các Sở: Xây dựng, Tài chính, Nội vụ", "Các Bộ: Tài chính, Y tế và Tư pháp": one head over the names it lists
_HEAD_OVER = re.compile(r"^(?:[Cc]ác\s+)?(Bộ|Sở|Cục|Ban)\s*:\s*(.+)$")


def _distributed(text: str) -> list[str] | None:
    """The bodies of a head written once over the names it lists, or None."""
    if not (m := _HEAD_OVER.match(text)):
        return None
    names = [n.strip(" .") for n in re.split(r",\s*|\s+và\s+", m.group(2)) if n.strip(" .")]
    if not names or any(not n[:1].isupper() or len(n.split()) > 5 for n in names):
        return None
    return [f"{m.group(1)} {n}" for n in names]


def split_bodies(text: str) -> list[str]:
    """The members of a list of bodies, each whole: pieces between ",", ";", "và" and list dashes, a piece
    that does not open a body ("ban, ngành", "xã, phường") joined to the one before, a bare title
    ("Giám đốc, Thủ trưởng các sở") to the one after. A cell naming no body is kept as one name."""
    text = " ".join(nfc(text).split()).strip(" ,;.:")
    if listed := _distributed(text):
        return listed
    text = _ROLE.sub("", text)  # "Bộ Tài chính - Cơ quan Thường trực Ban Chỉ đạo 751": one body and its role
    dashed = text
    text = re.sub(r"(?:^|\s)[-–+•]\s+", lambda m: m.group(0) if _in_name(text, m) else "; ", text).strip(" ;")
    text = _sealed(text)  # "Báo và phát thanh, truyền hình Sơn La": an official name is one member, whatever its case
    parts = [_SEAL.sub(lambda m: _UNSEAL[m.group(0)], part)  # ",Thanh tra Chính phủ": a comma typed without its space
             for part in re.split(r"(\s*;\s*|,\s*|\s+và\s+)", text)]
    pieces: list[tuple[str, str]] = []  # (separator before, piece)
    joiner = ""
    for i, part in enumerate(parts):
        if i % 2:
            joiner = "; " if ";" in joiner + part else part
        elif part.strip():
            pieces.append((joiner, part.strip()))
            joiner = ""
    merged: list[str] = []
    pending_title = ""
    for i, (joiner, piece) in enumerate(pieces):
        opens = (head_at(piece) or official_names().match(piece) or head_at(piece[:1].upper() + piece[1:])
                 or _ABBREVIATION.match(piece.split()[0]) or _PLACE_GROUP.match(piece) or _PLACE_NAMED.match(piece))
        if pending_title:
            piece, pending_title = pending_title + ", " + piece, ""
        elif merged and ";" not in joiner and (_PLACES.match(piece) and not _PLACE_NAMED.match(piece)
                                               or _KINDS.match(piece) and _group(merged[-1])
                                               or not opens and not _KINDS.match(piece) and piece[:1].isupper()):
            merged[-1] += joiner + piece  # "ban, ngành", "xã, phường", "Thể thao và Du lịch"
            continue
        elif merged and not opens and not _KINDS.match(piece):
            break  # "Sở Tài chính, báo cáo UBND …": the list has ended
        if _TITLE_ONLY.match(piece) and i + 1 < len(pieces):
            pending_title = piece
            continue
        if merged and _HOLDER.match(merged[-1]) and _SECOND_POST.match(piece) \
                and (";" not in joiner or re.search(rf"\s[-–]\s+{re.escape(piece[:20])}", dashed)):
            continue  # "Bộ trưởng Bộ Tài chính, Phó Trưởng ban Thường trực Ban Chỉ đạo 389" (or " - "): one person's
            # two posts
        merged.append(piece)
    names = [part for m in merged if trim_name(m) for part in _run_on(trim_name(m))]
    return names or ([text] if text else [])


_UNSEAL = {"\ue000": ",", "\ue001": "và"}
_SEAL = re.compile("[\ue000\ue001]")


def _sealed(text: str) -> str:
    """``text`` with the commas and "và" inside official names (capitalised first word) hidden from the split."""
    def seal(m: re.Match[str]) -> str:
        name = m.group(0)
        return name.replace(",", "\ue000").replace(" và ", " \ue001 ") if name[0].isupper() else name

    # "theo ngành, lĩnh vực": one phrase of what a body covers, not two bodies
    return re.sub(r"\bngành,\s*(?=lĩnh vực\b)", "ngành\ue000 ", official_names().sub(seal, text))


def _in_name(text: str, dash: re.Match[str]) -> bool:
    """A dash inside a name ("Sở Lao động - Thương binh và Xã hội", "Cục Kinh tế - Quản lý đầu tư xây dựng"), not a
    list dash: between words, before a capitalised word that opens no body of its own."""
    rest = text[dash.end():]
    if dash.group(0).strip() == "-" and text[:dash.start()].endswith("chính trị") and rest.startswith("xã hội"):
        return True  # "các tổ chức chính trị - xã hội"
    return dash.group(0).strip() == "-" and dash.start() > 0 and bool(re.match(rf"[{UPPER}][^\W\d{UPPER}]", rest)) \
        and not head_at(rest) and not official_names().match(rest)


def _run_on(name: str) -> list[str]:
    """Names written one after the other with no joiner (a table cell's lines run together): "Bộ Thông tin và
    Truyền thông Bộ Khoa học và Công nghệ" → both."""
    found = find_bodies(name)
    whole = len(found) > 1 and re.sub(r"\s+", "", name) == re.sub(r"\s+", "", "".join(found))
    return found if whole else [name]


# "Giao Sở Nội vụ …", "Đề nghị …": the words that give a body its duty, not part of its name
ASSIGN = re.compile(r"^(?:Giao(?:\s+cho)?|Đề nghị|Yêu cầu|Trách nhiệm của|Phân công|Riêng)\s*:?\s+", re.I)


# -- one name per body ----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _abbreviations() -> list[tuple[re.Pattern[str], str]]:
    pairs = []
    for line in data_lines("bodies.tsv"):
        abbr, expansion = line.split("\t")
        pairs.append((re.compile(rf"(?<!{_W}){re.escape(abbr)}(?![\wÀ-ỹ&-])"), expansion))
    pairs.sort(key=lambda p: -len(p[0].pattern))
    return pairs


@lru_cache(maxsize=1)
def _typed_abbreviations() -> re.Pattern[str]:
    abbrs = sorted({line.split("\t")[0] for line in data_lines("bodies.tsv")}, key=len, reverse=True)
    return re.compile(rf"(?<!{_W})({'|'.join(re.escape(a) for a in abbrs)})(?![\wÀ-ỹ&-])", re.I)


def cased(text: str) -> str:
    """Abbreviations typed in lower case written as the lexicon writes them: "ubnd xã" → "UBND xã"."""
    spelled = {a.lower(): a for a in (line.split("\t")[0] for line in data_lines("bodies.tsv"))}
    return _typed_abbreviations().sub(lambda m: spelled.get(m.group(1).lower(), m.group(1)), text)


@lru_cache(maxsize=1)
def _official() -> dict[str, str]:
    names = {fold(n): n for n in data_lines("body_names.txt")}
    for line in data_lines("body_aliases.tsv"):
        variant, official = line.split("\t")
        names[fold(variant)] = official
    return names


@lru_cache(maxsize=1 << 14)
def canonical(name: str) -> str:
    """One name per body: abbreviations expanded, tones in one placement, spaces and case fixed, an
    official name or alias from the lexicon as the lexicon writes it."""
    text = nfc(name).strip(" ,;.:-")
    text = ASSIGN.sub("", text, count=1)
    text = re.sub(r"^(?:[Cc]ác\s+)?[Đđ]ồng chí\s+", "", text)  # "Các đồng chí Bộ trưởng": a courtesy, not the body
    # "TT- TT" → "TT-TT" between abbreviations; "Kinh tế-Quản lý" → "Kinh tế - Quản lý" between words
    text = re.sub(r"\s*&\s*", "&", text)
    text = re.sub(r"(\S+?)\s*-\s*(?=(\S+))", lambda m: m.group(1) + ("-" if m.group(1).isupper() and
                                                                        m.group(2).isupper() else " - "), text)
    for pattern, expansion in _abbreviations():
        text = pattern.sub(expansion, text)
    # "Sở GDĐT TP.HCM", "UBND TP. Hồ Chí Minh": the city written out, as its own documents name it
    text = re.sub(r"\b(?:TP|Tp)\.?\s*HCM\b|\bTPHCM\b", "thành phố Hồ Chí Minh", text)
    text = re.sub(rf"(?<=\S )(?:TP|Tp)\.?\s*(?=[{UPPER}])", "thành phố ", text)
    text = re.sub(r"\s+", " ", canonical_tones(text)).strip()
    text = text[0].upper() + text[1:] if text else text
    placed = _OF_PLACE.match(text)  # "Sở Công thương tỉnh Lào Cai": the body written as the lexicon writes it (not
    official = _official().get(fold(placed.group(1)), "") if placed else ""  # another by an alias: the national "Ủy
    if official and fold(official) == fold(placed.group(1)) and fold(text) not in _official():  # ban Trung ương …")
        return f"{official} {placed.group(2)}"
    return _official().get(fold(text), text)  # "Bộ Công An" → "Bộ Công an", as the lexicon writes it


_OF_PLACE = re.compile(r"(.+?)\s+((?:tỉnh|thành phố)\s+[A-ZÀ-ỸĐ].*)$")  # a body named with the place it serves


def key(name: str) -> str:
    return fold(canonical(name))
