"""The page view of a PDF original: one page drawn as a PNG (``ingest.pages`` in the sandbox), kept in
``KnowledgeBase.page_cache`` (by the bytes' SHA-256; dropped with the document), so that a page is drawn
once per DPI and a new version of the document (other bytes) is drawn anew."""

from __future__ import annotations

import uuid
from pathlib import Path

from ingest.pages import render_page
from ingest.sandbox import isolated
from kb.errors import NotFound
from kb.service import KnowledgeBase


def page_png(kb: KnowledgeBase, doc_id: str, page: int, dpi: int) -> Path:
    """The PNG file of page ``page`` of the document's PDF original; 404 in the error shape when the document
    has no PDF original or no such page."""
    doc = kb.document(doc_id)
    original = kb.original_path(doc_id, doc.sha256)
    if doc.format != "pdf" or not original.is_file():
        raise NotFound(f"{doc.source!r} has no PDF original to show pages of",
                       vi=f"Văn bản {doc.source} không có tệp gốc PDF để xem trang.")
    if doc.pages is not None and page > doc.pages:
        raise _no_page(doc.source, page, doc.pages)
    cached = kb.page_cache(doc.sha256) / f"{page}-{dpi}.png"
    if cached.is_file():
        return cached
    s = kb.settings
    count, png = isolated(render_page, (original.read_bytes(), page, dpi), doc.source, s.parse_timeout_s,
                          s.parse_memory_mb)
    if png is None:
        raise _no_page(doc.source, page, count)
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(f".{cached.name}.{uuid.uuid4().hex[:8]}")
    partial.write_bytes(png)
    partial.replace(cached)  # whole or not at all: another request may read it meanwhile
    return cached


def _no_page(source: str, page: int, count: int) -> NotFound:
    return NotFound(f"{source!r} has {count} pages: there is no page {page}",
                    vi=f"Văn bản {source} có {count} trang, không có trang {page}.")
