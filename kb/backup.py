"""Backups, restores and the move from the embedded store to a Qdrant server, without re-embedding.

A backup folder holds everything a knowledge base needs, from either backend:

    manifest.json          what and when: counts, embedder, backend, every file's size and sha256
    points.jsonl.gz        every passage: id, dense vector, sparse vector, payload
    catalog.sqlite         documents, texts, hashes, records (SQLite online backup: consistent)
    cache/embeddings.sqlite, originals/   the embedding cache and uploaded originals
    jobs/                  the upload jobs (``search_api.journal``): accepted uploads not yet ingested, with
                           their bytes, are run when a server starts over the restored folder

``restore`` verifies a backup (checksums, counts) and fills an empty data folder (or an empty server
collection) from it, built beside the data folder and renamed into place; ``migrate`` copies the
embedded store's points into a server collection directly.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from kb.check import check
from kb.config import Settings
from kb.errors import Conflict, InputError
from kb.service import KnowledgeBase
from kb.sparse import Sparse
from kb.store import Point, Store

FORMAT = 2  # 1: no checksums (still restored, verified by counts)
BATCH = 512
MANIFEST, POINTS, CATALOG, CACHE = "manifest.json", "points.jsonl.gz", "catalog.sqlite", "cache/embeddings.sqlite"
JOBS = "jobs"  # the upload jobs' folder in a data folder (search_api.journal)


def _encode(point: Point) -> str:
    dense = base64.b64encode(np.asarray(point.dense, dtype=np.float32).tobytes()).decode()
    return json.dumps({"id": point.id, "dense": dense, "indices": point.sparse.indices,
                       "values": point.sparse.values, "payload": point.payload}, ensure_ascii=False)


def _decode(line: str) -> Point:
    row = json.loads(line)
    dense = np.frombuffer(base64.b64decode(row["dense"]), dtype=np.float32).tolist()
    return Point(row["id"], dense, Sparse(row["indices"], row["values"]), row["payload"])


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API, not a file copy)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def _batched(points: Iterable[Point]) -> Iterator[list[Point]]:
    batch: list[Point] = []
    for point in points:
        batch.append(point)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def copy_points(source: Store, target: Store) -> int:
    copied = 0
    for batch in _batched(source.export()):
        target.upsert(batch)
        copied += len(batch)
    target.flush()
    return copied


def backup(kb: KnowledgeBase, folder: Path) -> dict[str, Any]:
    """Copy the knowledge base into a new folder while it keeps serving: under the write lock (no
    upload or delete lands half-way), the store's points exported and the catalog and cache copied by
    SQLite's online backup. The manifest is written last, with every file's size and sha256: a folder
    without one is no backup."""
    _refuse_database(kb.settings)
    if folder.exists() and any(folder.iterdir()):
        raise InputError(f"{folder} is not empty: back up into a new folder", code="backup_exists")
    folder.mkdir(parents=True, exist_ok=True)
    with kb.write_lock:
        kb.store.flush()
        written = 0
        with gzip.open(folder / POINTS, "wt", encoding="utf-8") as out:
            for point in kb.store.export():
                out.write(_encode(point) + "\n")
                written += 1
        data = kb.settings.data_dir
        _copy_sqlite(data / CATALOG, folder / CATALOG)
        if (data / CACHE).exists():
            _copy_sqlite(data / CACHE, folder / CACHE)
        records = kb.catalog.records()
        if (data / "originals").exists():  # those of the documents only: a deleted one's bytes stay behind
            known = {r["doc_id"] for r in records}
            shutil.copytree(data / "originals", folder / "originals",
                            ignore=lambda _, names: [n for n in names if n not in known])
        pending = _copy_jobs(data / JOBS, folder / JOBS)
        listed = sum(r.get("chunks", 0) for r in records)
        if listed != written:
            shutil.rmtree(folder)
            raise Conflict(f"the store holds {written} passages and the catalog lists {listed}: run "
                           "'kb check --repair' before backing up", code="data_inconsistent")
        manifest = {"format": FORMAT, "created": datetime.now(UTC).isoformat(timespec="seconds"),
                    "points": written, "documents": len(records), "pending_uploads": pending,
                    "embedder": kb.embedder.name,
                    "backend": "server" if kb.settings.qdrant_url else "embedded", "files": _checksums(folder)}
    partial = folder / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    partial.rename(folder / MANIFEST)
    return manifest


def _copy_jobs(source: Path, target: Path) -> int:
    """The upload jobs, each whole (the journal writes a file under a temporary name, then renames it): a
    job's ``.json``, then the bytes of one not finished (written before its ``.json``). A job that finishes
    meanwhile has its bytes removed after its final ``.json`` is written: that one is copied again. The
    number of jobs not finished."""
    if not source.is_dir():
        return 0
    target.mkdir(parents=True)
    pending = 0
    for path in sorted(source.glob("*.json")):
        with contextlib.suppress(FileNotFoundError):  # a finished job forgotten meanwhile
            shutil.copy2(path, target / path.name)
            if path.name == "deleted.json" or _finished(target / path.name):
                continue
            try:
                shutil.copy2(path.with_suffix(".bin"), target / f"{path.stem}.bin")
                pending += 1
            except FileNotFoundError:  # it finished while being copied
                shutil.copy2(path, target / path.name)
    return pending


def _finished(job: Path) -> bool:
    try:
        return json.loads(job.read_text(encoding="utf-8")).get("status") in ("done", "failed")
    except (ValueError, AttributeError):
        return True  # unreadable: the server skips it too


def _refuse_database(settings: Settings) -> None:
    """A catalog in PostgreSQL is not in the data folder: its backups are the database's own (pg_dump)."""
    if settings.database_url:
        raise InputError("with KB_DATABASE_URL the catalog and jobs are in PostgreSQL: back them up with pg_dump "
                         "and the vectors with Qdrant's snapshots (deploy/README.md)", code="backup_database",
                         vi="Khi dùng KB_DATABASE_URL, danh mục nằm trong PostgreSQL: hãy sao lưu bằng pg_dump "
                            "và ảnh chụp (snapshot) của Qdrant (xem deploy/README.md).")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _checksums(folder: Path) -> dict[str, dict[str, Any]]:
    return {p.relative_to(folder).as_posix(): {"bytes": p.stat().st_size, "sha256": _sha256(p)}
            for p in sorted(folder.rglob("*")) if p.is_file()}


class BackupDamaged(InputError):
    code = "bad_backup"
    operator = True


def _damaged(folder: Path, what: str, vi: str) -> BackupDamaged:
    return BackupDamaged(f"the backup {folder} is damaged or incomplete ({what}); nothing was restored",
                         vi=f"Bản sao lưu {folder} bị hỏng hoặc không đầy đủ ({vi}); chưa khôi phục gì, "
                            "thư mục dữ liệu hiện có vẫn giữ nguyên. Hãy dùng một bản sao lưu khác.")


def verify(folder: Path) -> dict[str, Any]:
    """The backup's manifest, once every file it lists has its size and checksum and the passages
    file reads to its end with the number of passages the manifest says; else ``BackupDamaged``."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupDamaged(f"{folder} is not a backup (no {MANIFEST})", code="not_a_backup",
                            vi=f"{folder} không phải là bản sao lưu (thiếu {MANIFEST}).") from exc
    except (ValueError, OSError) as exc:
        raise _damaged(folder, f"{MANIFEST} cannot be read", f"không đọc được {MANIFEST}") from exc
    if manifest.get("format") not in (1, FORMAT):
        raise InputError(f"backup format {manifest.get('format')} is not supported", code="bad_backup")
    for name, expected in manifest.get("files", {}).items():  # format 1 had no checksums
        path = folder / name
        if not path.is_file() or path.stat().st_size != expected["bytes"]:
            raise _damaged(folder, f"{name} is missing or has another size", f"thiếu tệp {name} hoặc sai kích thước")
        if _sha256(path) != expected["sha256"]:
            raise _damaged(folder, f"{name} does not match its checksum", f"tệp {name} sai mã kiểm tra sha256")
    if not (folder / CATALOG).is_file():
        raise _damaged(folder, f"{CATALOG} is missing", f"thiếu tệp {CATALOG}")
    try:
        with gzip.open(folder / POINTS, "rt", encoding="utf-8") as lines:
            found = sum(1 for line in lines if line.strip())
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise _damaged(folder, f"{POINTS} cannot be read to its end", f"tệp {POINTS} bị cắt cụt hoặc hỏng") from exc
    if found != manifest.get("points"):
        raise _damaged(folder, f"{found} passages in {POINTS}, {manifest.get('points')} in {MANIFEST}",
                      f"{POINTS} có {found} đoạn văn, {MANIFEST} ghi {manifest.get('points')}")
    return manifest


def restore(folder: Path, settings: Settings) -> dict[str, Any]:
    """Fill an empty data folder (``settings.data_dir``; with a server, also an empty collection) from
    a verified backup: everything is built in a new folder beside it and checked (``kb.check``: every
    document's passages there), then renamed into place in one step. A damaged backup is refused
    before anything is written; a failure on the way leaves the data folder as it was."""
    _refuse_database(settings)
    manifest = verify(folder)
    data = settings.data_dir
    if data.exists() and any(data.iterdir()):
        raise Conflict(f"{data} already holds a knowledge base: restore into an empty data folder")
    data.parent.mkdir(parents=True, exist_ok=True)
    building = data.parent / f".{data.name}.restoring-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    try:
        restored = _build(folder, manifest, settings.model_copy(update={"data_dir": building}))
        os.replace(building, data)  # an empty folder is replaced in one step (rename(2))
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return {**manifest, "restored_points": restored}


def _build(folder: Path, manifest: dict[str, Any], settings: Settings) -> int:
    data = settings.data_dir
    _copy_sqlite(folder / CATALOG, data / CATALOG)
    if (folder / CACHE).exists():
        _copy_sqlite(folder / CACHE, data / CACHE)
    for name in ("originals", JOBS):
        if (folder / name).exists():
            shutil.copytree(folder / name, data / name)
    kb = KnowledgeBase(settings)
    try:
        if kb.store.count():
            raise Conflict("the target store is not empty: restore into an empty store")
        with gzip.open(folder / POINTS, "rt", encoding="utf-8") as lines:
            restored = copy_points(_ImportStore(lines), kb.store)
        report = check(kb)
        if not report.ok or report.documents != manifest["documents"]:
            what = "; ".join(p.detail for p in report.problems[:3]) or f"{report.documents} documents"
            raise _damaged(folder, what, f"{len(report.problems)} văn bản thiếu đoạn văn hoặc không khớp danh mục")
        kb.optimize()
    finally:
        kb.close()
    return restored


class _ImportStore:
    """The points of a backup file, read lazily, seen through ``Store.export``."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = lines

    def export(self) -> Iterator[Point]:
        return (_decode(line) for line in self._lines if line.strip())


def migrate(settings: Settings, target: Store) -> dict[str, int]:
    """Copy the embedded store's passages into ``target`` (a Qdrant server's collection), vectors and
    all: nothing is embedded again. The catalog and caches stay in the data folder."""
    kb = KnowledgeBase(settings.model_copy(update={"qdrant_url": None}))
    try:
        if target.count():
            raise Conflict("the target collection is not empty")
        copied = copy_points(kb.store, target)
        return {"copied": copied, "source": kb.store.count(), "target": target.count()}
    finally:
        kb.close()
