"""One conformance suite, run against both catalog backends: SQLite in a temporary folder (the embedded
default) and PostgreSQL in a throwaway cluster (``pg_url``: tests/postgres.py).

The task and target records are the real ones ingestion extracted from the plan documents
(``plan_template``), so listings by body and period are checked on real bodies and deadlines."""

from __future__ import annotations

import contextlib

import pytest
from llama_index.core.schema import Document

from kb.catalog import task_order
from kb.docstore import SqliteCatalog
from kb.errors import NotFound
from kb.facts import FactFilter, select
from kb.pg import PostgresCatalog


@pytest.fixture(params=["sqlite", "postgres"])
def catalog(request, tmp_path):
    if request.param == "sqlite":
        c = SqliteCatalog(tmp_path / "catalog.sqlite")
    else:
        c = PostgresCatalog.connect(request.getfixturevalue("pg_url"), pool=2)
    yield c
    c.close()


@pytest.fixture(scope="module")
def plan_facts(plan_template) -> list[dict]:
    source = SqliteCatalog(plan_template / "catalog.sqlite")
    try:
        return list(source.facts())
    finally:
        source.close()


def _record(doc_id: str, source: str, **fields) -> dict:
    return {"doc_id": doc_id, "source": source, "chunks": 3, **fields}


def test_records_are_listed_by_source_and_found_by_field(catalog):
    catalog.put_record(_record("b1", "b.md", sha256="s-b", number="02/KH-UBND"))
    catalog.put_record(_record("a1", "a.md", sha256="s-a", number="01/QĐ-TTg", relations=[{"number": "x"}]))
    assert [r["doc_id"] for r in catalog.records()] == ["a1", "b1"]
    assert catalog.record("a1")["relations"] == [{"number": "x"}]
    assert catalog.find(sha256="s-b")["doc_id"] == "b1"
    assert catalog.find(number="01/QĐ-TTg", source="a.md")["doc_id"] == "a1"
    assert catalog.find(sha256="nothing") is None
    catalog.put_record(_record("b1", "b.md", sha256="s-b2"))  # replaced, not added
    assert len(catalog.records()) == 2 and catalog.find(sha256="s-b") is None
    with pytest.raises(NotFound):
        catalog.record("zz")


def test_texts_and_hashes_through_the_document_store(catalog):
    doc = Document(id_="d1", text="Kế hoạch chuyển đổi số năm 2025", metadata={"title": "KH", "_blocks": [1, 2]})
    catalog.docstore.add_documents([doc])
    catalog.docstore.set_document_hash("d1", "h1")
    assert catalog.text("d1") == doc.text
    assert catalog.document_metadata("d1") == {"title": "KH", "_blocks": [1, 2]}
    assert catalog.docstore.get_document_hash("d1") == "h1"
    with pytest.raises(NotFound):
        catalog.text("nope")


def test_facts_are_kept_per_document_in_document_order(catalog, plan_facts):
    by_doc: dict[str, list[dict]] = {}
    for r in plan_facts:
        by_doc.setdefault(r["doc_id"], []).append(r)
    for doc_id in sorted(by_doc, reverse=True):
        catalog.put_facts(doc_id, by_doc[doc_id])
    assert catalog.facts() == plan_facts
    first = sorted(by_doc)[0]
    assert catalog.facts(first) == by_doc[first]
    catalog.put_facts(first, by_doc[first][:1])
    assert catalog.facts(first) == by_doc[first][:1]
    assert len(catalog.facts()) == len(plan_facts) - len(by_doc[first]) + 1


FILTERS = [
    ("task", FactFilter()),
    ("target", FactFilter()),
    ("task", FactFilter(body="Bộ Khoa học và Công nghệ")),
    ("task", FactFilter(body="Bộ Tài chính", role="coordinator")),
    ("task", FactFilter(body="Bộ Công an", role="any")),
    ("task", FactFilter(due_after="2025-06-01", due_before="2025-12-31")),
    ("task", FactFilter(due_to="2025-06-30", body="Bộ Nội vụ")),
    ("target", FactFilter(due_after="2026-01-01", due_to="2030-12-31")),
    ("target", FactFilter(body="Bộ Khoa học và Công nghệ", due_before="2026-01-01")),
    ("task", FactFilter(text="chuyển đổi số")),
]


def test_listings_agree_with_the_rules_of_kb_facts(catalog, plan_facts):
    for doc_id in sorted({r["doc_id"] for r in plan_facts}):
        catalog.put_facts(doc_id, [r for r in plan_facts if r["doc_id"] == doc_id])
    sizes = []
    for kind, flt in FILTERS:
        expected = select(plan_facts, kind, flt)
        assert catalog.select_facts(kind, flt) == expected, (kind, flt)
        sizes.append(len(expected))
    assert all(0 < n for n in sizes[:4]), sizes  # the filters find something: the comparison means something
    assert sizes[2] < sizes[0] and sizes[5] < sizes[0]


def test_pages_are_counted_and_ordered_as_listed(catalog, plan_facts):
    """One page of a listing, and the total before paging: tasks by due date (none last), then document
    and position; targets in document order."""
    for doc_id in sorted({r["doc_id"] for r in plan_facts}):
        catalog.put_facts(doc_id, [r for r in plan_facts if r["doc_id"] == doc_id])
    for kind, flt in FILTERS:
        expected = select(plan_facts, kind, flt)
        if kind == "task":
            expected.sort(key=task_order)
        for limit, offset in ((5, 0), (7, 3), (1000, 0)):
            assert catalog.page_facts(kind, flt, limit, offset) == (len(expected), expected[offset:offset + limit])
    dues = [r.get("due") or "9999" for r in catalog.page_facts("task", FactFilter(), 1000, 0)[1]]
    assert dues == sorted(dues) and len(set(dues)) > 2


def test_accent_counts_restore_and_go_with_their_document(catalog):
    catalog.put_record(_record("d1", "d1.md"))
    catalog.accents.add("d1", "Thủ tục hành chính trực tuyến được cắt giảm.")
    assert catalog.accents.restore("thu tuc hanh chinh truc tuyen") == "thủ tục hành chính trực tuyến"
    assert catalog.accents.doc_ids() == {"d1"}
    catalog.forget("d1")
    assert catalog.accents.doc_ids() == set()
    assert catalog.accents.restore("thu tuc hanh chinh") == "thu tuc hanh chinh"


def test_forget_removes_record_text_facts_and_counts(catalog, plan_facts):
    doc_id = plan_facts[0]["doc_id"]
    catalog.put_record(_record(doc_id, "plan.md"))
    catalog.docstore.add_documents([Document(id_=doc_id, text="Kế hoạch")])
    catalog.put_facts(doc_id, [r for r in plan_facts if r["doc_id"] == doc_id])
    catalog.forget(doc_id)
    assert catalog.records() == [] and catalog.facts() == [] and catalog.facts(doc_id) == []
    assert not catalog.docstore.document_exists(doc_id)
    assert catalog.select_facts("task", FactFilter()) == []


def test_key_value_collections_keep_what_was_written(catalog):
    entry = {"id": "e1", "doc_id": "d1", "after": {"title": "Mới", "number": "1"}, "before": {"title": None}}
    catalog.kv.put("e1", entry, "kb/edits")
    catalog.kv.put_all([("e2", {"z": 1, "a": 2}), ("e3", {"x": []})], "kb/edits")
    assert catalog.kv.get("e1", "kb/edits") == entry
    assert list(catalog.kv.get("e2", "kb/edits")) == ["z", "a"]  # key order as written
    assert set(catalog.kv.get_all("kb/edits")) == {"e1", "e2", "e3"}
    assert catalog.kv.delete("e2", "kb/edits") and not catalog.kv.delete("e2", "kb/edits")
    assert catalog.kv.get("e2", "kb/edits") is None
    assert catalog.damage() is None


def _write_file(catalog, doc_id: str, facts: list[dict]) -> None:
    """What ingestion writes for one file: record, text and hash, task and target records, accent counts."""
    catalog.put_record(_record(doc_id, f"{doc_id}.md", sha256=f"s-{doc_id}"))
    catalog.docstore.add_documents([Document(id_=doc_id, text="Thủ tục hành chính trực tuyến")])
    catalog.docstore.set_document_hash(doc_id, f"h-{doc_id}")
    catalog.put_facts(doc_id, [{**r, "doc_id": doc_id} for r in facts])
    catalog.accents.add(doc_id, "Thủ tục hành chính trực tuyến")


def test_a_batch_is_one_transaction_and_a_file_fails_alone(catalog, plan_facts):
    """``transaction`` as ``Ingestor.commit_many`` uses it: a failure inside the block leaves nothing of the
    batch; a file's own block (a savepoint) failing leaves the others of the batch."""
    with pytest.raises(RuntimeError), catalog.transaction():
        _write_file(catalog, "t1", plan_facts[:3])
        assert catalog.find(sha256="s-t1")["doc_id"] == "t1"  # the block reads what it wrote
        raise RuntimeError("the store's flush failed")
    assert catalog.records() == [] and catalog.facts() == [] and catalog.accents.doc_ids() == set()
    assert not catalog.docstore.document_exists("t1") and catalog.docstore.get_document_hash("t1") is None
    with catalog.transaction():
        for doc_id in ("a", "b", "c"):
            with contextlib.suppress(RuntimeError), catalog.transaction():
                _write_file(catalog, doc_id, plan_facts[:2])
                if doc_id == "b":
                    raise RuntimeError("this file's writes failed")
    assert [r["doc_id"] for r in catalog.records()] == ["a", "c"]
    assert [r["doc_id"] for r in catalog.facts()] == ["a", "a", "c", "c"] and catalog.facts("b") == []
    assert catalog.accents.doc_ids() == {"a", "c"} and not catalog.docstore.document_exists("b")
    assert catalog.accents.restore("thu tuc hanh chinh") == "thủ tục hành chính"


def test_a_batch_is_seen_by_other_replicas_only_once_committed(pg_url, plan_facts):
    one, two = PostgresCatalog.connect(pg_url, pool=2), PostgresCatalog.connect(pg_url, pool=2)
    try:
        with one.transaction():
            _write_file(one, "t1", plan_facts[:2])
            assert two.records() == [] and two.facts() == []
        assert [r["doc_id"] for r in two.records()] == ["t1"] and len(two.facts()) == 2
    finally:
        one.close()
        two.close()


def test_two_processes_catalogs_see_each_others_writes(pg_url, plan_facts):
    """Over PostgreSQL, what one replica keeps in memory follows what another writes."""
    one, two = PostgresCatalog.connect(pg_url, pool=2), PostgresCatalog.connect(pg_url, pool=2)
    try:
        doc_id = plan_facts[0]["doc_id"]
        assert two.facts() == []
        one.put_facts(doc_id, plan_facts[:3])
        assert two.facts() == plan_facts[:3]
        one.accents.add("d1", "Thủ tục hành chính")
        assert two.accents.restore("thu tuc") == "thủ tục"
        one.forget_facts(doc_id)
        assert two.facts() == []
        assert two.listed() == []
        one.put_record(_record("r1", "r.md"))
        assert [r["doc_id"] for r in two.listed()] == ["r1"]  # what two keeps in memory followed
        one.forget("r1")
        assert two.listed() == []
    finally:
        one.close()
        two.close()
