"""Field accuracy of the header metadata extractor on a hand-written gold set.

    python -m eval.metadata [--gold eval/gold/metadata.jsonl] [--shared ../shared]

Each gold row names a file under the shared folder; the file is loaded with ``ingest.load.load_file``
and read with ``ingest.header.read_metadata``. Compared field by field (after NFC): ``number``,
``doc_type`` and ``issued`` exactly; ``issuer`` and ``title`` ignoring case and runs of whitespace;
``title_prefix`` = the first 40 characters of the folded title; ``legal_bases`` as sets (exact set,
micro precision and recall), or "not extracted" while ``Metadata`` has no such attribute. A null gold
value is correct only when nothing is extracted. A field missing from a gold row is not scored.
Writes ``eval/results/metadata.md`` and ``.json``; exits 0 whatever the scores (it is a report),
2 when the gold file or a document is missing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
DEFAULT_GOLD = ROOT / "eval/gold/metadata.jsonl"
DEFAULT_SHARED = ROOT.parent / "shared"

EXACT = ("number", "doc_type", "issued")
FOLDED = ("issuer", "title")
FIELDS = (*EXACT, *FOLDED, "title_prefix", "legal_bases")
PREFIX = 40
NOT_EXTRACTED = "not extracted"


class GoldError(Exception):
    """The gold file or a document it names is missing or malformed."""


def nfc(value: str | None) -> str | None:
    return None if value is None else unicodedata.normalize("NFC", value).strip()


def folded(value: str | None) -> str | None:
    """NFC, lower case, runs of whitespace to one space: 'VỀ HỌ,  HỤI' → 'về họ, hụi'."""
    return None if value is None else re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip().casefold()


def field_ok(name: str, gold: str | None, got: str | None) -> bool:
    if name in EXACT:
        return nfc(gold) == nfc(got)
    if name == "title_prefix":
        g, p = folded(gold), folded(got)
        return g == p if g is None or p is None else g[:PREFIX] == p[:PREFIX]
    return folded(gold) == folded(got)


@dataclass
class DocScore:
    path: str
    checks: dict[str, bool] = field(default_factory=dict)  # field → correct
    values: dict[str, tuple] = field(default_factory=dict)  # field → (gold, extracted)
    bases: dict[str, int] | None = None  # tp / fp / fn, None when not extracted
    error: str | None = None

    def mismatches(self) -> list[tuple[str, object, object]]:
        return [(name, *self.values[name]) for name, ok in self.checks.items() if not ok]


def score_document(row: dict, meta) -> DocScore:
    """One gold row against one extracted ``Metadata`` (any object with the same attributes)."""
    score = DocScore(path=row["path"])
    for name in (*EXACT, *FOLDED):
        if name in row:
            got = getattr(meta, name, None)
            score.checks[name], score.values[name] = field_ok(name, row[name], got), (row[name], got)
    if "title" in row:
        got = getattr(meta, "title", None)
        score.checks["title_prefix"] = field_ok("title_prefix", row["title"], got)
        score.values["title_prefix"] = (row["title"], got)
    if "legal_bases" in row and hasattr(meta, "legal_bases"):
        gold = {nfc(n) for n in row["legal_bases"]}
        got = {nfc(n) for n in (meta.legal_bases or [])}
        score.bases = {"tp": len(gold & got), "fp": len(got - gold), "fn": len(gold - got)}
        score.checks["legal_bases"] = gold == got
        score.values["legal_bases"] = (sorted(gold), sorted(got))
    return score


def summarise(scores: list[DocScore], gold_rows: list[dict]) -> dict[str, dict]:
    """Per field: n, correct, accuracy; legal_bases adds micro precision / recall or 'not extracted'."""
    summary: dict[str, dict] = {}
    for name in FIELDS:
        results = [s.checks[name] for s in scores if name in s.checks]
        if name == "legal_bases" and not results:
            wanted = sum("legal_bases" in r for r in gold_rows)
            summary[name] = {"n": wanted, "correct": None, "accuracy": None, "status": NOT_EXTRACTED}
            continue
        n, correct = len(results), sum(results)
        summary[name] = {"n": n, "correct": correct, "accuracy": round(correct / n, 3) if n else None}
    if summary["legal_bases"].get("status") != NOT_EXTRACTED:
        tp, fp, fn = (sum(s.bases[k] for s in scores if s.bases) for k in ("tp", "fp", "fn"))
        summary["legal_bases"]["precision"] = round(tp / (tp + fp), 3) if tp + fp else None
        summary["legal_bases"]["recall"] = round(tp / (tp + fn), 3) if tp + fn else None
    return summary


def read_gold(path: Path) -> list[dict]:
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
        if "path" not in row:
            raise GoldError(f"{path}:{number}: no 'path'")
        rows.append(row)
    return rows


def evaluate(rows: list[dict], shared: Path) -> list[DocScore]:
    """Load and read every gold document, then score it; a document that fails to load scores as empty."""
    from ingest.header import Metadata, read_metadata
    from ingest.load import load_file
    from kb.errors import KBError

    missing = [row["path"] for row in rows if not (shared / row["path"]).is_file()]
    if missing:
        raise GoldError(f"document(s) not found under {shared}: {', '.join(missing)}")
    scores = []
    for row in rows:
        path = shared / row["path"]
        try:
            _, loaded = load_file(path)
            meta, error = read_metadata(loaded, path.name), None
        except KBError as exc:
            meta, error = Metadata(), f"{type(exc).__name__}: {exc}"
        score = score_document(row, meta)
        score.error = error
        scores.append(score)
    return scores


def _cell(value) -> str:
    if value is None:
        return "∅"
    text = (", ".join(value) or "[]") if isinstance(value, list) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(title: str, summary: dict[str, dict], scores: list[DocScore]) -> str:
    lines = [f"# {title}", "", "| field | n | correct | accuracy |", "|---|---|---|---|"]
    for name, s in summary.items():
        if s.get("status") == NOT_EXTRACTED:
            lines.append(f"| {name} | {s['n']} | – | {NOT_EXTRACTED} |")
            continue
        accuracy = "–" if s["accuracy"] is None else f"{s['accuracy']:.1%}"
        extra = ""
        if name == "legal_bases":
            extra = f" (precision {_cell(s.get('precision'))}, recall {_cell(s.get('recall'))})"
        lines.append(f"| {name} | {s['n']} | {s['correct']} | {accuracy}{extra} |")
    wrong = [(s, m) for s in scores for m in s.mismatches()]
    if wrong:
        lines += ["", "## Mismatches", "", "| document | field | gold | extracted |", "|---|---|---|---|"]
        lines += [f"| {s.path} | {name} | {_cell(gold)} | {_cell(got)} |" for s, (name, gold, got) in wrong]
    errors = [s for s in scores if s.error]
    if errors:
        lines += ["", "## Documents that failed to load", ""] + [f"- {s.path}: {s.error}" for s in errors]
    return "\n".join(lines) + "\n"


def to_json(summary: dict[str, dict], scores: list[DocScore]) -> dict:
    documents = [{"path": s.path, "error": s.error, "checks": s.checks, "legal_bases": s.bases,
                  "mismatches": [{"field": n, "gold": g, "extracted": p} for n, g, p in s.mismatches()]}
                 for s in scores]
    return {"summary": summary, "documents": documents}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    try:
        rows = read_gold(args.gold)
        scores = evaluate(rows, args.shared)
    except GoldError as exc:
        sys.stderr.write(f"eval.metadata: {exc}\n")
        return 2
    summary = summarise(scores, rows)
    markdown = to_markdown(f"Metadata extraction ({len(rows)} documents, gold {args.gold.name})", summary, scores)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "metadata.json").write_text(json.dumps(to_json(summary, scores), ensure_ascii=False, indent=1),
                                            encoding="utf-8")
    (args.out / "metadata.md").write_text(markdown, encoding="utf-8")
    sys.stdout.write(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
