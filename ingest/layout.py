"""An official document's header laid out in two columns, as ``pdftotext -layout`` writes it: the issuing body on
the left and the national motto on the right, side by side on each line, then ``Số: …`` beside the place and date::

       UBND TỈNH LÀO CAI              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
      SỞ CÔNG THƯƠNG                           Độc lập - Tự do - Hạnh phúc

       Số: 1050 /QĐ-SCT                   Lào Cai, ngày 06 tháng 3 năm 2026

Read line by line, the columns run into each other ("UBND TỈNH LÀO CAI CỘNG HÒA … SỞ CÔNG THƯƠNG Độc lập …") and
the header says neither who issued the document nor its number. Read column by column, as a reader does, it is the
header every other transcription gives (``ingest.header``).
"""

from __future__ import annotations

import re

# the national motto, or the Party's, over the right column of a header (a scan may misspell a tone: "CỘNG HÕA")
MOTTO = re.compile(r"CỘNG H(?:[OÒÕÓỎỌ]A|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|Đ[ẢÁA]NG CỘNG SẢN VIỆT NAM|"
                   r"Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc|_{3,}")
HEADER_LINES = 12  # a header's rows are among the first lines
_GAP = re.compile(r" {4,}|\t+")  # between two columns: more spaces than any sentence has


def header_columns(lines: list[str]) -> list[str]:
    """``lines`` with a header written in two columns read column by column: each line of the left column, then each
    of the right, a blank line after each (they are separate lines, however the file wraps its paragraphs). The
    header is the first lines, blank or in two columns, up to the first that is not; it must hold the motto.
    Anything else is returned as it is."""
    rows: list[int] = []
    for i, raw in enumerate(lines[:HEADER_LINES]):
        if not raw.strip():
            continue
        if "|" in raw or not _GAP.search(raw.strip()):
            break
        rows.append(i)
    pairs = [_GAP.split(lines[i].strip(), maxsplit=1) for i in rows]
    if not pairs or not any(MOTTO.search(right) for _, right in pairs):
        return lines
    column = [left for left, _ in pairs] + [right for _, right in pairs]
    return [part for line in column for part in (line, "")] + lines[rows[-1] + 1:]
