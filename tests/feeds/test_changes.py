"""The change log and GET /api/changes: one row per change from every source, a feed a mirror can
follow from nothing to exactly what a fresh search shows, and never a hidden note's words."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from server import cursors
from server.db import db, utcnow
from server.demo import article
from server.feeds.models import NoteChange
from server.ratings.models import StatusChange
from tests.factories import ANY, age_accounts, local, post_note, short_id

SECRET = "a hidden note's words"


def change_rows(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(row.annotation_id, row.kind) for row in
                db.session.scalars(select(NoteChange).order_by(NoteChange.seq))]


def moderate(client, headers, note_id, action, version):
    response = client.post(f"/api/moderation/annotations/{note_id}/actions",
                           json={"action": action, "reason": "test", "expected_version": version}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


class Mirror:
    """A third party's copy of the public notes, kept in sync only through the change feed."""

    def __init__(self, client, **query):
        self.client, self.query = client, query
        self.notes, self.kinds, self.bodies, self.since = {}, set(), [], None

    def sync(self) -> dict:
        while True:
            params = {**self.query, **({"since": self.since} if self.since else {})}
            response = self.client.get("/api/changes", query_string=params)
            assert response.status_code == 200, response.get_json()
            self.bodies.append(response.get_data(as_text=True))
            page = response.get_json()
            for item in page["items"]:
                self.kinds.add(item["kind"])
                if item["annotation"] is None:
                    self.notes.pop(item["id"], None)
                else:
                    self.notes[item["id"]] = item["annotation"]
            if not page["items"]:
                return self.notes
            self.since = page["items"][-1]["cursor"]  # resume from the last item, whether or not `next` is set
            assert (page["next"] is not None) == (len(page["items"]) == int(self.query.get("limit", 50)))


def public_search(client, status=None) -> dict:
    found, url = {}, "/api/annotations?limit=200" + (f"&status={status}" if status else "")
    while url:
        page = client.get(local(url)).get_json()
        found.update({note["id"]: note for note in page["items"]})
        url = page["next"]
    return found


# --- one row per change, from every source -------------------------------------------------------------

def test_create_edit_delete_each_write_exactly_one_change_row(app, client, accounts):
    alice = accounts.headers("alice")
    note = post_note(client, alice)
    assert change_rows(app) == [(short_id(note), "created")]
    client.patch(local(note["id"]), json={"bodyValue": "Edited."}, headers=alice)
    client.delete(local(note["id"]), headers=alice)
    assert change_rows(app) == [(short_id(note), kind) for kind in ("created", "updated", "deleted")]


def test_a_refused_edit_writes_no_change_row(app, client, accounts):
    alice, bob = accounts.headers("alice"), accounts.headers("bob")
    note = post_note(client, alice)
    assert client.patch(local(note["id"]), json={"bodyValue": "Mine now."}, headers=bob).status_code == 403
    assert client.patch(local(note["id"]), json={"bodyValue": "x"},
                        headers={**alice, "If-Match": '"v9"'}).status_code == 412
    assert change_rows(app) == [(short_id(note), "created")]


def test_a_note_held_for_review_on_creation_is_one_created_row(app, client, accounts):
    young = accounts.headers("newcomer")  # a brand-new account posting a link is held as pending
    note = post_note(client, young, text="See https://example.org/proof")
    assert note["gloss"]["moderation_state"] == "pending"
    assert change_rows(app) == [(short_id(note), "created")]


def test_moderator_actions_and_flag_triage_each_write_one_moderated_row(app, client, accounts):
    moderator = accounts.headers("mod", role="moderator")
    author = accounts.headers("author")
    flaggers = [accounts.headers(f"reader{i}") for i in range(3)]
    age_accounts(app)
    note = post_note(client, author)
    hidden = moderate(client, moderator, short_id(note), "hide", note["gloss"]["version"])
    moderate(client, moderator, short_id(note), "restore", hidden["gloss"]["version"])
    for headers in flaggers:  # the third flag moves the note to pending
        assert client.post(f"/api/annotations/{short_id(note)}/flags", json={"reason": "spam"},
                           headers=headers).status_code == 201
    kinds = [kind for _, kind in change_rows(app)]
    assert kinds == ["created", "moderated", "moderated", "moderated"]


def test_a_stale_moderator_action_writes_no_change_row(app, client, accounts):
    moderator = accounts.headers("mod", role="moderator")
    note = post_note(client, accounts.headers("author"))
    response = client.post(f"/api/moderation/annotations/{short_id(note)}/actions",
                           json={"action": "hide", "reason": "x", "expected_version": 99}, headers=moderator)
    assert response.status_code == 409
    assert [kind for _, kind in change_rows(app)] == ["created"]


def test_hiding_all_of_a_users_notes_writes_one_row_per_note(app, client, accounts):
    moderator = accounts.headers("mod", role="moderator")
    author = accounts.headers("author")
    notes = [post_note(client, author, exact=f"quote {i}") for i in range(3)]
    response = client.post("/api/moderation/users/author/actions", json={"action": "hide_notes", "reason": "spam"},
                           headers=moderator)
    assert response.status_code == 200, response.get_json()
    moderated = sorted(note for note, kind in change_rows(app) if kind == "moderated")
    assert moderated == sorted(short_id(n) for n in notes)


def test_every_visible_status_change_of_a_scoring_run_writes_one_row(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--base-url", "http://localhost"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        history = sorted(db.session.scalars(select(StatusChange.annotation_id)))
        logged = sorted(db.session.scalars(select(NoteChange.annotation_id).where(NoteChange.kind == "status_changed")))
        created = db.session.scalar(select(func.count()).where(NoteChange.kind == "created"))
    assert len(history) == 9 and logged == history  # 5 became helpful, 4 not_helpful
    assert created == len(article.DEMO_NOTES) + len(article.DEMO_COMMUNITY_NOTES)


# --- the feed ------------------------------------------------------------------------------------------

def test_mirrors_following_the_feed_equal_a_fresh_search_after_every_step(app, client, accounts, settled):
    from server.accounts.services import find_user
    from server.ratings import services as ratings
    from server.ratings.scoring import run_scoring

    alice, moderator = accounts.headers("alice"), accounts.headers("mod", role="moderator")
    mirrors = {status: Mirror(client, limit=4, **({"status": status} if status else {})) for status in (None, ANY)}
    late_mirrors = {status: Mirror(client, limit=4, **({"status": status} if status else {})) for status in (None, ANY)}
    hidden_words = [SECRET]

    def check():
        for status, mirror in mirrors.items():
            expected = public_search(client, status)
            mirrored = mirror.sync()
            assert {i: n["gloss"]["version"] for i, n in mirrored.items()} == \
                   {i: n["gloss"]["version"] for i, n in expected.items()}
            assert mirrored == expected

    def seed():
        assert app.test_cli_runner().invoke(args=["seed-demo", "--base-url", "http://localhost"]).exit_code == 0
        age_accounts(app)

    notes = {}

    def write():
        notes["kept"] = post_note(client, alice, exact="kept", text="First words.")
        notes["gone"] = post_note(client, alice, exact="deleted")

    def edit():
        client.patch(local(notes["kept"]["id"]), json={"bodyValue": "Second words."}, headers=alice)
        client.delete(local(notes["gone"]["id"]), headers=alice)

    def hide():
        secret = post_note(client, alice, exact="secret", text=SECRET)
        moderate(client, moderator, short_id(secret), "hide", secret["gloss"]["version"])
        demo = next(iter(public_search(client).values()))
        hidden_words.append(demo["body"][0]["value"])
        moderate(client, moderator, short_id(demo), "remove", demo["gloss"]["version"])

    def rescore():  # camp b turns against a helpful demo note: the scorer moves it to needs_more_ratings
        with app.app_context():
            target = next(n for n in public_search(client).values()
                          if n["target"]["selector"][0]["exact"] == article.DEMO_NOTES[1]["exact"])
            for reader in article.DEMO_CAMPS["b"]:
                ratings.rate(find_user(reader), short_id(target), "not_helpful", [])
            now = utcnow()
            run_scoring(timedelta(0), timedelta(days=14), now=now)
        assert target["id"] not in public_search(client)

    seen_before_hiding = {}
    for step in (seed, write, edit, hide, rescore):
        if step is hide:
            seen_before_hiding = {status: len(mirror.bodies) for status, mirror in mirrors.items()}
        step()
        check()
    for late in late_mirrors.values():
        late.sync()
    answers_since_hiding = [body for status, mirror in mirrors.items()
                            for body in mirror.bodies[seen_before_hiding[status]:]]
    answers_since_hiding += [body for late in late_mirrors.values() for body in late.bodies]
    assert not any(words in body for words in hidden_words for body in answers_since_hiding)
    assert mirrors[ANY].kinds == {"created", "updated", "deleted", "status_changed", "moderated"}
    for status, late in late_mirrors.items():  # a mirror starting from nothing at the end agrees too
        assert late.notes == mirrors[status].notes == public_search(client, status)
    assert notes["kept"]["id"] in mirrors[ANY].notes and notes["gone"]["id"] not in mirrors[ANY].notes


def test_items_carry_the_documented_fields_in_sequence_order(client, accounts, settled):
    alice = accounts.headers("alice")
    first, second = post_note(client, alice, exact="one"), post_note(client, alice, exact="two")
    page = client.get("/api/changes", query_string={"status": ANY}).get_json()
    assert [item["id"] for item in page["items"]] == [first["id"], second["id"]]
    item = page["items"][0]
    assert set(item) == {"cursor", "kind", "id", "at", "annotation"}
    assert item["kind"] == "created" and item["at"].endswith("Z")
    assert item["annotation"] == client.get(local(first["id"])).get_json()
    assert page["next"] is None


def test_a_full_page_links_to_the_next_and_the_last_page_does_not(client, accounts, settled):
    alice = accounts.headers("alice")
    for i in range(3):
        post_note(client, alice, exact=f"q{i}")
    first = client.get("/api/changes?limit=2&status=" + ANY).get_json()
    assert len(first["items"]) == 2 and "since=" in first["next"] and "status=" in first["next"]
    second = client.get(local(first["next"])).get_json()
    assert len(second["items"]) == 1 and second["next"] is None
    later = client.get("/api/changes", query_string={"since": second["items"][-1]["cursor"]}).get_json()
    assert later == {"items": [], "next": None}


def test_changes_inside_the_settle_window_wait_and_block_later_ones(app, client, accounts):
    alice = accounts.headers("alice")
    old, recent = post_note(client, alice, exact="old"), post_note(client, alice, exact="recent")
    newer = post_note(client, alice, exact="newer")
    with app.app_context():  # `old` is long settled; `recent` is not; `newer` (a later seq) is
        past = utcnow() - timedelta(minutes=5)
        db.session.execute(update(NoteChange).values(at=past))
        db.session.execute(update(NoteChange).where(NoteChange.annotation_id == short_id(recent))
                           .values(at=utcnow() + timedelta(seconds=1)))
        db.session.commit()
    served = client.get("/api/changes", query_string={"status": ANY}).get_json()["items"]
    assert [item["id"] for item in served] == [old["id"]]  # `newer` waits behind `recent`
    assert newer["id"] not in [item["id"] for item in served]


def test_the_settle_window_holds_back_a_change_just_made(app, client, accounts):
    import dataclasses
    original = app.config["GLOSS"]
    app.config["GLOSS"] = dataclasses.replace(original, changes_settle_seconds=60)
    try:
        post_note(client, accounts.headers("alice"))
        assert client.get("/api/changes").get_json() == {"items": [], "next": None}
    finally:
        app.config["GLOSS"] = original


def test_the_settle_window_is_2_seconds_unless_configured():
    from server.config import ConfigError, load_settings
    assert load_settings({"GLOSS_ENV": "test"}).changes_settle_seconds == 2
    assert load_settings({"GLOSS_ENV": "test", "GLOSS_CHANGES_SETTLE_SECONDS": "0"}).changes_settle_seconds == 0
    with pytest.raises(ConfigError, match="GLOSS_CHANGES_SETTLE_SECONDS"):
        load_settings({"GLOSS_ENV": "test", "GLOSS_CHANGES_SETTLE_SECONDS": "-1"})


@pytest.mark.parametrize("query, status", [
    ({"since": "garbage"}, 400), ({"since": cursors.encode(["x"])}, 400), ({"since": cursors.encode([1, 2])}, 400),
    ({"limit": "0"}, 422), ({"limit": "201"}, 422), ({"status": "bogus"}, 422),
])
def test_bad_parameters_are_clear_errors(client, query, status):
    response = client.get("/api/changes", query_string=query)
    assert response.status_code == status
    assert "error" in response.get_json()


def test_a_bad_token_is_refused_rather_than_read_as_anonymous(client):
    response = client.get("/api/changes", headers={"Authorization": "Bearer gls_nope"})
    assert response.status_code == 401


def test_a_moderator_asking_still_gets_only_public_notes(client, accounts, settled):
    alice, moderator = accounts.headers("alice"), accounts.headers("mod", role="moderator")
    note = post_note(client, alice, text=SECRET)
    moderate(client, moderator, short_id(note), "hide", note["gloss"]["version"])
    page = client.get("/api/changes", query_string={"status": ANY}, headers=moderator)
    assert SECRET not in page.get_data(as_text=True)
    assert [item["annotation"] for item in page.get_json()["items"]] == [None, None]
