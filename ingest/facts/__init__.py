"""Targets and tasks, the records officials come for, read from a document's structure.

Each record is a span of the document's text, so its quote is exact and citable; its fields come from
where the span stands as much as from what it says:

* ``tables``  — a row of a task or target table, by what its columns are called;
* ``items``   — every other line as an item of the outline (I. › 1. › a) › - …);
* ``context`` — what the heading, lead-in or labelled fields above an item give it (the body whose duties
  these are, a deadline, a horizon, whether the section holds targets, duties, purposes or a report);
* ``tasks``   — the duties of an item: its own subject, else the body above it; coordinators, deadline;
* ``targets`` — the figures an item sets as goals, with their horizon.

``records_for(loaded, doc)`` runs them all; ingestion and the evaluation call it alike.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import Any

from ingest.chunks import Passage, make_passages
from ingest.facts import tables
from ingest.facts.context import (
    Context,
    apply_fields,
    field_of,
    in_form,
    is_heading,
    is_label,
    section_fields,
    under,
)
from ingest.facts.items import Item, build_tree, list_heads
from ingest.facts.table_lists import table_lists
from ingest.facts.targets import goals, parse_value
from ingest.facts.tasks import duties
from ingest.header import Metadata
from ingest.structure import Outline, read_outline, readable
from ingest.textbuilder import Loaded
from kb.bodies import canonical, key, split_bodies
from kb.deadlines import find_horizon, horizon_year, parse
from kb.model import BodyRef, Target, Task

__all__ = ["doc_fields", "item_tree", "parse_value", "records_for", "section_lists"]

_HEADER_LINE = re.compile(r"^(?:Số\s*:|Căn cứ|V/v|Về việc|Kính gửi|CỘNG HÒA|Độc lập|ĐẢNG CỘNG SẢN|Nơi nhận)|"
                          r"^[^a-zà-ỹđ]*$|, ngày \d{1,2} tháng", re.I)
_LABEL = re.compile(r"^([^:;,.()]{3,40}):\s+\S")  # "Báo cáo năm: Các cơ quan, đơn vị gửi …"
_ADDRESSEES = re.compile(r"^(?:Kính gửi|[^:]{0,40}\bđiện)\s*:\s*(.*)$")


def _ref(name: str) -> BodyRef:
    return BodyRef(name=canonical(name), key=key(name), as_written=name)


def _refs(names: list[str]) -> list[BodyRef]:
    seen: dict[str, BodyRef] = {}
    for name in names:
        ref = _ref(name)
        if ref.key and ref.key not in seen:
            seen[ref.key] = ref
    return list(seen.values())


class _Reader:
    def __init__(self, loaded: Loaded, doc: dict[str, Any], outline: Outline) -> None:
        self.text = loaded.text
        self.doc = doc
        self.outline = outline
        self.pages = loaded.pages or []
        self.horizon = find_horizon(doc.get("title") or "", title=True)
        self.issuer = key(doc["issuer"]) if doc.get("issuer") else ""

    def _base(self, kind: str, start: int, end: int, origin: str, section: str | None = None,
              page: int | None = None) -> dict[str, Any]:
        digest = hashlib.blake2b(f"{self.doc['doc_id']}:{kind}:{start}:{end}".encode(), digest_size=8).hexdigest()
        if page is None and self.pages:
            page = sum(1 for p in self.pages if p <= start)
        return {"id": digest, "doc_id": self.doc["doc_id"], "source": self.doc["source"],
                "doc_number": self.doc.get("number"), "doc_type": self.doc.get("doc_type"),
                "title": self.doc.get("title"), "section": section if section is not None
                else readable(self.outline.path_at(start)), "page": page, "quote": self.text[start:end],
                "start": start, "end": end, "origin": origin}

    def task(self, start: int, end: int, origin: str, fields: dict[str, Any], section: str | None = None,
             page: int | None = None) -> Task:
        deadline = fields.get("deadline")
        norm = parse(deadline) if deadline else None
        return Task(**self._base("task", start, end, origin, section, page), task=fields["task"],
                    group=fields.get("group", ""), lead=_refs(fields["lead"]),
                    coordinators=_refs(fields["coordinators"]),
                    output=fields.get("output"), deadline=deadline, deadline_norm=norm, due=norm.due if norm else None)

    def target(self, start: int, end: int, origin: str, fields: dict[str, Any], section: str | None = None,
               page: int | None = None) -> Target:
        return Target(**self._base("target", start, end, origin, section, page), indicator=fields["indicator"],
                      parent=fields.get("parent"), value=fields["value"], number=fields.get("number"),
                      unit=fields.get("unit"), comparator=fields.get("comparator"),
                      unit_column=fields.get("unit_column") or "", horizon=fields.get("horizon"),
                      horizon_year=horizon_year(fields.get("horizon")), by_year=fields.get("by_year") or {},
                      monitor=_refs(fields.get("monitor", [])))

    # -- tables ----------------------------------------------------------------------------------------
    def rows(self, passages: list[Passage]) -> list[Task | Target]:
        out: list[Task | Target] = []
        parent: dict[str, str] = {}
        for p in passages:
            if p.kind != "table_row":
                continue
            header, _, group = p.context.partition("\n")
            cells = [c.strip() for c in self.text[p.start:p.end].split("|")]
            group = group.split("\n")[0]  # the group row; a row heading sub-rows may follow it
            group_title = group.split("|")[1].strip() if "|" in group else ""
            row = tables.Row(p.start, p.end, cells, [c.strip() for c in header.split("|")], group_title, p.section,
                             p.page)
            if task := tables.task_row(row):
                out.append(self.task(p.start, p.end, "table", {**task, "group": group_title}, p.section, p.page))
                if goal := tables.row_goal(task):
                    out.append(self.target(p.start, p.end, "table", goal, p.section, p.page))
            elif target := tables.target_row(row, parent):
                out.append(self.target(p.start, p.end, "table", target, p.section, p.page))
        return out

    # -- the outline -----------------------------------------------------------------------------------
    def items(self, root: Item, ctx: Context, attached: int | None = None) -> list[Task | Target]:
        """The records of the outline; from ``attached`` on (a document attached below the signature) the items
        are not the addressees' duties: the letter asks them, not what it attaches ("Bảng tiêu chí …")."""
        out: list[Task | Target] = []
        self._walk(root, ctx, out, attached)
        return out

    def _walk(self, node: Item, ctx: Context, out: list[Task | Target], attached: int | None = None) -> None:
        here = apply_fields(ctx, section_fields(node)) if node.rank >= 0 else ctx
        for item in node.children:
            if field_of(item) or is_label(item):
                continue
            if attached is not None and item.start >= attached:
                here, attached = replace(here, lead=[], coordinators=[]), None
            out += self._records(item, here, duties_too=not is_heading(item))  # a lead-in may state targets
            self._walk(item, under(item, here), out)

    def _records(self, item: Item, ctx: Context, duties_too: bool = True) -> list[Task | Target]:
        title = item.title
        if in_form(title, ctx):
            return []  # blanks to fill in
        offset = item.start + item.line.find(title)
        out: list[Task | Target] = []
        # what the duties are about: the label the item opens with ("- Báo cáo năm: …; Sở Tài chính tổng hợp …"), or
        # the short heading above it ("- Lĩnh vực nông nghiệp")
        group = m.group(1) if (m := _LABEL.match(title)) else ctx.topic or ""
        for d in duties(title, offset, ctx, marked=bool(item.marker)) if duties_too else []:
            fields = {"task": self.text[d.start:d.end], "lead": d.lead, "coordinators": d.coordinators,
                      "deadline": d.deadline, "output": d.output, "group": group}
            out.append(self.task(d.start, d.end, d.origin, fields))
        for g in goals(title, offset, ctx, self.horizon):
            fields = {"indicator": self.text[g.start:g.end], "parent": ctx.topic, **g.value, "horizon": g.horizon}
            out.append(self.target(g.start, g.end, "prose", fields))
        return out


def _skipped(loaded: Loaded, outline: Outline) -> list[tuple[int, int]]:
    """Spans the outline reader leaves out: table rows (read as rows), the header lines, the signature."""
    spans = [(b.start, b.end + 1) for b in loaded.blocks if b.kind in ("table_row", "table_header")]
    offset = 0
    addressed = None
    for line in loaded.text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if start > 3000:
            break
        if _HEADER_LINE.search(line.strip()) and len(line) < 400 or _ADDRESSEES.match(line.strip().strip("|").strip()):
            spans.append((start, offset))
            addressed = _ADDRESSEES.match(line.strip().strip("|").strip())
        elif addressed and line.strip().startswith(("-", "+", "•")):
            spans.append((start, offset))  # the list of addressees under "Kính gửi:"
        else:
            addressed = None
    return spans + list(outline.excluded)


def addressees(text: str) -> list[str]:
    """Whom a công văn or công điện is sent to ("Kính gửi: - Sở …; - Ủy ban nhân dân …"): the bodies that
    carry out what it asks when an item names nobody."""
    lines = text[:4000].split("\n")
    for i, line in enumerate(lines):
        if m := _ADDRESSEES.match(line.strip().strip("|").strip()):
            named = [m.group(1).strip(" |")] if m.group(1).strip(" |") else []
            for following in lines[i + 1:i + 12]:
                if not following.strip().startswith(("-", "+", "•")):
                    break
                named.append(following.strip())
            return split_bodies("; ".join(named)) if named else []
    return []


def doc_fields(meta: Metadata, doc_id: str, source: str) -> dict[str, Any]:
    """What the records of a document carry of it and what reading them needs (its title's period, its issuer)."""
    return {"doc_id": doc_id, "source": source, "number": meta.number, "doc_type": meta.doc_type, "title": meta.title,
            "issuer": meta.issuer}


def item_tree(loaded: Loaded, outline: Outline) -> Item:
    """The tree of a document's items (tables, header and signature left out; what is attached below a signature
    starts again from the root): what its records and its lists are read from."""
    return build_tree(loaded.text, _skipped(loaded, outline), [end for _, end in outline.excluded])


def records_for(loaded: Loaded, doc: dict[str, Any], passages: list[Passage] | None = None,
                outline: Outline | None = None, root: Item | None = None) -> list[Task | Target]:
    """Every task and target of a document; ``doc`` holds doc_id, source, number, doc_type, title. ``outline`` and
    ``root``: its outline and item tree (``item_tree``), when read already."""
    outline = read_outline(loaded) if outline is None else outline
    root = item_tree(loaded, outline) if root is None else root
    reader = _Reader(loaded, doc, outline)
    records: list[Task | Target] = reader.rows(passages if passages is not None else make_passages(loaded, outline))
    # a report tells what was done: only what it says is still to do is a task, outside its sections of duties
    report = doc.get("doc_type") == "Báo cáo"
    records += reader.items(root, Context(lead=addressees(loaded.text), issuer=reader.issuer,
                                          mode="report" if report else "", in_report=report),
                            min((end for _, end in outline.excluded), default=None))
    return records


def section_lists(root: Item, loaded: Loaded) -> list[dict[str, Any]]:
    """The lists of a document's item tree and of its tables (``kb.model.OutlineList``), kept with its text for
    answers that enumerate a section ("những mục tiêu cụ thể nào đến năm 2030?", "Bảng II gồm những dự án nào?")."""
    return [head.model_dump() for head in sorted([*list_heads(root), *table_lists(loaded)], key=lambda h: h.start)]
