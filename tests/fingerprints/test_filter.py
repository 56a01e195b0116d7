"""GET /api/fingerprints: the Bloom filter of the quote fingerprints of helpful, publicly visible notes."""
from __future__ import annotations

import base64

import pytest
from sqlalchemy import update

from server.annotations.models import Annotation
from server.db import db
from server.fingerprints.bloom import BloomFilter
from server.fingerprints.shingles import quote_fingerprint, shingle_hashes
from tests.fingerprints.articles import (
    COPY_TEXT,
    COPY_URL,
    OTHER_TEXT,
    QUOTE_COURSE,
    QUOTE_DELIVERY,
    QUOTE_DISTANCE,
    QUOTE_SHORT,
    QUOTE_SPRING,
)
from tests.fingerprints.conftest import anchor


def _id(note: dict) -> str:
    return note["id"].rsplit("/", 1)[-1]


def fetch(client, **headers):
    return client.get("/api/fingerprints", headers=headers)


@pytest.fixture()
def helpful(app, write):
    """Writes a note on the original article and rates it helpful (as the scorer would)."""
    def _helpful(exact: str) -> dict:
        note = write(exact)
        with app.app_context():
            db.session.execute(update(Annotation).where(Annotation.id == _id(note)).values(status="helpful"))
            db.session.commit()
        return note
    return _helpful


def decode(response) -> BloomFilter:
    body = response.get_json()
    assert body["shingle_words"] == 8
    assert len(base64.b64decode(body["filter"])) == (body["bits"] + 7) // 8
    return BloomFilter.from_base64(body["filter"], body["bits"], body["hashes"])


def test_filter_holds_helpful_visible_notes_fingerprints_and_not_hidden_or_deleted_ones(client, helpful, writer,
                                                                                      accounts):
    visible = [helpful(q) for q in (QUOTE_DELIVERY, QUOTE_COURSE)]
    hidden, deleted = helpful(QUOTE_DISTANCE), helpful(QUOTE_SPRING)
    helpful(QUOTE_SHORT)
    moderator = accounts.headers("mona", role="moderator")
    client.post(f"/api/moderation/annotations/{_id(hidden)}/actions", headers=moderator,
                json={"action": "hide", "reason": "Test.", "expected_version": 1})
    client.delete(f"/api/annotations/{_id(deleted)}", headers=writer)
    response = fetch(client)
    assert response.status_code == 200
    assert response.get_json()["count"] == len(visible)
    bloom = decode(response)
    assert quote_fingerprint(QUOTE_DELIVERY) in bloom and quote_fingerprint(QUOTE_COURSE) in bloom
    assert quote_fingerprint(QUOTE_DISTANCE) not in bloom and quote_fingerprint(QUOTE_SPRING) not in bloom


def test_unrated_and_unhelpful_notes_stay_out_of_the_filter(app, client, write, helpful):
    unrated, unhelpful = write(QUOTE_DELIVERY), write(QUOTE_COURSE)
    with app.app_context():
        db.session.execute(update(Annotation).where(Annotation.id == _id(unhelpful)).values(status="not_helpful"))
        db.session.commit()
    helpful(QUOTE_DISTANCE)
    response = fetch(client)
    assert response.get_json()["count"] == 1
    bloom = decode(response)
    assert quote_fingerprint(QUOTE_DISTANCE) in bloom
    assert quote_fingerprint(QUOTE_DELIVERY) not in bloom and quote_fingerprint(QUOTE_COURSE) not in bloom
    # A reader who shows unrated notes still gets them on the copy when the text is sent.
    assert [n["id"] for n in anchor(client, COPY_URL, COPY_TEXT, status=["needs_more_ratings"])["items"]] \
        == [unrated["id"]]


def test_the_copy_is_a_hit_and_an_unrelated_page_is_not(client, helpful):
    helpful(QUOTE_DELIVERY)
    bloom = decode(fetch(client))
    assert any(h in bloom for h in shingle_hashes(COPY_TEXT))
    assert not any(h in bloom for h in shingle_hashes(OTHER_TEXT))


def test_etag_answers_304_until_a_note_is_written(client, helpful):
    helpful(QUOTE_DELIVERY)
    first = fetch(client)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and "max-age=" in first.headers["Cache-Control"]
    again = fetch(client, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert fetch(client, **{"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert fetch(client, **{"If-None-Match": '"other"'}).status_code == 200
    helpful(QUOTE_COURSE)
    changed = fetch(client, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["count"] == 2


def test_an_empty_index_publishes_an_empty_filter(make_app):
    fresh = make_app(GLOSS_FINGERPRINT_FILTER_SECONDS="0").test_client()
    body = fetch(fresh).get_json()
    assert body["count"] == 0 and set(base64.b64decode(body["filter"])) == {0}


def test_a_note_hidden_elsewhere_leaves_the_filter_when_it_is_next_rebuilt(client, helpful, accounts, make_app):
    note = helpful(QUOTE_DELIVERY)
    worker = make_app(GLOSS_FINGERPRINT_FILTER_SECONDS="0").test_client()
    assert quote_fingerprint(QUOTE_DELIVERY) in decode(fetch(worker))
    moderator = accounts.headers("mona", role="moderator")
    client.post(f"/api/moderation/annotations/{_id(note)}/actions", headers=moderator,
                json={"action": "hide", "reason": "Test.", "expected_version": 1})
    assert quote_fingerprint(QUOTE_DELIVERY) not in decode(fetch(worker))



def test_outside_tests_a_due_rebuild_runs_in_the_background_while_readers_get_the_previous_filter(
        helpful, make_app, monkeypatch):
    import threading

    from server.fingerprints import services
    helpful(QUOTE_DELIVERY)
    worker_app = make_app(GLOSS_FINGERPRINT_FILTER_SECONDS="0")
    cache = worker_app.extensions["gloss_fingerprints"] = services.FingerprintCache(background=True)  # production
    worker = worker_app.test_client()
    first = fetch(worker)  # nothing to serve yet: the first build runs in the request
    assert quote_fingerprint(QUOTE_DELIVERY) in decode(first)

    release, build = threading.Event(), services._build_published
    def slow_build():  # a build that takes as long as the test says (seconds at 1M notes)
        release.wait(timeout=30)
        return build()
    monkeypatch.setattr(services, "_build_published", slow_build)
    helpful(QUOTE_COURSE)
    stale = fetch(worker)  # due (max-age 0), but answered at once with the filter it has
    assert stale.headers["ETag"] == first.headers["ETag"]
    publisher = cache.publisher
    assert publisher is not None and publisher.is_alive()
    assert fetch(worker).headers["ETag"] == first.headers["ETag"]  # one rebuild at a time, readers never wait
    release.set()
    publisher.join(timeout=30)
    fresh = fetch(worker)
    assert fresh.headers["ETag"] != first.headers["ETag"]
    assert quote_fingerprint(QUOTE_COURSE) in decode(fresh)
    if cache.publisher is not None:  # max-age 0 made it due again: let that build finish before teardown
        cache.publisher.join(timeout=30)
