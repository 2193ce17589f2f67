"""The one store interface every backend implements, and the neutral types it speaks.

A passage is one point: a dense vector (``dense``, 384-d cosine), a sparse BM25 vector (``sparse``,
IDF applied by Qdrant) and a payload. Hybrid search is two prefetches fused by Qdrant with RRF.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from kb.sparse import Sparse

DENSE = "dense"
SPARSE = "sparse"

# Payload fields with an index, and their kind: what search filters and facets use.
KEYWORD_FIELDS = ("doc_id", "doc_type", "issuer", "source", "number", "numbers")
INTEGER_FIELDS = ("year", "seq")


@dataclass
class Point:
    id: str  # a UUID string, deterministic from (doc_id, content hash, position)
    dense: list[float]
    sparse: Sparse
    payload: dict[str, Any]


@dataclass
class Hit:
    id: str
    score: float
    payload: dict[str, Any]


@dataclass
class Filters:
    """Restrictions on which passages may match; every given field must hold (AND)."""

    doc_ids: list[str] = field(default_factory=list)
    doc_types: list[str] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    mentions: list[str] = field(default_factory=list)  # the document is, or the passage cites, one of these

    def is_empty(self) -> bool:
        return not (self.doc_ids or self.doc_types or self.issuers or self.numbers or self.mentions
                    or self.year_from is not None or self.year_to is not None)

    def narrowed(self, **changes) -> Filters:
        from dataclasses import replace

        return replace(self, **changes)


class Store(Protocol):
    """What the rest of the knowledge base may ask of a vector store."""

    def upsert(self, points: list[Point]) -> None: ...

    def delete_doc(self, doc_id: str, keep_ids: set[str] | None = None) -> None:
        """Remove the passages of ``doc_id``, except those in ``keep_ids`` (a new version's points)."""

    def search(self, dense: list[float] | None, sparse: Sparse | None, limit: int,
               filters: Filters | None = None, prefetch: int = 50, rrf_k: int = 60,
               boost: Filters | None = None, weights: tuple[float, float] = (1.0, 1.0),
               fusion: str = "rrf") -> list[Hit]:
        """Both vectors: the dense and sparse prefetches fused by Qdrant, ``fusion="rrf"`` (weighted by
        ``weights``) or ``"dbsf"`` (distribution-based score fusion; no weights).
        ``boost``: a third prefetch, the sparse query among the passages matching it (e.g. those
        citing a document number the question names). One vector alone: that search alone."""

    def count(self, filters: Filters | None = None) -> int: ...

    def optimize(self) -> bool:
        """Build the search indexes recent writes need (blocking); True if there was work. A Qdrant
        server does this in the background by itself."""

    def unindexed(self) -> int | None:
        """Passages searched by exact scan until their segment is indexed (None: the backend does not say)."""

    def scroll(self, filters: Filters | None = None) -> Iterator[Hit]:
        """Every passage (payload only), in id order."""

    def export(self, filters: Filters | None = None) -> Iterator[Point]:
        """Every passage with its vectors, ready to ``upsert`` elsewhere (backup, migration)."""

    def facet(self, key: str, filters: Filters | None = None, limit: int = 100) -> dict[Any, int]: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...
