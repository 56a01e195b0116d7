"""One visibility rule for every read by id: a note someone may not see answers exactly as a missing id
does (no existence oracle), and not_helpful notes are for their author and moderators only."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from server.annotations.models import Annotation
from server.db import db
from tests.factories import make_note

MISSING = "AAAAAAAAAAAAAAAAAAAAAA"
# Every by-id operation a signed-in reader (not the author) may attempt, with a valid body.
BY_ID = [
    ("GET", "/api/annotations/{id}", None),
    ("GET", "/annotations/{id}", None),
    ("POST", "/api/annotations/{id}/flags", {"reason": "spam", "comment": ""}),
    ("GET", "/api/annotations/{id}/flags", None),
    ("PUT", "/api/annotations/{id}/rating", {"helpfulness": "helpful"}),
    ("DELETE", "/api/annotations/{id}/rating", None),
    ("GET", "/api/annotations/{id}/ratings/summary", None),
    ("GET", "/api/annotations/{id}/claimreview", None),
    ("PATCH", "/api/annotations/{id}", {"bodyValue": "Mine now."}),
    ("PUT", "/api/annotations/{id}", make_note()),
    ("DELETE", "/api/annotations/{id}", None),
]


@pytest.fixture()
def note_id(client, accounts):
    created = client.post("/api/annotations", json=make_note(motivation="assessing", gloss={"verdict": "misleading"}),
                          headers=accounts.headers("author"))
    assert created.status_code == 201
    return created.get_json()["id"].rsplit("/", 1)[1]


def set_note(app, note_id: str, **values) -> None:
    with app.app_context():
        db.session.execute(update(Annotation).where(Annotation.id == note_id).values(**values))
        db.session.commit()


def answer(response) -> tuple:
    return response.status_code, response.get_json()


@pytest.mark.parametrize("state", ["pending", "hidden", "removed"])
@pytest.mark.parametrize("method,path,body", BY_ID, ids=lambda v: v if isinstance(v, str) else "")
def test_another_readers_held_note_answers_exactly_as_a_missing_one(app, client, accounts, note_id, state,
                                                                    method, path, body):
    other = accounts.headers("bob")
    set_note(app, note_id, moderation_state=state)
    held = answer(client.open(path.format(id=note_id), method=method, json=body, headers=other))
    missing = answer(client.open(path.format(id=MISSING), method=method, json=body, headers=other))
    assert held == missing and held[0] == 404


@pytest.mark.parametrize("method,path,body", BY_ID[:2] + BY_ID[6:8], ids=lambda v: v if isinstance(v, str) else "")
def test_a_not_helpful_note_is_not_readable_by_id_except_by_its_author_and_moderators(app, client, accounts,
                                                                                     note_id, method, path, body):
    set_note(app, note_id, status="not_helpful")
    for headers in ({}, accounts.headers("bob")):
        assert answer(client.open(path.format(id=note_id), method=method, headers=headers)) == \
            answer(client.open(path.format(id=MISSING), method=method, headers=headers))
    author = client.post("/api/tokens", json={"username": "author", "password": "correct horse battery"}).get_json()
    for headers in ({"Authorization": f"Bearer {author['token']}"}, accounts.headers("mod", role="moderator")):
        assert client.open(path.format(id=note_id), method=method, headers=headers).status_code == 200


@pytest.mark.parametrize("state", ["pending", "hidden"])
def test_a_held_notes_rating_summary_reads_for_moderators_and_its_author_but_cannot_be_rated(
        app, client, accounts, note_id, state):
    set_note(app, note_id, moderation_state=state)
    summary = f"/api/annotations/{note_id}/ratings/summary"
    author = client.post("/api/tokens", json={"username": "author", "password": "correct horse battery"}).get_json()
    moderator = accounts.headers("mod", role="moderator")
    for headers in (moderator, {"Authorization": f"Bearer {author['token']}"}):
        response = client.get(summary, headers=headers)
        assert response.status_code == 200 and response.get_json()["ratings"] == 0
    assert client.get(summary).status_code == 404
    # Ratings are for what readers are shown: not even a moderator rates a held note.
    rated = client.put(f"/api/annotations/{note_id}/rating", json={"helpfulness": "helpful"}, headers=moderator)
    assert rated.status_code == 404


def test_a_moderator_cannot_approve_their_own_held_note(app, client, accounts):
    moderator = accounts.headers("mod", role="moderator")
    created = client.post("/api/annotations", json=make_note(), headers=moderator).get_json()
    note_id = created["id"].rsplit("/", 1)[1]
    set_note(app, note_id, moderation_state="pending")
    response = client.post(f"/api/moderation/annotations/{note_id}/actions", headers=moderator,
                           json={"action": "approve", "reason": "Looks fine to me.", "expected_version": 1})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "own_note"
    assert client.get(f"/api/annotations/{note_id}").status_code == 404  # still held
    other = accounts.headers("mod2", role="moderator")
    assert client.post(f"/api/moderation/annotations/{note_id}/actions", headers=other,
                       json={"action": "approve", "reason": "Fine.", "expected_version": 1}).status_code == 200


class FakeUser:
    """What Viewer.of reads of a user (a plain value: the rule, not the account model, is under test)."""

    def __init__(self, user_id: str, can_moderate: bool):
        self.id, self.can_moderate = user_id, can_moderate


def test_a_viewer_asking_for_nothing_gets_the_default_statuses():
    from server.annotations.visibility import Viewer
    assert Viewer.of(None).statuses == ("helpful",)
    assert Viewer.public().params == {"statuses": ["helpful"], "viewer": "", "moderator": False}


def test_only_a_viewer_who_may_moderate_keeps_not_helpful():
    from server.annotations.visibility import Viewer
    asked = ("not_helpful", "helpful", "not_helpful")
    reader = Viewer.of(FakeUser("u1", can_moderate=False), asked)
    moderator = Viewer.of(FakeUser("m1", can_moderate=True), asked)
    assert (reader.id, reader.moderator, reader.statuses) == ("u1", False, ("helpful",))
    assert (moderator.id, moderator.moderator, moderator.statuses) == ("m1", True, ("not_helpful", "helpful"))
    # Asking only for what one may not see leaves nothing of others' notes (one's own still show).
    assert Viewer.of(FakeUser("u1", can_moderate=False), ("not_helpful",)).statuses == ()
