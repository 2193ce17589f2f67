"""Hostile and pathological files, generated in memory (nothing large is committed).

* ``flate_bomb_pdf``: a ~20 KB PDF whose page content inflates (FlateDecode twice) to gigabytes of
  text-show operators;
* ``nested_forms_pdf``: a ~8 KB "endless page": form XObjects that each draw the next twice, 2^depth draws;
* ``path_bomb_pdf``: gigabytes of line-drawing operators (no text, so memory stays low: only time stops it);
* ``nested_tables_docx``: tables inside tables, ``depth`` levels;
* deep HTML, Markdown and bracketed text.
"""

from __future__ import annotations

import io
import zipfile
import zlib

TEXT_SHOW = b"BT /F1 1 Tf 10 10 Td (aaaaaaaa) Tj ET\n"
LINE = b"0 0 m 1 1 l S\n"


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of these object bodies (numbered from 1, object 1 the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), entries, data)


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def inflating_to(size: int, unit: bytes) -> bytes:
    """A zlib stream that inflates to ``size`` bytes of ``unit`` repeated, without compressing them:
    one compressed MB, flushed so that it ends on a byte boundary, is repeated."""
    chunk = unit * ((1 << 20) // len(unit))
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert first[2:] == block  # after the 2-byte header, every MB compresses to the same bytes
    copies = size // len(chunk)
    checksum = 1
    for _ in range(copies):
        checksum = zlib.adler32(chunk, checksum)
    return first[:2] + block * copies + b"\x03\x00" + checksum.to_bytes(4, "big")  # empty final block, Adler-32


def bomb_stream(size: int, unit: bytes) -> bytes:
    """Page content compressed twice (``/Filter [/FlateDecode /FlateDecode]``): kilobytes for gigabytes."""
    return stream(zlib.compress(inflating_to(size, unit), 9), b"/Filter [/FlateDecode /FlateDecode]")


def page_pdf(contents: bytes, resources: bytes = b"/Font << /F1 5 0 R >>", extra: list[bytes] | None = None) -> bytes:
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << %s >> >>" % resources
    return pdf([_CATALOG, _PAGES, page, contents, _FONT, *(extra or [])])


def flate_bomb_pdf(gigabytes: int = 4) -> bytes:
    """Text-show operators: every one adds characters MuPDF keeps, so memory runs out first."""
    return page_pdf(bomb_stream(gigabytes << 30, TEXT_SHOW))


def path_bomb_pdf(gigabytes: int = 4) -> bytes:
    """Line-drawing operators only: text extraction keeps nothing of them, so only the time limit stops it."""
    return page_pdf(bomb_stream(gigabytes << 30, LINE))


def nested_forms_pdf(depth: int = 40) -> bytes:
    """Form XObject i draws form i+1 twice: 2^depth draws of the last one, from an 8 KB file."""
    forms = []
    for level in range(depth):
        forms.append(stream(b"/X Do /X Do", b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                                            b"/Resources << /XObject << /X %d 0 R >> >>" % (7 + level)))
    forms.append(stream(b"BT /F1 1 Tf 10 10 Td (a) Tj ET", b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                                                           b"/Resources << /Font << /F1 5 0 R >> >>"))
    return page_pdf(stream(b"/X Do"), b"/XObject << /X 6 0 R >> /Font << /F1 5 0 R >>", forms)


def nested_tables_docx(depth: int, lead: str = "KẾ HOẠCH bảng lồng nhau") -> bytes:
    """A DOCX (made by python-docx) whose body holds a table in a table … ``depth`` levels deep; the cell
    of level i says "ô i"."""
    import docx

    base = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(lead)
    document.save(base)
    source = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    xml = source.read("word/document.xml").decode()
    opening = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ô {}</w:t></w:r></w:p>"
    nested = "".join(opening.format(level) for level in range(depth)) + "<w:p/></w:tc></w:tr></w:tbl>" * depth
    xml = xml.replace("<w:sectPr", nested + "<w:p/><w:sectPr", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item.filename, xml if item.filename == "word/document.xml" else source.read(item.filename))
    return out.getvalue()


def nested_divs_html(depth: int, text: str) -> bytes:
    return f"<html><body>{'<div>' * depth}{text}{'</div>' * depth}</body></html>".encode()
