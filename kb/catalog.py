"""The catalog: one interface (``Catalog``), two backends, chosen by configuration in ``open_catalog``.

* no ``KB_DATABASE_URL``: ``SqliteCatalog``, one SQLite file in the data folder (``kb.docstore``);
* ``KB_DATABASE_URL=postgresql://…``: ``PostgresCatalog`` (``kb.pg``), shared by every API replica
  and ``kb worker``.

Both keep the same things through the same code: documents' records, full texts and hashes (llama-index's
``KVDocumentStore`` over the backend's key-value table), task and target records, the accent model's counts,
editors' corrections. What differs is only where they are kept and how listings are answered
(``select_facts``: in memory over SQLite, from indexed SQL over PostgreSQL).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from llama_index.core.schema import Document
from llama_index.core.storage.docstore.keyval_docstore import KVDocumentStore
from llama_index.core.storage.kvstore.types import BaseKVStore

from kb.accents import AccentModel
from kb.config import Settings
from kb.errors import NotFound
from kb.facts import FactFilter, select

RECORDS = "kb/documents"
FACTS = "kb/facts"
DELETING = "kb/deleting"  # documents whose delete began and has not ended (kb.service.KnowledgeBase.delete)


def task_order(record: dict[str, Any]) -> tuple[str, str, int]:
    """Tasks are listed by due date (those without one last), then document and position in its text."""
    return record.get("due") or "9999", record["doc_id"], record["start"]


class Catalog(ABC):
    """The documents of the knowledge base: their records, full texts and hashes."""

    kv: BaseKVStore

    def __init__(self, kv: BaseKVStore) -> None:
        self.kv = kv
        self.docstore = KVDocumentStore(kv, namespace="kb")
        self._accents: AccentModel | None = None
        self._ordered: tuple[list | None, dict[str, list]] = (None, {})  # facts() → its records by kind, listed

    # -- what each backend provides ----------------------------------------------------------------
    @abstractmethod
    def _open_accents(self) -> AccentModel:
        """The backend's accent model (its counts in the same database)."""

    @abstractmethod
    def put_facts(self, doc_id: str, records: list[dict[str, Any]]) -> None:
        """Replace the task and target records of a document."""

    @abstractmethod
    def facts(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Targets and tasks of one document, or of all in document order."""

    @abstractmethod
    def damage(self) -> str | None:
        """What is wrong with the catalog's storage (``kb check``), or None."""

    def select_facts(self, kind: str, flt: FactFilter) -> list[dict[str, Any]]:
        """The records of ``kind`` that ``flt`` keeps, in document order."""
        return select(self.facts(), kind, flt)

    def page_facts(self, kind: str, flt: FactFilter, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """How many records ``select_facts`` finds, and ``limit`` of them from ``offset`` in listing order
        (tasks by due date, those without one last, then document and position; targets in document order)."""
        listed = self._in_listing_order(kind)
        found = select(listed, kind, flt) if flt != FactFilter() else listed  # no filter: nothing to go through
        return len(found), found[offset:offset + limit]

    def _in_listing_order(self, kind: str) -> list[dict[str, Any]]:
        """The records of ``kind`` in listing order, sorted once for as long as ``facts()`` is unchanged
        (not on every page asked)."""
        facts = self.facts()
        if self._ordered[0] is not facts:
            self._ordered = (facts, {})
        by_kind = self._ordered[1]
        if kind not in by_kind:
            of_kind = [r for r in facts if r["kind"] == kind]
            by_kind[kind] = sorted(of_kind, key=task_order) if kind == "task" else of_kind
        return by_kind[kind]

    def forget_facts(self, doc_id: str) -> None:
        self.kv.delete(doc_id, FACTS)

    # -- the same for both -------------------------------------------------------------------------
    @property
    def accents(self) -> AccentModel:
        """The accent model of the documents' text (same database). Documents ingested before it
        existed are counted the first time it is asked for."""
        if self._accents is None:
            model = self._open_accents()
            counted = model.doc_ids()
            for doc_id in sorted(self.kv.get_all(RECORDS).keys() - counted):
                document = self.docstore.get_document(doc_id, raise_error=False)
                if isinstance(document, Document):
                    model.add(doc_id, document.text)
            self._accents = model
        return self._accents

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The writes inside kept together where the backend can (SQLite: one transaction); here each write
        is its own."""
        yield

    def records(self) -> list[dict[str, Any]]:
        return sorted(self.kv.get_all(RECORDS).values(), key=lambda r: r["source"])

    def listed(self) -> list[dict[str, Any]]:
        """Every record, in no order: to read, never to change."""
        return list(self.kv.get_all(RECORDS).values())

    def record(self, doc_id: str) -> dict[str, Any]:
        found = self.kv.get(doc_id, RECORDS)
        if found is None:
            raise NotFound(f"no document with id {doc_id!r}", vi=f"Không có văn bản nào mang mã {doc_id!r}.")
        return found

    def put_record(self, record: dict[str, Any]) -> None:
        self.kv.put(record["doc_id"], record, RECORDS)

    def find(self, **fields: Any) -> dict[str, Any] | None:
        return next((r for r in self.kv.get_all(RECORDS).values()
                     if all(r.get(k) == v for k, v in fields.items())), None)

    def document_metadata(self, doc_id: str) -> dict[str, Any]:
        return dict(self._document(doc_id).metadata)

    def text(self, doc_id: str) -> str:
        return self._document(doc_id).text

    def _document(self, doc_id: str) -> Document:
        document = self.docstore.get_document(doc_id, raise_error=False)
        if not isinstance(document, Document):
            raise NotFound(f"no text stored for document {doc_id!r}", vi=f"Chưa lưu nội dung của văn bản {doc_id!r}.")
        return document

    def forget(self, doc_id: str) -> None:
        self.docstore.delete_document(doc_id, raise_error=False)
        self.forget_facts(doc_id)
        self.kv.delete(doc_id, RECORDS)
        self.accents.remove(doc_id)

    def mark_deleting(self, doc_id: str, sha256: str | None) -> None:
        """Written before a delete touches anything: one cut short is known, and finished (``kb check``)."""
        self.kv.put(doc_id, {"doc_id": doc_id, "sha256": sha256}, DELETING)

    def deleting(self) -> dict[str, dict[str, Any]]:
        """The deletes begun and not ended: doc_id → {doc_id, sha256}."""
        return dict(self.kv.get_all(DELETING))

    def forget_deleted(self, doc_id: str) -> None:
        """The record, text, facts and the delete's mark, gone together."""
        with self.transaction():
            self.forget(doc_id)
            self.kv.delete(doc_id, DELETING)

    def close(self) -> None:
        self.kv.close()


def open_catalog(settings: Settings) -> Catalog:
    if settings.database_url:
        from kb.pg import PostgresCatalog

        return PostgresCatalog.connect(settings.database_url, settings.database_pool)
    from kb.docstore import SqliteCatalog

    return SqliteCatalog(settings.data_dir / "catalog.sqlite")
