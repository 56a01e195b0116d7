"""GET /api/lookup: URL hashes under a 4-digit prefix, of documents with publicly visible notes."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import insert

from server.annotations.models import Annotation
from server.db import db, new_id, utcnow
from server.documents.models import Document, DocumentUrl
from server.documents.urls import normalize_url
from server.fingerprints.services import LOOKUP_MAX_HASHES
from tests.fingerprints.articles import ORIGINAL_URL, QUOTE_DELIVERY, QUOTE_DISTANCE


def sha(url: str) -> str:
    return hashlib.sha256(normalize_url(url).encode("utf-8")).hexdigest()


def lookup(client, prefix):
    return client.get("/api/lookup", query_string={"prefix": prefix})


def test_lookup_lists_the_full_hash_of_an_annotated_page_under_its_prefix(client, write):
    write(QUOTE_DELIVERY)
    full = sha(ORIGINAL_URL)
    response = lookup(client, full[:4])
    assert response.status_code == 200
    assert response.get_json() == {"prefix": full[:4], "hashes": [full]}
    assert "public" in response.headers["Cache-Control"]


def test_lookup_also_lists_the_http_form_a_reader_on_the_http_page_hashes(client, write):
    write(QUOTE_DELIVERY)
    http = sha(ORIGINAL_URL.replace("https://", "http://"))
    assert http in lookup(client, http[:4]).get_json()["hashes"]


def test_equivalent_urls_hash_to_the_listed_hash(client, write):
    write(QUOTE_DELIVERY, source=ORIGINAL_URL + "?utm_source=newsletter#comments")
    full = sha("HTTPS://Ledger.Example.com/2026/11/20/missile-shipment/?fbclid=x")
    assert full in lookup(client, full[:4]).get_json()["hashes"]


def test_pages_whose_notes_are_all_deleted_or_hidden_are_not_listed(client, write, writer, accounts):
    deleted = write(QUOTE_DELIVERY)
    hidden = write(QUOTE_DISTANCE, source="https://ledger.example.com/other")
    client.delete(f"/api/annotations/{deleted['id'].rsplit('/', 1)[-1]}", headers=writer)
    moderator = accounts.headers("mona", role="moderator")
    client.post(f"/api/moderation/annotations/{hidden['id'].rsplit('/', 1)[-1]}/actions", headers=moderator,
                json={"action": "hide", "reason": "Test.", "expected_version": 1})
    for url in (ORIGINAL_URL, "https://ledger.example.com/other"):
        assert sha(url) not in lookup(client, sha(url)[:4]).get_json()["hashes"]


def test_a_prefix_without_annotated_pages_answers_an_empty_list(client):
    assert lookup(client, "0000").get_json() == {"prefix": "0000", "hashes": []}


def test_lookup_without_prefix_is_400(client):
    response = client.get("/api/lookup")
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {"prefix": ["Required."]}


@pytest.mark.parametrize("prefix", ["abc", "abcde", "ABCD", "zzzz", "ab1 ", "", "ab%12", "https://ledger"])
def test_a_malformed_prefix_is_422(client, prefix):
    response = lookup(client, prefix)
    assert response.status_code == 422
    assert "prefix" in response.get_json()["error"]["fields"]


def test_the_answer_stays_under_64_kb_however_many_pages_share_a_prefix(app, client, accounts):
    author, _ = accounts.create("bulk")
    now = utcnow()
    documents, urls, notes = [], [], []
    for i in range(LOOKUP_MAX_HASHES + 100):
        document_id = new_id()
        documents.append({"id": document_id, "canonical_url": f"https://bulk.example.com/{i}", "views": 0,
                          "created": now})
        # Real rows whose hashes all share the prefix beef (the column is what lookup reads).
        urls.append({"id": new_id(), "document_id": document_id, "url_key": f"https://bulk.example.com/{i}",
                     "url_hash": f"beef{i:060x}", "http_url_hash": None, "created": now})
        notes.append({"id": new_id(), "document_id": document_id, "author_id": author.id,
                      "target_source": f"https://bulk.example.com/{i}", "motivation": "commenting",
                      "body_text": "x", "quote_exact": "x", "quote_prefix": "", "quote_suffix": "", "created": now,
                      "modified": now, "version": 1, "tag_list": [], "status": "helpful",
                      "moderation_state": "visible"})
    with app.app_context():
        db.session.execute(insert(Document), documents)
        db.session.execute(insert(DocumentUrl), urls)
        db.session.execute(insert(Annotation), notes)
        db.session.commit()
    response = lookup(client, "beef")
    assert len(response.get_json()["hashes"]) == LOOKUP_MAX_HASHES
    assert len(response.data) <= 64 * 1024
