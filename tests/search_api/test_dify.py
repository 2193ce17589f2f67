"""Dify's External Knowledge API on a real ``kb serve``: requests as Dify sends them (its documented shapes and
Bearer key), its documented error codes, and the operators of ``metadata_condition``."""

from __future__ import annotations

import httpx
import pytest

from kb.client import KBClient
from search_api.routes.dify import compare
from tests.conftest import PLAN_EDITOR, PLAN_READER

QUERY = "Cơ quan nào chủ trì xây dựng Luật Công nghiệp công nghệ số?"


@pytest.fixture(scope="module")
def dify(plan_api):
    base, _ = plan_api
    with httpx.Client(base_url=base, timeout=120) as http, KBClient(base, PLAN_READER) as client:
        yield http, client


def retrieve(http: httpx.Client, key: str | None = PLAN_READER, path: str = "/v1/retrieval", **body) -> httpx.Response:
    request = {"knowledge_id": "all", "query": QUERY, "retrieval_setting": {"top_k": 3, "score_threshold": 0.0},
               **body}
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {key}"} if key else {})}
    return http.post(path, json=request, headers=headers)


def test_records_in_difys_shape_carry_their_citations(dify):
    http, client = dify
    response = retrieve(http)
    assert response.status_code == 200, response.text
    records = response.json()["records"]
    assert 1 <= len(records) <= 3 and set(response.json()) == {"records"}
    nq = client.documents(q="03/NQ-CP")[0]
    assert records[0]["title"] == "Nghị quyết 03/NQ-CP" and "Luật Công nghiệp công nghệ số" in records[0]["content"]
    for record in records:
        assert set(record) == {"content", "score", "title", "metadata"} and 0 <= record["score"] <= 1
        meta = record["metadata"]
        assert None not in meta.values() and meta["link"].endswith(f"?start={meta['start']}&end={meta['end']}")
        assert record["content"] == client.text(meta["doc_id"])[meta["start"]:meta["end"]]
    assert records[0]["metadata"]["number"] == "03/NQ-CP" and records[0]["metadata"]["issued"] == nq.issued
    assert [r["score"] for r in records] == sorted((r["score"] for r in records), reverse=True)
    alias = retrieve(http, path="/retrieval")  # the endpoint registered without /v1
    assert alias.status_code == 200 and alias.json() == response.json()


def test_knowledge_id_names_a_collection(dify):
    http, client = dify
    nq = client.documents(q="03/NQ-CP")[0]
    seed = next(d for d in client.documents() if d.doc_id != nq.doc_id)
    for knowledge_id in ("type:nghi quyet", "doc:03/NQ-CP", f"doc:{nq.doc_id}", "issuer:Chính phủ"):
        records = retrieve(http, knowledge_id=knowledge_id).json()["records"]
        assert records and {r["metadata"]["doc_id"] for r in records} == {nq.doc_id}, knowledge_id
    records = retrieve(http, knowledge_id=f"doc:{seed.source}", query="chỉ tiêu").json()["records"]
    assert records and {r["metadata"]["doc_id"] for r in records} == {seed.doc_id}


def test_metadata_condition_and_score_threshold_filter(dify):
    http, _ = dify
    conditions = {"logical_operator": "and", "conditions": [
        {"name": "doc_type", "comparison_operator": "is", "value": "Nghị quyết"},
        {"name": "year", "comparison_operator": "≥", "value": 2025},
        {"name": ["section"], "comparison_operator": "start with", "value": "Phụ lục II"}]}
    records = retrieve(http, metadata_condition=conditions,
                       retrieval_setting={"top_k": 5, "score_threshold": 0.0}).json()["records"]
    assert len(records) == 5 and all(r["metadata"]["section"].startswith("Phụ lục II") for r in records)
    scores = [r["score"] for r in retrieve(http, retrieval_setting={"top_k": 10, "score_threshold": 0}).json()
              ["records"]]
    threshold = (scores[0] + scores[-1]) / 2
    kept = retrieve(http, retrieval_setting={"top_k": 10, "score_threshold": threshold}).json()["records"]
    assert [r["score"] for r in kept] == [s for s in scores if s >= threshold] and 0 < len(kept) < len(scores)


def test_an_empty_result_is_an_empty_list(dify):
    http, _ = dify
    nothing = {"conditions": [{"name": "doc_type", "comparison_operator": "is", "value": "Thông tư"}]}
    response = retrieve(http, metadata_condition=nothing)
    assert response.status_code == 200 and response.json() == {"records": []}
    high = retrieve(http, knowledge_id="doc:03/NQ-CP", query="bảo tồn di sản văn hoá phi vật thể",
                    retrieval_setting={"top_k": 3, "score_threshold": 1.0})
    assert high.status_code == 200 and all(r["score"] == 1.0 for r in high.json()["records"])


@pytest.mark.parametrize("headers,code", [
    ({"Authorization": "Bearer not-a-key"}, 1002),
    ({"Authorization": "Basic dXNlcjpwdw=="}, 1001),
    ({"Authorization": "Bearer"}, 1001),
    ({}, 1001),  # reading is closed on this server: a key is needed
])
def test_a_wrong_or_missing_key_gets_difys_error_codes(dify, headers, code):
    http, _ = dify
    response = http.post("/v1/retrieval", headers=headers, json={"knowledge_id": "all", "query": QUERY,
                                                                 "retrieval_setting": {"top_k": 2}})
    body = response.json()
    assert response.status_code == 403 and body["error_code"] == code and body["error_msg"]
    assert body["error"]["code"] == "unauthorized" and body["error"]["message"] == body["error_msg"]


def test_an_editor_key_reads_too(dify):
    assert retrieve(dify[0], key=PLAN_EDITOR).status_code == 200


@pytest.mark.parametrize("knowledge_id", ["nope", "type:Thông tư", "doc:99/NQ-XX", "doc:", "issuer:"])
def test_an_unknown_knowledge_is_2001(dify, knowledge_id):
    response = retrieve(dify[0], knowledge_id=knowledge_id)
    assert response.status_code == 404 and response.json()["error_code"] == 2001
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("body", [
    {"query": QUERY, "retrieval_setting": {"top_k": 2}},  # no knowledge_id
    {"knowledge_id": "all", "retrieval_setting": {"top_k": 2}},  # no query
    {"knowledge_id": "all", "query": QUERY},  # no retrieval_setting
    {"knowledge_id": "all", "query": QUERY, "retrieval_setting": {"top_k": 0}},
    {"knowledge_id": "all", "query": QUERY, "retrieval_setting": {"top_k": 2},
     "metadata_condition": {"conditions": [{"name": "year", "comparison_operator": "approximately"}]}},
])
def test_a_malformed_request_is_422_in_the_error_shape(dify, body):
    response = dify[0].post("/v1/retrieval", json=body, headers={"Authorization": f"Bearer {PLAN_READER}"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("op,have,want,expected", [
    ("contains", "Nghị quyết", "nghi quyet", True), ("not contains", "Nghị quyết", "quyết", False),
    ("start with", "Phụ lục II › I", "Phụ lục II", True), ("end with", "03/NQ-CP", "nq-cp", True),
    ("is", "Nghị quyết", "Nghị quyết", True), ("is not", "Nghị quyết", "Quyết định", True),
    ("in", "Nghị quyết", ["Quyết định", "Nghị quyết"], True), ("not in", "Nghị quyết", ["Nghị quyết"], False),
    ("empty", None, None, True), ("not empty", "", None, False), ("null", "x", None, False),
    ("=", 2025, "2025", True), ("≠", 2025, 2024, True), (">", 2025, 2024, True), ("<", 2025, 2024, False),
    ("≥", 2025, 2025, True), ("≤", 3, 2, False), ("=", "Nghị quyết", 1, False),
    ("before", "2025-01-09", "2025-02-01", True), ("after", "2025-01-09", "2025-02-01", False),
    ("after", "2025-01-09", 1735689600, True),  # Unix time of 2025-01-01, as Dify sends dates
    ("is", None, "x", False), ("is not", None, "x", True),
    ("contains", "Nghị quyết", [], False), ("in", "Nghị quyết", [], False),  # an empty list (was a 500)
])
def test_each_comparison_operator(op, have, want, expected):
    assert compare(op, have, want) is expected
