"""The FastAPI application: ``/v1`` JSON API, the web page at ``/``, OpenAPI at ``/docs``, the assistants' MCP
server at ``/mcp`` and Dify's External Knowledge API at ``/v1/retrieval``.

Everything a browser loads comes from this process: the page and its icon from ``web/``, Swagger UI's
scripts and styles from the ``swagger-ui-bundle-v2`` package (government networks are often closed to
the CDN FastAPI would use).
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from ingest.pipeline import reindex
from kb import __version__
from kb.check import CheckReport, check
from kb.config import Settings, get_settings
from kb.disk import require_room
from kb.errors import DataDamaged
from kb.service import KnowledgeBase
from search_api import errors, metrics
from search_api.auth import Authenticator
from search_api.jobs import JobQueue
from search_api.jobs_db import DurableJobQueue
from search_api.mcp_http import mount_mcp
from search_api.protocol import RequestHygiene
from search_api.routes import admin, dify, documents, edits, facts, health, me, search

log = logging.getLogger("kb")
WEB = Path(__file__).parent / "web"
SWAGGER_ASSETS = "/docs-assets"


def create_app(settings: Settings | None = None, kb: KnowledgeBase | None = None) -> FastAPI:
    settings = settings or get_settings()
    auth = Authenticator(settings)  # refuses placeholder keys outside development

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.kb = kb or KnowledgeBase(settings)
        if not settings.qdrant_url:
            app.state.kb.store.count()  # open it now: a locked data folder fails at start, not on first query
            if kb is None:  # `kb serve` verifies the knowledge base it passes before it starts uvicorn
                verify(app.state.kb)
            app.state.kb.optimize()  # index what a folder filled elsewhere (e.g. an older version) left to scan
        # A Qdrant server may be down at start: requests answer 503 until it is reachable again.
        app.state.jobs = DurableJobQueue(app.state.kb) if settings.database_url else \
            JobQueue(app.state.kb, in_process=settings.upload_worker == "thread")
        async with assistants.session_manager.run():
            yield
        app.state.jobs.stop()
        if kb is None:
            app.state.kb.close()

    app = FastAPI(title="Tra cứu văn bản chính sách — API", version=__version__, lifespan=lifespan, docs_url=None,
                  description="Hybrid search and cited answers over Vietnamese government plans and policies. "
                              "Errors: `{\"error\": {\"code\", \"message\"}}`.")
    app.state.auth = auth
    errors.install(app)
    metrics.install(app)
    app.add_middleware(RequestHygiene)
    for router in (health.router, search.router, documents.router, edits.router, facts.router, me.router,
                   admin.router):
        app.include_router(router, prefix="/v1", responses=errors.ERROR_RESPONSES)
    app.include_router(dify.router, prefix="/v1")  # Dify appends /retrieval to the endpoint it is given
    app.include_router(dify.router, include_in_schema=False)  # … so http://host:8000 works as well
    assistants = mount_mcp(app, settings)
    if WEB.exists():
        app.mount("/static", StaticFiles(directory=WEB), name="static")
    _add_pages(app)
    return app


def verify(kb: KnowledgeBase) -> CheckReport:
    """The check at start (``kb.check``): drift is repaired (a document re-indexed from its stored
    text, orphan passages and originals dropped) and logged; a damaged data folder raises
    ``DataDamaged``: the server does not start over data it cannot read."""
    require_room(kb.settings)  # the store, opened on a full disk, would kill the process (kb.disk)
    report = check(kb, lambda doc_id: reindex(kb, doc_id))
    if report.damaged:
        raise DataDamaged("the data folder is damaged: " + "; ".join(p.detail for p in report.damaged)
                          + ". Run 'kb check' and restore a backup")
    for problem in report.problems:
        log.warning("at start: %s: %s%s", problem.kind, problem.detail,
                    f" → {problem.action}" if problem.action else "")
    return report


def _add_pages(app: FastAPI) -> None:
    """The web page, its icon and the OpenAPI page, none of them in the OpenAPI description."""
    app.mount(SWAGGER_ASSETS, StaticFiles(directory=swagger_ui_path), name="swagger-ui")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(WEB / "favicon.ico", media_type="image/x-icon")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} — OpenAPI",
                                   swagger_js_url=f"{SWAGGER_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{SWAGGER_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url="/favicon.ico")
