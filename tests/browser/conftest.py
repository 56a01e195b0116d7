"""A real Chromium (Debian's) driven by Playwright, shared by the browser tests of one run.

Without Chromium the tests are skipped with the reason shown in pytest's summary; CI sets
GLOSS_REQUIRE_BROWSER=1 so a missing browser fails the run instead.
"""
from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("GLOSS_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    problem = None
    if executable is None:
        problem = "no Chromium found (install it with `make browser-deps`, or set GLOSS_CHROMIUM)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "the playwright Python package is not installed"
    if problem:
        if os.environ.get("GLOSS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but cannot run: {problem}")
        pytest.skip(f"browser tests not run: {problem}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
