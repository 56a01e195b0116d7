"""The demo article as a reader's browser renders it: the seeded quotes are on the page, word for word."""
from __future__ import annotations

import re

import pytest

from server.demo import article

pytestmark = pytest.mark.browser


def test_demo_article_renders_headline_and_every_seeded_quote(page, live_server, app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--base-url", live_server])
    assert result.exit_code == 0, result.output
    page.goto(f"{live_server}/demo/article")
    assert page.locator("h1").inner_text() == article.TITLE
    assert page.locator('link[rel="canonical"]').get_attribute("href") == f"{live_server}/demo/article"
    rendered = page.evaluate("() => document.body.innerText")
    notes = page.request.get(f"{live_server}/api/annotations", params={"url": page.url}).json()["items"]
    assert {n["exact"] for n in article.DEMO_NOTES} <= {n["target"]["selector"][0]["exact"] for n in notes}
    for note in notes:
        quote = note["target"]["selector"][0]
        assert quote["exact"] in rendered
        # The seeded context is the rendered context up to whitespace (which anchoring folds), so
        # prefix and suffix help place the note too.
        assert squash(quote["prefix"] + quote["exact"] + quote["suffix"]) in squash(rendered)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)
