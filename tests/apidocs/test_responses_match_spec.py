"""Real responses from the app on a real HTTP server match the OpenAPI document: status documented,
body valid against the documented schema (as JSON Schema), documented headers present. Every documented
operation must be exercised here at least once with a success, so a new endpoint's documentation is
checked against what it really answers (add a call below when you add an endpoint)."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import timedelta

import pytest
import requests
from sqlalchemy import update

from server import create_app
from server.annotations.models import Annotation
from server.apidocs.spec import DOCUMENTED_PREFIXES
from server.db import db
from server.ratings.scoring import run_scoring
from tests.apidocs.openapi_check import ResponseChecker
from tests.conftest import TEST_ENV
from tests.factories import ARTICLE_URL, HEADLINE, NORMALIZED_URL, make_note

PAGE_TEXT = "World | " + HEADLINE + "\nA new shipment of weapons arrived this week."
NEW = {"status": "needs_more_ratings"}
COPY_URL = "https://mirror.example.net/world/copied-story"
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


class Api:
    """requests against the live server; each response checked against the spec as it arrives."""

    def __init__(self, base: str, checker: ResponseChecker):
        self.base, self.checker = base, checker

    def call(self, method: str, template: str, expected: int, token: str | None = None, headers=None, **kwargs):
        path_values = kwargs.pop("path", {})
        sent_headers = dict(headers or {})
        if token:
            sent_headers["Authorization"] = f"Bearer {token}"
        response = requests.request(method, self.base + template.format(**path_values), headers=sent_headers,
                                    timeout=10, **kwargs)
        assert response.status_code == expected, f"{method} {template}: {response.status_code} {response.text[:300]}"
        self.checker.check(method, template, response.status_code, response.headers, response.content)
        return response


@pytest.fixture()
def api(live_server, client):
    spec = client.get("/api/openapi.json").get_json()
    return Api(live_server, ResponseChecker(spec))


def _sign_up(api: Api, username: str) -> str:
    api.call("POST", "/api/users", 201, json={"username": username, "email": f"{username}@example.org",
                                               "password": "correct horse battery"})
    return api.call("POST", "/api/tokens", 201, json={"username": username, "password": "correct horse battery",
                                                       "name": "laptop"}).json()["token"]


def _documented_operations(spec: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in spec["paths"].items() for method in item
            if method in HTTP_METHODS and path.startswith(DOCUMENTED_PREFIXES)}


def _verdict_note() -> dict:
    note = make_note(motivation="assessing")
    note["body"] = [note["body"][0], {"type": "TextualBody", "purpose": "classifying", "value": "misleading"}]
    return note


def test_a_success_of_every_documented_operation_matches_its_documented_response(app, api, accounts, monkeypatch):
    # The change feed serves changes at once, not GLOSS_CHANGES_SETTLE_SECONDS after them.
    monkeypatch.setitem(app.config, "GLOSS", dataclasses.replace(app.config["GLOSS"], changes_settle_seconds=0))
    alice = _sign_up(api, "alice")
    bob = _sign_up(api, "bob")
    _, moderator = accounts.create("maude", role="moderator")
    _, admin = accounts.create("ada", role="admin")
    accounts.create("carol")

    # Accounts and the service itself.
    api.call("GET", "/api/health", 200)
    api.call("GET", "/api/openapi.json", 200)
    api.call("GET", "/api/docs", 200)
    api.call("GET", "/api/docs/docs.css", 200)
    api.call("GET", "/api/me", 200, alice)
    tokens = api.call("GET", "/api/tokens", 200, alice).json()["items"]
    spare = api.call("POST", "/api/tokens", 201, json={"username": "alice", "password": "correct horse battery"})
    api.call("DELETE", "/api/tokens/{token_id}", 204, alice, path={"token_id": spare.json()["id"]})
    assert tokens

    # Notes: write, read under both IRIs, change, list, search, anchor.
    note = api.call("POST", "/api/annotations", 201, alice, json=make_note()).json()
    ids = {"annotation_id": note["id"].rsplit("/", 1)[-1]}
    api.call("GET", "/api/annotations/{annotation_id}", 200, path=ids)
    etag = api.call("GET", "/annotations/{annotation_id}", 200, alice, path=ids).headers["ETag"]
    changed = make_note(bodyValue="Edited: the missiles went to Ukraine.", body=None)
    del changed["body"]
    etag = api.call("PUT", "/api/annotations/{annotation_id}", 200, alice, path=ids, json=changed,
                    headers={"If-Match": etag}).headers["ETag"]
    etag = api.call("PATCH", "/api/annotations/{annotation_id}", 200, alice, path=ids,
                    json={"gloss": {"tags": ["missiles"]}}, headers={"If-Match": etag}).headers["ETag"]
    api.call("PUT", "/annotations/{annotation_id}", 200, alice, path=ids, json=make_note())
    api.call("PATCH", "/annotations/{annotation_id}", 200, alice, path=ids, json={"motivation": "questioning"})
    listed = api.call("GET", "/api/annotations", 200, params={"url": ARTICLE_URL, **NEW}).json()
    assert listed["total"] == 1
    api.call("GET", "/api/annotations", 200, params={"domain": "example.com", "sort": "updated", "limit": 1, **NEW})
    anchored = api.call("POST", "/api/anchor", 200, bob, json={"url": ARTICLE_URL, "text": PAGE_TEXT,
                                                               "status": ["needs_more_ratings"]}).json()
    assert anchored["items"][0]["gloss"]["anchor"]["state"] == "anchored"
    copied = api.call("POST", "/api/anchor", 200, json={"url": COPY_URL, "text": PAGE_TEXT,
                                                          "status": ["needs_more_ratings"]}).json()
    assert copied["document"] is None and copied["items"][0]["gloss"]["anchor"]["via"] == NORMALIZED_URL
    api.call("GET", "/api/annotations", 200, params={"text": "missiles ukraine", **NEW})

    # A fact-check verdict, and its ClaimReview.
    verdict = api.call("POST", "/api/annotations", 201, alice, json=_verdict_note()).json()
    assert verdict["gloss"]["verdict"] == "misleading"
    review = api.call("GET", "/api/annotations/{annotation_id}/claimreview", 200,
                      path={"annotation_id": verdict["id"].rsplit("/", 1)[-1]}).json()
    assert review["reviewRating"]["alternateName"] == "Misleading"

    # The extension's private lookups.
    url_hash = hashlib.sha256(NORMALIZED_URL.encode()).hexdigest()
    assert url_hash in api.call("GET", "/api/lookup", 200, params={"prefix": url_hash[:4]}).json()["hashes"]
    # The published filter holds helpful notes: one more, rated so as the scorer would (the queries
    # above and below ask for needs_more_ratings notes, so it changes none of their answers).
    elsewhere = make_note()
    elsewhere["target"] = {**elsewhere["target"], "source": "https://example.org/other"}
    rated = api.call("POST", "/api/annotations", 201, bob, json=elsewhere).json()
    with app.app_context():
        db.session.execute(update(Annotation).where(Annotation.id == rated["id"].rsplit("/", 1)[-1])
                           .values(status="helpful"))
        db.session.commit()
    bloom = api.call("GET", "/api/fingerprints", 200)
    assert bloom.json()["count"] > 0
    api.call("GET", "/api/fingerprints", 304, headers={"If-None-Match": bloom.headers["ETag"]})

    # App keys, and what third parties read with one: the feeds.
    made = api.call("POST", "/api/keys", 201, alice, json={"name": "mirror"}).json()
    api.call("POST", "/api/keys", 201, alice, json={"name": "spare"})
    keys = api.call("GET", "/api/keys", 200, alice, params={"limit": 1}).json()
    assert keys["next"] and "key" not in keys["items"][0]
    exported = api.call("GET", "/api/export/annotations.jsonl", 200, made["key"], params=NEW)
    assert len(exported.content.splitlines()) == 2
    changes = api.call("GET", "/api/changes", 200, made["key"], params={"limit": 2, **NEW}).json()
    assert changes["next"] and changes["items"][0]["annotation"]["id"] == note["id"]
    atom = api.call("GET", "/feeds/annotations.atom", 200, params={"limit": 1, **NEW})
    assert b'rel="next"' in atom.content

    # Ratings, before and after the community model scored the note.
    api.call("PUT", "/api/annotations/{annotation_id}/rating", 201, bob, path=ids,
             json={"helpfulness": "helpful", "reasons": ["clear"]})
    api.call("PUT", "/api/annotations/{annotation_id}/rating", 200, bob, path=ids,
             json={"helpfulness": "somewhat_helpful", "reasons": ["clear", "opinion"]})
    api.call("GET", "/api/annotations/{annotation_id}/rating", 200, bob, path=ids)
    api.call("GET", "/api/annotations/{annotation_id}/ratings/summary", 200, path=ids)
    with app.app_context():
        run_scoring(timedelta(minutes=30), timedelta(days=14))
    summary = api.call("GET", "/api/annotations/{annotation_id}/ratings/summary", 200, path=ids).json()
    assert summary["score"] is not None

    # Flags and moderation.
    api.call("POST", "/api/annotations/{annotation_id}/flags", 201, bob, path=ids,
             json={"reason": "misleading", "comment": "Check the source."})
    api.call("GET", "/api/annotations/{annotation_id}/flags", 200, alice, path=ids)
    api.call("GET", "/api/annotations/{annotation_id}/flags", 200, moderator, path=ids)
    queue = api.call("GET", "/api/moderation/queue", 200, moderator).json()
    assert queue["items"]
    version = queue["items"][0]["annotation"]["gloss"]["version"]
    api.call("POST", "/api/moderation/annotations/{annotation_id}/actions", 200, moderator, path=ids,
             json={"action": "approve", "reason": "Sourced.", "expected_version": version})
    api.call("POST", "/api/moderation/users/{username}/actions", 200, moderator, path={"username": "carol"},
             json={"action": "suspend", "reason": "Spam.", "until": "2030-01-01T00:00:00Z"})
    api.call("POST", "/api/moderation/users/{username}/actions", 200, admin, path={"username": "carol"},
             json={"action": "set_role", "reason": "Trusted.", "role": "moderator"})
    assert api.call("GET", "/api/moderation/log", 200, moderator, params={"limit": 1}).json()["next"]

    # The W3C protocol container, in each of its representations.
    api.call("OPTIONS", "/annotations/", 200)
    api.call("POST", "/annotations/", 201, alice, json=make_note(),
             headers={"Content-Type": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'})
    full = api.call("GET", "/annotations/", 200, alice, params=NEW)
    api.call("GET", "/annotations/", 304, alice, params=NEW, headers={"If-None-Match": full.headers["ETag"]})
    api.call("GET", "/annotations/", 200, params={**NEW, "minimal": 1})
    api.call("GET", "/annotations/", 200, params={**NEW, "iris": 1, "page": 0})
    api.call("GET", "/annotations/", 200, params={**NEW, "page": 0})

    # Withdraw and delete last.
    api.call("DELETE", "/api/keys/{key_id}", 204, alice, path={"key_id": made["id"]})
    api.call("DELETE", "/api/annotations/{annotation_id}/rating", 204, bob, path=ids)
    second = api.call("POST", "/api/annotations", 201, alice, json=make_note()).json()
    api.call("DELETE", "/annotations/{annotation_id}", 204, alice,
             path={"annotation_id": second["id"].rsplit("/", 1)[-1]})
    api.call("DELETE", "/api/annotations/{annotation_id}", 204, alice, path=ids)

    succeeded = {(method, path) for method, path, status in api.checker.checked if status < 400}
    missing = _documented_operations(api.checker.spec) - succeeded
    assert not missing, f"documented operations never exercised here: {sorted(missing)}"


def test_error_responses_match_the_documented_error_shape(api, accounts):
    alice = _sign_up(api, "alice")
    _, reader = accounts.create("rita", role="reader")
    note = api.call("POST", "/api/annotations", 201, alice, json=make_note()).json()
    ids = {"annotation_id": note["id"].rsplit("/", 1)[-1]}

    malformed = api.call("POST", "/api/annotations", 400, alice, data=b"{not json",
                         headers={"Content-Type": "application/json"})
    assert malformed.json()["error"]["code"] == "malformed_json"
    api.call("GET", "/api/annotations", 400, params={"cursor": "forged"})
    unauthorized = api.call("GET", "/api/me", 401, "gls_not-a-real-token")
    assert unauthorized.headers["WWW-Authenticate"].startswith("Bearer")
    api.call("POST", "/api/annotations", 403, reader, json=make_note())
    app_key = api.call("POST", "/api/keys", 201, alice, json={"name": "reader app"}).json()["key"]
    refused = api.call("POST", "/api/annotations", 403, app_key, json=make_note())
    assert refused.json()["error"]["code"] == "app_key_read_only"
    api.call("GET", "/api/keys", 403, app_key)
    api.call("GET", "/api/export/annotations.jsonl", 401)
    api.call("GET", "/api/lookup", 400)
    api.call("GET", "/api/lookup", 422, params={"prefix": "ABCD"})
    api.call("GET", "/api/changes", 400, params={"since": "forged"})
    api.call("GET", "/feeds/annotations.atom", 422, params={"domain": "not a host"})
    api.call("GET", "/api/annotations", 422, params={"text": "x" * 201})
    api.call("GET", "/api/annotations/{annotation_id}", 404, path={"annotation_id": "nope"})
    api.call("POST", "/api/users", 409, json={"username": "alice", "email": "other@example.org",
                                              "password": "correct horse battery"})
    api.call("PUT", "/api/annotations/{annotation_id}", 412, alice, path=ids, json=make_note(),
             headers={"If-Match": '"v99"'})
    api.call("POST", "/api/annotations", 413, alice, data=b"{" + b" " * 2_000_000 + b"}",
             headers={"Content-Type": "application/json"})
    api.call("POST", "/api/annotations", 415, alice, data="hello", headers={"Content-Type": "text/plain"})
    invalid = api.call("POST", "/api/annotations", 422, alice, json=make_note(motivation="shouting"))
    assert "motivation" in invalid.json()["error"]["fields"]
    api.call("GET", "/annotations/", 422, params={"page": "first"})
    api.call("DELETE", "/api/annotations/{annotation_id}", 204, alice, path=ids)
    api.call("GET", "/annotations/{annotation_id}", 410, path=ids)
    api.call("GET", "/api/annotations/{annotation_id}/claimreview", 410, path=ids)
    api.call("GET", "/api/annotations/{annotation_id}/ratings/summary", 410, path=ids)


def test_a_rate_limited_request_answers_the_documented_429(client, database_url):
    checker = ResponseChecker(client.get("/api/openapi.json").get_json())
    limited = create_app({**TEST_ENV, "DATABASE_URL": database_url, "RATELIMIT_STORAGE_URI": "memory://",
                          "GLOSS_RATE_ANON_READS": "1/minute"})
    try:
        reader = limited.test_client()
        counted = reader.get("/api/annotations", query_string={"url": ARTICLE_URL})
        assert counted.status_code == 200  # as the 429's description says, a counted success shows the window
        assert (counted.headers["RateLimit-Limit"], counted.headers["RateLimit-Remaining"]) == ("1", "0")
        refused = reader.get("/api/annotations", query_string={"url": ARTICLE_URL})
        assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "rate_limited"
        checker.check("GET", "/api/annotations", 429, refused.headers, refused.data)
        assert int(refused.headers["Retry-After"]) >= 1 and refused.headers["RateLimit-Remaining"] == "0"
        # What the document leaves without a 429 is indeed never limited.
        assert [reader.get("/api/health").status_code for _ in range(3)] == [200] * 3
        # The Atom feed runs the same search as the API, so it shares the address's read allowance.
        assert reader.get("/feeds/annotations.atom").status_code == 429
    finally:
        with limited.app_context():
            db.engine.dispose()


def _note_response(**changes) -> bytes:
    note = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://x/annotations/a", "type": "Annotation",
            "motivation": "commenting", "created": "2026-11-24T21:14:56Z", "modified": "2026-11-24T21:14:56Z",
            "creator": {"id": "http://x/users/al", "type": "Person", "nickname": "al", "name": "al"},
            "generator": {"id": "http://x/", "type": "Software", "name": "Gloss"},
            "body": [{"type": "TextualBody", "value": "Hi", "format": "text/plain", "purpose": "commenting"}],
            "target": {"source": "https://a.example/", "selector": [
                {"type": "TextQuoteSelector", "exact": "a", "prefix": "", "suffix": ""}]},
            "gloss": {"status": "helpful", "moderation_state": "visible", "version": 1, "tags": []}}
    note.update(changes)
    return json.dumps({key: value for key, value in note.items() if value is not None}).encode()


@pytest.mark.parametrize("changes", [{"surprise": 1}, {"gloss": None}, {"created": "yesterday"},
                                     {"motivation": "shouting"}])
def test_the_checker_rejects_a_response_that_drifted_from_its_schema(client, changes):
    checker = ResponseChecker(client.get("/api/openapi.json").get_json())
    headers = {"Content-Type": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"', "ETag": '"v1"',
               "Link": "x", "Allow": "GET", "Vary": "Accept"}
    checker.check("GET", "/api/annotations/{annotation_id}", 200, headers, _note_response())
    with pytest.raises(AssertionError, match="does not match"):
        checker.check("GET", "/api/annotations/{annotation_id}", 200, headers, _note_response(**changes))


def test_the_checker_rejects_an_undocumented_status_or_a_missing_header(client):
    checker = ResponseChecker(client.get("/api/openapi.json").get_json())
    with pytest.raises(AssertionError, match="not documented"):
        checker.check("GET", "/api/me", 418, {}, b"")
    with pytest.raises(AssertionError, match="header ETag"):
        checker.check("GET", "/api/annotations/{annotation_id}", 200, {"Content-Type": "application/json"},
                      _note_response())
