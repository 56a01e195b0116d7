"""GET /api/annotations as a search across pages: filters, sorting, keyset paging, validation."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from server.annotations.models import Annotation
from server.db import db
from tests.factories import make_note

ANY = "helpful,needs_more_ratings"


def post(client, headers, source, exact="quote", tags=(), motivation="commenting"):
    note = make_note(motivation=motivation, gloss={"tags": list(tags)})
    note["body"] = note["body"][:1]
    note["target"] = {"source": source, "selector": [{"type": "TextQuoteSelector", "exact": exact}]}
    response = client.post("/api/annotations", json=note, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def search(client, **query):
    response = client.get("/api/annotations", query_string={"status": ANY, **query})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture()
def corpus(client, accounts):
    alice, bob = accounts.headers("alice"), accounts.headers("bob")
    return {
        "a1": post(client, alice, "https://news.example.com/a", tags=["context"]),
        "a2": post(client, alice, "https://www.news.example.com/b", motivation="questioning"),
        "b1": post(client, bob, "https://other.example.org/c", tags=["context", "dates"]),
    }


def test_without_url_it_lists_every_page_oldest_first(client, corpus):
    found = search(client)
    assert [n["id"] for n in found["items"]] == [corpus["a1"], corpus["a2"], corpus["b1"]]
    assert found["total"] == 3


@pytest.mark.parametrize("query, expected", [
    ({"domain": "news.example.com"}, ["a1", "a2"]),
    ({"domain": "example.org"}, ["b1"]),
    ({"user": "bob"}, ["b1"]),
    ({"tag": "context"}, ["a1", "b1"]),
    ({"motivation": "questioning"}, ["a2"]),
    ({"user": "alice", "tag": "context"}, ["a1"]),
    ({"url": "http://news.example.com/a?utm_source=x", "tag": "context"}, ["a1"]),
    ({"url": "http://news.example.com/a", "sort": "created"}, ["a1"]),
    ({"domain": "example.com", "motivation": "commenting"}, ["a1"]),
    ({"domain": "news.example.com", "user": "bob"}, []),
    ({"tag": "dates", "user": "alice"}, []),
    ({"tag": "context", "domain": "example.org", "motivation": "commenting", "user": "bob"}, ["b1"]),
    ({"domain": "EXAMPLE.ORG"}, ["b1"]),
    ({"tag": "nothing-has-it"}, []),
    ({"user": "nobody"}, []),
])
def test_filters_select_exactly_the_matching_notes(client, corpus, query, expected):
    found = search(client, **query)
    assert [n["id"] for n in found["items"]] == [corpus[k] for k in expected]
    assert found["total"] == len(expected)


def test_time_filters_and_update_order(client, accounts, corpus):
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert search(client, created_after=later)["items"] == []
    assert len(search(client, created_before=later)["items"]) == 3
    token = client.post("/api/tokens", json={"username": "alice", "password": "correct horse battery"}).get_json()
    client.patch(corpus["a1"].replace("http://localhost", ""), json={"bodyValue": "edited"},
                 headers={"Authorization": f"Bearer {token['token']}"})
    by_update = search(client, sort="updated")
    assert [n["id"] for n in by_update["items"]][-1] == corpus["a1"]


def test_search_pages_with_a_cursor_without_loss_or_repeat(client, corpus):
    first = search(client, domain="example.com", limit=1)
    assert first["next"] is not None and "domain=example.com" in first["next"]
    second = client.get(first["next"].replace("http://localhost", "")).get_json()
    assert [n["id"] for n in first["items"] + second["items"]] == [corpus["a1"], corpus["a2"]]
    assert second["next"] is None


@pytest.mark.parametrize("query, field", [
    ({"domain": "not a host"}, "domain"), ({"user": "x"}, "user"), ({"motivation": "shouting"}, "motivation"),
    ({"created_after": "yesterday"}, "created_after"), ({"updated_after": "2026-01-01T00:00:00"}, "updated_after"),
    ({"sort": "random"}, "sort"), ({"text": "!?"}, "text"), ({"tag": "t" * 51}, "tag"), ({"limit": "¹"}, "limit"),
])
def test_invalid_search_parameter_is_422_naming_it(client, query, field):
    response = client.get("/api/annotations", query_string=query)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_anonymous_search_shows_only_helpful_notes_by_default(client, corpus):
    assert client.get("/api/annotations").get_json()["items"] == []


def test_created_after_and_before_are_exclusive_bounds_and_combine(app, client, corpus):
    with app.app_context():
        rows = dict(db.session.execute(select(Annotation.id, Annotation.created)).all())
    moment = {key: rows[note.rsplit("/", 1)[1]].isoformat() for key, note in corpus.items()}
    assert ids(search(client, created_after=moment["a1"])) == [corpus["a2"], corpus["b1"]]
    assert ids(search(client, created_before=moment["b1"])) == [corpus["a1"], corpus["a2"]]
    assert ids(search(client, created_after=moment["a1"], created_before=moment["b1"])) == [corpus["a2"]]
    assert ids(search(client, created_after=moment["a1"], user="bob")) == [corpus["b1"]]


def test_updated_after_finds_only_notes_changed_since(app, client, corpus):
    with app.app_context():
        db.session.execute(update(Annotation).values(modified=datetime(2026, 1, 1, tzinfo=UTC)))
        db.session.execute(update(Annotation).where(Annotation.id == corpus["a2"].rsplit("/", 1)[1])
                           .values(modified=datetime(2026, 6, 1, tzinfo=UTC)))
        db.session.commit()
    assert ids(search(client, updated_after="2026-03-01T00:00:00Z")) == [corpus["a2"]]
    assert ids(search(client, updated_after="2026-03-01T00:00:00Z", domain="example.org")) == []
    assert len(search(client, updated_after="2025-12-31T23:59:59Z")["items"]) == 3


def test_status_filter_selects_community_statuses_and_hides_not_helpful_from_readers(app, client, accounts, corpus):
    with app.app_context():
        for key, status in (("a1", "helpful"), ("b1", "not_helpful")):
            db.session.execute(update(Annotation).where(Annotation.id == corpus[key].rsplit("/", 1)[1])
                               .values(status=status))
        db.session.commit()
    assert ids(search(client, status="helpful")) == [corpus["a1"]]
    assert ids(search(client, status="needs_more_ratings")) == [corpus["a2"]]
    assert ids(search(client, status="not_helpful")) == []  # only moderators (and the author) see those
    assert ids(client.get("/api/annotations", query_string={"domain": "example.org"}).get_json()) == []
    moderator = accounts.headers("mod", role="moderator")
    shown = client.get("/api/annotations", query_string={"status": "not_helpful"}, headers=moderator).get_json()
    assert ids(shown) == [corpus["b1"]]


def ids(payload) -> list[str]:
    return [n["id"] for n in payload["items"]]


def test_domain_finds_pages_on_a_host_with_a_port(client, accounts):
    note = post(client, accounts.headers("alice"), "http://ports.example.net:8080/d")  # the demo has a port
    assert ids(search(client, domain="ports.example.net")) == [note]
    assert ids(search(client, domain="example.net")) == [note]
    assert ids(search(client, domain="ports.example")) == []
