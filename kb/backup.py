"""Backups, restores and the move from the embedded store to a Qdrant server, without re-embedding.

A backup folder holds everything a knowledge base needs, from either backend:

    manifest.json          what and when: counts, embedder, pipeline, backend
    points.jsonl.gz        every passage: id, dense vector, sparse vector, payload
    catalog.sqlite         documents, texts, hashes, records (SQLite online backup: consistent)
    cache/embeddings.sqlite, originals/   the embedding cache and uploaded originals

``restore`` fills an empty data folder (or an empty server collection) from it; ``migrate`` copies
the embedded store's points into a server collection directly.
"""

from __future__ import annotations

import base64
import gzip
import json
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from kb.config import Settings
from kb.errors import Conflict, InputError
from kb.service import KnowledgeBase
from kb.sparse import Sparse
from kb.store import Point, Store

FORMAT = 1
BATCH = 512


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
    if folder.exists() and any(folder.iterdir()):
        raise InputError(f"{folder} is not empty: back up into a new folder", code="backup_exists")
    folder.mkdir(parents=True, exist_ok=True)
    with kb.write_lock:
        kb.store.flush()
        written = 0
        with gzip.open(folder / "points.jsonl.gz", "wt", encoding="utf-8") as out:
            for point in kb.store.export():
                out.write(_encode(point) + "\n")
                written += 1
        data = kb.settings.data_dir
        _copy_sqlite(data / "catalog.sqlite", folder / "catalog.sqlite")
        if (data / "cache" / "embeddings.sqlite").exists():
            _copy_sqlite(data / "cache" / "embeddings.sqlite", folder / "cache" / "embeddings.sqlite")
        if (data / "originals").exists():
            shutil.copytree(data / "originals", folder / "originals")
        manifest = {"format": FORMAT, "created": datetime.now(UTC).isoformat(timespec="seconds"),
                    "points": written, "documents": len(kb.catalog.records()), "embedder": kb.embedder.name,
                    "backend": "server" if kb.settings.qdrant_url else "embedded"}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def restore(folder: Path, settings: Settings) -> dict[str, Any]:
    """Fill an empty knowledge base (``settings``) from a backup folder."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise InputError(f"{folder} is not a backup (no manifest.json)", code="not_a_backup")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise InputError(f"backup format {manifest.get('format')} is not supported", code="bad_backup")
    data = settings.data_dir
    if (data / "catalog.sqlite").exists():
        raise Conflict(f"{data} already holds a knowledge base: restore into an empty data folder")
    _copy_sqlite(folder / "catalog.sqlite", data / "catalog.sqlite")
    if (folder / "cache" / "embeddings.sqlite").exists():
        _copy_sqlite(folder / "cache" / "embeddings.sqlite", data / "cache" / "embeddings.sqlite")
    if (folder / "originals").exists():
        shutil.copytree(folder / "originals", data / "originals", dirs_exist_ok=True)
    kb = KnowledgeBase(settings)
    try:
        if kb.store.count():
            raise Conflict("the target store is not empty: restore into an empty store")
        with gzip.open(folder / "points.jsonl.gz", "rt", encoding="utf-8") as lines:
            restored = copy_points(_ImportStore(lines), kb.store)
        kb.optimize()
    finally:
        kb.close()
    return {**manifest, "restored_points": restored}


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
