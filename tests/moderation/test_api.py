"""Moderation API: flags, auto-triage, actions with 409 on stale versions, suspensions, roles, the
queue and the audit log (every change exactly one row)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from server.db import db
from server.moderation.models import AuditEntry
from tests.factories import ANY, NORMALIZED_URL, age_accounts, make_note, post_note
from tests.factories import short_id as note_id


@pytest.fixture()
def moderator(accounts):
    return accounts.headers("mod", role="moderator")


@pytest.fixture()
def note(client, accounts, app):
    headers = accounts.headers("author")
    age_accounts(app)  # an account old enough not to be triaged for links
    return post_note(client, headers, make_note())


def flag(client, headers, note, reason="spam", comment=""):
    return client.post(f"/api/annotations/{note_id(note)}/flags", json={"reason": reason, "comment": comment},
                       headers=headers)


def public(client, headers=None):
    return client.get("/api/annotations", query_string={"url": NORMALIZED_URL, "status": ANY},
                      headers=headers or {}).get_json()["items"]


def act(client, headers, note, action, version, reason="Reviewed."):
    return client.post(f"/api/moderation/annotations/{note_id(note)}/actions",
                       json={"action": action, "reason": reason, "expected_version": version}, headers=headers)


def audit_rows(app, **where):
    with app.app_context():
        query = select(AuditEntry)
        for key, value in where.items():
            query = query.where(getattr(AuditEntry, key) == value)
        return list(db.session.scalars(query.order_by(AuditEntry.created)))


def test_reader_flags_a_note_once(client, accounts, note):
    headers = accounts.headers("rita", role="reader")
    response = flag(client, headers, note, "misleading", "The headline is wrong.")
    assert response.status_code == 201
    assert response.get_json()["reason"] == "misleading" and "flagger_id" not in response.get_json()
    again = flag(client, headers, note)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_flagged"


@pytest.mark.parametrize("body, field", [({}, "reason"), ({"reason": "boring"}, "reason"),
                                         ({"reason": "other", "comment": "x" * 1001}, "comment")])
def test_invalid_flag_is_422(client, accounts, note, body, field):
    response = client.post(f"/api/annotations/{note_id(note)}/flags", json=body, headers=accounts.headers("rita"))
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_flagging_needs_a_signed_in_unsuspended_reader(client, accounts, note):
    assert flag(client, {}, note).status_code == 401
    assert flag(client, accounts.headers("sam", suspended=True), note).status_code == 403


def test_author_sees_that_their_note_was_flagged_but_not_by_whom(client, accounts, note):
    flag(client, accounts.headers("rita"), note, "abuse", "rude")
    token = client.post("/api/tokens", json={"username": "author", "password": "correct horse battery"}).get_json()
    author = {"Authorization": f"Bearer {token['token']}"}
    listed = client.get(f"/api/annotations/{note_id(note)}/flags", headers=author).get_json()["items"]
    assert [(f["reason"], f["comment"]) for f in listed] == [("abuse", "rude")]
    assert "flagger_id" not in listed[0]
    assert client.get(f"/api/annotations/{note_id(note)}/flags", headers=accounts.headers("bob")).status_code == 403


def test_three_flags_from_different_readers_send_a_note_to_pending(app, client, accounts, note):
    for name in ("r1", "r2"):
        assert flag(client, accounts.headers(name), note).status_code == 201
    assert len(public(client)) == 1
    flag(client, accounts.headers("r3"), note)
    assert public(client) == []
    rows = audit_rows(app, action="auto_pending")
    assert len(rows) == 1 and rows[0].actor_id is None
    assert (rows[0].old_value, rows[0].new_value) == ("visible", "pending")


def test_new_account_posting_a_link_is_held_for_review(app, client, accounts):
    headers = accounts.headers("newbie")
    payload = make_note()
    payload["body"][0]["value"] = "Read the truth at https://example.net/truth"
    created = client.post("/api/annotations", json=payload, headers=headers).get_json()
    assert created["gloss"]["moderation_state"] == "pending"
    assert public(client) == []
    own = public(client, headers)
    assert [n["gloss"]["moderation_state"] for n in own] == ["pending"]


def test_moderator_hides_a_note_and_it_leaves_every_public_view(app, client, accounts, moderator, note):
    flag(client, accounts.headers("r1"), note)
    response = act(client, moderator, note, "hide", note["gloss"]["version"], "Spam.")
    assert response.status_code == 200
    hidden = response.get_json()
    assert hidden["gloss"]["moderation_state"] == "hidden"
    assert hidden["gloss"]["version"] == note["gloss"]["version"] + 1
    assert public(client) == []
    anchored = client.post("/api/anchor", json={"url": NORMALIZED_URL, "text": "x", "status": ["needs_more_ratings"]})
    assert anchored.get_json()["items"] == []
    assert [n["gloss"]["moderation_state"] for n in public(client, moderator)] == ["hidden"]
    assert client.get("/api/moderation/queue", headers=moderator).get_json()["items"] == []
    rows = audit_rows(app, action="hide")
    assert len(rows) == 1 and rows[0].reason == "Spam."
    assert (rows[0].old_value, rows[0].new_value) == ("visible", "hidden")


def test_stale_expected_version_is_409_and_changes_nothing(app, client, moderator, accounts, note):
    version = note["gloss"]["version"]
    assert act(client, moderator, note, "hide", version).status_code == 200
    other = accounts.headers("mod2", role="moderator")
    response = act(client, other, note, "approve", version)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "stale"
    assert len(audit_rows(app)) == 1


def test_restore_and_approve_return_a_note_to_readers(client, moderator, note):
    version = act(client, moderator, note, "remove", note["gloss"]["version"]).get_json()["gloss"]["version"]
    assert public(client) == []
    restored = act(client, moderator, note, "restore", version)
    assert restored.get_json()["gloss"]["moderation_state"] == "visible"
    assert len(public(client)) == 1


@pytest.mark.parametrize("who", ["reader", "contributor"])
def test_only_moderators_act(client, accounts, note, who):
    headers = accounts.headers("someone", role=who)
    assert act(client, headers, note, "hide", 1).status_code == 403
    assert act(client, {}, note, "hide", 1).status_code == 401
    assert client.get("/api/moderation/queue", headers=headers).status_code == 403
    assert client.get("/api/moderation/log").status_code == 401


@pytest.mark.parametrize("body, field", [({"action": "delete", "reason": "x", "expected_version": 1}, "action"),
                                         ({"action": "hide", "expected_version": 1}, "reason"),
                                         ({"action": "hide", "reason": "x"}, "expected_version")])
def test_invalid_action_is_422(client, moderator, note, body, field):
    response = client.post(f"/api/moderation/annotations/{note_id(note)}/actions", json=body, headers=moderator)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_suspended_user_cannot_write_rate_or_flag_until_unsuspended(app, client, accounts, moderator, note):
    headers = accounts.headers("troll")
    body = {"action": "suspend", "reason": "Harassment."}
    assert client.post("/api/moderation/users/troll/actions", json=body, headers=moderator).status_code == 200
    assert client.post("/api/annotations", json=make_note(), headers=headers).status_code == 403
    assert client.put(f"/api/annotations/{note_id(note)}/rating", json={"helpfulness": "helpful"},
                      headers=headers).status_code == 403
    assert flag(client, headers, note).status_code == 403
    client.post("/api/moderation/users/troll/actions", json={"action": "unsuspend", "reason": "Appeal."},
                headers=moderator)
    assert flag(client, headers, note).status_code == 201
    assert [(r.old_value, r.new_value) for r in audit_rows(app, target_type="user")] == [
        ("active", "suspended"), ("suspended", "active")]


def test_a_suspension_for_a_period_ends_by_itself(client, accounts, moderator, note):
    headers = accounts.headers("brief")
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    client.post("/api/moderation/users/brief/actions", json={"action": "suspend", "reason": "Cool off.", "until": past},
                headers=moderator)
    assert flag(client, headers, note).status_code == 201


def test_hiding_all_notes_of_a_user_writes_one_row_per_note(app, client, accounts, moderator, note):
    client.post("/api/annotations", json=make_note(), headers={"Authorization": "Bearer " + client.post(
        "/api/tokens", json={"username": "author", "password": "correct horse battery"}).get_json()["token"]})
    response = client.post("/api/moderation/users/author/actions", json={"action": "hide_notes", "reason": "Spam run."},
                           headers=moderator)
    assert response.status_code == 200
    assert public(client) == []
    assert len(audit_rows(app, action="hide")) == 2


def test_only_admins_change_roles(app, client, accounts, moderator):
    accounts.create("carol")
    body = {"action": "set_role", "role": "moderator", "reason": "Trusted."}
    assert client.post("/api/moderation/users/carol/actions", json=body, headers=moderator).status_code == 403
    admin = accounts.headers("root", role="admin")
    response = client.post("/api/moderation/users/carol/actions", json=body, headers=admin)
    assert response.status_code == 200 and response.get_json()["role"] == "moderator"
    assert [(r.old_value, r.new_value) for r in audit_rows(app, action="set_role")] == [("contributor", "moderator")]


def test_queue_orders_by_open_flags_and_filters(client, accounts, moderator, note):
    other = client.post("/api/annotations", json=make_note(target={"source": "https://other.example.org/story",
                                                                   "selector": [{"type": "TextQuoteSelector",
                                                                                 "exact": "story"}]}),
                        headers=accounts.headers("author2")).get_json()
    flag(client, accounts.headers("r1"), note, "spam")
    flag(client, accounts.headers("r2"), note, "spam")
    flag(client, accounts.headers("r3"), other, "abuse")
    items = client.get("/api/moderation/queue", headers=moderator).get_json()["items"]
    assert [(i["annotation"]["id"], i["open_flags"]) for i in items] == [(note["id"], 2), (other["id"], 1)]
    by_reason = client.get("/api/moderation/queue", query_string={"reason": "abuse"}, headers=moderator).get_json()
    assert [i["annotation"]["id"] for i in by_reason["items"]] == [other["id"]]
    by_domain = client.get("/api/moderation/queue", query_string={"domain": "example.org"},
                           headers=moderator).get_json()
    assert [i["annotation"]["id"] for i in by_domain["items"]] == [other["id"]]
    by_author = client.get("/api/moderation/queue", query_string={"author": "author"}, headers=moderator).get_json()
    assert [i["annotation"]["id"] for i in by_author["items"]] == [note["id"]]
    first = client.get("/api/moderation/queue", query_string={"limit": 1}, headers=moderator).get_json()
    assert first["next"] is not None
    second = client.get(first["next"].replace("http://localhost", ""), headers=moderator).get_json()
    assert [i["annotation"]["id"] for i in second["items"]] == [other["id"]] and second["next"] is None


def test_log_filters_and_pages(app, client, moderator, note):
    version = note["gloss"]["version"]
    version = act(client, moderator, note, "hide", version).get_json()["gloss"]["version"]
    act(client, moderator, note, "restore", version)
    log = client.get("/api/moderation/log", headers=moderator).get_json()
    assert [e["action"] for e in log["items"]] == ["restore", "hide"]
    only = client.get("/api/moderation/log", query_string={"action": "hide", "actor": "mod"},
                      headers=moderator).get_json()
    assert [e["action"] for e in only["items"]] == ["hide"]
    page = client.get("/api/moderation/log", query_string={"limit": 1}, headers=moderator).get_json()
    rest = client.get(page["next"].replace("http://localhost", ""), headers=moderator).get_json()
    assert [e["action"] for e in page["items"] + rest["items"]] == ["restore", "hide"]
    assert client.get("/api/moderation/log", query_string={"cursor": "junk"}, headers=moderator).status_code == 400


def test_every_moderation_state_change_has_exactly_one_audit_row(app, client, accounts, moderator, note):
    for name in ("r1", "r2", "r3"):
        flag(client, accounts.headers(name), note)  # -> pending (system)
    with app.app_context():
        version = db.session.get(__import__("server.annotations.models", fromlist=["Annotation"]).Annotation,
                                 note_id(note)).version
    for action in ("approve", "hide", "restore", "remove"):
        response = act(client, moderator, note, action, version)
        assert response.status_code == 200, response.get_json()
        version = response.get_json()["gloss"]["version"]
    rows = audit_rows(app, target_type="annotation")
    assert [(r.old_value, r.new_value) for r in rows] == [("visible", "pending"), ("pending", "visible"),
                                                           ("visible", "hidden"), ("hidden", "visible"),
                                                           ("visible", "removed")]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 5


def test_held_back_notes_are_fetched_by_id_only_by_their_author_and_moderators(client, accounts, moderator, note):
    path = note["id"].replace("http://localhost", "")
    act(client, moderator, note, "hide", note["gloss"]["version"])
    assert client.get(path).status_code == 404
    assert client.get(path, headers=accounts.headers("stranger")).status_code == 404
    assert client.get(path, headers=moderator).status_code == 200
    token = client.post("/api/tokens", json={"username": "author", "password": "correct horse battery"}).get_json()
    author = {"Authorization": f"Bearer {token['token']}"}
    assert client.get(path, headers=author).get_json()["gloss"]["moderation_state"] == "hidden"
    version = client.get(path, headers=moderator).get_json()["gloss"]["version"]
    act(client, moderator, note, "remove", version)
    assert client.get(path, headers=author).status_code == 410
    assert client.get(path, headers=moderator).status_code == 200


def test_a_removed_note_cannot_be_edited_or_erased_by_its_author(client, moderator, note):
    act(client, moderator, note, "remove", note["gloss"]["version"])
    token = client.post("/api/tokens", json={"username": "author", "password": "correct horse battery"}).get_json()
    author = {"Authorization": f"Bearer {token['token']}"}
    path = note["id"].replace("http://localhost", "")
    assert client.patch(path, json={"bodyValue": "covering tracks"}, headers=author).status_code == 403
    assert client.delete(path, headers=author).status_code == 403
    assert client.get(path, headers=moderator).get_json()["body"][0]["value"] == note["body"][0]["value"]


def test_queue_ranks_equally_flagged_notes_by_reach(client, accounts, moderator, note):
    quiet = client.post("/api/annotations", json=make_note(target={"source": "https://quiet.example.org/a",
                                                                   "selector": [{"type": "TextQuoteSelector",
                                                                                 "exact": "a"}]}),
                        headers=accounts.headers("author2")).get_json()
    flag(client, accounts.headers("r1"), quiet)
    flag(client, accounts.headers("r2"), note)
    for _ in range(3):  # readers open the busy page
        client.post("/api/anchor", json={"url": NORMALIZED_URL, "text": "page text"})
    items = client.get("/api/moderation/queue", headers=moderator).get_json()["items"]
    assert [(i["annotation"]["id"], i["reach"]) for i in items] == [(note["id"], 3), (quiet["id"], 0)]


def test_queue_domain_filter_reads_hosts_as_search_does_ports_and_subdomains_included(client, accounts, moderator):
    sources = {"port": "https://news.example.com:8443/story", "sub": "https://eu.news.example.com/story",
               "other": "https://example.net/story"}
    ids = {}
    for name, source in sources.items():
        note = client.post("/api/annotations", json=make_note(target={
            "source": source, "selector": [{"type": "TextQuoteSelector", "exact": "story"}]}),
            headers=accounts.headers(f"author_{name}")).get_json()
        flag(client, accounts.headers(f"flagger_{name}"), note, "spam")
        ids[note["id"]] = name
    for domain in ("news.example.com", ".News.Example.com"):
        queued = client.get("/api/moderation/queue", query_string={"domain": domain}, headers=moderator).get_json()
        searched = client.get("/api/annotations", query_string={"domain": domain, "status": "needs_more_ratings"},
                              headers=moderator).get_json()
        assert sorted(ids[i["annotation"]["id"]] for i in queued["items"]) == ["port", "sub"]
        assert sorted(ids[n["id"]] for n in searched["items"]) == ["port", "sub"]
    for wildcard in ("%", "news_example.com", "example.com/x"):
        refused = client.get("/api/moderation/queue", query_string={"domain": wildcard}, headers=moderator)
        assert refused.status_code == 422 and "domain" in refused.get_json()["error"]["fields"]


def test_queue_filters_refuse_unknown_reasons_and_states_as_the_web_ui_does(client, moderator):
    for query in ({"reason": "nonsense"}, {"state": "nonsense"}, {"author": "not a name!"}, {"domain": "%"}):
        response = client.get("/api/moderation/queue", query_string=query, headers=moderator)
        assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == set(query)

