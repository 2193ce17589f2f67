"""The catalog on PostgreSQL (``KB_DATABASE_URL``): what ``catalog.sqlite`` holds, in a database that any
number of ``kb serve`` replicas and ``kb worker`` processes share.

* ``Database``: a psycopg 3 connection pool; the schema brought up to date on connecting by
  yoyo-migrations (plain SQL files in ``kb/migrations``, applied once under yoyo's lock however many
  processes start together).
* ``PostgresKVStore``: llama-index's key-value store (texts, hashes, records, corrections) in table ``kv``.
* ``PostgresCatalog``: task and target records one row each (``facts``, ``fact_bodies``), so listings are
  answered from indexed SQL; the accent model's counts in ``accents``.

What a process keeps in memory (every fact record for answers, every document's record for listings, the
accent model's total) is read again when ``catalog_version``, bumped by each write of them in the same
transaction, has moved.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from llama_index.core.storage.kvstore.types import DEFAULT_COLLECTION, BaseKVStore
from psycopg_pool import ConnectionPool

from kb.accents import AccentModel
from kb.catalog import RECORDS, Catalog, task_order
from kb.docstore import AsyncByCalling
from kb.errors import Unavailable
from kb.facts import FactFilter, _body_keys, _start, keys_matching, select

MIGRATIONS = Path(__file__).parent / "migrations"
_FIND_KEYS = ("sha256", "content_sha", "source", "number", "doc_id")  # what find() is asked by (indexed)
_migrated: set[str] = set()
_migrate_lock = threading.Lock()


def migrate(url: str) -> None:
    """Apply the migrations the database lacks (yoyo's lock: one process at a time)."""
    from yoyo import get_backend, read_migrations

    scheme, rest = url.split("://", 1)
    backend = get_backend(f"postgresql+psycopg://{rest}" if scheme in ("postgresql", "postgres") else url)
    try:
        with backend.lock():
            backend.apply_migrations(backend.to_apply(read_migrations(str(MIGRATIONS))))
    finally:
        backend.connection.close()


class Database:
    """A pool of connections to one PostgreSQL database, its schema up to date."""

    def __init__(self, url: str, size: int = 8) -> None:
        with _migrate_lock:
            if url not in _migrated:
                try:
                    migrate(url)
                except psycopg.OperationalError as exc:
                    raise Unavailable(f"the database cannot be reached: {exc}".strip(),
                                      vi="Không kết nối được cơ sở dữ liệu; hãy thử lại sau.") from exc
                _migrated.add(url)
        self.url = url
        self.pool = ConnectionPool(url, min_size=1, max_size=size, open=True, name="kb")
        self._held = threading.local()  # .conn: the connection of this thread's ``block``, if one is open

    @contextmanager
    def block(self) -> Iterator[None]:
        """One transaction for every write and read of this thread inside (``transaction``, ``rows``): a
        connection held for the block, committed when it ends, rolled back if it raises. A block inside
        a block is a savepoint: rolled back alone if it raises, kept only if the outer one commits."""
        held = getattr(self._held, "conn", None)
        if held is not None:
            with held.transaction():
                yield
            return
        with self.pool.connection() as conn:
            self._held.conn = conn
            try:
                with conn.transaction():
                    yield
            finally:
                self._held.conn = None

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """A connection in a transaction: committed when the block ends, rolled back if it raises (inside
        a ``block``: a savepoint of the block's transaction)."""
        held = getattr(self._held, "conn", None)
        if held is not None:
            with held.transaction():
                yield held
            return
        with self.pool.connection() as conn:
            yield conn

    def rows(self, sql: str, params: Any = ()) -> list[tuple]:
        held = getattr(self._held, "conn", None)
        if held is not None:  # what the block wrote is seen by what it reads
            return held.execute(sql, params).fetchall()
        with self.pool.connection() as conn:
            return conn.execute(sql, params).fetchall()

    def version(self) -> int:
        return self.rows("SELECT version FROM catalog_version")[0][0]

    @staticmethod
    def bump(conn: psycopg.Connection) -> None:
        conn.execute("UPDATE catalog_version SET version = version + 1")

    def close(self) -> None:
        self.pool.close()


class PostgresKVStore(AsyncByCalling, BaseKVStore):
    def __init__(self, db: Database) -> None:
        self.db = db

    def put(self, key: str, val: dict, collection: str = DEFAULT_COLLECTION) -> None:
        self.put_all([(key, val)], collection)

    def put_all(self, kv_pairs: list[tuple[str, dict]], collection: str = DEFAULT_COLLECTION,
                batch_size: int = 1) -> None:
        rows = [(collection, k, json.dumps(v, ensure_ascii=False)) for k, v in kv_pairs]
        with self.db.transaction() as conn:
            conn.cursor().executemany("INSERT INTO kv VALUES (%s, %s, %s::json) ON CONFLICT (collection, key) "
                                      "DO UPDATE SET value = EXCLUDED.value", rows)

    def get(self, key: str, collection: str = DEFAULT_COLLECTION) -> dict | None:
        found = self.db.rows("SELECT value FROM kv WHERE collection=%s AND key=%s", (collection, key))
        return found[0][0] if found else None

    def get_all(self, collection: str = DEFAULT_COLLECTION) -> dict[str, dict]:
        return dict(self.db.rows("SELECT key, value FROM kv WHERE collection=%s", (collection,)))

    def delete(self, key: str, collection: str = DEFAULT_COLLECTION) -> bool:
        with self.db.transaction() as conn:
            return conn.execute("DELETE FROM kv WHERE collection=%s AND key=%s", (collection, key)).rowcount > 0

    def close(self) -> None:
        self.db.close()


class PgAccentModel(AccentModel):
    """The accent model with its counts in table ``accents``; its total read again after another process
    changed the counts."""

    def __init__(self, db: Database) -> None:  # not AccentModel's: it would create SQLite's table
        self.db = db
        self._total: int | None = None
        self._total_at = -1

    def add_counts(self, doc_id: str, counts: Counter[tuple[int, str, str]]) -> None:
        rows = [(doc_id, n, folded, form, c) for (n, folded, form), c in counts.items()]
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM accents WHERE doc_id=%s", (doc_id,))
            with conn.cursor().copy("COPY accents (doc_id, n, folded, form, count) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            self.db.bump(conn)

    def remove(self, doc_id: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM accents WHERE doc_id=%s", (doc_id,))
            self.db.bump(conn)

    def doc_ids(self) -> set[str]:
        return {row[0] for row in self.db.rows("SELECT DISTINCT doc_id FROM accents")}

    def _stored_forms(self, n: int, folded: str) -> list[tuple[str, int]]:
        return [(form, int(c)) for form, c in self.db.rows(
            "SELECT form, SUM(count) FROM accents WHERE folded=%s AND n=%s GROUP BY form", (folded, n))]

    def _syllable_total(self) -> int:
        version = self.db.version()
        if self._total is None or version != self._total_at:
            self._total = int(self.db.rows("SELECT COALESCE(SUM(count), 0) FROM accents WHERE n=1")[0][0])
            self._total_at = version
        return self._total


def _fact_row(record: dict[str, Any]) -> tuple[str, str | None, int | None, str, int]:
    """kind, due (or start) date, horizon year and the listing order's columns (``task_order``)."""
    due = (record.get("due") or _start(record)) if record["kind"] == "task" else None
    sort_due, _, start = task_order(record) if record["kind"] == "task" else ("", "", record.get("start") or 0)
    return record["kind"], due, record.get("horizon_year") if record["kind"] == "target" else None, sort_due, start


def _fact_bodies(record: dict[str, Any]) -> list[tuple[str, str]]:
    if record["kind"] == "target":
        return [("monitor", k) for k in _body_keys(record, "lead")]
    return [("lead", k) for k in _body_keys(record, "lead")] + \
        [("coordinator", b["key"]) for b in record.get("coordinators", [])]


def _roles(kind: str, flt: FactFilter) -> list[str]:
    if kind == "target":
        return ["monitor"]
    return {"lead": ["lead"], "coordinator": ["coordinator"]}.get(flt.role, ["lead", "coordinator"])


class PostgresCatalog(Catalog):
    def __init__(self, db: Database) -> None:
        super().__init__(PostgresKVStore(db))
        self.db = db
        self._all_facts: list[dict[str, Any]] | None = None
        self._facts_at = -1
        self._records: tuple[int, list[dict[str, Any]]] = (-1, [])  # catalog_version → every document's record

    @classmethod
    def connect(cls, url: str, pool: int = 8) -> PostgresCatalog:
        return cls(Database(url, pool))

    def _open_accents(self) -> AccentModel:
        return PgAccentModel(self.db)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The writes inside (records, texts, hashes, facts, accent counts) kept together or not at all:
        one PostgreSQL transaction on a connection held for the block; nested, a savepoint."""
        try:
            with self.db.block():
                yield
        except BaseException:
            self._forget_cached()  # what was read inside may hold writes rolled back
            raise

    def _forget_cached(self) -> None:
        self._all_facts, self._facts_at, self._records = None, -1, (-1, [])
        if isinstance(self._accents, PgAccentModel):
            self._accents._total, self._accents._total_at = None, -1

    def listed(self) -> list[dict[str, Any]]:
        """Every record, in no order, to read: kept in memory until ``catalog_version`` moves (a listing of
        documents decodes none of them again)."""
        version = self.db.version()
        if self._records[0] != version:
            self._records = (version, list(self.kv.get_all(RECORDS).values()))
        return self._records[1]

    def put_record(self, record: dict[str, Any]) -> None:
        with self.db.block():  # the record and the version that tells other processes, together
            super().put_record(record)
            self._bump()

    def forget(self, doc_id: str) -> None:
        with self.db.block():
            super().forget(doc_id)
            self._bump()

    def _bump(self) -> None:
        with self.db.transaction() as conn:
            self.db.bump(conn)

    def find(self, **fields: Any) -> dict[str, Any] | None:
        if not fields or any(k not in _FIND_KEYS or not isinstance(v, str) for k, v in fields.items()):
            return super().find(**fields)
        where = " AND ".join(f"value->>'{k}' = %s" for k in fields)  # keys from _FIND_KEYS only
        found = self.db.rows(f"SELECT value FROM kv WHERE collection = '{RECORDS}' AND {where} "
                             "ORDER BY key LIMIT 1", tuple(fields.values()))
        return found[0][0] if found else None

    def put_facts(self, doc_id: str, records: list[dict[str, Any]]) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM facts WHERE doc_id=%s", (doc_id,))
            for pos, record in enumerate(records):
                fact_id = conn.execute("INSERT INTO facts (doc_id, pos, kind, due, horizon_year, sort_due, start, "
                                       "data) VALUES (%s, %s, %s, %s, %s, %s, %s, %s::json) RETURNING id",
                                       (doc_id, pos, *_fact_row(record), json.dumps(record, ensure_ascii=False))
                                       ).fetchone()[0]
                named, listed = _fact_bodies(record), (doc_id, pos, *_fact_row(record))
                conn.cursor().executemany("INSERT INTO fact_bodies (fact_id, role, key, doc_id, pos, kind, due, "
                                          "horizon_year, sort_due, start) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, "
                                          "%s, %s)", [(fact_id, role, k, *listed) for role, k in named])
                conn.cursor().executemany("INSERT INTO body_keys VALUES (%s) ON CONFLICT DO NOTHING",
                                          [(k,) for k in {k for _, k in named}])
            self.db.bump(conn)

    def forget_facts(self, doc_id: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM facts WHERE doc_id=%s", (doc_id,))
            self.db.bump(conn)

    def facts(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """One document's records, or every record in document order (kept in memory until another
        write of any process moves ``catalog_version``)."""
        if doc_id is not None:
            return [r[0] for r in self.db.rows("SELECT data FROM facts WHERE doc_id=%s ORDER BY pos", (doc_id,))]
        version = self.db.version()
        if self._all_facts is None or version != self._facts_at:
            self._all_facts = [r[0] for r in self.db.rows('SELECT data FROM facts ORDER BY doc_id COLLATE "C", pos')]
            self._facts_at = version
        return self._all_facts

    def select_facts(self, kind: str, flt: FactFilter) -> list[dict[str, Any]]:
        """From indexed SQL: kind, document, period and body narrow the rows; ``select`` then applies the
        same rules as the SQLite catalog to what is left (so both answer alike)."""
        where, params = self._where(kind, flt)
        rows = self.db.rows(f"SELECT data FROM facts WHERE {where} ORDER BY doc_id, pos", params)
        return select([r[0] for r in rows], kind, flt)

    def page_facts(self, kind: str, flt: FactFilter, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """Counted and paged in SQL, in listing order, on index entries and narrow rows: by body on
        ``fact_bodies`` alone (its rows carry their record's listing columns), else on ``facts``' listing
        indexes; then only the page's records are read. The SQL filters are exactly ``select``'s rules but for
        ``text`` (words of the task, compared folded): with it, the rows are read and paged here."""
        if flt.text:
            return super().page_facts(kind, flt, limit, offset)
        where, params = self._where(kind, flt, on_bodies=bool(flt.body))
        order = "sort_due, doc_id, start, pos" if kind == "task" else "doc_id, pos"
        table, key, distinct, counted = ("fact_bodies", "fact_id", "DISTINCT ", "DISTINCT fact_id") if flt.body \
            else ("facts", "id", "", "*")  # a record is on fact_bodies once per body it names
        with self.db.transaction() as conn:
            total = conn.execute(f"SELECT count({counted}) FROM {table} WHERE {where}", params).fetchone()[0]
            ids = [r[0] for r in conn.execute(f"SELECT {distinct}{key}, {order} FROM {table} WHERE {where} "
                                              f"ORDER BY {order} LIMIT %s OFFSET %s", [*params, limit, offset])]
            rows = conn.execute(f"SELECT data FROM facts WHERE id = ANY(%s) ORDER BY {order}", (ids,)).fetchall()
        return int(total), [r[0] for r in rows]

    def _where(self, kind: str, flt: FactFilter, on_bodies: bool = False) -> tuple[str, list[Any]]:
        """The SQL filter of ``flt`` on table ``facts``, or on ``fact_bodies`` (same listing columns)."""
        where, params = ["kind = %s"], [kind]
        if flt.doc_id:
            where.append("doc_id = %s")
            params.append(flt.doc_id)
        if flt.doc_ids is not None:
            where.append("doc_id = ANY(%s)")
            params.append(list(flt.doc_ids))
        where += self._period(kind, flt, params)
        if flt.body:
            keys = list(keys_matching(flt.body, (k for (k,) in self.db.rows("SELECT key FROM body_keys"))))
            named = "key = ANY(%s) AND role = ANY(%s)"
            where.append(named if on_bodies else f"id IN (SELECT fact_id FROM fact_bodies WHERE {named})")
            params += [keys, _roles(kind, flt)]
        return " AND ".join(where), params

    @staticmethod
    def _period(kind: str, flt: FactFilter, params: list[Any]) -> list[str]:
        where = []
        if kind == "target":
            if flt.due_after or flt.due_to or flt.due_before:
                where.append("horizon_year IS NOT NULL")
            for bound, op in ((flt.due_after, ">="), (flt.due_to, "<=")):
                if bound:
                    where.append(f"horizon_year {op} %s")
                    params.append(int(bound[:4]))
            return where
        for bound, op in ((flt.due_after, ">="), (flt.due_before, "<"), (flt.due_to, "<=")):
            if bound:
                where.append(f"due {op} %s")
                params.append(bound)
        return where

    def damage(self) -> str | None:
        try:
            self.db.rows("SELECT 1 FROM catalog_version")
        except psycopg.Error as exc:
            return f"the catalog's database cannot be read: {exc}"
        return None


class SharedWriteLock:
    """``KnowledgeBase.write_lock`` over PostgreSQL: one writer at a time across every process sharing the
    database (a session advisory lock, held on one pooled connection; let go if the process dies), and
    re-entrant within a process like the ``threading.RLock`` of the embedded default."""

    KEY = 0x6B62_7772  # "kbwr"

    def __init__(self, database: Callable[[], Database]) -> None:
        self._database = database
        self._local = threading.RLock()
        self._depth = 0
        self._conn: psycopg.Connection | None = None

    def acquire(self, blocking: bool = True) -> bool:
        if not self._local.acquire(blocking=blocking):
            return False
        if self._depth == 0:
            conn = self._database().pool.getconn()
            conn.autocommit = True
            try:
                if blocking:
                    conn.execute("SELECT pg_advisory_lock(%s)", (self.KEY,))
                elif not conn.execute("SELECT pg_try_advisory_lock(%s)", (self.KEY,)).fetchone()[0]:
                    self._give_back(conn)
                    self._local.release()
                    return False
            except BaseException:
                self._give_back(conn)
                self._local.release()
                raise
            self._conn = conn
        self._depth += 1
        return True

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._conn is not None:
            conn, self._conn = self._conn, None
            try:
                conn.execute("SELECT pg_advisory_unlock(%s)", (self.KEY,))
            finally:
                self._give_back(conn)
        self._local.release()

    def _give_back(self, conn: psycopg.Connection) -> None:
        conn.autocommit = False
        self._database().pool.putconn(conn)

    def __enter__(self) -> SharedWriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
