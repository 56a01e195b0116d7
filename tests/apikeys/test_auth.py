"""require_key_holder(): an app key or a user token passes, nothing or a bad credential is a 401."""
from __future__ import annotations

import pytest
from flask import jsonify

from server import create_app
from server.accounts.auth import current_app_key, current_user, require_key_holder
from server.db import db
from tests.conftest import TEST_ENV


@pytest.fixture()
def holder_client(database_url, app):
    """An app with one extra route that needs a key holder, as the export endpoint will."""
    holder_app = create_app({**TEST_ENV, "DATABASE_URL": database_url})

    @holder_app.get("/api/test-holder")
    def holder():
        who = require_key_holder()
        user, key = current_user(), current_app_key()
        return jsonify({"holder": who.id, "user": user and user.id, "app_key": key and key.id})

    yield holder_app.test_client()
    with holder_app.app_context():
        db.engine.dispose()


def test_require_key_holder_accepts_an_app_key_or_a_user_token_and_nothing_else(holder_client, accounts):
    user, secret = accounts.create("alice")
    made = holder_client.post("/api/keys", json={"name": "app"}, headers={"Authorization": f"Bearer {secret}"})
    key = made.get_json()
    as_app = holder_client.get("/api/test-holder", headers={"Authorization": f"Bearer {key['key']}"}).get_json()
    assert as_app == {"holder": key["id"], "user": None, "app_key": key["id"]}
    as_user = holder_client.get("/api/test-holder", headers={"Authorization": f"Bearer {secret}"}).get_json()
    assert as_user == {"holder": user.id, "user": user.id, "app_key": None}
    anonymous = holder_client.get("/api/test-holder")
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    for bad in ("glk_unknown", "gls_unknown", "Basic abc"):
        header = bad if bad.startswith("Basic") else f"Bearer {bad}"
        assert holder_client.get("/api/test-holder", headers={"Authorization": header}).status_code == 401
