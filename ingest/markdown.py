"""Markdown, including the kind legal-document websites export: hard-wrapped paragraphs and HTML
tables flattened to one cell per paragraph between lines holding a lone "|".

Three things are read here besides ordinary Markdown (headings, "| a | b |" tables, emphasis):

* **Hard wraps.** A line that continues the sentence of the line above ("… để cập" / "nhật, bổ sung …")
  is joined to it, so a paragraph, list item or heading is one line of text again. Where a document
  does not wrap (one paragraph per line) nothing is joined but what starts in lower case.
* **Flattened tables** (``ingest.flat_table``): the cells between "|" lines are put back into rows
  with the table's header, as DOCX and HTML tables are.
* Markup spanning lines ("**CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM**") is removed once the lines are joined.

Every pattern runs once per (joined) line of an untrusted file: each takes time linear in the line,
and a joined line is capped at ``MAX_JOINED`` characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingest.flat_table import read_flat_table
from ingest.layout import header_columns
from ingest.textbuilder import Loaded, TextBuilder
from kb.bodies import official_names

MAX_JOINED = 6000
WRAPPED_SHARE = 0.15  # lines starting in lower case (not a list marker) above which a file is hard-wrapped
BLANK_SHARE = 0.1  # blank lines per line of text above which its paragraphs are set apart by blank lines

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")  # the closing "#"s are stripped in Python: see _heading_text
_MD_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# **bold**, __bold__, *italic* (an italic span holds no "*": a line of " *a *a …" is not scanned from every star);
# exports also write "*a) *Tổ chức …" and "*(OCOP) *đã …": the space before the closing star inside the run.
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*]+?)(?:(?<!\s)\*(?![\w*])|\s\*(?=\S))")
_MD_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")  # "> > > text": blockquote markers, any depth
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
# [text](url) and ![alt](src): the text holds no bracket and the url at most one level of parentheses.
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_EMPTY_MARKUP = re.compile(r"^[*\s]*$")  # "** **", "* *": an empty bold or italic run

# A line that starts a new block whatever the line above: a list item, an outline number, a part of a law.
STARTS_BLOCK = re.compile(
    r"^(?:[-+•–]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|[a-zđ]\)\s|[IVXLC]+[.\-–]\s|[A-ZĐ]\.\s"
    r"|(?:Điều|Chương|Mục|Phần|PHẦN|PHỤ LỤC|Phụ lục|Căn cứ|Nơi nhận)\b)")
# a line ending on a word a sentence cannot end on, over one that opens with a part's name: "… theo mẫu AP10 tại" /
# "Phụ lục đối với …", "… tại điểm a khoản 2" / "Điều 9 Quyết định này": the part is cited, no block begins
DANGLING = re.compile(r"\s(?:tại|theo|của|với|và|hoặc|về|ở|trong|bằng|cho|đến|từ|thuộc)$|\s(?:khoản|điểm)\s+\w{1,4}$")
CITED_PART = re.compile(r"^(?:Điều|Chương|Mục|Phần|Phụ lục|Khoản)\b")
_OUTLINE_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ]\)|[IVXLC]+[.\-–]|[A-ZĐ]\.)\s")
_ENDS_SENTENCE = re.compile(r"[.;:!?…]$")
_NAME_GOES_ON = re.compile(r"(?:^|\s)[A-ZÀ-ỸĐ][\wÀ-ỹ]*$")  # a line ending in a capitalised word …
_NAME_ENDS = re.compile(r"^[A-ZÀ-ỸĐ][\wÀ-ỹ]*,\s")  # … and the next opening with one that ends a name in a list


def strip_markup(line: str) -> str:
    """Markdown inline markup to plain text: **bold**, *italic*, [link](url), backslash escapes."""
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", line)
    line = _MD_ESCAPE.sub(r"\1", line).replace("**", "")  # a bold marker left unpaired by the export
    if line.startswith("*") or line.endswith("*"):  # "*Hà Nội, ngày 27 tháng 11 năm 2025 *"
        line = line.strip("* ")
    return "" if _EMPTY_MARKUP.match(line) else line


def front_matter(text: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        return {}, text
    meta = {}
    for line in text[4:end].splitlines():
        key, sep, value = line.partition(":")
        if sep and value.strip() and not line.startswith((" ", "-")):
            meta[key.strip()] = value.strip()
    return meta, text[end + 4:].lstrip("\n")


def _plain(line: str) -> str:
    """A raw line without its markup at the edges, for deciding where lines join."""
    return line.strip().strip("*_").strip()


def wrap_style(lines: list[str]) -> str:
    """How the file breaks its lines: ``lines`` (one paragraph per line), ``paragraphs`` (paragraphs
    between blank lines, hard-wrapped inside) or ``wrapped`` (hard-wrapped with no blank lines at all).
    A file wraps when many lines start in lower case without being list items; the cells of a flattened table
    (lines next to a "|" line) do not count: short cells start in capitals whatever the file does."""
    bars = [False, *(x.strip() == "|" for x in lines), False]
    text = [x for i, x in enumerate(lines) if not (bars[i] or bars[i + 2])]  # not next to a "|" line
    content = [p for p in (_plain(x) for x in text) if p and p != "|"]
    lower = sum(1 for p in content if p[:1].islower() and not STARTS_BLOCK.match(p))
    if not content or lower / len(content) < WRAPPED_SHARE:
        return "lines"
    blank = sum(1 for x in text if not x.strip())
    return "paragraphs" if blank >= BLANK_SHARE * len(content) else "wrapped"


def _whole_emphasis(raw: str) -> bool:
    """A line that is one bold or italic run by itself ("**QUYẾT ĐỊNH**"): a block of its own."""
    s = raw.strip()
    return len(s) > 4 and s.startswith(("**", "__")) and s.endswith(("**", "__")) and s.count("**") == 2


def _open_markup(text: str) -> bool:
    """An emphasis run opened and not yet closed: "**1. Viện Văn hóa, Nghệ thuật," goes on below."""
    bold = text.count("**")
    return bold % 2 == 1 or (text.count("*") - 2 * bold) % 2 == 1


def joins(previous: str, line: str, style: str, open_markup: bool = False) -> bool:
    """Whether ``line`` continues ``previous`` (raw lines of one paragraph); ``open_markup``: the
    paragraph so far has an emphasis run that this line may close."""
    if previous.endswith(("  ", "\\")) and not previous.rstrip().endswith(","):
        return False  # a Markdown hard break (not after a comma: a sentence does not end there)
    if open_markup and _plain(line):
        return True
    if _whole_emphasis(line) or _whole_emphasis(previous):
        return False  # a heading set in bold on its own line
    prev, cur = _plain(previous), _plain(line)
    if prev[-1:].isdigit() and re.match(r"[-–]\s*\d", cur):
        return True  # "… tốc độ tăng bình quân 05" / "- 06%/năm": a range wrapped at its dash, not a bullet
    if DANGLING.search(prev) and CITED_PART.match(cur):
        return True
    if not prev or not cur or STARTS_BLOCK.match(cur):
        return False
    if cur.upper() != cur and prev.upper() == prev and sum(c.isalpha() for c in prev) >= 6 \
            and not prev.endswith(","):
        return False  # "CHƯƠNG TRÌNH HÀNH ĐỘNG" / "thực hiện Kết luận …", "QUYẾT ĐỊNH" / "Kiểm tra việc …": a type
        # line in capitals over its subject
    if cur[:1].islower():
        return True  # "… để cập" / "nhật, bổ sung …": a sentence does not start in lower case
    if cur[:1].isupper() and len(line) - len(line.lstrip(" ")) >= FIRST_LINE_INDENT:
        return False  # "      Điều 3. Nhiệm vụ …" / "      Đoàn kiểm tra thực hiện …": each set in as a paragraph's
        # first line (a text laid out as printed, ``pdftotext -layout``), while a wrapped line starts at the margin
    if style == "paragraphs":
        return True
    if style == "lines" or _ENDS_SENTENCE.search(prev):
        return False
    if prev.endswith((",", " và", " của", " các", " với")):
        return True  # "1. Các đồng chí Bộ trưởng," / "Thủ trưởng cơ quan ngang Bộ, …": the sentence goes on
    if prev.upper() == prev:
        return cur.upper() == cur  # a title in capitals wraps into capitals; "KẾ HOẠCH" / "Triển khai …" do not
    if _NAME_GOES_ON.search(prev) and _NAME_ENDS.match(cur):
        return True  # "4. Đài Truyền hình Việt Nam, Đài Tiếng nói Việt" / "Nam, Thông tấn xã …": a name wrapped
    if _name_across(prev, cur):
        return True  # "b) Khẩn trương thực hiện ý kiến chỉ đạo của Thủ tướng" / "Chính phủ, Trưởng Ban …"
    return not (_OUTLINE_NUMBER.match(prev) and len(prev) < 60)  # "3. Tầm nhìn đến năm 2045" / "Sau năm 2030, …"


FIRST_LINE_INDENT = 4  # spaces before a paragraph's first line in a text laid out as printed
NAME_WINDOW = 40  # characters each side of a line break where a wrapped body name is looked for


def _name_across(prev: str, cur: str) -> bool:
    """An official body's name (``kb.bodies``' lexicon) runs on from the end of ``prev`` into ``cur``: the break is
    a wrap inside it."""
    tail, head = prev[-NAME_WINDOW:], cur[:NAME_WINDOW]
    joined = f"{tail} {head}"
    return any(m.start() < len(tail) < m.end() - 1 for m in official_names().finditer(joined))


def joined_lines(lines: list[str], style: str, markup: bool = False) -> Iterator[str]:
    """The logical lines of a paragraph: wrapped lines joined with one space. ``markup``: the lines are Markdown, whose
    emphasis run may hold a wrap ("**1. Viện Văn hóa, Nghệ thuật," / "Thể thao …**")."""
    current = ""
    last_raw = ""
    for raw in lines:
        if markup:
            raw = raw.replace("****", "")  # "**1.****": an empty bold run after the number
        if current and len(current) + len(raw) < MAX_JOINED and joins(last_raw, raw, style,
                                                                      markup and _open_markup(current)):
            current += " " + raw.strip()
        else:
            if current:
                yield current
            current = raw.strip()
        last_raw = raw
    if current:
        yield current


def paragraph_lines(lines: list[str], style: str) -> Iterator[str]:
    """The logical lines of a Markdown paragraph: wrapped lines joined with one space, markup removed."""
    return (strip_markup(line) for line in joined_lines(lines, style, markup=True))


def write_plain(builder: TextBuilder, lines: list[str], style: str) -> None:
    """Plain text's ``lines`` (a PDF's text layer, a .txt file) into ``builder``, wrapped lines joined as Markdown's
    are; a blank line parts paragraphs, and stays."""
    run: list[str] = []
    for raw in [*lines, ""]:
        if raw.strip():
            run.append(raw.rstrip())  # a line's trailing spaces are not a Markdown hard break here
            continue
        for line in joined_lines(run, style):
            builder.line(line)
        run.clear()
        builder.blank()


_ITEM_LETTER = re.compile(r"^[a-zđ][.)](?:\s|$)")  # "a. …", "b)" alone on its line: an item, not a wrap


def _goes_on(paragraph: list[str], lines: list[str], at: int) -> int | None:
    """The index of the line past the blank line(s) at ``lines[at]`` when the paragraph so far goes on there: it ends
    on no sentence's end and that line opens in lower case, with no item's mark (a converted PDF's blank line inside
    a sentence); None otherwise."""
    nxt = next((j for j in range(at, len(lines)) if lines[j].strip()), None)
    if nxt is None or not paragraph:
        return None
    after = lines[nxt]
    prev, cur = _plain(paragraph[-1]), _plain(after)
    goes_on = bool(prev) and cur[:1].islower() and not _ENDS_SENTENCE.search(prev) and not STARTS_BLOCK.match(cur) \
        and not _ITEM_LETTER.match(cur) and "|" not in after and not _MD_HEADING.match(after)
    return nxt if goes_on else None


def _heading_text(raw: str) -> str:
    """"## Title ##" → "Title": the optional closing "#"s and the spaces around them."""
    return raw.rstrip().rstrip("#").rstrip()


def load_markdown(text: str) -> Loaded:
    meta, text = front_matter(text.replace("\r\n", "\n"))
    lines = header_columns([_MD_QUOTE.sub("", raw, count=1) for raw in text.split("\n")])
    style = wrap_style(lines)
    builder = TextBuilder()
    paragraph: list[str] = []

    def flush() -> None:
        for line in paragraph_lines(paragraph, style):
            builder.line(line)
        paragraph.clear()

    header_seen = False
    i = 0
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        heading = _MD_HEADING.match(raw)
        if stripped == "|":  # a table flattened one cell per paragraph
            flush()
            i = read_flat_table(lines, i, builder, lambda cell: list(paragraph_lines(cell, style)))
            builder.blank()
            continue
        if not (stripped.startswith("|") and stripped.count("|") >= 2):
            header_seen = False  # a table ends at the first line that is not one of its rows, blank or not
        if heading:
            flush()
            builder.blank()
            builder.line(strip_markup(_heading_text(heading.group(2))), "heading", len(heading.group(1)))
        elif stripped.startswith("|") and stripped.count("|") >= 2:
            flush()
            if _MD_TABLE_SEP.match(stripped):
                header_seen = True
            else:
                cells = [strip_markup(c.strip()) for c in stripped.strip("|").split("|")]
                builder.line(" | ".join(cells), "table_row" if header_seen else "table_header")
        elif not stripped and (going_on := _goes_on(paragraph, lines, i)) is not None:
            i = going_on
            continue  # "… các đoàn thể" / "" / "tỉnh; Đảng ủy …": a paragraph does not open in lower case
        elif not stripped:
            flush()
            builder.blank()
        else:
            paragraph.append(raw)
        i += 1
    flush()
    loaded = builder.build()
    loaded.meta = meta
    return loaded
