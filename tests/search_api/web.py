"""What the browser tests share: the system Chromium, Playwright, the keys and a few page steps.

Browsers cannot be downloaded here, so the tests use /usr/bin/chromium or /usr/bin/chromium-headless-shell;
importing this module skips the importing test module when neither exists or Playwright is missing.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import httpx
import pytest

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-headless-shell") if Path(p).exists()), None)
if CHROMIUM is None:
    pytest.skip("no system Chromium at /usr/bin/chromium or /usr/bin/chromium-headless-shell "
                "(Playwright's own browsers cannot be downloaded here)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
expect = playwright_api.expect

EDITOR = "editor-key-0123456789abcdef"
READER = "reader-key-0123456789abcdef"
QUESTION = "Tây Ninh đã thành lập bao nhiêu tổ công nghệ cộng đồng?"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
SLOW = 60_000  # ms: the first question loads the embedding model


def ask(page, question: str = QUESTION) -> None:
    page.goto("/#/")
    page.fill("#question", question)
    page.click("#btn-ask")
    expect(page.locator("#answer")).to_be_visible(timeout=SLOW)


def enter_key(page, key: str = EDITOR) -> None:
    page.goto("/#/upload")
    page.fill("#api-key", key)


def upload(page, path: Path, key: str = EDITOR) -> None:
    enter_key(page, key)
    page.set_input_files("#upload-file", str(path))
    page.click("#btn-upload")


def post_document(base_url: str, name: str, data: bytes, key: str = EDITOR, **params) -> httpx.Response:
    """Upload a document through the API (not the page), as the editor."""
    return httpx.post(f"{base_url}/v1/documents", params=params, files={"file": (name, data)},
                      headers={"X-API-Key": key}, timeout=120)


@contextlib.contextmanager
def new_tab(browser, base_url: str, **options):
    """A page in a browser context of its own (a phone's viewport, another language …), closed after."""
    context = browser.new_context(base_url=base_url, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def filter_list(page, submit: str, fields: dict[str, str]) -> None:
    """Set a list view's filters (a select's option or an input's text, by selector) and apply them."""
    for selector, value in fields.items():
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    page.click(submit)
