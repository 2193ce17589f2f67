"""The bench's figures as typed records (``eval.bench``, ``eval.bench_live``, ``eval.bench_large``).

Latencies are kept per store size and engine as ``SizeLatency`` records, not under keys built from
strings; ``Figures.flat`` writes them out under the keys ``eval/results/bench.json`` has always had
(``search_p95_ms["100000"]``, ``ask_p50_ms_qdrant_local`` …), which the README and earlier runs read,
and adds the figures of issue #13 (``small_files_per_s``, ``cached_ingest_passages_per_s``,
``search_p95_during_ingest_ms``) beside them.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, Field

PERCENTILES = (50, 95, 99)


def percentile(values: list[float], p: float) -> float | None:
    """The p-th percentile with linear interpolation between closest ranks (numpy's default), 2 decimals."""
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo = math.floor(k)
    hi = min(lo + 1, len(ordered) - 1)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo), 2)


class Latency(BaseModel):
    """Milliseconds over ``n`` samples."""

    p50: float | None = None
    p95: float | None = None
    p99: float | None = None
    n: int = 0

    @classmethod
    def of(cls, samples: list[float]) -> Latency:
        return cls(p50=percentile(samples, 50), p95=percentile(samples, 95), p99=percentile(samples, 99),
                   n=len(samples))

    def at(self, p: int) -> float | None:
        return {50: self.p50, 95: self.p95, 99: self.p99}[p]


class SizeLatency(BaseModel):
    """Search and ask at one store size on one engine, through the product's ``KnowledgeBase``."""

    search: Latency
    ask: Latency
    search_cpu: Latency | None = None  # CPU time of this process per search


class SmallFiles(BaseModel):
    """``kb ingest`` of many small files into a fresh data folder whose embedding cache holds every vector
    (``eval.small_files``): what a file costs beyond its embedding."""

    files: int
    added: int
    failed: int
    passages: int
    cache_hits: int
    cache_misses: int
    seconds: float
    files_per_s: float
    passages_per_s: float


class DuringIngest(BaseModel):
    """Search and ask over HTTP on one ``kb serve`` while it ingests uploads (``eval.bench_live``), and
    the same requests on the same server idle just before."""

    passages: int  # in the store before the uploads
    idle_search: Latency
    idle_ask: Latency
    search: Latency
    ask: Latency
    uploads_sent: int
    uploads_done: int  # ingested (201, or a 202 whose job ended "done") by the end
    upload_passages: int  # passages those uploads added
    errors: list[str] = Field(default_factory=list)


class Figures(BaseModel):
    """What ``flat`` turns into ``bench.json``'s keys."""

    edge: dict[str, SizeLatency] = Field(default_factory=dict)  # key: passages ("10000", "1546-corpus" …)
    qdrant_local: dict[str, SizeLatency] = Field(default_factory=dict)
    small_files: SmallFiles | None = None
    during_ingest: DuringIngest | None = None

    def flat(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for suffix, sizes in (("", self.edge), ("_qdrant_local", self.qdrant_local)):
            for what in ("search", "ask"):
                for p in PERCENTILES:
                    out[f"{what}_p{p}_ms{suffix}"] = {k: getattr(v, what).at(p) for k, v in sizes.items()}
            out["samples" + suffix] = {k: v.search.n for k, v in sizes.items()}
            cpu = {k: v.search_cpu.model_dump() for k, v in sizes.items() if v.search_cpu}
            if cpu:
                out["search_cpu_ms" + suffix] = cpu
        if self.small_files:
            out["small_files"] = self.small_files.model_dump()
            out["small_files_per_s"] = self.small_files.files_per_s
            out["cached_ingest_passages_per_s"] = self.small_files.passages_per_s
        if self.during_ingest:
            out["during_ingest"] = self.during_ingest.model_dump()
            out["search_p95_during_ingest_ms"] = self.during_ingest.search.p95
            out["ask_p95_during_ingest_ms"] = self.during_ingest.ask.p95
        return out
