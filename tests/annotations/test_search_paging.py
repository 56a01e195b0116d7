"""Paging through 1,000 notes over real HTTP while another thread keeps writing notes: every note
that existed when paging began comes out exactly once, and no note comes out twice."""
from __future__ import annotations

import json
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from server.accounts.models import User
from server.annotations import services
from server.annotations.schemas import AnnotationInSchema
from server.db import db
from tests.factories import make_note

NOTES = 1_000
PAGE = 37
MAX_PAGES = 4 * NOTES // PAGE  # far more than the notes there can be: a cursor that stalls fails, not hangs


def note_fields(app, body: str) -> dict:
    """A note's fields as the API's own schema loads them from a W3C annotation."""
    payload = make_note()
    payload["body"][0]["value"] = body
    return AnnotationInSchema(limits=app.config["GLOSS"].limits, partial=False).load(payload)


def write_notes(app, author_id: str, count: int, label: str, stop: threading.Event | None = None) -> list[str]:
    """Notes written one by one through the service every POST uses (one transaction each)."""
    written = []
    with app.app_context():
        author = db.session.get(User, author_id)
        fields = note_fields(app, label)
        for i in range(count):
            if stop is not None and stop.is_set():
                break
            written.append(services.create_annotation(author, {**fields, "body_text": f"{label} {i}"}).id)
            if stop is not None:
                time.sleep(0.002)  # a steady stream, not a flood that the reader could never catch up with
        db.session.remove()
    return written


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return json.load(response)


@pytest.fixture()
def author_id(app, accounts):
    user, _ = accounts.create("bulk")
    with app.app_context():  # an established account: nothing is held for review
        db.session.execute(update(User).values(created=datetime.now(UTC) - timedelta(days=30)))
        db.session.commit()
    return user.id


def walk(url: str, existing: set[str], stop: threading.Event) -> list[str]:
    """Every id of every page, following `next` to the end. New notes sort after the existing ones, so
    the writer is stopped once all of those are seen, and the walk then reaches the end."""
    seen: list[str] = []
    for _ in range(MAX_PAGES):
        if url is None:
            return seen
        page = get(url)
        assert len(page["items"]) <= PAGE
        seen += [item["id"].rsplit("/", 1)[1] for item in page["items"]]
        if existing <= set(seen):
            stop.set()
        url = page["next"]
    raise AssertionError(f"still paging after {MAX_PAGES} pages: the cursor does not move forward")


def test_paging_1000_notes_while_notes_are_added_loses_and_repeats_nothing(app, live_server, author_id):
    existing = set(write_notes(app, author_id, NOTES, "original"))
    assert len(existing) == NOTES
    for sort in ("created", "updated"):
        stop, added = threading.Event(), []
        writer = threading.Thread(
            target=lambda added, stop: added.extend(write_notes(app, author_id, NOTES, "added", stop)),
            args=(added, stop))
        writer.start()
        try:
            seen = walk(f"{live_server}/api/annotations?status=needs_more_ratings&sort={sort}&limit={PAGE}",
                        existing, stop)
        finally:
            stop.set()
            writer.join()
        assert len(seen) == len(set(seen)), f"sort={sort}: a note came out twice"
        assert len([s for s in seen if s in existing]) == len(existing), f"sort={sort}: an existing note was lost"
        assert added, "the writer added nothing while the reader paged"
        assert set(seen) - existing <= set(added)
        existing |= set(added)  # the next walk must find these too, exactly once
