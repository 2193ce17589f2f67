"""Targets in running text (their values are read by ``kb.values``).

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
from kb.values import figures, parse_value, value_of

__all__ = ["Goal", "goals", "parse_value"]

_CUE = re.compile(r"mục tiêu|chỉ tiêu|phấn đấu|ít nhất|tối thiểu|bảo đảm|đảm bảo|đạt|hoàn thành|trở thành|vào nhóm|"
                  r"top|trở lên|giảm|tăng|không quá|duy trì", re.I)
# a figure aimed at, with no horizon of its own ("Phấn đấu tỷ trọng … đạt tối thiểu 30%"): the plan's horizon is its own
_AIMED = re.compile(r"phấn đấu[^.;]*?\b(?:đạt|ít nhất|tối thiểu|không dưới|trên)\b", re.I)
_PAST = re.compile(r"\b(đã|đến nay|hiện nay|hiện đạt|từ đầu năm|vừa qua|ước thực hiện|ước đạt|lũy kế)\b", re.I)


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
    if ctx.mode in ("purpose", "criteria", "report"):
        return []
    in_targets = ctx.mode == "targets"
    item_horizon = find_horizon(content)
    out: list[Goal] = []
    for start, end in _pieces(content, offset):
        piece = content[start - offset:end - offset].strip(" ,;")
        found = figures(piece)
        # what was done says so before its figure ("năm 2024 đã đạt 80%"); in a list of targets, "đã" after it
        # describes the indicator ("+ 80% thông tin, dữ liệu đã được số hóa … được khai thác, sử dụng lại")
        if not found or _PAST.search(piece[:found[0].start()] if in_targets else piece):
            continue
        own = find_horizon(piece) or item_horizon
        if not in_targets and not (own and _CUE.search(piece) or _AIMED.search(piece)):
            continue  # a figure in a duty is a target when it has its own horizon, or when it is aimed at
        horizon = own or ctx.horizon or doc_horizon
        if horizon is None:
            continue
        lead = len(content[start - offset:end - offset]) - len(content[start - offset:end - offset].lstrip(" ,;"))
        out.append(Goal(start + lead, start + lead + len(piece), value_of(found[0]), horizon))
    return out
