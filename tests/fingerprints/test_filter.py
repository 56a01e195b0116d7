"""GET /api/fingerprints: the Bloom filter of publicly visible notes' quote fingerprints."""
from __future__ import annotations

import base64

from server.fingerprints.bloom import BloomFilter
from server.fingerprints.shingles import quote_fingerprint, shingle_hashes
from tests.fingerprints.articles import (COPY_TEXT, OTHER_TEXT, QUOTE_COURSE, QUOTE_DELIVERY, QUOTE_DISTANCE,
                                         QUOTE_SHORT, QUOTE_SPRING)


def _id(note: dict) -> str:
    return note["id"].rsplit("/", 1)[-1]


def fetch(client, **headers):
    return client.get("/api/fingerprints", headers=headers)


def decode(response) -> BloomFilter:
    body = response.get_json()
    assert body["shingle_words"] == 8
    assert len(base64.b64decode(body["filter"])) == (body["bits"] + 7) // 8
    return BloomFilter.from_base64(body["filter"], body["bits"], body["hashes"])


def test_filter_holds_visible_notes_fingerprints_and_not_hidden_or_deleted_ones(client, write, writer, accounts):
    visible = [write(q) for q in (QUOTE_DELIVERY, QUOTE_COURSE)]
    hidden, deleted = write(QUOTE_DISTANCE), write(QUOTE_SPRING)
    write(QUOTE_SHORT)
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


def test_the_copy_is_a_hit_and_an_unrelated_page_is_not(client, write):
    write(QUOTE_DELIVERY)
    bloom = decode(fetch(client))
    assert any(h in bloom for h in shingle_hashes(COPY_TEXT))
    assert not any(h in bloom for h in shingle_hashes(OTHER_TEXT))


def test_etag_answers_304_until_a_note_is_written(client, write):
    write(QUOTE_DELIVERY)
    first = fetch(client)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and "max-age=" in first.headers["Cache-Control"]
    again = fetch(client, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert fetch(client, **{"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert fetch(client, **{"If-None-Match": '"other"'}).status_code == 200
    write(QUOTE_COURSE)
    changed = fetch(client, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["count"] == 2


def test_an_empty_index_publishes_an_empty_filter(make_app):
    fresh = make_app(GLOSS_FINGERPRINT_FILTER_SECONDS="0").test_client()
    body = fetch(fresh).get_json()
    assert body["count"] == 0 and set(base64.b64decode(body["filter"])) == {0}


def test_a_note_hidden_elsewhere_leaves_the_filter_when_it_is_next_rebuilt(client, write, accounts, make_app):
    note = write(QUOTE_DELIVERY)
    worker = make_app(GLOSS_FINGERPRINT_FILTER_SECONDS="0").test_client()
    assert quote_fingerprint(QUOTE_DELIVERY) in decode(fetch(worker))
    moderator = accounts.headers("mona", role="moderator")
    client.post(f"/api/moderation/annotations/{_id(note)}/actions", headers=moderator,
                json={"action": "hide", "reason": "Test.", "expected_version": 1})
    assert quote_fingerprint(QUOTE_DELIVERY) not in decode(fetch(worker))
