"""Does the data folder hold together? Store ↔ catalog ↔ originals, and files that cannot be read.

``check`` reads everything once: the catalog (SQLite ``quick_check``, every record), every passage's
payload in the store (a damaged payload page fails here, not on a user's search) and the folder of
uploaded originals. It finds:

    catalog_damaged      the catalog's SQLite file is corrupt              not repairable: restore a backup
    store_damaged        the store cannot read its passages                not repairable: restore a backup
    passages_missing     a document has fewer passages than its record     re-indexed from its stored text
    passages_extra       … more passages than its record                   re-indexed from its stored text
    orphan_passages      passages of a document the catalog does not know  dropped
    text_missing         a record without its stored text (cannot be re-indexed)    reported
    orphan_original      an original in ``originals/`` of no document      dropped
    original_missing     an uploaded document whose original is gone       reported
    delete_unfinished    a delete was cut short (marked, not ended)        finished: the document deleted

With ``reindex`` (a function ``doc_id → passages``; ``kb`` does not chunk or embed, ``ingest``
does) the repairable problems are repaired and each problem says what was done. ``readiness`` is the
cheap comparison ``/readyz`` makes on every call: the store's count against the catalog's, and no delete
cut short.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable

from pydantic import BaseModel, Field

from kb import disk
from kb.errors import DataDamaged, KBError, Unavailable
from kb.service import KnowledgeBase

log = logging.getLogger("kb")

DAMAGE = ("catalog_damaged", "store_damaged")
Reindex = Callable[[str], int]


class Problem(BaseModel):
    kind: str
    doc_id: str | None = None
    detail: str
    action: str | None = None  # what the repair did ("reindexed", "dropped"); None: nothing (yet)
    sha256: str | None = Field(default=None, exclude=True)  # of a delete cut short: where its original is


class CheckReport(BaseModel):
    ok: bool  # nothing left to repair
    documents: int
    passages: int
    problems: list[Problem]

    @property
    def damaged(self) -> list[Problem]:
        return [p for p in self.problems if p.kind in DAMAGE]


def _store_counts(kb: KnowledgeBase) -> tuple[Counter[str], str | None]:
    """Passages per document, read from every payload (a damaged page raises here), or the damage."""
    counts: Counter[str] = Counter()
    try:
        for hit in kb.store.scroll():
            counts[str(hit.payload.get("doc_id"))] += 1
    except DataDamaged as exc:  # e.g. its write-ahead log
        return counts, exc.message
    except KBError:
        raise  # e.g. a Qdrant server that cannot be reached: not damage of the data folder
    except Exception as exc:  # the engine raises plain Exception ("Failed to decode value …")
        return counts, f"the store cannot read its passages: {str(exc)[:200]}"
    return counts, None


def _records(kb: KnowledgeBase) -> tuple[dict[str, dict], str | None]:
    try:
        return {r["doc_id"]: r for r in kb.catalog.records()}, None
    except (sqlite3.DatabaseError, ValueError) as exc:
        return {}, f"the catalog's records cannot be read: {exc}"


def _unfinished(kb: KnowledgeBase, records: dict[str, dict], counts: Counter[str]) -> list[Problem]:
    """Deletes cut short."""
    problems = []
    for doc_id, mark in sorted(kb.catalog.deleting().items()):
        record = records.get(doc_id, {"source": doc_id})
        problems.append(Problem(kind="delete_unfinished", doc_id=doc_id,
                                detail=f"{record['source']}: its delete was cut short ({counts.get(doc_id, 0)} "
                                       f"passages left)", sha256=mark.get("sha256")))
    return problems


def _drift(kb: KnowledgeBase, records: dict[str, dict], counts: Counter[str]) -> list[Problem]:
    problems = []
    for doc_id, record in sorted(records.items()):
        found, expected = counts.get(doc_id, 0), record.get("chunks", 0)
        if found == expected:
            continue
        kind = "passages_missing" if found < expected else "passages_extra"
        problems.append(Problem(kind=kind, doc_id=doc_id,
                                detail=f"{record['source']}: {found} passages in the store, {expected} in the catalog"))
    for doc_id in sorted(counts.keys() - records.keys()):
        problems.append(Problem(kind="orphan_passages", doc_id=doc_id,
                                detail=f"{counts[doc_id]} passages of a document the catalog does not know"))
    for doc_id in sorted(d for d in records if not kb.catalog.docstore.document_exists(d)):
        problems.append(Problem(kind="text_missing", doc_id=doc_id,
                                detail=f"{records[doc_id]['source']}: no stored text to re-index from"))
    return problems


def _originals(kb: KnowledgeBase, records: dict[str, dict]) -> list[Problem]:
    if kb.settings.originals_dir is not None:  # shared by content hash: only what is missing is checked
        return [Problem(kind="original_missing", doc_id=doc_id,
                        detail=f"{record['source']}: the uploaded file is not in KB_ORIGINALS_DIR")
                for doc_id, record in sorted(records.items())
                if record.get("uploaded") and not kb.original_path(doc_id, record.get("sha256")).is_file()]
    folder = kb.settings.data_dir / "originals"
    present = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    problems = [Problem(kind="orphan_original", doc_id=name, detail=f"originals/{name} belongs to no document")
                for name in sorted(present - records.keys())]
    problems += [Problem(kind="original_missing", doc_id=doc_id,
                         detail=f"{records[doc_id]['source']}: the uploaded file is not in originals/")
                 for doc_id in sorted(records.keys() - present) if records[doc_id].get("uploaded")]
    return problems


def check(kb: KnowledgeBase, reindex: Reindex | None = None) -> CheckReport:
    """Everything ``kb check`` verifies; with ``reindex``, repaired under the write lock."""
    with kb.write_lock:
        problems: list[Problem] = []
        if damage := kb.catalog.damage():
            problems.append(Problem(kind="catalog_damaged", detail=damage))
        records, damage = _records(kb)
        if damage and not problems:
            problems.append(Problem(kind="catalog_damaged", detail=damage))
        counts, damage = _store_counts(kb)
        if damage:
            problems.append(Problem(kind="store_damaged", detail=damage))
        if not problems:  # drift is only worth reading over data that can be read
            problems = _unfinished(kb, records, counts)
            cut = {p.doc_id for p in problems}  # left out of the drift: never re-indexed
            problems += _drift(kb, {d: r for d, r in records.items() if d not in cut},
                               Counter({d: n for d, n in counts.items() if d not in cut})) + _originals(kb, records)
            if reindex is not None:
                for problem in problems:
                    _repair(kb, problem, reindex)
        left = [p for p in problems if p.action is None and p.kind != "original_missing"]
        return CheckReport(ok=not left, documents=len(records), passages=sum(counts.values()), problems=problems)


def _repair(kb: KnowledgeBase, problem: Problem, reindex: Reindex) -> None:
    doc_id = problem.doc_id or ""
    if problem.kind in ("passages_missing", "passages_extra"):
        problem.action = f"reindexed: {reindex(doc_id)} passages"
    elif problem.kind == "orphan_passages":
        kb.store.delete_doc(doc_id)
        kb.store.flush()
        kb.catalog.forget(doc_id)  # and any text or hash left of it, so a new upload is indexed afresh
        problem.action = "dropped"
    elif problem.kind == "delete_unfinished":
        kb.finish_delete(doc_id, problem.sha256)
        problem.action = "deleted"
    elif problem.kind == "orphan_original":
        path = kb.settings.data_dir / "originals" / doc_id
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
        problem.action = "dropped"
    if problem.action:
        log.warning("kb check: %s %s: %s", problem.kind, doc_id, problem.action)


def readiness(kb: KnowledgeBase) -> None:
    """The cheap checks of ``/readyz``: a ``KBError`` (503) when the data folder's disk is nearly full
    or the store and catalog disagree on the number of passages (skipped while a write is under way:
    between its store write and its record they differ by design)."""
    free_mb = disk.free_mb(kb.settings.data_dir)
    if free_mb < kb.settings.min_free_disk_mb:
        raise Unavailable(f"the data folder's disk is nearly full ({free_mb} MB free, "
                          f"KB_MIN_FREE_DISK_MB={kb.settings.min_free_disk_mb})", code="disk_nearly_full",
                          vi=f"Ổ đĩa chứa dữ liệu sắp đầy (còn {free_mb} MB): tài liệu mới có thể không lưu được. "
                             "Hãy báo quản trị viên giải phóng dung lượng.")
    if not kb.write_lock.acquire(blocking=False):
        return
    try:
        unfinished = kb.catalog.deleting()
        stored, listed = kb.store.count(), sum(r.get("chunks", 0) for r in kb.catalog.records())
    finally:
        kb.write_lock.release()
    if unfinished:
        names = ", ".join(sorted(unfinished))
        raise Unavailable(f"the delete of {names} was cut short: run 'kb check --repair' (or restart the server)",
                          code="data_inconsistent",
                          vi=f"Việc xóa văn bản {names} chưa hoàn tất: hãy báo quản trị viên chạy "
                             "'kb check --repair' (hoặc khởi động lại máy chủ).")
    if stored != listed:
        raise Unavailable(f"the store holds {stored} passages, the catalog lists {listed}: run 'kb check --repair'",
                          code="data_inconsistent",
                          vi=f"Kho đoạn văn ({stored} đoạn) và danh mục văn bản ({listed} đoạn) không khớp nhau: "
                             "hãy báo quản trị viên chạy 'kb check --repair'.")
