"""Notes on the fixture article (tests/fingerprints/articles.py), written through the API."""
from __future__ import annotations

import pytest

from server import create_app
from server.db import db
from tests.conftest import TEST_ENV
from tests.fingerprints.articles import ORIGINAL_TEXT, ORIGINAL_URL

SHOWN = ["helpful", "needs_more_ratings"]


def quote_note(exact: str, text: str = ORIGINAL_TEXT, source: str = ORIGINAL_URL) -> dict:
    start = text.index(exact)
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
        "bodyValue": f"Note on {exact[:30]}",
        "target": {"source": source, "selector": [
            {"type": "TextQuoteSelector", "exact": exact, "prefix": text[max(0, start - 32):start],
             "suffix": text[start + len(exact):start + len(exact) + 32]},
            {"type": "TextPositionSelector", "start": start, "end": start + len(exact)}]},
    }


@pytest.fixture()
def writer(accounts):
    return accounts.headers("alice")


@pytest.fixture()
def write(client, writer):
    """Writes a note on the original article (or `source`); returns its JSON."""
    def _write(exact: str, text: str = ORIGINAL_TEXT, source: str = ORIGINAL_URL, headers=None) -> dict:
        response = client.post("/api/annotations", json=quote_note(exact, text, source), headers=headers or writer)
        assert response.status_code == 201, response.get_json()
        return response.get_json()
    return _write


def anchor(client, url: str, text: str, status=SHOWN, headers=None, **extra) -> dict:
    response = client.post("/api/anchor", json={"url": url, "text": text, "status": status, **extra},
                           headers=headers or {})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture()
def make_app(app, database_url):
    """Another app (another worker: its own in-memory filter) on the same database, with settings."""
    made = []

    def _make(**env):
        other = create_app({**TEST_ENV, "DATABASE_URL": database_url, **env})
        made.append(other)
        return other
    yield _make
    for other in made:
        with other.app_context():
            db.engine.dispose()
