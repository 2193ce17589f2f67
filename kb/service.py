"""The knowledge base as one object: its store, document catalog and embedder, opened lazily.

CLI commands and the HTTP API both work through a ``KnowledgeBase``; ingestion (``ingest``) adds
to it. One process owns an embedded data folder at a time.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from functools import cached_property
from pathlib import Path
from typing import Any

from kb.catalog import Catalog, open_catalog, task_order
from kb.config import Settings
from kb.disk import require_room
from kb.embed import CachedEmbedder, make_embedder
from kb.errors import InputError, InsufficientStorage, NotFound, disk_full
from kb.facts import FactFilter, bodies
from kb.faults import pause_point
from kb.gate import Gate
from kb.model import Answer, Body, Citation, DocumentRecord, Passage, SearchResult, Target, Task
from kb.store import Filters, Store, open_store
from kb.text import fold

log = logging.getLogger("kb")


class KnowledgeBase:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        # one writer at a time (ingestion, deletion): in this process, or with KB_DATABASE_URL across every
        # process sharing the database
        self.write_lock = threading.RLock() if not settings.database_url else self._shared_lock()
        self.query_gate = Gate(settings.query_threads)  # searches and answers at once (see kb.gate)

    def _shared_lock(self):
        from kb.pg import SharedWriteLock

        return SharedWriteLock(lambda: self.catalog.db)  # the database is reached on the first write

    @cached_property
    def store(self) -> Store:
        return open_store(self.settings)

    @cached_property
    def catalog(self) -> Catalog:
        return open_catalog(self.settings)

    @cached_property
    def embedder(self) -> CachedEmbedder:
        return make_embedder(self.settings)

    # -- reading -----------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10, filters: Filters | None = None) -> SearchResult:
        from kb.retrieve import search

        with self.query_gate:
            return search(self, query, limit, filters)

    def facets(self, filters: Filters | None = None) -> dict[str, dict[str, int]]:
        """Passages per document type, issuer and year (Qdrant facets over the payload indexes)."""
        return {key: {str(value): count for value, count in self.store.facet(key, filters).items()}
                for key in ("doc_type", "issuer", "year")}

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        from kb.answer import ask

        with self.query_gate:
            return ask(self, question, filters)

    def documents(self) -> list[DocumentRecord]:
        """Every document's record, with its validity (from its effective date and the documents that replace it)."""
        return self._typed(sorted(self.catalog.listed(), key=lambda r: r["source"]))

    def _typed(self, records: list[dict[str, Any]], replaced: set[str] | None = None) -> list[DocumentRecord]:
        """Catalog records as ``DocumentRecord``s with their validity (``replaced``: the numbers documents of
        the knowledge base replace, all of ``records`` when not given) and whether the original is kept."""
        from kb.answer.documents import replaced_numbers, validity

        replaced = replaced_numbers(records) if replaced is None else replaced  # once, not once per document
        found = [DocumentRecord(**r) for r in records]
        for doc in found:
            doc.validity = validity(doc, found, replaced=replaced)
            doc.original = self.original_path(doc.doc_id, doc.sha256).is_file()
        return found

    def original_path(self, doc_id: str, sha256: str | None = None) -> Path:
        """Where a document's original file is kept (uploaded or ingested from a folder): under its
        id in the data folder, or with ``KB_ORIGINALS_DIR`` (a volume every replica and worker mounts) under
        its bytes' SHA-256, so the same bytes are one file and any process finds it from the record."""
        folder = self.settings.originals_dir
        if folder is None:
            return self.settings.data_dir / "originals" / doc_id
        sha = sha256 or (self.catalog.kv.get(doc_id, "kb/documents") or {}).get("sha256") or "none"
        return folder / sha[:2] / sha

    def page_cache(self, sha256: str) -> Path:
        """Where the pictures of a PDF's pages are kept once drawn (``search_api.pages``), by its bytes' SHA-256."""
        return self.settings.data_dir / "cache" / "pages" / sha256

    def document(self, doc_id: str) -> DocumentRecord:
        """One document's record, its relations linked to the documents of the knowledge base they name."""
        from kb.answer.documents import replaced_numbers

        record, listed = self.catalog.record(doc_id), self.catalog.listed()  # record: a copy, changed here
        by_number = {r["number"]: r["doc_id"] for r in sorted(listed, key=lambda r: r["source"]) if r.get("number")}
        for relation in record.get("relations", []):
            relation["doc_id"] = by_number.get(relation.get("number"))
        return self._typed([record], replaced_numbers(listed))[0]

    def find_documents(self, doc_type: str | None = None, issuer: str | None = None, year: int | None = None,
                       q: str | None = None) -> list[DocumentRecord]:
        """The documents of a type, an issuer, a year of issue, whose number, title or file name holds ``q``
        (compared without diacritics): what the assistants' tools list."""
        return self.document_page(doc_type, issuer, year, q)[1]

    def document_page(self, doc_type: str | None = None, issuer: str | None = None, year: int | None = None,
                      q: str | None = None, sort: str | None = None, limit: int | None = None,
                      offset: int = 0) -> tuple[int, list[DocumentRecord]]:
        """``find_documents``'s documents (``GET /v1/documents``) ordered by ``sort`` (``sorted_records``), how
        many, and ``limit`` of them from ``offset``: filtered and ordered on the catalog's records, only the
        page typed."""
        from kb.answer.documents import replaced_numbers

        records = sorted(self.catalog.listed(), key=lambda r: r["source"])
        found = [r for r in records
                 if (not doc_type or r.get("doc_type") == doc_type) and (not issuer or r.get("issuer") == issuer)
                 and (not year or (r.get("issued") or "")[:4] == str(year))
                 and (not q or fold(q) in fold(f"{r.get('number') or ''} {r.get('title') or ''} {r['source']}"))]
        if sort:
            found = sorted_records(found, sort)
        end = None if limit is None else offset + limit
        return len(found), self._typed(found[offset:end], replaced_numbers(records))

    def text(self, doc_id: str) -> str:
        return self.catalog.text(doc_id)

    def passage(self, doc_id: str, start: int, end: int, context: int = 300) -> Passage:
        """``text[start:end]`` of a document cited as a search hit is (section and page of the passage that
        holds ``start``), with up to ``context`` characters either side."""
        from kb.retrieve import citation

        doc = self.document(doc_id)
        text = self.text(doc_id)
        if not 0 <= start < end <= len(text):
            raise InputError(f"the span {start}:{end} is not inside the document's {len(text)} characters",
                             code="bad_span", vi=f"Đoạn {start}:{end} nằm ngoài văn bản ({len(text)} ký tự).")
        holder = next((h for h in self.store.scroll(Filters(doc_ids=[doc_id]))
                       if h.payload["start"] <= start < h.payload["end"]), None)
        where = citation(holder).model_dump() if holder else {**doc.model_dump(), "section": ""}
        cited = Citation(**{**where, "quote": text[start:end], "start": start, "end": end, "score": 1.0})
        return Passage(citation=cited, before=text[max(0, start - context):start], after=text[end:end + context])

    def records(self, kind: str, flt: FactFilter | None = None) -> list[Task | Target]:
        """Targets (``kind="target"``) or tasks (``"task"``), filtered; tasks sorted by due date."""
        from kb.answer.cite import typed

        found = self.catalog.select_facts(kind, flt or FactFilter())
        if kind == "task":
            found.sort(key=task_order)
        return typed(found)

    def record_page(self, kind: str, flt: FactFilter, limit: int, offset: int) -> tuple[int, list[Task | Target]]:
        """How many records ``records`` gives, and one page of them (over PostgreSQL paged in SQL)."""
        from kb.answer.cite import typed

        total, found = self.catalog.page_facts(kind, flt, limit, offset)
        return total, typed(found)

    def bodies(self) -> list[Body]:
        """Every body the records name; read again only when the catalog's records change (every question reads
        them: over the 94-document corpus, building them took ~90 ms of a question on a slow machine)."""
        records = self.catalog.facts()
        cached = getattr(self, "_bodies", None)
        if cached is None or cached[0] is not records:
            cached = self._bodies = (records, bodies(records))
        return list(cached[1])

    # -- writing -----------------------------------------------------------------------------------
    def delete(self, doc_id: str) -> DocumentRecord:
        """Remove a document: every passage from the store, its text, hash and record, its original. The
        catalog marks it first, so a delete cut short (a full disk, a crash) is known and finished by
        ``kb check --repair`` or the server's start, never undone by a re-index (``finish_delete``)."""
        with self.write_lock:
            record = self.document(doc_id)
            require_room(self.settings)  # a store write on a full disk kills the process (kb.disk)
            try:
                self.catalog.mark_deleting(doc_id, record.sha256)  # a full disk here: 507, nothing changed
                self.finish_delete(doc_id, record.sha256)
            except Exception as exc:
                if disk_full(exc):
                    raise _delete_cut_short(record.source) from exc
                raise
            return record

    def finish_delete(self, doc_id: str, sha256: str | None) -> None:
        """The steps of a delete after its mark, each harmless to run again: the passages, then the record and
        the mark together, then the original (by content hash: kept while another document has these bytes)."""
        with self.write_lock:
            original = self.original_path(doc_id, sha256)
            self.store.delete_doc(doc_id)
            self.store.flush()
            pause_point("passages_deleted")
            self.catalog.forget_deleted(doc_id)
            if self.settings.originals_dir is None or not self.catalog.find(sha256=sha256 or ""):
                original.unlink(missing_ok=True)
            if sha256 and not self.catalog.find(sha256=sha256):
                shutil.rmtree(self.page_cache(sha256), ignore_errors=True)  # the PDF's drawn pages

    def optimize(self) -> float | None:
        """Index what the last writes left to exact scan (``Store.optimize``); the seconds it took,
        or None when there was nothing to do. Called after each ingest batch and upload burst."""
        with self.write_lock:
            started = time.perf_counter()
            if not self.store.optimize():
                return None
            took = time.perf_counter() - started
        log.info("search index updated in %.1f s", took)
        return took

    def resolve(self, ref: str) -> str:
        """A doc_id from an id, a source file name or a document number."""
        for key in ("doc_id", "source", "number"):
            found = self.catalog.find(**{key: ref})
            if found:
                return found["doc_id"]
        raise NotFound(f"no document {ref!r} (give its id, file name or number)",
                       vi=f"Không có văn bản {ref!r} (hãy nhập mã, tên tệp hoặc số hiệu).")

    def close(self) -> None:
        for name in ("store", "catalog", "embedder"):
            if name in self.__dict__:
                self.__dict__.pop(name).close()


def sorted_records(records: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """By the field ``sort`` names (``issued``, ``-issued``: newest first, ``number``, ``title``), those
    without it last whichever the direction; ties by file name."""
    field = sort.lstrip("-")
    have = [r for r in records if r.get(field)]
    have.sort(key=lambda r: (fold(r[field]) if field != "issued" else r[field], r["source"]),
              reverse=sort.startswith("-"))
    return have + sorted((r for r in records if not r.get(field)), key=lambda r: r["source"])


def _delete_cut_short(source: str) -> InsufficientStorage:
    return InsufficientStorage(f"the server's disk is full: the delete of {source} is not finished; it is when the "
                               "disk has room (delete it again, or kb check --repair, or a restart)",
                               vi=f"Máy chủ đã hết dung lượng đĩa nên chưa xóa xong văn bản {source}. Hãy báo quản "
                                  "trị viên giải phóng dung lượng rồi xóa lại; việc xóa cũng được hoàn tất khi máy "
                                  "chủ khởi động lại.")

