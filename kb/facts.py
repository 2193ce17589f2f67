"""Browsing targets, tasks and bodies: the records ingestion extracted (``ingest.facts``).

Records live in the catalog, one list per document. A body is matched by its folded canonical
name, so "Bộ Nội vụ", "bo noi vu" and "Bộ NV" style variants meet the same records.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from kb.bodies import key as body_key
from kb.model import Body
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
    doc_ids: list[str] | None = field(default=None)  # any of these documents (the filters of a question)
    due_to: str | None = None  # ISO date: due on or before it (targets: horizon year at most its year)


def _body_keys(record: dict[str, Any], role: Role) -> list[str]:
    if record["kind"] == "target":
        return [b["key"] for b in record.get("monitor", [])]
    keys = [b["key"] for b in record.get("lead", [])] if role in ("lead", "any") else []
    if role in ("coordinator", "any"):
        keys += [b["key"] for b in record.get("coordinators", [])]
    return keys


_LOWER_PLACE = re.compile(r"\b(xa|phuong|huyen|quan|thi tran|thi xa|dac khu|cap xa|cap huyen|co so)\b")


def body_matches(wanted: str, keys: list[str]) -> bool:
    """Every word of the wanted body, in order, inside one of the record's bodies ("các" optional: "UBND các xã,
    phường" is "Ủy ban nhân dân xã, phường")."""
    return any(map(body_matcher(wanted), keys))


def body_matcher(wanted: str) -> Callable[[str], bool]:
    """``body_matches`` for one body key, with what depends on ``wanted`` alone worked out once (a listing
    asks it of every record's bodies)."""
    wanted_text = body_key(wanted)
    words = re.findall(r"\w+", wanted_text)
    named = [w for w in words if w not in ("cac", "nhung")]
    pattern = re.compile(r"\b" + r"\b.*\b".join(map(re.escape, named if len(named) >= 3 else words)) + r"\b")

    def matches(k: str) -> bool:
        if words and pattern.search(k):
            return True
        # the record's body is the one asked, named without its place ("… tỉnh Lâm Đồng")
        if len(k.split()) >= 2 and (m := re.match(rf"{re.escape(k)}\b", wanted_text)):
            extra = wanted_text[m.end():].split()
            return len(extra) <= 4 and not _LOWER_PLACE.search(" ".join(extra))
        return False

    return matches


def keys_matching(wanted: str, keys: Iterable[str]) -> set[str]:
    """The body keys of ``keys`` that ``wanted`` names."""
    matches = body_matcher(wanted)
    return {k for k in keys if matches(k)}


def _in_period(record: dict[str, Any], flt: FactFilter) -> bool:
    if record["kind"] == "target":
        year = record.get("horizon_year")
        low, high = (int(flt.due_after[:4]) if flt.due_after else None), (int(flt.due_to[:4]) if flt.due_to else None)
        return year is not None and (low is None or year >= low) and (high is None or year <= high)
    due = record.get("due") or _start(record)  # "bắt đầu từ tháng 01/2026": it falls in the period it starts in
    return bool(due) and (not flt.due_after or due >= flt.due_after) and (not flt.due_before or due < flt.due_before) \
        and (not flt.due_to or due <= flt.due_to)


def _start(record: dict[str, Any]) -> str | None:
    return (record.get("deadline_norm") or {}).get("start")


def select(records: list[dict[str, Any]], kind: str, flt: FactFilter) -> list[dict[str, Any]]:
    """The records of ``kind`` that ``flt`` keeps, in the order given."""
    out = []
    named = functools.cache(body_matcher(flt.body)) if flt.body else None  # a body key is matched once, not per record
    for record in records:
        if record["kind"] != kind:
            continue
        if flt.doc_id and record["doc_id"] != flt.doc_id or flt.doc_ids is not None and record["doc_id"] not in \
                flt.doc_ids:
            continue
        if named and not any(map(named, _body_keys(record, flt.role))):
            continue
        if (flt.due_before or flt.due_after or flt.due_to) and not _in_period(record, flt):
            continue
        if flt.text and fold(flt.text) not in fold(record.get("task") or record.get("indicator") or ""):
            continue
        out.append(record)
    return out


def bodies(records: list[dict[str, Any]]) -> list[Body]:
    """Every body with how many tasks it leads, coordinates and targets it monitors, and how it is written."""
    counts: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, Counter] = defaultdict(Counter)
    variants: dict[str, set[str]] = defaultdict(set)
    documents: dict[str, dict[str, None]] = defaultdict(dict)  # in the order records come: by document
    for record in records:
        roles = (("lead", record.get("lead", [])), ("coordinator", record.get("coordinators", [])),
                 ("monitor", record.get("monitor", [])))
        for role, listed in roles:
            for b in listed:
                counts[b["key"]][role] += 1
                names[b["key"]][b["name"]] += 1
                variants[b["key"]].add(b["as_written"])
                documents[b["key"]][record["doc_id"]] = None
    rows = [Body(name=names[k].most_common(1)[0][0], key=k, lead=c["lead"], coordinator=c["coordinator"],
                 monitor=c["monitor"], variants=sorted(variants[k]), documents=list(documents[k]))
            for k, c in counts.items()]
    return sorted(rows, key=lambda r: (-(r.lead + r.coordinator + r.monitor), r.name))
