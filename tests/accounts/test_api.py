"""Accounts API: registration, password sign-in, tokens (hashed, shown once, revocable), /api/me."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from server.accounts.models import ApiToken, User
from server.db import db

GOOD = {"username": "Alice", "email": "Alice@Example.org", "password": "correct horse battery"}


def register(client, **changes):
    return client.post("/api/users", json={**GOOD, **changes})


def sign_in(client, username="alice", password=GOOD["password"], **extra):
    return client.post("/api/tokens", json={"username": username, "password": password, **extra})


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_register_returns_201_with_user_and_folds_case(client):
    response = register(client)
    assert response.status_code == 201
    user = response.get_json()
    assert user["username"] == "alice" and user["email"] == "alice@example.org"
    assert user["role"] == "contributor" and user["suspended"] is False
    assert len(user["id"]) == 22 and user["created"].endswith("Z")
    assert "password" not in user and "password_hash" not in user


def test_password_is_stored_as_argon2id_hash_not_plaintext(app, client):
    register(client)
    with app.app_context():
        stored = db.session.scalars(select(User)).one().password_hash
    assert stored.startswith("$argon2id$")
    assert GOOD["password"] not in stored


@pytest.mark.parametrize("changes, field", [
    ({"username": "ab"}, "username"),
    ({"username": "has space"}, "username"),
    ({"username": "x" * 33}, "username"),
    ({"email": "not-an-email"}, "email"),
    ({"password": "short"}, "password"),
    ({"password": "p" * 257}, "password"),
    ({"role": "admin"}, "role"),
])
def test_register_with_invalid_field_is_422_and_creates_nobody(app, client, changes, field):
    response = register(client, **changes)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    with app.app_context():
        assert db.session.scalars(select(User)).first() is None


def test_register_cannot_choose_its_own_role(client):
    assert register(client, role="admin").status_code == 422


@pytest.mark.parametrize("changes", [{"email": "other@example.org"}, {"username": "ALICE", "email": "x@example.org"}])
def test_register_taken_username_is_409(client, changes):
    assert register(client).status_code == 201
    response = register(client, **changes)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "username_taken"


def _shape(response) -> tuple:
    user = response.get_json()
    return (response.status_code, sorted(response.headers.keys()), sorted(user),
            {k: v for k, v in user.items() if k not in ("id", "username", "email", "created")})


def test_a_taken_email_registers_exactly_like_a_free_one(client):
    assert register(client).status_code == 201  # alice@example.org is now taken
    taken = register(client, username="bob", email="ALICE@example.org")
    free = register(client, username="carol", email="carol@example.org")
    assert _shape(taken) == _shape(free)
    assert (taken.get_json()["email"], free.get_json()["email"]) == ("alice@example.org", "carol@example.org")
    # ...and the next step tells nothing either: both accounts work.
    for name in ("bob", "carol"):
        signed_in = sign_in(client, name)
        assert signed_in.status_code == 201
        assert client.get("/api/me", headers=bearer(signed_in.get_json()["token"])).get_json()["username"] == name


def test_sign_in_returns_token_once_and_stores_only_its_hash(app, client):
    register(client)
    response = sign_in(client, name="laptop")
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    token = response.get_json()
    secret = token["token"]
    assert secret.startswith("gls_") and len(secret) >= 40
    assert token["name"] == "laptop" and token["last_used"] is None
    with app.app_context():
        row = db.session.scalars(select(ApiToken)).one()
        assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in (row.token_hash, row.prefix, row.name)
    listed = client.get("/api/tokens", headers=bearer(secret)).get_json()["items"]
    assert [t["id"] for t in listed] == [token["id"]]
    assert "token" not in listed[0]


def test_sign_in_is_case_insensitive_on_username(client):
    register(client)
    assert sign_in(client, username="ALICE").status_code == 201


@pytest.mark.parametrize("username, password", [("alice", "wrong password!"), ("nobody", GOOD["password"])])
def test_sign_in_with_bad_credentials_is_401_and_same_message(client, username, password):
    register(client)
    response = sign_in(client, username=username, password=password)
    assert response.status_code == 401
    assert response.get_json()["error"] == {"code": "bad_credentials", "message": "Wrong username or password."}


def test_sign_in_with_missing_fields_is_422(client):
    response = client.post("/api/tokens", json={"username": "alice"})
    assert response.status_code == 422
    assert "password" in response.get_json()["error"]["fields"]


def test_me_returns_the_token_owner(client):
    register(client)
    secret = sign_in(client).get_json()["token"]
    me = client.get("/api/me", headers=bearer(secret))
    assert me.status_code == 200
    assert me.get_json()["username"] == "alice"


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer ", "Basic YWxpY2U6cHc=", "Bearer gls_unknown"])
def test_me_without_valid_bearer_is_401_with_challenge(client, header):
    headers = {"Authorization": header} if header is not None else {}
    response = client.get("/api/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_using_a_token_records_last_used(client):
    register(client)
    secret = sign_in(client).get_json()["token"]
    client.get("/api/me", headers=bearer(secret))
    listed = client.get("/api/tokens", headers=bearer(secret)).get_json()["items"]
    assert listed[0]["last_used"] is not None and listed[0]["last_used"].endswith("Z")


def test_revoked_token_stops_working_and_leaves_the_list(client):
    register(client)
    keep = sign_in(client, name="keep").get_json()
    drop = sign_in(client, name="drop").get_json()
    assert client.delete(f"/api/tokens/{drop['id']}", headers=bearer(keep["token"])).status_code == 204
    assert client.get("/api/me", headers=bearer(drop["token"])).status_code == 401
    listed = client.get("/api/tokens", headers=bearer(keep["token"])).get_json()["items"]
    assert [t["name"] for t in listed] == ["keep"]


def test_revoking_someone_elses_token_is_404_and_it_keeps_working(client, accounts):
    register(client)
    alice = sign_in(client).get_json()
    response = client.delete(f"/api/tokens/{alice['id']}", headers=accounts.headers("bob"))
    assert response.status_code == 404
    assert client.get("/api/me", headers=bearer(alice["token"])).status_code == 200


def test_revoking_twice_is_404(client):
    register(client)
    token = sign_in(client).get_json()
    other = sign_in(client).get_json()
    client.delete(f"/api/tokens/{token['id']}", headers=bearer(other["token"]))
    assert client.delete(f"/api/tokens/{token['id']}", headers=bearer(other["token"])).status_code == 404


@pytest.mark.parametrize("method, path", [("get", "/api/tokens"), ("delete", "/api/tokens/x")])
def test_token_endpoints_need_a_token(client, method, path):
    assert getattr(client, method)(path).status_code == 401
