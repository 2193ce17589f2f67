"""Issue #16 item 4: ``/readyz`` is not "ready" when the store and catalog disagree or the disk is nearly
full, and a server starting over a drifted folder repairs it first (real app, real store, real files)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from search_api.app import create_app
from tests.conftest import make_settings
from tests.kb.test_check import _passages, drop_segments


def test_a_server_starting_over_lost_passages_indexes_them_again_then_is_ready(seeded_dir):
    clean = _passages(seeded_dir)
    drop_segments(seeded_dir)
    with TestClient(create_app(make_settings(seeded_dir))) as client:
        ready = client.get("/v1/readyz")
        assert ready.status_code == 200 and ready.json()["passages"] == len(clean)
    assert _passages(seeded_dir) == clean


def test_readyz_is_503_when_store_and_catalog_disagree(seeded_dir):
    with TestClient(create_app(make_settings(seeded_dir))) as client:
        assert client.get("/v1/readyz").status_code == 200
        kb = client.app.state.kb
        kb.store.delete_doc(kb.catalog.records()[0]["doc_id"])  # passages gone behind the catalog's back
        ready = client.get("/v1/readyz")
        assert ready.status_code == 503 and set(ready.json()) == {"error"}
        assert ready.json()["error"]["code"] == "data_inconsistent"
        assert "kb check --repair" in ready.json()["error"]["message"]
        assert "không khớp" in ready.json()["error"]["message"]
        assert client.get("/v1/healthz").status_code == 200  # alive, not ready


def test_readyz_is_503_when_the_disk_is_nearly_full(tmp_path):
    settings = make_settings(tmp_path / "data", min_free_disk_mb=1 << 40)  # more than any disk has
    with TestClient(create_app(settings)) as client:
        ready = client.get("/v1/readyz", headers={"Accept-Language": "en"})
        assert ready.status_code == 503 and ready.json()["error"]["code"] == "disk_nearly_full"
        assert "nearly full" in ready.json()["error"]["message"]
    with TestClient(create_app(make_settings(tmp_path / "data"))) as client:
        assert client.get("/v1/readyz").status_code == 200
