"""Targets and tasks: the records officials come for, each cited by its exact span.

* From tables, whatever their exact column names: a task table has a task column ("Tên nhiệm vụ",
  "Nội dung") and a lead column ("Cơ quan chủ trì"); a target table has a "Chỉ tiêu" column and a
  value column ("Kết quả", "Mục tiêu"). A group row ("I | Đến năm 2030") gives the rows under it
  their group, and a target its horizon.
* From prose: "Sở X chủ trì, phối hợp với Y …" and "giao X …" are tasks; a sentence with a figure
  ("ít nhất 80%", "Top 15", "12 cơ sở dữ liệu") and a horizon ("đến cuối năm 2025", stated or
  inherited from the line that introduces a list) is a target; in a plan, a heading that names a
  body ("Sở Tài chính:") makes the bullets under it that body's tasks.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ingest.chunks import Passage
from ingest.textbuilder import Loaded
from kb.bodies import canonical, find_bodies, key, split_bodies
from kb.deadlines import find_horizon, parse
from kb.text import fold, sentence_spans

_TASK_COLUMNS = {
    "tt": re.compile(r"^(s?tt|so tt)$"),
    "task": re.compile(r"nhiem vu|noi dung|ten de an|cong viec"),
    "lead": re.compile(r"chu tri|don vi thuc hien|co quan thuc hien"),
    "coordinators": re.compile(r"phoi hop"),
    "output": re.compile(r"ket qua|san pham"),
    "deadline": re.compile(r"thoi gian|thoi han|hoan thanh|tien do"),
}
_TARGET_COLUMNS = {
    "tt": _TASK_COLUMNS["tt"],
    "indicator": re.compile(r"^chi tieu|ten chi tieu|noi dung"),
    "unit": re.compile(r"don vi tinh|^don vi$|^dvt$"),
    "value": re.compile(r"ket qua|muc tieu|gia tri|chi tieu can dat|^dat$"),
    "monitor": re.compile(r"theo doi|chu tri|co quan"),
}

_VALUE = re.compile(
    r"(?i:(?P<cmp>ít nhất|tối thiểu|tối đa|trên|dưới|hơn|khoảng|đạt|≥|≤|>|<)?)\s*"
    r"(?:(?P<pct>\d+(?:[.,]\d+)?)\s*%|[Tt]op\s*(?P<top>\d+)"
    r"|(?<![\d.,/])(?P<count>(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)?)\s+(?P<unit>(?!(?:năm|tháng|ngày|và|của|về|là|như|đạt|"
    r"vào|phê|được|có|trong|tại|theo|với|cho|ngày|điều|khoản)\b)"
    r"[^\W\d_]+(?:\s+[^\W\d_]+){0,3}))")
_COMPARATORS = {"ít nhất": ">=", "tối thiểu": ">=", "≥": ">=", "trên": ">", "hơn": ">", ">": ">",
                "tối đa": "<=", "≤": "<=", "dưới": "<", "<": "<", "khoảng": "~", "đạt": "="}
_TARGET_CUES = re.compile(r"mục tiêu|chỉ tiêu|phấn đấu|ít nhất|tối thiểu|bảo đảm|đạt|hoàn thành|trở thành|vào nhóm|top",
                          re.I)
_PAST = re.compile(r"\b(đã|đến nay|hiện nay|hiện đạt|từ đầu năm|vừa qua)\b", re.I)
_GIAO = re.compile(r"(?:^|[\s,;:(])[Gg]iao\s+(?:cho\s+)?(?=\w)")
_DEADLINE_IN_TEXT = re.compile(
    r"(?:trước|chậm nhất|trong|hoàn thành|xong)\s+(?:ngày\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
    r"|ngày \d{1,2} tháng \d{1,2} năm \d{4}|tháng\s+\d{1,2}\s*[/-]\s*\d{4}"
    r"|quý\s+[IV1-4]+\s*[/-]?\s*(?:năm\s+)?\d{4}|năm\s+\d{4}|\d{1,2}/\d{4}|\d{4})"
    r"|[Tt]hường xuyên|[Hh]ằng năm", re.I)


def _record_id(doc_id: str, kind: str, start: int, end: int) -> str:
    return hashlib.blake2b(f"{doc_id}:{kind}:{start}:{end}".encode(), digest_size=8).hexdigest()


def _columns(header: str, spec: dict[str, re.Pattern[str]]) -> dict[str, int]:
    cells = [fold(c.strip()) for c in header.split("|")]
    found: dict[str, int] = {}
    for name, pattern in spec.items():
        for index, cell in enumerate(cells):
            if pattern.search(cell) and index not in found.values():
                found[name] = index
                break
    return found


def _bodies(cell: str) -> list[dict[str, str]]:
    return [{"name": canonical(b), "key": key(b), "as_written": b} for b in split_bodies(cell) if b]


_FUNCTION_WORDS = {"về", "của", "là", "như", "và", "được", "có", "trong", "tại", "theo", "với", "cho", "để", "đến",
                   "trên", "dẫn", "đạt", "thực", "phải", "sẽ", "đã"}
_RANK = re.compile(r"(?:vào|thuộc|trong)\s+nhóm\s+[^.;:]+", re.I)


def parse_value(text: str) -> dict[str, Any]:
    """"ít nhất 80%" → {value: "ít nhất 80%", number: 80.0, unit: "%", comparator: ">="};
    "vào nhóm các tỉnh … khá" → a value without a number."""
    match = _VALUE.search(text)
    if not match:
        rank = _RANK.search(text)
        return {"value": rank.group(0).strip() if rank else text.strip(), "number": None, "unit": None,
                "comparator": None}
    number = match.group("pct") or match.group("top") or match.group("count")
    value = match.group(0).strip()
    if match.group("count"):
        words = (match.group("unit") or "").split()
        kept = words[:next((i for i, w in enumerate(words) if w.lower() in _FUNCTION_WORDS), len(words))]
        unit = " ".join(kept)
        value = value[: value.index(match.group("count")) + len(match.group("count"))] + (" " + unit if unit else "")
    else:
        unit = "%" if match.group("pct") else "top"
    cmp_word = (match.group("cmp") or "").lower()
    return {"value": value, "number": float(number.replace(",", ".")),
            "unit": unit or None, "comparator": _COMPARATORS.get(cmp_word, "=" if cmp_word == "" else None)}


class FactExtractor:
    def __init__(self, loaded: Loaded, passages: list[Passage], doc: dict[str, Any]) -> None:
        self.text = loaded.text
        self.passages = passages
        self.doc = doc  # doc_id, source, number, title

    def _base(self, kind: str, start: int, end: int, section: str, page: int | None) -> dict[str, Any]:
        return {"kind": kind, "id": _record_id(self.doc["doc_id"], kind, start, end), "doc_id": self.doc["doc_id"],
                "source": self.doc["source"], "doc_number": self.doc.get("number"),
                "doc_type": self.doc.get("doc_type"), "title": self.doc.get("title"), "section": section,
                "page": page, "quote": self.text[start:end], "start": start, "end": end}

    def extract(self) -> list[dict[str, Any]]:
        self._parent: tuple[str, str] = ("", "")  # (TT, indicator) of a row that only heads sub-rows (11 → 11.1)
        records = [r for p in self.passages if p.kind == "table_row" for r in self._row(p)]
        records += self._prose()
        return records

    # -- tables ------------------------------------------------------------------------------------
    def _row(self, p: Passage) -> list[dict[str, Any]]:
        header, _, group = p.context.partition("\n")
        cells = [c.strip() for c in self.text[p.start:p.end].split("|")]
        group_title = group.split("|")[1].strip() if "|" in group else ""
        task_cols = _columns(header, _TASK_COLUMNS)
        if "task" in task_cols and "lead" in task_cols:
            return [self._task_row(p, cells, task_cols, group_title)]
        target_cols = _columns(header, _TARGET_COLUMNS)
        if "indicator" in target_cols and "value" in target_cols:
            return self._target_row(p, cells, target_cols, group_title)
        return []

    @staticmethod
    def _cell(cells: list[str], cols: dict[str, int], name: str) -> str:
        index = cols.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    def _task_row(self, p: Passage, cells: list[str], cols: dict[str, int], group: str) -> dict[str, Any]:
        deadline = self._cell(cells, cols, "deadline")
        lead = _bodies(self._cell(cells, cols, "lead"))
        record = self._base("task", p.start, p.end, p.section, p.page)
        record.update(task=self._cell(cells, cols, "task"), group=group, lead=lead,
                      coordinators=_bodies(self._cell(cells, cols, "coordinators")),
                      output=self._cell(cells, cols, "output") or None, deadline=deadline or None,
                      deadline_norm=parse(deadline).as_dict() if deadline else None,
                      due=parse(deadline).due if deadline else None, origin="table")
        return record

    def _target_row(self, p: Passage, cells: list[str], cols: dict[str, int], group: str) -> list[dict[str, Any]]:
        value = self._cell(cells, cols, "value")
        number = self._cell(cells, cols, "tt").rstrip(".")
        indicator = self._cell(cells, cols, "indicator")
        if not value and not self._cell(cells, cols, "monitor"):
            self._parent = (number, indicator)  # a heading of sub-indicators, not a target itself
            return []
        record = self._base("target", p.start, p.end, p.section, p.page)
        parent = self._parent[1] if self._parent[0] and number.startswith(self._parent[0] + ".") else None
        record.update(indicator=indicator, parent=parent, unit_column=self._cell(cells, cols, "unit"),
                      **parse_value(value), horizon=find_horizon(group) or group or None,
                      monitor=_bodies(self._cell(cells, cols, "monitor")), origin="table")
        record["value"] = value
        return [record]

    # -- prose -------------------------------------------------------------------------------------
    def _prose(self) -> list[dict[str, Any]]:
        """Walk the text passages in order, keeping the context a reader keeps: the horizon a heading
        or list intro states ("1. Đến năm 2030", "… vào cuối năm 2025:"), whether we are under a
        "Mục tiêu" heading, and the body a heading names ("Trách nhiệm của Bộ Tư pháp:")."""
        records: list[dict[str, Any]] = []
        context = _Context()
        for p in self.passages:
            if p.kind != "text":
                continue
            offset = p.start
            for line in self.text[p.start:p.end].split("\n"):
                line_start, offset = offset, offset + len(line) + 1
                stripped = line.strip()
                if stripped and not context.read_heading(stripped):
                    records += self._line(p, line, line_start, context)
        return records

    def _line(self, p: Passage, line: str, line_start: int, context: _Context) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        line_horizon = find_horizon(line)  # "Đến năm 2025, đạt 50% …; đạt 60% …": every clause of the line
        for s, e in sentence_spans(line, line_start):
            sentence = self.text[s:e]
            if task := self._prose_task(p, s, e, sentence, context.body):
                out.append(task)
            horizon = find_horizon(sentence) or line_horizon or context.horizon
            value = _VALUE.search(sentence) or _RANK.search(sentence)
            cue = _TARGET_CUES.search(sentence) or context.targets
            if value and horizon and cue and not _PAST.search(sentence):
                bodies = find_bodies(sentence)
                record = self._base("target", s, e, p.section, p.page)
                record.update(indicator=sentence, **parse_value(sentence), horizon=horizon,
                              monitor=_bodies(bodies[0]) if bodies else [], origin="prose")
                out.append(record)
        return out

    def _prose_task(self, p: Passage, s: int, e: int, sentence: str,
                    heading_body: list[dict[str, str]]) -> dict[str, Any] | None:
        lead: list[dict[str, str]] = []
        coordinators: list[dict[str, str]] = []
        if m := _RESPONSIBLE.search(sentence):
            before, after = sentence[:m.start()], sentence[m.end():]
            clause = re.split(r"[.;:)]\s", before)[-1]  # "Bộ KH&CN, Bộ TT&TT chủ trì": both lead
            lead = [b for name in find_bodies(clause) if clause.strip().endswith(name) or "," in clause
                    for b in _bodies(name)]
            _, found, rest = after.partition("phối hợp")
            coordinators = _bodies(", ".join(find_bodies(rest))) if found and find_bodies(rest) else []
        elif (giao := _GIAO.search(sentence)) and sentence[giao.end()].isupper() \
                and not _PLAN_WORDS.search(sentence[:giao.start()]) \
                and (named := find_bodies(sentence[giao.end():])) and sentence.startswith(named[0], giao.end()):
            lead = _bodies(named[0])  # "giao Sở Tài chính …": the body right after "giao"
        elif heading_body and _LIST_ITEM.match(sentence):
            lead = heading_body
        if not lead:
            return None
        deadline_match = _DEADLINE_IN_TEXT.search(sentence)
        deadline = deadline_match.group(0) if deadline_match else None
        record = self._base("task", s, e, p.section, p.page)
        record.update(task=sentence, group="", lead=lead, coordinators=coordinators, output=None, deadline=deadline,
                      deadline_norm=parse(deadline).as_dict() if deadline else None,
                      due=parse(deadline).due if deadline else None, origin="prose")
        return record


_RESPONSIBLE = re.compile(r"\s(?:chủ trì|có trách nhiệm|chịu trách nhiệm)\b")
_PLAN_WORDS = re.compile(r"phương án|nghiên cứu|đề xuất|đề nghị", re.I)  # "nghiên cứu phương án giao Bộ …"
_LIST_ITEM = re.compile(r"^\s*(?:[-+•–]|[a-zđ]\)|\d{1,2}[.)])\s")
_HEADING_MAX = 160


class _Context:
    """What the lines above say about the lines below."""

    def __init__(self) -> None:
        self.horizon: str | None = None
        self.targets = False  # under a "Mục tiêu …" heading or a list introduced as targets
        self.body: list[dict[str, str]] = []

    def read_heading(self, line: str) -> bool:
        """Take in a heading or a list intro; True when ``line`` is one (it states nothing itself)."""
        part = _PART.match(line)  # Điều, Chương, Mục, Roman: a new part, read afresh
        numbered = part or _NUMBERED.match(line)
        title = numbered.group(1) if numbered else line
        is_intro = line.endswith(":") and len(line) < 300
        is_heading = part is not None or len(line) <= _HEADING_MAX and not line.endswith((".", ";")) and (
            numbered is not None or line.upper() == line)
        if not (is_intro or is_heading) or _VALUE.search(title) and not (is_intro or part):
            if not _LIST_ITEM.match(line):
                self.body = []  # a plain paragraph ends the list its intro named a body for
            return False
        folded = fold(title)
        named = find_bodies(title)
        names_body = len(named) == 1 and (is_intro or "trach nhiem" in folded or "chu tri" in folded)
        if part:
            self.horizon = find_horizon(title)
            self.targets = "muc tieu" in folded or "chi tieu" in folded
        else:
            self.horizon = find_horizon(title) or self.horizon
            self.targets = self.targets or bool(_TARGET_CUES.search(title))
        self.body = _bodies(named[0]) if names_body else []
        return True


_PART = re.compile(r"^(?:Điều\s+\d+[a-z]?\.|Chương\s+[IVXLC\d]+|Mục\s+\d+|[IVXLC]+[.\-–])\s*(.*)$")
_NUMBERED = re.compile(r"^(?:\d{1,2}\.|[a-zđ]\))\s*(.*)$")


def extract_facts(loaded: Loaded, passages: list[Passage], doc: dict[str, Any]) -> list[dict[str, Any]]:
    return FactExtractor(loaded, passages, doc).extract()
