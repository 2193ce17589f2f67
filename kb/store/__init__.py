"""The store: one interface (``Store``), two backends, chosen by configuration in ``open_store``.

* no ``KB_QDRANT_URL``: ``EdgeStore``, Qdrant's engine embedded in ``{data_dir}/qdrant``;
* ``KB_QDRANT_URL=http://…``: ``ServerStore`` through qdrant-client (``:memory:`` runs it in-process).
"""

from __future__ import annotations

from kb.config import Settings
from kb.store.base import Filters, Hit, Point, Store

__all__ = ["Filters", "Hit", "Point", "Store", "open_store"]


def open_store(settings: Settings, dim: int = 384) -> Store:
    if settings.qdrant_url:
        from kb.store.server import ServerStore

        return ServerStore.connect(settings.qdrant_url, settings.qdrant_api_key, settings.collection, dim,
                                   layout=settings.collection_layout)
    from kb.store.edge import EdgeStore

    path = settings.data_dir / "qdrant"
    path.parent.mkdir(parents=True, exist_ok=True)
    return EdgeStore(path, dim, indexing_threshold_kb=settings.index_threshold_kb)
