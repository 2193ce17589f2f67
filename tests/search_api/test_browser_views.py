"""The page's views in a real browser against ``kb serve`` (fixtures in conftest.py): the filters' visible
state, answers at their own address, copying a citation, CSV export, the phone layout of task tables,
the targets view, the documents list and the document view."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import quote

import httpx
import pytest
from openpyxl import load_workbook

from tests.conftest import SEED_FILES, text_pdf
from tests.search_api.web import QUESTION, SLOW, ask, enter_key, expect, filter_list, new_tab, post_document


def test_filters_show_their_state_reset_and_refuse_an_inverted_year_range(page):
    page.goto("/#/")
    expect(page.locator("#filters-count")).to_be_hidden()
    page.locator("#filters summary").click()
    page.fill("#f-year-from", "2030")
    page.fill("#f-year-to", "2020")
    expect(page.locator("#filters-count")).to_have_text("2")
    expect(page.locator("#filters-error")).to_have_text("“Từ năm” phải nhỏ hơn hoặc bằng “Đến năm”.")
    page.locator("#filters summary").click()  # closed: the state stays in sight
    expect(page.locator("#filters-active")).to_have_text("Đang lọc: Từ năm: 2030 · Đến năm: 2020")
    page.fill("#question", QUESTION)
    page.click("#btn-ask")
    expect(page.locator("#error")).to_have_text("“Từ năm” phải nhỏ hơn hoặc bằng “Đến năm”.")
    expect(page).to_have_url(re.compile(r"#/$"))  # nothing was asked
    page.click("#btn-filters-reset")
    expect(page.locator("#filters-count")).to_be_hidden()
    expect(page.locator("#filters-active")).to_be_hidden()
    assert page.input_value("#f-year-from") == "" and page.input_value("#f-year-to") == ""


def test_an_answer_has_its_own_address_and_a_reload_restores_it(page):
    ask(page)
    expect(page.locator("#answer")).to_contain_text("484")
    expect(page).to_have_url(re.compile(r"#/hoi\?q="))
    page.reload()
    expect(page.locator("#answer")).to_contain_text("484", timeout=SLOW)
    assert page.input_value("#question") == QUESTION
    page.locator("#history summary").click()  # "Câu hỏi gần đây", kept by this browser
    expect(page.locator("#history-list a").first).to_have_text(QUESTION)
    page.goto(f"/#/hoi?q={quote(QUESTION)}&year_from=2030&year_to=2020")  # a shared link with bad years
    expect(page.locator("#error")).to_have_text("“Từ năm” phải nhỏ hơn hoặc bằng “Đến năm”.")
    expect(page.locator("#filters-count")).to_have_text("2")


def test_copy_a_citation_and_the_answers_link(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    ask(page)
    card = page.locator("#citations .citation").first
    source = card.locator(".citation-source code").inner_text()
    card.locator(".copy-citation").click()
    expect(card.locator(".copy-citation")).to_have_text("Đã sao chép")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("“") and copied.endswith(f"tệp {source})"), copied
    page.click("#btn-copy-link")
    assert "#/hoi?q=" in page.evaluate("navigator.clipboard.readText()")


def download(page, button) -> bytes:
    with page.expect_download() as info:
        button.click()
    return open(info.value.path(), "rb").read()


def test_tasks_export_as_csv_and_xlsx_with_the_filters_on_screen(page):
    page.goto("/#/tasks?role=any&due_before=2030-12-31")
    expect(page.locator("#tasks-count")).to_contain_text("Tìm thấy")
    shown = page.locator("#tasks-body tbody tr").count()
    data = download(page, page.locator("#tasks-body .export-csv"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]
    assert len(rows) == shown + 1 and shown > 0
    assert any("2022" in row[3] for row in rows[1:]), rows  # "trong tháng 7-2022", not clipped
    assert all(row[4] < "2030-12-31" for row in rows[1:])  # the filter on screen
    sheet = load_workbook(io.BytesIO(download(page, page.locator("#tasks-body .export-xlsx")))).active
    assert [[c.value or "" for c in r] for r in sheet.iter_rows()] == rows


def test_on_a_phone_each_task_shows_its_deadline_without_sideways_scrolling(browser, base_url):
    with new_tab(browser, base_url, viewport={"width": 390, "height": 844}) as tab:
        tab.goto("/#/tasks?role=any")
        expect(tab.locator("#tasks-count")).to_contain_text("Tìm thấy")
        cells = tab.locator('#tasks-body td[data-label="Thời hạn"]')
        assert cells.count() > 0
        for i in range(cells.count()):
            box = cells.nth(i).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        wrap = tab.locator("#tasks-body .scroll-wrap")
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), "the task table scrolls sideways"
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390


def test_targets_view_filters_by_body_year_and_document(page, base_url):
    page.goto("/#/targets")
    expect(page.locator("#targets-count")).to_contain_text("chỉ tiêu")
    total = int(re.search(r"\d+", page.locator("#targets-count").inner_text()).group())
    in_2025 = httpx.get(f"{base_url}/v1/targets", params={"horizon_year": 2025}).json()
    assert 0 < in_2025["total"] < total and all(t["horizon_year"] == 2025 for t in in_2025["items"])
    page.fill("#g-year", "2025")
    page.click("#btn-targets")
    expect(page).to_have_url(re.compile(r"#/targets\?horizon_year=2025"))
    expect(page.locator("#targets-count")).to_have_text(f"Tìm thấy {in_2025['total']} chỉ tiêu.")
    notes = page.locator('#targets-body td[data-label="Mục"] .cell-note').all_inner_texts()
    assert notes and not [n for n in notes if re.fullmatch(r"[\d.,]+", n)], notes  # its document, not its figure
    doc_option = page.locator("#g-doc option").nth(1)  # "Số hiệu (n)": a document with n targets
    page.select_option("#g-doc", doc_option.get_attribute("value"))
    page.fill("#g-year", "")
    page.click("#btn-targets")
    expect(page).to_have_url(re.compile(r"#/targets\?doc_id="))
    count = int(re.search(r"\((\d+)\)$", doc_option.inner_text()).group(1))
    expect(page.locator("#targets-count")).to_have_text(f"Tìm thấy {count} chỉ tiêu.")
    page.goto("/#/targets?body=S%E1%BB%9F%20Y%20t%E1%BA%BF")  # a body from a link: kept in the form
    expect(page.locator("#g-body")).to_have_value("Sở Y tế")
    expect(page.locator("#targets-body")).to_have_text("Không có chỉ tiêu nào khớp bộ lọc.")
    page.fill("#g-year", "1800")  # the API's refusal, in Vietnamese
    page.click("#btn-targets")
    expect(page.locator("#error")).to_have_text("horizon_year: phải lớn hơn hoặc bằng 1900")


HASH_NAME = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
PLAN = """ỦY BAN NHÂN DÂN
TỈNH TÂY NINH
Số: 77/KH-UBND
Tây Ninh, ngày 02 tháng 3 năm 2026

KẾ HOẠCH
Số hóa dữ liệu đất đai năm 2026

| STT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn |
|---|---|---|---|
| 1 | Số hóa hồ sơ địa chính | Sở Nông nghiệp và Môi trường | Quý IV/2026 |
| 2 | Xây dựng kho dữ liệu đất đai mở | Sở Khoa học và Công nghệ | Tháng 12/2026 |

Kế hoạch này có hiệu lực kể từ ngày ký.
"""
LETTER = """ỦY BAN NHÂN DÂN
TỈNH TÂY NINH
Số: {n}/UBND-KT
V/v triển khai Kế hoạch số 77/KH-UBND đợt {n}
Tây Ninh, ngày 09 tháng 3 năm 2026

Căn cứ Kế hoạch số 77/KH-UBND ngày 02/3/2026 của UBND tỉnh về số hóa dữ liệu đất đai;
UBND tỉnh đề nghị các sở triển khai đợt {n} trước ngày 30/6/2026.
"""


@pytest.fixture(scope="module")
def library(base_url):
    """A plan with a table (uploaded: its original is kept) and six công văn resting on it."""
    def post(name: str, text: str) -> dict:
        answer = post_document(base_url, name, text.encode())
        assert answer.status_code in (200, 201), answer.text
        return answer.json()

    plan = post("kh_77_so_hoa_dat_dai.md", PLAN)
    letters = [post(f"cv_{n}_trien_khai.txt", LETTER.format(n=n)) for n in range(101, 107)]
    return {"plan": plan, "letters": letters}


def test_documents_list_searches_filters_sorts_and_pages(page, base_url, library):
    page.goto("/#/docs")
    expect(page.locator("#docs-count")).to_contain_text("văn bản")
    names = page.locator("#docs-table tbody td:first-child a").all_inner_texts()
    assert "Thành lập 484 tổ công nghệ cộng đồng" in names  # a news article by its headline
    assert not [n for n in names if HASH_NAME.match(n)], names
    filter_list(page, "#btn-docs", {"#d-type": "Bài báo"})
    # the five seed articles, and any headerless text another test of this shared server uploaded
    articles = httpx.get(f"{base_url}/v1/documents", params={"doc_type": "Bài báo"}).json()
    assert len(articles) >= 5
    expect(page.locator("#docs-count")).to_have_text(f"{len(articles)} văn bản")
    assert set(page.locator('#docs-table td[data-label="Loại"]').all_inner_texts()) == {"Bài báo"}
    expect(page.locator('#docs-table td[data-label="Ngày ban hành"]', has_text="10/2020")).to_have_count(1)
    page.click("#btn-docs-reset")
    filter_list(page, "#btn-docs", {"#d-q": "so hoa du lieu dat dai"})  # number, title or file name, no diacritics
    expect(page.locator("#docs-table tbody tr")).to_have_count(1)
    expect(page.locator("#docs-table")).to_contain_text("Số hóa dữ liệu đất đai năm 2026")
    filter_list(page, "#btn-docs", {"#d-q": "", "#d-sort": "number", "#d-per": "10"})
    expect(page).to_have_url(re.compile(r"#/docs\?sort=number&per=10$"))
    expected = [d["number"] or d["title"] for d in
                httpx.get(f"{base_url}/v1/documents", params={"sort": "number"}).json()]
    assert len(expected) > 10 and expected[0] == "101/UBND-KT"  # numbered first; a second page
    expect(page.locator("#docs-count")).to_contain_text(f"{len(expected)} văn bản · trang 1/")
    assert page.locator("#docs-table tbody td:first-child a").all_inner_texts() == expected[:10]
    page.click("#docs-next")
    expect(page.locator("#docs-count")).to_contain_text(" · trang 2/")
    assert page.locator("#docs-table tbody td:first-child a").all_inner_texts() == expected[10:20]


def test_document_view_tables_original_validity_and_relations(page, base_url, library):
    plan = library["plan"]
    page.goto(f"/#/doc/{plan['doc_id']}")
    table = page.locator("#doc-text table.text-table")
    expect(table).to_have_count(1)
    assert table.locator("thead th").all_inner_texts() == ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(page.locator("#doc-validity")).to_have_text("còn hiệu lực")
    relations = page.locator("#doc-relations-section")
    expect(relations).to_contain_text("Là căn cứ của: 101/UBND-KT")
    with page.expect_download() as info:
        page.click("#doc-original")
    assert info.value.suggested_filename == "kh_77_so_hoa_dat_dai.md"
    assert open(info.value.path(), encoding="utf-8").read() == PLAN
    # a task read from a table row: its link marks the row inside the drawn table
    page.locator("#doc-tasks-section a", has_text="Số hóa hồ sơ địa chính").click()
    expect(page.locator("#doc-text table #cited")).to_be_visible()
    letter = library["letters"][0]
    page.goto(f"/#/doc/{letter['doc_id']}")
    expect(page.locator("#doc-heading")).to_have_text("101/UBND-KT")
    expect(page.locator("#doc-body dl")).to_contain_text("Công văn")
    expect(page.locator("#doc-relations-section li", has_text="Căn cứ: 77/KH-UBND")).to_contain_text(
        "Số hóa dữ liệu đất đai năm 2026")
    page.locator("#doc-relations-section a", has_text="77/KH-UBND").click()
    expect(page.locator("#doc-heading")).to_have_text("77/KH-UBND")
    seed = next(d for d in httpx.get(f"{base_url}/v1/documents").json() if d["source"].startswith("001_"))
    page.goto(f"/#/doc/{seed['doc_id']}")
    expect(page.locator("#doc-heading")).to_have_text("Thành lập 484 tổ công nghệ cộng đồng")
    with page.expect_download() as info:  # ingested from a folder (kb ingest): kept like an upload
        page.click("#doc-original")
    assert open(info.value.path(), "rb").read() == next(p for p in SEED_FILES if p.name == seed["source"]).read_bytes()


def test_a_citations_page_link_shows_that_page_of_the_pdf(page, base_url):
    pages = ["KẾ HOẠCH\nSố hóa hồ sơ hộ tịch năm 2026.",
             "Sở Tư pháp chủ trì rà soát sổ hộ tịch giấy trước ngày 30/9/2026."]
    added = post_document(base_url, "kh_ho_tich.pdf", text_pdf(pages))
    assert added.status_code == 201, added.text
    page.goto(f"/#/tim?q={quote('rà soát sổ hộ tịch giấy')}")
    card = page.locator("#citations .citation", has=page.locator(".citation-source", has_text="kh_ho_tich.pdf")).first
    link = card.locator(".page-link")
    expect(link).to_be_visible(timeout=SLOW)
    number = link.inner_text().removeprefix("trang ")
    link.click()
    expect(page.locator("#page-image")).to_have_attribute("alt", re.compile(f"^Trang {number} của "), timeout=SLOW)
    page.wait_for_function("() => document.getElementById('page-image')?.naturalWidth > 500")  # drawn
    assert page.input_value("#page-no") == number
    page.fill("#page-no", "3")
    page.click("#btn-page")
    expect(page.locator("#page-view [role=alert]")).to_have_text("Văn bản kh_ho_tich.pdf có 2 trang, không có trang 3.")


def test_an_editor_corrects_a_record_in_the_page_and_undoes_it(page, base_url, library):
    letter = library["letters"][-1]
    page.goto(f"/#/doc/{letter['doc_id']}")
    expect(page.locator("#doc-text")).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#btn-edit")).to_have_count(0)  # readers see no editing
    enter_key(page)
    page.goto(f"/#/doc/{letter['doc_id']}")
    page.click("#btn-edit")
    page.fill("#e-issued", "09/03/2026")
    page.click("#btn-edit-save")
    expect(page.locator("#error")).to_have_text("“Ngày ban hành” phải có dạng YYYY-MM-DD, ví dụ 2025-03-12.")
    page.fill("#e-issued", letter["issued"])
    page.fill("#e-title", "Đôn đốc số hóa dữ liệu đất đai")
    page.click("#btn-edit-save")
    expect(page.locator("#notice")).to_have_text("Đã lưu thông tin văn bản.")
    expect(page.locator("#doc-body dl")).to_contain_text("Đôn đốc số hóa dữ liệu đất đai")
    entry = page.locator("#doc-edits-section .edit-entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(f"Tiêu đề: “{letter['title']}” → “Đôn đốc số hóa dữ liệu đất đai”")
    assert httpx.get(f"{base_url}/v1/documents/{letter['doc_id']}").json()["title"] == "Đôn đốc số hóa dữ liệu đất đai"
    entry.get_by_role("button", name="Hoàn tác").click()
    expect(page.locator("#notice")).to_have_text("Đã hoàn tác thay đổi.")
    expect(page.locator("#doc-body dl")).to_contain_text(letter["title"])
    expect(page.locator("#doc-edits-section .edit-entry")).to_have_count(2)
