"""Keys and roles: closed reading, placeholder keys refused outside development."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from tests.conftest import make_settings


def test_closed_reading_needs_a_reader_key(tmp_path):
    settings = make_settings(tmp_path / "data", api_keys="reader:r-key-0123456789abcdef", public_read=False)
    with TestClient(create_app(settings)) as client:
        denied = client.get("/v1/documents")
        assert denied.status_code == 401 and denied.json()["error"]["code"] == "unauthorized"
        assert denied.headers["www-authenticate"].startswith("Bearer")
        assert client.get("/v1/documents", headers={"X-API-Key": "r-key-0123456789abcdef"}).json() == []
        assert client.get("/v1/healthz").status_code == 200  # liveness stays open


@pytest.mark.parametrize("keys", ["editor:changeme", "admin:short", "editor:your-key-here-please-change",
                                  "editor:xxxxxxxxxxxxxxxx", "editor:passwordpassword",
                                  "admin:REPLACE_ME_WITH_A_REAL_KEY", "editor:abababababababababab"])
def test_placeholder_keys_stop_a_production_start(tmp_path, keys):
    settings = make_settings(tmp_path / "data", api_keys=keys, environment="production")
    with pytest.raises(ValueError, match="placeholder"):
        create_app(settings)


def test_malformed_key_list_is_refused(tmp_path):
    with pytest.raises(ValueError, match="role:KEY"):
        create_app(make_settings(tmp_path / "data", api_keys="superuser:abc"))


@pytest.mark.parametrize("keys", ["editor:Kx7-real-key-0123456789,Kx7-bare-secret-0123456789",
                                  "Kx7-bare-secret-0123456789:editor", "editor:Kx7-a-key-0123456789,"
                                  "reader:Kx7-bare-secret-0123456789,admin:Kx7-bare-secret-0123456789"])
def test_a_malformed_key_list_or_a_key_under_two_roles_is_refused_without_echoing_it(tmp_path, keys):
    with pytest.raises(ValueError) as refused:
        create_app(make_settings(tmp_path / "data", api_keys=keys))
    assert "bare-secret" not in str(refused.value) and "entry" in str(refused.value)


def test_closed_reading_closes_metrics_and_the_counts_of_readiness(tmp_path):
    reader = {"X-API-Key": "r-key-0123456789abcdef"}
    settings = make_settings(tmp_path / "data", api_keys="reader:r-key-0123456789abcdef", public_read=False)
    with TestClient(create_app(settings)) as client:
        assert client.get("/metrics").status_code == 401
        assert "kb_documents" in client.get("/metrics", headers=reader).text
        assert client.get("/v1/readyz").json() == {"status": "ready"}  # a probe learns no more than that
        assert client.get("/v1/readyz", headers=reader).json()["documents"] == 0


def test_unreachable_qdrant_server_is_503_in_the_error_shape(tmp_path):
    from tests.conftest import free_port

    settings = make_settings(tmp_path / "data", qdrant_url=f"http://127.0.0.1:{free_port()}")
    with TestClient(create_app(settings)) as client:
        assert client.get("/v1/healthz").status_code == 200  # alive, though its store is not
        for response in (client.get("/v1/readyz"), client.get("/v1/search", params={"q": "chuyển đổi số"})):
            assert response.status_code == 503
            assert response.json()["error"] == {  # a 5xx names the log line with the details (#16.9)
                "code": "unavailable", "message": "Không kết nối được tới máy chủ Qdrant; vui lòng thử lại sau.",
                "request_id": response.headers["X-Request-ID"]}
        english = client.get("/v1/readyz", headers={"Accept-Language": "en"}).json()["error"]
        assert english["code"] == "unavailable" and english["message"].startswith("the Qdrant server cannot be reached")
