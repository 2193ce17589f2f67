"""Editors' corrections of a document's record (number, type, issuer, dates, title, signer): logged,
reversible, and kept when the document is read again.

    catalog "kb/edits"        one entry per change: who, when, the fields before and after (and what it reverts)
    catalog "kb/corrections"  per document, the corrected fields in force: ingestion lays them over what it
                              reads from the text (``apply``), so a re-ingest or a new pipeline keeps them

A change is written wherever the record's fields live: the record, the passages' payload (what search
filters and citations read) and the task and target records (which carry the number, type and title).
Reverting an entry puts its "before" values back, as a new entry.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

from kb.disk import require_room
from kb.errors import InputError, NotFound
from kb.store import Filters

EDITABLE = ("number", "doc_type", "issuer", "issued", "title", "signer", "effective")
_EDITS, _CORRECTIONS = "kb/edits", "kb/corrections"
_FACT_FIELDS = {"number": "doc_number", "doc_type": "doc_type", "title": "title"}
_PAYLOAD_FIELDS = ("number", "doc_type", "issuer", "title")


def correct(kb: Any, doc_id: str, changes: dict[str, Any], by: str | None, reverts: str | None = None) -> dict:
    """Set the given fields of a document's record; the log entry it makes."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InputError(f"fields that cannot be edited: {unknown}", vi=f"Không sửa được các trường: {unknown}.")
    with kb.write_lock:
        record = kb.catalog.record(doc_id)
        require_room(kb.settings)
        changed = {k: v for k, v in changes.items() if record.get(k) != v}
        if not changed:
            raise InputError("nothing to change: the record already holds these values",
                             code="nothing_changed", vi="Không có gì thay đổi: văn bản đã mang đúng các giá trị này.")
        entry = {"id": uuid.uuid4().hex, "doc_id": doc_id, "at": datetime.now(UTC).isoformat(timespec="seconds"),
                 "seq": time.time_ns(),  # orders two edits of the same second
                 "by": by or "", "before": {k: record.get(k) for k in changed}, "after": changed, "reverts": reverts}
        _write(kb, doc_id, record, changed)
        kept = kb.catalog.kv.get(doc_id, _CORRECTIONS) or {}
        kb.catalog.kv.put(doc_id, {**kept, **changed}, _CORRECTIONS)
        kb.catalog.kv.put(entry["id"], entry, _EDITS)
    return entry


def history(kb: Any, doc_id: str) -> list[dict]:
    """The document's log entries, the latest first."""
    kb.catalog.record(doc_id)
    entries = [e for e in kb.catalog.kv.get_all(_EDITS).values() if e["doc_id"] == doc_id]
    return sorted(entries, key=lambda e: (e["at"], e.get("seq", 0)), reverse=True)


def revert(kb: Any, doc_id: str, edit_id: str, by: str | None) -> dict:
    """Put back what one entry changed (a new entry)."""
    entry = kb.catalog.kv.get(edit_id, _EDITS)
    if not entry or entry["doc_id"] != doc_id:
        raise NotFound(f"no edit {edit_id!r} of document {doc_id!r}",
                       vi=f"Không có lần chỉnh sửa {edit_id!r} của văn bản {doc_id!r}.")
    return correct(kb, doc_id, entry["before"], by, reverts=edit_id)


def in_force(catalog: Any, doc_id: str) -> dict[str, Any]:
    """The corrected fields in force for a document, which ingestion lays over what it reads
    (``ingest.prepare.Prepared.correct``)."""
    return catalog.kv.get(doc_id, _CORRECTIONS) or {}


def payload_fields(changed: dict[str, Any]) -> dict[str, Any]:
    """What of a correction the passages carry (search filters and citations read them)."""
    payload = {k: v for k, v in changed.items() if k in _PAYLOAD_FIELDS}
    if "issued" in changed:
        payload["year"] = int(changed["issued"][:4]) if changed["issued"] else None
    return payload


def fact_fields(changed: dict[str, Any]) -> dict[str, Any]:
    """What of a correction the task and target records carry."""
    return {_FACT_FIELDS[k]: v for k, v in changed.items() if k in _FACT_FIELDS}


def _write(kb: Any, doc_id: str, record: dict, changed: dict[str, Any]) -> None:
    kb.catalog.put_record({**record, **changed})
    kb.catalog.put_facts(doc_id, [{**f, **fact_fields(changed)} for f in kb.catalog.facts(doc_id)])
    if payload := payload_fields(changed):
        points = list(kb.store.export(Filters(doc_ids=[doc_id])))
        for point in points:
            point.payload.update(payload)
        kb.store.upsert(points)
        kb.store.flush()
