"""PDF bombs, endless pages and deeply nested files, through the real pipeline with the parser sandbox.

Each file is generated here (``tests/hostile_files.py``). A file is either ingested sensibly or refused
with a ``DocumentUnreadable`` (HTTP 422) naming it, within a bounded time; the knowledge base's
documents, passages and records stay as they were.
"""

from __future__ import annotations

import time

import pytest

from ingest.header import read_metadata
from ingest.load import load_bytes
from ingest.pipeline import Ingestor
from kb.errors import DocumentUnreadable
from kb.service import KnowledgeBase
from tests.conftest import make_settings
from tests.hostile_files import (
    flate_bomb_pdf,
    nested_divs_html,
    nested_forms_pdf,
    nested_tables_docx,
    path_bomb_pdf,
)

TIMEOUT_S = 4  # for files that would parse forever: they exceed it by orders of magnitude
ROOMY_S = 300  # for legitimate files, however slow the machine: the product's default is 60
MEMORY_MB = 256


@pytest.fixture
def kb(seeded_dir):
    kb = KnowledgeBase(make_settings(seeded_dir, parse_timeout_s=TIMEOUT_S, parse_memory_mb=MEMORY_MB))
    yield kb
    kb.close()


@pytest.fixture
def roomy_kb(seeded_dir):
    """The limits a legitimate but deeply nested file must pass: memory as tight, time never the question."""
    kb = KnowledgeBase(make_settings(seeded_dir, parse_timeout_s=ROOMY_S, parse_memory_mb=MEMORY_MB))
    yield kb
    kb.close()


def _state(kb: KnowledgeBase):
    return ([d.model_dump() for d in kb.documents()], kb.store.count(), sorted(h.id for h in kb.store.scroll()),
            sorted(f["id"] for f in kb.catalog.facts()), sorted(kb.catalog.docstore.get_all_document_hashes()))


def _ingest(kb: KnowledgeBase, data: bytes, name: str):
    started = time.monotonic()
    outcome = Ingestor(kb).ingest_bytes(data, name, isolate=True)
    return outcome, time.monotonic() - started


# The memory bomb is given all the time it wants (on a slow or loaded machine it would otherwise run out of time
# before it runs out of memory): which limit stops a file must not depend on the machine's speed.
@pytest.mark.parametrize("name,make,fixture,stopped_by", [
    ("bom_nen.pdf", flate_bomb_pdf, "roomy_kb", f"needs more memory than allowed ({MEMORY_MB} MB)"),
    ("trang_vo_tan.pdf", nested_forms_pdf, "kb", f"took longer than {TIMEOUT_S} s"),
    ("net_ve_vo_tan.pdf", path_bomb_pdf, "kb", f"took longer than {TIMEOUT_S} s"),
], ids=["flate-bomb-memory", "nested-forms-time", "path-operators-time"])
def test_a_pdf_bomb_is_stopped_and_nothing_stored_changes(request, name, make, fixture, stopped_by):
    kb = request.getfixturevalue(fixture)
    data = make()
    assert len(data) < 64 << 10  # kilobytes on disk, gigabytes of page content
    before = _state(kb)
    outcome, elapsed = _ingest(kb, data, name)
    assert outcome.status == "failed"
    assert outcome.error.startswith(f"{name}: parsing ") and stopped_by in outcome.error, outcome.error
    assert isinstance(outcome.exception, DocumentUnreadable) and outcome.exception.status == 422
    assert elapsed < (ROOMY_S if fixture == "roomy_kb" else TIMEOUT_S + 60)
    assert _state(kb) == before
    after = Ingestor(kb).ingest_bytes("KẾ HOẠCH\nSở Y tế chủ trì số hóa hồ sơ.".encode(), "sau_bom.txt", isolate=True)
    assert after.status == "added"  # the next upload goes through as usual


QUOTE = "Sở Nội vụ chủ trì rà soát thủ tục hành chính trước tháng 6/2026."


@pytest.mark.parametrize("name,data,text", [
    ("bang_60_tang.docx", nested_tables_docx(60), "ô 59"),  # the innermost cell's text is kept
    ("the_div_100k.html", nested_divs_html(100_000, QUOTE), QUOTE),
    ("trich_dan_10k.md", ("# Kế hoạch\n\n" + "> " * 10_000 + QUOTE + "\n").encode(), f"Kế hoạch\n\n{QUOTE}"),
    # Lists and brackets stay in the text: 2,000 levels make ~4 passages to embed (10,000 make 16: 20 s here).
    ("danh_sach_2k.md", ("# Kế hoạch\n\n" + "- " * 2_000 + QUOTE + "\n").encode(), QUOTE),
    ("json_2k.txt", ("[" * 2_000 + '{"co_quan": "' + QUOTE + '"}' + "]" * 2_000).encode(), QUOTE),
], ids=["docx-60-tables", "html-100k-divs", "md-10k-quotes", "md-2k-lists", "text-2k-brackets"])
def test_a_deeply_nested_file_is_ingested_sensibly(roomy_kb, name, data, text):
    kb = roomy_kb
    outcome, _ = _ingest(kb, data, name)
    assert outcome.status == "added", outcome.error
    stored = kb.text(outcome.doc_id)
    assert text in stored
    if name.endswith((".html", ".md")):
        assert "<div>" not in stored and ">" not in stored  # markup, not text
    assert kb.store.count() == len(list(kb.store.scroll()))
    assert outcome.doc_id in {h.doc_id for h in kb.search(QUOTE if "ô" not in text else "bảng lồng nhau", 5).hits}


def test_tables_nested_deeper_than_the_xml_parser_reads_are_refused_by_name(kb):
    before = _state(kb)
    outcome, elapsed = _ingest(kb, nested_tables_docx(200), "bang_200_tang.docx")
    assert outcome.status == "failed" and isinstance(outcome.exception, DocumentUnreadable)
    assert outcome.error.startswith("bang_200_tang.docx: the document is nested too deeply")
    assert "RecursionError" not in outcome.error and elapsed < 30
    assert _state(kb) == before


@pytest.mark.parametrize("line", [
    "[" * 200_000,  # a JSON-ish array in Markdown: the link pattern scanned from every bracket
    "![" * 100_000,
    "[a](" * 50_000,
    " *a" * 70_000,  # italic openers without a closer
    "# a" + " " * 100_000 + "b",  # a heading with a long run of spaces: minutes per line before
])
def test_pathological_markdown_lines_load_in_linear_time(line):
    started = time.process_time()
    kind, loaded = load_bytes(f"KẾ HOẠCH\n{line}\n".encode(), "dong_dai.md")
    assert kind == "markdown" and loaded.text.startswith("KẾ HOẠCH")
    assert time.process_time() - started < 5  # quadratic or worse before: minutes to hours


def test_a_long_run_of_unusual_spaces_after_so_reads_in_linear_time():
    # U+202F and U+205F are spaces the text keeps; "Số" followed by many of them took minutes.
    _, loaded = load_bytes(("KẾ HOẠCH\nSố" + "\u205f \u202f" * 30_000 + "x\n").encode(), "so.txt")
    started = time.process_time()
    meta = read_metadata(loaded, "so.txt")
    assert meta.number is None and time.process_time() - started < 5
