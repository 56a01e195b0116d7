"""Apps with low rate limits, each with fresh counters: in memory, or in the real Redis at 127.0.0.1:6379.

Redis tests use a key prefix unique to this test run and delete only keys under it. Outside CI they
skip, saying why, when Redis is unreachable; with GLOSS_REQUIRE_REDIS=1 (CI) they fail instead."""
from __future__ import annotations

import os
import secrets

import pytest

from server import create_app
from server.db import db
from tests.conftest import TEST_ENV

REDIS_URL = os.environ.get("GLOSS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RUN_PREFIX = f"glosstest{secrets.token_hex(6)}"
# The `limits` library files every counter under "LIMITS:LIMITER/<our prefix>/...".
STORED_PREFIX = f"LIMITS:LIMITER/{RUN_PREFIX}"


def _redis_client():
    import redis
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as err:
        message = f"Redis is unreachable at {REDIS_URL} ({err}): the Redis rate-limit tests cannot run"
        if os.environ.get("GLOSS_REQUIRE_REDIS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return client


@pytest.fixture(scope="session")
def redis_client():
    client = _redis_client()
    yield client
    for key in client.scan_iter(match=f"{STORED_PREFIX}*", count=500):
        client.delete(key)
    client.close()


@pytest.fixture(params=["memory", "redis"])
def storage(request) -> dict:
    """Settings that put the counters in memory or in Redis (under a prefix unique to this test)."""
    if request.param == "memory":
        return {"RATELIMIT_STORAGE_URI": "memory://"}
    request.getfixturevalue("redis_client")
    return {"RATELIMIT_STORAGE_URI": REDIS_URL, "GLOSS_RATE_KEY_PREFIX": f"{RUN_PREFIX}-{secrets.token_hex(4)}"}


@pytest.fixture()
def limited_app(database_url, storage):
    """make(**settings): an app on the test database with these GLOSS_RATE_* settings and fresh counters."""
    made = []

    def make(**settings):
        app = create_app({**TEST_ENV, "DATABASE_URL": database_url, **storage, **settings})
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()
