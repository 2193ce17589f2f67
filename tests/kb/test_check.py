"""Issue #16 items 4 and 8: store ↔ catalog ↔ originals drift is found and repaired, damaged files are
named, and neither a re-ingest nor a server start says all is well over them.

Faults by real means on a copy of the seeded data folder, with no process holding it: the store's
segment files deleted, the catalog file deleted, bytes of the catalog's SQLite file, of a store
payload page or of the store's write-ahead log overwritten, a stray file in ``originals/``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths, reindex
from kb.check import check
from kb.service import KnowledgeBase
from tests.conftest import ROOT, SEED_FILES, clean_env, make_settings


def _passages(data: Path) -> dict[str, dict]:
    kb = KnowledgeBase(make_settings(data))
    try:
        return {h.id: h.payload for h in kb.store.scroll()}
    finally:
        kb.close()


def drop_segments(data: Path) -> None:
    segments = data / "qdrant" / "segments"
    shutil.rmtree(segments)
    segments.mkdir()


def scramble(path: Path, start: int, length: int) -> None:
    data = bytearray(path.read_bytes())
    for i in range(start, min(len(data), start + length), 7):
        data[i] = (data[i] * 31 + 7) & 0xFF
    path.write_bytes(bytes(data))


def corrupt_payload_page(data: Path) -> None:
    for page in data.glob("qdrant/segments/*/payload_storage/page_0.dat"):
        scramble(page, 0, 40_000)


def kb_cli(*args: str, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb.cli", *args, "--data-dir", str(data)], capture_output=True,
                          text=True, cwd=ROOT, env=clean_env(), timeout=600)


def test_reingesting_a_document_whose_passages_are_gone_indexes_it_again(seeded_dir):
    clean = _passages(seeded_dir)
    drop_segments(seeded_dir)
    kb = KnowledgeBase(make_settings(seeded_dir))
    try:
        assert kb.store.count() == 0
        report = ingest_paths(kb, SEED_FILES)
        assert [o.status for o in report.outcomes] == ["updated"] * 5, report.summary()
        assert all(o.chunks == kb.catalog.record(o.doc_id)["chunks"] > 0 for o in report.outcomes)
        assert ingest_paths(kb, SEED_FILES).count("unchanged") == 5  # and now it is unchanged
    finally:
        kb.close()
    assert _passages(seeded_dir) == clean


def test_check_repairs_missing_passages_from_the_stored_text_through_the_cli(seeded_dir):
    clean = _passages(seeded_dir)
    drop_segments(seeded_dir)
    (seeded_dir / "originals").mkdir(exist_ok=True)  # the folder ingest keeps its files there
    (seeded_dir / "originals" / "0123456789abcdef").write_bytes(b"bytes of a deleted upload")

    found = kb_cli("check", "--json", data=seeded_dir)
    assert found.returncode == 1, found.stderr
    report = json.loads(found.stdout)
    assert not report["ok"] and report["documents"] == 5 and report["passages"] == 0
    kinds = sorted(p["kind"] for p in report["problems"])
    assert kinds == ["orphan_original"] + ["passages_missing"] * 5
    assert all(p["action"] is None for p in report["problems"])

    repaired = kb_cli("check", "--repair", "--json", data=seeded_dir)
    assert repaired.returncode == 0, repaired.stderr
    report = json.loads(repaired.stdout)
    assert report["ok"] and all(p["action"] for p in report["problems"])
    assert _passages(seeded_dir) == clean  # the same passages, ids and payloads as the clean ingest
    assert not (seeded_dir / "originals" / "0123456789abcdef").exists()
    again = kb_cli("check", data=seeded_dir)
    assert again.returncode == 0 and "0 problems: ok" in again.stdout


def test_check_drops_passages_of_documents_the_catalog_does_not_know(seeded_dir):
    (seeded_dir / "catalog.sqlite").unlink()  # the catalog gone: every passage is an orphan
    kb = KnowledgeBase(make_settings(seeded_dir))
    try:
        assert kb.search("tổ công nghệ cộng đồng", 5).hits  # passages of documents that do not exist
        report = check(kb, lambda doc_id: reindex(kb, doc_id))
        kinds = sorted(p.kind for p in report.problems)  # the folder's files were kept as originals too
        assert kinds == ["orphan_original"] * 5 + ["orphan_passages"] * 5
        assert report.ok and kb.store.count() == 0 and not kb.search("tổ công nghệ cộng đồng", 5).hits
        assert ingest_paths(kb, SEED_FILES[:1]).count("added") == 1  # and the file comes back whole
        assert check(kb).ok
    finally:
        kb.close()


def test_a_delete_cut_short_is_finished_by_the_repair_never_reindexed(seeded_dir):
    kb = KnowledgeBase(make_settings(seeded_dir))
    try:
        doc = kb.documents()[0]
        kb.catalog.mark_deleting(doc.doc_id, doc.sha256)  # as a delete that stopped after its passages went
        kb.store.delete_doc(doc.doc_id)
        found = check(kb)
        assert [(p.kind, p.doc_id) for p in found.problems] == [("delete_unfinished", doc.doc_id)] and not found.ok
        repaired = check(kb, lambda doc_id: reindex(kb, doc_id))
        assert [p.action for p in repaired.problems] == ["deleted"] and repaired.ok
        assert doc.doc_id not in {d.doc_id for d in kb.documents()} and not kb.catalog.deleting()
        assert check(kb).ok and kb.store.count(None) == sum(d.chunks for d in kb.documents())
    finally:
        kb.close()


@pytest.mark.parametrize("damage,kind", [
    (lambda data: scramble(data / "catalog.sqlite", 4096, 1 << 20), "catalog_damaged"),
    (corrupt_payload_page, "store_damaged"),
    (lambda data: [scramble(wal, 0, 200_000) for wal in data.glob("qdrant/wal/open-*")], "store_damaged"),
], ids=["catalog", "payload-page", "store-wal"])
def test_check_names_a_damaged_file_and_serve_refuses_to_start(seeded_dir, damage, kind):
    damage(seeded_dir)
    kb = KnowledgeBase(make_settings(seeded_dir))
    try:
        report = check(kb, lambda doc_id: reindex(kb, doc_id))  # nothing is "repaired" over damage
        assert not report.ok and [p.kind for p in report.problems] == [kind]
        assert report.problems[0].action is None
    finally:
        kb.close()
    cli = kb_cli("check", data=seeded_dir)
    assert cli.returncode == 1 and kind in cli.stdout and "restore a backup" in cli.stdout

    serve = subprocess.run([sys.executable, "-m", "kb.cli", "serve", "--data-dir", str(seeded_dir), "--port", "0"],
                           capture_output=True, text=True, cwd=ROOT, env=clean_env(), timeout=300)
    assert serve.returncode == 1 and "Traceback" not in serve.stderr
    assert "Thư mục dữ liệu bị hỏng" in serve.stderr and "Uvicorn running" not in serve.stderr
