"""Lists of tasks or targets with every condition of the question: the document, the body and its role, the
period. A list says how many and returns them all (``facts``); the answer line names the first few."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb.answer.cite import name_of, record_citation, typed
from kb.answer.documents import vn_date
from kb.facts import FactFilter, select
from kb.model import Answer, DocumentRecord, Reading

if TYPE_CHECKING:
    from kb.service import KnowledgeBase

SHOWN = 5  # items the answer line names
LIMIT = 500  # records an answer returns at most


def _describe(reading: Reading, kind: str, documents: dict[str, DocumentRecord]) -> str:
    parts = ["nhiệm vụ" if kind == "task" else "chỉ tiêu"]
    if reading.body:
        verb = {"lead": "chủ trì", "coordinator": "phối hợp"}.get(reading.role, "thực hiện")
        parts.append(f"do {reading.body} {'theo dõi' if kind == 'target' else verb}")
    if reading.due_from and reading.due_to:
        parts.append(f"có hạn từ {vn_date(reading.due_from)} đến {vn_date(reading.due_to)}")
    elif reading.due_to:
        parts.append(f"có hạn đến {vn_date(reading.due_to)}")
    elif reading.due_from:
        parts.append(f"có hạn từ {vn_date(reading.due_from)}")
    named = [documents[r.doc_id] for r in reading.documents if r.doc_id in documents]
    if named:
        parts.append("trong " + ", ".join(name_of(d) for d in named))
    return " ".join(parts)


def _short(record: dict[str, Any]) -> str:
    text = " ".join((record.get("task") or record.get("indicator") or "").split())
    if record["kind"] == "target":
        text = f"{text} — {record.get('value')}" if record.get("value") and record["value"] not in text else text
    return text if len(text) <= 110 else text[:109].rstrip() + "…"


def records_answer(kb: KnowledgeBase, question: str, reading: Reading, records: list[dict[str, Any]],
                   allowed: set[str] | None, documents: dict[str, DocumentRecord],
                   within: list[tuple[str, int, int]] | None = None, scope: list[str] | None = None) -> Answer:
    """``within``: (document, start, end) of the passages a list without conditions is taken from (those the
    question finds); ``scope``: the documents named, and those that carry out one named so."""
    kind = "target" if reading.list_of == "targets" else "task"
    doc_ids = scope or ([d for d, _, _ in within] if within else None)
    if allowed is not None:
        doc_ids = [d for d in (doc_ids or allowed) if d in allowed]
    role = reading.role if kind == "task" and reading.role != "recipient" else "lead"
    flt = FactFilter(body=reading.body, role=role, doc_ids=doc_ids, due_after=reading.due_from, due_to=reading.due_to)
    found = select(records, kind, flt)
    if within:
        found = [r for r in found if any(d == r["doc_id"] and s <= r["start"] < e for d, s, e in within)]
    found.sort(key=lambda r: (r.get("due") or "9999", r["doc_id"], r["start"]))
    what = _describe(reading, kind, documents)
    base = {"question": question, "intent": "target" if kind == "target" else "body" if reading.body else "deadline",
            "reading": reading, "total": len(found)}
    if not found:
        return Answer(**base, answer=f"Không tìm thấy {what}.", status="not_found")
    listed = "; ".join(f"({i}) {_short(r)}" for i, r in enumerate(found[:SHOWN], 1))
    noun = "nhiệm vụ" if kind == "task" else "chỉ tiêu"
    more = f"; … và {len(found) - SHOWN} {noun} khác" if len(found) > SHOWN else ""
    return Answer(**base, answer=f"{len(found)} {what}: {listed}{more}.", confidence=1.0,
                  facts=typed(found[:LIMIT]), citations=[record_citation(r) for r in found[:10]])
