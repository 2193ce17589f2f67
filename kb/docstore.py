"""Where documents live by default: llama-index's document store on a small SQLite key-value store.

``SqliteKVStore`` gives llama-index's ``KVDocumentStore`` durable, crash-safe storage (one SQLite
file in the data folder, WAL mode), so the ingestion pipeline's dedup (document hashes) and the
documents' full text (what citations point into) survive restarts. A second collection keeps one
small record per document for listing without loading every text.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from llama_index.core.storage.kvstore.types import DEFAULT_COLLECTION, BaseKVStore

from kb.accents import AccentModel
from kb.catalog import FACTS, RECORDS, Catalog

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

    def close(self) -> None:
        self._db.close()


class SqliteCatalog(Catalog):
    """The catalog in one SQLite file of the data folder (WAL mode), facts kept in memory once read."""

    def __init__(self, path: Path) -> None:
        super().__init__(SqliteKVStore(path))
        self._all_facts: list[dict[str, Any]] | None = None

    def _open_accents(self) -> AccentModel:
        return AccentModel(self.kv._db, self.kv._lock)

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

    def damage(self) -> str | None:
        try:
            rows = self.kv._db.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            return f"catalog.sqlite cannot be read: {exc}"
        found = [r[0] for r in rows if r[0] != "ok"]
        return f"catalog.sqlite is corrupt: {found[0][:200]}" if found else None
