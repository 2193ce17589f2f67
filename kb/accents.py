"""Putting the diacritics back on a question typed without them, from the knowledge base's own text.

Officials often type "thu tuc hanh chinh truc tuyen". The sparse side matches that through folded
copies of every term, but e5 reads unaccented Vietnamese as a different language, and the words
underthesea finds in it are poor. So before searching, an unaccented question is restored
("thủ tục hành chính trực tuyến") and both halves of the hybrid search read the restored text.

The model is a syllable bigram language model counted over the documents themselves, kept in SQLite
one row per (document, n-gram form) so a document's counts can be replaced or removed exactly:
  * each folded syllable ("thu") maps to the forms written in the documents ("thủ", "thu", "thư" …);
  * each folded pair ("thu tuc") to the written pairs ("thủ tục" …).
``restore`` picks the most probable sequence of written forms (Viterbi over the candidates, bigram
probabilities interpolated with unigram ones). Syllables never seen stay as typed; a question that
has any diacritic is left alone (what the user wrote is taken as meant).
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from kb.text import canonical_tones, fold, has_diacritics, nfc

_TOKEN = re.compile(r"(\W*)([^\W\d_]+)(\W*)")  # punctuation, a letters-only syllable, punctuation
_SYLLABLE = re.compile(r"[^\W\d_]+")
LAMBDA = 0.9  # weight of the bigram estimate against the unigram one
MAX_CANDIDATES = 8  # the most frequent written forms of a folded syllable considered
QUESTION_WEIGHT = 20  # each phrase of data/question_words.txt counts as seen this many times
QUESTION_WORDS = Path(__file__).parent / "data" / "question_words.txt"


def _runs(line: str) -> Iterable[tuple[int, int]]:
    """``(start, end)`` of each run of letters-only syllables in ``line``: punctuation ends a run, and a
    token with digits or inner marks (01-KH/BCĐ, 2025, e-mail) is not part of one."""
    start = end = None
    for token in re.finditer(r"\S+", line):
        m = _TOKEN.fullmatch(token.group())
        if m is None or m.group(1):
            if start is not None:
                yield start, end
            start = end = None
            if m is None:
                continue
        if start is None:
            start = token.start() + len(m.group(1))
        end = token.start() + len(m.group(1)) + len(m.group(2))
        if m.group(3):
            yield start, end
            start = end = None
    if start is not None:
        yield start, end


def _segments(text: str) -> Iterable[list[str]]:
    text = canonical_tones(nfc(text)).lower()
    for line in text.split("\n"):
        for start, end in _runs(line):
            yield line[start:end].split()


def count_ngrams(text: str) -> Counter[tuple[int, str, str]]:
    """``(n, folded, written)`` → count, for syllables (n=1) and adjacent pairs (n=2)."""
    counts: Counter[tuple[int, str, str]] = Counter()
    for syllables in _segments(text):
        folded = [fold(s) for s in syllables]
        counts.update((1, f, s) for f, s in zip(folded, syllables, strict=True))
        counts.update((2, f"{folded[i]} {folded[i + 1]}", f"{syllables[i]} {syllables[i + 1]}")
                      for i in range(len(syllables) - 1))
    return counts


@lru_cache(maxsize=1)
def question_counts() -> dict[tuple[int, str], Counter[str]]:
    """``(n, folded)`` → written forms of the built-in question phrases, with their weight."""
    lines = [line.split("#")[0].strip() for line in QUESTION_WORDS.read_text(encoding="utf-8").splitlines()]
    found: dict[tuple[int, str], Counter[str]] = {}
    for (n, folded, form), c in count_ngrams("\n".join(line for line in lines if line)).items():
        found.setdefault((n, folded), Counter())[form] += c * QUESTION_WEIGHT
    return found


class AccentModel:
    def __init__(self, db: sqlite3.Connection, lock: threading.RLock | None = None) -> None:
        self._db = db
        self._lock = lock or threading.RLock()
        with self._lock:
            self._db.execute("CREATE TABLE IF NOT EXISTS accents (doc_id TEXT NOT NULL, n INTEGER NOT NULL, "
                             "folded TEXT NOT NULL, form TEXT NOT NULL, count INTEGER NOT NULL)")
            self._db.execute("CREATE INDEX IF NOT EXISTS accents_folded ON accents (folded, n)")
            self._db.execute("CREATE INDEX IF NOT EXISTS accents_doc ON accents (doc_id)")
        self._total: int | None = None

    # -- keeping it in step with the documents -----------------------------------------------------
    def add(self, doc_id: str, text: str) -> None:
        """Count ``text`` for ``doc_id``, replacing what was counted for it before (one transaction)."""
        self.add_counts(doc_id, count_ngrams(text))

    def add_counts(self, doc_id: str, counts: Counter[tuple[int, str, str]]) -> None:
        """``add`` with the counts made beforehand (``count_ngrams``, e.g. by the upload worker)."""
        rows = [(doc_id, n, folded, form, c) for (n, folded, form), c in counts.items()]
        with self._lock:
            self._db.execute("SAVEPOINT accents")  # its own transaction, or part of the caller's
            try:
                self._db.execute("DELETE FROM accents WHERE doc_id=?", (doc_id,))
                self._db.executemany("INSERT INTO accents VALUES (?, ?, ?, ?, ?)", rows)
                self._db.execute("RELEASE accents")
            except BaseException:
                self._db.execute("ROLLBACK TO accents")
                self._db.execute("RELEASE accents")
                raise
            self._total = None

    def remove(self, doc_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM accents WHERE doc_id=?", (doc_id,))
            self._total = None

    def doc_ids(self) -> set[str]:
        with self._lock:
            return {row[0] for row in self._db.execute("SELECT DISTINCT doc_id FROM accents")}

    # -- restoring ---------------------------------------------------------------------------------
    def _stored_forms(self, n: int, folded: str) -> list[tuple[str, int]]:
        """``(written form, count)`` of a folded n-gram over every document."""
        with self._lock:
            return self._db.execute("SELECT form, SUM(count) FROM accents WHERE folded=? AND n=? GROUP BY form",
                                    (folded, n)).fetchall()

    def _forms(self, n: int, folded: str) -> dict[str, int]:
        forms = Counter(dict(self._stored_forms(n, folded)))
        forms.update(question_counts().get((n, folded), {}))
        return dict(forms)

    def _syllable_total(self) -> int:
        if self._total is None:
            with self._lock:
                self._total = self._db.execute("SELECT COALESCE(SUM(count), 0) FROM accents WHERE n=1").fetchone()[0]
        return self._total

    def restore(self, query: str) -> str:
        """``query`` with diacritics restored where the documents say how; unchanged if it has any."""
        if has_diacritics(query):
            return query
        total = self._syllable_total()
        if not total:
            return query
        pieces: list[str] = []
        last = 0
        for start, end in _runs(query):
            pieces.append(query[last:start])
            pieces.append(" ".join(self._best_sequence(query[start:end].lower().split(), total)))
            last = end
        pieces.append(query[last:])
        return "".join(pieces)

    def _best_sequence(self, syllables: list[str], total: int) -> list[str]:
        candidates: list[dict[str, int]] = []  # per syllable: written form → count, most frequent first
        for s in syllables:
            forms = self._forms(1, s)
            candidates.append(dict(sorted(forms.items(), key=lambda kv: -kv[1])[:MAX_CANDIDATES]) or {s: 0})
        # Viterbi: best[form] = (log probability of the best sequence ending in form, that sequence)
        best = {form: (math.log((c + 1) / (total + 1)), [form]) for form, c in candidates[0].items()}
        for i in range(1, len(syllables)):
            pairs = self._forms(2, f"{syllables[i - 1]} {syllables[i]}")
            step = {}
            for form, c in candidates[i].items():
                unigram = (c + 1) / (total + 1)
                scored = []
                for prev, (score, path) in best.items():
                    prev_count = candidates[i - 1][prev]
                    bigram = pairs.get(f"{prev} {form}", 0) / prev_count if prev_count else 0.0
                    scored.append((score + math.log(LAMBDA * bigram + (1 - LAMBDA) * unigram), path))
                score, path = max(scored, key=lambda sp: sp[0])
                step[form] = (score, [*path, form])
            best = step
        return max(best.values(), key=lambda sp: sp[0])[1]
