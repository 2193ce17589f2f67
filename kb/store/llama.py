"""llama-index's vector store interface over our ``Store`` (no adapter exists for qdrant-edge).

The ingestion pipeline hands it nodes that carry their embedding and, in ``metadata["_sparse"]``,
their BM25 vector; ``add`` writes them as hybrid points. ``add`` receives all passages of the
documents it names and afterwards removes any other passage of those documents, so a document's
passages are exactly the last ones added, even after an interrupted run.
"""

from __future__ import annotations

from typing import Any

from llama_index.core.schema import BaseNode, TextNode
from llama_index.core.vector_stores.types import (
    BasePydanticVectorStore,
    VectorStoreQuery,
    VectorStoreQueryResult,
)
from pydantic import ConfigDict, PrivateAttr

from kb.sparse import Sparse
from kb.store.base import Filters, Point, Store


class KBVectorStore(BasePydanticVectorStore):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    stores_text: bool = True
    _store: Any = PrivateAttr()

    def __init__(self, store: Store, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._store = store

    @property
    def client(self) -> Store:
        return self._store

    def add(self, nodes: list[BaseNode], **add_kwargs: Any) -> list[str]:
        points, by_doc = [], {}
        for node in nodes:
            payload = {k: v for k, v in node.metadata.items() if k != "_sparse"}
            indices, values = node.metadata["_sparse"]
            payload["text"] = node.get_content()
            points.append(Point(node.node_id, list(node.get_embedding()), Sparse(indices, values), payload))
            by_doc.setdefault(payload["doc_id"], set()).add(node.node_id)
        self._store.upsert(points)
        for doc_id, keep in by_doc.items():
            self._store.delete_doc(doc_id, keep_ids=keep)
        return [p.id for p in points]

    def delete(self, ref_doc_id: str, **delete_kwargs: Any) -> None:
        self._store.delete_doc(ref_doc_id)

    def query(self, query: VectorStoreQuery, **kwargs: Any) -> VectorStoreQueryResult:
        """Dense search, for llama-index retrievers (our own search goes through ``kb.retrieve``)."""
        filters = Filters(doc_ids=list(query.doc_ids or []))
        hits = self._store.search(query.query_embedding, None, query.similarity_top_k, filters)
        nodes = [TextNode(id_=h.id, text=h.payload.get("text", ""),
                          metadata={k: v for k, v in h.payload.items() if k != "text"}) for h in hits]
        return VectorStoreQueryResult(nodes=nodes, similarities=[h.score for h in hits], ids=[h.id for h in hits])
