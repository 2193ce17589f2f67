"""The questions of issue #12, asked over HTTP (``kb serve`` in a subprocess) of a knowledge base holding the
documents they are about: each gets the right answer, or says plainly that the knowledge base does not have it."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import ROOT, SEED_FILES, clean_env, make_settings, running_server, serve_args

DOCUMENTS = [ROOT / "corpus" / name for name in (
    "224-2026-nd-cp-thi-hanh-luat-chuyen-doi-so.md", "30_2020_ND_CP.docx", "nghi_dinh_356_2025_ND_CP.docx",
    "NQ_57-NQ-TW_2024-12-22_BoChinhTri.md", "NQ_03-NQ-CP_2025-01-09_ChinhPhu_full_with_PL1_PL2.md")]
EDITOR = "editor-key-0123456789abcdef"


@pytest.fixture(scope="module")
def api(module_tmp):
    from ingest.pipeline import ingest_paths
    from kb.service import KnowledgeBase

    data = module_tmp / "data"
    kb = KnowledgeBase(make_settings(data))
    report = ingest_paths(kb, [*DOCUMENTS, SEED_FILES[1], SEED_FILES[4]])
    kb.close()
    assert report.count("added") == 7, report.summary()
    with running_server(serve_args(data), "/v1/healthz", clean_env(KB_API_KEYS=f"editor:{EDITOR}")) as base:
        with httpx.Client(base_url=base, timeout=120, headers={"X-API-Key": EDITOR}) as client:
            yield client


def ask(api: httpx.Client, question: str, **filters) -> dict:
    response = api.post("/v1/ask", json={"question": question, **({"filters": filters} if filters else {})})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_named_document_answers_its_own_effective_date(api):
    body = ask(api, "Nghị định 224/2026/NĐ-CP có hiệu lực từ ngày nào?")
    assert body["status"] == "answered" and "01 tháng 7 năm 2026" in body["answer"]
    assert body["reading"]["asks"] == "document" and body["reading"]["fact"] == "effective"
    assert body["citations"][0]["source"].startswith("224-2026")


def test_who_proposed_a_decree_is_read_from_its_preamble(api):
    body = ask(api, "Nghị định 224/2026/NĐ-CP được ban hành theo đề nghị của Bộ trưởng bộ nào?")
    assert "Bộ Khoa học và Công nghệ" in body["answer"] and body["citations"][0]["source"].startswith("224-2026")


@pytest.mark.parametrize("question,number", [
    ("kinh phí thực hiện công văn 456/UBND-KGVX là bao nhiêu?", "456/UBND-KGVX"),
    ("Nghị định 21/2021/NĐ-CP quy định gì về chuyển đổi số?", "21/2021/NĐ-CP"),
])
def test_a_document_not_in_the_knowledge_base_is_said_to_be_missing(api, question, number):
    body = ask(api, question)
    assert body["status"] == "not_in_kb" and f"Văn bản {number} không có trong kho" in body["answer"]


def test_two_facts_of_one_resolution(api):
    body = ask(api, "Nghị quyết 57-NQ/TW được ban hành ngày nào, cơ quan nào ban hành?")
    assert "22/12/2024" in body["answer"] and "Bộ Chính trị" in body["answer"]


def test_documents_by_type_and_year(api):
    body = ask(api, "Các nghị định ban hành năm 2025")
    assert body["total"] == 1 and "356/2025/NĐ-CP" in body["answer"]


def test_lists_keep_every_condition(api):
    june = ask(api, "Những nhiệm vụ nào có thời hạn tháng 6/2025?")
    assert june["total"] >= 10 and str(june["total"]) in june["answer"]
    assert all("2025-06-01" <= f["due"] <= "2025-06-30" for f in june["facts"])
    monitored = ask(api, "Chỉ tiêu nào do Văn phòng Chính phủ theo dõi?")
    assert monitored["total"] == len(monitored["facts"]) >= 10
    assert all(any(b["name"] == "Văn phòng Chính phủ" for b in f["monitor"]) for f in monitored["facts"])
    led = ask(api, "Những nhiệm vụ Bộ TT&TT chủ trì có hạn năm 2025")
    assert led["facts"] and all(f["due"].startswith("2025") for f in led["facts"])
    assert all(any(b["name"] == "Bộ Thông tin và Truyền thông" for b in f["lead"]) for f in led["facts"])


@pytest.mark.parametrize("question,expected", [
    ("Trưởng ban chỉ đạo chuyển đổi số tỉnh Tây Ninh là ai?", "Chủ tịch UBND tỉnh Tây Ninh"),
    ("Tây Ninh tích hợp bao nhiêu dịch vụ công mức độ 4 lên Cổng dịch vụ công quốc gia?", "960/1.818"),
    ("Chi cho nghiên cứu phát triển đến năm 2030 đạt bao nhiêu?", "2% GDP"),
    ("Quy mô kinh tế số đến năm 2030 đạt bao nhiêu?", "30% GDP"),
])
def test_the_exact_field_is_read_out(api, question, expected):
    body = ask(api, question)
    squeezed = body["answer"].replace(" %", "%")  # "2 % GDP" from a table's unit column is "2% GDP"
    assert body["status"] == "answered" and expected in squeezed, body["answer"]
    assert not body["answer"].startswith("date ")


def test_filters_bind_record_answers_too(api):
    unfiltered = ask(api, "Chỉ tiêu nào do Văn phòng Chính phủ theo dõi?")
    assert unfiltered["total"] > 0
    other = ask(api, "Chỉ tiêu nào do Văn phòng Chính phủ theo dõi?", doc_type="Nghị định")
    assert other["total"] == 0 and other["status"] == "not_found"


def test_a_deleted_document_is_no_longer_answered_from(api):
    doc = next(d for d in api.get("/v1/documents", params={"limit": 100}).json() if d["number"] == "356/2025/NĐ-CP")
    assert api.delete(f"/v1/documents/{doc['doc_id']}").status_code == 200
    body = ask(api, "Nghị định 356/2025/NĐ-CP có hiệu lực từ ngày nào?")
    assert body["status"] == "not_in_kb" and body["citations"] == []
