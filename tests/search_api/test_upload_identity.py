"""Issue #16: an uploaded document is identified by its content, not by the caller's file name.

Two offices uploading their own ``ke-hoach.txt`` get two documents; the same bytes again are
unchanged; a document is replaced only explicitly, by ``PUT /v1/documents/{id}``.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from tests.conftest import make_settings

EDITOR = "editor-key-0123456789abcdef"
KEY = {"X-API-Key": EDITOR}


def plan(number: str, body: str) -> str:
    return f"ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH\nSố: {number}\n\nKẾ HOẠCH\nChuyển đổi số năm 2026\n\n{body}"


TAY_NINH = plan("12/KH-UBND", "Sở Y tế chủ trì số hóa hồ sơ sức khỏe điện tử trước tháng 6/2026.")
OTHER_OFFICE = plan("45/KH-UBND", "Sở Tài chính chủ trì xây dựng kho dữ liệu ngân sách số trước tháng 9/2026.")


@pytest.fixture(scope="module")
def client(module_tmp):
    settings = make_settings(module_tmp / "data", api_keys=f"editor:{EDITOR}")
    with TestClient(create_app(settings)) as c:
        yield c


def upload(client: TestClient, name: str, text: str):
    response = client.post("/v1/documents", files={"file": (name, text.encode())}, headers=KEY)
    assert response.status_code in (200, 201), response.text
    return response


def test_same_name_with_other_content_is_a_new_document(client):
    first = upload(client, "ke-hoach.txt", TAY_NINH)
    second = upload(client, "ke-hoach.txt", OTHER_OFFICE)
    assert first.status_code == second.status_code == 201
    assert second.headers["x-kb-ingest-status"] == "added"
    assert second.json()["doc_id"] != first.json()["doc_id"]
    assert (first.json()["source"], second.json()["source"]) == ("ke-hoach.txt", "ke-hoach (2).txt")
    assert client.get(f"/v1/documents/{first.json()['doc_id']}/text").json()["text"] == TAY_NINH
    again = upload(client, "ke-hoach.txt", TAY_NINH)
    renamed = upload(client, "ban-sao.txt", TAY_NINH)
    for response in (again, renamed):
        assert response.status_code == 200 and response.headers["x-kb-ingest-status"] == "unchanged"
        assert response.json()["doc_id"] == first.json()["doc_id"]


def test_a_path_is_not_a_name(client):
    dotted = upload(client, "../../etc/passwd.txt", plan("7/KH-UBND", "Sở Nội vụ chủ trì số hóa hồ sơ cán bộ."))
    rooted = upload(client, "/etc/passwd.txt", plan("8/KH-UBND", "Sở Xây dựng chủ trì số hóa hồ sơ cấp phép."))
    assert rooted.status_code == 201 and rooted.json()["doc_id"] != dotted.json()["doc_id"]
    assert {dotted.json()["source"], rooted.json()["source"]} == {"passwd.txt", "passwd (2).txt"}


def test_a_document_is_replaced_only_by_its_id(client):
    text = plan("99/KH-UBND", "Sở Công Thương chủ trì phát triển thương mại điện tử trước tháng 3/2026.")
    doc_id = upload(client, "thuong-mai.txt", text).json()["doc_id"]
    new = text.replace("3/2026", "10/2026")
    replaced = client.put(f"/v1/documents/{doc_id}", files={"file": ("thuong-mai.txt", new.encode())}, headers=KEY)
    assert replaced.status_code == 201 and replaced.headers["x-kb-ingest-status"] == "updated"
    assert replaced.json()["doc_id"] == doc_id and replaced.json()["source"] == "thuong-mai.txt"
    assert client.get(f"/v1/documents/{doc_id}/text").json()["text"] == new


def test_another_document_with_the_same_number_is_kept_and_flagged(client):
    original = upload(client, "nq.txt", plan("5/KH-UBND", "Sở Giáo dục chủ trì số hóa học bạ trước tháng 5/2026."))
    other = upload(client, "nq-khac.txt", plan("5/KH-UBND", "Sở Giáo dục chủ trì số hóa văn bằng trước 8/2026."))
    assert other.status_code == 201 and other.json()["doc_id"] != original.json()["doc_id"]
    assert any(original.json()["doc_id"] in w and "PUT" in w for w in other.json()["warnings"])
