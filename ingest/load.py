"""Load a file into clean text with structural hints: PDF, DOCX, Markdown, plain text, HTML.

The format is decided by the file's content (its signature), not by its name; a name that lies
gets a clear refusal. Every failure is a ``DocumentUnreadable`` or ``UnsupportedFormat`` naming the file.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from ingest.layout import header_columns
from ingest.markdown import load_markdown, wrap_style, write_plain
from ingest.pdf import load_pdf
from ingest.textbuilder import Loaded, TextBuilder
from kb.errors import DocumentUnreadable, UnsupportedFormat

SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".md": "markdown", ".markdown": "markdown",
            ".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}


def sniff(data: bytes, name: str) -> str:
    """The format from the content; the suffix only separates the text formats from each other."""
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(_BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile as exc:
            raise DocumentUnreadable(f"{name}: damaged ZIP/DOCX container",
                                     vi=f"{name}: tệp ZIP/DOCX bị hỏng.") from exc
        raise UnsupportedFormat(f"{name}: archives are not accepted; upload the documents themselves",
                                vi=f"{name}: không nhận tệp nén; hãy tải lên từng văn bản.")
    if suffix in (".pdf", ".docx"):
        raise DocumentUnreadable(f"{name}: named {suffix} but the content is not a {suffix[1:].upper()} file",
                                 vi=f"{name}: tên tệp là {suffix} nhưng nội dung không phải tệp {suffix[1:].upper()}.")
    kind = SUFFIXES.get(suffix)
    if kind is None:
        raise UnsupportedFormat(f"{name}: unsupported file type {suffix or '(no extension)'}; "
                                "use PDF, DOCX, TXT, MD or HTML",
                                vi=f"{name}: không hỗ trợ loại tệp {suffix or '(không có đuôi)'}; "
                                "hãy dùng PDF, DOCX, TXT, MD hoặc HTML.")
    if kind == "text" and re.match(rb"\s*<(!doctype html|html)", data[:200], re.I):
        return "html"
    return kind


def _BytesIO(data: bytes):
    import io

    return io.BytesIO(data)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258 if it reads as Vietnamese."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise DocumentUnreadable(f"{name}: binary content, not text",
                                 vi=f"{name}: nội dung nhị phân, không phải văn bản.")
    text = data.decode("cp1258", errors="replace")
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    if "\ufffd" in text or letters < 0.8 * len(text):
        raise DocumentUnreadable(f"{name}: text is neither UTF-8, UTF-16 nor Windows-1258",
                                 vi=f"{name}: bảng mã không phải UTF-8, UTF-16 hay Windows-1258.")
    return text


# -- text ------------------------------------------------------------------------------------------

# A scraped article's dateline left at the start of its text: " date 2020-10 “Đề án …"
_DATELINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s+")


def load_text(text: str) -> Loaded:
    builder = TextBuilder()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    published = None
    if lines and (dateline := _DATELINE.match(lines[0])):
        lines[0] = lines[0][dateline.end():]  # not text of the article, but its date (header.py reads it)
        published = dateline.group(1)
    lines = header_columns(lines)
    write_plain(builder, lines, wrap_style(lines))
    loaded = builder.build()
    if published:
        loaded.meta["published"] = published
    return loaded


# -- HTML ------------------------------------------------------------------------------------------

class _HTMLText(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "tr", "section", "article", "table", "ul", "ol", "title",
             "h1", "h2", "h3", "h4", "h5", "h6"}
    SKIP = {"script", "style", "head", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = TextBuilder()
        self._buf: list[str] = []
        self._cells: list[str] | None = None
        self._skip = 0
        self._heading = 0
        self._in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "tr":
            self.close_row()  # a row inside a cell (nested table) or after an unclosed one
            self._flush()
            self._cells = []
        elif tag in ("td", "th") and self._cells is not None:
            if self._in_cell:  # "<td>a<td>b": the first cell ends where the next begins
                self.handle_endtag(tag)
            self._buf = []
            self._in_cell = True
        elif tag in self.BLOCK:
            self._flush()
            if tag[0] == "h" and tag[1:].isdigit():
                self._heading = int(tag[1:])

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._cells is not None:
            self._cells.append(" ".join("".join(self._buf).split()))
            self._buf = []
            self._in_cell = False
        elif tag == "tr" and self._cells is not None:
            self.builder.line(" | ".join(self._cells), "table_row")
            self._cells = None
        elif tag in self.BLOCK:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._buf.append(data)

    def close_row(self):
        """End the open cell and row, if any, keeping their text."""
        if self._in_cell:
            self.handle_endtag("td")
        if self._cells is not None:
            self.handle_endtag("tr")

    def _flush(self):
        if self._cells is not None:
            return
        text = "".join(self._buf)
        self._buf = []
        if text.strip():
            if self._heading:
                self.builder.blank()
                self.builder.line(text, "heading", self._heading)
            else:
                for line in text.split("\n"):
                    self.builder.line(line)
        self._heading = 0


def load_html(text: str) -> Loaded:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    parser.close_row()  # a row left open at the end of the file keeps its cells
    parser._flush()
    return parser.builder.build()


# -- PDF and DOCX ----------------------------------------------------------------------------------

def load_docx(data: bytes, name: str) -> Loaded:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(_BytesIO(data))
    except Exception as exc:
        if "Excessive depth" in str(exc):  # libxml2 stops at 256 levels of XML (e.g. ~80 tables in tables)
            raise DocumentUnreadable(f"{name}: the document is nested too deeply to be read (more than 256 levels "
                                     "of XML, e.g. tables inside tables inside tables)",
                                     vi=f"{name}: văn bản lồng nhau quá sâu để đọc (hơn 256 cấp, "
                                     "ví dụ bảng trong bảng trong bảng).") from exc
        raise DocumentUnreadable(f"{name}: damaged DOCX ({exc})", vi=f"{name}: tệp DOCX bị hỏng.") from exc
    builder = TextBuilder()
    # Heading levels by style id, read once: looking up ``paragraph.style`` scans every style each time
    # (5 s for a file with 2,779 styles).
    levels = {s.style_id: int(s.name.split()[-1]) for s in document.styles
              if s.name and s.name.startswith("Heading") and s.name.split()[-1].isdigit()}
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            p_pr = item._p.pPr
            level = levels.get(p_pr.pStyle.val, 0) if p_pr is not None and p_pr.pStyle is not None else 0
            for line in item.text.split("\n"):
                builder.line(line, "heading" if level else None, level)
            builder.blank()
        elif isinstance(item, Table):
            _docx_table(builder, item)
    return builder.build()


def _docx_table(builder: TextBuilder, table) -> None:
    builder.blank()
    for index, row in enumerate(table.rows):
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(_docx_cell_text(cell).split())
            if not cells or text != cells[-1]:  # merged cells repeat their text
                cells.append(text)
        builder.line(" | ".join(cells), "table_header" if index == 0 else "table_row")
    builder.blank()


def _docx_cell_text(cell) -> str:
    """A cell's paragraphs and those of the tables nested in it, in order (``cell.text`` skips nested
    tables). Walked with a stack, not recursion: nesting depth costs no Python stack."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    paragraph, table, row, inner_cell = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
    parts: list[str] = []
    stack = [iter(cell._tc)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
        elif element.tag == paragraph:
            parts.append(Paragraph(element, cell).text)
        elif element.tag in (table, row, inner_cell):
            stack.append(iter(element))
    return "\n".join(parts)


# -- entry point -----------------------------------------------------------------------------------

_TEXT_LOADERS: dict[str, Callable[[str], Loaded]] = {
    "markdown": load_markdown, "text": load_text, "html": load_html}


def load_bytes(data: bytes, name: str) -> tuple[str, Loaded]:
    """(format, loaded text) for the bytes of a file called ``name``."""
    if not data.strip():
        raise DocumentUnreadable(f"{name}: the file is empty", vi=f"{name}: tệp rỗng.")
    kind = sniff(data, name)
    if kind == "pdf":
        loaded = load_pdf(data, name)
    elif kind == "docx":
        loaded = load_docx(data, name)
    else:
        loaded = _TEXT_LOADERS[kind](decode_text(data, name))
    if not loaded.text.strip() and not loaded.meta.get("needs_ocr"):  # a scan without OCR is kept, flagged
        raise DocumentUnreadable(f"{name}: no text could be extracted", vi=f"{name}: không trích xuất được chữ nào.")
    return kind, loaded


def load_file(path: Path) -> tuple[str, Loaded]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentUnreadable(f"{path.name}: cannot be read ({exc.strerror})",
                                 vi=f"{path.name}: không đọc được tệp.") from exc
    return load_bytes(data, path.name)
