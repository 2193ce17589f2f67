"""Header metadata, outline and passages on the shared official documents."""

from __future__ import annotations

from ingest.chunks import make_passages
from ingest.load import load_file
from ingest.structure import read_outline
from tests.conftest import SHARED

DOCS = SHARED / "documents"


def _read(name):
    _, loaded = load_file(DOCS / name)
    return loaded, None, read_outline(loaded)


def test_decree_has_92_articles_and_passages_stay_inside_them():
    loaded, _, outline = _read("224-2026-nd-cp-thi-hanh-luat-chuyen-doi-so.md")
    articles = [s for s in outline.sections if s.level == 4]
    assert len(articles) == 92
    passages = make_passages(loaded, outline)
    starts = [s.start for s in articles]
    for p in passages:  # a chapter title may lead into its first Điều, but no passage holds two
        inside = [a for a in starts if p.start <= a < p.end]
        assert len(inside) <= 1, f"passage {p.seq} crosses an Điều boundary"
    assert any(p.section.endswith("Điều 3 › Khoản 2") for p in passages)


def test_passages_are_exact_spans_and_skip_the_recipients_list():
    loaded, _, outline = _read("NQ_03-NQ-CP_2025-01-09_ChinhPhu_full_with_PL1_PL2.md")
    passages = make_passages(loaded, outline)
    texts = [loaded.text[p.start:p.end] for p in passages]
    assert all(t == t.strip() and t for t in texts)
    assert not any("Nơi nhận" in t for t in texts)
    rows = [p for p in passages if p.kind == "table_row"]
    assert rows and all("Tên nhiệm vụ" in p.context or "Chỉ tiêu" in p.context for p in rows)


def test_pdf_passages_carry_their_page():
    loaded, _, outline = _read("pdf/an_le_so_552022AL.pdf")
    passages = make_passages(loaded, outline)
    ends = [*loaded.pages[1:], len(loaded.text)]
    for p in passages:  # the page a passage starts on (a paragraph going on over a page starts on the first)
        assert loaded.pages[p.page - 1] <= p.start < ends[p.page - 1]
    # every page's text lies in some passage
    assert all(any(p.start <= page < p.end or page <= p.start < end for p in passages)
               for page, end in zip(loaded.pages, ends, strict=True))


def test_long_paragraph_is_split_by_sentence_with_one_sentence_of_overlap():
    from ingest.chunks import _split_long

    sentences = [f"Câu số {i} nói về chuyển đổi số của tỉnh Tây Ninh đến năm 2025." for i in range(30)]
    text = " ".join(sentences)
    pieces = _split_long(0, len(text), text, 300)
    assert len(pieces) > 1 and all(e - s <= 300 for s, e in pieces)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    for (_, end_a), (start_b, _) in zip(pieces, pieces[1:], strict=False):
        overlap = text[start_b:end_a]
        assert overlap.startswith("Câu số") and overlap.endswith(".") and overlap.count("Câu số") == 1


def test_a_passage_below_a_lead_in_carries_it():
    from ingest.textbuilder import Loaded

    long_point = "a) Thông báo công khai chậm nhất là 07 ngày làm việc trước thời điểm tạm ngừng. " * 12
    text = ("Điều 13. Thông báo về việc tạm ngừng cung cấp dịch vụ\n"
            "1. Cơ quan nhà nước khi chủ động tạm ngừng cung cấp dịch vụ có trách nhiệm:\n"
            f"{long_point}\nb) Khắc phục sự cố ngay sau khi hệ thống bị tấn công.\n")
    loaded = Loaded(text, None, [])
    passages = make_passages(loaded, read_outline(loaded), target=300, limit=1400)
    below = [p for p in passages if text[p.start:p.end].startswith("b)")]
    assert below and below[0].lead_in.splitlines() == [
        "Điều 13. Thông báo về việc tạm ngừng cung cấp dịch vụ",
        "1. Cơ quan nhà nước khi chủ động tạm ngừng cung cấp dịch vụ có trách nhiệm:"]
    assert passages[0].lead_in == ""  # the first passage starts with its own heading


def test_appendix_rows_are_one_record_each_with_header_group_and_path():
    loaded, _, outline = _read("NQ_03-NQ-CP_2025-01-09_ChinhPhu_full_with_PL1_PL2.md")
    rows = [p for p in make_passages(loaded, outline) if p.kind == "table_row"]
    targets = [p for p in rows if p.section.startswith("Phụ lục I ›")]
    tasks = [p for p in rows if p.section.startswith("Phụ lục II ›")]
    assert len(targets) == 57
    # Phụ lục II numbers its tasks 1–140; three rows of the transcription are page-break
    # continuations (empty TT) of tasks 108, 110 and 128 and belong to them.
    assert [p.section.rsplit(" › ", 1)[1] for p in tasks] == [str(i) for i in range(1, 141)]
    assert tasks[0].section == "Phụ lục II › I › 1" and tasks[-1].section == "Phụ lục II › VII › 140"
    for p in tasks:
        assert p.context.startswith("TT | Tên nhiệm vụ | Cơ quan chủ trì")
        assert loaded.text[p.start:p.end].startswith(p.section.rsplit(" › ", 1)[1] + ".")
    task_14 = next(p for p in tasks if p.section.endswith("› 14"))
    assert "Luật Giá; Luật Đấu giá tài sản" in loaded.text[task_14.start:task_14.end]  # long row, not split
    task_108 = next(p for p in tasks if p.section.endswith("› 108"))
    assert "(11) Mô hình điểm tại các tỉnh" in loaded.text[task_108.start:task_108.end]


def test_every_passage_and_record_of_the_corpus_quotes_its_exact_span():
    """The citation invariant as a property over the shipped corpus: quote == text[start:end]."""
    from ingest.facts import records_for
    from ingest.pipeline import expand
    from tests.conftest import ROOT

    for path in expand([ROOT / "corpus"]):
        _, loaded = load_file(path)
        passages = make_passages(loaded, read_outline(loaded))
        assert passages, path.name
        for p in passages:
            quote = loaded.text[p.start:p.end]
            assert quote and quote == quote.strip(), (path.name, p.seq)
            if loaded.pages:
                assert loaded.pages[p.page - 1] <= p.start < (loaded.pages + [len(loaded.text) + 1])[p.page]
        for record in records_for(loaded, {"doc_id": "d", "source": path.name}, passages):
            assert loaded.text[record.start:record.end] == record.quote


def test_a_tables_rows_carry_the_unit_its_caption_states():
    loaded, _, outline = _read("more/KH_0204-KH-UBND_2025-11-24_CaMau_tai-chinh-ngan-sach-3-nam-2026-2028.md")
    rows = [p for p in make_passages(loaded, outline) if p.kind == "table_row"]
    captioned = [p for p in rows if p.context.endswith("Đơn vị: Triệu đồng")]
    # the four tables under "Đơn vị: Triệu đồng.", their sub-rows with no number ("| - Thuế giá trị gia tăng | 393.000 |
    # …") rows of their own
    assert len(captioned) == 131
    assert any(loaded.text[p.start:p.end].startswith("| - Thuế giá trị gia tăng | 393.000") for p in captioned)
    # the table with a unit column of its own is under no caption: its rows carry none
    assert all("Đơn vị tính" in p.context.split("\n")[0] for p in rows if p not in captioned)
