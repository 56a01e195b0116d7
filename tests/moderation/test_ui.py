"""The moderators' web UI (server-rendered): sign-in, CSRF, actions with version checks, escaping, charts."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from server.accounts.models import User
from server.annotations.models import Annotation
from server.db import db
from server.moderation.models import AuditEntry
from tests.factories import age_accounts, make_note, post_note, short_id

PASSWORD = "correct horse battery"
XSS_BODY = '<script>alert("body")</script>'
XSS_COMMENT = "<script>alert('comment')</script>"


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client, username="mod", password=PASSWORD):
    page = client.get("/moderation/login")
    return client.post("/moderation/login", data={"username": username, "password": password,
                                                   "csrf_token": csrf_from(page.get_data(as_text=True))})


@pytest.fixture()
def moderator(accounts):
    accounts.create("mod", role="moderator", password=PASSWORD)


@pytest.fixture()
def note(client, accounts, app):
    headers = accounts.headers("author")
    age_accounts(app)
    payload = make_note()
    payload["body"][0]["value"] = XSS_BODY
    note_id = short_id(post_note(client, headers, payload))
    flagged = client.post(f"/api/annotations/{note_id}/flags", json={"reason": "abuse", "comment": XSS_COMMENT},
                          headers=accounts.headers("rita", role="reader"))
    assert flagged.status_code == 201
    return note_id


def state_and_audit(app, note_id):
    with app.app_context():
        note = db.session.get(Annotation, note_id)
        rows = list(db.session.scalars(select(AuditEntry).where(AuditEntry.target_id == note_id)))
        return note.moderation_state, note.version, rows


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get("/moderation/")
    assert response.status_code == 302 and "/moderation/login" in response.headers["Location"]
    assert client.get("/moderation/dashboard").status_code == 302


def test_non_moderator_cannot_sign_in(client, accounts):
    accounts.create("carl", role="contributor", password=PASSWORD)
    response = login(client, "carl")
    assert response.status_code == 403 and "Only moderators" in response.get_data(as_text=True)
    assert client.get("/moderation/").status_code == 302


def test_wrong_password_is_refused(client, moderator):
    response = login(client, "mod", "wrong password")
    assert response.status_code == 401
    assert client.get("/moderation/").status_code == 302


def test_moderator_signs_in_and_out(client, moderator, note):
    response = login(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/moderation/")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires" not in cookie
    queue = client.get("/moderation/")
    assert queue.status_code == 200 and note in queue.get_data(as_text=True)
    out = client.post("/moderation/logout", data={"csrf_token": csrf_from(queue.get_data(as_text=True))})
    assert out.status_code == 302
    assert client.get("/moderation/").status_code == 302


def test_signed_in_user_who_lost_the_role_gets_403(app, client, moderator):
    login(client)
    with app.app_context():
        db.session.execute(update(User).where(User.username == "mod").values(role="reader"))
        db.session.commit()
    response = client.get("/moderation/")
    assert response.status_code == 403 and response.mimetype == "text/html"


def test_post_without_or_with_wrong_csrf_token_is_400_and_changes_nothing(app, client, moderator, note):
    login(client)
    for data in ({}, {"csrf_token": "forged"}):
        response = client.post(f"/moderation/notes/{note}/actions",
                               data={"action": "hide", "reason": "Spam.", "expected_version": "1", **data})
        assert response.status_code == 400 and response.mimetype == "text/html"
    state, version, rows = state_and_audit(app, note)
    assert (state, version, rows) == ("visible", 1, [])


def test_login_form_needs_csrf_token(client, moderator):
    response = client.post("/moderation/login", data={"username": "mod", "password": PASSWORD})
    assert response.status_code == 400


def test_hide_through_the_form_changes_state_and_writes_one_audit_row(app, client, moderator, note):
    login(client)
    page = client.get(f"/moderation/notes/{note}").get_data(as_text=True)
    assert 'name="expected_version" value="1"' in page
    response = client.post(f"/moderation/notes/{note}/actions",
                           data={"action": "hide", "reason": "Abusive.", "expected_version": "1",
                                 "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    state, version, rows = state_and_audit(app, note)
    assert state == "hidden" and version == 2
    assert [(r.action, r.old_value, r.new_value, r.reason) for r in rows] == [("hide", "visible", "hidden", "Abusive.")]
    detail = client.get(f"/moderation/notes/{note}").get_data(as_text=True)
    assert "Abusive." in detail and "hidden" in detail
    log = client.get("/moderation/log", query_string={"action": "hide", "actor": "mod"}).get_data(as_text=True)
    assert "Abusive." in log


def test_action_needs_a_reason(app, client, moderator, note):
    login(client)
    page = client.get(f"/moderation/notes/{note}").get_data(as_text=True)
    response = client.post(f"/moderation/notes/{note}/actions",
                           data={"action": "hide", "reason": "  ", "expected_version": "1",
                                 "csrf_token": csrf_from(page)})
    assert response.status_code == 422
    assert state_and_audit(app, note)[0] == "visible"


def test_stale_version_shows_the_conflict_and_changes_nothing(app, client, moderator, note):
    login(client)
    page = client.get(f"/moderation/notes/{note}").get_data(as_text=True)
    token = csrf_from(page)
    first = client.post(f"/moderation/notes/{note}/actions",
                        data={"action": "hide", "reason": "Abusive.", "expected_version": "1", "csrf_token": token})
    assert first.status_code == 302
    stale = client.post(f"/moderation/notes/{note}/actions",
                        data={"action": "approve", "reason": "Fine.", "expected_version": "1", "csrf_token": token})
    assert stale.status_code == 409
    assert "Someone else changed this note; reload" in stale.get_data(as_text=True)
    state, version, rows = state_and_audit(app, note)
    assert (state, version, len(rows)) == ("hidden", 2, 1)


def test_user_text_is_escaped_on_the_detail_page(client, moderator, note):
    login(client)
    html = client.get(f"/moderation/notes/{note}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;body&#34;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#39;comment&#39;)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "rita" in html  # moderators see who flagged
    queue = client.get("/moderation/").get_data(as_text=True)
    assert "<script>" not in queue and "&lt;script&gt;" in queue


def test_queue_filters_and_pages(client, moderator, note):
    login(client)
    assert note in client.get("/moderation/", query_string={"reason": "abuse"}).get_data(as_text=True)
    assert note not in client.get("/moderation/", query_string={"reason": "spam"}).get_data(as_text=True)
    assert note in client.get("/moderation/", query_string={"author": "author"}).get_data(as_text=True)
    assert client.get("/moderation/", query_string={"cursor": "junk"}).status_code == 400
    assert client.get("/moderation/", query_string={"state": "nonsense"}).status_code == 422


def test_the_filter_forms_parse_as_the_api_does_and_empty_fields_filter_nothing(client, moderator, note):
    login(client)
    # The filter form sends every field; the empty ones are no filter.
    everything = client.get("/moderation/", query_string={"state": "", "reason": "", "domain": " ", "author": ""})
    assert everything.status_code == 200 and note in everything.get_data(as_text=True)
    # The host is read as search reads it: any case, a leading dot; a LIKE wildcard is refused on a page.
    assert note in client.get("/moderation/", query_string={"domain": ".NEWS.example.com"}).get_data(as_text=True)
    refused = client.get("/moderation/", query_string={"domain": "%", "reason": "nonsense"})
    assert refused.status_code == 422 and refused.mimetype == "text/html"
    assert "domain" in refused.get_data(as_text=True) and "reason" in refused.get_data(as_text=True)
    assert client.get("/moderation/log", query_string={"actor": "", "action": ""}).status_code == 200
    assert client.get("/moderation/log", query_string={"actor": "not a name!"}).status_code == 422


def test_unknown_note_is_an_html_404(client, moderator):
    login(client)
    response = client.get("/moderation/notes/nope")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_dashboard_draws_svg_charts(client, moderator, note):
    login(client)
    page = client.get(f"/moderation/notes/{note}").get_data(as_text=True)
    client.post(f"/moderation/notes/{note}/actions",
                data={"action": "hide", "reason": "Abusive.", "expected_version": "1", "csrf_token": csrf_from(page)})
    html = client.get("/moderation/dashboard").get_data(as_text=True)
    assert html.count("<svg") == 3
    assert "<rect" in html and "<title>" in html
    assert ": 1 flags</title>" in html and ": 1 hidden</title>" in html
    assert "Flags raised per day" in html
