"""Prometheus metrics at ``/metrics``: requests by route and status, latency, documents, passages, jobs.

Written by hand in the text exposition format (a few counters need no client library).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from fastapi import FastAPI, Request, Response

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


def install(app: FastAPI) -> None:
    metrics = Metrics()

    @app.middleware("http")
    async def measure(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        matched = request.scope.get("route")  # set by the router for the route that answered
        route = getattr(matched, "path", None) or "unmatched"
        if request.url.path.startswith("/v1/") and not route.startswith("/v1"):
            route = "/v1" + route  # a route of the /v1 routers: its template, never its ids
        metrics.observe(request.method, route, response.status_code, time.perf_counter() - started)
        return response

    @app.get("/metrics", include_in_schema=False)
    def render(request: Request) -> Response:
        authorize(request, "reader")  # closed with the rest of reading (KB_PUBLIC_READ=false)
        kb = request.app.state.kb
        gauges = {"kb_documents": len(kb.catalog.records()), "kb_passages": kb.store.count()}
        gauges.update({f'kb_jobs{{status="{s}"}}': n for s, n in request.app.state.jobs.counts().items()})
        return Response(metrics.render(gauges), media_type="text/plain; version=0.0.4")
