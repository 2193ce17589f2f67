"""The FastAPI application: ``/v1`` JSON API, the web page at ``/``, OpenAPI at ``/docs``."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from kb import __version__
from kb.config import Settings, get_settings
from kb.service import KnowledgeBase
from search_api import errors, metrics
from search_api.auth import Authenticator
from search_api.jobs import JobQueue
from search_api.protocol import RequestHygiene
from search_api.routes import documents, facts, health, search

WEB = Path(__file__).parent / "web"


def create_app(settings: Settings | None = None, kb: KnowledgeBase | None = None) -> FastAPI:
    settings = settings or get_settings()
    auth = Authenticator(settings)  # refuses placeholder keys outside development

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.kb = kb or KnowledgeBase(settings)
        if not settings.qdrant_url:
            app.state.kb.store.count()  # open it now: a locked data folder fails at start, not on first query
            app.state.kb.optimize()  # index what a folder filled elsewhere (e.g. an older version) left to scan
        # A Qdrant server may be down at start: requests answer 503 until it is reachable again.
        app.state.jobs = JobQueue(app.state.kb)
        yield
        app.state.jobs.stop()
        if kb is None:
            app.state.kb.close()

    app = FastAPI(title="Tra cứu văn bản chính sách — API", version=__version__, lifespan=lifespan,
                  description="Hybrid search and cited answers over Vietnamese government plans and policies. "
                              "Errors: `{\"error\": {\"code\", \"message\"}}`.")
    app.state.auth = auth
    errors.install(app)
    metrics.install(app)
    app.add_middleware(RequestHygiene)
    for router in (health.router, search.router, documents.router, facts.router):
        app.include_router(router, prefix="/v1", responses=errors.ERROR_RESPONSES)
    if WEB.exists():
        app.mount("/static", StaticFiles(directory=WEB), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html")

    return app
