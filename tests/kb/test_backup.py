"""Backup → restore round trip, and the embedded → server migration, on real stores."""

from __future__ import annotations

import pytest

from kb.backup import backup, migrate, restore
from kb.errors import Conflict, InputError
from kb.service import KnowledgeBase
from kb.store.server import ServerStore
from tests.conftest import make_settings

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
