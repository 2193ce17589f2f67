"""What the browser tests share: the system Chromium, Playwright, the keys and a few page steps.

Browsers cannot be downloaded here, so the tests use /usr/bin/chromium or /usr/bin/chromium-headless-shell;
importing this module skips the importing test module when neither exists or Playwright is missing.
"""

from __future__ import annotations

import contextlib
import re
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

# What the page shows a user as an error or a state (the error box, notices, status lines, a field's error), sent
# to the test as it appears, on every page the context opens: no English may be among it (#14).
WATCH_SHOWN = """(() => {
  const SHOWN = "[role=alert], [role=status], .error, .notice, .status, .field-error";
  const seen = new Set();
  const report = () => {
    for (const node of document.querySelectorAll(SHOWN)) {
      const text = node.textContent.trim();
      if (text && !node.closest("[hidden]") && !seen.has(text)) {
        seen.add(text);
        window.kbShown(text);
      }
    }
  };
  document.addEventListener("DOMContentLoaded", () => {
    new MutationObserver(report).observe(document.body,
      { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["hidden"] });
    report();
  });
})();"""
# words of the API's and the browser's English messages that are no Vietnamese syllable
ENGLISH = re.compile(r"\b(the|is|are|was|not|no|cannot|could|failed|error|must|should|has|have|this|that|with|of|for|"
                     r"needs|found|document|file|request|server|string|characters|field|required|invalid|unknown|"
                     r"reachable|upload|key|please|undefined|null|properties|fetch)\b", re.IGNORECASE)


def watch_shown(context) -> list[str]:
    """Every text the context's pages show as an error or a state, in the order they appear."""
    shown: list[str] = []
    context.expose_binding("kbShown", lambda _source, text: shown.append(text))
    context.add_init_script(WATCH_SHOWN)
    return shown


def english_in(shown: list[str]) -> list[str]:
    return [text for text in shown if ENGLISH.search(text)]


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
    shown = watch_shown(context)
    try:
        yield context.new_page()
    finally:
        context.close()
    assert not english_in(shown), f"English shown to a user: {english_in(shown)}"


def filter_list(page, submit: str, fields: dict[str, str]) -> None:
    """Set a list view's filters (a select's option or an input's text, by selector) and apply them."""
    for selector, value in fields.items():
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    page.click(submit)
