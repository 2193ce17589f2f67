"""Prometheus metrics at ``/metrics``: requests by route and status, latency, documents, passages, jobs.

Written by hand in the text exposition format (a few counters need no client library).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from fastapi import FastAPI, Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search_api.deps import authorize

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.latency: dict[str, list[float]] = defaultdict(lambda: [0.0] * (len(BUCKETS) + 2))  # buckets, sum, count

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(method, route, status)] += 1
            row = self.latency[route]
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    row[i] += 1
            row[-2] += seconds
            row[-1] += 1

    def render(self, gauges: dict[str, float]) -> str:
        lines = ["# TYPE kb_requests_total counter"]
        with self._lock:
            for (method, route, status), n in sorted(self.requests.items()):
                lines.append(f'kb_requests_total{{method="{method}",route="{route}",status="{status}"}} {n}')
            lines.append("# TYPE kb_request_seconds histogram")
            for route, row in sorted(self.latency.items()):
                for bound, n in zip(BUCKETS, row, strict=False):
                    lines.append(f'kb_request_seconds_bucket{{route="{route}",le="{bound}"}} {n:g}')
                lines.append(f'kb_request_seconds_bucket{{route="{route}",le="+Inf"}} {row[-1]:g}')
                lines.append(f'kb_request_seconds_sum{{route="{route}"}} {row[-2]:.6f}')
                lines.append(f'kb_request_seconds_count{{route="{route}"}} {row[-1]:g}')
        for name, value in gauges.items():
            lines += [f"# TYPE {name.split('{')[0]} gauge", f"{name} {value:g}"]
        return "\n".join(lines) + "\n"


class Measured:
    """ASGI middleware timing each request into ``metrics``: a plain one, not ``@app.middleware("http")``, whose
    task group and body stream per request cost the event loop several steps (and GIL hand-overs) each."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status = time.perf_counter(), [500]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            self.metrics.observe(scope["method"], _route(scope), status[0], time.perf_counter() - started)


def _route(scope: Scope) -> str:
    """The template of the route that answered (set by the router), never its ids."""
    route = getattr(scope.get("route"), "path", None) or "unmatched"
    if scope["path"].startswith("/v1/") and not route.startswith("/v1"):
        route = "/v1" + route  # a route of the /v1 routers
    return route


def install(app: FastAPI) -> None:
    metrics = Metrics()
    app.add_middleware(Measured, metrics=metrics)

    @app.get("/metrics", include_in_schema=False)
    def render(request: Request) -> Response:
        authorize(request, "reader")  # closed with the rest of reading (KB_PUBLIC_READ=false)
        kb = request.app.state.kb
        gauges = {"kb_documents": len(kb.catalog.records()), "kb_passages": kb.store.count()}
        gauges.update({f'kb_jobs{{status="{s}"}}': n for s, n in request.app.state.jobs.counts().items()})
        return Response(metrics.render(gauges), media_type="text/plain; version=0.0.4")
