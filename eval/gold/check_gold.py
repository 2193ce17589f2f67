"""Check a gold file: python check.py records FILE | python check.py questions FILE"""
import json
import re
import sys
import unicodedata
from pathlib import Path

TEXTS = Path("/work/gold_work/texts")
MARKUP = set("*_|#\\>")


def squash(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s or "")).strip()


def fold(s):
    s = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in s if unicodedata.category(c) != "Mn").replace("đ", "d")


_cache = {}


def text_of(source):
    if source not in _cache:
        p = TEXTS / f"{source}.txt"
        _cache[source] = squash(p.read_text(encoding="utf-8")) if p.exists() else None
    return _cache[source]


def check_anchor(errors, where, source, anchor):
    text = text_of(source)
    if text is None:
        errors.append(f"{where}: unknown source {source!r}")
        return
    a = squash(anchor)
    if not 15 <= len(a) <= 60:
        errors.append(f"{where}: anchor length {len(a)} not in 15..60: {a!r}")
    if MARKUP & set(a):
        errors.append(f"{where}: anchor has markup characters: {a!r}")
    n = text.count(a)
    if n != 1:
        errors.append(f"{where}: anchor occurs {n} times: {a!r}")


def records(rows):
    errors = []
    scoped = set()
    for i, r in enumerate(rows, 1):
        where = f"line {i}"
        if unicodedata.normalize("NFC", json.dumps(r, ensure_ascii=False)) != json.dumps(r, ensure_ascii=False):
            errors.append(f"{where}: not NFC")
        if r.get("scope"):
            scoped.add(r["source"])
            if text_of(r["source"]) is None:
                errors.append(f"{where}: unknown source {r['source']!r}")
            for span in r.get("spans", []):
                for key in ("from", "to"):
                    if span.get(key) is not None:
                        if squash(span[key]) not in text_of(r["source"]):
                            errors.append(f"{where}: scope {key} anchor not found: {span[key]!r}")
            if not r.get("whole") and not r.get("spans"):
                errors.append(f"{where}: scope needs whole: true or spans")
            continue
        if r.get("kind") not in ("task", "target"):
            errors.append(f"{where}: kind must be task or target")
            continue
        check_anchor(errors, where, r["source"], r.get("anchor", ""))
        if r["source"] not in scoped:
            errors.append(f"{where}: no scope line for {r['source']}")
        if r["kind"] == "task":
            if not r.get("lead") or not isinstance(r["lead"], list):
                errors.append(f"{where}: a task needs a non-empty lead list")
            if not isinstance(r.get("coordinators", []), list):
                errors.append(f"{where}: coordinators must be a list")
            if "deadline" not in r:
                errors.append(f"{where}: a task needs deadline (null when none)")
        else:
            if not r.get("value") or not re.search(r"\d", r["value"]):
                errors.append(f"{where}: a target needs a value with a figure")
            if not r.get("horizon"):
                errors.append(f"{where}: a target needs a horizon")
    return errors


KINDS = {"doc_fact", "body", "deadline", "value", "list", "absent", "general"}


def dates(s):
    out = set()
    for d, m, y in re.findall(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", s):
        out.add((int(d), int(m), int(y)))
    for d, m, y in re.findall(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", s, re.I):
        out.add((int(d), int(m), int(y)))
    return out


def occurs(answer, source):
    text = text_of(source) or ""
    if fold(squash(answer)) in fold(text):
        return True
    return bool(dates(answer) & dates(text))


def questions(rows):
    errors = []
    ids = set()
    for i, r in enumerate(rows, 1):
        where = f"line {i} ({r.get('id')})"
        if r.get("id") in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(r.get("id"))
        for key in ("id", "question", "accented", "kind", "named_doc", "source", "answer"):
            if key not in r:
                errors.append(f"{where}: missing {key}")
        if r.get("kind") not in KINDS:
            errors.append(f"{where}: kind {r.get('kind')!r}")
            continue
        q = r.get("question", "")
        if r.get("accented") is False and (fold(q) != q.lower() or not q.isascii()):
            errors.append(f"{where}: unaccented question has diacritics or non-ASCII")
        if r.get("accented") is True and fold(q) == q.lower():
            errors.append(f"{where}: accented question has no diacritic")
        src = r.get("source")
        if src is not None and text_of(src) is None:
            errors.append(f"{where}: unknown source {src!r}")
        if r["kind"] == "absent":
            if r.get("answer") is not None:
                errors.append(f"{where}: absent questions have answer null")
            if r.get("absent_reason") not in ("not_in_kb", "not_stated"):
                errors.append(f"{where}: absent_reason must be not_in_kb or not_stated")
            continue
        if not r.get("answer"):
            errors.append(f"{where}: empty answer")
            continue
        if r["kind"] == "list":
            items = r.get("items") or []
            if str(len(items)) != str(r["answer"]):
                errors.append(f"{where}: answer {r['answer']!r} but {len(items)} items")
            for j, item in enumerate(items):
                if "anchor" in item:
                    check_anchor(errors, f"{where} item {j}", item.get("source"), item["anchor"])
            continue
        if src and r["kind"] != "doc_fact":
            forms = [r["answer"], *r.get("alternatives", [])]
            if not any(occurs(a, src) for a in forms) and not r.get("notes"):
                errors.append(f"{where}: answer {r['answer']!r} (or an alternative) not in {src}: explain in notes")
        if r.get("quote") and src and squash(r["quote"]) not in (text_of(src) or ""):
            errors.append(f"{where}: quote not verbatim in {src}")
    n = len(rows)
    un = sum(1 for r in rows if r.get("accented") is False)
    sys.stdout.write(f"{n} questions, {un} unaccented ({un / max(n, 1):.0%})\n")
    return errors


def main():
    mode, path = sys.argv[1], Path(sys.argv[2])
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    errors = records(rows) if mode == "records" else questions(rows)
    for e in errors:
        sys.stdout.write(f"{e}\n")
    sys.stdout.write(("OK" if not errors else f"{len(errors)} problem(s)") + "\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
