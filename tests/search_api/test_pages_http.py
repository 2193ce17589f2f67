"""The page view of a PDF original (GET /v1/documents/{id}/pages/{n}.png) on a real ``kb serve`` whose
reading is closed to callers without a key (``plan_api``): a PNG per page, drawn once, 404 in the error
shape past the last page or for a document that is not a PDF."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import PLAN_EDITOR, PLAN_READER, text_pdf

PAGES = ["KẾ HOẠCH\nSố hóa hồ sơ đất đai năm 2026.\nSở Tài nguyên và Môi trường chủ trì.",
         "Trang hai: Sở Tư pháp phối hợp rà soát thủ tục trước ngày 30/6/2026."]


@pytest.fixture(scope="module")
def pdf_doc(plan_api):
    base, _ = plan_api
    with httpx.Client(base_url=base, timeout=120, headers={"X-API-Key": PLAN_READER}) as client:
        added = client.post("/v1/documents", files={"file": ("ke_hoach_trang.pdf", text_pdf(PAGES))},
                            headers={"X-API-Key": PLAN_EDITOR})
        assert added.status_code == 201, added.text
        yield client, added.json()
        client.delete(f"/v1/documents/{added.json()['doc_id']}", headers={"X-API-Key": PLAN_EDITOR})


def test_a_pdf_page_is_a_png_drawn_once(pdf_doc):
    client, doc = pdf_doc
    assert doc["format"] == "pdf" and doc["pages"] == 2 and doc["original"]
    first = client.get(f"/v1/documents/{doc['doc_id']}/pages/2.png")
    assert first.status_code == 200 and first.headers["content-type"] == "image/png"
    assert first.content.startswith(b"\x89PNG\r\n\x1a\n") and len(first.content) > 1000
    assert client.get(f"/v1/documents/{doc['doc_id']}/pages/2.png").content == first.content  # from the cache
    small = client.get(f"/v1/documents/{doc['doc_id']}/pages/2.png", params={"dpi": 50})
    assert small.status_code == 200 and len(small.content) < len(first.content)
    assert httpx.get(f"{client.base_url}/v1/documents/{doc['doc_id']}/pages/1.png").status_code == 401


def test_no_such_page_is_404_in_the_error_shape(pdf_doc):
    client, doc = pdf_doc
    past = client.get(f"/v1/documents/{doc['doc_id']}/pages/3.png")
    assert past.status_code == 404 and past.json()["error"] == {
        "code": "not_found", "message": "Văn bản ke_hoach_trang.pdf có 2 trang, không có trang 3."}
    english = client.get(f"/v1/documents/{doc['doc_id']}/pages/3.png", headers={"Accept-Language": "en"})
    assert english.json()["error"]["message"] == "'ke_hoach_trang.pdf' has 2 pages: there is no page 3"
    markdown = next(d for d in client.get("/v1/documents").json() if d["format"] != "pdf")
    not_pdf = client.get(f"/v1/documents/{markdown['doc_id']}/pages/1.png")
    assert not_pdf.status_code == 404 and "không có tệp gốc PDF" in not_pdf.json()["error"]["message"]
    for bad in ("0.png", "x.png"):
        assert client.get(f"/v1/documents/{doc['doc_id']}/pages/{bad}").status_code == 422
    assert client.get(f"/v1/documents/{doc['doc_id']}/pages/1.png", params={"dpi": 900}).status_code == 422
    assert client.get("/v1/documents/nope/pages/1.png").status_code == 404
