"""Where documents live by default: llama-index's document store on a small SQLite key-value store.

``SqliteKVStore`` gives llama-index's ``KVDocumentStore`` durable, crash-safe storage (one SQLite
file in the data folder, WAL mode), so the ingestion pipeline's dedup (document hashes) and the
documents' full text (what citations point into) survive restarts. A second collection keeps one
small record per document for listing without loading every text.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from llama_index.core.storage.kvstore.types import DEFAULT_COLLECTION, BaseKVStore

from kb.accents import AccentModel
from kb.catalog import FACTS, RECORDS, Catalog
from kb.errors import NotFound

__all__ = ["FACTS", "RECORDS", "AsyncByCalling", "SqliteCatalog", "SqliteKVStore"]


class AsyncByCalling:
    """llama-index's async key-value methods, answered by the synchronous ones."""

    async def aput(self, key: str, val: dict, collection: str = DEFAULT_COLLECTION) -> None:
        self.put(key, val, collection)

    async def aput_all(self, kv_pairs, collection: str = DEFAULT_COLLECTION, batch_size: int = 1) -> None:
        self.put_all(kv_pairs, collection, batch_size)

    async def aget(self, key: str, collection: str = DEFAULT_COLLECTION) -> dict | None:
        return self.get(key, collection)

    async def aget_all(self, collection: str = DEFAULT_COLLECTION) -> dict[str, dict]:
        return self.get_all(collection)

    async def adelete(self, key: str, collection: str = DEFAULT_COLLECTION) -> bool:
        return self.delete(key, collection)


class SqliteKVStore(AsyncByCalling, BaseKVStore):
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS kv (collection TEXT NOT NULL, key TEXT NOT NULL, "
                         "value TEXT NOT NULL, PRIMARY KEY (collection, key))")
        self._lock = threading.RLock()

    def put(self, key: str, val: dict, collection: str = DEFAULT_COLLECTION) -> None:
        self.put_all([(key, val)], collection)

    def put_all(self, kv_pairs: list[tuple[str, dict]], collection: str = DEFAULT_COLLECTION,
                batch_size: int = 1) -> None:
        rows = [(collection, k, json.dumps(v, ensure_ascii=False)) for k, v in kv_pairs]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO kv VALUES (?, ?, ?)", rows)

    def get(self, key: str, collection: str = DEFAULT_COLLECTION) -> dict | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM kv WHERE collection=? AND key=?", (collection, key)).fetchone()
        return json.loads(row[0]) if row else None

    def get_all(self, collection: str = DEFAULT_COLLECTION) -> dict[str, dict]:
        with self._lock:
            rows = self._db.execute("SELECT key, value FROM kv WHERE collection=?", (collection,)).fetchall()
        return {k: json.loads(v) for k, v in rows}

    def delete(self, key: str, collection: str = DEFAULT_COLLECTION) -> bool:
        with self._lock:
            cursor = self._db.execute("DELETE FROM kv WHERE collection=? AND key=?", (collection, key))
        return cursor.rowcount > 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Every write inside is one SQLite transaction: all kept, or none if it raises or the process dies
        first. Nests (a savepoint inside a transaction); other threads wait for it to end."""
        with self._lock:
            self._db.execute("SAVEPOINT kv")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK TO kv")
                self._db.execute("RELEASE kv")
                raise
            self._db.execute("RELEASE kv")

    def close(self) -> None:
        self._db.close()


class SqliteCatalog(Catalog):
    """The catalog in one SQLite file of the data folder (WAL mode), facts kept in memory once read."""

    def __init__(self, path: Path) -> None:
        super().__init__(SqliteKVStore(path))
        self._all_facts: list[dict[str, Any]] | None = None
        self._records: dict[str, dict[str, Any]] | None = None  # doc_id → record, read once, kept in step

    def _open_accents(self) -> AccentModel:
        return AccentModel(self.kv._db, self.kv._lock)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The writes inside (records, texts, hashes, facts, accent counts) kept together or not at all."""
        try:
            with self.kv.transaction():
                yield
        except BaseException:
            # what was cached may hold writes rolled back (the accent model: its table, made inside)
            self._records = self._all_facts = self._accents = None
            raise

    def _by_id(self) -> dict[str, dict[str, Any]]:
        """Every record, read from SQLite the first time only: an ingest of many files looks them up for
        each file (names taken, twins), and every write goes through this catalog (one process owns a data
        folder). Replaced, never changed in place, so a reader in another thread never sees it change."""
        if self._records is None:
            self._records = self.kv.get_all(RECORDS)
        return self._records

    def records(self) -> list[dict[str, Any]]:
        return sorted(map(copy.deepcopy, self._by_id().values()), key=lambda r: r["source"])

    def listed(self) -> list[dict[str, Any]]:
        """Every record as kept in memory, in no order: to read, never to change (``records`` gives copies)."""
        return list(self._by_id().values())

    def record(self, doc_id: str) -> dict[str, Any]:
        found = self._by_id().get(doc_id)
        if found is None:
            raise NotFound(f"no document with id {doc_id!r}", vi=f"Không có văn bản nào mang mã {doc_id!r}.")
        return copy.deepcopy(found)

    def put_record(self, record: dict[str, Any]) -> None:
        self.kv.put(record["doc_id"], record, RECORDS)
        # a new dict, not a change to the one other threads may be reading
        self._records = {**self._by_id(), record["doc_id"]: json.loads(json.dumps(record, ensure_ascii=False))}

    def find(self, **fields: Any) -> dict[str, Any] | None:
        found = next((r for r in self._by_id().values() if all(r.get(k) == v for k, v in fields.items())), None)
        return copy.deepcopy(found) if found else None

    def put_facts(self, doc_id: str, records: list[dict[str, Any]]) -> None:
        self.kv.put(doc_id, {"records": records}, FACTS)
        self._all_facts = None

    def facts(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Targets and tasks of one document, or of all in document order (kept in memory: every
        question reads them; any write through this catalog refreshes them)."""
        if doc_id is not None:
            return (self.kv.get(doc_id, FACTS) or {"records": []})["records"]
        if self._all_facts is None:
            stored = self.kv.get_all(FACTS)
            self._all_facts = [r for key in sorted(stored) for r in stored[key]["records"]]
        return self._all_facts

    def forget_facts(self, doc_id: str) -> None:
        super().forget_facts(doc_id)
        self._all_facts = None

    def forget(self, doc_id: str) -> None:
        super().forget(doc_id)
        self._records = {k: v for k, v in self._by_id().items() if k != doc_id}

    def damage(self) -> str | None:
        try:
            rows = self.kv._db.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            return f"catalog.sqlite cannot be read: {exc}"
        found = [r[0] for r in rows if r[0] != "ok"]
        return f"catalog.sqlite is corrupt: {found[0][:200]}" if found else None
