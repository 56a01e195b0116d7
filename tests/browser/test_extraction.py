"""Extraction v2 (issue 12) in real Chromium: the page text leaves out what a reader cannot see,
puts one "\\n" between blocks, maps selections and highlights exactly, and goes to POST /api/anchor
with its breaks and links.

The first tests load extension/src/content/*.js into plain pages (served with the fixtures, no
extension); the last ones run the unpacked extension against the real app.
"""
from __future__ import annotations

import io
import json
import os
import re
import statistics
from pathlib import Path

import pytest
import requests

from tests.browser.conftest import FIXTURES
from tests.browser.test_extension import MARKS, marked_text, note_on, open_page, shadow, sign_in, tell_tab

pytestmark = pytest.mark.browser

SRC = Path(__file__).resolve().parents[2] / "extension" / "src"
HEADLINE = "Tram line to the airport approved"


def serve_sources(page, fixture_site):
    """extension/src under /gloss-src/ of the fixture site, so the modules import each other as they do
    in the extension."""
    def fulfill(route):
        file = (SRC / route.request.url.split("/gloss-src/", 1)[1]).resolve()
        assert SRC in file.parents and file.is_file(), file
        route.fulfill(body=file.read_bytes(), content_type="text/javascript; charset=utf-8")
    page.route(f"{fixture_site}/gloss-src/**", fulfill)


def load(page, fixture_site, name):
    serve_sources(page, fixture_site)
    page.goto(f"{fixture_site}/{name}")
    page.evaluate("""async () => {
        window.T = await import('/gloss-src/content/text.js');
        window.H = await import('/gloss-src/content/highlight.js');
    }""")
    return page


def extract(page):
    """extractText(document.body) as JSON: text, breaks, links, and each chunk's [start, end, data]."""
    return page.evaluate("""() => {
        const r = T.extractText(document.body);
        return {text: r.text, breaks: r.breaks, links: r.links,
                chunks: r.chunks.map((c) => [c.start, c.end, c.node.data])};
    }""")


@pytest.fixture(scope="module")
def hidden_page(browser, fixture_site):
    """extraction-hidden.html extracted once for all the hidden-variant tests."""
    context = browser.new_context()
    page = load(context.new_page(), fixture_site, "extraction-hidden.html")
    yield extract(page), page.evaluate("document.body.textContent")
    context.close()


HIDDEN_MARKERS = sorted(set(re.findall(r"HIDDEN-[a-z-]+", (FIXTURES / "extraction-hidden.html").read_text())))


@pytest.mark.parametrize("marker", HIDDEN_MARKERS)
def test_each_kind_of_hidden_text_is_left_out(hidden_page, marker):
    extracted, text_content = hidden_page
    if marker != "HIDDEN-template":  # a template's content is a fragment outside the tree
        assert marker in text_content  # the fixture really has it in a text node under <body>
    assert marker not in extracted["text"]


def test_every_visible_piece_of_the_hidden_text_page_is_kept_in_order(hidden_page):
    extracted, _ = hidden_page
    assert re.findall(r"SHOWN-[a-z-]+", extracted["text"]) == [
        "SHOWN-home", "SHOWN-local", "SHOWN-headline", "SHOWN-para-one", "SHOWN-cell", "SHOWN-summary",
        "SHOWN-svg-text", "SHOWN-visible-inside-hidden", "SHOWN-para-two"]
    assert "SHOWN-para-one The first ferry leaves at six.\n" in extracted["text"]


def test_block_elements_are_separated_by_one_newline_and_inline_ones_are_not(page, fixture_site):
    extracted = extract(load(page, fixture_site, "extraction-blocks.html"))
    lines = [line for line in extracted["text"].split("\n") if line.strip()]
    assert lines == [
        "Library opens on Sundays", "From next month", "Three branches", "Pilot year", "Staff agree", "Budget note",
        "The central branch, the riverside branch and the hill branch open at ten.",  # b, i, a, span, em
        "Central", "Riverside", "Hill", "Opening", "nested", "tail", "Mon", "closed", "Readers asked for it.",
        "The reading room.", "First line", "second line", "Related", "Council members court the libertarians",
        "In an interview, the librarian welcomed the plan."]
    assert "libertarians\nIn an interview" in extracted["text"]
    assert not extracted["text"].startswith("\n")


def test_words_are_those_of_inner_text_on_pages_without_hidden_text(page, fixture_site):
    for name in ("extraction-blocks.html", "inline.html", "changed.html"):
        load(page, fixture_site, name)
        text, inner = page.evaluate("[T.extractText(document.body).text, document.body.innerText]")
        assert text.split() == inner.split(), name


def test_chunks_map_back_exactly_and_breaks_and_links_are_code_points(page, fixture_site):
    extracted = extract(load(page, fixture_site, "extraction-article.html"))
    text = extracted["text"]
    units = text.encode("utf-16-le")
    for start, end, data in extracted["chunks"]:
        assert units[2 * start:2 * end].decode("utf-16-le") == data
    assert extracted["breaks"] and all(text[at] == "\n" for at in extracted["breaks"])  # Python counts code points
    assert extracted["breaks"] == sorted(set(extracted["breaks"]))
    links = [text[start:end] for start, end in extracted["links"]]
    assert links == ["City", "Transport", "a decade of debate", "Bus lanes split the council",
                     "Why the mayor courts the libertarians"]
    assert text.count(HEADLINE) == 1  # the nav, share, aria-hidden, visually hidden and <title> copies are gone


def test_extracting_twice_and_after_a_reload_gives_identical_text(page, fixture_site):
    load(page, fixture_site, "extraction-article.html")
    first, second = extract(page), extract(page)
    load(page, fixture_site, "extraction-article.html")
    assert first == second == extract(page)


# A DOM selection -> UTF-16 offsets of the text -> W3C selectors (code points) -> back to UTF-16 ->
# marks. Returns what the code points select and what the marks spell.
ROUND_TRIP = """([id, from, to]) => {
    const node = document.getElementById(id).firstChild;
    const range = document.createRange();
    range.setStart(node, node.data.indexOf(from));
    range.setEnd(node, node.data.indexOf(to) + to.length);
    const selected = range.toString(); // before marks split the node under the range
    const {text, chunks} = T.extractText(document.body);
    const start = T.textOffset(chunks, range.startContainer, range.startOffset);
    const end = T.textOffset(chunks, range.endContainer, range.endOffset);
    const [quote, position] = T.selectorsFor(text, start, end);
    const convert = new T.OffsetConverter(text);
    const span = {id: 'n', start: convert.toUtf16(position.start), end: convert.toUtf16(position.end)};
    const marks = H.drawHighlights(document, chunks, [span]).n ?? [];
    return {selected, exact: quote.exact, position: [position.start, position.end], text,
            marked: marks.map((m) => m.textContent).join('')};
}"""


@pytest.mark.parametrize("start, end", [("📦", "线路。"), ("新的", "伝えた。"), ("「速報」", "😀 a voté.")])
def test_selection_offsets_round_trip_through_emoji_and_cjk_text(page, fixture_site, start, end):
    load(page, fixture_site, "extraction-article.html")
    result = page.evaluate(ROUND_TRIP, ["cjk", start, end])
    begin, finish = result["position"]
    assert result["exact"] == result["selected"] == result["marked"]
    assert result["text"][begin:finish] == result["selected"]  # Python slices code points, as the server does


def test_selection_across_two_blocks_is_one_quote_with_one_newline(page, fixture_site):
    load(page, fixture_site, "extraction-blocks.html")
    result = page.evaluate("""() => {
        const li = [...document.querySelectorAll('li')].pop(), p = li.closest('aside').nextElementSibling;
        const {text, chunks} = T.extractText(document.body);
        const a = li.querySelector('a').firstChild, b = p.firstChild;
        const start = T.textOffset(chunks, a, a.data.indexOf('libertarians'));
        const end = T.textOffset(chunks, b, 'In an interview'.length);
        return T.selectorsFor(text, start, end)[0].exact;
    }""")
    assert result == "libertarians\nIn an interview"


def test_highlight_pieces_never_cover_a_break_or_hidden_text(page, fixture_site):
    load(page, fixture_site, "extraction-article.html")
    marks = page.evaluate("""() => {
        const {text, chunks} = T.extractText(document.body);
        const marks = H.drawHighlights(document, chunks, [{id: 'all', start: 0, end: text.length}]).all;
        return marks.map((m) => [m.textContent, m.checkVisibility({visibilityProperty: true}),
                                 Boolean(m.closest('header .share-menu, [aria-hidden=true], .visually-hidden'))]);
    }""")
    assert marks and all(visible and not hidden for _, visible, hidden in marks)
    assert all(text.strip() for text, _, _ in marks)


@pytest.mark.skipif(os.environ.get("GLOSS_EXTRACTION_BENCH") != "1",
                    reason="timing, not a test: GLOSS_EXTRACTION_BENCH=1 prints it")
def test_extraction_time_on_a_1_mb_page(page, fixture_site):
    from bench.overlay_bench import build_page
    serve_sources(page, fixture_site)
    page.goto(f"{fixture_site}/extraction-blocks.html")
    page.set_content(build_page(1000, 7))
    page.evaluate("async () => { window.T = await import('/gloss-src/content/text.js'); }")
    times = page.evaluate("""() => {
        const time = (f) => { const a = performance.now(); f(); return performance.now() - a; };
        const cold = time(() => T.extractText(document.body));
        const warm = [], dirty = [], inner = [];
        for (let i = 0; i < 7; i++) warm.push(time(() => T.extractText(document.body)));
        for (let i = 0; i < 7; i++) {  // after a style change, as after the page changed
            document.body.classList.toggle('gloss-bench');
            dirty.push(time(() => T.extractText(document.body)));
        }
        for (let i = 0; i < 7; i++) inner.push(time(() => document.body.innerText));
        const r = T.extractText(document.body);
        return {cold, warm, dirty, inner, chars: r.text.length, nodes: r.chunks.length,
                elements: document.body.querySelectorAll('*').length};
    }""")
    report = {k: round(statistics.median(v), 1) if isinstance(v, list) else v for k, v in times.items()}
    print("\nextraction of a 1 MB page (median ms):", json.dumps(report))
    assert report["warm"] < 1000


# --- the extension, end to end ----------------------------------------------------------------------
@pytest.fixture()
def record_anchor_requests(app):
    """record(app): the JSON bodies of every POST /api/anchor the app receives from then on, each with
    the status the app answered under "_status" (the app is the real one; only its WSGI entry point is
    wrapped to read the body first). The app is shared by the whole session: the wrapper goes after the
    test, so no later test meets it."""
    original = app.wsgi_app
    yield _record_anchor_requests
    app.wsgi_app = original


def _record_anchor_requests(app) -> list[dict]:
    bodies: list[dict] = []
    inner = app.wsgi_app

    def recording(environ, start_response):
        if environ["PATH_INFO"] != "/api/anchor" or environ["REQUEST_METHOD"] != "POST":
            return inner(environ, start_response)
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        body = json.loads(raw)
        bodies.append(body)
        environ["wsgi.input"] = io.BytesIO(raw)

        def status_seen(status, headers, *args):
            body["_status"] = int(status.split()[0])
            return start_response(status, headers, *args)
        return inner(environ, status_seen)

    app.wsgi_app = recording
    return bodies


def marks_of(page, note_id):
    return page.evaluate("""(id) => [...document.querySelectorAll('mark.gloss-highlight')]
        .filter((m) => m.dataset.glossIds.split(' ').includes(id))
        .map((m) => ({text: m.textContent, visible: m.checkVisibility({visibilityProperty: true}),
                      inHeadline: Boolean(m.closest('#headline'))}))""", note_id)


def test_headline_note_is_drawn_on_the_visible_headline_not_on_hidden_copies_before_it(ext, live_server,
                                                                                     fixture_site, accounts):
    context, _ = ext
    url = f"{fixture_site}/extraction-article.html"
    note = note_on(live_server, accounts.headers(), url, HEADLINE)
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    marks = marks_of(page, note["id"])
    assert "".join(m["text"] for m in marks) == HEADLINE
    assert all(m["visible"] and m["inHeadline"] for m in marks)


def test_anchor_request_carries_extraction_2_with_the_pages_breaks_and_links(app, ext, live_server, fixture_site,
                                                                           accounts, record_anchor_requests):
    bodies = record_anchor_requests(app)
    context, _ = ext
    url = f"{fixture_site}/extraction-article.html"
    note_on(live_server, accounts.headers(), url, HEADLINE)
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    serve_sources(page, fixture_site)
    expected = page.evaluate("""async () => {
        const T = await import('/gloss-src/content/text.js');
        document.querySelectorAll('mark.gloss-highlight').forEach((m) => m.replaceWith(...m.childNodes));
        document.body.normalize();
        const r = T.extractText(document.body);
        return {text: r.text, breaks: r.breaks, links: r.links};
    }""")
    body = bodies[-1]
    assert body.pop("_status") == 200
    assert body["extraction"] == 2
    assert {"text": body["text"], "breaks": body["breaks"], "links": body["links"]} == expected
    assert all(body["text"][at] == "\n" for at in body["breaks"])


def test_a_quote_that_is_only_in_hidden_text_is_not_drawn(ext, live_server, fixture_site, accounts):
    context, worker = ext
    url = f"{fixture_site}/extraction-article.html"
    headers = accounts.headers()
    hidden = note_on(live_server, headers, url, "Share: Tram line to the airport approved")
    shown = note_on(live_server, headers, url, "Construction starts next spring.")
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    assert marked_text(page, shown["id"]) == "Construction starts next spring."
    assert marks_of(page, hidden["id"]) == []
    tell_tab(worker, url, "gloss:open-panel")
    state = page.evaluate("""(id) => document.getElementById('gloss-ui').shadowRoot
        .querySelector(`li[data-note-id="${id}"]`)?.dataset.state""", hidden["id"])
    assert state in ("changed", "orphaned")


def test_note_written_across_two_blocks_is_measured_on_v2_text_and_drawn_after_reload(ext, live_server,
                                                                                    fixture_site, accounts):
    context, worker = ext
    accounts.create("writer", password="correct horse battery")
    sign_in(context, worker)
    url = f"{fixture_site}/extraction-article.html"
    page = open_page(context, url)
    page.wait_for_function("() => document.getElementById('gloss-ui') !== null")
    page.evaluate("""() => {
        const a = [...document.querySelectorAll('.related a')].pop().firstChild;
        const p = document.getElementById('interview').firstChild;
        const range = document.createRange();
        range.setStart(a, a.data.indexOf('libertarians')); range.setEnd(p, 'In an interview'.length);
        getSelection().removeAllRanges(); getSelection().addRange(range);
    }""")
    # The interface exists before the content script listens for mouseup (it first asks for the
    # session): the reader's mouseup is repeated until the "Add note" button answers it.
    page.wait_for_function("""() => {
        document.getElementById('interview').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        return !document.getElementById('gloss-ui').shadowRoot.querySelector('.add').hidden;
    }""", polling=100)
    page.evaluate("document.getElementById('gloss-ui').shadowRoot.querySelector('.add').click()")
    assert shadow(page, ".form .quote").startswith("“libertarians\n")
    page.evaluate("""() => {
        const root = document.getElementById('gloss-ui').shadowRoot;
        root.querySelector('textarea').value = 'Two blocks.';
        root.querySelector('.save').click();
    }""")
    page.wait_for_selector(MARKS)
    listed = requests.get(f"{live_server}/api/annotations", params={"url": url, "status": "needs_more_ratings"}).json()
    selectors = {s["type"]: s for s in listed["items"][0]["target"]["selector"]}
    exact = selectors["TextQuoteSelector"]["exact"]
    assert exact.startswith("libertarians\n") and exact.endswith("\nIn an interview")
    serve_sources(page, fixture_site)
    page.reload()
    page.wait_for_selector(MARKS)
    assert re.sub(r"\s", "", marked_text(page, listed["items"][0]["id"])) == re.sub(r"\s", "", exact)
    text = page.evaluate("""async () => {
        const T = await import('/gloss-src/content/text.js');
        document.querySelectorAll('mark.gloss-highlight').forEach((m) => m.replaceWith(...m.childNodes));
        document.body.normalize();
        return T.extractText(document.body).text;
    }""")
    position = selectors["TextPositionSelector"]
    assert text[position["start"]:position["end"]] == exact  # offsets of the v2 text, in code points


CLOSING = "The harbour 🌊 reopens to ferries on the first of May, the port authority said."


def long_page(sections: int) -> str:
    """A long news page of our own: each section a heading, a paragraph with a link, emoji, a flag,
    CJK text and a <br>, a list of related links, a hidden copy of the heading and a table row, so
    the text has thousands of breaks and hundreds of links with astral characters before them."""
    parts = ['<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour works 🌊</title>',
             "<style>.copy { display: none }</style></head><body>",
             '<nav><a href="/">Home</a> <a href="/port">Port</a> <a href="/ferries">Ferries 🚢</a></nav>',
             "<article><h1>Harbour works: what changes for ferries 🌊</h1>"]
    for i in range(sections):
        parts.append(
            f'<h2>Quay {i} 🚧</h2><div class="copy">Quay {i} 🚧</div>'
            f'<p>Work on quay {i} 👷🏽‍♀️ moves <a href="/quay/{i}">the berth {i} 🇳🇴</a> north, '
            f'<b>港口</b>第{i}号码头。<br>Residents {i} 😀 were told <i>in writing</i>.</p>'
            f'<ul class="related"><li><a href="/r/{i}">Ferry fares {i}</a></li>'
            f'<li><a href="/s/{i}">Tides {i} 🌕</a></li></ul>'
            f"<table><tr><td>Quay {i}</td><td>{i % 7} weeks</td></tr></table>")
    parts.append(f"<p id=\"closing\">{CLOSING}</p></article></body></html>")
    return "".join(parts)


def test_breaks_and_links_of_a_long_page_with_emoji_are_accepted_and_the_last_quote_is_drawn_exactly(
        app, ext, live_server, fixture_site, accounts, record_anchor_requests):
    bodies = record_anchor_requests(app)
    context, _ = ext
    url = f"{fixture_site}/extraction-long.html"  # served by the route below, not from the fixtures
    note = note_on(live_server, accounts.headers(), url, CLOSING)
    page = context.new_page()
    page.route(url, lambda route: route.fulfill(body=long_page(400), content_type="text/html; charset=utf-8"))
    page.goto(url)
    page.wait_for_selector(MARKS)
    body = bodies[-1]
    assert body["_status"] == 200  # the server's schema took every break and link: not a 422
    # One break per gap between blocks: nav|h1|, then h2|p, <br>, p|li, li|li, li|td, td|td, td|next per section.
    assert body["extraction"] == 2 and len(body["breaks"]) == 7 * 400 + 2 and len(body["links"]) > 1000
    text = body["text"]
    assert all(text[at] == "\n" for at in body["breaks"]) and text.count("\n") == len(body["breaks"])
    assert [text[start:end] for start, end in body["links"][3:6]] == ["the berth 0 🇳🇴", "Ferry fares 0", "Tides 0 🌕"]
    assert "Quay 0 🚧\nQuay 0" not in text  # the hidden copies are not sent
    marks = marks_of(page, note["id"])
    assert "".join(m["text"] for m in marks) == CLOSING and all(m["visible"] for m in marks)


def test_notes_in_text_the_reader_opens_are_drawn_once_it_is_shown_and_not_before(ext, live_server, fixture_site,
                                                                                  accounts):
    context, _ = ext
    url = f"{fixture_site}/extraction-reveal.html"
    headers = accounts.headers()
    shown = note_on(live_server, headers, url, "Night buses return to the old town")
    in_details = note_on(live_server, headers, url, "leaves the station at half past midnight")
    folded = note_on(live_server, headers, url, "voted for the new rota")
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    assert marked_text(page, shown["id"]) == "Night buses return to the old town"
    assert marks_of(page, in_details["id"]) == marks_of(page, folded["id"]) == []
    # Opening <details> and lifting a display:none class change attributes only, not the tree.
    page.evaluate("document.getElementById('timetable').open = true")
    page.wait_for_function("(id) => document.querySelector(`mark[data-gloss-ids~='${id}']`)", arg=in_details["id"])
    assert marked_text(page, in_details["id"]) == "leaves the station at half past midnight"
    page.click("button")
    page.wait_for_function("(id) => document.querySelector(`mark[data-gloss-ids~='${id}']`)", arg=folded["id"])
    assert marked_text(page, folded["id"]) == "voted for the new rota"
    assert marked_text(page, shown["id"]) == "Night buses return to the old town"
