"""Helpers for the feeds tests: notes written through the API, and a change feed with no settle window."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from server.accounts.models import User
from server.db import db
from tests.annotations.conftest import make_note

ANY = "helpful,needs_more_ratings"


def post_note(client, headers, source="https://news.example.com/a", exact="quote", text="A note.", tags=(),
              motivation="commenting", verdict=None):
    note = make_note(motivation=motivation, gloss={"tags": list(tags)})
    note["body"] = [{"type": "TextualBody", "value": text, "format": "text/plain"}]
    if verdict:
        note["body"].append({"type": "TextualBody", "purpose": "classifying", "value": verdict})
    note["target"] = {"source": source, "selector": [{"type": "TextQuoteSelector", "exact": exact}]}
    response = client.post("/api/annotations", json=note, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def short_id(note: dict) -> str:
    return note["id"].rsplit("/", 1)[1]


def local(url: str) -> str:
    return url.replace("http://localhost", "")


@pytest.fixture()
def settled(app):
    """The change feed serves changes at once (GLOSS_CHANGES_SETTLE_SECONDS=0) for this test."""
    original = app.config["GLOSS"]
    app.config["GLOSS"] = dataclasses.replace(original, changes_settle_seconds=0)
    yield
    app.config["GLOSS"] = original


def age_accounts(app, days: int = 30) -> None:
    """Make every account old enough that links in notes are not held for review."""
    with app.app_context():
        db.session.execute(update(User).values(created=datetime.now(timezone.utc) - timedelta(days=days)))
        db.session.commit()
