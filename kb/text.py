"""Vietnamese text handling: Unicode normalisation, accent folding, word tokens, document numbers.

>>> fold("Sở Thông tin và Truyền thông")
'so thong tin va truyen thong'
>>> canonical_tones("hoà bình, thuỷ lợi")
'hòa bình, thủy lợi'
>>> document_numbers("theo Quyết định số 713/QĐ-UBND và Nghị quyết 57-NQ/TW")
['713/QĐ-UBND', '57-NQ/TW']
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


# The capital letters of Vietnamese (a range such as "À-Ỹ" would take lower-case letters in too).
UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """The stored form of a document's text: NFC, unified line ends and spaces, no control characters.

    Citations point into this exact string, so it is computed once at ingestion and kept.
    """
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


# The combining marks (category Mn) of the Basic Multilingual Plane as one character class, deleted by one regex
# pass (a per-character test costs ~3x more); the few beyond it (none in Vietnamese) go through that test.
def _mark_class() -> re.Pattern[str]:
    marks = [cp for cp in range(0x10000) if unicodedata.category(chr(cp)) == "Mn"]
    ranges, start = [], marks[0]
    for a, b in zip(marks, [*marks[1:], None], strict=True):
        if b != a + 1:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(a))}" if a > start else re.escape(chr(a)))
            start = b
    return re.compile(f"[{''.join(ranges)}]+")


_MARKS = _mark_class()
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@lru_cache(maxsize=1 << 16)  # called per token at ingestion (~230k calls over the corpus, most repeats)
def fold(text: str) -> str:
    """Lower-case and strip every Vietnamese diacritic (đ → d): what a user types without accents."""
    stripped = _MARKS.sub("", unicodedata.normalize("NFD", text.lower()))
    if _ASTRAL.search(stripped):
        stripped = "".join(ch for ch in stripped if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d")


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


# Old ("hoà", "thuỷ") and new ("hòa", "thủy") tone placement: the tone moves to the first vowel of
# oa / oe / uy when nothing follows in the syllable. Both are correct Vietnamese; match them alike.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below
# Not after "q" (its "u" is part of the consonant: quả, quý) and not when the vowel carries a second mark
# (luật, hoặc, tuệ: there the tone already sits on the marked vowel).
_OLD_TONE = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![^\W\d_]|[\u0300-\u036f])")


def canonical_tones(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return nfc(_OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed))


# Document numbers as official documents write them (Nghị định 30/2020/NĐ-CP, Phụ lục VI):
# 713/QĐ-UBND, 224/2026/NĐ-CP, 3892/KH-UBND, and the party form 57-NQ/TW, 01-KH/BCĐ.
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def numeral(written: str) -> int | None:
    """The number written in figures or in lower-case Roman numerals up to ten ("04" → 4, "iv" → 4), else None."""
    return int(written) if written.isdigit() else _ROMAN.get(written)


_UP = "A-ZĐÂĂÊÔƠƯ"
DOC_NUMBER = re.compile(
    rf"(?<![\w/])\d{{1,5}}(?:/\d{{4}})?/[{_UP}][{_UP}0-9&]*(?:-[{_UP}][{_UP}a-z0-9&]*)*(?![\w/])"
    rf"|(?<![\w/-])\d{{1,5}}-[{_UP}]+/[{_UP}][{_UP}0-9&]*(?:-[{_UP}][{_UP}a-z0-9&]*)*(?![\w/])"
)


def document_numbers(text: str) -> list[str]:
    """Every document number in ``text``, in order of first appearance, without repeats."""
    seen: dict[str, None] = {}
    for match in DOC_NUMBER.finditer(nfc(text)):
        seen.setdefault(match.group(0), None)
    return list(seen)


_LOADING = threading.Lock()


@lru_cache(maxsize=1)
def _word_tokenize():
    with _LOADING:  # underthesea loads its model on its first call, and two first calls at once break it
        from underthesea import word_tokenize  # ~0.7 s to import: load once, lazily

        word_tokenize("khởi động")
    return word_tokenize


def words(text: str) -> list[str]:
    """Lower-cased underthesea words, multi-syllable words joined by ``_``; punctuation dropped.

    >>> words("Sở Thông tin và Truyền thông chủ trì")
    ['sở', 'thông_tin', 'và', 'truyền_thông', 'chủ_trì']
    """
    tokens = _word_tokenize()(canonical_tones(nfc(text)))
    out = []
    for token in tokens:
        token = token.lower().strip()
        if any(ch.isalnum() for ch in token):
            out.append("_".join(token.split()))
    return out


def syllables(text: str) -> list[str]:
    """Folded syllables, the units a user typing without accents produces: 'Tổ công nghệ' → to cong nghe."""
    return re.findall(r"[^\W_]+", fold(text))


# A sentence (or a clause after ";") ends at punctuation followed by a space or the end of a line;
# "4.2024", "1.818" and "2.79%" stay whole.
_SENTENCE = re.compile(r".+?(?:[.!?;…]+(?=\s|$)|$)", re.M)


def sentence_spans(text: str, offset: int = 0, min_chars: int = 12) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, shifted by ``offset``, trimmed of spaces."""
    spans = []
    for match in _SENTENCE.finditer(text):
        s, e = match.start(), match.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= min_chars:
            spans.append((offset + s, offset + e))
    return spans
