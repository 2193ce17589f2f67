"""Targets in running text, and the values of targets wherever they stand.

A target is a figure something must reach ("ít nhất 80%", "trên 85%", "Top 15", "1.200 công trình", "2%
GDP", "8% trở lên", "nhóm 15 tỉnh") with a horizon: stated in the clause ("đến năm 2030"), in the item,
in the heading above ("2. Mục tiêu đến năm 2035"), or, in a section of targets, the document's own
period ("… giai đoạn 2026 - 2030"). In a section of targets every clause with a figure is one; elsewhere
a clause needs a cue ("phấn đấu", "đạt", "ít nhất", "bảo đảm" …) and a horizon of its own. What was already
done ("đã đạt", "năm 2024 đạt") is not a target. A clause naming several indicators ("tỷ lệ A đạt 70%,
tỷ lệ B đạt 80%") gives one target each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ingest.facts.context import Context
from kb.deadlines import find_horizon
from kb.text import sentence_spans

_NUM = r"\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_CMP = (r"ít nhất|tối thiểu|tối đa|không quá|không dưới|không thấp hơn|không vượt quá|trên|dưới|hơn|khoảng|đạt|"
        r"từ|vượt|tăng thêm|giảm thêm|tăng|giảm|bình quân|≥|≤|>=|<=|>|<")
_STOP_UNIT = {"năm", "tháng", "ngày", "quý", "và", "của", "về", "là", "như", "đạt", "vào", "phê", "được", "có", "trong",
              "tại", "theo", "với", "cho", "điều", "khoản", "để", "đến", "trên", "dưới", "so", "trở", "thì", "mà", "từ",
              "các", "những", "này", "đó", "sẽ", "đã", "phải", "nhằm", "gồm", "hoặc", "hay", "bằng", "lần"}
VALUE = re.compile(
    rf"(?:(?P<cmp>{_CMP})\s*)?(?:"
    rf"(?P<pct>(?:{_NUM})(?:\s*[-–]\s*(?:{_NUM}))?)\s*%(?P<of>\s*(?:GDP|GRDP|tổng\s+\S+|dân số))?"
    rf"|[Tt]op\s*(?P<top>\d+)"
    rf"|(?P<group>nhóm\s+(?:\d+|[A-ZĐ]\w*)\s+(?:tỉnh|địa phương|nước|quốc gia|bộ|cơ quan)[^,;.]{{0,40}})"
    rf"|(?<![\d.,/])(?P<count>(?!(?:19|20)\d\d\b)(?:{_NUM})(?:\s*[-–]\s*(?:{_NUM}))?)(?![\d/])"
    rf"\s+(?P<unit>[^\W\d_]+(?:[ /][^\W\d_]+){{0,3}}))"
    rf"(?P<more>\s*trở lên)?", re.I)
_NOT_FIGURE_BEFORE = re.compile(r"(?:Điều|khoản|điểm|số|Nghị định|Quyết định|Nghị quyết|Thông tư|Luật|ngày|tháng|"
                                r"quý|năm|giai đoạn|lần thứ|Khóa|khóa|Mục|Phụ lục|phụ lục|lần|/)\s*$")
_COMPARATORS = {"ít nhất": ">=", "tối thiểu": ">=", "≥": ">=", ">=": ">=", "không dưới": ">=", "không thấp hơn": ">=",
                "trên": ">", "hơn": ">", ">": ">", "vượt": ">", "tối đa": "<=", "≤": "<=", "<=": "<=",
                "không quá": "<=", "không vượt quá": "<=", "dưới": "<", "<": "<", "khoảng": "~", "đạt": "="}
_CUE = re.compile(r"mục tiêu|chỉ tiêu|phấn đấu|ít nhất|tối thiểu|bảo đảm|đảm bảo|đạt|hoàn thành|trở thành|vào nhóm|"
                  r"top|trở lên|giảm|tăng|không quá|duy trì", re.I)
_PAST = re.compile(r"\b(đã|đến nay|hiện nay|hiện đạt|từ đầu năm|vừa qua|ước thực hiện|ước đạt|lũy kế)\b", re.I)
_RANK = re.compile(r"(?:vào|thuộc|trong)\s+nhóm\s+[^.;:]+", re.I)


def figures(text: str) -> list[re.Match[str]]:
    """The figures of ``text`` that can be targets: not years, article numbers, dates or document numbers."""
    out = []
    for m in VALUE.finditer(text):
        if m.group("count") and m.group("unit").split()[0].lower() in _STOP_UNIT:
            continue
        if _NOT_FIGURE_BEFORE.search(text[max(0, m.start() - 15):m.start()]):
            continue
        out.append(m)
    return out


def _value(m: re.Match[str]) -> dict[str, Any]:
    cmp_word = (m.group("cmp") or "").lower()
    if m.group("count"):
        words = m.group("unit").split()
        kept = words[:next((i for i, w in enumerate(words) if w.lower() in _STOP_UNIT), len(words))]
        unit = " ".join(kept) or None
        value = m.group(0)[:m.group(0).index(m.group("count")) + len(m.group("count"))] + (" " + unit if unit else "")
        number = m.group("count")
    elif m.group("group"):
        return {"value": m.group(0).strip(), "number": None, "unit": "group", "comparator": None}
    else:
        unit = "%" + (m.group("of") or "") if m.group("pct") else "top"
        number, value = m.group("pct") or m.group("top"), m.group(0)
    value = value.strip() + (m.group("more") or "" if m.group("more") and "trở lên" not in value else "")
    first = re.split(r"\s*[-–]\s*", number)[0]
    try:
        parsed = float(first.replace(".", "").replace(",", ".")) if re.search(r"\.\d{3}", first) \
            else float(first.replace(",", "."))
    except ValueError:
        parsed = None
    return {"value": " ".join(value.split()), "number": parsed, "unit": unit,
            "comparator": _COMPARATORS.get(cmp_word, "=" if not cmp_word else None)}


def parse_value(text: str) -> dict[str, Any]:
    """"ít nhất 80% hồ sơ" → {value: "ít nhất 80%", number: 80.0, unit: "%", comparator: ">="};
    "vào nhóm các tỉnh … khá" → a value without a number."""
    found = figures(text)
    if not found:
        rank = _RANK.search(text)
        return {"value": rank.group(0).strip() if rank else text.strip(), "number": None, "unit": None,
                "comparator": None}
    return _value(found[0])


@dataclass
class Goal:
    start: int
    end: int
    value: dict[str, Any]
    horizon: str | None


def _pieces(text: str, offset: int) -> list[tuple[int, int]]:
    """Clauses of ``text`` with one figure each: split at ";" and sentence ends, then at the commas (or "và")
    between two figures."""
    out: list[tuple[int, int]] = []
    for s, e in sentence_spans(text, offset, min_chars=1):
        clause = text[s - offset:e - offset]
        found = figures(clause)
        cuts = [s]
        for prev, nxt in zip(found, found[1:], strict=False):
            between = clause[prev.end():nxt.start()]
            sep = max(between.rfind(", "), between.rfind(" và "))
            if sep >= 0:
                cuts.append(s + prev.end() + sep + 1)
        out += [(a, b) for a, b in zip(cuts, [*cuts[1:], e], strict=False)]
    return out


def goals(content: str, offset: int, ctx: Context, doc_horizon: str | None) -> list[Goal]:
    """The targets of an item whose text (without its marker) is ``content``, starting at ``offset``."""
    if ctx.mode in ("purpose", "report"):
        return []
    in_targets = ctx.mode == "targets"
    item_horizon = find_horizon(content)
    out: list[Goal] = []
    for start, end in _pieces(content, offset):
        piece = content[start - offset:end - offset].strip(" ,;")
        found = figures(piece)
        if not found or _PAST.search(piece):
            continue
        own = find_horizon(piece) or item_horizon
        if not in_targets and not (own and _CUE.search(piece)):
            continue
        horizon = own or ctx.horizon or doc_horizon
        if horizon is None:
            continue
        lead = len(content[start - offset:end - offset]) - len(content[start - offset:end - offset].lstrip(" ,;"))
        out.append(Goal(start + lead, start + lead + len(piece), _value(found[0]), horizon))
    return out
