"""The words of a question and how much of them a text holds: syllables and syllable pairs, question words and
phrases left out ("bao nhiêu", not the "báo" of "báo cáo"), optionally weighted by how few of the passages read
hold each one."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import underthesea

from kb.bodies import data_lines
from kb.text import canonical_tones, fold, nfc, syllables, words

# Question phrases, dropped whole ("bao nhiêu", not the "báo" of "báo cáo"), then words that carry no content.
_QUESTION_PHRASES = re.compile(r"\b(?:bao nhieu|phan tram|bao gio|khi nao|luc nao|nhu the nao|the nao|la gi|la ai|"
                               r"(?:ngay|thang|nam|quy) nao|(?:co quan|don vi|bo|so|nganh|dia phuong|tinh) nao|"
                               r"nhung ai|"
                               # "tối đa bao nhiêu": the bound is the answer's ("không vượt quá 20%"), not a word
                               r"(?:toi da|toi thieu|it nhat|cham nhat)(?= (?:la )?(?:bao|khi nao|ngay nao|truoc)))\b")


QUESTION_WORDS = set("gi nao ai la co khong da duoc cua va cac nhung mot hay hoac o tai ve voi cho trong theo".split())
# How a question names a document's kind ("nghị định", "kế hoạch số 617"), dropped as phrases: their syllables alone
# are content ("thẩm định", "hồ sơ", "Sở Tài chính").
_DOC_KIND_WORDS = re.compile(r"\b(?:nghi dinh|quyet dinh|nghi quyet|ke hoach|van ban)\b|\bso(?= \d| may\b| hieu\b)")


LABEL_WORDS = 4  # the words right before a time or a figure that say what it is for


# Words that ask (who, by when, how often, how much, which document) rather than name what a question is about;
# a figure's kind ("sản lượng", "giá trị") too, which documents write in many ways ("tổng sản phẩm … đạt 18.000 tấn").
_ASKING = set("""chu tri|phu trach|dau moi|dam nhiem|thuc hien|trien khai|to chuc|co quan|don vi|thoi han|han chot|
thoi gian|thoi diem|bao lau|luc nao|tan suat|keo dai|du kien|hoan thanh|trach nhiem|nhiem vu|chi tieu|muc tieu|
ke hoach|van ban|quy dinh|bao nhieu|khi nao|bao gio|ban hanh|phoi hop|bao cao|ket qua|cap nhat|danh gia|cu the|
dat duoc|phan tram|ty le|ti le|so luong|toan bo|nghi quyet|nghi dinh|quyet dinh|cong van|thong bao|chi thi|de an|
chuong trinh|giai doan|lien quan|the nao|nhu the|yeu cau|de nghi|duoc giao|hieu luc|can cu|dinh ky|hang nam|
hang thang|hang quy|hang tuan|cong dien|ket luan|lam gi|cho biet|phai lam|toi da|toi thieu|it nhat|cham nhat|
gioi han|ke tu|den thang|den nam|tinh den|phan dau|san luong|gia tri|quy mo|kim ngach|toc do|
tong so|tong cong|tat ca|so tien|dia phuong|ap dung""".replace("\n", "|").split("|"))
_DICTIONARY = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"


_FUNCTION_WORDS = set("nào gì ai là và của cho với để ở tại về trong theo những các một có được".split())


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """Vietnamese words of two or more syllables (underthesea's 74K-word dictionary), lower case."""
    lines = _DICTIONARY.read_text(encoding="utf-8").splitlines() if _DICTIONARY.exists() else []
    return frozenset(w for line in lines if " " in (w := _lower(line)))


def _lower(text: str) -> str:
    return " ".join(re.findall(r"[^\W\d_]+", canonical_tones(nfc(text)).lower()))


def topic_words(question: str, naming: str = "") -> list[tuple[str, ...]]:
    """The words of ``question`` (with its diacritics) that name what it is about, folded: its words (underthesea)
    that are words of the dictionary, other than words that ask and those in ``naming`` (how it names its document,
    the places it names). "Ai phụ trách xây dựng sân bay quốc tế?" → xây dựng, sân bay, quốc tế."""
    named = set(syllables(naming))
    tokens = [_lower(w.replace("_", " ")) for w in words(question)]
    found = [w for i, w in enumerate(tokens) if " " in w and not _ambiguous(tokens, i)]
    folded = [tuple(syllables(w)) for w in found if w in _dictionary() and not set(w.split()) & _FUNCTION_WORDS]
    return [w for w in folded if " ".join(w) not in _ASKING and not set(w) <= named]


def _ambiguous(tokens: list[str], i: int) -> bool:
    """The word ``tokens[i]`` could as well be cut otherwise: its first syllable makes a word with the one before, or
    its last with the one after ("ven biển cả nước": "biển cả" or "cả nước"). Such a word is not required."""
    first, *_, last = tokens[i].split()
    before = tokens[i - 1].split()[-1] if i > 0 and tokens[i - 1] else ""
    after = tokens[i + 1].split()[0] if i + 1 < len(tokens) and tokens[i + 1] else ""
    return f"{before} {first}" in _dictionary() or f"{last} {after}" in _dictionary()


def holds(text_terms: set[str], word: tuple[str, ...]) -> bool:
    """``text_terms`` (``terms_of`` a text) hold ``word`` (every pair of its neighbouring syllables), or a word that
    means the same in official writing ("sân bay" is written "cảng hàng không"; ``kb/data/synonyms.tsv``)."""
    return any(_has(text_terms, w) for w in [word, *_synonyms().get(word, [])])


def _has(text_terms: set[str], word: tuple[str, ...]) -> bool:
    if len(word) == 1:
        return word[0] in text_terms
    return all(f"{a}_{b}" in text_terms for a, b in zip(word, word[1:], strict=False))


@lru_cache(maxsize=1)
def _synonyms() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    out: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for line in data_lines("synonyms.tsv"):
        group = [tuple(syllables(w)) for w in line.split("\t") if w.strip()]
        for w in group:
            out[w] = [o for o in group if o != w]
    return out


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    # common terms, and the fields of bodies' names abbreviated with "&" ("Bộ KH&CN", "Sở TT&TT"), which documents
    # write out ("Bộ Khoa học và Công nghệ") while a question types them short, as the body lexicon spells them; not
    # "UBND", "HĐND" …: documents write those short too, and their four words would outweigh the rest of a question
    fields = [line for line in data_lines("bodies.tsv") if "&" in line.split("\t")[0]]
    spelled = dict(line.split("\t", 1) for line in [*fields, *data_lines("abbreviations.tsv")])
    names = sorted(spelled, key=len, reverse=True)
    return re.compile(rf"(?<![\wÀ-ỹ&-])(?:{'|'.join(re.escape(n) for n in names)})(?![\wÀ-ỹ&-])"), spelled


def spelled_out(text: str) -> str:
    """``text`` with each common abbreviation followed by its words ("DNNVV" → "DNNVV doanh nghiệp nhỏ và vừa";
    ``kb/data/abbreviations.tsv``, and a body's "KH&CN" of ``bodies.tsv``): a question in words matches a text in
    abbreviations, and the other way."""
    pattern, spelled = _abbreviations()
    return pattern.sub(lambda m: f"{m.group(0)} {spelled[m.group(0)]}", nfc(text))


def question_terms(question: str) -> set[str]:
    plain = _DOC_KIND_WORDS.sub(" ", _QUESTION_PHRASES.sub(" ", fold(spelled_out(question))))
    return _with_pairs([s for s in syllables(plain) if s not in QUESTION_WORDS])


# what a figure asked measures: the word after "tỷ lệ", "chỉ số" … ("tỷ lệ thất nghiệp" → "that")
_MEASURE = re.compile(r"\b(?:ty le|ti le|chi so|so luong|quy mo|gia tri|toc do|kim ngach|san luong)\s+(\w+)")


def measured(question: str) -> str | None:
    """The syllable naming what a figure asked measures, or None when the question does not say."""
    found = list(_MEASURE.finditer(fold(question)))
    if not found or found[-1].group(1) in QUESTION_WORDS | {"bao", "dat", "nam", "cua"}:
        return None
    return found[-1].group(1)


def terms_of(text: str) -> set[str]:
    return _with_pairs(syllables(spelled_out(text)))


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


def label_of(text: str, at: int, after: int = 0) -> str:
    """The few words right before ``at`` (not before ``after``): what the time or figure there is for."""
    return " ".join(syllables(text[max(after, at - 80):at])[-LABEL_WORDS:])


def nearest(found: list[re.Match[str]], sentence: str, terms: set[str]) -> re.Match[str]:
    """The match whose label (the few words right before it, after the match before) holds most of the question,
    then whose clause (back to the last comma or semicolon) does, then whose 80 characters before it do: a time or a
    figure belongs to the words it follows ("hàng tháng (trước ngày 16), 6 tháng (trước ngày 16/6)")."""
    ends = {m.start(): max((o.end() for o in found if o.end() <= m.start()), default=0) for m in found}

    def cover(m: re.Match[str]) -> tuple[float, float, float]:
        label = label_of(sentence, m.start(), ends[m.start()])
        before = sentence[max(0, m.start() - 80):m.start()]
        clause = re.split(r"[,;]\s", before)[-1]  # "a) Hồ sơ xây dựng cơ bản: trong thời hạn 03 tháng": one clause
        return overlap(terms, label), overlap(terms, clause + m.group(0)), overlap(terms, before + m.group(0))
    return max(found, key=cover)
