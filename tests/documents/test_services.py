"""Which document a page belongs to: equivalent URLs, rel=canonical joining, no cross-site merging."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from server.db import db
from server.documents.models import Document, DocumentUrl
from server.documents.services import find_document, resolve_document


@pytest.fixture()
def ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


def resolve(*args, **kwargs) -> Document:
    document = resolve_document(*args, **kwargs)
    db.session.commit()
    return document


def test_http_and_https_of_the_same_url_are_one_document(ctx):
    first = resolve("https://news.example.com/a")
    assert resolve("http://news.example.com/a").id == first.id
    assert db.session.scalar(select(func.count()).select_from(Document)) == 1


def test_canonical_url_joins_the_document_and_finds_it_later(ctx):
    document = resolve("https://news.example.com/a?ref=home", canonical_url="https://www.news.example.com/a",
                       title="A story")
    assert document.canonical_url == "https://www.news.example.com/a"
    assert document.title == "A story"
    assert find_document("https://www.news.example.com/a").id == document.id
    assert find_document("https://news.example.com/a?ref=home").id == document.id


def test_new_url_with_known_canonical_joins_the_existing_document(ctx):
    original = resolve("https://news.example.com/a")
    amp = resolve("https://amp.news.example.com/a", canonical_url="https://news.example.com/a")
    assert amp.id == original.id
    assert find_document("https://amp.news.example.com/a").id == original.id


def test_canonical_on_another_site_is_ignored(ctx):
    victim = resolve("https://news.example.com/a")
    attacker = resolve("https://evil.example.net/copy", canonical_url="https://news.example.com/a")
    assert attacker.id != victim.id
    assert find_document("https://evil.example.net/copy").id == attacker.id
    urls = db.session.scalars(select(DocumentUrl.url_key).where(DocumentUrl.document_id == victim.id)).all()
    assert urls == ["https://news.example.com/a"]


def test_two_existing_documents_are_never_merged(ctx):
    a = resolve("https://news.example.com/a")
    b = resolve("https://news.example.com/b")
    assert resolve("https://news.example.com/a", canonical_url="https://news.example.com/b").id == a.id
    assert find_document("https://news.example.com/b").id == b.id


def test_unknown_page_has_no_document(ctx):
    assert find_document("https://unknown.example.org/") is None


def test_note_with_canonical_url_is_listed_under_the_canonical(client, accounts):
    from tests.factories import make_note
    note = make_note(gloss={"canonical_url": "https://news.example.com/2026/11/20/missiles-story",
                            "document_title": "Missiles"})
    note["target"]["source"] = "https://m.news.example.com/2026/11/20/missiles-story?fbclid=1"
    assert client.post("/api/annotations", json=note, headers=accounts.headers()).status_code == 201
    page = client.get("/api/annotations",
                      query_string={"url": "http://news.example.com/2026/11/20/missiles-story",
                                    "status": "needs_more_ratings"}).get_json()
    assert page["total"] == 1
