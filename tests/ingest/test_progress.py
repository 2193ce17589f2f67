"""kb ingest's progress lines when its output is not a terminal."""

from __future__ import annotations

import io

from ingest.progress import LineProgress


def test_lines_say_how_far_ingestion_is_and_every_failure():
    out = io.StringIO()
    shown = LineProgress(3, every=3600, stream=out)
    shown.start_file("a.txt")
    shown.passages(16)
    shown.end_file(None)  # within the interval: no line
    shown.start_file("b.pdf")
    shown.end_file("b.pdf: the file is empty")
    shown.every = 0  # the interval has passed
    shown.start_file("c.docx")
    shown.passages(4)
    shown.close()
    lines = out.getvalue().splitlines()
    assert lines[0] == "ingest: 3 files to read"
    assert lines[1] == "ingest: ✗ b.pdf: the file is empty"
    assert lines[2].startswith("ingest: 2/3 files, 20 passages, 1 failed, ") and lines[2].endswith("; now c.docx")
    assert lines[3].startswith("ingest: 2/3 files, 20 passages, 1 failed, ") and "now" not in lines[3]
    assert len(lines) == 4
