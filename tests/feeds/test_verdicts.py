"""Fact-check verdicts on `assessing` notes and their schema.org ClaimReview."""
from __future__ import annotations

import pytest

from server.annotations.models import VERDICTS
from server.feeds.claimreview import VERDICT_RATINGS
from tests.factories import local, post_note, short_id

QUOTE = "US anti-tank missiles deployed to the Russian border"
ARTICLE = "https://news.example.com/2026/11/20/missiles"


@pytest.fixture()
def alice(accounts):
    return accounts.headers("alice")


@pytest.fixture()
def assessed(client, alice):
    return post_note(client, alice, source=ARTICLE, exact=QUOTE, text="The article says Ukraine.",
                     motivation="assessing", verdict="misleading")


def test_a_verdict_is_a_classifying_body_and_gloss_verdict(assessed):
    assert {"type": "TextualBody", "purpose": "classifying", "value": "misleading"} in assessed["body"]
    assert assessed["gloss"]["verdict"] == "misleading"
    assert assessed["body"][0]["value"] == "The article says Ukraine."


def test_a_representation_put_back_unchanged_keeps_its_verdict(client, alice, assessed):
    response = client.put(local(assessed["id"]), json=assessed, headers=alice)
    assert response.status_code == 200, response.get_json()
    again = response.get_json()
    assert again["body"] == assessed["body"] and again["gloss"]["verdict"] == "misleading"


def test_gloss_verdict_alone_sets_it_and_null_clears_it(client, alice, assessed):
    changed = client.patch(local(assessed["id"]), json={"gloss": {"verdict": "false"}}, headers=alice).get_json()
    assert changed["gloss"]["verdict"] == "false"
    cleared = client.patch(local(assessed["id"]), json={"gloss": {"verdict": None}}, headers=alice).get_json()
    assert "verdict" not in cleared["gloss"]
    assert all(b.get("purpose") != "classifying" for b in cleared["body"])


def test_editing_only_the_text_keeps_the_verdict(client, alice, assessed):
    changed = client.patch(local(assessed["id"]), json={"bodyValue": "Better words."}, headers=alice).get_json()
    assert changed["gloss"]["verdict"] == "misleading" and changed["body"][0]["value"] == "Better words."


def test_a_verdict_on_a_note_that_is_not_an_assessment_is_refused(client, alice):
    note = post_note(client, alice)  # commenting
    response = client.patch(local(note["id"]), json={"gloss": {"verdict": "false"}}, headers=alice)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "verdict_not_assessing"
    payload = {**note, "body": note["body"] + [{"type": "TextualBody", "purpose": "classifying", "value": "false"}]}
    response = client.post("/api/annotations", json=payload, headers=alice)
    assert response.status_code == 422 and "gloss.verdict" in response.get_json()["error"]["fields"]


def test_turning_an_assessment_with_a_verdict_into_a_comment_is_refused(client, alice, assessed):
    response = client.patch(local(assessed["id"]), json={"motivation": "commenting"}, headers=alice)
    assert response.status_code == 422
    assert client.get(local(assessed["id"])).get_json()["gloss"]["verdict"] == "misleading"


@pytest.mark.parametrize("gloss, extra_body", [
    ({"verdict": "pants_on_fire"}, None),
    ({}, {"type": "TextualBody", "purpose": "classifying", "value": "pants_on_fire"}),
    ({"verdict": "false"}, {"type": "TextualBody", "purpose": "classifying", "value": "accurate"}),
])
def test_unknown_or_conflicting_verdicts_are_422(client, alice, assessed, gloss, extra_body):
    payload = {**assessed, "gloss": gloss}
    payload["body"] = [assessed["body"][0]] + ([extra_body] if extra_body else [])
    response = client.put(local(assessed["id"]), json=payload, headers=alice)
    assert response.status_code == 422
    assert client.get(local(assessed["id"])).get_json()["gloss"]["verdict"] == "misleading"


def test_a_lone_classifying_body_is_the_notes_text(client, alice):
    note = post_note(client, alice, motivation="classifying", text="false")
    assert note["body"][0] == {"type": "TextualBody", "value": "false", "format": "text/plain",
                               "purpose": "classifying"}
    assert "verdict" not in note["gloss"]


def test_every_verdict_has_a_rating_from_1_to_5_and_a_label():
    assert set(VERDICT_RATINGS) == set(VERDICTS)
    for value, label in VERDICT_RATINGS.values():
        assert 1 <= value <= 5 and label


def test_claimreview_describes_the_verdict_in_schema_org_terms(client, assessed):
    response = client.get(f"/api/annotations/{short_id(assessed)}/claimreview")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    review = response.get_json()
    assert review == {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": assessed["id"],
        "claimReviewed": QUOTE,
        "itemReviewed": {"@type": "CreativeWork", "url": ARTICLE},
        "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1,
                         "alternateName": "Misleading"},
        "author": {"@type": "Organization", "name": "Gloss community notes", "url": "http://localhost/"},
        "reviewBody": "The article says Ukraine.",
        "datePublished": assessed["created"], "dateModified": assessed["modified"],
    }


def test_a_note_without_a_verdict_has_no_claimreview(client, alice):
    note = post_note(client, alice, motivation="assessing")
    response = client.get(f"/api/annotations/{short_id(note)}/claimreview")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "no_verdict"


def test_claimreview_is_visible_exactly_as_the_note_is(client, accounts, alice, assessed):
    moderator = accounts.headers("mod", role="moderator")
    path = f"/api/annotations/{short_id(assessed)}/claimreview"
    client.post(f"/api/moderation/annotations/{short_id(assessed)}/actions",
                json={"action": "hide", "reason": "x", "expected_version": assessed["gloss"]["version"]},
                headers=moderator)
    assert client.get(path).status_code == 404  # strangers no longer see it
    assert client.get(path, headers=alice).status_code == 200  # its author still does
    client.delete(local(assessed["id"]), headers=alice)
    assert client.get(path, headers=moderator).status_code == 410
    assert client.get("/api/annotations/nothing-here/claimreview").status_code == 404


def test_the_demo_headline_note_is_a_misleading_verdict_a_fresh_reader_sees(app, client):
    assert app.test_cli_runner().invoke(args=["seed-demo", "--base-url", "http://localhost"]).exit_code == 0
    page = client.get("/api/annotations", query_string={"url": "http://localhost/demo/article"}).get_json()
    headline = page["items"][0]
    assert headline["motivation"] == "assessing" and headline["gloss"]["verdict"] == "misleading"
    review = client.get(f"/api/annotations/{short_id(headline)}/claimreview").get_json()
    assert review["reviewRating"]["alternateName"] == "Misleading"
    assert review["itemReviewed"]["url"] == "http://localhost/demo/article"
