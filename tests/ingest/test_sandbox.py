"""Untrusted files are parsed in a child process with time and memory limits."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from ingest.load import load_bytes
from ingest.parse import parse
from ingest.sandbox import SandboxPool, load_isolated, parse_isolated
from kb.errors import DocumentUnreadable
from tests.conftest import SEED_FILES, SHARED


def test_isolated_parse_gives_the_same_text_and_pages():
    data = (SHARED / "documents" / "pdf" / "an_le_so_552022AL.pdf").read_bytes()
    kind, loaded = load_isolated(data, "an_le.pdf")
    assert kind == "pdf" and len(loaded.pages) == 9 and "ÁN LỆ" in loaded.text


def test_errors_cross_the_process_boundary_with_their_class():
    with pytest.raises(DocumentUnreadable, match="truncated.pdf"):
        load_isolated(b"%PDF-1.7 broken", "truncated.pdf")


def test_a_parser_that_needs_too_much_memory_is_stopped():
    # A text file that decodes to ~300 MB of str: well over a 160 MB address-space limit.
    with pytest.raises(DocumentUnreadable, match="memory"):
        load_isolated(("Chuyển đổi số " * 10_000_000).encode(), "huge.txt", memory_mb=160)


def test_a_parser_that_takes_too_long_is_stopped():
    # ~60 MB of text cannot be normalised in 0.5 s.
    with pytest.raises(DocumentUnreadable, match="longer than"):
        load_isolated(("dòng văn bản\n" * 5_000_000).encode(), "slow.txt", timeout_s=0.5)


def _tesseracts() -> set[int]:
    """Tesseract processes still running (a killed one may linger as a zombie where nothing reaps orphans)."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "tesseract" \
                    and (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                found.add(int(entry.name))
        except OSError:
            continue  # exited meanwhile
    return found


def _scanned_pdf(pages: int) -> bytes:
    """Pages of random speckles and no text layer: Tesseract needs seconds for each."""
    import numpy as np
    import pymupdf

    rng = np.random.default_rng(7)
    doc = pymupdf.open()
    for _ in range(pages):
        pixels = ((rng.random((3300, 2550)) > 0.5) * 255).astype(np.uint8)
        page = doc.new_page(width=612, height=792)
        page.insert_image(page.rect, pixmap=pymupdf.Pixmap(pymupdf.csGRAY, 2550, 3300, pixels.tobytes(), False))
    return doc.tobytes(deflate=True)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
def test_a_timeout_also_stops_the_ocr_the_parser_started():
    data = _scanned_pdf(3)
    before = _tesseracts()
    with pytest.raises(DocumentUnreadable, match="longer than"):
        load_isolated(data, "scan.pdf", timeout_s=2.5)
    deadline = time.monotonic() + 1
    while (left := _tesseracts() - before) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left  # no orphaned Tesseract goes on reading the pages of a refused file


def test_the_steps_after_loading_are_held_to_the_same_time_limit():
    """Issue #16: a text that loads in about a second but whose 30,000 duties take the facts reader
    half a minute was read outside the limit, in the upload worker. Now the whole parse is inside."""
    lines = ["KẾ HOẠCH", "Triển khai chuyển đổi số năm 2026", "I. NHIỆM VỤ"]
    lines += [f"{i}. Sở Tài chính chủ trì, phối hợp Sở Nội vụ xây dựng cơ sở dữ liệu số {i} trước tháng "
              f"{i % 12 + 1}/2026; đạt 100% hồ sơ." for i in range(1, 30_001)]
    data = "\n".join(lines).encode()
    kind, loaded = load_isolated(data, "nhieu_nhiem_vu.txt", timeout_s=6)  # loading alone fits the limit
    assert kind == "text" and "30000. Sở Tài chính" in loaded.text
    with pytest.raises(DocumentUnreadable, match="longer than 6 s"):
        parse_isolated(data, "nhieu_nhiem_vu.txt", "d1", 900, 1400, timeout_s=6)


def test_an_isolated_parse_gives_what_the_pipeline_stores():
    data = SEED_FILES[1].read_bytes()
    parsed = parse_isolated(data, SEED_FILES[1].name, "d1", 900, 1400)
    assert parsed == parse(data, SEED_FILES[1].name, "d1", 900, 1400)
    assert parsed.passages and parsed.facts and all(f["doc_id"] == "d1" for f in parsed.facts)
    assert {f["source"] for f in parsed.named("ke-hoach (2).txt")} <= {"ke-hoach (2).txt"}


# -- the pool kb ingest reads folders with (issue #13.1) ---------------------------------------------

def test_a_pooled_child_reads_file_after_file_and_gives_what_a_parse_gives():
    data = SEED_FILES[1].read_bytes()
    with SandboxPool(1, 60, 1024) as pool:
        first = pool.submit(os.getpid, (), "pid").result()
        parsed = pool.submit(parse, (data, SEED_FILES[1].name, "d1", 900, 1400), SEED_FILES[1].name).result()
        assert pool.submit(os.getpid, (), "pid").result() == first != os.getpid()  # one child, reused
    assert parsed == parse(data, SEED_FILES[1].name, "d1", 900, 1400)


@pytest.mark.parametrize("timeout_s,memory_mb,data,name,stopped_by", [
    (0.5, 1024, ("dòng văn bản\n" * 5_000_000).encode(), "slow.txt", "took longer than 0.5 s"),
    (60, 160, ("Chuyển đổi số " * 10_000_000).encode(), "huge.txt", "needs more memory than allowed (160 MB)"),
], ids=["time", "memory"])
def test_a_pooled_child_keeps_the_limits_per_file_and_is_replaced_after_a_failure(timeout_s, memory_mb, data, name,
                                                                                   stopped_by):
    with SandboxPool(1, timeout_s, memory_mb) as pool:
        first = pool.submit(os.getpid, (), "pid").result()
        with pytest.raises(DocumentUnreadable, match=re.escape(f"{name}: parsing {stopped_by}")):
            pool.submit(load_bytes, (data, name), name).result()
        second = pool.submit(os.getpid, (), "pid").result()
    assert first != second and not _alive(first)


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
