"""Sparse BM25 vectors over Vietnamese words, for Qdrant's sparse index with the IDF modifier.

Qdrant multiplies each stored weight by the term's inverse document frequency at query time
(``Modifier.IDF``), so a passage stores only BM25's saturated term frequency and a query stores 1 per term.

Terms of a passage:
  * each underthesea word, lower-cased, tones in one placement: ``thông_tin``;
  * the same word without diacritics: ``thong_tin``, so questions typed without accents match;
  * the folded syllables of multi-syllable words: ``thong``, ``tin``, because word segmentation of
    unaccented text is poor;
  * every document number whole, both ways: ``713/qđ-ubnd``, ``713/qd-ubnd``.

Terms of a query are the same, plus folded syllable bigrams and trigrams (``to_cong``, ``cong_nghe``):
they meet the passage's folded words whatever way the unaccented question was segmented.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kb.text import document_numbers, fold, syllables, words

K1 = 1.2
B = 0.75
AVG_LEN = 260.0  # terms in a typical passage of ~900 characters (measured on corpus/)


@dataclass(frozen=True)
class Sparse:
    indices: list[int]
    values: list[float]


def term_id(term: str) -> int:
    """A stable 32-bit id for a term (Qdrant sparse indices are u32)."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=4).digest(), "little")


def passage_terms(text: str) -> list[str]:
    terms: list[str] = []
    for word in words(text):
        folded = fold(word)
        terms.append(word)
        if folded != word:
            terms.append(folded)
        if "_" in folded:
            terms.extend(folded.split("_"))
    for number in document_numbers(text):
        terms.append(number.lower())
        if fold(number) != number.lower():
            terms.append(fold(number))
    return terms


def query_terms(text: str) -> list[str]:
    terms = set(passage_terms(text))
    syl = syllables(text)
    for n in (2, 3):
        terms.update("_".join(syl[i : i + n]) for i in range(len(syl) - n + 1))
    terms.update(syl)
    return sorted(terms)


def _vector(weights: dict[str, float]) -> Sparse:
    by_id: dict[int, float] = {}
    for term, weight in weights.items():
        index = term_id(term)
        by_id[index] = by_id.get(index, 0.0) + weight
    ordered = sorted(by_id.items())
    return Sparse([i for i, _ in ordered], [v for _, v in ordered])


def weigh_passage(terms: Sequence[str], avg_len: float = AVG_LEN) -> Sparse:
    """BM25's saturated term frequency of each term; Qdrant's IDF modifier adds the IDF."""
    counts = Counter(terms)
    norm = K1 * (1 - B + B * sum(counts.values()) / avg_len)
    return _vector({term: tf * (K1 + 1) / (tf + norm) for term, tf in counts.items()})


def weigh_query(terms: Iterable[str]) -> Sparse:
    """1 per distinct term."""
    return _vector(dict.fromkeys(terms, 1.0))


def encode_passage(text: str) -> Sparse:
    return weigh_passage(passage_terms(text))


def encode_query(text: str) -> Sparse:
    return weigh_query(query_terms(text))
