"""What the browser tests share: the system Chromium, Playwright, the keys and a few page steps.

Browsers cannot be downloaded here, so the tests use /usr/bin/chromium or /usr/bin/chromium-headless-shell;
importing this module skips the importing test module when neither exists or Playwright is missing.
"""

from __future__ import annotations

from pathlib import Path

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
