"""Builders every test shares: a W3C note payload on the motivating headline (vary it per test), a
note with a given quote, notes written through the real API, and the small lookups tests make of them.
Fixtures (users, tokens, apps) stay in the conftest files; these are plain functions."""
from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

ARTICLE_URL = "https://news.example.com/2026/11/20/missiles?utm_source=feed#top"
NORMALIZED_URL = "https://news.example.com/2026/11/20/missiles"
HEADLINE = "US anti-tank missiles deployed to the Russian border"
# Community statuses a freshly written note can have: what a test lists to see new notes.
ANY = "helpful,needs_more_ratings"

BASE_NOTE = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "type": "Annotation",
    "motivation": "commenting",
    "body": [
        {"type": "TextualBody", "value": "Headline overstates: the missiles were delivered to Ukraine.",
         "format": "text/plain", "language": "en"},
        {"type": "TextualBody", "value": "misleading-headline", "purpose": "tagging"},
    ],
    "target": {
        "source": ARTICLE_URL,
        "selector": [
            {"type": "TextQuoteSelector", "exact": HEADLINE, "prefix": "World | ", "suffix": "\nA new shipment"},
            {"type": "TextPositionSelector", "start": 8, "end": 8 + len(HEADLINE)},
        ],
    },
}


def make_note(**changes) -> dict:
    """The headline note's payload, with top-level fields replaced by `changes`."""
    note = copy.deepcopy(BASE_NOTE)
    note.update(changes)
    return note


def quote_note(source: str = "https://news.example.com/a", exact: str = "quote", text: str = "A note.",
               tags=(), motivation: str = "commenting", verdict: str | None = None) -> dict:
    """A note payload on `exact` of `source` (a quote selector only), with this text, tags and verdict."""
    note = make_note(motivation=motivation, gloss={"tags": list(tags)})
    note["body"] = [{"type": "TextualBody", "value": text, "format": "text/plain"}]
    if verdict:
        note["body"].append({"type": "TextualBody", "purpose": "classifying", "value": verdict})
    note["target"] = {"source": source, "selector": [{"type": "TextQuoteSelector", "exact": exact}]}
    return note


def post_note(client, headers, note: dict | None = None, /, **quote) -> dict:
    """Write a note through POST /api/annotations (`note`, else quote_note(**quote)) and return its
    representation; anything but a 201 fails the test."""
    payload = note if note is not None else quote_note(**quote)
    response = client.post("/api/annotations", json=payload, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def short_id(note: dict) -> str:
    """A note's id: the last segment of its IRI."""
    return note["id"].rsplit("/", 1)[1]


def local(url: str) -> str:
    """An absolute URL the test client answers, as a path."""
    return url.replace("http://localhost", "")


def age_accounts(app, days: int = 30) -> None:
    """Make every account old enough that links in notes are not held for review."""
    from server.accounts.models import User
    from server.db import db
    with app.app_context():
        db.session.execute(update(User).values(created=datetime.now(UTC) - timedelta(days=days)))
        db.session.commit()
