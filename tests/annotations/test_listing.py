"""GET /api/annotations?url=: equivalent URLs, stable keyset paging, limits."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import post_note

PAGE = "https://news.example.com/story"
# New notes need ratings; these tests are about paging, so they ask for those too.
ANY = "helpful,needs_more_ratings"


def post_notes(client, headers, count, source=PAGE):
    return [post_note(client, headers, source=source, exact=f"quote {i}")["id"] for i in range(count)]


def walk_pages(client, url, limit):
    seen, query = [], {"url": url, "limit": limit, "status": ANY}
    while True:
        response = client.get("/api/annotations", query_string=query)
        assert response.status_code == 200, response.get_json()
        page = response.get_json()
        seen += [n["id"] for n in page["items"]]
        if page["next"] is None:
            return seen, page
        assert page["next"].startswith("http://localhost/api/annotations?")
        query = {k: v[0] for k, v in parse_qs(urlsplit(page["next"]).query).items()}


def test_listing_pages_through_every_note_once_in_creation_order(client, writer):
    ids = post_notes(client, writer, 7)
    seen, last = walk_pages(client, PAGE, 3)
    assert seen == ids
    assert last["total"] == 7


def test_listing_finds_notes_by_any_equivalent_url(client, writer):
    ids = post_notes(client, writer, 2, source="https://news.example.com/story?b=2&a=1")
    for variant in ("http://NEWS.example.com:80/story/?a=1&b=2&utm_campaign=x#comments",
                    "https://news.example.com/story?a=1&b=2&gclid=123"):
        page = client.get("/api/annotations", query_string={"status": ANY, "url": variant}).get_json()
        assert [n["id"] for n in page["items"]] == ids


def test_listing_an_unknown_page_is_an_empty_page_not_404(client):
    page = client.get("/api/annotations", query_string={"status": ANY, "url": "https://nowhere.example/"}).get_json()
    assert page == {"items": [], "next": None, "total": 0}


def test_listing_does_not_mix_pages(client, writer):
    post_notes(client, writer, 2, source="https://news.example.com/other")
    mine = post_notes(client, writer, 1)
    page = client.get("/api/annotations", query_string={"status": ANY, "url": PAGE}).get_json()
    assert [n["id"] for n in page["items"]] == mine


def test_listing_default_limit_is_50(client, writer, app):
    post_notes(client, writer, 51)
    page = client.get("/api/annotations", query_string={"status": ANY, "url": PAGE}).get_json()
    assert len(page["items"]) == 50 and page["next"] is not None and page["total"] == 51


def test_listing_limit_200_is_allowed(client, writer):
    post_notes(client, writer, 1)
    assert client.get("/api/annotations", query_string={"status": ANY, "url": PAGE, "limit": 200}).status_code == 200


@pytest.mark.parametrize("limit", ["0", "201", "-1", "ten", "1.5"])
def test_listing_with_out_of_range_limit_is_422(client, limit):
    response = client.get("/api/annotations", query_string={"status": ANY, "url": PAGE, "limit": limit})
    assert response.status_code == 422
    assert "limit" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("query", [{"url": ""}, {"url": "javascript:alert(1)"}, {"url": "/relative"}])
def test_listing_without_a_valid_url_is_422(client, query):
    response = client.get("/api/annotations", query_string=query)
    assert response.status_code == 422
    assert "url" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("cursor", ["garbage", "%%%", "WyJ4IiwxXQ", "bnVsbA", "WyIyMDI2LTAxLTAxVDAwOjAwOjAwIiwiYSJd"])
def test_listing_with_forged_cursor_is_400(client, writer, cursor):
    post_notes(client, writer, 1)
    response = client.get("/api/annotations", query_string={"status": ANY, "url": PAGE, "cursor": cursor})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_cursor"


def test_listing_with_bad_token_is_401_even_though_anonymous_may_read(client):
    response = client.get("/api/annotations", query_string={"status": ANY, "url": PAGE},
                          headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_paging_loses_and_repeats_nothing_while_notes_are_added(client, writer):
    first = post_notes(client, writer, 5)
    page = client.get("/api/annotations", query_string={"status": ANY, "url": PAGE, "limit": 2}).get_json()
    later = post_notes(client, writer, 3)
    seen = [n["id"] for n in page["items"]]
    query = {k: v[0] for k, v in parse_qs(urlsplit(page["next"]).query).items()}
    while query:
        page = client.get("/api/annotations", query_string=query).get_json()
        seen += [n["id"] for n in page["items"]]
        query = {k: v[0] for k, v in parse_qs(urlsplit(page["next"]).query).items()} if page["next"] else None
    assert seen == first + later
