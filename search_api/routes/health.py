from __future__ import annotations

from fastapi import APIRouter, Request

from kb import __version__
from kb.check import readiness
from kb.errors import AuthError, Forbidden
from search_api.deps import JobsDep, KBDep, authorize
from search_api.jobs import worker_dead

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness")
async def healthz() -> dict:
    """Answered on the event loop: it never waits for a server thread, a lock or the store."""
    return {"status": "ok", "version": __version__}


@router.get("/readyz", summary="Readiness: the store answers and agrees with the catalog, the upload worker runs, "
                              "the disk has room (else 503, error shape)")
def readyz(request: Request, kb: KBDep, jobs: JobsDep) -> dict:
    """503 when the upload worker has stopped or is being restarted (uploads would wait or never be ingested).
    ``unindexed_passages``: passages found by exact scan until the embedded store indexes them after
    the next upload burst (null with a Qdrant server, which indexes in the background). With reading
    closed (``KB_PUBLIC_READ=false``) a caller without a reader key gets the status alone, no counts."""
    if not jobs.ready:
        raise worker_dead()
    readiness(kb)  # 503 when the disk is nearly full or the store and catalog disagree
    try:
        authorize(request, "reader")
    except (AuthError, Forbidden):  # a probe without a key still learns whether the server is ready
        return {"status": "ready"}
    return {"status": "ready", "passages": kb.store.count(), "documents": len(kb.catalog.records()),
            "unindexed_passages": kb.store.unindexed()}
