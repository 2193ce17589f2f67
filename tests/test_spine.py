"""End to end through the ``kb`` command, as a user runs it (real subprocesses, real data folder)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED_FILES

QUESTION = "Tây Ninh đã thành lập bao nhiêu tổ công nghệ cộng đồng?"
UNACCENTED = "Tay Ninh da thanh lap bao nhieu to cong nghe cong dong?"


def kb(*args: str, data_dir, **settings: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")} | settings
    return subprocess.run([sys.executable, "-m", "kb.cli", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)


@pytest.mark.parametrize("question", [QUESTION, UNACCENTED])
def test_ask_cites_the_article_with_the_figure(seeded_dir, question):
    result = kb("ask", "--json", question, data_dir=seeded_dir)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    first = answer["citations"][0]
    assert first["source"] == "001_69291db2c23c1c59.txt"
    assert "484" in first["quote"] and "484" in answer["answer"]
    assert answer["intent"] == "target"
    assert set(first) >= {"doc_id", "source", "number", "doc_type", "title", "section", "page",
                          "quote", "start", "end", "score"}


def test_quotes_are_exact_spans_of_the_stored_text(seeded_kb):
    result = seeded_kb.search("chuyển đổi số Tây Ninh", 20)
    assert result.hits
    for hit in result.hits:
        assert seeded_kb.text(hit.doc_id)[hit.start:hit.end] == hit.quote


def test_cli_ingest_search_docs_and_delete(tmp_path):
    data = tmp_path / "data"
    first = kb("ingest", str(SEED_FILES[0]), str(SEED_FILES[3]), data_dir=data, KB_PROGRESS_EVERY_S="0.01")
    assert first.returncode == 0, first.stderr
    assert "2 added" in first.stdout
    lines = [line for line in first.stderr.splitlines() if line.startswith("ingest:")]  # no terminal: lines, no bar
    assert lines[0] == "ingest: 2 files to read"
    assert re.match(r"ingest: 2/2 files, [1-9]\d* passages, 0 failed", lines[-1]), lines
    assert any(re.match(r"ingest: [01]/2 files, .*; now ", line) for line in lines), lines
    again = kb("ingest", str(SEED_FILES[0]), str(SEED_FILES[3]), data_dir=data)
    assert "2 unchanged" in again.stdout and "0 passages indexed" in again.stdout

    found = json.loads(kb("search", "--json", "--limit", "3", "Kế hoạch số 01-KH/BCĐ", data_dir=data).stdout)
    assert found["hits"][0]["source"] == SEED_FILES[0].name and len(found["hits"]) <= 3

    listed = json.loads(kb("docs", "list", "--json", data_dir=data).stdout)
    assert [d["source"] for d in listed] == [SEED_FILES[0].name, SEED_FILES[3].name]
    shown = json.loads(kb("docs", "show", SEED_FILES[3].name, "--json", data_dir=data).stdout)
    assert {"doc_id", "source", "number", "doc_type", "issuer", "issued", "title", "lang", "chunks"} <= set(shown)
    assert shown["lang"] == "vi" and shown["chunks"] > 0

    deleted = kb("docs", "delete", shown["doc_id"], data_dir=data)
    assert deleted.returncode == 0 and "deleted" in deleted.stdout
    assert len(json.loads(kb("docs", "list", "--json", data_dir=data).stdout)) == 1


def test_cli_errors_are_one_line_and_non_zero(tmp_path):
    data = tmp_path / "data"
    empty = kb("search", "   ", data_dir=data)
    assert empty.returncode == 2 and empty.stderr.strip() == "error: the query is empty"
    missing = kb("docs", "show", "nope", data_dir=data)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    bad = kb("ingest", str(tmp_path / "bad.pdf"), str(tmp_path / "absent.txt"), data_dir=data)
    assert bad.returncode == 2
    assert "bad.pdf" in bad.stderr and "absent.txt" in bad.stderr and "Traceback" not in bad.stderr


def test_cli_ingest_parses_in_the_sandbox_so_a_pdf_bomb_costs_nothing(tmp_path):
    from tests.hostile_files import flate_bomb_pdf

    data = tmp_path / "data"
    assert kb("ingest", str(SEED_FILES[0]), data_dir=data).returncode == 0
    (tmp_path / "bom.pdf").write_bytes(flate_bomb_pdf())  # 20 KB that inflate to 4 GB
    bombed = kb("ingest", str(tmp_path / "bom.pdf"), str(SEED_FILES[3]), data_dir=data, KB_PARSE_MEMORY_MB="256")
    assert bombed.returncode == 2 and "Traceback" not in bombed.stderr
    assert "bom.pdf" in bombed.stderr and "memory" in bombed.stderr
    assert "1 added" in bombed.stdout  # the batch went on past the bomb
    listed = json.loads(kb("docs", "list", "--json", data_dir=data).stdout)
    assert [d["source"] for d in listed] == [SEED_FILES[0].name, SEED_FILES[3].name]


@pytest.mark.slow
def test_whole_corpus_ingests_answers_and_reingests_fast(tmp_path):
    import time

    data = tmp_path / "data"
    started = time.perf_counter()
    first = kb("ingest", str(ROOT / "corpus"), data_dir=data)
    first_s = time.perf_counter() - started
    assert first.returncode == 0, first.stderr
    started = time.perf_counter()
    again = kb("ingest", str(ROOT / "corpus"), data_dir=data)
    again_s = time.perf_counter() - started
    assert "0 passages indexed" in again.stdout and first_s / again_s >= 10
    for question in (QUESTION, UNACCENTED):
        answer = json.loads(kb("ask", "--json", question, data_dir=data).stdout)
        assert answer["citations"][0]["source"] == "001_69291db2c23c1c59.txt"
        assert "484" in answer["citations"][0]["quote"]
