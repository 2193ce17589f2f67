"""Originals: the bytes of each document's file, uploaded or ingested from a folder, kept where the knowledge
base keeps them (``KnowledgeBase.original_path``: by id in the data folder, or by content hash in
``KB_ORIGINALS_DIR``), so that ``GET /v1/documents/{id}/original`` and the page view serve them."""

from __future__ import annotations

import hashlib
import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from kb.service import KnowledgeBase

if TYPE_CHECKING:
    from ingest.pipeline import Outcome

log = logging.getLogger(__name__)


def keep_original(kb: KnowledgeBase, outcome: Outcome, data: bytes) -> None:
    """The file's bytes where the knowledge base keeps originals (``KnowledgeBase.original_path``: by
    content hash with ``KB_ORIGINALS_DIR``), uploaded or ingested from a folder; also for an unchanged
    document whose original is missing (an earlier try failed, or it was ingested before they were kept).
    The caller holds the write lock."""
    if not outcome.doc_id:
        return
    path = kb.original_path(outcome.doc_id)
    if outcome.status in ("added", "updated") or (outcome.status == "unchanged" and not path.exists()):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
        partial.write_bytes(data)
        partial.replace(path)  # whole or not at all, also on a shared volume another process reads


def keep_file(kb: KnowledgeBase, path: Path, sha: str, outcome: Outcome) -> None:
    """A folder's file kept as its original once written: read again (the batch does not hold every file's
    bytes), and only when it still has the bytes that were ingested (else the next ingest keeps it)."""
    if outcome.status not in ("added", "updated", "unchanged"):
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.warning("%s: the original is not kept (%s)", path.name, exc.strerror)
        return
    if hashlib.sha256(data).hexdigest() == sha:
        keep_original(kb, outcome, data)
