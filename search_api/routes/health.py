from __future__ import annotations

from fastapi import APIRouter

from kb import __version__
from search_api.deps import KBDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness")
def healthz() -> dict:
    return {"status": "ok", "version": __version__}


@router.get("/readyz", summary="Readiness: the store answers (503 in the error shape when it does not)")
def readyz(kb: KBDep) -> dict:
    """``unindexed_passages``: passages found by exact scan until the embedded store indexes them after
    the next upload burst (null with a Qdrant server, which indexes in the background)."""
    return {"status": "ready", "passages": kb.store.count(), "documents": len(kb.documents()),
            "unindexed_passages": kb.store.unindexed()}
