"""Answer-line accuracy of ``kb.ask`` on blind questions over the shipped corpus.

    python -m eval.answers [--gold eval/gold/questions_answers.jsonl] --data-dir DATA [--details tune|none]
                          [--tune-only] [--out DIR]

Scoring (decided before the first run; ``eval/gold/README.md``):

* ``absent`` questions are right when the answer's ``status`` says nothing was found (``not_found``) or the
  document is not in the knowledge base (``not_in_kb``); any other question answered so is wrong.
* ``list`` questions are right when the answer line states the gold count (a number standing alone) and every
  gold item is among what the answer returns: a task or target when its anchor's middle lies inside a returned
  record or a citation of that document (citations count since 2026-11-30: a document's "Căn cứ" clauses are
  cited, not records), a document when its number (or file) is among the cited documents.
* every other question is right when the gold ``answer`` or one of its ``alternatives`` is in the answer line,
  compared folded (``kb.text.fold``), spaces collapsed, no space before "%" (or, for a date, the same day
  written another way), and every ``all_of`` string is there too.

Reported by split, kind, accented / unaccented and named / unnamed document; what failed is listed for the
tune half only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from eval.facts import GoldError, read_jsonl, split_options
from eval.records import Locator
from kb.text import fold

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval/gold/questions_answers.jsonl"
RESULTS = Path(__file__).parent / "results"
NOTHING = ("not_found", "not_in_kb")


def flat(text: str | None) -> str:
    """Folded, spaces collapsed, no space before "%"."""
    return re.sub(r"\s+%", "%", re.sub(r"\s+", " ", fold(text or ""))).strip()


def days(text: str) -> set[tuple[int, int, int]]:
    out = set()
    for d, m, y in re.findall(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", text):
        out.add((int(d), int(m), int(y)))
    for d, m, y in re.findall(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})", fold(text)):
        out.add((int(d), int(m), int(y)))
    return out


def line_has(line: str, wanted: str) -> bool:
    if flat(wanted) and flat(wanted) in flat(line):
        return True
    return bool(days(wanted)) and days(wanted) <= days(line)


class Texts:
    """Document texts by file name, from the knowledge base (what records point into)."""

    def __init__(self, kb: Any) -> None:
        self.kb = kb
        self.by_source = {r.source: r.doc_id for r in kb.documents()}
        self._loc: dict[str, Locator] = {}

    def middle(self, source: str, anchor: str) -> int | None:
        if source not in self._loc:
            doc_id = self.by_source.get(source)
            self._loc[source] = Locator(self.kb.text(doc_id) if doc_id else "")
        found = self._loc[source].find(anchor)
        return (found[0] + found[1]) // 2 if found else None


def list_ok(row: dict, ans: Any, texts: Texts) -> tuple[bool, str]:
    count = str(row["answer"])
    if not re.search(rf"(?<![\d.,/(]){re.escape(count)}(?![\d.,/%])", ans.answer or ""):
        return False, f"count {count} not in the answer line"
    records = [f.model_dump() if hasattr(f, "model_dump") else f for f in ans.facts or []]
    cited = {(c.number, c.source) for c in ans.citations or []}
    numbers = {n for n, _ in cited} | {r.get("doc_number") for r in records}
    sources = {s for _, s in cited} | {r.get("source") for r in records}
    spans = [(r.get("source"), r["start"], r["end"]) for r in records]
    spans += [(c.source, c.start, c.end) for c in ans.citations or []]  # a document's own facts are cited
    for item in row.get("items") or []:
        if "anchor" in item:
            mid = texts.middle(item["source"], item["anchor"])
            if mid is None or not any(source == item["source"] and start <= mid < end for source, start, end in spans):
                return False, f"item not returned: {item['anchor']!r}"
        elif item.get("number") and item["number"] not in numbers and item["number"] not in (ans.answer or ""):
            return False, f"document not returned: {item['number']}"
        elif item.get("source") and item["source"] not in sources:
            return False, f"document not returned: {item['source']}"
    return True, ""


def score(row: dict, ans: Any, texts: Texts) -> dict[str, Any]:
    status = getattr(ans, "status", "answered")
    if row["kind"] == "absent":
        ok, why = status in NOTHING, f"answered ({status})"
    elif status in NOTHING:
        ok, why = False, f"said {status}"
    elif row["kind"] == "list":
        ok, why = list_ok(row, ans, texts)
    else:
        forms = [row["answer"], *row.get("alternatives", [])]
        ok = any(line_has(ans.answer, f) for f in forms) and all(line_has(ans.answer, a) for a in row.get("all_of", []))
        why = "" if ok else "gold answer not in the answer line"
    return {"id": row["id"], "split": row["split"], "kind": row["kind"], "accented": row["accented"],
            "named": bool(row.get("named_doc")), "question": row["question"], "gold": row["answer"],
            "status": status, "answer": ans.answer, "confidence": getattr(ans, "confidence", None), "ok": ok,
            "why": "" if ok else why,
            "cited": [c.source for c in (ans.citations or [])[:2]]}


def summarise(rows: list[dict]) -> dict[str, Any]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        for name in ("all", f"kind={r['kind']}", "accented" if r["accented"] else "unaccented",
                     "named document" if r["named"] else "no document named"):
            groups[name].append(r)
    return {k: {"n": len(v), "accuracy": round(sum(r["ok"] for r in v) / len(v), 3),
                # the worst outcome: an answer given as found, and wrong
                "answered_wrong": round(sum(r["status"] == "answered" and not r["ok"] for r in v) / len(v), 3)}
            for k, v in groups.items()}


def report(rows: list[dict], details: str, heldout: bool, gold: Path = GOLD) -> tuple[list[str], dict]:
    shown = gold.resolve().relative_to(ROOT) if gold.resolve().is_relative_to(ROOT) else gold
    lines = [f"# Answers (`{shown}`)", "", "| split | group | n | answer-line accuracy |"
             " answered wrong |", "|---|---|---|---|---|"]
    out: dict[str, Any] = {}
    for split in ("tune", "heldout") if heldout else ("tune",):
        out[split] = summarise([r for r in rows if r["split"] == split])
        lines += [f"| {split} | {g} | {s['n']} | {s['accuracy']:.1%} | {s['answered_wrong']:.1%} |"
                  for g, s in sorted(out[split].items())]
    if details == "tune":
        lines += ["", "## Tune questions answered wrong", ""]
        lines += [f"- {r['id']} ({r['kind']}): {r['question'][:90]} — gold {r['gold']!r}; got [{r['status']}] "
                  f"{(r['answer'] or '')[:120]!r} ({r['why']}; cited {', '.join(x[:25] for x in r['cited'])})"
                  for r in rows if r["split"] == "tune" and not r["ok"]]
    return lines, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    split_options(parser, GOLD, RESULTS)
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    from kb.config import Settings
    from kb.service import KnowledgeBase

    try:
        rows = read_jsonl(args.gold, ("id", "question", "kind", "answer", "split"))
    except GoldError as exc:
        sys.stderr.write(f"eval.answers: {exc}\n")
        return 2
    if args.tune_only:
        rows = [r for r in rows if r["split"] == "tune"]
    kb = KnowledgeBase(Settings(data_dir=args.data_dir))
    texts = Texts(kb)
    started = time.perf_counter()
    try:
        scored = [score(row, kb.ask(row["question"]), texts) for row in rows]
    finally:
        kb.close()
    lines, summaries = report(scored, args.details, heldout=not args.tune_only, gold=args.gold)
    lines.insert(2, f"{len(scored)} questions, data folder {args.data_dir}, {time.perf_counter() - started:.0f} s.\n")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "answers.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (args.out / "answers.json").write_text(json.dumps({"summary": summaries, "questions": scored}, ensure_ascii=False,
                                                      indent=1), encoding="utf-8")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
