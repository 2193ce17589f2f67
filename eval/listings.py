"""Listing latency over ~100k task and target records (issue #17, "≤ 50 ms p95 from PostgreSQL"), on both
catalog backends:

    python -m eval.listings [--data-dir data] [--records 100000] [--database-url postgresql://…]

The records are an ingested data folder's (``--data-dir``: its documents' records and their task and
target records), copied under new document ids until there are ``--records`` task and target records
(about 55 copies of the corpus's 37 documents: ~2,000 documents, with no text or passages). Each listing
of ``LISTINGS`` is timed ``CALLS`` times after one warm-up call, two ways:

* ``catalog``: the call the route makes into the catalog (``Catalog.page_facts`` for tasks and targets,
  ``KnowledgeBase.document_page`` for documents), in this process;
* ``http``: ``GET`` on a real ``kb serve`` over the same catalog (validation, typing, JSON, loopback).

PostgreSQL: ``--database-url`` (an empty database), else ``KB_DATABASE_URL``, else a throwaway cluster
started as the tests start theirs (``tests/postgres.py``), else not measured. ``eval.bench`` calls
``measure``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from eval.bench_results import percentile
from kb.catalog import FACTS, RECORDS, Catalog
from kb.config import Settings
from kb.facts import FactFilter

CALLS = 30
PAGE = 100
LISTINGS: dict[str, tuple[str, dict[str, Any]]] = {  # name: route, query
    "tasks": ("/v1/tasks", {}),
    "tasks_from_5000": ("/v1/tasks", {"offset": 5000}),
    "tasks_of_a_body": ("/v1/tasks", {"body": "Bộ Công an"}),
    "tasks_of_a_body_any_role": ("/v1/tasks", {"body": "Bộ Tài chính", "role": "any"}),
    "tasks_due_in_a_half_year": ("/v1/tasks", {"due_after": "2025-07-01", "due_before": "2026-01-01"}),
    "targets": ("/v1/targets", {}),
    "targets_of_a_body_by_2030": ("/v1/targets", {"body": "Bộ Khoa học và Công nghệ", "horizon_year": 2030}),
    "documents": ("/v1/documents", {}),
    "documents_of_a_year_newest_first": ("/v1/documents", {"year": 2025, "sort": "-issued"}),
}


def fact_call(route: str, query: dict[str, Any]) -> tuple[str, FactFilter, int]:
    """The catalog call ``route`` makes for ``query`` (search_api.routes.facts): kind, filter, offset."""
    kind = "task" if route == "/v1/tasks" else "target"
    year = query.get("horizon_year")
    dates = {"due_after": f"{year}-01-01", "due_to": f"{year}-12-31"} if year else {
        "due_after": query.get("due_after"), "due_before": query.get("due_before")}
    flt = FactFilter(body=query.get("body"), role=query.get("role", "lead"), **dates)
    return kind, flt, query.get("offset", 0)


def real_records(data_dir: Path) -> tuple[list[dict], dict[str, list[dict]]]:
    """An ingested data folder's documents' records, and their task and target records by document."""
    db = sqlite3.connect(f"file:{data_dir / 'catalog.sqlite'}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT collection, key, value FROM kv WHERE collection IN (?, ?)", (RECORDS, FACTS))
        found = [(c, k, json.loads(v)) for c, k, v in rows]
    finally:
        db.close()
    facts = {k: v["records"] for c, k, v in found if c == FACTS}
    return [v for c, _, v in found if c == RECORDS and v["doc_id"] in facts], facts


def fill(catalog: Catalog, documents: list[dict], facts: dict[str, list[dict]], records: int) -> int:
    """Copies of ``documents`` and their records under new ids until ``records`` records are kept; how many."""
    n, copy = 0, 0
    while n < records:
        copy += 1
        with catalog.transaction():
            for document in documents:
                doc_id = f"{document['doc_id']}-{copy:04d}"
                catalog.put_record({**document, "doc_id": doc_id, "source": f"{copy:04d}-{document['source']}",
                                    "chunks": 0})  # no passages, no text: kb serve's check at start finds no drift
                catalog.put_facts(doc_id, [{**r, "doc_id": doc_id} for r in facts[document["doc_id"]]])
                n += len(facts[document["doc_id"]])
    return n


def timed(call: Callable[[], Any]) -> dict[str, Any]:
    call()  # warm: caches, plans, pages
    times = []
    for _ in range(CALLS):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95)}


def measure_catalog(settings: Settings) -> dict[str, Any]:
    from kb.service import KnowledgeBase

    kb = KnowledgeBase(settings)
    out: dict[str, Any] = {}
    try:
        for name, (route, query) in LISTINGS.items():
            if route == "/v1/documents":
                out[name] = timed(lambda q=query: kb.document_page(year=q.get("year"), sort=q.get("sort"), limit=PAGE))
                out[name]["total"] = kb.document_page(year=query.get("year"), limit=PAGE)[0]
                continue
            kind, flt, offset = fact_call(route, query)
            out[name] = timed(lambda k=kind, f=flt, o=offset: kb.catalog.page_facts(k, f, PAGE, o))
            out[name]["total"] = kb.catalog.page_facts(kind, flt, PAGE, offset)[0]
    finally:
        kb.close()
    return out


def measure_http(data_dir: Path, env: dict[str, str], log_path: Path) -> dict[str, Any]:
    import httpx

    from eval.bench import free_port
    from eval.bench_live import kb_serve

    port = free_port()
    with kb_serve(data_dir, port, log_path, env=env) as proc:
        if proc is None:
            return {"error": f"kb serve did not become ready; see {log_path}"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            def get(route: str, query: dict[str, Any]) -> None:
                client.get(route, params={"limit": PAGE, **query}).raise_for_status()

            return {name: timed(lambda r=route, q=query: get(r, q)) for name, (route, query) in LISTINGS.items()}


def backend(work: Path, name: str, source: Path, records: int, database_url: str | None) -> dict[str, Any]:
    """Fill one backend's catalog with ``records`` records and time every listing on it both ways."""
    data_dir = work / name
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = {"KB_DATABASE_URL": database_url} if database_url else {}
    settings = Settings(data_dir=data_dir, database_url=database_url)
    from kb.catalog import open_catalog

    catalog = open_catalog(settings)
    try:
        documents, facts = real_records(source)
        started = time.perf_counter()
        out: dict[str, Any] = {"records": fill(catalog, documents, facts, records)}
        out["documents"] = len(catalog.listed())
        out["fill_s"] = round(time.perf_counter() - started, 1)
        if database_url:
            vacuum(database_url)
    finally:
        catalog.close()
    out["catalog"] = measure_catalog(settings)
    out["http"] = measure_http(data_dir, env, work / f"serve-{name}.log")
    return out


def vacuum(url: str) -> None:
    """What autovacuum does soon after a bulk load: statistics and the visibility map (index-only scans)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


@contextlib.contextmanager
def postgres(url: str | None) -> Iterator[str | None]:
    """``url``, else ``KB_DATABASE_URL``, else a throwaway cluster's new database, else None."""
    url = url or os.environ.get("KB_DATABASE_URL")
    if url:
        yield url
        return
    from tests.postgres import Cluster, binaries

    found = binaries()
    if found is None:
        yield None
        return
    cluster = Cluster(found)
    try:
        cluster.start()
        yield cluster.new_database()
    finally:
        cluster.stop()


def measure(work: Path, data_dir: Path, records: int = 100_000, database_url: str | None = None) -> dict[str, Any]:
    """Listing latency over ``records`` task and target records copied from ``data_dir``, per backend."""
    if not (data_dir / "catalog.sqlite").is_file():
        return {"error": f"no ingested catalog in {data_dir}"}
    out: dict[str, Any] = {"calls": CALLS, "page": PAGE, "sqlite": backend(work, "sqlite", data_dir, records, None)}
    with postgres(database_url) as url:
        out["postgres"] = backend(work, "postgres", data_dir, records, url) if url else {
            "error": "no PostgreSQL (no KB_DATABASE_URL and no initdb on this machine)"}
    return out


def worst_p95(result: dict[str, Any], name: str) -> float | None:
    """The slowest listing's p95 (ms) on backend ``name`` over HTTP, or None when it was not measured."""
    http = result.get(name, {}).get("http", {})
    values = [v["p95_ms"] for v in http.values() if isinstance(v, dict) and "p95_ms" in v]
    return max(values) if values else None


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", type=Path, default=Path("data"))
    p.add_argument("--records", type=int, default=100_000)
    p.add_argument("--database-url")
    p.add_argument("--work", type=Path, default=Path("/tmp/kb-listings"))
    args = p.parse_args()
    result = measure(args.work, args.data_dir.resolve(), args.records, args.database_url)
    print(json.dumps(result, ensure_ascii=False, indent=1))  # noqa: T201


if __name__ == "__main__":
    main()
