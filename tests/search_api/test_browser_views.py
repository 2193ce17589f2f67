"""The page's views in a real browser against ``kb serve`` (fixtures in conftest.py): the filters' visible
state, answers at their own address, copying a citation, CSV export, the phone layout of task tables,
the targets view, the documents list and the document view."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import quote

import httpx

from tests.search_api.web import QUESTION, SLOW, ask, expect


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


def read_csv(page, button) -> list[list[str]]:
    with page.expect_download() as info:
        button.click()
    data = open(info.value.path(), encoding="utf-8-sig").read()
    return list(csv.reader(io.StringIO(data)))


def test_tasks_export_as_csv_with_the_full_records(page):
    page.goto("/#/tasks?role=any")
    expect(page.locator("#tasks-count")).to_contain_text("Tìm thấy")
    shown = page.locator("#tasks-body tbody tr").count()
    rows = read_csv(page, page.locator("#tasks-body .csv-export"))
    assert rows[0][:4] == ["Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]
    assert len(rows) == shown + 1 and shown > 0
    assert any("2022" in row[3] for row in rows[1:]), rows  # "trong tháng 7-2022", not clipped


def test_on_a_phone_each_task_shows_its_deadline_without_sideways_scrolling(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base_url)
    try:
        tab = context.new_page()
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
    finally:
        context.close()


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
