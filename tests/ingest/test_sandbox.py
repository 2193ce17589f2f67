"""Untrusted files are parsed in a child process with time and memory limits."""

from __future__ import annotations

import pytest

from ingest.sandbox import load_isolated
from kb.errors import DocumentUnreadable
from tests.conftest import SHARED


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
