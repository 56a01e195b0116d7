"""The change feed names only notes someone other than their author and moderators could once read:
a note held for review from the moment it was written never shows its id, not even as a null item."""
from __future__ import annotations

from tests.factories import age_accounts, post_note, short_id
from tests.feeds.test_changes import moderate


def feed_ids(client) -> list[str]:
    page = client.get("/api/changes?limit=200&status=helpful,needs_more_ratings").get_json()
    return [item["id"].rsplit("/", 1)[1] for item in page["items"]]


def test_a_note_held_since_it_was_written_never_appears_in_the_feed(app, client, accounts, settled):
    young = accounts.headers("newcomer")
    held = post_note(client, young, text="See https://example.org/proof")
    assert held["gloss"]["moderation_state"] == "pending"
    moderator = accounts.headers("mod", role="moderator")
    moderate(client, moderator, short_id(held), "hide", held["gloss"]["version"])
    client.delete(f"/api/annotations/{short_id(held)}", headers=young)
    assert short_id(held) not in feed_ids(client)


def test_a_held_note_enters_the_feed_once_approved_and_stays_as_null_when_hidden_again(app, client, accounts,
                                                                                      settled):
    young = accounts.headers("newcomer")
    held = post_note(client, young, text="See https://example.org/proof")
    moderator = accounts.headers("mod", role="moderator")
    approved = moderate(client, moderator, short_id(held), "approve", held["gloss"]["version"])
    moderate(client, moderator, short_id(held), "hide", approved["gloss"]["version"])
    items = client.get("/api/changes?limit=200").get_json()["items"]
    mine = [item for item in items if item["id"].endswith(short_id(held))]
    assert [item["kind"] for item in mine] == ["created", "moderated", "moderated"]
    assert all(item["annotation"] is None for item in mine)  # hidden now: a mirror removes it


def test_a_public_note_hidden_later_still_tells_mirrors_to_remove_it(app, client, accounts, settled):
    author = accounts.headers("author")
    age_accounts(app)
    note = post_note(client, author)
    moderator = accounts.headers("mod", role="moderator")
    moderate(client, moderator, short_id(note), "hide", note["gloss"]["version"])
    items = client.get("/api/changes?limit=200&status=needs_more_ratings").get_json()["items"]
    assert [(item["kind"], item["annotation"] is None) for item in items] == [("created", True), ("moderated", True)]
