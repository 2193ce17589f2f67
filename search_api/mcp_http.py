"""``/mcp``: the assistants' MCP server (``search_api.mcp_server``) over streamable HTTP, inside ``kb serve``.

It answers the keys the rest of the API answers, with the same roles: every tool reads, so a reader key (or
no key while ``KB_PUBLIC_READ`` is true) is enough, and a missing or wrong key is refused before the MCP
server sees the request, with a 401 in the one error shape. Stateless, one JSON answer per request: any
worker can answer any request, and nothing is kept between them.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from kb.config import Settings
from kb.errors import KBError
from search_api.deps import authorize
from search_api.errors import error_response
from search_api.mcp_server import KBServer, build_server

PATH = "/mcp"


class RequireKey:
    """An ASGI app that lets through only requests whose key has ``role`` (reading may be open)."""

    def __init__(self, app: ASGIApp, role: str = "reader") -> None:
        self.app, self.role = app, role

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            authorize(request, self.role)
        except KBError as exc:
            await error_response(request, exc)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def mount_mcp(app: FastAPI, settings: Settings) -> KBServer:
    """Add ``/mcp`` to ``app``; the caller's lifespan runs ``server.session_manager.run()``."""
    server = build_server(lambda: app.state.kb, settings)
    inner = server.streamable_http_app(streamable_http_path=PATH, stateless_http=True, json_response=True,
                                       host=settings.host)
    for route in inner.routes:
        if isinstance(route, Route) and route.path == PATH:
            app.router.routes.append(Route(PATH, endpoint=RequireKey(route.endpoint)))
    return server
