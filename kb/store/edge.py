"""The embedded default: Qdrant's own engine in-process (qdrant-edge-py), one shard in a folder.

One process owns a folder (Qdrant's WAL lock); a second opener gets ``Conflict``.

Writes land in an appendable segment searched by exact scan. Unlike a Qdrant server, the embedded
engine builds HNSW indexes only when asked: ``optimize()`` (called by the knowledge base after each
ingest batch) indexes every segment past Qdrant's indexing threshold (10 MB of vectors, ~6,500
passages, by default). At 100k passages that takes dense search from ~19 ms to ~3 ms. With up to
``SEGMENTS`` segments the optimizer indexes a new segment on its own (seconds) instead of merging it
into an indexed one and rebuilding that (a minute and more at 100k).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import qdrant_edge as q

from kb.errors import Conflict, DataDamaged
from kb.sparse import Sparse
from kb.store.base import DENSE, INTEGER_FIELDS, KEYWORD_FIELDS, SPARSE, Filters, Hit, Point


def _filter(filters: Filters | None) -> q.Filter | None:
    if filters is None or filters.is_empty():
        return None
    must: list[Any] = []
    for key, values in (("doc_id", filters.doc_ids), ("doc_type", filters.doc_types),
                        ("issuer", filters.issuers), ("numbers", filters.numbers)):
        if values:
            must.append(q.FieldCondition(key=key, match=q.MatchAny(list(values))))
    if filters.mentions:
        must.append(q.Filter(should=[q.FieldCondition(key=key, match=q.MatchAny(list(filters.mentions)))
                                    for key in ("number", "numbers")]))
    if filters.year_from is not None or filters.year_to is not None:
        must.append(q.FieldCondition(key="year", range=q.RangeFloat(
            gte=None if filters.year_from is None else float(filters.year_from),
            lte=None if filters.year_to is None else float(filters.year_to))))
    return q.Filter(must=must)


def _sparse(vector: Sparse) -> q.SparseVector:
    return q.SparseVector(indices=vector.indices, values=vector.values)


SEGMENTS = 8


class EdgeStore:
    def __init__(self, path: Path, dim: int, indexing_threshold_kb: int | None = None) -> None:
        """``indexing_threshold_kb``: segments with more vectors than this get an HNSW index at the
        next ``optimize()`` (None: Qdrant's default, or what the folder was given before)."""
        self.path = path
        self.dim = dim
        config = q.EdgeConfig(
            vectors={DENSE: q.EdgeVectorParams(size=dim, distance=q.Distance.Cosine)},
            sparse_vectors={SPARSE: q.EdgeSparseVectorParams(modifier=q.Modifier.Idf)},
            optimizers=q.EdgeOptimizersConfig(default_segment_number=SEGMENTS,
                                              indexing_threshold=indexing_threshold_kb),
        )
        try:
            if (path / "edge_config.json").exists():
                self._shard = q.EdgeShard.load(str(path), config)
            else:
                self._shard = q.EdgeShard.create(str(path), config)
        except Exception as exc:  # the engine raises plain Exception with a message
            if "WouldBlock" in str(exc):  # the WAL's lock
                raise Conflict(f"the data folder {path} is in use by another kb process") from exc
            raise DataDamaged(f"the store in {path} cannot be opened: {str(exc)[:300]}") from exc
        existing = set(self._shard.info().payload_schema)
        for name in KEYWORD_FIELDS:
            if name not in existing:
                self._shard.update(q.UpdateOperation.create_field_index(name, q.PayloadSchemaType.Keyword))
        for name in INTEGER_FIELDS:
            if name not in existing:
                self._shard.update(q.UpdateOperation.create_field_index(name, q.PayloadSchemaType.Integer))

    def upsert(self, points: list[Point]) -> None:
        for start in range(0, len(points), 256):
            batch = [q.Point(id=p.id, vector={DENSE: list(map(float, p.dense)), SPARSE: _sparse(p.sparse)},
                             payload=p.payload) for p in points[start:start + 256]]
            self._shard.update(q.UpdateOperation.upsert_points(batch))

    def delete_doc(self, doc_id: str, keep_ids: set[str] | None = None) -> None:
        must_not = [q.HasIdCondition({uuid.UUID(i) for i in keep_ids})] if keep_ids else None
        flt = q.Filter(must=[q.FieldCondition(key="doc_id", match=q.MatchValue(doc_id))], must_not=must_not)
        self._shard.update(q.UpdateOperation.delete_points_by_filter(flt))

    def search(self, dense: list[float] | None, sparse: Sparse | None, limit: int,
               filters: Filters | None = None, prefetch: int = 50, rrf_k: int = 60,
               boost: Filters | None = None, weights: tuple[float, float] = (1.0, 1.0),
               fusion: str = "rrf") -> list[Hit]:
        flt = _filter(filters)
        has_sparse = sparse is not None and bool(sparse.indices)
        stages: list[tuple[Any, Any, float]] = []  # (query, filter, weight)
        if dense is not None:
            stages.append((q.Query.Nearest(list(map(float, dense)), using=DENSE), flt, weights[0]))
        if has_sparse:
            stages.append((q.Query.Nearest(_sparse(sparse), using=SPARSE), flt, weights[1]))
            if boost is not None and not boost.is_empty():
                merged = (filters or Filters()).narrowed(mentions=boost.mentions)
                stages.append((q.Query.Nearest(_sparse(sparse), using=SPARSE), _filter(merged), weights[1]))
        if not stages:
            return []
        if len(stages) == 1:
            request = q.QueryRequest(limit=limit, query=stages[0][0], filter=flt, with_payload=True)
        else:
            fused = q.Fusion.Dbsf() if fusion == "dbsf" else q.Fusion.Rrf(k=rrf_k, weights=[w for *_, w in stages])
            request = q.QueryRequest(
                limit=limit, with_payload=True, query=fused,
                prefetches=[q.Prefetch(limit=max(prefetch, limit), query=qq, filter=f) for qq, f, _ in stages])
        return [Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in self._shard.query(request)]

    def count(self, filters: Filters | None = None) -> int:
        return int(self._shard.count(q.CountRequest(exact=True, filter=_filter(filters))))

    def optimize(self) -> bool:
        """Build the indexes the writes since the last call need; True if there was work. Blocking,
        and qdrant-edge-py holds the GIL meanwhile: the process's other threads wait."""
        return bool(self._shard.optimize())

    def unindexed(self) -> int:
        """Passages whose dense vector is found by exact scan (no HNSW index covers it yet)."""
        info = self._shard.info()
        # Every point has one dense and one sparse vector; sparse vectors are always indexed.
        return max(0, 2 * info.points_count - info.indexed_vectors_count)

    def scroll(self, filters: Filters | None = None) -> Iterator[Hit]:
        for record in self._records(filters, with_vector=False):
            yield Hit(str(record.id), 0.0, dict(record.payload or {}))

    def export(self, filters: Filters | None = None) -> Iterator[Point]:
        for record in self._records(filters, with_vector=True):
            vectors = record.vector
            sparse = vectors[SPARSE]
            yield Point(str(record.id), list(vectors[DENSE]), Sparse(list(sparse.indices), list(sparse.values)),
                        dict(record.payload or {}))

    def _records(self, filters: Filters | None, with_vector: bool) -> Iterator[Any]:
        offset = None
        while True:
            records, offset = self._shard.scroll(q.ScrollRequest(
                offset=offset, limit=256, filter=_filter(filters), with_payload=True, with_vector=with_vector))
            yield from records
            if offset is None:
                return

    def facet(self, key: str, filters: Filters | None = None, limit: int = 100) -> dict[Any, int]:
        response = self._shard.facet(q.FacetRequest(key=key, limit=limit, exact=True, filter=_filter(filters)))
        return {hit.value: hit.count for hit in response.hits}

    def flush(self) -> None:
        self._shard.flush()

    def close(self) -> None:
        if self._shard is not None:
            self._shard.flush()
            self._shard.close()
            self._shard = None
