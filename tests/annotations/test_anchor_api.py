"""POST /api/anchor and the creation helper: notes placed on the text the reader's browser sees."""
from __future__ import annotations

import logging

import pytest

from server.demo import article

PAGE = "https://news.example.com/2026/11/20/missiles"
TEXT = article.page_text()
HEADLINE = article.TITLE


def quote_note(exact: str, text: str = TEXT, source: str = PAGE, **gloss) -> dict:
    start = text.index(exact)
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
        "bodyValue": f"Note on {exact[:20]}",
        "target": {"source": source, "selector": [
            {"type": "TextQuoteSelector", "exact": exact, "prefix": text[max(0, start - 32):start],
             "suffix": text[start + len(exact):start + len(exact) + 32]},
            {"type": "TextPositionSelector", "start": start, "end": start + len(exact)}]},
        **({"gloss": gloss} if gloss else {}),
    }


@pytest.fixture()
def noted(client, writer):
    ids = []
    for exact in (HEADLINE, "delivered to Ukraine on Tuesday", "Further deliveries are planned for the spring."):
        response = client.post("/api/annotations", json=quote_note(exact), headers=writer)
        assert response.status_code == 201, response.get_json()
        ids.append(response.get_json()["id"])
    return ids


def anchor(client, text=TEXT, url=PAGE, **extra):
    response = client.post("/api/anchor",
                           json={"url": url, "text": text, "status": ["helpful", "needs_more_ratings"], **extra})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_anchor_returns_each_note_with_its_exact_span(client, noted):
    result = anchor(client)
    assert result["total"] == 3 and result["truncated"] is False
    assert result["document"]["canonical_url"] == PAGE
    assert [n["id"] for n in result["items"]] == noted
    for note in result["items"]:
        place = note["gloss"]["anchor"]
        assert place["state"] == "anchored" and place["fuzzy"] is False and place["score"] == 1.0
        assert TEXT[place["start"]:place["end"]] == note["target"]["selector"][0]["exact"]


def test_anchor_is_anonymous_and_finds_notes_by_equivalent_url(client, noted):
    result = anchor(client, url="http://NEWS.example.com/2026/11/20/missiles/?utm_medium=social")
    assert result["total"] == 3


def test_anchor_finds_notes_through_same_site_canonical_url(client, writer):
    client.post("/api/annotations", json=quote_note(HEADLINE, source="https://news.example.com/story-1"),
                headers=writer)
    result = anchor(client, url="https://amp.news.example.com/story-1?amp=1",
                    canonical_url="https://news.example.com/story-1")
    assert result["total"] == 1
    foreign = anchor(client, url="https://evil.example.net/x", canonical_url="https://news.example.com/story-1")
    # Not the document: its note comes only as a copied quote, marked with where it was written.
    assert foreign["document"] is None
    assert [n["gloss"]["anchor"].get("via") for n in foreign["items"]] == ["https://news.example.com/story-1"]


def test_anchor_of_unknown_page_is_empty_and_creates_no_document(app, client):
    result = anchor(client, url="https://nowhere.example.org/a")
    assert result == {"document": None, "items": [], "total": 0, "truncated": False}
    from sqlalchemy import func, select

    from server.db import db
    from server.documents.models import Document
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Document)) == 0


def test_edited_page_moves_highlights_and_marks_fuzzy_ones(client, noted):
    edited = "BREAKING \U0001F4E6\n" + TEXT.replace("delivered to Ukraine on Tuesday",
                                                    "delivered to Ukraine late on Tuesday")
    items = {n["target"]["selector"][0]["exact"]: n["gloss"]["anchor"] for n in anchor(client, text=edited)["items"]}
    headline = items[HEADLINE]
    assert edited[headline["start"]:headline["end"]] == HEADLINE and not headline["fuzzy"]
    moved = items["delivered to Ukraine on Tuesday"]
    assert moved["state"] == "anchored" and moved["fuzzy"] is True
    assert edited[moved["start"]:moved["end"]] == "delivered to Ukraine late on Tuesday"


def test_corrected_headline_is_changed_and_not_highlighted(client, noted):
    corrected = TEXT.replace(HEADLINE, "US anti-tank missiles delivered to Ukraine")
    items = {n["target"]["selector"][0]["exact"]: n["gloss"]["anchor"] for n in anchor(client, text=corrected)["items"]}
    assert items[HEADLINE]["state"] == "changed"
    assert "start" not in items[HEADLINE] and "end" not in items[HEADLINE]


def test_deleted_sentence_is_orphaned(client, noted):
    gone = TEXT.replace(" Further deliveries are planned for the spring.", "")
    items = {n["target"]["selector"][0]["exact"]: n["gloss"]["anchor"] for n in anchor(client, text=gone)["items"]}
    orphaned = {"state": "orphaned", "fuzzy": False, "score": 0.0}
    assert items["Further deliveries are planned for the spring."] == orphaned


def test_deleted_notes_are_not_anchored(client, writer, noted):
    client.delete(f"/api/annotations/{noted[0].rsplit('/', 1)[1]}", headers=writer)
    assert anchor(client)["total"] == 2


@pytest.mark.parametrize("body, field", [
    ({"text": TEXT}, "url"),
    ({"url": PAGE}, "text"),
    ({"url": "ftp://x.example/a", "text": "t"}, "url"),
    ({"url": PAGE, "text": 5}, "text"),
    ({"url": PAGE, "text": "t", "canonical_url": "notaurl"}, "canonical_url"),
    ({"url": PAGE, "text": "t", "extra": 1}, "extra"),
])
def test_anchor_with_missing_or_invalid_fields_is_422(client, body, field):
    response = client.post("/api/anchor", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_page_text_up_to_five_megabytes_is_accepted_and_more_is_413(client, noted):
    five_mb = TEXT + " " * (5_000_000 - len(TEXT.encode("utf-8")))
    assert anchor(client, text=five_mb)["total"] == 3
    response = client.post("/api/anchor", json={"url": PAGE, "text": five_mb + "x"})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "text_too_large"


def test_anchor_body_beyond_its_limit_is_413(client):
    response = client.post("/api/anchor", data=b'{"url": "https://a.example/", "text": "' + b"x" * 16_000_001 + b'"}',
                           content_type="application/json")
    assert response.status_code == 413


def test_at_most_the_configured_number_of_notes_is_anchored(database_url, noted):
    from server import create_app
    from tests.conftest import TEST_ENV
    small = create_app({**TEST_ENV, "DATABASE_URL": database_url, "GLOSS_MAX_ANCHOR_NOTES": "2"})
    result = anchor(small.test_client())
    assert result["total"] == 2 and result["truncated"] is True
    assert [n["id"] for n in result["items"]] == noted[:2]


def test_page_text_is_never_logged(client, noted, caplog):
    secret_text = TEXT + "\nA private sentence only this reader can see."
    with caplog.at_level(logging.DEBUG):
        anchor(client, text=secret_text)
        client.post("/api/anchor", json={"url": PAGE, "text": secret_text + "x" * 5_000_001})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "private sentence" not in logged


# --- creation helper ------------------------------------------------------------------------------

def test_quote_only_note_gets_position_and_context_from_page_text(client, writer):
    exact = "delivered to Ukraine on Tuesday"
    note = {"@context": "http://www.w3.org/ns/anno.jsonld", "bodyValue": "x",
            "target": {"source": PAGE, "selector": {"type": "TextQuoteSelector", "exact": exact}},
            "gloss": {"page_text": TEXT}}
    created = client.post("/api/annotations", json=note, headers=writer).get_json()
    quote, position = created["target"]["selector"]
    start = TEXT.index(exact)
    assert position == {"type": "TextPositionSelector", "start": start, "end": start + len(exact)}
    end = start + len(exact)
    assert quote["prefix"] == TEXT[start - 32:start] and quote["suffix"] == TEXT[end:end + 32]
    assert "page_text" not in created["gloss"]


def test_position_only_note_gets_its_quote_from_page_text(client, writer):
    start = TEXT.index(HEADLINE)
    note = {"@context": "http://www.w3.org/ns/anno.jsonld", "bodyValue": "x",
            "target": {"source": PAGE, "selector": {"type": "TextPositionSelector", "start": start,
                                                    "end": start + len(HEADLINE)}},
            "gloss": {"page_text": TEXT}}
    created = client.post("/api/annotations", json=note, headers=writer).get_json()
    quote = created["target"]["selector"][0]
    assert quote["exact"] == HEADLINE and quote["prefix"] == TEXT[:start][-32:]


def test_repeated_quote_is_placed_by_the_given_context(client, writer):
    text = "Officials said on Tuesday. Then more. Officials said on Tuesday. The end."
    note = {"@context": "http://www.w3.org/ns/anno.jsonld", "bodyValue": "x",
            "target": {"source": PAGE, "selector": {"type": "TextQuoteSelector", "exact": "Officials said on Tuesday.",
                                                    "prefix": "Then more. "}},
            "gloss": {"page_text": text}}
    position = client.post("/api/annotations", json=note, headers=writer).get_json()["target"]["selector"][1]
    assert position["start"] == text.rindex("Officials")


@pytest.mark.parametrize("selector, page_text", [
    ({"type": "TextPositionSelector", "start": 0, "end": 10}, None),
    ({"type": "TextPositionSelector", "start": 10, "end": 99999}, TEXT),
    ({"type": "TextPositionSelector", "start": 5, "end": 5}, TEXT),
    ({"type": "TextQuoteSelector", "exact": "words that are not on the page"}, TEXT),
])
def test_selectors_that_cannot_be_completed_are_422_and_create_nothing(client, writer, selector, page_text):
    note = {"@context": "http://www.w3.org/ns/anno.jsonld", "bodyValue": "x",
            "target": {"source": PAGE, "selector": selector}}
    if page_text is not None:
        note["gloss"] = {"page_text": page_text}
    response = client.post("/api/annotations", json=note, headers=writer)
    assert response.status_code == 422
    assert "target.selector" in response.get_json()["error"]["fields"]
    assert client.get("/api/annotations",
                      query_string={"url": PAGE, "status": "helpful,needs_more_ratings"}).get_json()["total"] == 0
