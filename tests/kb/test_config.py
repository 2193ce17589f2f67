"""Cluster collection settings: validated when read, passed to Qdrant when a collection is created.

qdrant-client's in-process mode accepts ``shard_number``, ``replication_factor`` and
``write_consistency_factor`` but does not keep them (``get_collection(...).config.params`` shows
``None``), so these tests record what the real ``create_collection`` is called with while still
calling it: the collection is really created and used.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from qdrant_client import QdrantClient

from kb.cli import main
from kb.config import load_settings
from kb.errors import InputError
from kb.service import KnowledgeBase
from tests.conftest import ROOT, clean_env, make_settings

LAYOUT = {"shard_number": 6, "replication_factor": 2, "write_consistency_factor": 2}


@pytest.fixture
def created(monkeypatch) -> list[dict]:
    """The keyword arguments of every ``QdrantClient.create_collection`` call, which still runs."""
    calls: list[dict] = []
    real = QdrantClient.create_collection

    def recording(self, collection_name, **kwargs):
        calls.append({"name": collection_name, **kwargs})
        return real(self, collection_name, **kwargs)

    monkeypatch.setattr(QdrantClient, "create_collection", recording)
    return calls


def test_cluster_settings_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("KB_QDRANT_SHARDS", "6")
    monkeypatch.setenv("KB_QDRANT_REPLICAS", "2")
    monkeypatch.setenv("KB_QDRANT_WRITE_CONSISTENCY", "1")
    settings = load_settings()
    assert (settings.qdrant_shards, settings.qdrant_replicas, settings.qdrant_write_consistency) == (6, 2, 1)
    assert settings.collection_layout == {"shard_number": 6, "replication_factor": 2, "write_consistency_factor": 1}
    assert load_settings(qdrant_shards=None).collection_layout == {"replication_factor": 2,
                                                                    "write_consistency_factor": 1}


@pytest.mark.parametrize("env,names", [
    ({"KB_QDRANT_SHARDS": "0"}, ["KB_QDRANT_SHARDS"]),
    ({"KB_QDRANT_REPLICAS": "-1"}, ["KB_QDRANT_REPLICAS"]),
    ({"KB_QDRANT_WRITE_CONSISTENCY": "two"}, ["KB_QDRANT_WRITE_CONSISTENCY"]),
    ({"KB_QDRANT_REPLICAS": "2", "KB_QDRANT_WRITE_CONSISTENCY": "3"}, ["KB_QDRANT_WRITE_CONSISTENCY (3)",
                                                                        "KB_QDRANT_REPLICAS (2)"]),
    ({"KB_QDRANT_WRITE_CONSISTENCY": "2"}, ["KB_QDRANT_WRITE_CONSISTENCY (2)", "KB_QDRANT_REPLICAS (1)"]),
])
def test_bad_cluster_settings_are_a_clear_error(monkeypatch, env, names):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(InputError) as caught:
        load_settings()
    assert caught.value.code == "bad_settings"
    for name in names:
        assert name in caught.value.message


def test_the_cli_names_the_bad_setting_and_exits_2(tmp_path):
    env = clean_env(KB_QDRANT_REPLICAS="2", KB_QDRANT_WRITE_CONSISTENCY="3")
    result = subprocess.run([sys.executable, "-m", "kb.cli", "docs", "list", "--data-dir", str(tmp_path / "data")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("error: invalid settings: KB_QDRANT_WRITE_CONSISTENCY (3) is more than "
                                    "KB_QDRANT_REPLICAS (2)")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_missing_collection_is_created_with_the_cluster_layout(tmp_path, created):
    settings = make_settings(tmp_path / "data", qdrant_url=":memory:", qdrant_shards=6, qdrant_replicas=2,
                             qdrant_write_consistency=2)
    kb = KnowledgeBase(settings)
    try:
        assert kb.store.count() == 0  # the collection exists and answers
        assert kb.store.client.collection_exists("passages")
    finally:
        kb.close()
    assert len(created) == 1 and {k: created[0][k] for k in LAYOUT} == LAYOUT
    assert set(created[0]["vectors_config"]) == {"dense"} and set(created[0]["sparse_vectors_config"]) == {"sparse"}


def test_without_cluster_settings_the_servers_defaults_apply(tmp_path, created):
    kb = KnowledgeBase(make_settings(tmp_path / "data", qdrant_url=":memory:"))
    try:
        kb.store.count()
    finally:
        kb.close()
    assert len(created) == 1 and not set(LAYOUT) & set(created[0])


def test_kb_migrate_creates_the_target_collection_with_the_cluster_layout(seeded_dir, created, monkeypatch, capsys):
    monkeypatch.setenv("KB_QDRANT_SHARDS", "6")
    monkeypatch.setenv("KB_QDRANT_REPLICAS", "2")
    monkeypatch.setenv("KB_QDRANT_WRITE_CONSISTENCY", "2")
    assert main(["migrate", "--to", ":memory:", "--data-dir", str(seeded_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("copied ") and "Set KB_QDRANT_URL=:memory:" in out
    copied = int(out.split()[1])
    assert copied > 0 and f"the server now holds {copied}" in out
    assert len(created) == 1 and {k: created[0][k] for k in LAYOUT} == LAYOUT
