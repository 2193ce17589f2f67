"""Hybrid retrieval: the question's e5 vector and its BM25 terms, fused by Qdrant with RRF."""

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
        raise InputError("the query is empty", code="empty_query")
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(f"the query is longer than {MAX_QUERY_CHARS} characters", code="query_too_long")
    return query


def citation(hit: Hit) -> Citation:
    p = hit.payload
    return Citation(doc_id=p["doc_id"], source=p["source"], number=p.get("number"), doc_type=p.get("doc_type"),
                    title=p.get("title"), section=p.get("section") or "", page=p.get("page"),
                    quote=p["text"], start=p["start"], end=p["end"], score=round(hit.score, 6))


def hybrid_hits(kb: KnowledgeBase, query: str, limit: int, filters: Filters | None = None,
                mode: str = "hybrid") -> list[Hit]:
    """``mode``: ``hybrid`` (default), ``dense`` or ``sparse`` (the last two for evaluation)."""
    settings = kb.settings
    dense = kb.embedder.query(query).tolist() if mode in ("hybrid", "dense") else None
    terms = sparse.encode_query(query) if mode in ("hybrid", "sparse") else None
    numbers = document_numbers(query)
    boost = Filters(mentions=numbers) if numbers else None
    # e5 was not trained on Vietnamese typed without diacritics: trust its vector less then.
    dense_weight = settings.dense_weight if has_diacritics(query) else settings.dense_weight_unaccented
    return kb.store.search(dense, terms, limit, filters, prefetch=settings.prefetch_limit, rrf_k=settings.rrf_k,
                           boost=boost, weights=(dense_weight, 1.0), fusion=settings.fusion)


def search(kb: KnowledgeBase, query: str, limit: int = 10, filters: Filters | None = None) -> SearchResult:
    query = normalise_query(query)
    if not 1 <= limit <= 100:
        raise InputError("limit must be between 1 and 100", code="bad_limit")
    hits = hybrid_hits(kb, query, limit, filters)
    return SearchResult(query=query, hits=[citation(h) for h in hits])
