"""The llama-index ingestion pipeline on the real engine, tokeniser and embedder."""

from __future__ import annotations

import shutil

from ingest.pipeline import Ingestor, ingest_paths
from kb.store import Filters
from tests.conftest import SEED_FILES


def _passages(kb, doc_id):
    return sorted((h.payload["seq"], h.payload["text"]) for h in kb.store.scroll(Filters(doc_ids=[doc_id])))


def test_seeds_are_indexed_with_exact_spans(seeded_kb):
    docs = seeded_kb.documents()
    assert [d.source for d in docs] == [p.name for p in SEED_FILES]
    assert seeded_kb.store.count() == sum(d.chunks for d in docs)
    for hit in seeded_kb.store.scroll():
        p = hit.payload
        assert seeded_kb.text(p["doc_id"])[p["start"]:p["end"]] == p["text"]


def test_second_run_embeds_nothing_and_adds_nothing(seeded_kb):
    before = sorted(h.id for h in seeded_kb.store.scroll())
    report = ingest_paths(seeded_kb, SEED_FILES)
    assert report.count("unchanged") == 5, report.summary()
    assert seeded_kb.embedder.misses == 0 and seeded_kb.embedder.hits == 0  # not even a cache lookup
    assert sorted(h.id for h in seeded_kb.store.scroll()) == before


def test_each_batch_ends_by_indexing_what_it_left_to_exact_scan(seeded_dir):
    from kb.service import KnowledgeBase
    from tests.conftest import make_settings

    kb = KnowledgeBase(make_settings(seeded_dir, index_threshold_kb=1))  # any segment passes 1 KB
    try:
        assert kb.store.unindexed() == kb.store.count() > 0  # the seeds fit under the default threshold
        questions = ["tổ công nghệ số cộng đồng", "ty le ho so truc tuyen", "Sở Thông tin và Truyền thông chủ trì"]
        exact = [[h.quote for h in kb.search(q, limit=5).hits] for q in questions]
        report = ingest_paths(kb, SEED_FILES[:1])
        assert report.count("unchanged") == 1 and report.index_s is not None
        assert "search index updated in" in report.summary()
        assert kb.store.unindexed() == 0
        assert [[h.quote for h in kb.search(q, limit=5).hits] for q in questions] == exact
        assert ingest_paths(kb, SEED_FILES[:1]).index_s is None  # nothing new: nothing to index
    finally:
        kb.close()


def test_changed_file_replaces_all_its_passages(seeded_kb, tmp_path):
    original = SEED_FILES[1]
    changed = tmp_path / original.name
    shutil.copy(original, changed)
    with changed.open("a", encoding="utf-8") as f:
        f.write("\nBổ sung: tỉnh đặt mục tiêu 999 điểm phát sóng wifi miễn phí vào năm 2026.\n")
    doc_id = seeded_kb.resolve(original.name)
    old = _passages(seeded_kb, doc_id)
    report = ingest_paths(seeded_kb, [changed])
    assert report.count("updated") == 1
    new = _passages(seeded_kb, doc_id)
    assert any("999 điểm phát sóng" in text for _, text in new)
    assert len(new) == seeded_kb.document(doc_id).chunks
    assert [seq for seq, _ in new] == list(range(len(new)))  # no stale passage of the old version
    assert seeded_kb.store.count() - len(new) == sum(d.chunks for d in seeded_kb.documents()) - len(new)
    assert old != new


def test_bad_file_is_reported_by_name_and_the_batch_goes_on(seeded_kb, tmp_path):
    (tmp_path / "a_broken.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "b_note.txt").write_text("Sở Tài chính chủ trì xây dựng kho dữ liệu tài chính số.", encoding="utf-8")
    report = ingest_paths(seeded_kb, [tmp_path])
    assert [(o.source, o.status) for o in report.outcomes] == [("a_broken.pdf", "failed"), ("b_note.txt", "added")]
    assert "a_broken.pdf" in report.failed[0].error
    assert seeded_kb.search("kho dữ liệu tài chính số", 1).hits[0].source == "b_note.txt"


def test_same_text_under_another_name_is_not_added_twice(seeded_kb, tmp_path):
    twin = tmp_path / "copy_of_000.txt"
    shutil.copy(SEED_FILES[0], twin)
    count = seeded_kb.store.count()
    outcome = Ingestor(seeded_kb).ingest_file(twin)
    assert outcome.status == "duplicate" and SEED_FILES[0].name in outcome.warnings[0]
    assert seeded_kb.store.count() == count


def test_delete_removes_every_passage_and_the_text(seeded_kb):
    doc_id = seeded_kb.resolve(SEED_FILES[2].name)
    chunks = seeded_kb.document(doc_id).chunks
    total = seeded_kb.store.count()
    seeded_kb.delete(doc_id)
    assert seeded_kb.store.count() == total - chunks
    assert seeded_kb.store.count(Filters(doc_ids=[doc_id])) == 0
    assert doc_id not in {d.doc_id for d in seeded_kb.documents()}
    report = ingest_paths(seeded_kb, [SEED_FILES[2]])  # and it can come back
    assert report.count("added") == 1


def test_the_same_pipeline_runs_on_the_server_backend(tmp_path):
    """KB_QDRANT_URL selects qdrant-client; ':memory:' runs that code path in-process."""
    from kb.service import KnowledgeBase
    from kb.store.server import ServerStore
    from tests.conftest import make_settings

    kb = KnowledgeBase(make_settings(tmp_path / "data", qdrant_url=":memory:"))
    try:
        assert isinstance(kb.store, ServerStore)
        report = ingest_paths(kb, SEED_FILES[:2])
        assert report.count("added") == 2
        answer = kb.ask("Tay Ninh da thanh lap bao nhieu to cong nghe cong dong?")
        assert answer.citations[0].source == SEED_FILES[1].name and "484" in answer.answer
        assert ingest_paths(kb, SEED_FILES[:2]).count("unchanged") == 2
    finally:
        kb.close()


def test_progress_bar_on_a_terminal(tmp_path):
    """On a terminal `kb ingest` draws a progress bar; piped, it prints only the summary."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    from tests.conftest import ROOT

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # 30 rows, 100 columns
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "ingest", str(SEED_FILES[0]), "--data-dir",
                             str(tmp_path / "data")], stdin=terminal, stdout=terminal, stderr=terminal,
                            cwd=ROOT, env=env)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    proc.wait(timeout=300)
    os.close(controller)
    text = output.decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "100%" in text and "1/1" in text and "1 added" in text


def test_scan_without_ocr_is_kept_flagged_with_no_passages(seeded_kb, monkeypatch):
    import ingest.pdf
    from tests.ingest.test_load import _scanned_pdf

    monkeypatch.setattr(ingest.pdf.shutil, "which", lambda name: None)
    outcome = Ingestor(seeded_kb).ingest_bytes(_scanned_pdf("Chỉ thị về chuyển đổi số"), "scan.pdf")
    assert outcome.status == "added" and outcome.chunks == 0
    record = seeded_kb.document(outcome.doc_id)
    assert record.pages == 1 and any("need OCR" in w for w in record.warnings)


def test_an_editors_correction_outlives_a_new_reading(seeded_kb):
    from ingest.pipeline import Ingestor
    from kb import corrections
    from tests.conftest import SEED_FILES

    doc = next(d for d in seeded_kb.documents() if d.source == SEED_FILES[1].name)
    corrections.correct(seeded_kb, doc.doc_id, {"title": "Tây Ninh: 484 tổ công nghệ số cộng đồng"}, "editor")
    record = seeded_kb.catalog.record(doc.doc_id)
    seeded_kb.catalog.put_record({**record, "pipeline": "an older pipeline"})  # read again as after an upgrade
    assert Ingestor(seeded_kb).ingest_file(SEED_FILES[1]).status == "updated"
    assert seeded_kb.document(doc.doc_id).title == "Tây Ninh: 484 tổ công nghệ số cộng đồng"
    assert {f["title"] for f in seeded_kb.catalog.facts(doc.doc_id)} == {"Tây Ninh: 484 tổ công nghệ số cộng đồng"}


def test_many_files_are_written_in_batches_in_file_order_and_again_unchanged(seeded_kb, tmp_path, monkeypatch):
    """Issue #13.1: files read side by side in the sandbox pool, written several at a time (here 2)."""
    import ingest.pipeline as pipeline

    monkeypatch.setattr(pipeline, "BATCH_FILES", 2)
    for i in range(5):
        (tmp_path / f"cv_{i}.txt").write_text(f"CÔNG VĂN\nSở Tài chính chủ trì rà soát {i + 11} thủ tục số {i}.",
                                             encoding="utf-8")
    (tmp_path / "cv_2b.pdf").write_bytes(b"%PDF-1.4 broken")
    before = seeded_kb.store.count()
    report = ingest_paths(seeded_kb, [tmp_path])
    names = [f"cv_{i}.txt" for i in range(5)]
    assert [(o.source, o.status) for o in report.outcomes] == \
        [(n, "added") for n in names[:3]] + [("cv_2b.pdf", "failed")] + [(n, "added") for n in names[3:]]
    added = sum(o.chunks for o in report.outcomes)
    assert seeded_kb.store.count() == before + added == sum(d.chunks for d in seeded_kb.documents())
    again = ingest_paths(seeded_kb, [tmp_path])
    assert [o.status for o in again.outcomes] == ["unchanged"] * 3 + ["failed"] + ["unchanged"] * 2


def test_a_file_whose_writes_fail_is_rolled_back_alone(seeded_kb, tmp_path):
    from ingest.prepare import prepare

    ingestor = Ingestor(seeded_kb)
    batch = []
    for i, number in enumerate(("12/CV-STC", {"not", "json"})):  # the second record cannot be stored
        data = f"CÔNG VĂN\nSở Tài chính chủ trì rà soát thủ tục đợt {i}.".encode()
        plan = ingestor.plan(data, f"cv_{i}.txt")
        prepared = prepare(seeded_kb.settings, seeded_kb.embedder, ingestor.fingerprint(), data, plan.source,
                           plan.doc_id, isolate=False)
        prepared.fields["number"] = number
        batch.append((plan, prepared))
    first, second = ingestor.commit_many(batch)
    assert first.status == "added" and second.status == "failed" and "cv_1.txt" in second.error
    assert [d.source for d in seeded_kb.documents()].count("cv_0.txt") == 1
    assert "cv_1.txt" not in {d.source for d in seeded_kb.documents()}
    assert seeded_kb.catalog.docstore.get_document_hash(batch[1][0].doc_id) is None
    assert seeded_kb.catalog.facts(batch[1][0].doc_id) == []


def test_a_folders_files_are_kept_as_originals_once_by_content(seeded_dir, tmp_path):
    """`kb ingest DIR` keeps each file like an upload (GET /v1/documents/{id}/original); with KB_ORIGINALS_DIR
    by content hash; an unchanged re-ingest keeps a missing original and never a second copy."""
    import hashlib

    from kb.service import KnowledgeBase
    from tests.conftest import make_settings

    by_id = {p.name: p.read_bytes() for p in (seeded_dir / "originals").iterdir()}
    assert sorted(by_id.values()) == sorted(p.read_bytes() for p in SEED_FILES)  # the template's folder ingest
    shared = tmp_path / "shared"
    kb = KnowledgeBase(make_settings(seeded_dir, originals_dir=shared))
    try:
        assert not any(d.original for d in kb.documents())  # ingested before KB_ORIGINALS_DIR was set
        assert ingest_paths(kb, SEED_FILES).count("unchanged") == 5
        twin = tmp_path / "twin" / "ban_sao.txt"
        twin.parent.mkdir()
        shutil.copy(SEED_FILES[0], twin)
        assert ingest_paths(kb, [*SEED_FILES, twin]).count("unchanged") == 5
        kept = sorted(p for p in shared.rglob("*") if p.is_file())
        assert [p.name for p in kept] == sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in SEED_FILES)
        doc = kb.documents()[0]
        assert doc.original and kb.original_path(doc.doc_id).read_bytes() == (SEED_FILES[0]).read_bytes()
        kb.delete(doc.doc_id)
        assert not kb.original_path(doc.doc_id, doc.sha256).exists()
    finally:
        kb.close()
