"""GET /feeds/annotations.atom, read back by a real Atom reader (feedparser): filters as in search,
newest first, RFC 5005 paging, plain-text content whatever the note says, ClaimReview embedded."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC

import feedparser
import pytest

from server.feeds.atom import ATOM_NS, GLOSS_NS
from tests.factories import ANY, local, post_note

HOSTILE = "<script>alert(1)</script> ]]> & \x01\x08\x0b\x1f bell\x07 <![CDATA[x]]> \ufffe end"


def read_feed(client, **query):
    response = client.get("/feeds/annotations.atom", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.get_data())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed, response.get_data()


def next_link(parsed) -> str | None:
    return next((link.href for link in parsed.feed.links if link.rel == "next"), None)


@pytest.fixture()
def authors(accounts):
    return {"alice": accounts.headers("alice"), "bob": accounts.headers("bob")}


@pytest.fixture()
def corpus(client, authors):
    alice, bob = authors["alice"], authors["bob"]
    return {
        "a1": post_note(client, alice, source="https://news.example.com/a", exact="first quote", tags=["context"]),
        "a2": post_note(client, alice, source="https://www.news.example.com/b", exact="second quote",
                        motivation="questioning"),
        "b1": post_note(client, bob, source="https://other.example.org/c", exact="third quote",
                        tags=["context", "dates"]),
    }


def test_entries_are_the_notes_newest_first_with_their_fields(client, corpus):
    parsed, _ = read_feed(client, status=ANY)
    assert [e.id for e in parsed.entries] == [corpus[k]["id"] for k in ("b1", "a2", "a1")]
    entry, note = parsed.entries[0], corpus["b1"]
    assert entry.title == "\u201cthird quote\u201d"
    assert entry.author == "bob"
    assert entry.published == note["created"] and entry.updated == note["modified"]
    assert entry.link == "https://other.example.org/c"  # the annotated article
    assert {(link.type, link.href) for link in entry.links if link.rel == "alternate"} == {
        ("text/html", "https://other.example.org/c"), ("application/ld+json", note["id"])}
    assert [t.term for t in entry.tags] == ["context", "dates"]
    assert entry.content[0].type == "text/plain" and entry.content[0].value == "A note."


@pytest.mark.parametrize("query, expected", [
    ({"domain": "news.example.com"}, ["a2", "a1"]),
    ({"user": "bob"}, ["b1"]),
    ({"tag": "context"}, ["b1", "a1"]),
    ({"motivation": "questioning"}, ["a2"]),
    ({"url": "http://news.example.com/a?utm_source=x"}, ["a1"]),
])
def test_search_filters_select_the_same_notes_as_search(client, corpus, query, expected):
    parsed, _ = read_feed(client, status=ANY, **query)
    assert [e.id for e in parsed.entries] == [corpus[k]["id"] for k in expected]
    searched = client.get("/api/annotations", query_string={"status": ANY, **query}).get_json()
    assert sorted(e.id for e in parsed.entries) == sorted(n["id"] for n in searched["items"])


def test_only_helpful_notes_by_default_and_never_hidden_ones(client, accounts, corpus):
    parsed, _ = read_feed(client)
    assert parsed.entries == []  # fresh notes need ratings first, as in search
    moderator = accounts.headers("mod", role="moderator")
    note = corpus["a1"]
    client.post(f"/api/moderation/annotations/{note['id'].rsplit('/', 1)[1]}/actions",
                json={"action": "hide", "reason": "x", "expected_version": 1}, headers=moderator)
    parsed, _ = read_feed(client, status="helpful,needs_more_ratings,not_helpful")
    assert note["id"] not in [e.id for e in parsed.entries] and len(parsed.entries) == 2


def test_paging_follows_rel_next_to_every_note_once(client, accounts):
    alice = accounts.headers("alice")
    ids = [post_note(client, alice, exact=f"quote {i}")["id"] for i in range(5)]
    seen, url, pages = [], f"/feeds/annotations.atom?limit=2&status={ANY}", 0
    while url:
        response = client.get(local(url))
        parsed = feedparser.parse(response.get_data())
        assert not parsed.bozo
        first = next(link.href for link in parsed.feed.links if link.rel == "first")
        assert first.endswith(f"limit=2&status={ANY.replace(',', '%2C')}")
        seen += [e.id for e in parsed.entries]
        url, pages = next_link(parsed), pages + 1
    assert seen == ids[::-1] and pages == 3


def test_sort_updated_puts_the_last_edited_note_first(client, authors, corpus):
    client.patch(local(corpus["a1"]["id"]), json={"bodyValue": "edited"}, headers=authors["alice"])
    parsed, _ = read_feed(client, status=ANY, sort="updated")
    assert parsed.entries[0].id == corpus["a1"]["id"]


def test_hostile_note_text_stays_text_and_the_document_stays_well_formed(client, accounts):
    alice = accounts.headers("alice")
    note = post_note(client, alice, exact="quote with ]]> and <b>", text=HOSTILE, tags=["<i>&"])
    parsed, raw = read_feed(client, status=ANY)
    ET.fromstring(raw)  # well-formed XML, strictly
    assert b"<script>" not in raw and b"]]>" not in raw
    entry = parsed.entries[0]
    assert entry.content[0].type == "text/plain"
    assert entry.content[0].value == ("<script>alert(1)</script> ]]> & \ufffd\ufffd\ufffd\ufffd bell\ufffd "
                                      "<![CDATA[x]]> \ufffd end")
    assert entry.title == "\u201cquote with ]]> and <b>\u201d"
    assert [t.term for t in entry.tags] == ["<i>&"]
    assert client.get(local(note["id"])).get_json()["body"][0]["value"] == HOSTILE  # stored as written


def test_a_verdict_embeds_its_claimreview_json_ld(client, accounts):
    alice = accounts.headers("alice")
    note = post_note(client, alice, exact="the claim", motivation="assessing", verdict="missing_context")
    _, raw = read_feed(client, status=ANY)
    entry = ET.fromstring(raw).find(f"{{{ATOM_NS}}}entry")
    embedded = entry.find(f"{{{GLOSS_NS}}}claimreview")
    assert embedded.get("type") == "application/ld+json"
    review = json.loads(embedded.text)
    assert review["@type"] == "ClaimReview" and review["url"] == note["id"]
    assert review["reviewRating"]["alternateName"] == "Missing context"
    assert review == client.get(f"/api/annotations/{note['id'].rsplit('/', 1)[1]}/claimreview").get_json()


def test_an_empty_feed_is_still_a_valid_atom_document(client):
    parsed, _ = read_feed(client)
    assert parsed.feed.title == "Gloss community notes" and parsed.entries == []
    assert next_link(parsed) is None


@pytest.mark.parametrize("query, field", [
    ({"domain": "not a host"}, "domain"), ({"limit": "500"}, "limit"), ({"status": "bogus"}, "status"),
    ({"url": "ftp://x"}, "url"), ({"sort": "random"}, "sort"),
])
def test_bad_filters_are_json_422s(client, query, field):
    response = client.get("/feeds/annotations.atom", query_string=query)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_a_forged_cursor_is_a_400(client):
    response = client.get("/feeds/annotations.atom", query_string={"cursor": "bm9wZQ"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_cursor"


def test_notes_of_the_same_instant_page_newest_first_by_id_without_loss_or_repeat(app, client, accounts):
    from datetime import datetime

    from sqlalchemy import update

    from server.annotations.models import Annotation
    from server.db import db
    alice = accounts.headers("alice")
    ids = [post_note(client, alice, exact=f"quote {i}")["id"] for i in range(5)]
    with app.app_context():
        db.session.execute(update(Annotation).values(created=datetime(2026, 1, 1, tzinfo=UTC)))
        db.session.commit()
    seen, url = [], f"/feeds/annotations.atom?limit=2&status={ANY}"
    while url:
        parsed = feedparser.parse(client.get(local(url)).get_data())
        seen += [e.id for e in parsed.entries]
        url = next_link(parsed)
    assert len(seen) == len(set(seen)) and set(seen) == set(ids)
