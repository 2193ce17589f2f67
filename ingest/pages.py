"""A PDF page as a PNG picture, for the page view of a document's original (``GET
/v1/documents/{id}/pages/{n}.png``). It reads an untrusted file, so it runs in the sandbox's child
process (``ingest.sandbox.isolated``) with the parse steps' time and memory limits."""

from __future__ import annotations

MAX_SIDE = 2400  # pixels: a poster-sized page is drawn smaller than its DPI asks


def render_page(data: bytes, page: int, dpi: int) -> tuple[int, bytes | None]:
    """The PDF's number of pages, and page ``page`` (1-based) at ``dpi`` as PNG bytes (None past the last page)."""
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        if not 1 <= page <= doc.page_count:
            return doc.page_count, None
        sheet = doc[page - 1]
        zoom = min(dpi / 72, MAX_SIDE / max(sheet.rect.width, sheet.rect.height, 1))
        return doc.page_count, sheet.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom)).tobytes("png")
