"""Targets and tasks extracted at ingestion, and the answers of ``kb.ask``, against hand-written gold.

    python -m eval.facts [--data-dir DIR] [--records GOLD] [--questions GOLD] [--corpus DIR] [--out DIR]

Records (``eval/gold/facts_records.jsonl``): every gold document is loaded from the corpus folder and run
through ``ingest.facts.records_for`` exactly as ingestion does. A gold record is matched by a predicted
record of the same kind whose quote (NFC) contains the gold anchor; matching is one to one: gold records
with the fewest candidates are served first, and among several candidates the one agreeing on most fields,
then the shortest quote, is taken. Recall = matched gold / gold; "firm" recall leaves out gold rows marked
``debatable``. Precision = matched predictions / scored predictions, where a prediction is scored when
it lies in the part of the document the gold covers (``SCOPES``) and it is neither
  - a task with no lead body (the gold lists only tasks that name a responsible body), nor
  - a target whose value has no figure (the gold lists only quantified targets; years and "5G" are not figures);
those two are reported as "unscored", not as false positives. A scored prediction that matches no gold
record is a false positive (also when it only repeats a gold record another prediction already took, or
contains the anchor of a gold record of the other kind).

Scope of precision (``SCOPES``): the five news seeds and Nghị quyết 57 are covered whole. Nghị định 224
is covered for Điều 4-8, 12, 18, 19, 30, 31, 69, 82 and 84 only: a prediction counts when it starts
inside one of those articles. Nghị quyết 03 was sampled in its tables: a prediction counts when it is
prose (it does not start inside a Markdown table row) or when its quote contains a gold anchor of the
document (the sampled rows of Phụ lục I and II), except inside its section II (below). Everywhere, a
prediction containing a gold anchor counts.

NQ 03's section II was written under the rule that its items name no body (its lead-in does: "các Bộ, cơ quan
ngang Bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh … cần … triển khai thực hiện các nhiệm vụ sau đây:").
Issue #11 asks for the opposite (an item inherits the body of its lead-in), and the extractor now gives those
items that lead; the gold lists none of them, so predictions in section II are out of scope (2026-11-30) rather
than false positives. The gold row for the lead-in itself stays, and is missed: it is now read as a heading.

Field accuracy on matched pairs: ``value`` equal after whitespace folding and case folding (``value_numbers``:
the same numbers, leading zeros and decimal comma ignored); ``horizon`` equal ignoring case and spacing
(``horizon_years``: the same set of years); ``lead`` the set of names (``lead[].name``) equal after
``kb.text.fold``, whitespace folding and dropping a leading "các" (``lead_loose``: punctuation ignored and
every gold name equal to, containing or contained in a predicted name, and the other way round);
``deadline`` equal ignoring case and spacing; ``monitor_loose`` like ``lead_loose`` for Phụ lục I rows.

Answers (``eval/gold/intent_questions.jsonl``), only with ``--data-dir`` (a folder where ``kb ingest`` has
run; it is only read): ``kb.ask`` per question. Intent accuracy; answer accuracy: the gold answer (or an
``alternatives`` entry), folded with ``kb.text.fold`` and whitespace-collapsed, is contained in the folded
answer, or, for body questions, equals, contains or is contained in one of the names of the answer (split
on ", "; a contained name needs two words or more); citation accuracy: the first citation's source is the
gold source (``citation_any`` also accepts a document listed in ``also``). Reported overall, by intent, by
accented/unaccented, by document and for the NQ 03 appendix rows.

Writes ``eval/results/facts.md`` and ``.json`` and prints the Markdown; exits 0 whatever the scores, 2 when
a gold file or a document is missing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.text import fold

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
DEFAULT_RECORDS = ROOT / "eval/gold/facts_records.jsonl"
DEFAULT_QUESTIONS = ROOT / "eval/gold/intent_questions.jsonl"
DEFAULT_CORPUS = ROOT / "corpus"

NQ03 = "NQ_03-NQ-CP_2025-01-09_ChinhPhu_full_with_PL1_PL2.md"
ND224 = "224-2026-nd-cp-thi-hanh-luat-chuyen-doi-so.md"
SCOPES: dict[str, dict[str, Any]] = {
    ND224: {"articles": {4, 5, 6, 7, 8, 12, 18, 19, 30, 31, 69, 82, 84}},
    NQ03: {"tables": "sampled", "skip": ("II. NHIỆM VỤ CỤ THỂ", "III. TỔ CHỨC THỰC HIỆN")},
}
FIELDS = ("value", "value_numbers", "horizon", "horizon_years", "lead", "lead_loose", "deadline", "monitor_loose")
INTENTS = ("target", "deadline", "body", "general")


def split_options(parser: argparse.ArgumentParser, gold: Path, results: Path) -> None:
    """The options every runner of a tune/held-out gold set takes (``eval.records``, ``eval.answers``)."""
    parser.add_argument("--gold", type=Path, default=gold)
    parser.add_argument("--details", choices=("tune", "none"), default="tune")
    parser.add_argument("--tune-only", action="store_true", help="leave the held-out half out (while tuning)")
    parser.add_argument("--out", type=Path, default=results)


class GoldError(Exception):
    """A gold file or a document it names is missing or malformed."""


# -- normalising ----------------------------------------------------------------------------------

def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def squash(text: str | None) -> str:
    """NFC, runs of whitespace to one space, stripped."""
    return re.sub(r"\s+", " ", nfc(text)).strip()


def folded(text: str | None) -> str:
    """What a comparison ignoring case, diacritics and spacing sees: ``kb.text.fold`` + whitespace collapse."""
    return squash(fold(squash(text)))


def body_key(name: str | None) -> str:
    """Strict body comparison: folded, leading 'các' dropped ('Các bộ, ngành' = 'bộ, ngành')."""
    key = folded(name).strip(" ,;.")
    return key[4:] if key.startswith("cac ") else key


def body_loose(name: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", body_key(name))).strip()


def numbers(text: str | None) -> list[str]:
    """'≥ 03' → ['3']; '0,5' → ['0.5']; '40 - 50' → ['40', '50']."""
    found = []
    for raw in re.findall(r"\d+(?:[.,]\d+)?", nfc(text)):
        whole, _, frac = raw.replace(",", ".").partition(".")
        found.append(str(int(whole)) + (f".{frac}" if frac else ""))
    return found


def years(text: str | None) -> set[str]:
    return set(re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", nfc(text)))


def has_figure(text: str | None) -> bool:
    """A digit that is not part of a year or of '5G'/'6G'."""
    stripped = re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", " ", nfc(text))
    stripped = re.sub(r"\b\d+G\b", " ", stripped)
    return bool(re.search(r"\d", stripped))


def lead_names(pred: dict) -> list[str]:
    names = []
    for item in pred.get("lead") or []:
        if isinstance(item, dict):
            name = item.get("name") or item.get("as_written")
        else:
            name = str(item)
        if name:
            names.append(name)
    return names


def names_loose_equal(gold: list[str], got: list[str]) -> bool:
    """Every gold name ~ some predicted name and every predicted name ~ some gold name (equal or containment)."""
    g = [body_loose(n) for n in gold if body_loose(n)]
    p = [body_loose(n) for n in got if body_loose(n)]
    if not g or not p:
        return not g and not p

    def near(a: str, b: str) -> bool:
        return a == b or a in b or b in a

    return all(any(near(a, b) for b in p) for a in g) and all(any(near(b, a) for a in g) for b in p)


# -- field checks ---------------------------------------------------------------------------------

def _eq_text(gold: str | None, got: str | None) -> bool:
    if gold is None or got is None:
        return gold is None and (got is None or not squash(got))
    return squash(gold).casefold() == squash(got).casefold()


def field_checks(gold: dict, pred: dict) -> dict[str, bool]:
    """The fields that apply to this gold record's kind, each True/False."""
    checks: dict[str, bool] = {}
    if gold["kind"] == "target":
        checks["value"] = _eq_text(gold.get("value"), pred.get("value"))
        checks["value_numbers"] = numbers(gold.get("value")) == numbers(pred.get("value"))
        checks["horizon"] = _eq_text(gold.get("horizon"), pred.get("horizon"))
        checks["horizon_years"] = years(gold.get("horizon")) == years(pred.get("horizon"))
        if gold.get("monitor"):
            checks["monitor_loose"] = names_loose_equal(gold["monitor"], [
                (m.get("name") or m.get("as_written") or "") if isinstance(m, dict) else str(m)
                for m in pred.get("monitor") or []])
    else:
        got = lead_names(pred)
        checks["lead"] = {body_key(n) for n in gold.get("lead") or []} == {body_key(n) for n in got}
        checks["lead_loose"] = names_loose_equal(gold.get("lead") or [], got)
        checks["deadline"] = _eq_text(gold.get("deadline"), pred.get("deadline"))
    return checks


def _shown(pred: dict, name: str):
    if name in ("lead", "lead_loose"):
        return lead_names(pred)
    if name == "monitor_loose":
        return [(m.get("name") if isinstance(m, dict) else str(m)) for m in pred.get("monitor") or []]
    if name == "value_numbers":
        return pred.get("value")
    if name == "horizon_years":
        return pred.get("horizon")
    return pred.get(name)


def _gold_shown(gold: dict, name: str):
    base = {"value_numbers": "value", "horizon_years": "horizon", "lead_loose": "lead", "monitor_loose": "monitor"}
    return gold.get(base.get(name, name))


# -- one document ---------------------------------------------------------------------------------

@dataclass
class DocContext:
    """What scoping needs from a document: its text, the spans of its table rows, its scope rule."""

    source: str
    text: str
    table_rows: list[tuple[int, int]] = field(default_factory=list)
    scope: dict[str, Any] = field(default_factory=dict)

    def articles(self) -> list[tuple[int, int]]:
        """(start offset, article number) of every 'Điều N.' line, in order."""
        return [(m.start(), int(m.group(1))) for m in re.finditer(r"(?m)^Điều (\d+)\.", self.text)]

    def article_at(self, offset: int) -> int | None:
        current = None
        for start, number in self.articles():
            if start > offset:
                break
            current = number
        return current

    def in_table(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.table_rows)


def pred_offset(pred: dict, text: str) -> int:
    start = pred.get("start")
    if isinstance(start, int) and 0 <= start <= len(text):
        return start
    found = text.find(nfc(pred.get("quote")))
    return max(found, 0)


def quote_faithful(pred: dict, text: str) -> bool:
    start, end = pred.get("start"), pred.get("end")
    return isinstance(start, int) and isinstance(end, int) and text[start:end] == pred.get("quote")


def in_scope(pred: dict, ctx: DocContext, anchors: list[str], own_kind: list[str] | None = None) -> bool:
    """``own_kind``: the anchors of gold records of the prediction's kind (in a skipped section only those count)."""
    quote = nfc(pred.get("quote"))
    offset = pred_offset(pred, ctx.text)
    if "skip" in ctx.scope:
        first, after = (ctx.text.find(m) for m in ctx.scope["skip"])
        if first <= offset < after:
            return any(a in quote for a in (own_kind if own_kind is not None else anchors))
    if any(a in quote for a in anchors):
        return True
    if "articles" in ctx.scope:
        return ctx.article_at(offset) in ctx.scope["articles"]
    if ctx.scope.get("tables") == "sampled":
        return not ctx.in_table(offset)
    return True


def unscored_reason(pred: dict) -> str | None:
    if pred.get("kind") == "task" and not lead_names(pred):
        return "task without lead"
    if pred.get("kind") == "target" and not has_figure(pred.get("value")):
        return "target without figure"
    return None


def match(gold: list[dict], preds: list[dict]) -> dict[int, int]:
    """One-to-one: gold index → prediction index."""
    candidates = {i: [j for j, p in enumerate(preds)
                      if p.get("kind") == g["kind"] and nfc(g["anchor"]) in nfc(p.get("quote"))]
                  for i, g in enumerate(gold)}
    taken: set[int] = set()
    pairs: dict[int, int] = {}
    for i in sorted(candidates, key=lambda k: (len(candidates[k]), k)):
        free = [j for j in candidates[i] if j not in taken]
        if not free:
            continue
        def agreement(j: int, i: int = i) -> tuple[int, int]:
            return sum(field_checks(gold[i], preds[j]).values()), -len(preds[j].get("quote") or "")

        best = max(free, key=agreement)
        pairs[i] = best
        taken.add(best)
    return pairs


@dataclass
class DocResult:
    source: str
    gold: list[dict]
    preds: list[dict]
    pairs: dict[int, int]
    false_positives: list[dict]
    unscored: list[tuple[str, dict]]
    out_of_scope: int
    unfaithful_quotes: int
    error: str | None = None

    @property
    def tp(self) -> int:
        return len(self.pairs)

    @property
    def scored(self) -> int:
        return self.tp + len(self.false_positives)

    def checks(self) -> list[tuple[dict, dict, dict[str, bool]]]:
        return [(self.gold[i], self.preds[j], field_checks(self.gold[i], self.preds[j])) for i, j in self.pairs.items()]


def score_document(gold: list[dict], preds: list[dict], ctx: DocContext) -> DocResult:
    anchors = [nfc(g["anchor"]) for g in gold]
    pairs = match(gold, preds)
    used = set(pairs.values())
    false_positives, unscored, out = [], [], 0
    for j, pred in enumerate(preds):
        if j in used:
            continue
        if not in_scope(pred, ctx, anchors, [nfc(g["anchor"]) for g in gold if g["kind"] == pred.get("kind")]):
            out += 1
            continue
        reason = unscored_reason(pred)
        if reason:
            unscored.append((reason, pred))
            continue
        quote = nfc(pred.get("quote"))
        why = "no gold record"
        hit = [g for g in gold if nfc(g["anchor"]) in quote]
        if any(g["kind"] == pred.get("kind") for g in hit):
            why = "duplicate of a matched gold record"
        elif hit:
            why = "wrong kind"
        false_positives.append({**pred, "_why": why})
    unfaithful = sum(not quote_faithful(p, ctx.text) for p in preds)
    return DocResult(ctx.source, gold, preds, pairs, false_positives, unscored, out, unfaithful)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _f1(p: float | None, r: float | None) -> float | None:
    return round(2 * p * r / (p + r), 3) if p and r else (0.0 if p is not None and r is not None else None)


def record_summary(results: list[DocResult]) -> dict[str, Any]:
    def block(rs: list[DocResult], kind: str | None = None) -> dict[str, Any]:
        gold = [(r, i, g) for r in rs for i, g in enumerate(r.gold) if kind is None or g["kind"] == kind]
        matched = [(r, i, g) for r, i, g in gold if i in r.pairs]
        firm = [x for x in gold if not x[2].get("debatable")]
        firm_matched = [x for x in matched if not x[2].get("debatable")]
        fps = [p for r in rs for p in r.false_positives if kind is None or p.get("kind") == kind]
        precision = _ratio(len(matched), len(matched) + len(fps))
        recall = _ratio(len(matched), len(gold))
        return {"gold": len(gold), "matched": len(matched), "false_positives": len(fps), "precision": precision,
                "recall": recall, "f1": _f1(precision, recall), "firm_gold": len(firm),
                "firm_recall": _ratio(len(firm_matched), len(firm)),
                "unscored": sum(1 for r in rs for _, p in r.unscored if kind is None or p.get("kind") == kind),
                "predicted": sum(1 for r in rs for p in r.preds if kind is None or p.get("kind") == kind)}

    fields: dict[str, dict[str, Any]] = {}
    for name in FIELDS:
        values = [c[name] for r in results for _, _, c in r.checks() if name in c]
        fields[name] = {"n": len(values), "correct": sum(values), "accuracy": _ratio(sum(values), len(values))}
    return {"overall": block(results), "target": block(results, "target"), "task": block(results, "task"),
            "documents": {r.source: {**block([r]), "out_of_scope": r.out_of_scope,
                                     "unfaithful_quotes": r.unfaithful_quotes, "error": r.error} for r in results},
            "fields": fields}


# -- answers --------------------------------------------------------------------------------------

def answer_correct(row: dict, answer: str) -> bool:
    got = folded(answer)
    wanted = [folded(a) for a in [row["answer"], *row.get("alternatives", [])] if folded(a)]
    if any(w in got for w in wanted):
        return True
    if row["intent"] == "body":
        names = [folded(n) for n in re.split(r",\s*", nfc(answer)) if folded(n)]
        for w in wanted:
            if any(n == w or w in n or (n in w and len(n.split()) >= 2) for n in names):
                return True
    return False


def score_answer(row: dict, ans: Any) -> dict[str, Any]:
    """One question against one ``Answer`` (anything with .intent, .answer, .citations[].source)."""
    citations = list(getattr(ans, "citations", None) or [])
    first = citations[0].source if citations else None
    return {"id": row["id"], "question": row["question"], "intent": row["intent"], "accented": row["accented"],
            "source": row["source"], "gold": row["answer"], "got_intent": getattr(ans, "intent", None),
            "got_answer": getattr(ans, "answer", ""), "got_source": first,
            "intent_ok": getattr(ans, "intent", None) == row["intent"],
            "answer_ok": answer_correct(row, getattr(ans, "answer", "") or ""),
            "citation_ok": first == row["source"],
            "citation_any_ok": first is not None and first in {row["source"], *row.get("also", [])}}


def _appendix(row: dict) -> bool:
    return row.get("source") == NQ03 and str(row.get("section", "")).startswith("Phụ lục")


def answer_summary(scored: list[dict], rows: list[dict]) -> dict[str, Any]:
    by_id = {r["id"]: r for r in rows}

    def block(items: list[dict]) -> dict[str, Any]:
        n = len(items)
        out: dict[str, Any] = {"n": n}
        for key in ("intent_ok", "answer_ok", "citation_ok", "citation_any_ok"):
            out[key.removesuffix("_ok")] = _ratio(sum(bool(s.get(key)) for s in items), n)
        return out

    groups: dict[str, dict[str, Any]] = {"overall": block(scored)}
    for intent in INTENTS:
        groups[f"intent={intent}"] = block([s for s in scored if s["intent"] == intent])
    groups["accented"] = block([s for s in scored if s["accented"]])
    groups["unaccented"] = block([s for s in scored if not s["accented"]])
    groups["NQ 03 appendix rows"] = block([s for s in scored if _appendix(by_id[s["id"]])])
    for source in sorted({s["source"] for s in scored}):
        groups[f"source={source}"] = block([s for s in scored if s["source"] == source])
    confusion: dict[str, dict[str, int]] = {}
    for s in scored:
        row = confusion.setdefault(s["intent"], {})
        got = str(s.get("got_intent"))
        row[got] = row.get(got, 0) + 1
    return {"groups": groups, "intent_confusion": confusion}


# -- running --------------------------------------------------------------------------------------

def read_jsonl(path: Path, required: tuple[str, ...]) -> list[dict]:
    if not path.is_file():
        raise GoldError(f"gold file not found: {path}")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        missing = [k for k in required if k not in row]
        if missing:
            raise GoldError(f"{path}:{number}: missing {', '.join(missing)}")
        rows.append(row)
    return rows


def load_context(path: Path):
    """(Loaded, DocContext) for one corpus file, loaded as ingestion loads it."""
    from ingest.load import load_file

    _, loaded = load_file(path)
    rows = [(b.start, b.end) for b in loaded.blocks if b.kind == "table_row"]
    return loaded, DocContext(path.name, loaded.text, rows, SCOPES.get(path.name, {}))


def evaluate_records(gold: list[dict], corpus: Path) -> list[DocResult]:
    from ingest.facts import records_for

    sources = list(dict.fromkeys(g["source"] for g in gold))
    missing = [s for s in sources if not (corpus / s).is_file()]
    if missing:
        raise GoldError(f"document(s) not found in {corpus}: {', '.join(missing)}")
    results = []
    for source in sources:
        rows = [g for g in gold if g["source"] == source]
        loaded, ctx = load_context(corpus / source)
        error = None
        try:
            preds = [r.model_dump() for r in records_for(loaded, {"doc_id": source, "source": source})]
        except Exception as exc:  # a crash is a result to report, not a reason to stop
            preds, error = [], f"{type(exc).__name__}: {exc}"
        result = score_document(rows, preds, ctx)
        result.error = error
        results.append(result)
    return results


def evaluate_answers(rows: list[dict], data_dir: Path) -> list[dict]:
    from kb.config import Settings
    from kb.service import KnowledgeBase

    kb = KnowledgeBase(Settings(data_dir=data_dir))
    scored = []
    try:
        for row in rows:
            try:
                ans = kb.ask(row["question"])
                scored.append(score_answer(row, ans))
            except Exception as exc:  # counted wrong, shown in the report
                scored.append({**score_answer(row, None), "error": f"{type(exc).__name__}: {exc}"})
    finally:
        kb.close()
    return scored


# -- report ---------------------------------------------------------------------------------------

def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _cell(value: Any, limit: int = 90) -> str:
    if value is None:
        return "∅"
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def records_markdown(results: list[DocResult], summary: dict[str, Any]) -> list[str]:
    lines = ["## Records (targets and tasks)", "",
             "| scope | gold | matched | predicted | FP | unscored | precision | recall | F1 | firm recall |",
             "|---|---|---|---|---|---|---|---|---|---|"]

    def row(name: str, s: dict[str, Any]) -> str:
        return (f"| {name} | {s['gold']} | {s['matched']} | {s['predicted']} | {s['false_positives']} | "
                f"{s['unscored']} | {_pct(s['precision'])} | {_pct(s['recall'])} | {_pct(s['f1'])} | "
                f"{_pct(s['firm_recall'])} ({s['firm_gold']}) |")

    lines += [row(k, summary[k]) for k in ("overall", "target", "task")]
    lines += [row(src, s) for src, s in summary["documents"].items()]
    lines += ["", "Predicted = all records the extractor produced for the document; out-of-scope ones "
              "(NQ 03 unsampled table rows, Nghị định 224 outside the covered articles) are neither TP nor FP.", ""]
    lines += ["### Field accuracy on matched records", "", "| field | n | correct | accuracy |", "|---|---|---|---|"]
    lines += [f"| {k} | {v['n']} | {v['correct']} | {_pct(v['accuracy'])} |" for k, v in summary["fields"].items()]
    broken = [(src, s) for src, s in summary["documents"].items() if s["unfaithful_quotes"] or s["error"]]
    if broken:
        lines += ["", "### Documents with problems", ""]
        lines += [f"- {src}: {s['unfaithful_quotes']} quote(s) ≠ text[start:end]" + (f"; error {s['error']}"
                  if s["error"] else "") for src, s in broken]
    missed = [(r.source, g) for r in results for i, g in enumerate(r.gold) if i not in r.pairs]
    if missed:
        lines += ["", f"### Missed gold records ({len(missed)})", "", "| document | kind | anchor |", "|---|---|---|"]
        lines += [f"| {s[:24]} | {g['kind']} | {_cell(g['anchor'])} |" for s, g in missed]
    wrong = [(r.source, g, p, name) for r in results for g, p, c in r.checks() for name, ok in c.items() if not ok
             and name in ("value", "horizon", "lead", "deadline")]
    if wrong:
        lines += ["", f"### Field mismatches ({len(wrong)})", "", "| document | anchor | field | gold | extracted |",
                  "|---|---|---|---|---|"]
        lines += [f"| {s[:24]} | {_cell(g['anchor'], 40)} | {name} | {_cell(_gold_shown(g, name))} | "
                  f"{_cell(_shown(p, name))} |" for s, g, p, name in wrong]
    fps = [(r.source, p) for r in results for p in r.false_positives]
    if fps:
        lines += ["", f"### False positives ({len(fps)})", "", "| document | kind | why | quote |", "|---|---|---|---|"]
        lines += [f"| {s[:24]} | {p.get('kind')} | {p['_why']} | {_cell(p.get('quote'), 110)} |" for s, p in fps]
    return lines


def answers_markdown(scored: list[dict], summary: dict[str, Any]) -> list[str]:
    lines = ["## Answers (`kb.ask`)", "", "| group | n | intent | answer | citation | citation (also) |",
             "|---|---|---|---|---|---|"]
    for name, s in summary["groups"].items():
        lines.append(f"| {name} | {s['n']} | {_pct(s['intent'])} | {_pct(s['answer'])} | {_pct(s['citation'])} | "
                     f"{_pct(s['citation_any'])} |")
    lines += ["", "### Intent confusion (gold → predicted)", ""]
    lines += [f"- {gold}: " + ", ".join(f"{k} {v}" for k, v in sorted(row.items())) for gold, row in
              summary["intent_confusion"].items()]
    wrong = [s for s in scored if not (s["intent_ok"] and s["answer_ok"] and s["citation_ok"])]
    if wrong:
        lines += ["", f"### Questions with an error ({len(wrong)})", "",
                  "| id | intent (got) | gold answer | got answer | cited |", "|---|---|---|---|---|"]
        lines += [f"| {s['id']} | {s['intent']} ({s['got_intent']}) | {_cell(s['gold'], 40)} | "
                  f"{_cell(s.get('error') or s['got_answer'], 60)} | {_cell(s['got_source'], 30)} |" for s in wrong]
    return lines


def records_json(results: list[DocResult]) -> list[dict]:
    out = []
    for r in results:
        out.append({"source": r.source, "error": r.error, "out_of_scope": r.out_of_scope,
                    "unfaithful_quotes": r.unfaithful_quotes,
                    "matched": [{"anchor": g["anchor"], "kind": g["kind"], "checks": c,
                                 "extracted": {k: p.get(k) for k in ("quote", "value", "horizon", "deadline")}
                                 | {"lead": lead_names(p)}} for g, p, c in r.checks()],
                    "missed": [g["anchor"] for i, g in enumerate(r.gold) if i not in r.pairs],
                    "false_positives": [{"kind": p.get("kind"), "why": p["_why"], "quote": p.get("quote"),
                                         "section": p.get("section")} for p in r.false_positives],
                    "unscored": [{"why": why, "kind": p.get("kind"), "quote": p.get("quote")}
                                 for why, p in r.unscored]})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, help="an ingested data folder: also score kb.ask answers")
    parser.add_argument("--records", type=Path, default=DEFAULT_RECORDS)
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    try:
        gold = read_jsonl(args.records, ("source", "kind", "anchor"))
        questions = read_jsonl(args.questions, ("id", "question", "intent", "source", "answer")) if args.data_dir \
            else []
        if args.data_dir and not args.data_dir.is_dir():
            raise GoldError(f"data folder not found: {args.data_dir}")
        started = time.perf_counter()
        results = evaluate_records(gold, args.corpus)
        took_records = time.perf_counter() - started
    except GoldError as exc:
        sys.stderr.write(f"eval.facts: {exc}\n")
        return 2
    summary = record_summary(results)
    lines = [f"# Targets, tasks and answers (gold {args.records.name}: {len(gold)} records, "
             f"{len(results)} documents)", "", f"Extraction and scoring took {took_records:.1f} s.", ""]
    lines += records_markdown(results, summary)
    report: dict[str, Any] = {"records": {"summary": summary, "documents": records_json(results)}}
    if args.data_dir:
        started = time.perf_counter()
        scored = evaluate_answers(questions, args.data_dir)
        asummary = answer_summary(scored, questions)
        lines += ["", f"{len(questions)} questions from {args.questions.name}, data folder {args.data_dir}, "
                  f"{time.perf_counter() - started:.1f} s.", ""]
        lines += answers_markdown(scored, asummary)
        report["answers"] = {"summary": asummary, "questions": scored}
    else:
        lines += ["", "Answers not scored: no --data-dir given."]
    markdown = "\n".join(lines) + "\n"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "facts.json").write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str),
                                         encoding="utf-8")
    (args.out / "facts.md").write_text(markdown, encoding="utf-8")
    sys.stdout.write(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
