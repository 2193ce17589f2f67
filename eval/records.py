"""Records (tasks and targets) of documents the extractor was not built on, against blind gold.

    python -m eval.records [--gold eval/gold/records_more.jsonl] [--docs ../shared/documents/more]
                           [--details tune|none] [--out DIR]

Every gold document is loaded and its records extracted exactly as ingestion does
(``ingest.facts.records_for``). Scoring (decided before the first run, see ``eval/gold/README.md``):

* A gold anchor is located in the document's text ignoring whitespace and "|" (cells re-joined into
  rows keep their words); a prediction of the same kind matches it when the prediction's span contains
  the anchor's middle. Matching is one to one, gold with fewest candidates first, then the candidate
  agreeing on most fields, then the shortest.
* Firm figures (the headline): debatable gold rows are left out of recall, and a prediction matching
  one counts neither way. "all" figures count debatable rows like the others.
* Precision counts predictions inside the document's scope (whole, or spans between anchors), except
  tasks without a lead and targets without a figure (unscored).
* Fields on matched pairs: ``lead`` (set of canonical names, folded), ``lead_loose``, ``coordinators``
  (loose), ``deadline`` (same text, or the same kind and due date by ``kb.deadlines.parse``, or the same start),
  ``value_numbers``, ``horizon_years``.

Reported by split (tune / held-out), shape and document; what failed is listed for the tune documents
only (``--details tune``, the default), so held-out failures stay unseen; ``--tune-only`` leaves the
held-out half out altogether (while tuning).
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.facts import (
    GoldError,
    _ratio,
    body_key,
    has_figure,
    lead_names,
    names_loose_equal,
    nfc,
    numbers,
    read_jsonl,
    split_options,
    squash,
    years,
)
from kb.deadlines import parse as parse_deadline

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval/gold/records_more.jsonl"
DOCS = ROOT.parent / "shared/documents/more"
META = ROOT / "eval/gold/more_documents.json"
RESULTS = Path(__file__).parent / "results"


# -- where an anchor is -----------------------------------------------------------------------------

class Locator:
    """Offsets in a text of strings compared with whitespace and "|" collapsed to one space."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        self.offsets: list[int] = []
        space = True
        for i, ch in enumerate(text):
            if ch.isspace() or ch == "|":
                if not space:
                    chars.append(" ")
                    self.offsets.append(i)
                space = True
            else:
                chars.append(ch)
                self.offsets.append(i)
                space = False
        self.flat = "".join(chars)

    @staticmethod
    def key(text: str) -> str:
        return re.sub(r"[\s|]+", " ", nfc(text)).strip()

    def find(self, needle: str) -> tuple[int, int] | None:
        """(start, end) offsets in the original text, or None."""
        key = self.key(needle)
        at = self.flat.find(key) if key else -1
        if at < 0:
            return None
        return self.offsets[at], self.offsets[at + len(key) - 1] + 1


# -- fields ------------------------------------------------------------------------------------------

def _names(items: Any) -> list[str]:
    return [(i.get("name") or i.get("as_written") or "") if isinstance(i, dict) else str(i) for i in items or []]


def deadline_equal(gold: str | None, got: str | None) -> bool:
    if not gold or not got:
        return not gold and not got
    if squash(gold).casefold() == squash(got).casefold():
        return True
    g, p = parse_deadline(gold), parse_deadline(got)
    if g.kind == "start" and g.start and g.start == p.start:
        return True  # "bắt đầu từ tháng 01/2026" and "hằng tháng, bắt đầu từ tháng 01/2026": the same start
    return g.kind == p.kind and g.kind != "unknown" and g.due == p.due


def checks(gold: dict, pred: dict) -> dict[str, bool]:
    if gold["kind"] == "target":
        out = {"value_numbers": numbers(gold.get("value")) == numbers(pred.get("value")),
               "horizon_years": years(gold.get("horizon")) == years(pred.get("horizon"))}
        if gold.get("monitor"):
            out["monitor_loose"] = names_loose_equal(gold["monitor"], _names(pred.get("monitor")))
        return out
    got = lead_names(pred)
    return {"lead": {body_key(n) for n in gold.get("lead") or []} == {body_key(n) for n in got},
            "lead_loose": names_loose_equal(gold.get("lead") or [], got),
            "coordinators": names_loose_equal(gold.get("coordinators") or [], _names(pred.get("coordinators"))),
            "deadline": deadline_equal(gold.get("deadline"), pred.get("deadline"))}


# -- one document ------------------------------------------------------------------------------------

@dataclass
class DocScore:
    source: str
    split: str
    shape: str
    gold: list[dict]
    preds: list[dict]
    pairs: dict[int, int] = field(default_factory=dict)
    false_positives: list[dict] = field(default_factory=list)
    neutral: int = 0  # predictions matching a debatable gold row
    unscored: int = 0
    missing_anchors: list[str] = field(default_factory=list)


def _spans(scope: dict, loc: Locator, text_len: int) -> list[tuple[int, int]]:
    if scope.get("whole"):
        return [(0, text_len)]
    spans = []
    for span in scope.get("spans", []):
        start = loc.find(span["from"])
        end = loc.find(span["to"]) if span.get("to") else (text_len, text_len)
        if start and end:
            spans.append((start[0], end[0]))
    return spans


def score_document(source: str, meta: dict, scope: dict, gold: list[dict], preds: list[dict],
                   text: str) -> DocScore:
    loc = Locator(text)
    result = DocScore(source, meta.get("split", "?"), meta.get("shape", "?"), gold, preds)
    middles: dict[int, int] = {}
    for i, g in enumerate(gold):
        found = loc.find(g["anchor"])
        if found is None:
            result.missing_anchors.append(g["anchor"])
        else:
            middles[i] = (found[0] + found[1]) // 2
    candidates = {i: [j for j, p in enumerate(preds) if p.get("kind") == gold[i]["kind"]
                      and p["start"] <= m < p["end"]] for i, m in middles.items()}
    taken: set[int] = set()
    for i in sorted(candidates, key=lambda k: (len(candidates[k]), k)):
        free = [j for j in candidates[i] if j not in taken]
        if free:
            best = max(free, key=lambda j, i=i: (sum(checks(gold[i], preds[j]).values()),
                                                 -(preds[j]["end"] - preds[j]["start"])))
            result.pairs[i] = best
            taken.add(best)
    spans = _spans(scope, loc, len(text))
    starts = sorted(spans)
    for j, pred in enumerate(preds):
        if j in taken:
            continue
        k = bisect.bisect_right(starts, (pred["start"], len(text) + 1)) - 1
        if k < 0 or not starts[k][0] <= pred["start"] < starts[k][1]:
            continue  # outside the part the gold covers
        if pred["kind"] == "task" and not lead_names(pred) or pred["kind"] == "target" and not has_figure(
                pred.get("value")):
            result.unscored += 1
            continue
        near = [i for i, m in middles.items() if gold[i]["kind"] == pred["kind"] and pred["start"] <= m < pred["end"]]
        if near and all(gold[i].get("debatable") for i in near):
            result.neutral += 1
            continue
        result.false_positives.append({**pred, "_why": "duplicate of a gold record" if near else "no gold record"})
    return result


# -- summaries ---------------------------------------------------------------------------------------

def summary(docs: list[DocScore], kind: str | None = None) -> dict[str, Any]:
    def want(g: dict) -> bool:
        return kind is None or g["kind"] == kind

    gold = [(d, i) for d in docs for i, g in enumerate(d.gold) if want(g)]
    firm = [(d, i) for d, i in gold if not d.gold[i].get("debatable")]
    matched_all = [(d, i) for d, i in gold if i in d.pairs]
    matched_firm = [(d, i) for d, i in firm if i in d.pairs]
    fps = sum(1 for d in docs for p in d.false_positives if kind is None or p["kind"] == kind)
    fields: dict[str, list[bool]] = defaultdict(list)
    for d, i in matched_firm:
        for name, ok in checks(d.gold[i], d.preds[d.pairs[i]]).items():
            fields[name].append(ok)
    return {"gold": len(gold), "firm": len(firm), "matched_firm": len(matched_firm), "false_positives": fps,
            "recall": _ratio(len(matched_firm), len(firm)),
            "precision": _ratio(len(matched_firm), len(matched_firm) + fps),
            "recall_all": _ratio(len(matched_all), len(gold)),
            "precision_all": _ratio(len(matched_all), len(matched_all) + fps),
            "predicted": sum(1 for d in docs for p in d.preds if kind is None or p["kind"] == kind),
            "fields": {k: _ratio(sum(v), len(v)) for k, v in fields.items()}}


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.1%}"


def _row(name: str, s: dict) -> str:
    f = s["fields"]
    return (f"| {name} | {s['firm']} ({s['gold']}) | {s['predicted']} | {_pct(s['precision'])} | {_pct(s['recall'])} | "
            f"{_pct(s['precision_all'])} | {_pct(s['recall_all'])} | {_pct(f.get('lead'))} | "
            f"{_pct(f.get('lead_loose'))} | {_pct(f.get('deadline'))} | {_pct(f.get('value_numbers'))} | "
            f"{_pct(f.get('horizon_years'))} |")


HEAD = ["| scope | firm gold (all) | predicted | precision | recall | precision (all) | recall (all) | lead | "
        "lead loose | deadline | value | horizon |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]


def report(docs: list[DocScore], details: str, heldout: bool = True) -> tuple[list[str], dict]:
    lines = ["# Records of unseen documents (`eval/gold/records_more.jsonl`)", "", *HEAD]
    out: dict[str, Any] = {}
    for split in ("tune", "heldout") if heldout else ("tune",):
        part = [d for d in docs if d.split == split]
        for kind in (None, "task", "target"):
            s = summary(part, kind)
            out[f"{split}/{kind or 'all'}"] = s
            lines.append(_row(f"**{split}** {kind or 'records'}", s))
        for shape in sorted({d.shape for d in part}):
            s = summary([d for d in part if d.shape == shape])
            out[f"{split}/shape={shape}"] = s
            lines.append(_row(f"{split} shape {shape}", s))
    for d in docs:
        if d.split != "tune" and not heldout:
            continue
        out[f"doc/{d.source}"] = summary([d])
        if d.split == "tune":
            lines.append(_row(f"{d.source[:40]}", out[f"doc/{d.source}"]))
    lines += ["", "Fields are measured on matched firm records. Per-document rows and failures are shown for the "
              "tune half only."]
    if details == "tune":
        lines += _failures([d for d in docs if d.split == "tune"])
    return lines, out


def _failures(docs: list[DocScore]) -> list[str]:
    lines = ["", "## Tune documents: what failed", ""]
    for d in docs:
        missed = [d.gold[i] for i in range(len(d.gold)) if i not in d.pairs and not d.gold[i].get("debatable")]
        wrong = [(d.gold[i], d.preds[j], [k for k, ok in checks(d.gold[i], d.preds[j]).items() if not ok])
                 for i, j in d.pairs.items()]
        wrong = [w for w in wrong if w[2] and w[2] != ["lead"]]
        if not (missed or d.false_positives or wrong or d.missing_anchors):
            continue
        lines.append(f"### {d.source}")
        lines += [f"- anchor not found: {a!r}" for a in d.missing_anchors]
        lines += [f"- missed {g['kind']}: {g['anchor']!r} lead={g.get('lead')} value={g.get('value')}" for g in missed]
        for g, p, bad in wrong:
            shown = {k: p.get(k) if k not in ('lead', 'lead_loose') else lead_names(p) for k in bad}
            wanted = {k: g.get(k.replace("_loose", "").replace("_numbers", "").replace("_years", "")) for k in bad}
            lines.append(f"- wrong {bad} on {g['anchor']!r}: gold {wanted} got {shown}")
        lines += [f"- false positive {p['kind']} ({p['_why']}): {p['quote'][:140]!r} lead={lead_names(p)}"
                  for p in d.false_positives]
    return lines


# -- running -----------------------------------------------------------------------------------------

def evaluate(gold_path: Path, docs_dir: Path) -> list[DocScore]:
    from ingest.facts import doc_fields, records_for
    from ingest.header import read_metadata
    from ingest.load import load_file

    rows = read_jsonl(gold_path, ("source",))
    meta = json.loads(META.read_text(encoding="utf-8")) if META.is_file() else {}
    scopes = {r["source"]: r for r in rows if r.get("scope")}
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if not r.get("scope"):
            by_doc[r["source"]].append(r)
    results = []
    for source, scope in scopes.items():
        path = docs_dir / source
        if not path.is_file():
            raise GoldError(f"document not found: {path}")
        _, loaded = load_file(path)
        doc = doc_fields(read_metadata(loaded, source), source, source)  # as ingestion reads it
        preds = [r.model_dump() for r in records_for(loaded, doc)]
        results.append(score_document(source, meta.get(source, {"split": scope.get("split", "?")}), scope,
                                      by_doc[source], preds, loaded.text))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    split_options(parser, GOLD, RESULTS)
    parser.add_argument("--docs", type=Path, default=DOCS)
    args = parser.parse_args(argv)
    try:
        docs = evaluate(args.gold, args.docs)
    except GoldError as exc:
        sys.stderr.write(f"eval.records: {exc}\n")
        return 2
    lines, summaries = report(docs, args.details, heldout=not args.tune_only)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "records_more.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (args.out / "records_more.json").write_text(json.dumps(summaries, ensure_ascii=False, indent=1), encoding="utf-8")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
