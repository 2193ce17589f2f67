"""Targets and tasks extracted from real documents."""

from __future__ import annotations

from ingest.chunks import make_passages
from ingest.facts import extract_facts, parse_value
from ingest.load import load_file
from ingest.structure import read_outline
from tests.conftest import ROOT, SHARED


def _facts(path):
    _, loaded = load_file(path)
    passages = make_passages(loaded, read_outline(loaded))
    return loaded, extract_facts(loaded, passages, {"doc_id": "d", "source": path.name})


def test_resolution_03_appendix_tables():
    loaded, records = _facts(SHARED / "documents" / "NQ_03-NQ-CP_2025-01-09_ChinhPhu_full_with_PL1_PL2.md")
    tasks = [r for r in records if r["kind"] == "task" and r["origin"] == "table"]
    targets = [r for r in records if r["kind"] == "target" and r["origin"] == "table"]
    # Phụ lục I has 57 rows; row 11 only heads its sub-indicators 11.1–11.10, which carry the values.
    assert len(tasks) == 140 and len(targets) == 56
    assert next(r for r in targets if r["section"].endswith("› 11.1"))["parent"].startswith("Chỉ tiêu về thực hiện")
    assert all(r["lead"] for r in tasks)
    assert sum(bool(r["deadline"]) for r in tasks) >= 139
    first = tasks[0]
    assert first["section"] == "Phụ lục II › I › 1"
    assert [b["name"] for b in first["lead"]] == ["Bộ Thông tin và Truyền thông"]
    assert first["deadline"] == "6/2025" and first["due"] == "2025-06-30"
    assert loaded.text[first["start"]:first["end"]] == first["quote"]
    assert all(r["monitor"] and r["value"] and r["horizon"] for r in targets)
    assert targets[0]["horizon"] == "Đến năm 2030"


def test_seed_000_has_its_four_targets_with_horizons():
    _, records = _facts(ROOT / "corpus" / "000_3fc06e878f02839b.txt")
    targets = {r["value"]: r["horizon"] for r in records if r["kind"] == "target"}
    assert targets == {"100%": "vào cuối năm 2025", "Ít nhất 80%": "vào cuối năm 2025",
                       "12 cơ sở dữ liệu": "vào cuối năm 2025", "tối thiểu 30%": "trước năm 2026"}


def test_prose_tasks_take_lead_and_coordinators():
    _, records = _facts(ROOT / "corpus" / "224-2026-nd-cp-thi-hanh-luat-chuyen-doi-so.md")
    task = next(r for r in records if r["kind"] == "task" and "Bộ Tư pháp" in r["quote"])
    assert [b["name"] for b in task["lead"]] == ["Bộ Khoa học và Công nghệ"]
    assert "Bộ Tư pháp" in [b["name"] for b in task["coordinators"]]


def test_values_are_parsed_with_comparator_and_unit():
    assert parse_value("ít nhất 80% hồ sơ") == {"value": "ít nhất 80%", "number": 80.0, "unit": "%", "comparator": ">="}
    assert parse_value("≥ 55 %")["comparator"] == ">="
    assert parse_value("Top 15")["unit"] == "top"
    assert parse_value("12 cơ sở dữ liệu quốc gia với")["value"] == "12 cơ sở dữ liệu"
