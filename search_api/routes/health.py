from __future__ import annotations

from fastapi import APIRouter

from kb import __version__
from kb.check import readiness
from search_api.deps import JobsDep, KBDep
from search_api.jobs import worker_dead

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness")
async def healthz() -> dict:
    """Answered on the event loop: it never waits for a server thread, a lock or the store."""
    return {"status": "ok", "version": __version__}


@router.get("/readyz", summary="Readiness: the store answers and agrees with the catalog, the upload worker runs, "
                              "the disk has room (else 503, error shape)")
def readyz(kb: KBDep, jobs: JobsDep) -> dict:
    """503 when the upload worker has stopped or is being restarted (uploads would wait or never be ingested).
    ``unindexed_passages``: passages found by exact scan until the embedded store indexes them after
    the next upload burst (null with a Qdrant server, which indexes in the background)."""
    if not jobs.ready:
        raise worker_dead()
    readiness(kb)  # 503 when the disk is nearly full or the store and catalog disagree
    return {"status": "ready", "passages": kb.store.count(), "documents": len(kb.documents()),
            "unindexed_passages": kb.store.unindexed()}
