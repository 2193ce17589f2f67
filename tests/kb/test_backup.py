"""Backup → restore round trip, and the embedded → server migration, on real stores."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import time
from pathlib import Path

import pytest

from kb.backup import backup, migrate, restore
from kb.errors import Conflict, InputError
from kb.service import KnowledgeBase
from kb.store.server import ServerStore
from tests.conftest import make_settings
from tests.kb.test_check import kb_cli

QUERIES = ["Tây Ninh đã thành lập bao nhiêu tổ công nghệ cộng đồng?", "chinh quyen so tay ninh",
           "Kế hoạch số 01-KH/BCĐ", "đô thị thông minh Hòa Thành", "tỷ lệ hồ sơ trực tuyến"]


def _top10(kb):
    return [[h.id for h in kb.store.search(kb.embedder.query(q).tolist(), None, 10)] +
            [h.doc_id for h in kb.search(q, 10).hits] for q in QUERIES]


def test_backup_then_restore_into_an_empty_folder_gives_the_same_answers(seeded_kb, tmp_path):
    expected_top = _top10(seeded_kb)
    manifest = backup(seeded_kb, tmp_path / "backup")
    assert manifest["points"] == seeded_kb.store.count() and manifest["documents"] == 5
    with pytest.raises(InputError):
        backup(seeded_kb, tmp_path / "backup")  # never over an existing backup

    restored = restore(tmp_path / "backup", make_settings(tmp_path / "restored"))
    assert restored["restored_points"] == manifest["points"]
    kb = KnowledgeBase(make_settings(tmp_path / "restored"))
    try:
        assert kb.store.count() == seeded_kb.store.count() == len(list(kb.store.scroll()))
        assert [d.model_dump() for d in kb.documents()] == [d.model_dump() for d in seeded_kb.documents()]
        assert _top10(kb) == expected_top
        embedded = [f"{h.payload.get('title') or ''}\n{h.payload['text']}".strip() for h in kb.store.scroll()]
        assert kb.embedder.passages(embedded[:3]) is not None  # as ingestion embeds them: title, then text
        assert kb.embedder.misses == 0  # the embedding cache came along
    finally:
        kb.close()
    with pytest.raises(Conflict):
        restore(tmp_path / "backup", make_settings(tmp_path / "restored"))  # never over a knowledge base


def test_migrate_embedded_store_to_a_server_without_re_embedding(seeded_kb, seeded_dir):
    settings = seeded_kb.settings
    seeded_kb.close()  # the embedded store belongs to one process at a time
    target = ServerStore.connect(":memory:", None, "passages", 384)
    result = migrate(settings, target)
    assert result["copied"] == result["source"] == result["target"] > 0
    server_kb = KnowledgeBase(make_settings(seeded_dir, qdrant_url=":memory:"))
    server_kb.__dict__["store"] = target  # the same in-process server the migration filled
    embedded_kb = KnowledgeBase(make_settings(seeded_dir))
    try:
        for question in QUERIES:
            assert [h.doc_id for h in server_kb.search(question, 5).hits][:1] == \
                [h.doc_id for h in embedded_kb.search(question, 5).hits][:1]
        with pytest.raises(Conflict):
            migrate(settings.model_copy(update={"qdrant_url": None}), target)
    finally:
        embedded_kb.close()


# -- issue #16 item 5: a backup is verified before anything is restored ------------------------------

def _rewrite_points(backup_dir, keep) -> None:
    """Drop passages from a backup and make its manifest agree (checksums and count): only what the
    catalog says of each document can tell."""
    path = backup_dir / "points.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    kept = lines[:keep]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(kept)
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    manifest["points"] = len(kept)
    manifest["files"]["points.jsonl.gz"] = {"bytes": path.stat().st_size,
                                            "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    (backup_dir / "manifest.json").write_text(json.dumps(manifest))


def _truncate(path, keep=0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * keep)])


@pytest.mark.parametrize("damage", [
    lambda b: _truncate(b / "points.jsonl.gz"),
    lambda b: _truncate(b / "catalog.sqlite", 0.9),
    lambda b: (b / "manifest.json").write_text((b / "manifest.json").read_text()[:40]),
    lambda b: _rewrite_points(b, keep=10),
], ids=["points-truncated", "catalog-truncated", "manifest-cut", "passages-missing-manifest-agrees"])
def test_a_damaged_backup_is_refused_in_vietnamese_and_the_data_folder_is_untouched(
        seeded_kb, tmp_path, damage):
    good = tmp_path / "good"
    backup(seeded_kb, good)
    assert json.loads((good / "manifest.json").read_text())["files"]["catalog.sqlite"]["sha256"]
    damaged = tmp_path / "damaged"
    shutil.copytree(good, damaged)
    damage(damaged)
    target = tmp_path / "restored"
    target.mkdir()

    refused = kb_cli("restore", str(damaged), data=target)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "Bản sao lưu" in refused.stderr and "bị hỏng" in refused.stderr, refused.stderr
    assert target.is_dir() and not any(target.iterdir())  # nothing written
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no half-built folder left

    retried = kb_cli("restore", str(good), data=target)  # the retry is not refused
    assert retried.returncode == 0 and "restored 5 documents" in retried.stdout, retried.stderr


def test_a_backup_taken_by_the_running_server_while_uploads_run_restores_whole(tmp_path):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from tests.search_api.test_reliability import EDITOR, KEY

    admin = {"X-API-Key": "admin-key-0123456789abcdef"}
    settings = make_settings(tmp_path / "data", api_keys=f"editor:{EDITOR},admin:{admin['X-API-Key']}")
    texts = [f"KẾ HOẠCH\nSở Nội vụ chủ trì số hóa hồ sơ cán bộ đợt {i} trước tháng {i + 1}/2026." for i in range(6)]
    with TestClient(create_app(settings)) as client:
        for i, text in enumerate(texts):  # queued, then ingested by the worker while the backups run
            accepted = client.post("/v1/documents", files={"file": (f"kh_{i}.txt", text.encode())},
                                   headers=KEY, params={"wait": 0})
            assert accepted.status_code == 202
        taken = [client.post("/v1/backups", headers=admin) for _ in range(3)]
        assert client.post("/v1/backups", headers=KEY).status_code == 403  # an editor may not
    for response in taken:
        assert response.status_code == 201, response.text
        made = response.json()
        assert made["folder"].startswith(str(tmp_path / "backups"))
        target = tmp_path / "restored" / made["folder"].rsplit("/", 1)[-1]
        restored = restore(Path(made["folder"]), make_settings(target))
        assert restored["restored_points"] == made["points"]


def test_accepted_uploads_waiting_in_jobs_are_backed_up_restored_and_run(seeded_kb, tmp_path):
    """#16: an accepted upload (202) not yet ingested when the backup is taken is in it, and a server started
    over the restored folder ingests it; a finished job's status comes along too."""
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.jobs import Job
    from search_api.journal import Journal
    from tests.search_api.test_reliability import EDITOR, KEY

    journal = Journal(seeded_kb.settings.data_dir)  # as kb serve leaves them when it stops with work queued
    waiting = Job(id="a" * 32, source="kh_cho.txt", seq=7)
    journal.accept(waiting.saved(), "KẾ HOẠCH\nSở Xây dựng chủ trì lập bản đồ số nhà ở xã hội năm 2026.".encode())
    done = Job(id="b" * 32, source="kh_xong.txt", seq=6, status="done", ingest_status="unchanged")
    journal.save(done.saved())
    manifest = backup(seeded_kb, tmp_path / "backup")
    assert manifest["pending_uploads"] == 1 and "jobs/" + "a" * 32 + ".bin" in manifest["files"]

    restore(tmp_path / "backup", make_settings(tmp_path / "restored"))
    settings = make_settings(tmp_path / "restored", api_keys=f"editor:{EDITOR}", upload_worker="thread")
    with TestClient(create_app(settings)) as client:
        assert client.get(f"/v1/jobs/{'b' * 32}", headers=KEY).json()["status"] == "done"
        for _ in range(600):
            if (job := client.get(f"/v1/jobs/{'a' * 32}", headers=KEY).json())["status"] not in ("queued", "running"):
                break
            time.sleep(0.1)
        assert job["status"] == "done", job
        hits = client.get("/v1/search", params={"q": "bản đồ số nhà ở xã hội"}).json()["hits"]
        assert hits and hits[0]["doc_id"] == job["doc_id"]
        assert len(client.get("/v1/documents").json()) == manifest["documents"] + 1
