"""The web page in a real browser (Playwright driving the system Chromium) against ``kb serve``:
asking, citations, uploads and their jobs, errors, deleting, the tasks view, keyboard and phone layout.
The fixtures (one server, one browser) are in conftest.py; test_browser_views.py has the other views."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from ingest.load import load_bytes
from tests.conftest import ROOT
from tests.search_api.web import (
    EDITOR,
    READER,
    SLOW,
    ask,
    enter_key,
    expect,
    filter_list,
    new_tab,
    post_document,
    upload,
)

SEED_SOURCE = "001_69291db2c23c1c59.txt"
UPLOAD_TEXT = "KẾ HOẠCH\nSở Y tế chủ trì số hóa 100% hồ sơ sức khỏe điện tử trước tháng 6/2026.\n"


def test_ask_shows_the_answer_and_its_citations(page):
    ask(page)
    expect(page.locator("#answer")).to_contain_text("484")
    sources = page.locator("#citations .citation-source code").all_text_contents()
    assert SEED_SOURCE in sources
    expect(page.locator("#error")).to_be_hidden()


def test_a_question_without_diacritics_says_how_it_was_read(page):
    ask(page, "tay ninh da thanh lap bao nhieu to cong nghe cong dong?")
    expect(page.locator("#answer")).to_contain_text("484")
    expect(page.locator("#restored q")).to_have_text("tây ninh đã thành lập bao nhiêu tổ công nghệ cộng đồng?")
    ask(page)  # typed with diacritics: nothing to restore, no note
    expect(page.locator("#answer")).to_contain_text("484")
    expect(page.locator("#restored")).to_have_count(0)


def test_citation_context_and_document_view_highlight_the_quote(page):
    ask(page)
    card = page.locator("#citations .citation").filter(has_text=SEED_SOURCE).first
    card.locator("details.context summary").click()
    expect(card.locator(".context-text mark")).to_be_visible()
    card.get_by_role("link", name="Xem văn bản").click()
    expect(page.locator("#doc-text")).to_be_visible()
    expect(page.locator("#doc-text mark#cited")).to_contain_text("484")
    expect(page.locator("#doc-targets")).to_contain_text("Chỉ tiêu")
    # the article reports work under way with its deadline ("… đang rà soát … trong tháng 7-2022")
    expect(page.locator("#doc-tasks-section")).to_contain_text("trong tháng 7-2022")
    expect(page.locator("#doc-numbers-section")).to_be_visible()
    expect(page.locator("#doc-relations-section")).to_contain_text("Căn cứ và quan hệ")
    expect(page.locator("#doc-outline-section")).to_contain_text("Bố cục")


def test_upload_shows_the_record_and_the_document_is_searchable_at_once(page, tmp_path):
    path = tmp_path / "kh_yte_trinh_duyet.txt"
    path.write_text(UPLOAD_TEXT, encoding="utf-8")
    upload(page, path)
    done = page.locator("#upload-done")
    expect(done).to_be_visible(timeout=SLOW)
    expect(done).to_contain_text("Đã thêm văn bản")
    expect(page.locator("#upload-progress")).to_have_attribute("value", "100")
    assert page.evaluate("sessionStorage.getItem('kb-api-key')") == EDITOR

    page.fill("#qs-input", "hồ sơ sức khỏe điện tử")
    page.click("#btn-qs")
    expect(page.locator("#qs-citations .citation").first).to_contain_text(path.name)

    page.goto("/#/")
    page.fill("#question", "hồ sơ sức khỏe điện tử")
    page.click("#btn-search")
    first = page.locator("#citations .citation").first
    expect(first.locator(".citation-source code")).to_have_text(path.name, timeout=SLOW)


def test_upload_with_a_wrong_key_shows_the_api_error(page, tmp_path):
    path = tmp_path / "kh_sai_khoa.txt"
    path.write_text(UPLOAD_TEXT, encoding="utf-8")
    upload(page, path, key="not-a-valid-key")
    expect(page.locator("#error")).to_contain_text("Khoá API không đúng")
    expect(page.locator("#upload-done")).to_have_count(0)


def test_delete_from_the_document_view_after_confirming(page, base_url):
    text = "KẾ HOẠCH\nSở Tài chính chủ trì xây dựng kho dữ liệu ngân sách mở trước quý IV/2026.\n"
    created = post_document(base_url, "kh_xoa.txt", text.encode())
    assert created.status_code == 201, created.text
    doc_id = created.json()["doc_id"]
    enter_key(page)
    page.goto(f"/#/doc/{doc_id}")
    dialogs: list[str] = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    page.click("#btn-delete")
    expect(page.locator("#notice")).to_contain_text("Đã xoá văn bản")
    assert dialogs and "kh_xoa.txt" in dialogs[0]
    assert httpx.get(f"{base_url}/v1/documents/{doc_id}").status_code == 404


def make_docx(path: Path, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


# Every text the upload status line and the error box show, in order (transient ones included).
RECORD_TEXTS = """() => {
  window.seen = { status: [], error: [] };
  const watch = (id, into) => new MutationObserver(() => {
    const node = document.getElementById(id);
    if (node.textContent && !node.hidden) into.push(node.textContent);
  }).observe(document.getElementById(id), { childList: true, characterData: true, subtree: true, attributes: true });
  watch("upload-status", window.seen.status);
  watch("error", window.seen.error);
}"""


def test_upload_follows_its_job_until_searchable(page, base_url, tmp_path):
    path = make_docx(tmp_path / "kh_theo_doi_tien_do.docx", [
        "KẾ HOẠCH", "Số hóa hồ sơ lưu trữ lịch sử của tỉnh",
        "Sở Nội vụ chủ trì số hóa 100% hồ sơ lưu trữ lịch sử trước tháng 12/2027."])
    enter_key(page)
    page.evaluate(RECORD_TEXTS)
    # a longer document ahead in the queue: this upload first waits, then runs
    ahead = "\n\n".join(f"Mục {i}. " + " ".join(f"nội dung chuyển đổi số thứ {i}.{j} của kế hoạch" for j in range(30))
                        for i in range(3))
    queued = post_document(base_url, "kh_dai.txt", ahead.encode(), wait=0)
    assert queued.status_code == 202, queued.text
    page.set_input_files("#upload-file", str(path))
    page.click("#btn-upload")
    expect(page.locator("#upload-status")).to_have_text("Hoàn tất: văn bản có thể tìm kiếm.", timeout=SLOW)
    expect(page.locator("#upload-done h3")).to_contain_text("có thể tìm kiếm")
    seen = page.evaluate("window.seen")
    assert any(text.startswith("Đang chờ xử lý") for text in seen["status"]), seen
    assert seen["error"] == [] and not any("202" in text for text in seen["status"]), seen
    expect(page.locator("#error")).to_be_hidden()
    assert page.eval_on_selector("#upload-file", "input => input.files.length") == 0  # not sent again
    page.click("#upload-doc-link")
    expect(page.locator("#doc-text")).to_contain_text("hồ sơ lưu trữ lịch sử")


# a real plan whose text, a paragraph a line, makes a DOCX of about 150 passages (147), like the 156
PLAN_150 = ROOT / "corpus" / "QD_2530-QD-TTg_2025-11-19_ThuTuong_ke-hoach-hanh-dong-quoc-gia-chat-luong-khong-khi.md"


def test_a_150_passage_docx_shows_its_progress_and_ends_searchable_with_no_error(page, tmp_path):
    """#14's case: such an upload was shown as "Lỗi máy chủ (202)" while the server was still ingesting it."""
    _, loaded = load_bytes(PLAN_150.read_bytes(), PLAN_150.name)
    lines = [line for line in loaded.text.splitlines() if line.strip()]
    path = make_docx(tmp_path / "kh_chat_luong_khong_khi.docx", lines)
    enter_key(page)
    page.evaluate(RECORD_TEXTS)  # from before it is sent: every status and error shown on the way
    page.set_input_files("#upload-file", str(path))
    page.click("#btn-upload")
    expect(page.locator("#upload-status")).to_have_text("Hoàn tất: văn bản có thể tìm kiếm.", timeout=5 * SLOW)
    done = page.locator("#upload-done")
    expect(done.locator("h3")).to_have_text("Đã thêm văn bản vào kho; có thể tìm kiếm ngay.")
    passages = int(re.match(r"(\d+) đoạn", done.locator("p.status").first.inner_text()).group(1))
    assert 140 <= passages <= 160, passages
    seen = page.evaluate("window.seen")
    assert any(re.fullmatch(r"Đang xử lý: .*\(\d+ giây\)", text) for text in seen["status"]), seen  # its progress
    assert seen["error"] == [] and not any("Lỗi" in text or "202" in text for text in seen["status"]), seen
    expect(page.locator("#error")).to_be_hidden()
    page.fill("#qs-input", "chất lượng không khí")
    page.click("#btn-qs")
    expect(page.locator("#qs-citations .citation").first).to_contain_text(path.name)
    page.click("#upload-doc-link")
    expect(page.locator("#doc-text")).to_contain_text("chất lượng không khí")


def test_a_failed_upload_job_says_why_in_vietnamese(page, tmp_path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"  \n  ")  # accepted as text, refused when read
    upload(page, path)
    expect(page.locator("#error")).to_have_text("Không xử lý được tệp “rong.txt”: rong.txt: tệp rỗng.")
    expect(page.locator("#upload-status")).to_have_text("Không tải lên được.")
    expect(page.locator("#upload-done")).to_have_count(0)


def test_errors_reach_an_english_browser_in_vietnamese(browser, base_url, tmp_path):
    with new_tab(browser, base_url, locale="en-US") as tab:  # sends Accept-Language: en-US
        tab.goto("/#/")
        tab.fill("#question", "x" * 2001)
        tab.click("#btn-ask")
        expect(tab.locator("#error")).to_have_text("question: chỉ được có tối đa 2000 ký tự")
        tab.click("#btn-search")
        expect(tab.locator("#error")).to_have_text("q: chỉ được có tối đa 2000 ký tự")
        tab.goto("/#/doc/khong-co")
        expect(tab.locator("#error")).to_have_text("Không có văn bản nào mang mã 'khong-co'.")
        exe = tmp_path / "cong_cu.exe"
        exe.write_bytes(b"MZ\x90\x00")
        upload(tab, exe)
        expect(tab.locator("#error")).to_have_text(
            "cong_cu.exe: không hỗ trợ loại tệp .exe; hãy dùng PDF, DOCX, TXT, MD hoặc HTML.")


def test_a_not_found_answer_claims_no_kind(page):
    ask(page, "Tỷ lệ hộ gia đình có cáp quang đến năm 2040 là bao nhiêu phần trăm?")
    expect(page.locator("#answer")).to_have_attribute("data-status", "not_found")
    expect(page.locator("#answer-badge")).to_have_text("Không tìm thấy")
    ask(page)
    expect(page.locator("#answer-badge")).to_have_text("Chỉ tiêu")


def test_the_delete_button_is_for_editors_only(page, base_url):
    doc_id = httpx.get(f"{base_url}/v1/documents").json()[0]["doc_id"]
    for key, shown in ((None, 0), (READER, 0), (EDITOR, 1)):
        if key:
            enter_key(page, key)
        page.goto(f"/#/doc/{doc_id}")
        expect(page.locator("#doc-text")).to_be_visible()
        page.wait_for_load_state("networkidle")
        expect(page.locator("#btn-delete")).to_have_count(shown)


def test_the_openapi_page_works_without_internet(browser, base_url):
    outside: list[str] = []
    with new_tab(browser, base_url) as tab:
        tab.context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"),
                          lambda route: (outside.append(route.request.url), route.abort()))
        tab.goto("/docs")
        expect(tab.locator(".swagger-ui .info .title")).to_contain_text("Tra cứu văn bản chính sách")
        expect(tab.locator(".opblock-summary-path", has_text="/v1/search")).to_be_visible()
        assert outside == []


def test_tasks_view_loads_and_filters(page):
    page.goto("/#/tasks")
    expect(page.locator("#tasks-count")).to_contain_text("nhiệm vụ")
    expect(page.locator("#error")).to_be_hidden()
    page.locator("#bodies-panel summary").click()
    expect(page.locator("#bodies-body")).to_contain_text("cơ quan")
    # days are typed the Vietnamese way whatever the browser's locale; the address keeps ISO dates
    expect(page.locator("#t-due-before")).to_have_attribute("placeholder", "dd/mm/yyyy")
    filter_list(page, "#btn-tasks", {"#t-due-before": "31/02/2030"})
    expect(page.locator("#error")).to_contain_text("ngày/tháng/năm")
    filter_list(page, "#btn-tasks", {"#t-role": "lead", "#t-text": "số hóa", "#t-due-before": "31/12/2030"})
    expect(page).to_have_url(re.compile(r"#/tasks\?.*role=lead.*due_before=2030-12-31"))
    expect(page.locator("#t-due-before")).to_have_value("31/12/2030")
    expect(page.locator("#tasks-count")).to_contain_text("Tìm thấy")
    expect(page.locator("#error")).to_be_hidden()


def test_nav_works_from_the_keyboard(page):
    page.goto("/#/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Nhiệm vụ":
            break
    else:
        pytest.fail("the 'Nhiệm vụ' nav link is not reachable with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#view-tasks")).to_be_visible()
    expect(page.locator("[data-nav=tasks]")).to_have_attribute("aria-current", "page")


@pytest.mark.parametrize("route", ["/#/", "/#/docs", "/#/tasks", "/#/upload", "doc"])
def test_no_horizontal_scroll_on_a_phone(browser, base_url, route):
    with new_tab(browser, base_url, viewport={"width": 375, "height": 800}) as tab:
        if route == "doc":  # a document with its targets table, which must scroll inside its own box
            ask(tab)
            tab.locator("#citations .citation-link").first.click()
            expect(tab.locator("#doc-text")).to_be_visible()
        elif route == "/#/":
            ask(tab)
            expect(tab.locator("#citations .citation").first).to_be_visible()
        else:
            tab.goto(route)
            tab.wait_for_load_state("networkidle")
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{route}: the page is {width}px wide at a 375px viewport"
