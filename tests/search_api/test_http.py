"""The HTTP API on a real uvicorn server (``kb serve`` in a subprocess) over a seeded data folder."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from kb.text import fold
from tests.conftest import SEED_FILES, clean_env, serving_copy

EDITOR = "editor-key-0123456789abcdef"
READER = "reader-key-0123456789abcdef"


@pytest.fixture(scope="module")
def server(seeded_template, module_tmp):
    env = clean_env(KB_API_KEYS=f"editor:{EDITOR},reader:{READER}", KB_MAX_UPLOAD_MB="1")
    with serving_copy(seeded_template, module_tmp, env) as (base, _):
        with httpx.Client(base_url=base, timeout=60) as client:
            yield client


def assert_error_shape(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    return body["error"]


def test_ask_answers_with_the_citation_shape(server):
    body = server.post("/v1/ask", json={"question": "Tay Ninh da thanh lap bao nhieu to cong nghe cong dong?"}).json()
    assert body["citations"][0]["source"] == "001_69291db2c23c1c59.txt" and "484" in body["answer"]
    assert {"question", "restored_query", "intent", "answer", "facts", "citations"} <= set(body)
    assert body["status"] == "answered" and body["reading"]["asks"] == "value" and 0 < body["confidence"] <= 1
    assert body["restored_query"] == "tây ninh đã thành lập bao nhiêu tổ công nghệ cộng đồng?"


def test_search_with_limit_and_filters(server):
    body = server.get("/v1/search", params={"q": "chính quyền số", "limit": 3}).json()
    assert body["query"] == "chính quyền số" and 1 <= len(body["hits"]) <= 3
    doc_id = body["hits"][0]["doc_id"]
    only = server.get("/v1/search", params={"q": "chính quyền số", "doc_id": doc_id}).json()
    assert {h["doc_id"] for h in only["hits"]} == {doc_id}
    none = server.get("/v1/search", params={"q": "chính quyền số", "year_from": 2030}).json()
    assert none["hits"] == []  # the news articles have no date of issue


def test_documents_list_show_and_text(server):
    docs = server.get("/v1/documents").json()
    assert [d["source"] for d in docs] == [p.name for p in SEED_FILES]
    one = server.get(f"/v1/documents/{docs[1]['doc_id']}").json()
    assert one == docs[1]
    titled = [d for d in docs if d["title"]]
    by_title = sorted(titled, key=lambda d: (fold(d["title"]), d["source"])) + \
        [d for d in docs if not d["title"]]
    page = server.get("/v1/documents", params={"sort": "title", "limit": 2, "offset": 1})
    assert page.headers["X-Total-Count"] == "5" and page.json() == by_title[1:3] and len(titled) >= 3
    dated = [d for d in docs if d["issued"]]
    year = dated[0]["issued"][:4]
    of_year = server.get("/v1/documents", params={"year": year, "limit": 1})
    assert int(of_year.headers["X-Total-Count"]) == sum(d["issued"][:4] == year for d in dated)
    assert of_year.json() == [d for d in docs if (d["issued"] or "")[:4] == year][:1]
    text = server.get(f"/v1/documents/{docs[1]['doc_id']}/text").json()["text"]
    assert "484" in text


def test_web_page_is_served(server):
    page = server.get("/")
    assert page.status_code == 200 and 'lang="vi"' in page.text
    assert server.get("/static/app.js").status_code == 200


def test_favicon_and_the_openapi_page_come_from_the_package(server):
    icon = server.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content.startswith(b"\x00\x00\x01\x00")  # an ICO file
    assert '<link rel="icon" href="/favicon.ico">' in server.get("/").text
    docs = server.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs)
    assert "/docs-assets/swagger-ui-bundle.js" in assets and "/docs-assets/swagger-ui.css" in assets
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))]  # nothing from a CDN
    for asset in assets:
        got = server.get(asset)
        assert got.status_code == 200 and len(got.content) > 100, asset


def test_me_tells_the_role_of_the_key(server):
    assert server.get("/v1/me").json() == {"role": None, "can_write": False}
    assert server.get("/v1/me", headers={"X-API-Key": READER}).json() == {"role": "reader", "can_write": False}
    assert server.get("/v1/me", headers={"X-API-Key": EDITOR}).json() == {"role": "editor", "can_write": True}
    assert assert_error_shape(server.get("/v1/me", headers={"X-API-Key": "wrong"}), 401)["code"] == "unauthorized"


@pytest.mark.parametrize("method,path,kwargs,status", [
    ("get", "/v1/search", {"params": {"q": ""}}, 422),
    ("get", "/v1/search", {"params": {"q": "x", "limit": 1000}}, 422),
    ("get", "/v1/search", {"params": {"q": "x", "year_from": "abc"}}, 422),
    ("post", "/v1/ask", {"json": {}}, 422),
    ("post", "/v1/ask", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
    ("post", "/v1/ask", {"json": {"question": "   "}}, 400),
    ("get", "/v1/documents/does-not-exist", {}, 404),
    ("delete", "/v1/documents/does-not-exist", {"headers": {"X-API-Key": EDITOR}}, 404),
    ("get", "/v1/no-such-route", {}, 404),
    ("put", "/v1/ask", {}, 405),
])
def test_caller_mistakes_get_a_4xx_in_the_one_error_shape(server, method, path, kwargs, status):
    assert_error_shape(getattr(server, method)(path, **kwargs), status)


@pytest.mark.parametrize("method,path,kwargs,vi,en", [
    ("post", "/v1/ask", {"json": {"question": "x" * 2001}},
     "question: chỉ được có tối đa 2000 ký tự", "question: String should have at most 2000 characters"),
    ("get", "/v1/search", {"params": {"q": "x", "limit": "abc"}},
     "limit: phải là số nguyên", "query.limit: Input should be a valid integer, unable to parse string as an integer"),
    ("get", "/v1/documents/khong-co", {}, "Không có văn bản nào mang mã 'khong-co'.", "no document with id 'khong-co'"),
    ("get", "/v1/no-such-route", {}, "Không tìm thấy đường dẫn này.", "Not Found"),
    ("post", "/v1/documents", {"files": {"file": ("rong.txt", b" ")}, "headers": {"X-API-Key": EDITOR}},
     "rong.txt: tệp rỗng.", "rong.txt: the file is empty"),
    ("post", "/v1/documents", {"files": {"file": ("a.exe", b"MZ")}, "headers": {"X-API-Key": EDITOR}},
     "a.exe: không hỗ trợ loại tệp .exe; hãy dùng PDF, DOCX, TXT, MD hoặc HTML.",
     "a.exe: unsupported file type .exe; use PDF, DOCX, TXT, MD or HTML"),
    ("post", "/v1/documents", {"files": {"file": ("a.txt", b"x")}, "headers": {"X-API-Key": READER}},
     "Khoá API này không có quyền biên tập.", "this route needs the editor role"),
    ("get", "/v1/search", {"params": {"q": "x", "year_from": 2030, "year_to": 2020}},
     "năm bắt đầu (2030) không được sau năm kết thúc (2020)", "query: year_from (2030) is after year_to (2020)"),
    ("post", "/v1/ask", {"json": {"question": "x", "filters": {"year_from": 2030, "year_to": 2020}}},
     "filters: năm bắt đầu (2030) không được sau năm kết thúc (2020)",
     "filters: year_from (2030) is after year_to (2020)"),
], ids=["too-long", "not-an-int", "no-document", "no-route", "empty-upload", "exe-upload", "reader-key",
        "years-inverted-search", "years-inverted-ask"])
def test_error_messages_are_vietnamese_unless_english_is_asked(server, method, path, kwargs, vi, en):
    kwargs = dict(kwargs)
    headers = kwargs.pop("headers", {})

    def call(language: str | None) -> httpx.Response:
        extra = {"Accept-Language": language} if language else {}
        return getattr(server, method)(path, headers={**headers, **extra}, **kwargs)

    default, english, preferred = call(None), call("en-US,en;q=0.9"), call("vi-VN,vi;q=0.9,en;q=0.8")
    assert default.json()["error"]["message"] == vi and preferred.json()["error"]["message"] == vi
    assert english.json()["error"]["message"] == en
    assert default.status_code == english.status_code
    assert default.json()["error"]["code"] == english.json()["error"]["code"]


def test_writing_needs_an_editor_key(server):
    files = {"file": ("kh.txt", "Sở Y tế chủ trì số hóa hồ sơ sức khỏe.".encode())}
    missing = server.post("/v1/documents", files=files)
    assert assert_error_shape(missing, 401)["code"] == "unauthorized"
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert_error_shape(server.post("/v1/documents", files=files, headers={"X-API-Key": "wrong"}), 401)
    assert_error_shape(server.post("/v1/documents", files=files, headers={"Authorization": f"Bearer {READER}"}), 403)


def test_upload_is_searchable_at_once_and_delete_removes_it(server):
    text = "KẾ HOẠCH\nSở Y tế chủ trì số hóa 100% hồ sơ sức khỏe điện tử của người dân trước tháng 6/2026."
    created = server.post("/v1/documents", files={"file": ("kh_yte.txt", text.encode())},
                          headers={"Authorization": f"Bearer {EDITOR}"})
    assert created.status_code == 201, created.text
    doc = created.json()
    hits = server.get("/v1/search", params={"q": "ho so suc khoe dien tu", "limit": 1}).json()["hits"]
    assert hits[0]["doc_id"] == doc["doc_id"]
    again = server.post("/v1/documents", files={"file": ("kh_yte.txt", text.encode())}, headers={"X-API-Key": EDITOR})
    assert again.status_code == 200 and again.headers["x-kb-ingest-status"] == "unchanged"
    assert server.delete(f"/v1/documents/{doc['doc_id']}", headers={"X-API-Key": EDITOR}).status_code == 200
    assert_error_shape(server.get(f"/v1/documents/{doc['doc_id']}"), 404)
    hits = server.get("/v1/search", params={"q": "ho so suc khoe dien tu", "limit": 5}).json()["hits"]
    assert doc["doc_id"] not in {h["doc_id"] for h in hits}


@pytest.mark.parametrize("name,data,status", [
    ("empty.txt", b"", 422),
    ("fake.pdf", b"hello, not a pdf", 422),
    ("tool.exe", b"MZ\x90\x00binary", 415),
    ("big.txt", b"a" * (1024 * 1024 + 10), 413),
])
def test_bad_uploads_are_refused_and_nothing_stored_is_harmed(server, name, data, status):
    before = server.get("/v1/documents").json()
    response = server.post("/v1/documents", files={"file": (name, data)}, headers={"X-API-Key": EDITOR})
    assert_error_shape(response, status)
    assert server.get("/v1/documents").json() == before


def test_upload_with_no_wait_is_a_job_to_poll_then_replace_and_list(server):
    key = {"X-API-Key": EDITOR}
    text = "KẾ HOẠCH\nSở Tài chính chủ trì xây dựng kho dữ liệu ngân sách số trước tháng 9/2026."
    accepted = server.post("/v1/documents", params={"wait": 0}, files={"file": ("kh_tc.txt", text.encode())},
                           headers=key)
    assert accepted.status_code == 202 and set(accepted.json()) == {"job_id", "status_url"}
    deadline = time.monotonic() + 120
    while (job := server.get(accepted.json()["status_url"], headers=key).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert job["status"] == "done" and job["ingest_status"] == "added"
    doc_id = job["doc_id"]
    assert server.get("/v1/search", params={"q": "kho du lieu ngan sach so", "limit": 1}).json()["hits"][0]["doc_id"] \
        == doc_id
    tasks = server.get("/v1/tasks", params={"doc_id": doc_id}).json()["items"]
    assert [b["name"] for b in tasks[0]["lead"]] == ["Sở Tài chính"] and tasks[0]["due"] == "2026-08-31"

    new = "KẾ HOẠCH (sửa đổi)\nSở Tài chính chủ trì xây dựng kho dữ liệu ngân sách số trước tháng 12/2026."
    replaced = server.put(f"/v1/documents/{doc_id}", files={"file": ("kh_tc_v2.txt", new.encode())}, headers=key)
    assert replaced.status_code == 201 and replaced.json()["doc_id"] == doc_id
    assert replaced.json()["source"] == "kh_tc_v2.txt"
    assert server.get(f"/v1/documents/{doc_id}/text").json()["text"].startswith("KẾ HOẠCH (sửa đổi)")
    assert server.get("/v1/tasks", params={"doc_id": doc_id}).json()["items"][0]["due"] == "2026-11-30"

    listed = server.get("/v1/documents", params={"q": "kh_tc_v2", "limit": 5})
    assert listed.headers["x-total-count"] == "1" and listed.json()[0]["doc_id"] == doc_id
    assert server.delete(f"/v1/documents/{doc_id}", headers=key).status_code == 200
    assert_error_shape(server.get(f"/v1/jobs/{'0' * 32}", headers=key), 404)
    assert_error_shape(server.put(f"/v1/documents/{'0' * 16}", files={"file": ("a.txt", b"x y z")}, headers=key), 404)


def test_search_facets_count_passages_by_type_issuer_and_year(server):
    body = server.get("/v1/search", params={"q": "chuyển đổi số", "facets": "true"}).json()
    assert set(body["facets"]) == {"doc_type", "issuer", "year"}
    assert server.get("/v1/search", params={"q": "chuyển đổi số"}).json()["facets"] is None


def test_metrics_in_prometheus_text(server):
    server.get("/v1/healthz")
    text = server.get("/metrics").text
    assert 'kb_requests_total{method="GET",route="/v1/healthz",status="200"}' in text
    assert "kb_passages " in text and 'kb_request_seconds_bucket{route="/v1/healthz",le="+Inf"}' in text


def test_document_outline_lists_its_sections(server):
    key = {"X-API-Key": EDITOR}
    plan = "KẾ HOẠCH\nChuyển đổi số\n\nI. MỤC TIÊU\nĐạt 80% hồ sơ trực tuyến.\n\nII. NHIỆM VỤ\nSở Nội vụ chủ trì."
    doc = server.post("/v1/documents", files={"file": ("kh_outline.txt", plan.encode())}, headers=key).json()
    outline = server.get(f"/v1/documents/{doc['doc_id']}/outline").json()
    assert [s["section"] for s in outline] == ["I", "II"]
    assert server.get(f"/v1/documents/{doc['doc_id']}/text").json()["text"][outline[1]["start"]:].startswith("II.")
    server.delete(f"/v1/documents/{doc['doc_id']}", headers=key)


def test_the_server_indexes_at_start_and_after_each_upload_burst(seeded_template, tmp_path):
    # the template was written under the default threshold: all exact scan
    env = clean_env(KB_API_KEYS=f"editor:{EDITOR}", KB_INDEX_THRESHOLD_KB="1")  # any segment passes 1 KB
    with serving_copy(seeded_template, tmp_path, env) as (base, _), httpx.Client(base_url=base, timeout=60) as c:
        ready = c.get("/v1/readyz").json()
        assert ready["passages"] > 0 and ready["unindexed_passages"] == 0
        text = "KẾ HOẠCH\nSở Tài chính chủ trì số hóa 100% hồ sơ quyết toán ngân sách trước tháng 9/2026."
        created = c.post("/v1/documents", files={"file": ("kh_tc.txt", text.encode())}, headers={"X-API-Key": EDITOR})
        assert created.status_code == 201, created.text
        deadline = time.monotonic() + 30
        while (ready := c.get("/v1/readyz").json())["unindexed_passages"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert ready["unindexed_passages"] == 0, ready
        hits = c.get("/v1/search", params={"q": "ho so quyet toan ngan sach", "limit": 1}).json()["hits"]
        assert hits[0]["doc_id"] == created.json()["doc_id"]


def test_an_editor_corrects_a_record_and_undoes_it(server):
    doc = server.get("/v1/documents").json()[2]
    path = f"/v1/documents/{doc['doc_id']}"
    change = {"title": "Tây Ninh: hành chính công số", "doc_type": "Thông cáo báo chí", "issued": "2022-03-12"}
    assert assert_error_shape(server.patch(path, json=change), 401)["code"] == "unauthorized"
    assert assert_error_shape(server.patch(path, json=change, headers={"X-API-Key": READER}), 403)
    # "0000-00" and "2025-13-40" have the shape of a date and are none: stored, they broke every listing (500)
    for bad in ({"issued": "12/03/2022"}, {"source": "x.txt"}, {"effective": "0000-00"}, {"issued": "2025-13-40"}):
        assert assert_error_shape(server.patch(path, json=bad, headers={"X-API-Key": EDITOR}), 422)
    fixed = server.patch(path, json=change, headers={"X-API-Key": EDITOR})
    assert fixed.status_code == 200, fixed.text
    assert {k: fixed.json()[k] for k in change} == change
    hits = server.get("/v1/search", params={"q": "chính quyền số", "doc_type": "Thông cáo báo chí"}).json()["hits"]
    assert hits and {h["doc_id"] for h in hits} == {doc["doc_id"]} and hits[0]["title"] == change["title"]
    again = server.patch(path, json=change, headers={"X-API-Key": EDITOR})
    assert assert_error_shape(again, 400)["code"] == "nothing_changed"
    [edit] = server.get(f"{path}/edits").json()
    assert edit["by"] == "editor" and edit["after"] == change
    assert edit["before"] == {k: doc[k] for k in change}
    undone = server.post(f"{path}/edits/{edit['id']}/revert", headers={"X-API-Key": EDITOR})
    assert undone.status_code == 200 and {k: undone.json()[k] for k in change} == {k: doc[k] for k in change}
    assert [e["reverts"] for e in server.get(f"{path}/edits").json()] == [edit["id"], None]
    assert server.get(path).json() == doc
    assert server.post("/v1/ask", json={"question": "Nghị định nào có hiệu lực?"}).status_code == 200
    assert_error_shape(server.post(f"{path}/edits/nope/revert", headers={"X-API-Key": EDITOR}), 404)
