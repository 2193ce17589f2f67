"""The browser tests' one server and one browser, shared by every browser test module of the session.

``kb serve`` runs over a copy of the seed articles with editor and reader keys; tests that add documents
name them uniquely, so the order the modules run in does not matter.
"""

from __future__ import annotations

import pytest

from tests.conftest import clean_env, serving_copy


@pytest.fixture(scope="session")
def base_url(seeded_template, tmp_path_factory):
    from tests.search_api.web import EDITOR, READER

    env = clean_env(KB_API_KEYS=f"editor:{EDITOR},reader:{READER}", KB_MAX_UPLOAD_MB="1")
    with serving_copy(seeded_template, tmp_path_factory.mktemp("browser"), env) as (base, _):
        yield base


@pytest.fixture(scope="session")
def browser():
    from tests.search_api.web import CHROMIUM, LAUNCH_ARGS, playwright_api

    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url):
    from tests.search_api.web import english_in, watch_shown

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", base_url=base_url)
    context.set_default_timeout(20_000)
    shown = watch_shown(context)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"
    assert not english_in(shown), f"English shown to a user of the page: {english_in(shown)}"
