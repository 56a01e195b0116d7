"""Firefox smoke test: the Firefox build, installed in a headless firefox-esr over WebDriver BiDi,
anchors the demo article's notes and highlights the headline.

Without firefox-esr (or the `websockets` package) the test is skipped with the reason shown in
pytest's summary; CI sets GLOSS_REQUIRE_BROWSER=1 so that fails the run instead.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests

from server.demo import article

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
EXTENSION_ID = "gloss@gloss.invalid"  # browser_specific_settings.gecko.id in manifest.firefox.json
HIGHLIGHT_TIMEOUT_S = 15


def unavailable(problem: str):
    if os.environ.get("GLOSS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required but cannot run: {problem}")
    pytest.skip(f"Firefox test not run: {problem}")


@pytest.fixture()
def bidi_tools():
    try:
        from tests.browser import firefox_bidi
    except ImportError as error:
        unavailable(f"the websockets Python package is not installed ({error})")
    if firefox_bidi.firefox_path() is None:
        unavailable("no firefox-esr found (apt-get install firefox-esr, or set GLOSS_FIREFOX)")
    if shutil.which("node") is None:
        unavailable("node is needed to build the extension")
    return firefox_bidi


def build_firefox_extension(into: Path) -> Path:
    """Run the real build, then install a private copy: a temporary add-on is read from its
    directory while it runs, so a concurrent rebuild of dist/ must not pull files from under it."""
    build = subprocess.run(["node", "extension/build.mjs"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert build.returncode == 0, f"extension build failed:\n{build.stdout}{build.stderr}"
    return Path(shutil.copytree(REPO / "extension" / "dist" / "firefox", into))


def extension_state(bidi, ext_uuid: str, page_url: str) -> object:
    """For failure messages: the extension's settings, and what its content script in the article's
    tab reports (GET_PAGE_STATE), asked from the options page opened in a second tab."""
    try:
        tab = bidi.send("browsingContext.create", {"type": "tab", "background": True})["context"]
        bidi.send("browsingContext.navigate",
                  {"context": tab, "url": f"moz-extension://{ext_uuid}/options.html", "wait": "complete"})
        return bidi.evaluate(tab, f"""(async () => {{
            const settings = await browser.storage.local.get(null);
            const page = (await browser.tabs.query({{}})).find((t) => t.url === {json.dumps(page_url)});
            const state = page ? await browser.tabs.sendMessage(page.id, {{type: "gloss:get-page-state"}})
                .catch((error) => `no content script answers: ${{error.message}}`) : "article tab not found";
            return {{settings, state}};
        }})()""")
    except Exception as error:  # noqa: BLE001  (a diagnostic must not hide the real failure)
        return f"(could not ask: {error})"


def test_firefox_build_highlights_the_demo_headline(bidi_tools, app, live_server):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--base-url", live_server])
    assert result.exit_code == 0, result.output
    page_url = f"{live_server}/demo/article"
    notes = requests.get(f"{live_server}/api/annotations", params={"url": page_url}, timeout=10).json()["items"]
    headline_id = next(n["id"] for n in notes if n["target"]["selector"][0]["exact"] == article.TITLE)

    workdir = Path(tempfile.mkdtemp(prefix="gloss-firefox-"))
    profile = workdir / "profile"
    profile.mkdir()
    firefox = bidi = None
    try:
        extension_dir = build_firefox_extension(workdir / "extension")
        # Fix the add-on's moz-extension:// UUID up front so the test can open its options page.
        ext_uuid = str(uuid.uuid4())
        firefox = bidi_tools.Firefox(bidi_tools.firefox_path(), str(profile), prefs={
            "extensions.webextensions.uuids": json.dumps({EXTENSION_ID: ext_uuid})})
        bidi = bidi_tools.BiDi(firefox.bidi_url)
        bidi.send("session.new", {"capabilities": {}})
        installed = bidi.send("webExtension.install",
                              {"extensionData": {"type": "path", "path": str(extension_dir)}}, timeout=20)
        assert installed["extension"] == EXTENSION_ID
        tab = bidi.send("browsingContext.getTree", {"maxDepth": 0})["contexts"][0]["context"]

        # Point the extension at the live server the way a user does: on its options page.
        bidi.send("browsingContext.navigate",
                  {"context": tab, "url": f"moz-extension://{ext_uuid}/options.html", "wait": "complete"})
        assert bidi.evaluate(tab, "document.title") == "Gloss options", firefox.recent_log()
        # MV3 host permissions are optional in Firefox: the content script only runs where granted.
        assert bidi.evaluate(
            tab, f"browser.permissions.contains({{origins: [{json.dumps(page_url)}]}})"), \
            bidi.evaluate(tab, "browser.permissions.getAll()")
        # The page fills the field once the background answers; typing before that gets overwritten.
        assert bidi.wait_for(tab, "document.getElementById('server').value", timeout=5)
        bidi.evaluate(tab, f"document.getElementById('server').value = {json.dumps(live_server)}")
        # A real click: Save calls permissions.request, which Firefox only allows in a user gesture.
        bidi.click(tab, "#server-form button[type=submit]")
        status = bidi.wait_for(tab, "document.getElementById('server-status').textContent", timeout=5)
        assert status == "Saved; the server answers.", status
        assert bidi.evaluate(tab, "browser.storage.local.get('server').then((s) => s.server)") == live_server

        bidi.send("browsingContext.navigate", {"context": tab, "url": page_url, "wait": "complete"})
        marks_js = """[...document.querySelectorAll("mark.gloss-highlight")]
                      .map((m) => [m.dataset.glossIds, m.textContent])"""
        deadline = time.monotonic() + HIGHLIGHT_TIMEOUT_S
        while True:
            marks = bidi.evaluate(tab, marks_js)
            headline = "".join(text for ids, text in marks if headline_id in ids.split(" "))
            if headline == article.TITLE or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert headline == article.TITLE, (
            f"no highlight on the headline after {HIGHLIGHT_TIMEOUT_S} s; marks: {marks}\n"
            f"the extension says: {extension_state(bidi, ext_uuid, page_url)}\n"
            f"Firefox said:\n{firefox.recent_log()}")
        # Every seeded note is drawn, not just the headline's.
        drawn = {note_id for ids, _ in marks for note_id in ids.split(" ")}
        assert drawn == {n["id"] for n in notes}
    finally:
        if bidi is not None:
            bidi.close()
        if firefox is not None:
            firefox.close()
        shutil.rmtree(workdir, ignore_errors=True)
