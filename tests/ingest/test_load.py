"""Each loader on real files from ../shared, and on broken ones."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ingest.load import load_bytes, load_file
from kb.errors import DocumentUnreadable, UnsupportedFormat
from tests.conftest import SHARED

DOCS = SHARED / "documents"


def test_pdf_keeps_page_starts_and_vietnamese_text():
    kind, loaded = load_file(DOCS / "pdf" / "an_le_so_432021AL.pdf")
    assert kind == "pdf" and len(loaded.pages) == 6 and loaded.pages[0] == 0
    assert "ÁN LỆ SỐ 43/2021/AL" in loaded.text
    assert loaded.pages == sorted(loaded.pages)


def test_docx_reads_header_table_and_paragraphs_in_order():
    kind, loaded = load_file(DOCS / "docx" / "nghi_dinh_356_2025_ND_CP.docx")
    assert kind == "docx"
    assert loaded.text.index("Số: 356/2025/NĐ-CP") < loaded.text.index("Căn cứ Luật Tổ chức Chính phủ")
    assert any(b.kind == "table_row" for b in loaded.blocks)


def test_markdown_markup_becomes_plain_text_with_heading_hints():
    kind, loaded = load_file(DOCS / "NQ_57-NQ-TW_2024-12-22_BoChinhTri.md")
    assert kind == "markdown"
    assert "Số 57-NQ/TW" in loaded.text and "**" not in loaded.text and "\\-" not in loaded.text


def test_html_text_headings_and_table_rows():
    html = ("<html><head><style>p{}</style></head><body><h1>KẾ HOẠCH</h1><p>Mục tiêu &amp; nhiệm vụ</p>"
            "<table><tr><th>TT</th><th>Nhiệm vụ</th></tr><tr><td>1</td><td>Số hóa</td></tr></table>"
            "<script>alert(1)</script></body></html>").encode()
    kind, loaded = load_bytes(html, "kh.html")
    assert kind == "html"
    assert loaded.text == "KẾ HOẠCH\nMục tiêu & nhiệm vụ\nTT | Nhiệm vụ\n1 | Số hóa"
    assert [b.kind for b in loaded.blocks] == ["heading", "table_row", "table_row"]


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: letters precomposed, tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1258"])
def test_text_in_other_encodings_is_decoded(encoding):
    text = "Ủy ban nhân dân tỉnh Tây Ninh ban hành kế hoạch chuyển đổi số."
    raw = _cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    _, loaded = load_bytes(raw, "kh.txt")
    assert loaded.text == text


@pytest.mark.parametrize("data,name,error", [
    (b"", "empty.txt", DocumentUnreadable),
    (b"   \n ", "blank.md", DocumentUnreadable),
    (b"hello", "notes.exe", UnsupportedFormat),
    (b"plain text pretending", "fake.pdf", DocumentUnreadable),
    (b"%PDF-1.7\n1 0 obj <<", "truncated.pdf", DocumentUnreadable),
    (b"PK\x03\x04garbage", "broken.docx", DocumentUnreadable),
    (bytes(range(256)) * 8, "random.txt", DocumentUnreadable),
])
def test_broken_files_fail_with_a_message_naming_the_file(data, name, error):
    with pytest.raises(error) as caught:
        load_bytes(data, name)
    assert name in str(caught.value)


def test_zip_archive_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "xin chào")
    with pytest.raises(UnsupportedFormat, match="archives"):
        load_bytes(path.read_bytes(), "bundle.docx")


def test_encrypted_pdf_is_refused():
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "bí mật")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(DocumentUnreadable, match="encrypted"):
        load_bytes(data, "secret.pdf")


def _scanned_pdf(text: str) -> bytes:
    """A PDF whose only page is a picture of ``text``: no text layer, as a scanner makes it."""
    import pymupdf

    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    source = pymupdf.open()
    page = source.new_page(width=595, height=842)
    page.insert_font(fontname="dejavu", fontfile=font)
    page.insert_text((60, 100), text, fontname="dejavu", fontsize=16)
    picture = page.get_pixmap(dpi=200)
    scanned = pymupdf.open()
    scanned.new_page(width=595, height=842).insert_image(pymupdf.Rect(0, 0, 595, 842), pixmap=picture)
    return scanned.tobytes()


@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists(), reason="DejaVu font missing")
def test_scanned_pdf_is_read_by_ocr_or_flagged():
    import shutil

    kind, loaded = load_bytes(_scanned_pdf("Sở Thông tin và Truyền thông chủ trì"), "scan.pdf")
    assert kind == "pdf"
    if shutil.which("tesseract"):
        assert "Thông tin" in loaded.text and loaded.meta["ocr_pages"] == "1"
    else:
        assert loaded.meta["needs_ocr"] == "true" and "Tesseract is not installed" in loaded.warnings[0]


def test_scanned_pdf_without_tesseract_is_kept_and_flagged(monkeypatch):
    import ingest.pdf

    monkeypatch.setattr(ingest.pdf.shutil, "which", lambda name: None)
    _, loaded = load_bytes(_scanned_pdf("Kế hoạch chuyển đổi số"), "scan.pdf")
    assert loaded.text == "" and loaded.meta["needs_ocr"] == "true"
    assert "Tesseract is not installed" in loaded.warnings[0]
