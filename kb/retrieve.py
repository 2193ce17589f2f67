"""Hybrid retrieval: the question's e5 vector and its BM25 terms, fused by Qdrant (DBSF by default).

A question typed without diacritics is first restored from the documents' own words
(``kb.accents``): e5 reads unaccented Vietnamese poorly, and the restored words also give the sparse
half exact word terms besides the folded ones it always has."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb import sparse
from kb.errors import InputError
from kb.model import Citation, SearchResult
from kb.store import Filters, Hit
from kb.text import clean, document_numbers, has_diacritics

if TYPE_CHECKING:
    from kb.service import KnowledgeBase

MAX_QUERY_CHARS = 2000


def normalise_query(query: str) -> str:
    query = clean(query or "")
    if not query:
        raise InputError("the query is empty", code="empty_query", vi="Câu hỏi đang để trống.")
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(f"the query is longer than {MAX_QUERY_CHARS} characters", code="query_too_long",
                         vi=f"Câu hỏi dài quá {MAX_QUERY_CHARS} ký tự.")
    return query


def citation(hit: Hit) -> Citation:
    p = hit.payload
    return Citation(doc_id=p["doc_id"], source=p["source"], number=p.get("number"), doc_type=p.get("doc_type"),
                    title=p.get("title"), section=p.get("section") or "", page=p.get("page"),
                    quote=p["text"], start=p["start"], end=p["end"], score=round(hit.score, 6))


def restore_accents(kb: KnowledgeBase, query: str) -> str | None:
    """``query`` with diacritics restored, or None when it has some or none could be restored."""
    catalog = getattr(kb, "catalog", None)  # the benchmark's bare synthetic stores have no catalog
    if catalog is None or has_diacritics(query):
        return None
    restored = catalog.accents.restore(query)
    return restored if has_diacritics(restored) else None


def retrieve(kb: KnowledgeBase, query: str, limit: int, filters: Filters | None = None,
             mode: str = "hybrid") -> tuple[str | None, list[Hit]]:
    """(restored question or None, hits). ``mode``: ``hybrid`` (default), ``dense`` or ``sparse``
    (the last two for evaluation)."""
    settings = kb.settings
    restored = restore_accents(kb, query)
    text = restored or query
    dense = kb.embedder.query(text).tolist() if mode in ("hybrid", "dense") else None
    terms = sparse.encode_query(text) if mode in ("hybrid", "sparse") else None
    numbers = document_numbers(query)
    boost = Filters(mentions=numbers) if numbers else None
    # e5 was not trained on Vietnamese typed without diacritics: trust its vector less when they
    # could not be restored.
    dense_weight = settings.dense_weight if has_diacritics(text) else settings.dense_weight_unaccented
    hits = kb.store.search(dense, terms, limit, filters, prefetch=settings.prefetch_limit, rrf_k=settings.rrf_k,
                           boost=boost, weights=(dense_weight, 1.0), fusion=settings.fusion)
    return restored, hits


def hybrid_hits(kb: KnowledgeBase, query: str, limit: int, filters: Filters | None = None,
                mode: str = "hybrid") -> list[Hit]:
    return retrieve(kb, query, limit, filters, mode)[1]


def search(kb: KnowledgeBase, query: str, limit: int = 10, filters: Filters | None = None) -> SearchResult:
    query = normalise_query(query)
    if not 1 <= limit <= 100:
        raise InputError("limit must be between 1 and 100", code="bad_limit", vi="limit phải từ 1 đến 100.")
    restored, hits = retrieve(kb, query, limit, filters)
    return SearchResult(query=query, restored_query=restored, hits=[citation(h) for h in hits])
