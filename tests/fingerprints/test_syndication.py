"""POST /api/anchor on a copy of an article: the original's notes follow their quotes, marked `via`."""
from __future__ import annotations

from sqlalchemy import select

from server.db import db
from server.fingerprints.models import QuoteFingerprint
from server.fingerprints.shingles import hex_to_signed, quote_fingerprint, shingle_hashes
from tests.fingerprints.articles import (
    COPY_TEXT,
    COPY_URL,
    ORIGINAL_TEXT,
    ORIGINAL_URL,
    OTHER_TEXT,
    OTHER_URL,
    QUOTE_APPROVAL,
    QUOTE_COURSE,
    QUOTE_DELIVERY,
    QUOTE_DISTANCE,
    QUOTE_INSPECTED,
    QUOTE_SHORT,
    QUOTE_SPRING,
)
from tests.fingerprints.conftest import anchor, quote_note


def _by_id(result: dict) -> dict:
    return {note["id"].rsplit("/", 1)[-1]: note for note in result["items"]}


def _id(note: dict) -> str:
    return note["id"].rsplit("/", 1)[-1]


def test_notes_on_the_original_appear_on_the_copy_at_the_same_words_with_via(client, write):
    written = [write(q) for q in (QUOTE_DELIVERY, QUOTE_DISTANCE, QUOTE_COURSE, QUOTE_SPRING)]
    result = anchor(client, COPY_URL, COPY_TEXT)
    assert result["document"] is None  # the copy is not a document of ours: nothing was created
    assert [_id(n) for n in result["items"]] == [_id(n) for n in written]
    for note in result["items"]:
        place = note["gloss"]["anchor"]
        exact = note["target"]["selector"][0]["exact"]
        assert place["via"] == ORIGINAL_URL
        assert place["state"] == "anchored" and place["fuzzy"] is False
        assert COPY_TEXT[place["start"]:place["end"]] == exact
        assert note["target"]["source"] == ORIGINAL_URL


def test_the_original_page_gets_its_own_notes_without_via(client, write):
    mine = write(QUOTE_DELIVERY)
    result = anchor(client, ORIGINAL_URL, ORIGINAL_TEXT)
    assert [_id(n) for n in result["items"]] == [_id(mine)]
    assert "via" not in result["items"][0]["gloss"]["anchor"]


def test_a_page_sharing_only_a_common_phrase_gets_no_foreign_notes(client, write):
    write("The missiles will be inspected at the hub before being handed to Ukrainian units, according to the "
          "State Department")
    write("according to the State Department")  # too short to have a fingerprint at all
    assert anchor(client, OTHER_URL, OTHER_TEXT)["items"] == []


def test_a_quote_edited_on_the_copy_anchors_fuzzily_or_not_at_all(client, write):
    survives, lost = write(QUOTE_INSPECTED), write(QUOTE_APPROVAL)
    result = _by_id(anchor(client, COPY_URL, COPY_TEXT))
    place = result[_id(survives)]["gloss"]["anchor"]
    assert place["state"] == "anchored" and place["fuzzy"] is True and place["via"] == ORIGINAL_URL
    assert COPY_TEXT[place["start"]:place["end"]] == QUOTE_INSPECTED.replace("inspected", "checked")
    assert _id(lost) not in result
    assert all(n["gloss"]["anchor"]["state"] == "anchored" for n in result.values())


def test_copied_notes_whose_words_are_not_on_the_page_are_dropped_not_changed(client, write):
    note = write(QUOTE_COURSE)
    # The note's smallest shingle is on this page, but the rest of its words are not.
    text = "Instructors are expected to begin a six-week course for new recruits in spring."
    assert quote_fingerprint(QUOTE_COURSE) in shingle_hashes(text)
    result = anchor(client, "https://elsewhere.example.org/a", text)
    assert all(n["gloss"]["anchor"]["state"] == "anchored" for n in result["items"])
    assert _id(note) not in _by_id(result)


def test_short_quotes_never_travel(client, write):
    write(QUOTE_SHORT)
    assert anchor(client, COPY_URL, COPY_TEXT)["items"] == []


def test_hidden_and_deleted_notes_never_travel(client, write, writer, accounts):
    hidden, deleted, kept = write(QUOTE_DELIVERY), write(QUOTE_DISTANCE), write(QUOTE_COURSE)
    moderator = accounts.headers("mona", role="moderator")
    acted = client.post(f"/api/moderation/annotations/{_id(hidden)}/actions", headers=moderator,
                        json={"action": "hide", "reason": "Test.", "expected_version": 1})
    assert acted.status_code == 200, acted.get_json()
    assert client.delete(f"/api/annotations/{_id(deleted)}", headers=writer).status_code == 204
    assert [_id(n) for n in anchor(client, COPY_URL, COPY_TEXT)["items"]] == [_id(kept)]


def test_deleting_a_note_removes_its_fingerprint_row(app, client, write, writer):
    note = write(QUOTE_DELIVERY)
    with app.app_context():
        row = db.session.get(QuoteFingerprint, _id(note))
        assert row.fingerprint == hex_to_signed(quote_fingerprint(QUOTE_DELIVERY))
    assert client.delete(f"/api/annotations/{_id(note)}", headers=writer).status_code == 204
    with app.app_context():
        assert db.session.scalars(select(QuoteFingerprint)).all() == []


def test_editing_the_quote_rewrites_the_fingerprint_and_the_note_follows_the_new_words(app, client, write, writer):
    note = write(QUOTE_DELIVERY)
    patched = client.patch(f"/api/annotations/{_id(note)}", json={"target": quote_note(QUOTE_DISTANCE)["target"]},
                           headers={**writer, "If-Match": '"v1"'})
    assert patched.status_code == 200, patched.get_json()
    with app.app_context():
        assert db.session.get(QuoteFingerprint, _id(note)).fingerprint == \
            hex_to_signed(quote_fingerprint(QUOTE_DISTANCE))
    [copied] = anchor(client, COPY_URL, COPY_TEXT)["items"]
    assert COPY_TEXT[copied["gloss"]["anchor"]["start"]:copied["gloss"]["anchor"]["end"]] == QUOTE_DISTANCE
    shortened = client.patch(f"/api/annotations/{_id(note)}", json={"target": quote_note(QUOTE_SHORT)["target"]},
                             headers={**writer, "If-Match": '"v2"'})
    assert shortened.status_code == 200, shortened.get_json()
    with app.app_context():
        assert db.session.get(QuoteFingerprint, _id(note)) is None
    assert anchor(client, COPY_URL, COPY_TEXT)["items"] == []


def test_copied_notes_follow_the_readers_status_choice(client, write):
    write(QUOTE_DELIVERY)  # a new note needs more ratings
    assert anchor(client, COPY_URL, COPY_TEXT, status=["helpful"])["items"] == []
    assert len(anchor(client, COPY_URL, COPY_TEXT, status=["needs_more_ratings"])["items"]) == 1


def test_a_held_back_note_travels_only_for_its_author(client, write, accounts):
    newcomer = accounts.headers("newbie")
    note = write(QUOTE_DELIVERY, headers=newcomer)
    moderator = accounts.headers("mona", role="moderator")
    client.post(f"/api/moderation/annotations/{_id(note)}/actions", headers=moderator,
                json={"action": "hide", "reason": "Test.", "expected_version": 1})
    assert anchor(client, COPY_URL, COPY_TEXT)["items"] == []
    own = anchor(client, COPY_URL, COPY_TEXT, headers=newcomer)["items"]
    assert [_id(n) for n in own] == [_id(note)]


def test_copied_notes_count_towards_the_anchor_note_limit(client, write, make_app):
    write(QUOTE_DELIVERY, text=COPY_TEXT, source=COPY_URL)  # one note of the copy's own
    for quote in (QUOTE_DISTANCE, QUOTE_COURSE):
        write(quote)
    limited = make_app(GLOSS_MAX_ANCHOR_NOTES="2").test_client()
    result = anchor(limited, COPY_URL, COPY_TEXT)
    assert result["truncated"] is True and len(result["items"]) == 2
    assert "via" not in result["items"][0]["gloss"]["anchor"]
    assert result["items"][1]["gloss"]["anchor"]["via"] == ORIGINAL_URL


def test_cross_document_anchoring_can_be_switched_off(client, write, make_app):
    write(QUOTE_DELIVERY)
    off = make_app(GLOSS_CROSS_DOCUMENT_ANCHORING="0").test_client()
    assert anchor(off, COPY_URL, COPY_TEXT)["items"] == []
    assert len(anchor(client, COPY_URL, COPY_TEXT)["items"]) == 1


def test_another_worker_picks_up_fingerprints_written_after_its_filter_was_built(client, write, make_app):
    other = make_app(GLOSS_FINGERPRINT_REFRESH_SECONDS="0").test_client()
    assert anchor(other, COPY_URL, COPY_TEXT)["items"] == []  # builds its filter from an empty index
    write(QUOTE_DELIVERY)  # through the first app: the other learns of it only from the table
    assert len(anchor(other, COPY_URL, COPY_TEXT)["items"]) == 1
