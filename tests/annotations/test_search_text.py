"""GET /api/annotations?text=: full-text search over note bodies and quotes (FTS5 on SQLite,
tsvector on PostgreSQL), the query language, its limits, and visibility through search."""
from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update

from server.accounts.models import User
from server.annotations.models import Annotation
from server.db import db
from server.demo import article
from tests.factories import make_note

ANY = "helpful,needs_more_ratings"


def post(client, headers, body, exact="a quote", source="https://news.example.com/a", tags=(),
         motivation="commenting"):
    note = make_note(motivation=motivation, gloss={"tags": list(tags)})
    note["body"] = [{"type": "TextualBody", "value": body, "format": "text/plain"}]
    note["target"] = {"source": source, "selector": [{"type": "TextQuoteSelector", "exact": exact}]}
    response = client.post("/api/annotations", json=note, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"].rsplit("/", 1)[1]


def raw_search(client, headers=None, **query):
    return client.get("/api/annotations", query_string={"status": ANY, **query}, headers=headers or {})


def found(client, headers=None, **query) -> list[str]:
    response = raw_search(client, headers, **query)
    assert response.status_code == 200, response.get_json()
    payload = response.get_json()
    ids = [n["id"].rsplit("/", 1)[1] for n in payload["items"]]
    assert payload["total"] == len(ids) or payload["next"]
    return ids


@pytest.fixture()
def notes(client, accounts):
    alice, bob = accounts.headers("alice"), accounts.headers("bob")
    return {
        "missiles": post(client, alice, "Note: the missiles were delivered to Ukraine in March.",
                         exact="anti-tank missiles deployed to the border", tags=["context"]),
        "summit": post(client, alice, "Note: wrong date: it ended on Friday.", exact="Climate summit ends in agreement",
                       source="https://www.news.example.com/b", motivation="questioning"),
        "cafe": post(client, bob, "Note: le café est FERMÉ depuis 2019.", exact="ÉCOLE Straße",
                     source="https://other.example.org/c", tags=["dates"]),
        "email": post(client, bob, "Note: write to press@example.org about the e-mail; pi is 3.14.",
                      exact="contact us"),
    }


@pytest.mark.parametrize("text, expected", [
    ("delivered", ["missiles"]),  # body only
    ("agreement", ["summit"]),  # quote only
    ("missiles", ["missiles"]),  # both
    ("ukraine border", ["missiles"]),  # every word must match, body and quote together
    ("ukraine friday", []),  # no note has both
    ("border ukraine", ["missiles"]),  # bare words in any order
    ('"summit ends"', ["summit"]),  # a phrase
    ('"ends summit"', []),  # a phrase keeps its order
    ('"delivered to ukraine" march', ["missiles"]),
    ("deliv*", ["missiles"]),  # a prefix
    ("clim* agree*", ["summit"]),
    ("deliv", []),  # a word is not a prefix unless it says so
])
def test_text_matches_words_phrases_and_prefixes_in_body_and_quote(client, notes, text, expected):
    assert found(client, text=text) == [notes[k] for k in expected]


@pytest.mark.parametrize("text", ["MISSILES", "Missiles", "cafe", "CAFÉ", "ferme", "école", "ecole", "caf*", "ÉCO*"])
def test_text_ignores_case_and_accents_of_latin_letters(client, notes, text):
    assert found(client, text=text) == [notes["missiles" if "iss" in text.lower() else "cafe"]]


@pytest.mark.parametrize("text, expected", [
    ("e-mail", ["email"]), ('"e mail"', ["email"]), ("email", []),  # punctuation separates words
    ("press@example.org", ["email"]), ("press", ["email"]), ("example.org", ["email"]), ("org", ["email"]),
    ("3.14", ["email"]), ("14", ["email"]), ("2019", ["cafe"]), ("tank", ["missiles"]),
])
def test_words_are_runs_of_letters_and_digits_on_both_engines(client, notes, text, expected):
    assert found(client, text=text) == [notes[k] for k in expected]


HOSTILE = ['"', '""', "AND OR NOT (", "col:x", "text:missiles", "missiles OR", "NEAR(missiles ukraine)",
           "missiles*  *", "-missiles", "^missiles", "'; DROP TABLE annotations; --", "\\", "'", "a'b", "::*",
           "missiles:*", "!missiles", "missiles & ukraine", "<->", "(missiles | ukraine)", "%", "_", "\x00",
           "𝔪𝔦𝔰𝔰𝔦𝔩𝔢𝔰", "ﬁ", "²", "٣", "字", "e\u0301cole", "\u200b", "x" * 200,
           "²²*", "字字*", "𝔪𝔦*", "ﬁx*", "٣٣*", "e\u0301co*", "mis*siles", 'ab"cd"ef*', "*missiles", "**"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_fts_syntax_answers_results_or_422_never_500(client, notes, text):
    response = raw_search(client, text=text)
    if "\x00" in text:  # NUL anywhere in a query string is refused before any view (server.web)
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_text"
        return
    assert response.status_code in (200, 422), response.get_data(as_text=True)
    if response.status_code == 422:
        assert "text" in response.get_json()["error"]["fields"]


def test_random_queries_from_fts_syntax_characters_never_fail(client, notes):
    alphabet = ['"', "*", "'", ":", "(", ")", "-", "+", "^", "|", "&", "!", "\\", " ", " ", "AND", "OR", "NOT",
                "NEAR", "missiles", "é", "ß", "字", "²", "_", "%", "<->", ";", "text", "{", "}"]
    rng = random.Random(20261125)
    for _ in range(150):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        response = raw_search(client, text=text)
        assert response.status_code in (200, 422), (text, response.get_data(as_text=True))


@pytest.mark.parametrize("text, expected", [
    ("AND OR NOT (", []),  # operators are plain words, which no note contains
    ("text:missiles", []),  # "text missiles" as a phrase, not a column filter
    ("-missiles", ["missiles"]),  # no negation: - is punctuation
    ("missiles:*", ["missiles"]),
    ("NEAR(missiles ukraine)", []),
    ("(missiles ukraine)", ["missiles"]),
])
def test_query_syntax_of_either_engine_is_plain_text(client, notes, text, expected):
    assert found(client, text=text) == [notes[k] for k in expected]


@pytest.mark.parametrize("text, message", [
    ('"', "Nothing to search for"), ("  ", "Nothing to search for"), ("AND? (*) --", None),
    ("!!! ... ---", "Nothing to search for"), ("", "Nothing to search for"),
    ("m*", "prefix needs at least 2"), ("x" * 201, "At most 200 characters"),
    (" ".join(["w"] * 11), "At most 10 words or phrases"),
])
def test_unsearchable_text_is_422_with_a_clear_message(client, notes, text, message):
    response = raw_search(client, text=text)
    if message is None:  # "AND" is a word: searched, not refused
        assert response.status_code == 200
        return
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert message in error["fields"]["text"][0]


def test_the_limits_themselves_are_accepted(client, notes):
    assert raw_search(client, text="x" * 200).status_code == 200
    assert raw_search(client, text=" ".join(["w"] * 10)).status_code == 200
    assert found(client, text="fr*") == [notes["summit"]]  # a two-letter prefix: "Friday"


@pytest.mark.parametrize("query, expected", [
    ({"url": "http://news.example.com/a?utm_source=x"}, ["missiles", "email"]),
    ({"domain": "news.example.com"}, ["missiles", "summit", "email"]),
    ({"domain": "example.org"}, ["cafe"]),
    ({"user": "alice"}, ["missiles", "summit"]),
    ({"user": "bob"}, ["cafe", "email"]),
    ({"tag": "context"}, ["missiles"]),
    ({"tag": "dates"}, ["cafe"]),
    ({"motivation": "questioning"}, ["summit"]),
    ({"user": "bob", "tag": "dates", "domain": "example.org"}, ["cafe"]),
    ({"sort": "updated"}, ["missiles", "summit", "cafe", "email"]),
])
def test_text_combines_with_every_other_filter(client, notes, query, expected):
    assert found(client, **query) == [notes[k] for k in expected]
    # Every note says "Note": the filter alone decides.
    assert found(client, text="NOTE", **query) == [notes[k] for k in expected]
    for key in expected:
        word = {"missiles": "ukraine", "summit": "climate", "cafe": "cafe", "email": "press"}[key]
        assert found(client, text=word, **query) == [notes[key]]
    assert found(client, text="nowhere", **query) == []


def test_text_combines_with_time_filters(client, notes):
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    earlier = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    assert found(client, text="missiles", created_after=later) == []
    assert found(client, text="missiles", created_before=later) == [notes["missiles"]]
    assert found(client, text="missiles", created_after=earlier, updated_after=earlier) == [notes["missiles"]]
    assert found(client, text="missiles", updated_after=later) == []


def test_text_search_pages_with_cursors_and_counts_every_match(client, accounts):
    alice = accounts.headers("alice")
    ids = [post(client, alice, f"Fact check number {i}") for i in range(5)] + [post(client, alice, "unrelated")]
    for sort in ("created", "updated"):
        first = raw_search(client, text="fact check", limit=2, sort=sort).get_json()
        assert first["total"] == 5 and "text=fact+check" in first["next"]
        seen = [n["id"] for n in first["items"]]
        page = first
        while page["next"]:
            page = client.get(page["next"].replace("http://localhost", "")).get_json()
            assert page["total"] == 5
            seen += [n["id"] for n in page["items"]]
        assert [s.rsplit("/", 1)[1] for s in seen] == ids[:5]


def test_an_edit_changes_what_finds_the_note(client, accounts):
    headers = accounts.headers("alice")
    note_id = post(client, headers, "First draft about tariffs", exact="steel imports")
    response = client.patch(f"/api/annotations/{note_id}", json={"bodyValue": "Rewritten about subsidies"},
                            headers=headers)
    assert response.status_code == 200
    assert found(client, text="tariffs") == []
    assert found(client, text="subsidies") == [note_id]
    assert found(client, text="steel") == [note_id]  # the quote did not change


def test_a_deleted_note_is_not_found_by_its_old_words(client, accounts):
    headers = accounts.headers("alice")
    note_id = post(client, headers, "Soon to be withdrawn", exact="withdrawn quote")
    assert client.delete(f"/api/annotations/{note_id}", headers=headers).status_code == 204
    assert found(client, headers, text="withdrawn") == []


def test_core_updates_from_scoring_and_bulk_edits_keep_the_index_in_step(app, client, accounts):
    headers = accounts.headers("alice")
    note_id = post(client, headers, "Original words here", exact="quoted passage")
    with app.app_context():
        # The scorer and moderation write with Core UPDATEs, bypassing the ORM: the index must follow.
        db.session.execute(update(Annotation).where(Annotation.id == note_id).values(status="helpful"))
        db.session.execute(update(Annotation).where(Annotation.id == note_id)
                           .values(body_text="Replaced wording", quote_exact="another passage"))
        db.session.commit()
    assert found(client, text="original") == [] and found(client, text="quoted") == []
    assert found(client, text="replaced passage") == [note_id]
    assert found(client, text="replaced", status="helpful") == [note_id]


def test_removing_users_cascades_out_of_the_index(app, client, accounts):
    headers = accounts.headers("alice")
    post(client, headers, "Cascade me")
    keeper = post(client, accounts.headers("bob"), "Cascade me too")
    with app.app_context():
        db.session.execute(delete(User).where(User.username == "alice"))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Annotation)) == 1
    assert found(client, text="cascade") == [keeper]
    # A new note may reuse freed storage; it must not inherit the removed note's words.
    fresh = post(client, accounts.headers("carol"), "Fresh words")
    assert found(client, text="cascade") == [keeper] and found(client, text="fresh") == [fresh]


def set_state(app, note_id, **values):
    with app.app_context():
        db.session.execute(update(Annotation).where(Annotation.id == note_id).values(**values))
        db.session.commit()


def test_anonymous_text_search_never_shows_held_back_or_unhelpful_notes_of_others(app, client, accounts):
    alice = accounts.headers("alice")
    ids = {state: post(client, alice, f"Secret {state} budget claim") for state in
           ("visible", "pending", "hidden", "removed", "not_helpful", "deleted")}
    set_state(app, ids["pending"], moderation_state="pending")
    set_state(app, ids["hidden"], moderation_state="hidden")
    set_state(app, ids["removed"], moderation_state="removed")
    set_state(app, ids["not_helpful"], status="not_helpful")
    set_state(app, ids["deleted"], deleted=datetime.now(UTC))
    everything = "helpful,needs_more_ratings,not_helpful"
    assert found(client, text="secret budget", status=everything) == [ids["visible"]]
    assert raw_search(client, text="secret budget", status=everything).get_json()["total"] == 1
    assert found(client, accounts.headers("bob"), text="budget", status=everything) == [ids["visible"]]
    # The author sees their own held-back notes; a moderator sees every live one.
    assert set(found(client, alice, text="budget", status=everything)) == set(ids.values()) - {ids["deleted"]}
    moderator = accounts.headers("mod", role="moderator")
    assert set(found(client, moderator, text="budget", status=everything)) == set(ids.values()) - {ids["deleted"]}


def test_new_account_posting_a_link_stays_out_of_anonymous_text_search(client, accounts):
    newbie = accounts.headers("newbie")
    note_id = post(client, newbie, "The truth about vaccines at https://example.net/truth")
    assert found(client, text="vaccines") == []
    assert found(client, newbie, text="vaccines") == [note_id]


@pytest.mark.parametrize("text, on_postgresql, on_sqlite", [
    ("missile", [], []), ("missile*", ["missiles"], ["missiles"]),  # no stemming; a prefix instead
    ("in", ["missiles", "summit"], ["missiles", "summit"]),  # no stop words
    ("strasse", ["cafe"], []),  # unaccent folds ß; unicode61 keeps it
])
def test_documented_differences_of_the_two_engines(app, client, notes, text, on_postgresql, on_sqlite):
    with app.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
    assert found(client, text=text) == [notes[k] for k in (on_postgresql if postgresql else on_sqlite)]


def test_the_api_guide_search_example_finds_the_demo_headline_note(app, client):
    guide = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    url = re.search(r"curl -s 'http://127\.0\.0\.1:5000(/api/annotations\?text=[^']+)'", guide).group(1)
    result = app.test_cli_runner().invoke(args=["seed-demo", "--base-url", "http://localhost"])
    assert result.exit_code == 0, result.output
    items = client.get(url).get_json()["items"]
    assert [n["target"]["selector"][0]["exact"] for n in items] == [article.TITLE]
