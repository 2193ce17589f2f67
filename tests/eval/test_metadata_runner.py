"""The metadata runner's scoring on hand-made rows, and the gold set's own consistency."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from eval.metadata import DEFAULT_GOLD, NOT_EXTRACTED, evaluate, main, read_gold, score_document, summarise

SHARED = Path(__file__).resolve().parents[3] / "shared"
PRECEDENT = "documents/pdf/an_le_so_552022AL.pdf"
GOLD = read_gold(DEFAULT_GOLD)


def test_one_right_row_and_one_wrong_row_on_a_real_document():
    right = {"path": PRECEDENT, "number": "55/2022/AL", "doc_type": "Án lệ", "issued": "2022-09-07",
             "issuer": "hội đồng thẩm phán  TÒA ÁN nhân dân tối cao",  # case and spaces do not count
             "title": "Về công nhận hiệu lực của hợp đồng vi phạm điều kiện về hình thức", "legal_bases": []}
    wrong = {"path": PRECEDENT, "number": "55/2022/AL1", "doc_type": "Quyết định", "issued": "2022-10-14",
             "issuer": "Chánh án Tòa án nhân dân tối cao",
             "title": "Về công nhận hiệu lực của hợp đồng vi phạm điều kiện về hình thức và nội dung",
             "legal_bases": ["323/QĐ-CA"]}
    summary = summarise(evaluate([right, wrong], SHARED), [right, wrong])
    for name in ("number", "doc_type", "issued", "issuer", "title"):
        assert (summary[name]["n"], summary[name]["correct"]) == (2, 1), name
    assert (summary["title_prefix"]["n"], summary["title_prefix"]["correct"]) == (2, 2)  # same first 40 chars
    assert summary["legal_bases"]["n"] == 2


def test_legal_bases_as_sets_or_not_extracted():
    row = {"path": "x", "legal_bases": ["57-NQ/TW", "63/2025/QH15"]}
    scored = score_document(row, SimpleNamespace(legal_bases=["63/2025/QH15", "91/2025/QH15"]))
    assert scored.bases == {"tp": 1, "fp": 1, "fn": 1} and scored.checks["legal_bases"] is False
    summary = summarise([scored], [row])["legal_bases"]
    assert (summary["precision"], summary["recall"]) == (0.5, 0.5)
    unscored = summarise([score_document(row, SimpleNamespace(number=None))], [row])["legal_bases"]
    assert unscored["status"] == NOT_EXTRACTED and unscored["n"] == 1


def test_missing_gold_or_document_exits_2(tmp_path, capsys):
    assert main(["--gold", str(tmp_path / "none.jsonl"), "--out", str(tmp_path)]) == 2
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"path": "documents/nowhere.md", "number": None}) + "\n", encoding="utf-8")
    assert main(["--gold", str(gold), "--shared", str(SHARED), "--out", str(tmp_path)]) == 2
    assert "documents/nowhere.md" in capsys.readouterr().err


def document_text(path: Path) -> str:
    """The text as a reader sees it, without the extractor: Markdown unescaped, DOCX paragraphs and cells."""
    if path.suffix == ".pdf":
        import pymupdf

        with pymupdf.open(path) as doc:
            text = "\n".join(page.get_text() for page in doc)
    elif path.suffix == ".docx":
        import docx
        from docx.oxml.ns import qn

        body = docx.Document(str(path)).element.body
        text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))
    else:
        text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", path.read_text(encoding="utf-8"))
    return unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("row", GOLD, ids=[r["path"].rsplit("/", 1)[-1] for r in GOLD])
def test_gold_row_is_consistent_with_its_document(row):
    path = SHARED / row["path"]
    assert path.is_file()
    assert {"number", "doc_type", "issuer", "issued", "title", "legal_bases"} <= row.keys()
    for value in [row[k] for k in ("number", "doc_type", "issuer", "title") if row[k]] + row["legal_bases"]:
        assert unicodedata.is_normalized("NFC", value)
    if row["issued"]:
        date.fromisoformat(row["issued"])
    if row["number"]:
        assert row["number"] in document_text(path)


def test_gold_covers_the_shared_documents():
    paths = {r["path"] for r in GOLD}
    assert len(GOLD) == len(paths) >= 14
    assert {p for p in paths if p.startswith("seeds/")} == {f"seeds/{p.name}" for p in (SHARED / "seeds").glob("*.txt")}
