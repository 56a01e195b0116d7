"""Rate limits: reads and writes counted apart (writes tighter), per app key, per user or per address;
429 in the API's error shape with Retry-After and RateLimit-* headers; counters reset with the window.
Every test here runs twice: counters in memory, and in the real Redis."""
from __future__ import annotations

import time

import pytest

from tests.factories import NORMALIZED_URL, make_note

LISTING = f"/api/annotations?url={NORMALIZED_URL}"


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def from_address(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def login_form(client, password: str) -> dict:
    """The moderator sign-in form as a browser would post it, with this client's CSRF token."""
    client.get("/moderation/login")
    with client.session_transaction() as session:
        token = session["_csrf"]
    return {"username": "mod", "password": password, "csrf_token": token}


def app_key(client, user_headers, name="app") -> dict:
    response = client.post("/api/keys", json={"name": name}, headers=user_headers)
    assert response.status_code == 201, response.get_json()
    return bearer(response.get_json()["key"])


def statuses(responses) -> list[int]:
    return [r.status_code for r in responses]


def test_writes_are_limited_apart_from_and_tighter_than_reads(limited_app, accounts):
    app = limited_app(GLOSS_RATE_USER_WRITES="2/minute", GLOSS_RATE_USER_READS="6/minute")
    client, alice = app.test_client(), accounts.headers("alice")
    writes = [client.post("/api/annotations", json=make_note(), headers=alice) for _ in range(3)]
    assert statuses(writes) == [201, 201, 429]
    # Reads still go through: their own bucket, with more room.
    reads = [client.get(LISTING, headers=alice) for _ in range(7)]
    assert statuses(reads) == [200] * 6 + [429]
    assert reads[0].headers["RateLimit-Limit"] == "6" and writes[0].headers["RateLimit-Limit"] == "2"


@pytest.mark.parametrize("method, path, body", [
    ("put", "/api/annotations/NOTE/rating", {"helpfulness": "helpful"}),
    ("post", "/api/annotations/NOTE/flags", {"reason": "spam"}),
    ("post", "/annotations/", make_note()),
    ("delete", "/api/annotations/NOTE/rating", None),
])
def test_ratings_flags_and_protocol_writes_count_as_writes(limited_app, accounts, method, path, body):
    app = limited_app(GLOSS_RATE_USER_WRITES="2/minute")
    client, bob = app.test_client(), accounts.headers("bob")
    note = client.post("/api/annotations", json=make_note(), headers=accounts.headers("alice")).get_json()
    path = path.replace("NOTE", note["id"].rsplit("/", 1)[-1])
    responses = [getattr(client, method)(path, json=body, headers=bob) for _ in range(3)]
    assert responses[-1].status_code == 429, statuses(responses)
    assert responses[0].status_code != 429


def test_anchoring_counts_as_a_read_not_a_write(limited_app, accounts):
    app = limited_app(GLOSS_RATE_ANON_WRITES="1/minute", GLOSS_RATE_ANON_READS="3/minute")
    client = app.test_client()
    anchored = [client.post("/api/anchor", json={"url": NORMALIZED_URL, "text": "x"}) for _ in range(4)]
    assert statuses(anchored) == [200, 200, 200, 429]


def test_each_app_key_and_each_address_has_its_own_allowance(limited_app, accounts):
    app = limited_app(GLOSS_RATE_ANON_READS="2/minute", GLOSS_RATE_KEY_READS="3/minute")
    client = app.test_client()
    alice = accounts.headers("alice")
    first_key, second_key = app_key(client, alice, "one"), app_key(client, alice, "two")
    assert statuses([client.get(LISTING) for _ in range(3)]) == [200, 200, 429]
    # Same address, but an app key: counted per key, with the keys' higher allowance.
    assert statuses([client.get(LISTING, headers=first_key) for _ in range(4)]) == [200, 200, 200, 429]
    assert statuses([client.get(LISTING, headers=second_key) for _ in range(3)]) == [200, 200, 200]
    # Another address starts afresh.
    assert from_address(app, "192.0.2.7").get(LISTING).status_code == 200


def test_a_user_is_counted_per_user_not_per_address(limited_app, accounts):
    app = limited_app(GLOSS_RATE_USER_READS="2/minute", GLOSS_RATE_ANON_READS="2/minute")
    alice = accounts.headers("alice")
    assert from_address(app, "192.0.2.1").get(LISTING, headers=alice).status_code == 200
    assert from_address(app, "192.0.2.2").get(LISTING, headers=alice).status_code == 200
    assert from_address(app, "192.0.2.3").get(LISTING, headers=alice).status_code == 429
    assert from_address(app, "192.0.2.3").get(LISTING, headers=accounts.headers("bob")).status_code == 200


def test_bad_credentials_count_against_the_address(limited_app, app):
    """Inventing tokens must not buy a fresh allowance for each one."""
    limited = limited_app(GLOSS_RATE_ANON_READS="2/minute")
    client = limited.test_client()
    for guess in ("glk_" + "a" * 43, "gls_" + "b" * 43):
        assert client.get(LISTING, headers=bearer(guess)).status_code == 401
    assert client.get(LISTING).status_code == 429


def test_429_is_the_api_error_shape_with_retry_after_and_ratelimit_headers(limited_app, app):
    limited = limited_app(GLOSS_RATE_ANON_READS="2/minute")
    client = limited.test_client()
    first, second, refused = (client.get(LISTING) for _ in range(3))
    assert (first.headers["RateLimit-Limit"], first.headers["RateLimit-Remaining"]) == ("2", "1")
    assert second.headers["RateLimit-Remaining"] == "0"
    assert 1 <= int(first.headers["RateLimit-Reset"]) <= 60
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert "2 per 1 minute" in refused.get_json()["error"]["message"]
    assert refused.headers["Content-Type"] == "application/json"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["RateLimit-Limit"] == "2" and refused.headers["RateLimit-Remaining"] == "0"
    assert refused.headers["RateLimit-Reset"] == refused.headers["Retry-After"]
    assert refused.headers["X-Request-Id"]


def test_the_allowance_comes_back_when_the_window_resets(limited_app, app):
    limited = limited_app(GLOSS_RATE_ANON_READS="2/second")
    client = limited.test_client()
    refused = [client.get(LISTING) for _ in range(3)][-1]
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert wait == 1
    time.sleep(wait + 0.2)
    again = client.get(LISTING)
    assert again.status_code == 200 and again.headers["RateLimit-Remaining"] == "1"


def test_health_demo_and_preflight_are_not_limited(limited_app, app):
    limited = limited_app(GLOSS_RATE_ANON_READS="1/minute", GLOSS_RATE_ANON_WRITES="1/minute")
    client = limited.test_client()
    assert statuses([client.get("/api/health") for _ in range(3)]) == [200] * 3
    assert statuses([client.get("/demo/article") for _ in range(3)]) == [200] * 3
    assert statuses([client.options("/api/annotations") for _ in range(3)]) == [200] * 3
    assert "RateLimit-Limit" not in client.get("/api/health").headers
    assert statuses([client.get(LISTING) for _ in range(2)]) == [200, 429]


def test_password_sign_in_is_limited_per_address(limited_app, accounts):
    app = limited_app(GLOSS_RATE_SIGNIN="2/minute")
    accounts.create("alice")
    client = app.test_client()
    body = {"username": "alice", "password": "wrong password"}
    assert statuses([client.post("/api/tokens", json=body) for _ in range(2)]) == [401, 401]
    good = {"username": "alice", "password": "correct horse battery"}
    refused = client.post("/api/tokens", json=good)
    assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "rate_limited"
    assert from_address(app, "192.0.2.9").post("/api/tokens", json=good).status_code == 201


def test_the_moderator_login_form_is_limited_per_address_with_a_page(limited_app, accounts):
    app = limited_app(GLOSS_RATE_SIGNIN="2/minute")
    accounts.create("mod", role="moderator")
    client = app.test_client()
    form = login_form(client, "wrong password")
    responses = [client.post("/moderation/login", data=form) for _ in range(3)]
    assert statuses(responses)[-1] == 429, statuses(responses)
    refused = responses[-1]
    assert refused.mimetype == "text/html" and b"Too many sign-in attempts" in refused.data
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert client.get("/moderation/login").status_code == 200  # the form itself is not limited
    assert statuses(responses[:2]) == [401, 401]
    other = from_address(app, "192.0.2.10")
    signed_in = other.post("/moderation/login", data=login_form(other, "correct horse battery"))
    assert signed_in.status_code == 302  # another address signs in


def test_forwarded_addresses_are_ignored_unless_proxies_are_trusted(limited_app, app):
    direct = limited_app(GLOSS_RATE_ANON_READS="1/minute")
    client = direct.test_client()
    assert client.get(LISTING, headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200
    # A client cannot dodge the limit by inventing X-Forwarded-For.
    assert client.get(LISTING, headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 429
    proxied = limited_app(GLOSS_RATE_ANON_READS="1/minute", GLOSS_TRUSTED_PROXIES="1")
    client = proxied.test_client()
    assert client.get(LISTING, headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200
    assert client.get(LISTING, headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 200
    assert client.get(LISTING, headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 429


def test_pages_on_allowed_origins_may_read_the_rate_limit_headers(limited_app, app):
    limited = limited_app(GLOSS_RATE_ANON_READS="5/minute", CORS_ORIGINS="https://reader.example.org")
    response = limited.test_client().get(LISTING, headers={"Origin": "https://reader.example.org"})
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= exposed
