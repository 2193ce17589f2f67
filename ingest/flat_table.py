"""Tables that a website's HTML→Markdown export flattened to one cell per paragraph:

    |                 ← a row opens
    STT               ← cell
    |                 ← between cells
    Tên nhiệm vụ      ← cell (its lines hard-wrapped)
    |                 ← the row closes …
    |                 ← … and the next one opens
    1
    |
    …

Two "|" lines in a row are a row boundary or an empty cell, which the text cannot tell apart; so the
rows are rebuilt from what the cells say instead: a run of cells without an empty one is a fragment of
a row; a fragment whose first cell is a row number ("1", "1.2", "II", "A.", "-") starts a row; one that
does not continues the row before it (an empty cell stood between them) when both fit in the table's
width, or else is a row some of whose cells are merged with the row above (HTML ``rowspan``: "Bộ Nông
nghiệp và Môi trường" leads rows 1, 1a, 1b …; "Quý IV/2026" is the time of two rows) and takes them from it.
Where its cells stand is read from what they say against the header: bodies under "Chủ trì" / "Phối hợp", a
time under "Thời gian", a row number under "STT" (a merged row has none of its own); when nothing tells, its
first cells are the merged ones. The width is the longest fragment.
The fragments before the first numbered one are the header; a second header row under a spanning cell
("GIAI ĐOẠN 2026-2030" › "Năm 2026" … "Năm 2030") replaces it.

A table of fewer than three rows or columns is layout (the header's issuer beside the national motto,
the signature beside "Nơi nhận"): its cells are written as paragraphs, in order; but not two columns whose rows are
numbered ("TT | Tên dịch vụ" over "1 | Lập các đồ án quy hoạch …", "1.1 | Quy hoạch đô thị …"): a list kept as a
table, so that its numbered rows stay the items they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.structure import ATTACHED
from ingest.textbuilder import TextBuilder
from kb.bodies import head_at
from kb.deadlines import TIME_COLUMN, find_deadline
from kb.text import fold

MAX_CELL_LINES = 40  # more lines than this before the next "|" are text after the table, not a cell
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|[A-ZĐ]\.?|[a-zđ][.)]?|[-+•])$")
# the column that numbers the rows, by its folded name ("STT", "TT", "Số thứ tự"): a header begins with it
NUMBER_COLUMN = re.compile(r"^(?:s?tt|so tt|so thu tu)$")
_AFTER_TABLE = re.compile(r"^[*_\s]*(?:PHỤ LỤC|Phụ lục|Nơi nhận|TM\.|KT\.|Căn cứ|Điều \d)")
# the caption of the next table between two "|" lines ("**Bảng II. Các dự án kho LNG**"): the table before it ends
_CAPTION = re.compile(r"^[*_\s]*(?:Bảng|BẢNG|Biểu|BIỂU)\s+(?:số\s+)?(?:[IVXLC]{1,6}|\d{1,2}[a-z]?)\s*[.:\-–]\s*\S")


def _titles_next(content: list[str]) -> bool:
    """An appendix's title between two "|" lines ("**LỊCH PHỔ BIẾN … NĂM 2026**", "*(Ban hành kèm theo Quyết định
    số …)*"): the table before it has ended, the one after it begins."""
    return bool(ATTACHED.search(" ".join(content))) and any(_capitals(line) for line in content)


def _capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 10 and line == line.upper()


def is_row_number(cell: str) -> bool:
    return bool(_ROW_NUMBER.match(cell.strip()))


def _cells(lines: list[str], start: int) -> tuple[list[list[str]], int]:
    """The raw lines of each cell between the "|" lines from ``lines[start]`` on, and the index of the
    first line after the table."""
    cells: list[list[str]] = []
    j = start
    while True:
        k = j + 1
        content: list[str] = []
        while k < len(lines) and lines[k].strip() not in ("|", "") and len(content) <= MAX_CELL_LINES:
            content.append(lines[k])
            k += 1
        if content and cells and is_row_number(" ".join(cells[-1])) and not "".join(lines[k:]).strip():
            return [*cells, content], len(lines)  # the file ends in the cell after a row's number, its "|" dropped
        closed = k < len(lines) and lines[k].strip() == "|"
        if not closed or (content and (_AFTER_TABLE.match(content[0]) or _CAPTION.match(content[0])
                                       or _titles_next(content)) and len(cells) >= 2):
            return cells, j + 1
        cells.append(content)
        j = k


def _fragments(texts: list[str]) -> list[list[str]]:
    fragments: list[list[str]] = [[]]
    for text in texts:
        if text:
            fragments[-1].append(text)
        elif fragments[-1]:
            fragments.append([])
    return [f for f in fragments if f]


def _is_column_numbers(fragment: list[str]) -> bool:
    """"(1) | (2) | (3)" or "1 | 2 | 3": the row that numbers the columns, not data."""
    digits = [c.strip("()* ") for c in fragment]
    return len(digits) >= 3 and digits == [str(n) for n in range(1, len(digits) + 1)]


def _header(fragments: list[list[str]], width: int) -> tuple[list[str], int, list[tuple[int, int]]]:
    """(header cells, how many fragments they took, the first and last column under each spanning cell)."""
    if not fragments:
        return [], 0, []
    first = fragments[0]
    if len(first) < width and len(fragments) > 1:
        second = fragments[1]
        keep = width - len(second)
        spanning = len(first) - keep
        if 0 < keep < len(first) and len(second) % spanning == 0:
            per = len(second) // spanning  # "Kế hoạch 2026" over "Lượng (Tấn)" and "Giá trị (Nghìn USD)"
            return (first[:keep] + [f"{first[keep + i // per]} › {cell}" for i, cell in enumerate(second)], 2,
                    [(keep + g * per, keep + (g + 1) * per - 1) for g in range(spanning)] if per > 1 else [])
        if 0 < keep < len(first):
            return first[:keep] + second, 2, []  # the cells a spanning cell splits into, under it
    return first, 1, []


def _spread(fragments: list[list[str]], spans: list[tuple[int, int]], width: int) -> list[list[str]]:
    """A row whose figures each span the cells of a spanning header cell ("Tổng I + II | 240.000 | 270.000 …" under
    "Kế hoạch 2026 › Lượng | Giá trị", …): the figures stand alone between empty cells, one per spanning cell. Each
    is put in the last column under its spanning cell (the amount a total adds up, not the quantity), the row's own
    cells (its number and name, no figure) before the first spanning cell."""
    out: list[list[str]] = []
    i = 0
    while i < len(fragments):
        label, singles = fragments[i], fragments[i + 1:i + 1 + len(spans)]
        if spans and len(label) <= spans[0][0] and not any(_FIGURE.match(c) for c in label[1:]) \
                and len(singles) == len(spans) and all(len(f) == 1 and _FIGURE.match(f[0]) for f in singles):
            row = [""] * (spans[0][0] - len(label)) + label + [""] * (width - spans[0][0])
            for (_, end), (figure,) in zip(spans, singles, strict=True):
                row[end] = figure
            out.append(row)
            i += 1 + len(spans)
            continue
        out.append(label)
        i += 1
    return out


_FIGURE = re.compile(r"^[<>≥≤~]?\s*\d[\d.,]*\s*%?$")


_BODY_COLUMN = re.compile(r"chu tri|phoi hop|thuc hien|co quan|don vi")


def _fit(cell: str, column: str) -> int:
    """How well a cell fits a column named ``column`` (folded): +1 what it should hold, -1 what it should not."""
    if is_row_number(cell):
        return 1 if NUMBER_COLUMN.match(column) else -1
    if _BODY_COLUMN.search(column):
        return 1 if head_at(cell) or head_at(cell[:1].upper() + cell[1:]) else -1
    if TIME_COLUMN.search(column):
        return 1 if find_deadline(cell, weak=True) else -1
    return 0


def _under(above: list[str], fragment: list[str], header: list[str]) -> list[str]:
    """A row of ``fragment``'s cells with the others merged from the row ``above``: its cells placed where they best
    fit the header (see ``_fit``), else after the merged ones; a merged row has no row number of its own."""
    width = len(above)
    columns = [fold(c) for c in header] + [""] * (width - len(header))
    last = width - len(fragment)
    offset = max(range(last + 1), key=lambda o: (sum(_fit(c, columns[o + i]) for i, c in enumerate(fragment)),
                                                 o == last))
    merged = above[:offset] + fragment + above[offset + len(fragment):]
    return [""] + merged[1:] if offset > 0 and is_row_number(above[0]) else merged


def _tail_merged(above: list[str] | None, row: list[str], width: int) -> list[str]:
    """A numbered row whose last cells are merged with the row above ("2 | Số đại biểu … | Chính thức" under "1 | … |
    Chính thức | Tháng 6/2025 | Cổng … | Vụ Chính quyền địa phương"): those cells taken from it. Only between rows
    numbered alike (a group row "II | Giai đoạn 2028-2030" is short by nature)."""
    if not above or len(above) != width or not 3 <= len(row) < width \
            or not (above[0].strip().rstrip(".").isdigit() and row[0].strip().rstrip(".").isdigit()):
        return row
    return row + above[len(row):]


def rebuild_rows(texts: list[str]) -> tuple[list[str], list[list[str]]]:
    """(header cells, rows of cells) from the cell texts of a flattened table, empty cells as ""."""
    fragments = [f for f in _fragments(texts) if not _is_column_numbers(f)]
    width = max((len(f) for f in fragments), default=0)
    first_row = next((i for i, f in enumerate(fragments) if is_row_number(f[0])), len(fragments))
    header, used, spans = _header(fragments[:first_row], width)
    rows: list[list[str]] = []
    current: list[str] | None = None
    for fragment in _spread(fragments[used:] if spans else fragments[first_row:], spans, width):
        if current is None or is_row_number(fragment[0]):
            if current:
                rows.append(current)
            current = _tail_merged(current, list(fragment), width)
        elif len(current) + len(fragment) <= width:  # an empty cell stood between the two
            current = current + [""] * (width - len(current) - len(fragment)) + fragment
        else:  # cells merged with the row above (rowspan): taken from it
            rows.append(current)
            current = _under(current + [""] * (width - len(current)), fragment, header)
    if current:
        rows.append(current)
    return header, rows


def read_flat_table(lines: list[str], start: int, builder: TextBuilder,
                    cell_lines: Callable[[list[str]], list[str]]) -> int:
    """Write the flattened table starting at ``lines[start]`` (a lone "|") into ``builder``; the index
    of the first line after it. ``cell_lines`` gives the logical lines of a cell's raw lines."""
    raw_cells, end = _cells(lines, start)
    cells = [cell_lines(c) for c in raw_cells]
    texts = [" ".join(c) for c in cells]
    header, rows = rebuild_rows(texts)
    width = max((len(r) for r in rows), default=0)
    if len(rows) < 3 or width < 2 or width == 2 and not _numbered(rows):
        for line in (line for c in cells for line in c):
            builder.line(line)
        return end
    for titled, part in _parts(texts):
        header, rows = rebuild_rows(texts[part])
        if not rows:  # no row numbered: what stands before the table (a signature, the appendix's title)
            titled = slice(titled.start, part.stop)
        for line in (line for c in cells[titled] for line in c):
            builder.line(line)  # "3. Các dự án điện gió ngoài khơi": the group the rows below are of
        if not rows:
            continue
        if header:
            builder.line(" | ".join(header), "table_header")
        for row in rows:
            builder.line(" | ".join(row), "table_row")
    return end


def _numbered(rows: list[list[str]]) -> bool:
    """Most rows begin with a row number: a table of two columns that is a list, not layout."""
    return sum(is_row_number(row[0]) for row in rows) >= 0.8 * len(rows)


def _parts(texts: list[str]) -> list[tuple[slice, slice]]:
    """The parts of a flattened table that repeats its header under a group's title ("*3. Các dự án điện gió ngoài
    khơi* | TT | Dự án | …"): where the title's cells are (none for the first part) and where the part's cells are,
    from its header on."""
    parts: list[tuple[slice, slice]] = []
    titled, begun = slice(0, 0), 0
    for i, text in enumerate(texts):
        if not NUMBER_COLUMN.match(fold(text).strip("*_ ")) or i + 1 >= len(texts) or not texts[i + 1]:
            continue
        opens = i - 1 if i > 0 and texts[i - 1] else i  # the cell before it is the group's title
        if opens < begun or opens == begun == i:
            continue  # the header of the part begun
        parts.append((titled, slice(begun, opens)))
        titled, begun = slice(opens, i), i
    parts.append((titled, slice(begun, len(texts))))
    return parts
