"""Citation accuracy of ``ask`` and ``search`` on a gold question set.

    python -m eval.questions --data-dir data eval/gold/seed_questions.jsonl

For each question: top-1 / top-3 citation accuracy (the gold source among the first 1 / 3 distinct
documents cited), MRR over the cited documents, and answer accuracy (the gold answer string,
compared without diacritics, inside the answer or its first citation). Broken down by accented vs
unaccented and by kind. Writes ``eval/results/<set>.md`` and ``.json``.

The accented and unaccented questions of a set are different questions, so their scores also differ
by difficulty. The row ``accented, folded`` asks every accented question again folded to unaccented
lower case (``kb.text.fold``): against ``accented`` it measures what typing without diacritics costs,
question for question. Those copies are not counted in ``all`` or the kinds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from kb.config import Settings
from kb.service import KnowledgeBase
from kb.text import fold

RESULTS = Path(__file__).parent / "results"


def distinct_sources(citations) -> list[str]:
    seen: list[str] = []
    for c in citations:
        if c.source not in seen:
            seen.append(c.source)
    return seen


def score_question(kb: KnowledgeBase, item: dict) -> dict:
    gold = {item["source"], *item.get("also", [])}
    started = time.perf_counter()
    answer = kb.ask(item["question"])
    ask_ms = (time.perf_counter() - started) * 1000
    cited = distinct_sources(answer.citations)
    searched = distinct_sources(kb.search(item["question"], 10).hits)
    rank = next((i + 1 for i, s in enumerate(cited) if s in gold), None)
    first_quote = answer.citations[0].quote if answer.citations else ""
    expected = fold(item["answer"])
    return {
        "id": item["id"], "kind": item["kind"], "accented": item["accented"],
        "top1": bool(cited[:1] and cited[0] in gold), "top3": any(s in gold for s in cited[:3]),
        "mrr": 1 / rank if rank else 0.0,
        "search_top1": bool(searched[:1] and searched[0] in gold),
        "search_top3": any(s in gold for s in searched[:3]),
        "answer_ok": expected in fold(answer.answer) or expected in fold(first_quote),
        "intent": answer.intent, "ask_ms": round(ask_ms, 1),
        "question": item["question"], "gold": item["source"], "cited": cited[:3], "answer": answer.answer,
    }


METRICS = ("top1", "top3", "mrr", "answer_ok", "search_top1", "search_top3")


def summarise(rows: list[dict], folded: list[dict] = ()) -> dict[str, dict]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups["all"].append(row)
        groups["accented" if row["accented"] else "unaccented"].append(row)
        groups[f"kind={row['kind']}"].append(row)
    if folded:
        groups["accented, folded"] = list(folded)
    return {name: {"n": len(g), **{m: round(sum(float(r[m]) for r in g) / len(g), 3) for m in METRICS}}
            for name, g in groups.items()}


def to_markdown(name: str, summary: dict[str, dict], rows: list[dict]) -> str:
    lines = [f"# {name}", "", "| group | n | ask top-1 | ask top-3 | MRR | answer | search top-1 | search top-3 |",
             "|---|---|---|---|---|---|---|---|"]
    for group, s in summary.items():
        lines.append(f"| {group} | {s['n']} | {s['top1']:.1%} | {s['top3']:.1%} | {s['mrr']:.3f} | "
                     f"{s['answer_ok']:.1%} | {s['search_top1']:.1%} | {s['search_top3']:.1%} |")
    misses = [r for r in rows if not r["top1"]]
    if misses:
        lines += ["", "## Questions whose first citation is not the gold document", ""]
        lines += [f"- {r['id']} ({r.get('variant') or ('accented' if r['accented'] else 'unaccented')}, "
                  f"{r['kind']}): {r['question']} — gold {r['gold']}, cited {', '.join(r['cited']) or 'nothing'}"
                  for r in misses]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    items = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    kb = KnowledgeBase(Settings(data_dir=args.data_dir))
    try:
        rows = [score_question(kb, item) for item in items]
        folded = [{**score_question(kb, {**item, "question": fold(item["question"]), "accented": False}),
                   "variant": "accented, folded"} for item in items if item["accented"]]
    finally:
        kb.close()
    summary = summarise(rows, folded)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.gold.stem
    (args.out / f"{stem}.json").write_text(json.dumps({"summary": summary, "questions": rows, "folded": folded},
                                                      ensure_ascii=False, indent=1), encoding="utf-8")
    markdown = to_markdown(f"{stem} ({len(rows)} questions, data dir {args.data_dir})", summary, rows + folded)
    (args.out / f"{stem}.md").write_text(markdown, encoding="utf-8")
    sys.stdout.write(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
