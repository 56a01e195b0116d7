"""Notes written before text model 2 (the old extraction: every text node under <body> run together,
hidden ones included) are still highlighted on exactly their words by today's extension."""
from __future__ import annotations

import pytest
import requests
from sqlalchemy import update

from server.annotations.models import Annotation
from server.db import db
from tests.browser.test_extension import MARKS, marked_text, open_page

pytestmark = pytest.mark.browser

# What the extension sent before issue 12, and measured notes on (kept here to write old notes).
OLD_EXTRACTION = """() => {
    const skipped = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "SELECT", "OPTION"]);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode(node) {
        for (let el = node.parentElement; el; el = el.parentElement) {
            if (skipped.has(el.tagName) || el.hasAttribute("data-gloss-ui")) return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
    }});
    let text = "";
    for (let node = walker.nextNode(); node; node = walker.nextNode()) text += node.data;
    return text;
}"""

QUOTES = {  # the old quote (as the old text had it) -> the words that must be highlighted now
    "Aid convoy reaches the border town after a week": "Aid convoy reaches the border town after a week",
    "unloaded at a school.": "unloaded at a school.",
    "libertariansIn an interview": "libertariansIn an interview",  # marks' text: the two blocks' words
}


def old_note(text: str, exact: str, occurrence: int, url: str) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(exact, start + 1)
    end = start + len(exact)
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "bodyValue": "Old note.",
            "target": {"source": url, "selector": [
                {"type": "TextQuoteSelector", "exact": exact, "prefix": text[max(0, start - 32):start],
                 "suffix": text[end:end + 32]},
                {"type": "TextPositionSelector", "start": start, "end": end}]}}


def test_notes_written_on_the_old_text_are_drawn_on_their_words_not_on_hidden_copies(app, ext, live_server, page,
                                                                                      fixture_site, accounts):
    context, _ = ext
    url = f"{fixture_site}/legacy-article.html"
    page.goto(url)  # a browser without the extension: the text as the old extension read it
    old_text = page.evaluate(OLD_EXTRACTION)
    headers = accounts.headers("veteran")
    ids = {}
    for exact in QUOTES:
        # The headline's first occurrence in the old text is the hidden share copy: the reader wrote
        # on the visible one, the second.
        occurrence = 1 if exact.startswith("Aid convoy") else 0
        response = requests.post(f"{live_server}/api/annotations", json=old_note(old_text, exact, occurrence, url),
                                 headers=headers)
        assert response.status_code == 201, response.text
        ids[exact] = response.json()["id"]
    with app.app_context():  # as migration 0009 marks every note that existed before it
        db.session.execute(update(Annotation).where(Annotation.id.in_([i.rsplit("/", 1)[-1] for i in ids.values()]))
                           .values(text_version=1))
        db.session.commit()
    page = open_page(context, url)
    page.wait_for_function(f"() => document.querySelectorAll('{MARKS}').length >= {len(QUOTES)}")
    for exact, words in QUOTES.items():
        assert marked_text(page, ids[exact]) == words
    # The headline note is drawn in the visible <h1>, never in the hidden share copy.
    assert page.evaluate(f"""() => [...document.querySelectorAll('{MARKS}')]
        .every(m => m.checkVisibility())""")
    assert page.evaluate(f"""(id) => [...document.querySelectorAll('{MARKS}')]
        .filter(m => m.dataset.glossIds.split(' ').includes(id)).every(m => m.closest('#headline'))""",
                         ids["Aid convoy reaches the border town after a week"])
