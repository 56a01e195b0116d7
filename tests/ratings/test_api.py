"""Ratings API: one rating per reader per note, replaced on re-rating, withdrawn, summarized."""
from __future__ import annotations

import pytest

from tests.factories import make_note, post_note


@pytest.fixture()
def note(client, accounts):
    return post_note(client, accounts.headers("author"), make_note())


def rating_path(note) -> str:
    return f"/api/annotations/{note['id'].rsplit('/', 1)[1]}/rating"


def summary(client, note):
    return client.get(rating_path(note).replace("/rating", "/ratings/summary")).get_json()


def test_first_rating_is_201_and_rating_again_replaces_it(client, accounts, note):
    headers = accounts.headers("rita", role="reader")
    first = client.put(rating_path(note), json={"helpfulness": "helpful", "reasons": ["clear", "good_sources"]},
                       headers=headers)
    assert first.status_code == 201
    assert first.get_json()["helpfulness"] == "helpful" and first.get_json()["reasons"] == ["clear", "good_sources"]
    again = client.put(rating_path(note), json={"helpfulness": "not_helpful", "reasons": ["opinion"]},
                       headers=headers)
    assert again.status_code == 200
    counts = summary(client, note)
    assert counts["ratings"] == 1
    assert counts["counts"] == {"helpful": 0, "somewhat_helpful": 0, "not_helpful": 1}
    assert counts["reasons"] == {"opinion": 1}


def test_reader_sees_and_withdraws_their_rating(client, accounts, note):
    headers = accounts.headers("rita", role="reader")
    client.put(rating_path(note), json={"helpfulness": "somewhat_helpful"}, headers=headers)
    assert client.get(rating_path(note), headers=headers).get_json()["helpfulness"] == "somewhat_helpful"
    assert client.delete(rating_path(note), headers=headers).status_code == 204
    assert client.get(rating_path(note), headers=headers).status_code == 404
    assert client.delete(rating_path(note), headers=headers).status_code == 404
    assert summary(client, note)["ratings"] == 0


def test_author_cannot_rate_their_own_note(client, accounts):
    headers = accounts.headers("author")
    note = client.post("/api/annotations", json=make_note(), headers=headers).get_json()
    response = client.put(rating_path(note), json={"helpfulness": "helpful"}, headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "own_note"
    assert summary(client, note)["ratings"] == 0


def test_rating_needs_a_signed_in_unsuspended_reader(client, accounts, note):
    assert client.put(rating_path(note), json={"helpfulness": "helpful"}).status_code == 401
    suspended = accounts.headers("sam", suspended=True)
    response = client.put(rating_path(note), json={"helpfulness": "helpful"}, headers=suspended)
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "suspended"
    assert summary(client, note)["ratings"] == 0


@pytest.mark.parametrize("body, field", [
    ({}, "helpfulness"),
    ({"helpfulness": "great"}, "helpfulness"),
    ({"helpfulness": "helpful", "reasons": ["spam"]}, "reasons"),
    ({"helpfulness": "not_helpful", "reasons": ["clear"]}, "reasons"),
    ({"helpfulness": "helpful", "reasons": ["clear", "clear"]}, "reasons"),
    ({"helpfulness": "helpful", "reasons": "clear"}, "reasons"),
    ({"helpfulness": "helpful", "extra": 1}, "extra"),
])
def test_invalid_rating_is_422_and_stores_nothing(client, accounts, note, body, field):
    response = client.put(rating_path(note), json=body, headers=accounts.headers("rita"))
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert summary(client, note)["ratings"] == 0


def test_somewhat_helpful_may_give_reasons_of_both_kinds(client, accounts, note):
    response = client.put(rating_path(note), json={"helpfulness": "somewhat_helpful",
                                                    "reasons": ["clear", "sources_missing"]},
                          headers=accounts.headers("rita"))
    assert response.status_code == 201


def test_rating_an_unknown_or_deleted_note_is_404_or_410(client, accounts):
    headers = accounts.headers("rita")
    assert client.put("/api/annotations/AAAAAAAAAAAAAAAAAAAAAA/rating", json={"helpfulness": "helpful"},
                      headers=headers).status_code == 404
    author = accounts.headers("author")
    note = client.post("/api/annotations", json=make_note(), headers=author).get_json()
    client.delete(note["id"].replace("http://localhost", ""), headers=author)
    assert client.put(rating_path(note), json={"helpfulness": "helpful"}, headers=headers).status_code == 410


def test_summary_of_an_unscored_note_explains_what_it_needs(client, accounts, note):
    found = summary(client, note)
    assert found["status"] == "needs_more_ratings"
    assert found["score"] is None and found["history"] == []
    assert "5" in found["explanation"]
