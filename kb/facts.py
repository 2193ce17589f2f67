"""Browsing targets, tasks and bodies: the records ingestion extracted (``ingest.facts``).

Records live in the catalog, one list per document. A body is matched by its folded canonical
name, so "Bộ Nội vụ", "bo noi vu" and "Bộ NV" style variants meet the same records.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from kb.bodies import key as body_key
from kb.deadlines import parse
from kb.text import fold

Role = Literal["lead", "coordinator", "any"]


@dataclass
class FactFilter:
    body: str | None = None
    role: Role = "lead"
    due_before: str | None = None  # ISO date: due strictly before it
    due_after: str | None = None  # ISO date: due on or after it
    doc_id: str | None = None
    text: str | None = None


def _body_keys(record: dict[str, Any], role: Role) -> list[str]:
    if record["kind"] == "target":
        return [b["key"] for b in record.get("monitor", [])]
    keys = [b["key"] for b in record.get("lead", [])] if role in ("lead", "any") else []
    if role in ("coordinator", "any"):
        keys += [b["key"] for b in record.get("coordinators", [])]
    return keys


def body_matches(wanted: str, keys: list[str]) -> bool:
    """Every word of the wanted body, in order, inside one of the record's bodies."""
    words = body_key(wanted).split()
    pattern = re.compile(r"\b" + r"\b.*\b".join(map(re.escape, words)) + r"\b")
    return bool(words) and any(pattern.search(k) for k in keys)


def select(records: list[dict[str, Any]], kind: str, flt: FactFilter) -> list[dict[str, Any]]:
    out = []
    for record in records:
        if record["kind"] != kind:
            continue
        if flt.doc_id and record["doc_id"] != flt.doc_id:
            continue
        if flt.body and not body_matches(flt.body, _body_keys(record, flt.role)):
            continue
        due = record.get("due")
        if flt.due_before and not (due and due < flt.due_before):
            continue
        if flt.due_after and not (due and due >= flt.due_after):
            continue
        if flt.text and fold(flt.text) not in fold(record.get("task") or record.get("indicator") or ""):
            continue
        out.append(record)
    return out


def bodies(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every body with how many tasks it leads, coordinates and targets it monitors, and how it is written."""
    counts: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, Counter] = defaultdict(Counter)
    variants: dict[str, set[str]] = defaultdict(set)
    for record in records:
        roles = (("lead", record.get("lead", [])), ("coordinator", record.get("coordinators", [])),
                 ("monitor", record.get("monitor", [])))
        for role, listed in roles:
            for b in listed:
                counts[b["key"]][role] += 1
                names[b["key"]][b["name"]] += 1
                variants[b["key"]].add(b["as_written"])
    rows = [{"name": names[k].most_common(1)[0][0], "key": k, "lead": c["lead"], "coordinator": c["coordinator"],
             "monitor": c["monitor"], "variants": sorted(variants[k])} for k, c in counts.items()]
    return sorted(rows, key=lambda r: (-(r["lead"] + r["coordinator"] + r["monitor"]), r["name"]))


def body_in_question(question: str, known: list[dict[str, Any]]) -> str | None:
    """The longest known body whose folded name appears in the question (accented or not)."""
    folded = " ".join(re.findall(r"\w+", fold(question)))
    best = None
    for row in known:
        name_key = row["key"]
        if len(name_key) > 6 and re.search(rf"\b{re.escape(name_key)}\b", folded):
            if best is None or len(name_key) > len(best["key"]):
                best = row
    return best["name"] if best else None


_BEFORE = re.compile(r"\b(?:truoc|den han truoc|han truoc|cham nhat)\s+((?:ngay\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
                     r"|(?:thang\s+)?\d{1,2}\s*[/-]\s*\d{4}|quy\s+[ivx1-4]+\s*[/-]?\s*\d{4}|(?:nam\s+)?\d{4})")
_AFTER = re.compile(r"\b(?:sau|tu)\s+((?:ngay\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|(?:thang\s+)?\d{1,2}\s*[/-]\s*\d{4}"
                    r"|(?:nam\s+)?\d{4})")


def period_start(text: str) -> str | None:
    """The first day of the period a phrase names: "6/2025" → 2025-06-01, "2026" → 2026-01-01."""
    deadline = parse(text)
    if deadline.kind == "date":
        return deadline.due
    if deadline.year is None:
        return None
    if deadline.kind == "month" and deadline.month:
        return f"{deadline.year:04d}-{deadline.month:02d}-01"
    if deadline.kind == "quarter" and deadline.quarter:
        return f"{deadline.year:04d}-{3 * deadline.quarter - 2:02d}-01"
    return f"{deadline.year:04d}-01-01"


def due_window(question: str) -> tuple[str | None, str | None]:
    """"trước 6/2025" → due before 2025-06-01; "sau năm 2026" → due on or after 2026-01-01."""
    folded = fold(question)
    before = _BEFORE.search(folded)
    after = _AFTER.search(folded)
    return (period_start(before.group(1)) if before else None, period_start(after.group(1)) if after else None)
