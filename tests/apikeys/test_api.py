"""App keys: made with a user token, secret shown once and stored hashed, listed, revoked, capped; an
app key reads what anyone may read and writes nothing."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from server import create_app
from server.apikeys.models import AppKey
from server.db import db
from tests.conftest import TEST_ENV
from tests.factories import NORMALIZED_URL, make_note


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def make_key(client, headers, name="my reader app"):
    response = client.post("/api/keys", json={"name": name}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def stored_keys(app) -> list[AppKey]:
    with app.app_context():
        return list(db.session.scalars(select(AppKey)))


def test_creating_a_key_shows_the_secret_once_and_stores_only_its_hash(app, client, accounts):
    response = client.post("/api/keys", json={"name": "news digest"}, headers=accounts.headers("alice"))
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    shown = response.get_json()
    assert set(shown) == {"id", "name", "prefix", "created", "last_used", "revoked", "key"}
    secret = shown["key"]
    assert secret.startswith("glk_") and len(secret) >= 4 + 43  # 256 random bits in base64url
    assert shown["name"] == "news digest" and secret.startswith(shown["prefix"]) and shown["revoked"] is None
    [stored] = stored_keys(app)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (stored.key_hash, stored.prefix, stored.name)
    listed = client.get("/api/keys", headers=accounts.headers("bob")).get_json()
    assert listed["items"] == []  # bob sees none of alice's keys


def test_listing_never_shows_secrets_and_marks_revoked_keys(client, accounts):
    alice = accounts.headers("alice")
    first = make_key(client, alice, "first")
    second = make_key(client, alice, "second")
    assert client.delete(f"/api/keys/{first['id']}", headers=alice).status_code == 204
    listed = client.get("/api/keys", headers=alice).get_json()
    assert listed["next"] is None
    assert [k["name"] for k in listed["items"]] == ["second", "first"]  # newest first
    assert all("key" not in k for k in listed["items"])
    assert [k["revoked"] is None for k in listed["items"]] == [True, False]
    assert listed["items"][0]["id"] == second["id"]


def test_listing_pages_with_a_cursor(client, accounts):
    alice = accounts.headers("alice")
    names = [make_key(client, alice, f"k{i}")["name"] for i in range(3)]
    first = client.get("/api/keys?limit=2", headers=alice).get_json()
    assert [k["name"] for k in first["items"]] == ["k2", "k1"] and first["next"]
    second = client.get(first["next"], headers=alice).get_json()
    assert [k["name"] for k in second["items"]] == ["k0"] and second["next"] is None
    assert sorted(names) == ["k0", "k1", "k2"]


def test_a_revoked_key_is_a_401_and_revoking_again_is_still_204(client, accounts):
    alice = accounts.headers("alice")
    key = make_key(client, alice)
    assert client.get(f"/api/annotations?url={NORMALIZED_URL}", headers=bearer(key["key"])).status_code == 200
    assert client.delete(f"/api/keys/{key['id']}", headers=alice).status_code == 204
    response = client.get(f"/api/annotations?url={NORMALIZED_URL}", headers=bearer(key["key"]))
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.delete(f"/api/keys/{key['id']}", headers=alice).status_code == 204


def test_an_unknown_key_is_a_401_even_where_anonymous_reading_is_allowed(client):
    response = client.get(f"/api/annotations?url={NORMALIZED_URL}", headers=bearer("glk_" + "x" * 43))
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "invalid_token"


def test_revoking_someone_elses_key_is_a_404_and_leaves_it_working(client, accounts):
    key = make_key(client, accounts.headers("alice"))
    response = client.delete(f"/api/keys/{key['id']}", headers=accounts.headers("mallory"))
    assert response.status_code == 404
    assert client.delete("/api/keys/no-such-key", headers=accounts.headers("bob")).status_code == 404
    assert client.get(f"/api/annotations?url={NORMALIZED_URL}", headers=bearer(key["key"])).status_code == 200


@pytest.mark.parametrize("body, field", [({}, "name"), ({"name": ""}, "name"), ({"name": "x" * 101}, "name"),
                                         ({"name": 7}, "name")])
def test_a_bad_name_is_a_422_and_makes_no_key(app, client, accounts, body, field):
    response = client.post("/api/keys", json=body, headers=accounts.headers("alice"))
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
    assert stored_keys(app) == []


def test_key_endpoints_need_a_signed_in_user(client):
    assert client.post("/api/keys", json={"name": "x"}).status_code == 401
    response = client.get("/api/keys")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.delete("/api/keys/abc").status_code == 401


def test_an_app_key_cannot_mint_list_or_revoke_keys(app, client, accounts):
    alice = accounts.headers("alice")
    key = make_key(client, alice)
    as_app = bearer(key["key"])
    for response in (client.post("/api/keys", json={"name": "child"}, headers=as_app),
                     client.get("/api/keys", headers=as_app),
                     client.delete(f"/api/keys/{key['id']}", headers=as_app)):
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "app_key_read_only"
    assert len(stored_keys(app)) == 1 and stored_keys(app)[0].revoked is None


def test_a_suspended_user_cannot_create_keys(app, client, accounts):
    response = client.post("/api/keys", json={"name": "x"}, headers=accounts.headers("sam", suspended=True))
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "suspended"
    assert stored_keys(app) == []


def test_live_keys_are_capped_per_user_and_revoking_one_frees_a_place(database_url, accounts):
    small = create_app({**TEST_ENV, "DATABASE_URL": database_url, "GLOSS_MAX_APP_KEYS": "2"})
    client = small.test_client()
    alice = accounts.headers("alice")
    first = make_key(client, alice)
    make_key(client, alice)
    response = client.post("/api/keys", json={"name": "third"}, headers=alice)
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "too_many_keys"
    assert len(stored_keys(small)) == 2
    make_key(client, accounts.headers("bob"))  # the cap is per user
    assert client.delete(f"/api/keys/{first['id']}", headers=alice).status_code == 204
    make_key(client, alice, "third")
    with small.app_context():
        db.engine.dispose()


def test_an_app_key_cannot_write_anywhere(client, accounts):
    alice = accounts.headers("alice")
    created = client.post("/api/annotations", json=make_note(), headers=alice).get_json()
    key = make_key(client, alice)
    as_app = bearer(key["key"])
    note_id = created["id"].rsplit("/", 1)[-1]
    version = created["gloss"]["version"]
    writes = [
        client.post("/api/annotations", json=make_note(), headers=as_app),
        client.post("/annotations/", json=make_note(), headers=as_app),
        client.patch(f"/api/annotations/{note_id}", json={"motivation": "questioning"},
                     headers={**as_app, "If-Match": f'"{version}"'}),
        client.put(f"/annotations/{note_id}", json=make_note(), headers=as_app),
        client.delete(f"/api/annotations/{note_id}", headers=as_app),
        client.put(f"/api/annotations/{note_id}/rating", json={"helpfulness": "helpful"}, headers=as_app),
        client.post(f"/api/annotations/{note_id}/flags", json={"reason": "spam"}, headers=as_app),
        client.post("/api/users", json={"username": "appuser", "email": "a@example.org",
                                        "password": "correct horse battery"}, headers=as_app),
        client.post("/api/tokens", json={"username": "alice", "password": "correct horse battery"}, headers=as_app),
    ]
    for response in writes:
        assert response.status_code == 403, (response.request.path, response.get_json())
        assert response.get_json()["error"]["code"] == "app_key_read_only"
    # ...and nothing changed: the note is as alice wrote it, nobody registered.
    note = client.get(f"/api/annotations/{note_id}").get_json()
    assert note["gloss"]["version"] == version and note["motivation"] == created["motivation"]
    assert client.post("/api/tokens", json={"username": "appuser", "password": "correct horse battery"}
                       ).status_code == 401


def test_an_app_key_is_not_a_person(client, accounts):
    key = make_key(client, accounts.headers("alice"))
    response = client.get("/api/me", headers=bearer(key["key"]))
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "app_key_read_only"


def test_an_app_key_sees_only_public_notes(client, accounts):
    alice = accounts.headers("alice")
    moderator = accounts.headers("mod", role="moderator")
    hidden = client.post("/api/annotations", json=make_note(), headers=alice).get_json()
    shown = client.post("/api/annotations", json=make_note(motivation="questioning"),
                        headers=accounts.headers("bob")).get_json()
    hide = client.post(f"/api/moderation/annotations/{hidden['id'].rsplit('/', 1)[-1]}/actions",
                       json={"action": "hide", "reason": "Spam.", "expected_version": hidden["gloss"]["version"]},
                       headers=moderator)
    assert hide.status_code == 200
    listing = f"/api/annotations?url={NORMALIZED_URL}&status=needs_more_ratings"
    key = make_key(client, alice)  # alice's own key: it still does not see what only alice may see
    as_app = client.get(listing, headers=bearer(key["key"])).get_json()
    as_alice = client.get(listing, headers=alice).get_json()
    assert [n["id"] for n in as_app["items"]] == [shown["id"]]
    assert {n["id"] for n in as_alice["items"]} == {shown["id"], hidden["id"]}
    anchored = client.post("/api/anchor", json={"url": NORMALIZED_URL, "text": "x", "status": ["needs_more_ratings"]},
                           headers=bearer(key["key"]))
    assert anchored.status_code == 200  # anchoring is a read: app keys may
    assert [n["id"] for n in anchored.get_json()["items"]] == [shown["id"]]


def test_last_used_is_recorded_at_most_once_a_minute(app, client, accounts):
    key = make_key(client, accounts.headers("alice"))
    client.get(f"/api/annotations?url={NORMALIZED_URL}", headers=bearer(key["key"]))
    [first] = stored_keys(app)
    assert first.last_used is not None
    client.get(f"/api/annotations?url={NORMALIZED_URL}", headers=bearer(key["key"]))
    [second] = stored_keys(app)
    assert second.last_used == first.last_used
    listed = client.get("/api/keys", headers=accounts.headers("bob")).get_json()
    assert listed["items"] == []
