"""A Qdrant server or cluster through qdrant-client (``KB_QDRANT_URL``).

Tests run this same code against ``QdrantClient(":memory:")``, the client's in-process mode.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Iterator
from typing import Any

from qdrant_client import QdrantClient
from qdrant_client import models as m
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from kb.errors import Unavailable
from kb.sparse import Sparse
from kb.store.base import DENSE, INTEGER_FIELDS, KEYWORD_FIELDS, SPARSE, Filters, Hit, Point


def _filter(filters: Filters | None) -> m.Filter | None:
    if filters is None or filters.is_empty():
        return None
    must: list[Any] = []
    for key, values in (("doc_id", filters.doc_ids), ("doc_type", filters.doc_types),
                        ("issuer", filters.issuers), ("numbers", filters.numbers)):
        if values:
            must.append(m.FieldCondition(key=key, match=m.MatchAny(any=list(values))))
    if filters.mentions:
        must.append(m.Filter(should=[m.FieldCondition(key=key, match=m.MatchAny(any=list(filters.mentions)))
                                    for key in ("number", "numbers")]))
    if filters.year_from is not None or filters.year_to is not None:
        must.append(m.FieldCondition(key="year", range=m.Range(gte=filters.year_from, lte=filters.year_to)))
    return m.Filter(must=must)


def _sparse(vector: Sparse) -> m.SparseVector:
    return m.SparseVector(indices=vector.indices, values=vector.values)


_DOWN = (ResponseHandlingException, UnexpectedResponse, OSError)


def _reachable(method: Callable[..., Any]) -> Callable[..., Any]:
    """A call that cannot reach the server raises ``Unavailable`` (HTTP 503), not a stack trace."""

    @functools.wraps(method)
    def call(self: ServerStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except _DOWN as exc:
            raise Unavailable("the Qdrant server cannot be reached",
                              vi="Không kết nối được tới máy chủ Qdrant; vui lòng thử lại sau.") from exc

    return call


class ServerStore:
    """``layout``: how a missing collection is spread over a cluster (``shard_number``,
    ``replication_factor``, ``write_consistency_factor``; ``Settings.collection_layout``). An existing
    collection is used as it is."""

    def __init__(self, client: QdrantClient, collection: str, dim: int, layout: dict[str, int] | None = None) -> None:
        self.client = client
        self.collection = collection
        self.dim = dim
        self.layout = dict(layout or {})
        _reachable(ServerStore._ensure_collection)(self)

    @classmethod
    def connect(cls, url: str, api_key: str | None, collection: str, dim: int,
                layout: dict[str, int] | None = None) -> ServerStore:
        client = QdrantClient(location=url, api_key=api_key) if url == ":memory:" else \
            QdrantClient(url=url, api_key=api_key, timeout=30, check_compatibility=False)  # compose pins the server
        return cls(client, collection, dim, layout)

    def _ensure_collection(self) -> None:
        if not self.client.collection_exists(self.collection):
            self.client.create_collection(
                self.collection,
                vectors_config={DENSE: m.VectorParams(size=self.dim, distance=m.Distance.COSINE)},
                sparse_vectors_config={SPARSE: m.SparseVectorParams(modifier=m.Modifier.IDF)},
                **self.layout,
            )
        with warnings.catch_warnings():
            # The in-process client ignores payload indexes and says so; a server builds them.
            warnings.filterwarnings("ignore", message="Payload indexes have no effect")
            for name in KEYWORD_FIELDS:
                self.client.create_payload_index(self.collection, name, m.PayloadSchemaType.KEYWORD)
            for name in INTEGER_FIELDS:
                self.client.create_payload_index(self.collection, name, m.PayloadSchemaType.INTEGER)

    @_reachable
    def upsert(self, points: list[Point]) -> None:
        for start in range(0, len(points), 256):
            batch = [m.PointStruct(id=p.id, vector={DENSE: list(map(float, p.dense)), SPARSE: _sparse(p.sparse)},
                                   payload=p.payload) for p in points[start:start + 256]]
            self.client.upsert(self.collection, points=batch, wait=True)

    @_reachable
    def delete_doc(self, doc_id: str, keep_ids: set[str] | None = None) -> None:
        must_not: list[Any] | None = [m.HasIdCondition(has_id=list(keep_ids))] if keep_ids else None
        flt = m.Filter(must=[m.FieldCondition(key="doc_id", match=m.MatchValue(value=doc_id))], must_not=must_not)
        self.client.delete(self.collection, points_selector=m.FilterSelector(filter=flt), wait=True)

    @_reachable
    def search(self, dense: list[float] | None, sparse: Sparse | None, limit: int,
               filters: Filters | None = None, prefetch: int = 50, rrf_k: int = 60,
               boost: Filters | None = None, weights: tuple[float, float] = (1.0, 1.0),
               fusion: str = "rrf") -> list[Hit]:
        flt = _filter(filters)
        has_sparse = sparse is not None and bool(sparse.indices)
        stages: list[tuple[Any, str, Any, float]] = []  # (query, vector name, filter, weight)
        if dense is not None:
            stages.append((list(map(float, dense)), DENSE, flt, weights[0]))
        if has_sparse:
            stages.append((_sparse(sparse), SPARSE, flt, weights[1]))
            if boost is not None and not boost.is_empty():
                merged = (filters or Filters()).narrowed(mentions=boost.mentions)
                stages.append((_sparse(sparse), SPARSE, _filter(merged), weights[1]))
        if not stages:
            return []
        if len(stages) == 1:
            vector, using, _, _ = stages[0]
            result = self.client.query_points(self.collection, query=vector, using=using, limit=limit,
                                              query_filter=flt, with_payload=True)
        else:
            result = self.client.query_points(
                self.collection, limit=limit, with_payload=True,
                query=m.FusionQuery(fusion=m.Fusion.DBSF) if fusion == "dbsf"
                else m.RrfQuery(rrf=m.Rrf(k=rrf_k, weights=[w for *_, w in stages])),
                prefetch=[m.Prefetch(query=v, using=u, limit=max(prefetch, limit), filter=f) for v, u, f, _ in stages])
        return [Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in result.points]

    @_reachable
    def count(self, filters: Filters | None = None) -> int:
        return int(self.client.count(self.collection, count_filter=_filter(filters), exact=True).count)

    def scroll(self, filters: Filters | None = None) -> Iterator[Hit]:
        for record in self._records(filters, with_vectors=False):
            yield Hit(str(record.id), 0.0, dict(record.payload or {}))

    def export(self, filters: Filters | None = None) -> Iterator[Point]:
        for record in self._records(filters, with_vectors=True):
            vectors = record.vector
            sparse = vectors[SPARSE]
            yield Point(str(record.id), list(vectors[DENSE]), Sparse(list(sparse.indices), list(sparse.values)),
                        dict(record.payload or {}))

    def _records(self, filters: Filters | None, with_vectors: bool) -> Iterator[Any]:
        offset = None
        while True:
            records, offset = self._page(filters, with_vectors, offset)
            yield from records
            if offset is None:
                return

    @_reachable
    def _page(self, filters: Filters | None, with_vectors: bool, offset: Any) -> tuple[list[Any], Any]:
        return self.client.scroll(self.collection, scroll_filter=_filter(filters), limit=256, offset=offset,
                                  with_payload=True, with_vectors=with_vectors)

    @_reachable
    def facet(self, key: str, filters: Filters | None = None, limit: int = 100) -> dict[Any, int]:
        response = self.client.facet(self.collection, key=key, facet_filter=_filter(filters), limit=limit, exact=True)
        return {hit.value: hit.count for hit in response.hits}

    def optimize(self) -> bool:
        """A server's optimizer indexes in the background: nothing to do."""
        return False

    def unindexed(self) -> int | None:
        return None

    def flush(self) -> None:
        """A server persists on its own."""

    def close(self) -> None:
        self.client.close()
