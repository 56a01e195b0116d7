"""GET /api/export/annotations.jsonl: every public note once, one W3C annotation per line, for key holders."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy import update

from server.annotations.models import Annotation
from server.db import db
from server.feeds import services
from tests.factories import ANY, local, post_note, short_id

EXPORT = "/api/export/annotations.jsonl"


@pytest.fixture()
def small_batches(monkeypatch):
    monkeypatch.setattr(services, "EXPORT_BATCH", 3)  # many batches from a handful of notes


@pytest.fixture()
def reader(accounts):
    return accounts.headers("researcher", role="reader")


def export(client, headers, **query) -> list[dict]:
    response = client.get(EXPORT, query_string=query, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/x-ndjson"
    body = response.get_data(as_text=True)
    assert body == "" or body.endswith("\n")
    return [json.loads(line) for line in body.splitlines()]


def test_anonymous_callers_are_asked_for_a_key(client):
    response = client.get(EXPORT)
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get(EXPORT, headers={"Authorization": "Bearer gls_forged"}).status_code == 401


@pytest.mark.parametrize("batch", [3, 7, 1000])
def test_every_public_note_comes_out_exactly_once_in_modified_order(client, accounts, reader, monkeypatch, batch):
    monkeypatch.setattr(services, "EXPORT_BATCH", batch)
    alice = accounts.headers("alice")
    notes = [post_note(client, alice, exact=f"quote {i}") for i in range(7)]
    client.patch(local(notes[2]["id"]), json={"bodyValue": "Edited last."}, headers=alice)
    lines = export(client, reader, status=ANY)
    assert [n["id"] for n in lines] == [n["id"] for n in notes[:2] + notes[3:] + [notes[2]]]
    assert lines[0] == client.get(local(notes[0]["id"])).get_json()  # the same representation as GET


def test_updated_after_keeps_only_later_changes(app, client, accounts, reader, small_batches):
    alice = accounts.headers("alice")
    notes = [post_note(client, alice, exact=f"quote {i}") for i in range(5)]
    with app.app_context():
        db.session.execute(update(Annotation).values(modified=datetime(2026, 1, 1, tzinfo=UTC)))
        db.session.commit()
    for note in notes[1:3]:
        client.patch(local(note["id"]), json={"bodyValue": "Fresh."}, headers=alice)
    lines = export(client, reader, status=ANY, updated_after="2026-06-01T00:00:00Z")
    assert [n["id"] for n in lines] == [notes[1]["id"], notes[2]["id"]]
    assert len(export(client, reader, status=ANY, updated_after="2025-12-31T23:59:59+00:00")) == 5


def test_hidden_removed_pending_deleted_and_unrated_notes_are_left_out(app, client, accounts, reader):
    alice, moderator = accounts.headers("alice"), accounts.headers("mod", role="moderator")
    notes = [post_note(client, alice, exact=f"quote {i}", text=f"words {i}") for i in range(6)]
    with app.app_context():
        db.session.execute(update(Annotation).where(Annotation.id != short_id(notes[5])).values(status="helpful"))
        db.session.commit()
    for note, action in ((notes[0], "hide"), (notes[1], "remove")):
        client.post(f"/api/moderation/annotations/{short_id(note)}/actions",
                    json={"action": action, "reason": "x", "expected_version": 1}, headers=moderator)
    client.delete(local(notes[2]["id"]), headers=alice)
    pending = post_note(client, accounts.headers("newcomer"), text="https://example.org/spam")  # held for review
    response = client.get(EXPORT, headers=moderator)  # a moderator's token still exports only public notes
    body = response.get_data(as_text=True)
    assert [json.loads(line)["id"] for line in body.splitlines()] == [notes[3]["id"], notes[4]["id"]]
    assert "words 0" not in body and "words 1" not in body and pending["id"] not in body
    assert [n["id"] for n in export(client, reader, status=ANY)] == [notes[3]["id"], notes[4]["id"], notes[5]["id"]]
    assert export(client, reader, status="not_helpful") == []  # never more than the public sees


@pytest.mark.parametrize("query, field", [
    ({"updated_after": "yesterday"}, "updated_after"), ({"updated_after": "2026-01-01T00:00:00"}, "updated_after"),
    ({"status": "bogus"}, "status"),
])
def test_bad_parameters_are_422(client, reader, query, field):
    response = client.get(EXPORT, query_string=query, headers=reader)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_the_export_streams_over_real_http(live_server, client, accounts, reader, small_batches):
    alice = accounts.headers("alice")
    ids = [post_note(client, alice, exact=f"quote {i}")["id"] for i in range(8)]
    with requests.get(f"{live_server}{EXPORT}", params={"status": ANY}, headers=reader, stream=True,
                      timeout=10) as response:
        assert response.status_code == 200
        assert response.headers.get("Transfer-Encoding") == "chunked" or "Content-Length" not in response.headers
        lines = [json.loads(line) for line in response.iter_lines() if line]
    assert [n["id"].replace(live_server, "http://localhost") for n in lines] == ids


def test_notes_modified_in_the_same_instant_page_by_id_without_loss_or_repeat(app, client, accounts, reader,
                                                                              small_batches):
    alice = accounts.headers("alice")
    notes = [post_note(client, alice, exact=f"quote {i}") for i in range(8)]
    with app.app_context():
        db.session.execute(update(Annotation).values(modified=datetime(2026, 1, 1, tzinfo=UTC)))
        db.session.commit()
    lines = export(client, reader, status=ANY)
    exported = [n["id"] for n in lines]  # in id order, as the database's collation sorts ids
    assert len(exported) == len(set(exported)) and set(exported) == {n["id"] for n in notes}


def test_an_app_key_exports_public_notes_and_a_revoked_one_is_refused(app, client, accounts):
    alice = accounts.headers("alice")
    public = post_note(client, alice, exact="public quote", text="public words")
    private = post_note(client, alice, exact="unrated quote", text="unrated words")
    with app.app_context():
        db.session.execute(update(Annotation).where(Annotation.id == short_id(public)).values(status="helpful"))
        db.session.commit()
    made = client.post("/api/keys", json={"name": "research mirror"}, headers=alice).get_json()
    key = {"Authorization": f"Bearer {made['key']}"}
    # The key's owner wrote the unrated note, but the app sees what the public sees.
    assert [n["id"] for n in export(client, key)] == [public["id"]]
    assert private["id"] not in client.get(EXPORT, headers=key).get_data(as_text=True)
    assert client.delete(f"/api/keys/{made['id']}", headers=alice).status_code == 204
    assert client.get(EXPORT, headers=key).status_code == 401
