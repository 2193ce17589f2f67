"""Responsible bodies (cơ quan): find them in text and give each one canonical name.

The same body is written many ways: "Sở TT&TT", "Sở TT-TT", "Sở Thông tin và Truyền thông";
"UBND tỉnh", "Ủy ban nhân dân tỉnh", "Uỷ ban nhân dân tỉnh". ``canonical`` expands the official
abbreviations (``kb/data/bodies.tsv``), puts tones in one placement and fixes the case, so every
variant has one name; ``key`` is that name folded, for matching questions typed without accents.

>>> canonical("Sở TT- TT")
'Sở Thông tin và Truyền thông'
>>> canonical("UBND tỉnh")
'Ủy ban nhân dân tỉnh'
>>> find_bodies("Sở Thông tin và Truyền thông chủ trì, phối hợp với Công an tỉnh và UBND các huyện")
['Sở Thông tin và Truyền thông', 'Công an tỉnh', 'UBND các huyện']
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kb.text import canonical_tones, fold, nfc

_DATA = Path(__file__).parent / "data" / "bodies.tsv"

# Words that open a body's name, longest first.
HEADS = ["Ủy ban nhân dân", "Uỷ ban nhân dân", "Hội đồng nhân dân", "Ban Chỉ đạo", "Ban chỉ đạo", "Ban Thường vụ",
         "Thủ tướng Chính phủ", "Văn phòng Chính phủ", "Văn phòng", "Ngân hàng Nhà nước", "Mặt trận Tổ quốc",
         "Tổng cục", "Thanh tra", "Trung tâm", "Kiểm toán nhà nước", "Tòa án nhân dân", "Viện kiểm sát nhân dân",
         "Công an", "Bộ Chính trị", "Chính phủ", "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Đài", "Báo", "Cục", "Viện",
         "Học viện", "Đại học", "Sở", "Bộ", "Ban", "UBND", "HĐND", "BCĐ", "MTTQ", "BHXH", "NHNN", "VPCP", "TTg",
         "Các bộ", "các bộ", "Bộ, ngành", "bộ, ngành", "Các địa phương", "địa phương"]
_HEAD = re.compile(rf"(?<![\wÀ-ỹ])(?:{'|'.join(re.escape(h) for h in sorted(HEADS, key=len, reverse=True))})"
                   rf"(?![\wÀ-ỹ])")
_TOKEN = re.compile(r"[\wÀ-ỹ]+(?:[&-][\wÀ-ỹ]+)*|[,&-]")
# Lower-case words that may continue a name: places and the few multi-word tails of ministry names.
_PLACE_WORDS = {"tỉnh", "huyện", "thị", "xã", "thành", "phố", "phường", "các", "cấp", "trung", "ương", "trực",
                "thuộc", "nông", "thôn", "nhà", "nước", "quốc", "gia", "dân"}
_GENERIC = {"ban", "bộ", "sở", "đài", "báo", "viện", "cục", "văn phòng", "trung tâm", "thanh tra", "công an",
            "các bộ", "địa phương"}


def _is_cap(token: str) -> bool:
    return token[:1].isupper()


def _extend(text: str, pos: int) -> int:
    """End of a body's name whose head ends at ``pos``: capitalised words, each Titlecase one followed
    by at most one lower-case syllable ("Thông tin", "Truyền thông"), place words ("các huyện, thị xã"),
    and joiners ("và", ",", "&", "-") only when a capitalised word that is not the head of another
    body follows (or, after a place word, another place word)."""
    end = pos
    previous = "head"  # head | title | abbr | lower | place
    for match in _TOKEN.finditer(text, pos):
        gap = text[end:match.start()]
        if "\n" in gap or len(gap) > 2 or any(c in gap for c in ";:()."):
            break
        token = match.group(0)
        if token in ("và", ",", "&", "-"):
            nxt = _TOKEN.search(text, match.end())
            following = nxt.group(0) if nxt and nxt.start() - match.end() <= 1 else ""
            if following and _is_cap(following) and not _HEAD.match(text, nxt.start()) \
                    or previous == "place" and following.lower() in _PLACE_WORDS:
                end = match.end()  # joiner inside a name: "Khoa học và Công nghệ", "các huyện, thị xã"
                continue
            break
        if _is_cap(token) and (previous == "head" or not _HEAD.match(text, match.start())):
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
    return end


@lru_cache(maxsize=1)
def _abbreviations() -> list[tuple[re.Pattern[str], str]]:
    pairs = []
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            abbr, expansion = line.split("\t")
            pairs.append((re.compile(rf"(?<![\wÀ-ỹ]){re.escape(abbr)}(?![\wÀ-ỹ&-])"), expansion))
    pairs.sort(key=lambda p: -len(p[0].pattern))
    return pairs


def canonical(name: str) -> str:
    """One name per body: abbreviations expanded, tones in one placement, spaces and case fixed."""
    text = nfc(name).strip(" ,;.:-")
    text = re.sub(r"\s*([&-])\s*", r"\1", text)  # "TT- TT" → "TT-TT"
    for pattern, expansion in _abbreviations():
        text = pattern.sub(expansion, text)
    text = re.sub(r"\s+", " ", canonical_tones(text)).strip()
    text = re.sub(r"(?<=\w)-(?=\w)", " - ", text) if "Thương binh" in text else text
    text = text[0].upper() + text[1:] if text else text
    return _official().get(fold(text), text)  # "Bộ Công An" → "Bộ Công an", as the lexicon writes it


@lru_cache(maxsize=1)
def _official() -> dict[str, str]:
    lines = (_DATA.parent / "body_names.txt").read_text(encoding="utf-8").splitlines()
    return {fold(n.strip()): n.strip() for n in lines if n.strip() and not n.startswith("#")}


def key(name: str) -> str:
    return fold(canonical(name))


@lru_cache(maxsize=1)
def _known() -> re.Pattern[str]:
    """The official names in ``kb/data/body_names.txt``, longest first, any case."""
    lines = (_DATA.parent / "body_names.txt").read_text(encoding="utf-8").splitlines()
    names = sorted((n.strip() for n in lines if n.strip() and not n.startswith("#")), key=len, reverse=True)
    return re.compile(r"(?<![\wÀ-ỹ])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\wÀ-ỹ])", re.I)


def find_bodies(text: str) -> list[str]:
    """Bodies named in ``text`` as written, in order, without generic heads standing alone: official
    names from the lexicon first, then a head word ("Sở", "Bộ", "UBND" …) and the name after it."""
    text = nfc(text)
    spans: list[tuple[int, int]] = [m.span() for m in _known().finditer(text)]
    for match in _HEAD.finditer(text):
        if any(s <= match.start() < e for s, e in spans):
            continue
        end = _extend(text, match.end())
        spans.append((match.start(), end))
    found: list[str] = []
    for start, end in sorted(spans):
        name = text[start:end].strip(" ,-&")
        if name.lower() not in _GENERIC and len(name) >= 3 and name not in found:
            found.append(name)
    return found


def split_bodies(cell: str) -> list[str]:
    """A table cell listing bodies ("Bộ Tài chính, Bộ Nội vụ") → one name each; a cell naming no
    specific body ("Các bộ, ngành, địa phương") is one collective body."""
    bodies = find_bodies(cell)
    cell = " ".join(cell.split()).strip(" ,;.")
    return bodies or ([cell] if cell else [])  # "Các bộ, ngành, địa phương": one collective body
