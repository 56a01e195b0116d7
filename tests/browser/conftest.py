"""Real browsers for the browser tests: Debian's Chromium driven by Playwright, shared per run.

Without Chromium (or Node, to build the extension) the tests are skipped with the reason shown in
pytest's summary; CI sets GLOSS_REQUIRE_BROWSER=1 so that a missing piece fails the run instead.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "extension"
DOCS = REPO / "docs"
FIXTURES = Path(__file__).with_name("fixtures")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("GLOSS_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def cannot_run(problem: str):
    if os.environ.get("GLOSS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required but cannot run: {problem}")
    pytest.skip(f"browser tests not run: {problem}")


@pytest.fixture(scope="session")
def playwright():
    if chromium_path() is None:
        cannot_run("no Chromium found (install it with `make browser-deps`, or set GLOSS_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        cannot_run("the playwright Python package is not installed")
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture()
def screenshot_dir(tmp_path) -> Path:
    """Where a test marked docs_screenshot saves the image docs/ shows: a temporary directory, so that
    the suite never rewrites a tracked file; docs/ itself with GLOSS_DOCS_SCREENSHOTS=1, which is how
    `make docs-screenshots` refreshes them."""
    return DOCS if os.environ.get("GLOSS_DOCS_SCREENSHOTS") == "1" else tmp_path


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def built_extension() -> Path:
    node = shutil.which("node")
    if node is None:
        cannot_run("Node.js is needed to build the extension")
    subprocess.run([node, str(EXTENSION / "build.mjs")], check=True, capture_output=True)
    return EXTENSION / "dist"


@pytest.fixture(scope="session")
def extension(playwright, built_extension, tmp_path_factory):
    """A Chromium profile with the unpacked Chrome build loaded; yields (context, service worker)."""
    chrome_build = built_extension / "chrome"
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")), executable_path=chromium_path(), headless=True,
        ignore_default_args=["--disable-extensions"],
        args=CHROMIUM_ARGS + [f"--disable-extensions-except={chrome_build}", f"--load-extension={chrome_build}"])
    worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
    # The worker's first evaluation can run before the extension API is bound; wait for it.
    for _ in range(50):
        if worker.evaluate("() => typeof chrome !== 'undefined' && Boolean(chrome.storage)"):
            break
        time.sleep(0.1)
    yield context, worker
    context.close()


@pytest.fixture()
def ext(extension, live_server):
    """The extension pointed at this test's server, signed out, every site enabled."""
    context, worker = extension
    # New notes need ratings before readers see them by default: these tests switch on "show notes
    # that need ratings", as a rater would (the default is tested on its own).
    worker.evaluate("(server) => chrome.storage.local.clear()"
                    ".then(() => chrome.storage.local.set({server, showNeedsRatings: true}))", live_server)
    yield context, worker
    for tab in context.pages:
        tab.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def fixture_site():
    """tests/browser/fixtures served over HTTP on a free loopback port (a news site stand-in)."""
    handler = functools.partial(_QuietHandler, directory=str(FIXTURES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
