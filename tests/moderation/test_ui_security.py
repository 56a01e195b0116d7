"""The moderator UI's session ends on the server (sign-out, suspension, role change, expiry), so a
copied cookie stops working; and its pages carry a CSP and the other security headers."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from server.db import db
from tests.moderation.test_ui import PASSWORD, csrf_from, login


@pytest.fixture()
def moderator(accounts):
    accounts.create("mod", role="moderator", password=PASSWORD)


def session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None, "no session cookie"
    return cookie.value


def replay(app, value: str):
    """Another browser presenting a copy of the cookie."""
    thief = app.test_client()
    thief.set_cookie("session", value)
    return thief.get("/moderation/")


def signed_in_copy(app, client) -> str:
    assert login(client).status_code == 302
    copied = session_cookie(client)
    assert replay(app, copied).status_code == 200  # the copy works while the session lives
    return copied


def test_a_cookie_copied_before_sign_out_no_longer_signs_in(app, client, moderator):
    copied = signed_in_copy(app, client)
    queue = client.get("/moderation/")
    assert client.post("/moderation/logout",
                       data={"csrf_token": csrf_from(queue.get_data(as_text=True))}).status_code == 302
    response = replay(app, copied)
    assert response.status_code == 302 and "/moderation/login" in response.headers["Location"]


def test_signing_in_again_ends_the_session_it_replaces(app, client, moderator):
    copied = signed_in_copy(app, client)
    token = csrf_from(client.get("/moderation/").get_data(as_text=True))
    again = client.post("/moderation/login", data={"username": "mod", "password": PASSWORD, "csrf_token": token})
    assert again.status_code == 302
    assert replay(app, copied).status_code == 302
    assert client.get("/moderation/").status_code == 200


def test_a_suspension_ends_the_moderators_sessions_for_good(app, client, accounts, moderator):
    copied = signed_in_copy(app, client)
    admin = accounts.headers("root", role="admin")
    actions = "/api/moderation/users/mod/actions"
    assert client.post(actions, json={"action": "suspend", "reason": "Audit."}, headers=admin).status_code == 200
    assert client.post(actions, json={"action": "unsuspend", "reason": "Cleared."}, headers=admin).status_code == 200
    assert replay(app, copied).status_code == 302  # unsuspending does not bring the old session back


def test_a_role_change_ends_the_users_sessions(app, client, accounts, moderator):
    copied = signed_in_copy(app, client)
    admin = accounts.headers("root", role="admin")
    body = {"action": "set_role", "role": "admin", "reason": "Promoted."}
    assert client.post("/api/moderation/users/mod/actions", json=body, headers=admin).status_code == 200
    assert replay(app, copied).status_code == 302


def test_an_expired_session_is_refused_by_the_server(app, client, moderator):
    from server.accounts.models import UiSession
    copied = signed_in_copy(app, client)
    with app.app_context():
        db.session.execute(update(UiSession).values(expires=datetime.now(UTC) - timedelta(seconds=1)))
        db.session.commit()
    assert replay(app, copied).status_code == 302


@pytest.mark.parametrize("path", ["/moderation/login", "/moderation/", "/moderation/notes/nope"])
def test_ui_pages_send_a_csp_that_forbids_framing_and_scripts(client, moderator, path):
    if path != "/moderation/login":
        login(client)
    response = client.get(path)
    assert response.mimetype == "text/html"
    csp = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == "'none'" and directives["object-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    # The one inline stylesheet carries this response's nonce; nothing else is inline.
    html = response.get_data(as_text=True)
    nonce = re.fullmatch(r"'nonce-([A-Za-z0-9_-]{16,})'", directives["style-src"]).group(1)
    assert re.findall(r"<style[^>]*>", html) == [f'<style nonce="{nonce}">']
    assert "<script" not in html and " style=" not in html


def test_each_response_has_its_own_nonce(client):
    first, second = (client.get("/moderation/login").headers["Content-Security-Policy"] for _ in range(2))
    assert first != second


def test_api_json_responses_are_not_sniffed(client):
    for response in (client.get("/api/health"), client.get("/api/annotations/nope"), client.post("/api/users")):
        assert response.mimetype == "application/json"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
