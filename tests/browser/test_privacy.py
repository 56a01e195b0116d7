"""Reader privacy end to end (issue 8): Chromium with the unpacked extension and the real app behind a
server that records every request it receives, so each test can say exactly what reached it.

A page without notes costs a URL-hash prefix lookup (and the fingerprint filter), never its text; a
page with notes, a copy of an annotated article, or the reader's "Check this page" sends the text."""
from __future__ import annotations

import hashlib
import io
import json
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import update

from server.annotations.models import Annotation
from server.db import db
from server.demo import article
from server.documents.urls import normalize_url
from tests.browser.test_extension import MARKS, marked_text, note_on, open_page, seed_demo, shadow, tell_tab

pytestmark = pytest.mark.browser

SETTLE_TIMEOUT_S = 10
# Words of the fixture pages that must never reach the server unless the page's text is sent.
INLINE_WORDS = ("Residents can comment", "bus lanes", "Deliveries to the market")
COMMON_PHRASE_WORDS = ("opening hours", "Visa appointments")
WIRE_QUOTE = ("The agreement raises wages by six percent this year and four percent next year, and it limits "
              "the use of agency staff on night shifts")


@dataclass
class Seen:
    method: str
    path: str
    query: str
    headers: dict
    body: str

    def mentions(self, text: str) -> bool:
        return any(text in part for part in (self.path, self.query, json.dumps(self.headers), self.body))


class RecordingApp:
    """WSGI middleware: notes every request (method, path, query, headers, body), then serves it."""

    def __init__(self, app):
        self.app = app
        self.seen: list[Seen] = []
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        headers = {key: value for key, value in environ.items() if key.startswith("HTTP_")}
        with self.lock:
            self.seen.append(Seen(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""),
                                  environ.get("QUERY_STRING", ""), headers, body.decode("utf-8", "replace")))
        return self.app(environ, start_response)

    def clear(self):
        with self.lock:
            self.seen.clear()

    def requests(self, method=None, path=None) -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if (method is None or s.method == method) and (path is None or s.path == path)]


@pytest.fixture()
def recorded(app):
    """The app on a real HTTP server that records what it receives; yields (base URL, recorder)."""
    from werkzeug.serving import make_server
    recorder = RecordingApp(app)
    server = make_server("127.0.0.1", 0, recorder, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", recorder
    server.shutdown()
    thread.join()


@pytest.fixture()
def reader(extension, recorded):
    """A fresh reader: the extension's storage emptied, pointed at the recording server."""
    context, worker = extension
    worker.evaluate("(server) => chrome.storage.local.clear().then(() => chrome.storage.local.set({server}))",
                    recorded[0])
    yield context, worker
    for tab in context.pages:
        tab.close()


def page_state(worker, url):
    """What the tab's content script reports (GET_PAGE_STATE), or None before it answers."""
    return worker.evaluate("""async (url) => {
        const [tab] = await chrome.tabs.query({url});
        if (!tab) return null;
        return chrome.tabs.sendMessage(tab.id, {type: 'gloss:get-page-state'}).catch(() => null);
    }""", url)


def settled(page, worker, url):
    """Wait until the content script has had the background's answer for the page."""
    for _ in range(SETTLE_TIMEOUT_S * 10):
        state = page_state(worker, url)
        if state and state.get("sent") is not None:
            return state
        page.wait_for_timeout(100)
    raise AssertionError(f"the extension never finished with {url}: {page_state(worker, url)}")


def url_prefix(url: str) -> str:
    return hashlib.sha256(normalize_url(url).encode("utf-8")).hexdigest()[:4]


def note_on_original(server, accounts, fixture_site):
    return note_on(server, accounts.headers("wire-editor"), f"{fixture_site}/wire-original.html", WIRE_QUOTE,
                   text="Six percent is before inflation; real pay falls.",
                   prefix="Shipping lines had diverted dozens of vessels. ", suffix=", according to a summary")


def test_pages_without_notes_get_a_hash_prefix_lookup_and_no_text_reaches_the_server(reader, recorded, fixture_site,
                                                                                   accounts):
    context, worker = reader
    server, recorder = recorded
    note_on_original(server, accounts, fixture_site)  # the server has notes, the filter has a fingerprint
    recorder.clear()
    for name, words in (("inline.html", INLINE_WORDS), ("common-phrase.html", COMMON_PHRASE_WORDS)):
        url = f"{fixture_site}/{name}"
        page = open_page(context, url)
        assert settled(page, worker, url)["sent"] is False
        assert page.locator(MARKS).count() == 0
        lookups = recorder.requests("GET", "/api/lookup")
        assert f"prefix={url_prefix(url)}" in [s.query for s in lookups]
        for seen in recorder.requests():
            assert (seen.method, seen.path) in {("GET", "/api/lookup"), ("GET", "/api/fingerprints")}, seen
            assert not seen.mentions(name) and not seen.mentions(fixture_site), seen
            assert not any(seen.mentions(w) for w in words), seen
            assert "HTTP_AUTHORIZATION" not in seen.headers and "HTTP_COOKIE" not in seen.headers
    assert recorder.requests("GET", "/api/fingerprints"), "the filter was fetched to check the pages locally"


def test_demo_article_sends_its_text_and_shows_the_headline_note_to_a_fresh_reader(app, reader, recorded):
    context, worker = reader
    server, recorder = recorded
    seed_demo(app, server)
    recorder.clear()
    url = f"{server}/demo/article"
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    notes = requests.get(f"{server}/api/annotations", params={"url": url}).json()["items"]
    headline = next(n["id"] for n in notes if n["target"]["selector"][0]["exact"] == article.TITLE)
    assert marked_text(page, headline) == article.TITLE
    paths = [(s.method, s.path) for s in recorder.requests() if s.path != "/api/annotations"]
    assert paths.index(("GET", "/api/lookup")) < paths.index(("POST", "/api/anchor"))
    [sent] = recorder.requests("POST", "/api/anchor")
    body = json.loads(sent.body)
    assert body["url"] == url and article.TITLE in body["text"]
    assert not recorder.requests("GET", "/api/fingerprints"), "a listed page needs no filter"


def test_check_this_page_in_the_popup_sends_the_text_on_demand(reader, recorded, fixture_site):
    context, worker = reader
    _, recorder = recorded
    url = f"{fixture_site}/inline.html"
    page = open_page(context, url)
    assert settled(page, worker, url)["sent"] is False
    assert not recorder.requests("POST", "/api/anchor")
    # The popup acts on the active tab: open it in a tab that stays in the background.
    popup = context.new_page()
    page.bring_to_front()
    popup.goto(f"chrome-extension://{worker.url.split('/')[2]}/popup.html")
    popup.wait_for_function("() => document.getElementById('count').textContent.includes('not sent')")
    popup.click("#check-page")
    popup.wait_for_function("() => document.getElementById('check-status').textContent === 'Checked.'")
    [sent] = recorder.requests("POST", "/api/anchor")
    body = json.loads(sent.body)
    assert body["url"] == url and all(w in body["text"] for w in INLINE_WORDS)
    assert popup.text_content("#count") == "0 notes on this page."
    assert page_state(worker, url)["sent"] is True


def test_copy_with_another_headline_shows_the_originals_note_marked_with_its_site(app, reader, recorded, fixture_site,
                                                                                     accounts):
    context, worker = reader
    server, recorder = recorded
    note = note_on_original(server, accounts, fixture_site)
    with app.app_context():  # rated helpful, as the scorer would: the published filter holds only those
        db.session.execute(update(Annotation).where(Annotation.id == note["id"].rsplit("/", 1)[-1])
                           .values(status="helpful"))
        db.session.commit()
    recorder.clear()
    url = f"{fixture_site}/wire-copy.html"
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    assert marked_text(page, note["id"]) == WIRE_QUOTE
    assert page.evaluate("document.querySelector('h1').textContent") == "Strike over: dockers back at work on Monday"
    site = urlsplit(fixture_site).netloc
    page.locator(MARKS).first.hover()
    page.wait_for_function("() => !document.getElementById('gloss-ui').shadowRoot.querySelector('.popover').hidden")
    assert f"from a copy of this article at {site}" in shadow(page, ".popover .via")
    tell_tab(worker, url, "gloss:open-panel")
    assert f"from a copy of this article at {site}" in shadow(page, f'li[data-note-id="{note["id"]}"] .via')
    # Found by the local filter check: the filter was fetched, then the copy's text was sent.
    paths = [(s.method, s.path) for s in recorder.requests()]
    assert paths.index(("GET", "/api/fingerprints")) < paths.index(("POST", "/api/anchor"))
    assert json.loads(recorder.requests("POST", "/api/anchor")[0].body)["url"] == url
