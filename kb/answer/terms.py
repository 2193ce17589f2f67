"""The words of a question and how much of them a text holds: syllables and syllable pairs, question words and
phrases left out ("bao nhiêu", not the "báo" of "báo cáo"), optionally weighted by how few of the passages read
hold each one."""

from __future__ import annotations

import math
import re

from kb.text import fold, syllables

# Question phrases, dropped whole ("bao nhiêu", not the "báo" of "báo cáo"), then words that carry no content.
_QUESTION_PHRASES = re.compile(r"\b(?:bao nhieu|phan tram|bao gio|khi nao|luc nao|nhu the nao|the nao|la gi|la ai|"
                               r"(?:ngay|thang|nam|quy) nao|(?:co quan|don vi|bo|so|nganh) nao|nhung ai|"
                               # "tối đa bao nhiêu": the bound is the answer's ("không vượt quá 20%"), not a word
                               r"(?:toi da|toi thieu|it nhat|cham nhat)(?= (?:la )?(?:bao|khi nao|ngay nao|truoc)))\b")


_QUESTION_WORDS = set("gi nao ai la co khong da duoc cua va cac nhung mot hay hoac o tai ve voi cho trong theo "
                      "nghi dinh quyet nghi ke hoach van ban so".split())


LABEL_WORDS = 4  # the words right before a time or a figure that say what it is for


def question_terms(question: str) -> set[str]:
    return _with_pairs([s for s in syllables(_QUESTION_PHRASES.sub(" ", fold(question))) if s not in _QUESTION_WORDS])


# what a figure asked measures: the word after "tỷ lệ", "chỉ số" … ("tỷ lệ thất nghiệp" → "that")
_MEASURE = re.compile(r"\b(?:ty le|ti le|chi so|so luong|quy mo|gia tri|toc do|kim ngach|san luong)\s+(\w+)")


def measured(question: str) -> str | None:
    """The syllable naming what a figure asked measures, or None when the question does not say."""
    found = list(_MEASURE.finditer(fold(question)))
    if not found or found[-1].group(1) in _QUESTION_WORDS | {"bao", "dat", "nam", "cua"}:
        return None
    return found[-1].group(1)


def terms_of(text: str) -> set[str]:
    return _with_pairs(syllables(text))


def _with_pairs(syl: list[str]) -> set[str]:
    """Syllables and the pairs of neighbours ("kinh", "te", "kinh_te")."""
    return set(syl) | {f"{a}_{b}" for a, b in zip(syl, syl[1:], strict=False)}


def overlap(terms: set[str], text: str, rarity: dict[str, float] | None = None) -> float:
    """Share of the question's content syllables and syllable pairs found in ``text`` (pairs count twice). With
    ``rarity``, each term also counts by how few of the passages read hold it."""
    if not terms:
        return 0.0
    found = terms_of(text)
    weights = {t: (2.0 if "_" in t else 1.0) * (rarity.get(t, 1.0) if rarity else 1.0) for t in terms}
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in found) / total if total else 0.0


def rarity(terms: set[str], texts: list[str]) -> dict[str, float]:
    """How much each term tells the passages read apart: log(1 + n / (1 + passages holding it)). "văn hóa" in one
    passage of ten outweighs "chuyển đổi số" in all ten."""
    held = [terms_of(t) for t in texts]
    return {t: math.log(1 + len(held) / (1 + sum(t in h for h in held))) for t in terms}


def nearest(found: list[re.Match[str]], sentence: str, terms: set[str]) -> re.Match[str]:
    """The match whose label (the few words right before it, after the match before) holds most of the question,
    then whose clause (back to the last comma or semicolon) does, then whose 80 characters before it do: a time or a
    figure belongs to the words it follows ("hàng tháng (trước ngày 16), 6 tháng (trước ngày 16/6)")."""
    ends = {m.start(): max((o.end() for o in found if o.end() <= m.start()), default=0) for m in found}

    def cover(m: re.Match[str]) -> tuple[float, float, float]:
        label = " ".join(syllables(sentence[ends[m.start()]:m.start()])[-LABEL_WORDS:])
        before = sentence[max(0, m.start() - 80):m.start()]
        clause = re.split(r"[,;]\s", before)[-1]  # "a) Hồ sơ xây dựng cơ bản: trong thời hạn 03 tháng": one clause
        return overlap(terms, label), overlap(terms, clause + m.group(0)), overlap(terms, before + m.group(0))
    return max(found, key=cover)
