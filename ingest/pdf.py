"""A PDF's text layer read as a document: paragraphs whole, tables as tables, scanned pages by OCR.

**Lines.** A PDF's text layer gives one line per printed line. A paragraph wrapped over five lines would be five
paragraphs ("hoạch, tổ chức triển khai, kiểm tra, giám sát …" a duty of its own). Where a paragraph ends is read from
the page: a line that stops short of the right margin ends one, unless it is centred (a title's lines are); centred
lines in different faces part (a title in bold over "(Kèm theo …)" in italics). Other lines are joined by the rules
that join a hard-wrapped Markdown export's (``ingest.markdown.write_plain``).

**Furniture.** What a PDF repeats at the top or foot of its pages — the gazette's running head "CÔNG BÁO/Số
286/Ngày 27-05-2026", page numbers — is not the document's text and is left out.

**Turned pages.** A landscape table printed sideways on an upright page has its lines running up the sheet; the page
is turned so that they read across (``_upright``), then read as any page.

**Tables.** Ruled tables are read by their grid (``ingest.pdf_tables``). A page with tables is written in bands from
top to bottom: the text above a table, the table, the text beside it (seldom any), and so on.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from typing import Any, NamedTuple

from ingest.markdown import CITED_PART, DANGLING, wrap_style, write_plain
from ingest.pdf_tables import OpenTable, merged_over_the_page, page_tables, table_rows
from ingest.textbuilder import Loaded, TextBuilder
from kb.errors import DocumentUnreadable

# Finding a page's tables costs about 0.1 s (PyMuPDF reads every character in Python): past this many pages with
# lines drawn a long PDF's remaining pages are read without, so that the parse stays well inside its time limit
# (``ingest.sandbox``). A count of pages, not of seconds: the same file gives the same text however busy the machine.
TABLE_PAGES = 150
SHORT_OF_MARGIN = 0.06  # of the page's width: a line ending this far before the margin ends its paragraph
EDGE = 0.12  # of the page's height: the top and foot where running heads and page numbers stand
_RUNNING_HEAD_LINES = 3  # lines above (below) a table that still opens (closes) its page: a running head, a page number


class PrintedLine(NamedTuple):
    text: str
    box: Any  # pymupdf.Rect, in the page as it is shown
    face: tuple[bool, bool]  # (bold, italic) of its first word


@dataclass
class Layout:
    """What a page's lines are measured against: where its full lines begin and end, and the document's furniture."""

    start: float
    end: float
    slack: float  # how far short of the margin a line may stop and still be full
    furniture: set[str]
    top: float  # lines above this …
    foot: float  # … or below this may be furniture
    lines: list[PrintedLine]  # the page's printed lines

    def is_furniture(self, line: PrintedLine) -> bool:
        return (line.box.y1 <= self.top or line.box.y0 >= self.foot) and _figures_blanked(line.text) in self.furniture


def write_page(builder: TextBuilder, page, tables: list, open_table: OpenTable | None,
               layout: Layout) -> OpenTable | None:
    """Write ``page``'s text and ``tables`` into ``builder`` in bands from top to bottom; returns the table that
    closes the page, which the next page's first table may go on with."""
    import pymupdf

    area = page.rect
    top = area.y0
    for table in tables:
        x0, y0, x1, y1 = table.bbox
        above = _lines(page, pymupdf.Rect(area.x0, top, area.x1, y0), layout)
        write_plain(builder, above, "wrapped")
        rows = table_rows(table)
        goes_on = (open_table is not None and top == area.y0 and open_table.columns == table.col_count
                   and len([line for line in above if line]) <= _RUNNING_HEAD_LINES)
        if not goes_on:
            open_table = OpenTable(table.col_count, rows[0], [])
        if not goes_on or rows[0] == open_table.header:
            builder.line(" | ".join(rows[0]), "table_header")
            rows = rows[1:]
        rows = merged_over_the_page(rows, open_table.last) if goes_on else rows
        for cells in rows:
            builder.line(" | ".join(cells), "table_row")
        open_table.last = rows[-1] if rows else open_table.last
        builder.blank()
        for side in (pymupdf.Rect(area.x0, y0, x0, y1), pymupdf.Rect(x1, y0, area.x1, y1)):
            write_plain(builder, _lines(page, side, layout), "wrapped")
        top = y1
    below = _lines(page, pymupdf.Rect(area.x0, top, area.x1, area.y1), layout)
    write_plain(builder, below, "wrapped")
    return open_table if tables and len([line for line in below if line]) <= _RUNNING_HEAD_LINES else None


def _printed_lines(page, clip=None) -> list[PrintedLine]:
    """The printed lines in ``clip``, in the text layer's order. ``clip`` and the boxes are in the page as it is
    shown (turned, see ``_upright``); the text layer's own are of the page unturned."""
    import pymupdf

    unturned = pymupdf.Rect(clip) * page.derotation_matrix if clip is not None else None
    found = page.get_text("dict", clip=unturned, flags=pymupdf.TEXTFLAGS_TEXT)
    return [PrintedLine("".join(span["text"] for span in line["spans"]),
                        pymupdf.Rect(line["bbox"]) * page.rotation_matrix, _face(line["spans"]))
            for block in found["blocks"] for line in block.get("lines", [])]


def _face(spans: list[dict]) -> tuple[bool, bool]:
    span = next((span for span in spans if span["text"].strip()), spans[0] if spans else None)
    if span is None:
        return False, False
    font = span["font"].lower()
    return bool(span["flags"] & 16) or "bold" in font, bool(span["flags"] & 2) or "ital" in font


def _layout(page, repeated: set[str]) -> Layout:
    """The edges most long lines of the page reach (a justified paragraph's lines all do)."""
    lines = _printed_lines(page)
    boxes = [line.box for line in lines if line.text.strip()]
    widest = max((box.width for box in boxes), default=0.0)
    long = [box for box in boxes if box.width > 0.6 * widest]
    lefts, rights = sorted(box.x0 for box in long), sorted(box.x1 for box in long)
    area = page.rect
    start, end = (lefts[len(lefts) // 4], rights[len(rights) * 3 // 4]) if long else (area.x0, area.x1)
    return Layout(start, end, SHORT_OF_MARGIN * area.width, repeated, area.y0 + EDGE * area.height,
                  area.y1 - EDGE * area.height, lines)


def _lines(page, clip, layout: Layout) -> list[str]:
    """The printed lines in ``clip`` without the furniture, a blank line where a paragraph ends whatever the words
    say: after a line that stops short of the right margin ("… cho bên bán" over "Được Hội đồng Thẩm phán …"), unless
    it is centred (a title's lines are), and between centred lines in different faces (a title in bold over "(Kèm
    theo Quyết định …)" in italics; in a justified paragraph a word in italics at a line's start changes nothing)."""
    out: list[str] = []
    face, centred = None, False
    for line in _printed_lines(page, clip):
        text, box, this_face = line
        if not text.strip():
            out.append("")  # an empty line the page sets between paragraphs
            continue
        if layout.is_furniture(line):
            continue
        was_centred = centred
        centred = box.x0 - layout.start > layout.slack and abs((box.x0 - layout.start) - (layout.end - box.x1)) \
            < layout.slack
        if (centred or was_centred) and face is not None and this_face != face:
            out.append("")
        out.append(text)
        face = this_face
        if box.x1 < layout.end - layout.slack and not centred:
            out.append("")
    return out


def furniture(texts: list[str]) -> set[str]:
    """The lines a document repeats at the top or foot of at least half its pages (three at least), figures blanked:
    "CÔNG BÁO/Số #/Ngày #-#-#", "#"."""
    edges: Counter[str] = Counter()
    for text in texts:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        edges.update({_figures_blanked(line) for line in lines[:2] + lines[-2:]})
    least = max(3, len(texts) // 2)
    return {line for line, count in edges.items() if count >= least}


def _figures_blanked(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())


_TURNS = {(0, -1): 90, (0, 1): 270, (-1, 0): 180}  # the way most lines run → the turn that makes them read across


def _upright(page) -> None:
    """Turn a page whose lines run up or down the sheet (a landscape table printed sideways on an upright page) so
    that they read across: its text, margins and tables are then read as on any page."""
    import pymupdf

    found = page.get_text("dict", flags=pymupdf.TEXTFLAGS_TEXT)["blocks"]
    ways = Counter((round(line["dir"][0]), round(line["dir"][1])) for block in found for line in block.get("lines", []))
    if ways and (turn := _TURNS.get(ways.most_common(1)[0][0])):
        page.set_rotation((page.rotation + turn) % 360)


def load_pdf(data: bytes, name: str) -> Loaded:
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise DocumentUnreadable(f"{name}: damaged or truncated PDF ({exc})",
                                 vi=f"{name}: tệp PDF bị hỏng hoặc không đầy đủ.") from exc
    with doc:
        if doc.needs_pass:
            raise DocumentUnreadable(f"{name}: the PDF is encrypted with a password",
                                     vi=f"{name}: tệp PDF được mã hoá bằng mật khẩu.")
        return _read_pages(doc, name)


def _read_pages(doc, name: str) -> Loaded:
    builder = TextBuilder()
    texts = [_page_text(page, number, name) for number, page in enumerate(doc, start=1)]
    repeated = furniture(texts)
    empty_pages, ocr_pages = [], []
    looked, unlooked = 0, 0  # pages whose tables were looked for, and not
    untabled: list[int] = []  # pages whose tables could not be read: read as text
    open_table: OpenTable | None = None  # the table that closed the page before
    for number, (page, text) in enumerate(zip(doc, texts, strict=True), start=1):
        if text.strip():
            _upright(page)
            tables: list = []
            if page.get_cdrawings():  # lines drawn: perhaps a ruled table (with none, no time is spent looking)
                if looked < TABLE_PAGES:
                    looked += 1
                    tables = _tables_or_none(page, number, untabled)
                else:
                    unlooked += 1
            layout = _layout(page, repeated)
            builder.page_break(goes_on=carries_on(builder.last_line, _first_line(tables, layout)))
            open_table = write_page(builder, page, tables, open_table, layout)
            continue
        builder.page_break()
        open_table = None
        text = ocr_page(page)
        (ocr_pages if text.strip() else empty_pages).append(number)
        lines = text.split("\n")
        write_plain(builder, lines, wrap_style(lines))
    loaded = builder.build(with_pages=True)
    if unlooked:
        loaded.warnings.append(f"{unlooked} pages read without looking for tables: tables are looked for on the first "
                               f"{TABLE_PAGES} pages with lines drawn")
    if untabled:
        loaded.warnings.append(f"pages whose tables could not be read, read as text: {untabled}")
    if ocr_pages:
        loaded.warnings.append(f"pages read by OCR (Tesseract, vie): {ocr_pages}")
        loaded.meta["ocr_pages"] = ",".join(map(str, ocr_pages))
    if empty_pages:
        reason = "no text found by OCR" if shutil.which("tesseract") else "Tesseract is not installed"
        loaded.warnings.append(f"pages without a text layer ({reason}; they need OCR): {empty_pages}")
        loaded.meta["needs_ocr"] = "true"
    return loaded


# a line ending a sentence, a clause or a lead-in; an item's marker ("a) …", "đ. …") opening a line
_ENDED = re.compile(r"[.;:!?…]\W*$")
_MARKER = re.compile(r"[a-zđ]{1,2}[).]\s")


def carries_on(last: str, first: str) -> bool:
    """A page's first line ``first`` goes on with the paragraph the page before ended in with ``last``: that line
    ends no sentence, clause or table row, and this one begins in lower case with no item's marker, or cites a part
    the line before leads to ("… theo mẫu AP04 tại" / "Phụ lục. Trong thời hạn …")."""
    return bool(last and first) and " | " not in last and not _ENDED.search(last) \
        and (first[0].islower() and not _MARKER.match(first) or bool(DANGLING.search(last) and CITED_PART.match(first)))


def _first_line(tables: list, layout: Layout) -> str:
    """The first line the page prints above its first table, without its furniture ("" when a table opens it)."""
    bottom = min((table.bbox[1] for table in tables), default=float("inf"))
    lines = sorted((line for line in layout.lines if line.text.strip() and line.box.y1 <= bottom
                    and not layout.is_furniture(line)), key=lambda line: (line.box.y0, line.box.x0))
    return lines[0].text.strip() if lines else ""


def _tables_or_none(page, number: int, untabled: list[int]) -> list:
    """The page's tables; none, the page noted in ``untabled``, when the table finder fails on it: the page is then
    read as text rather than the whole file refused."""
    try:
        return page_tables(page)
    except Exception:  # noqa: BLE001 — any failure of the finder on a strange page; the text is still there
        untabled.append(number)
        return []


def _page_text(page, number: int, name: str) -> str:
    try:
        return page.get_text()
    except Exception as exc:
        raise DocumentUnreadable(f"{name}: page {number} cannot be read ({exc})",
                                 vi=f"{name}: không đọc được trang {number}.") from exc


OCR_DPI = 300
OCR_TIMEOUT_S = 120


def ocr_page(page) -> str:
    """Text of a scanned page by Tesseract (Debian's tesseract-ocr, tesseract-ocr-vie), or "" without it."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return ""
    png = page.get_pixmap(dpi=OCR_DPI, colorspace="gray").tobytes("png")
    try:
        result = subprocess.run([tesseract, "stdin", "stdout", "-l", "vie", "--psm", "3"], input=png,
                                capture_output=True, timeout=OCR_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return ""
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else ""
