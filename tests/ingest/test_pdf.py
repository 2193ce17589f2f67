"""A PDF's text layer read as a document (``ingest.pdf``): ruled tables as rows, wrapped lines as paragraphs.

``data/qd-844-qd-ttg-pages-2-7-8.pdf`` is three pages of the signed gazette PDF of Quyết định 844/QĐ-TTg (Công báo số
286, 27/5/2026; https://congbaocdn.chinhphu.vn/180507251028987904/2026/5/27/469526-1779329433_v1_1779843325_signed.pdf,
via the public repository hrmaster1982-dev/phapluat-8chude-data), copied with PyMuPDF's ``insert_pdf``: the plan's
first page, and the first two pages of its appendix table of tasks, whose text layer gives one line per cell fragment.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.facts import doc_fields, records_for
from ingest.header import read_metadata
from ingest.load import load_bytes, load_file
from kb.model import Task
from tests.conftest import ROOT, SHARED

GAZETTE = Path(__file__).parent / "data" / "qd-844-qd-ttg-pages-2-7-8.pdf"


@pytest.fixture(scope="module")
def gazette():
    return load_file(GAZETTE)[1]


def _rows(loaded, kind: str = "table_row") -> list[str]:
    return [loaded.text[b.start:b.end] for b in loaded.blocks if b.kind == kind]


def test_a_ruled_table_is_read_row_by_row_with_its_cells(gazette):
    assert _rows(gazette, "table_header")[0] == ("STT | Tên nhiệm vụ cụ thể | Cơ quan chủ trì | Cơ quan phối hợp | "
                                                 "Kết quả | Thời gian hoàn thành")
    row = ("1. | Tăng cường lãnh đạo, chỉ đạo xây dựng và tổ chức thực hiện hiệu quả các chủ trương, chính sách, "
           "pháp luật, chương trình, kế hoạch về bảo hiểm y tế. | Các bộ ở Trung ương, Ủy ban nhân dân cấp tỉnh ở địa "
           "phương | Các cơ quan, tổ chức, đơn vị khác có liên quan. | Văn bản chỉ đạo | Thường xuyên")
    assert row in _rows(gazette)
    # the group row across the table: its mark in a cell of its own, as other loaders write one
    assert any(row.startswith("I. | Đổi mới mạnh mẽ tư duy và hành động") for row in _rows(gazette))
    # the cell fragments are not left as lines of text
    assert "\nCác\nbộ\nở\n" not in gazette.text and "\nTrung ương,\n" not in gazette.text


def test_the_table_goes_on_over_the_page_with_its_header(gazette):
    rows = _rows(gazette)
    numbers = [row.split(" | ")[0] for row in rows]
    assert numbers[:6] == ["I.", "1.", "2.", "3.", "4.", "5."]
    assert gazette.pages[2] < gazette.text.index("4. | Đổi mới nội dung, hình thức")  # row 4 is on the third page


def test_wrapped_lines_are_one_paragraph_and_a_title_stays_apart(gazette):
    assert ("2. Xác định nhiệm vụ cụ thể để các Bộ, ngành, địa phương xây dựng kế hoạch, tổ chức triển khai, kiểm tra, "
            "giám sát, đánh giá việc thực hiện Chỉ thị số 52-CT/TW để đạt mục tiêu") in gazette.text
    lines = gazette.text.split("\n")
    assert "KẾ HOẠCH HÀNH ĐỘNG" in lines  # the type line over its title, not run into it
    # the title in bold and the line in italics under it are two paragraphs
    assert ("(Kèm theo Quyết định số 844/QĐ-TTg ngày 13 tháng 5 năm 2026 của Thủ tướng Chính phủ)") in lines


def test_table_rows_become_task_records_with_lead_coordinators_and_deadline(gazette):
    doc = doc_fields(read_metadata(gazette, GAZETTE.name), GAZETTE.name, GAZETTE.name)
    rows = [t for t in records_for(gazette, doc) if isinstance(t, Task) and t.origin == "table"]
    row = next(t for t in rows if "Xây dựng Đề án về đổi mới, nâng cao hiệu quả công tác truyền thông" in t.task)
    assert [b.name for b in row.lead] == ["Bộ Tài chính"]
    assert "Bộ Y tế" in [b.name for b in row.coordinators]
    assert row.deadline == "Quý I/2027" and row.page == 3


def test_a_table_whose_header_spans_two_rows_keeps_its_columns():
    _, loaded = load_file(SHARED / "documents" / "more" /
                          "CV_so-de-trong-TTXT-DTDN_2025-11_LamDong-TTXTDT_bao-cao-cai-thien-PCI-DDCI.pdf")
    rows = _rows(loaded)
    # "Lâm Đồng" spans three columns over "Điểm số | Chỉ số | Thứ hạng": the row under the header keeps its places
    assert "| | Điểm số | Chỉ số | Thứ hạng | Điểm số | Chỉ số | Thứ hạng | Điểm số | Chỉ số | Thứ hạng" in rows
    assert "1 | Chi phí gia nhập thị trường | 6,74 | | 58 | 7,68 | | 38 | 8,78 | | 2" in rows


def test_a_hard_wrapped_text_file_is_joined_as_markdown_is():
    text = ("1. Sở Tài chính chủ trì, phối hợp với các sở, ngành tham mưu Ủy ban nhân\n"
            "dân tỉnh bố trí kinh phí thực hiện Kế hoạch; hoàn thành trước ngày\n"
            "30/6/2026.\n"
            "2. Sở Nội vụ theo dõi, đôn đốc.\n")
    _, loaded = load_bytes(text.encode(), "ke-hoach.txt")
    assert loaded.text.split("\n") == [
        "1. Sở Tài chính chủ trì, phối hợp với các sở, ngành tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí thực hiện "
        "Kế hoạch; hoàn thành trước ngày 30/6/2026.", "2. Sở Nội vụ theo dõi, đôn đốc."]


def test_past_the_pages_tables_are_looked_for_on_the_pages_are_read_as_text_and_it_says_so(monkeypatch):
    import ingest.pdf

    monkeypatch.setattr(ingest.pdf, "TABLE_PAGES", 2)  # the first two pages with lines drawn: the table's first page
    _, loaded = load_file(GAZETTE)
    rows = _rows(loaded)
    assert rows and all(loaded.text.index(row) < loaded.pages[2] for row in rows)  # none from the third page …
    assert "Đổi mới nội dung, hình thức, tăng cường" in loaded.text[loaded.pages[2]:]  # … whose words are all kept
    assert any("1 pages read without looking for tables" in w for w in loaded.warnings)


def test_running_heads_and_page_numbers_are_left_out(gazette):
    assert "CÔNG BÁO/Số 286" not in gazette.text and "\n96\n" not in gazette.text


def test_a_table_printed_sideways_is_turned_and_read_as_rows():
    import pymupdf

    source = pymupdf.open(ROOT / "eval" / "fresh7" / "NQ_175-NQ-CP_2023-10-30_ChinhPhu_de-an-trung-tam-du-lieu-quoc-"
                          "gia.pdf")
    source.select([29, 30])  # the appendix's table of tasks, set across two pages turned on their side
    _, loaded = load_bytes(source.tobytes(), "nq-175-phu-luc.pdf")
    rows = _rows(loaded)
    assert rows[0].startswith("1 | Bộ Thông tin và Truyền thông | Tham mưu Chính phủ ban hành Nghị định quy định danh "
                              "mục cơ sở dữ liệu quốc gia") and rows[0].endswith("| Quý IV/2023")
    # the merged cell "Bộ Thông tin và Truyền thông" runs over to the next page: its rows there are still its own
    assert any(row.startswith("1 | Bộ Thông tin và Truyền thông | Xây dựng, ban hành quy định về quy chuẩn")
               for row in rows)


def test_a_page_whose_tables_cannot_be_read_is_read_as_text_and_it_says_so(monkeypatch):
    import ingest.pdf

    def broken(page):
        raise ValueError("no grid")

    monkeypatch.setattr(ingest.pdf, "page_tables", broken)
    _, loaded = load_file(GAZETTE)
    assert not _rows(loaded) and "Đổi mới nội dung, hình thức, tăng cường" in loaded.text
    assert "pages whose tables could not be read, read as text: [1, 2, 3]" in loaded.warnings


def test_a_paragraph_that_goes_on_over_the_page_is_one_paragraph():
    # TT 148/2025/TT-BTC, Điều 7 khoản 5 ends page 3 on "… ngân sách nhà nước" and goes on at the top of page 4
    loaded = load_file(Path(__file__).parent / "data" / "tt-148-2025-tt-btc-pages-2-4.pdf")[1]
    said = ("5. Cục Kế hoạch - Tài chính có trách nhiệm tổng hợp báo cáo cấp có thẩm quyền dự toán, phương án phân bổ, "
            "giao dự toán kinh phí ngân sách nhà nước cho hoạt động xây dựng văn bản quy phạm pháp luật; hướng dẫn hồ "
            "sơ, thủ tục thanh toán")
    at = loaded.text.index(said)
    assert loaded.pages[1] < at < loaded.pages[2] < at + len(said)  # the page begins inside the paragraph


@pytest.mark.parametrize("last,first,goes_on", [
    ("giao dự toán kinh phí ngân sách nhà nước", "cho hoạt động xây dựng văn bản", True),
    ("… theo quy định tại Nghị định này.", "cho hoạt động xây dựng văn bản", False),  # a sentence ended
    ("Các bộ, ngành thực hiện các nội dung sau:", "a) Rà soát văn bản", False),
    ("các nhiệm vụ sau đây", "a) rà soát văn bản", False),  # an item's marker opens the page
    ("1. | Rà soát văn bản | Bộ Tư pháp", "thường xuyên", False),  # a table row
    ("giao dự toán kinh phí ngân sách nhà nước", "Điều 8. Hiệu lực thi hành", False),
])
def test_which_first_line_carries_on_the_page_before(last, first, goes_on):
    from ingest.pdf import carries_on
    assert carries_on(last, first) is goes_on
