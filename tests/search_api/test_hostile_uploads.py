"""PDF bombs uploaded to a real ``kb serve``: a 422 in the one error shape, the documents unchanged."""

from __future__ import annotations

import shutil
import time

import httpx
import pytest

from tests.conftest import clean_env, running_server, serve_args
from tests.hostile_files import flate_bomb_pdf, nested_forms_pdf
from tests.search_api.test_http import assert_error_shape

EDITOR = "editor-key-0123456789abcdef"
KEY = {"X-API-Key": EDITOR}
ROOMY_S = 300


def _serving(template, data, timeout_s: int):
    shutil.copytree(template, data)
    env = clean_env(KB_API_KEYS=f"editor:{EDITOR}", KB_PARSE_MEMORY_MB="256", KB_PARSE_TIMEOUT_S=str(timeout_s))
    with running_server(serve_args(data), "/v1/healthz", env) as base:
        with httpx.Client(base_url=base, timeout=120) as client:
            yield client


@pytest.fixture(scope="module")
def server(seeded_template, module_tmp):
    """Parsing stopped after 4 s: the endless page."""
    yield from _serving(seeded_template, module_tmp / "data", 4)


@pytest.fixture(scope="module")
def roomy_server(seeded_template, module_tmp):
    """Parsing given all the time it wants, so that on a slow or loaded machine the memory bomb still runs out of
    memory before it runs out of time: which limit stops a file must not depend on the machine's speed."""
    yield from _serving(seeded_template, module_tmp / "roomy", ROOMY_S)


def _holdings(server: httpx.Client):
    return server.get("/v1/documents").json(), server.get("/v1/readyz").json()


@pytest.mark.parametrize("name,make,fixture,stopped_by", [
    ("bom_nen.pdf", flate_bomb_pdf, "roomy_server", "cần nhiều bộ nhớ hơn mức cho phép (256 MB)"),
    ("trang_vo_tan.pdf", nested_forms_pdf, "server", "lâu quá 4 giây"),
], ids=["flate-bomb", "nested-forms"])
def test_a_pdf_bomb_upload_is_a_422_and_the_documents_stay(request, name, make, fixture, stopped_by):
    server = request.getfixturevalue(fixture)
    before = _holdings(server)
    started = time.monotonic()
    response = server.post("/v1/documents", files={"file": (name, make(), "application/pdf")}, headers=KEY)
    error = assert_error_shape(response, 422)
    assert error["code"] == "unreadable_document"
    assert error["message"].startswith(f"{name}: ") and stopped_by in error["message"]  # Vietnamese by default
    assert time.monotonic() - started < (ROOMY_S if fixture == "roomy_server" else 30)
    assert _holdings(server) == before


def test_a_pdf_bomb_uploaded_as_a_job_fails_with_the_same_message(roomy_server):
    server = roomy_server
    before = _holdings(server)
    accepted = server.post("/v1/documents", params={"wait": 0}, files={"file": ("bom_nen.pdf", flate_bomb_pdf())},
                           headers=KEY)
    assert accepted.status_code == 202
    deadline = time.monotonic() + ROOMY_S
    while (job := server.get(accepted.json()["status_url"], headers=KEY).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert job["status"] == "failed" and job["doc_id"] is None
    assert job["error"] == "bom_nen.pdf: cần nhiều bộ nhớ hơn mức cho phép (256 MB) nên đã dừng đọc tệp."
    english = server.get(accepted.json()["status_url"], headers={**KEY, "Accept-Language": "en"}).json()
    assert english["error"] == "bom_nen.pdf: parsing needs more memory than allowed (256 MB) and was stopped"
    assert _holdings(server) == before
    ok = server.post("/v1/documents", files={"file": ("sau_bom.txt", "KẾ HOẠCH\nSở Y tế chủ trì.".encode())},
                     headers=KEY)
    assert ok.status_code == 201  # the upload worker goes on
    server.delete(f"/v1/documents/{ok.json()['doc_id']}", headers=KEY)
