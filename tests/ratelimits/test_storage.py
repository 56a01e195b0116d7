"""Where the counters live: Redis shares them between workers, memory keeps them per process; a dead
counter store serves requests unlimited rather than failing them. And the settings fail fast."""
from __future__ import annotations

import secrets

import pytest

from server import create_app
from server.config import RATE_DEFAULTS, ConfigError, load_settings
from server.db import db
from tests.conftest import TEST_ENV
from tests.ratelimits.conftest import REDIS_URL, RUN_PREFIX
from tests.ratelimits.test_limits import LISTING


@pytest.fixture()
def workers(database_url, app):
    """make(n, **settings): n apps on one database, as n gunicorn workers would be."""
    made = []

    def make(n, **settings):
        made.extend(create_app({**TEST_ENV, "DATABASE_URL": database_url, **settings}) for _ in range(n))
        return made[-n:]

    yield make
    for worker in made:
        with worker.app_context():
            db.engine.dispose()


def test_redis_counters_are_shared_between_workers(workers, redis_client):
    prefix = f"{RUN_PREFIX}-shared-{secrets.token_hex(4)}"
    first, second = workers(2, RATELIMIT_STORAGE_URI=REDIS_URL, GLOSS_RATE_KEY_PREFIX=prefix,
                            GLOSS_RATE_ANON_READS="2/minute")
    assert first.test_client().get(LISTING).status_code == 200
    assert second.test_client().get(LISTING).status_code == 200
    assert first.test_client().get(LISTING).status_code == 429
    stored = list(redis_client.scan_iter(match=f"LIMITS:LIMITER/{prefix}/*"))
    assert stored and all(b"ip:127.0.0.1" in key for key in stored)


def test_memory_counters_are_per_worker_process(workers):
    first, second = workers(2, RATELIMIT_STORAGE_URI="memory://", GLOSS_RATE_ANON_READS="1/minute")
    assert first.test_client().get(LISTING).status_code == 200
    assert second.test_client().get(LISTING).status_code == 200
    assert first.test_client().get(LISTING).status_code == 429


def test_an_unreachable_counter_store_serves_requests_unlimited(workers):
    [app] = workers(1, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0", GLOSS_RATE_ANON_READS="1/minute")
    responses = [app.test_client().get(LISTING) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert "RateLimit-Limit" not in responses[0].headers


@pytest.mark.parametrize("name, value", [
    ("GLOSS_RATE_ANON_READS", "lots"),
    ("GLOSS_RATE_USER_WRITES", "0/minute"),
    ("GLOSS_RATE_KEY_READS", "-5/second"),
    ("GLOSS_RATE_SIGNIN", "10 per fortnight"),
    ("RATELIMIT_STORAGE_URI", "memcached://127.0.0.1:11211"),
    ("GLOSS_RATE_KEY_PREFIX", "has space"),
    ("GLOSS_TRUSTED_PROXIES", "-1"),
    ("GLOSS_TRUSTED_PROXIES", "one"),
    ("GLOSS_MAX_APP_KEYS", "0"),
])
def test_a_bad_rate_setting_stops_start_up_naming_it(name, value):
    with pytest.raises(ConfigError, match=name):
        load_settings({"GLOSS_ENV": "development", "DATABASE_URL": "sqlite:///x.db", name: value})


def test_defaults_are_tight_outside_tests_and_generous_under_them():
    production = load_settings({"GLOSS_ENV": "production", "SECRET_KEY": "k" * 64,
                                "DATABASE_URL": "sqlite:///x.db", "PUBLIC_BASE_URL": "https://gloss.example.org"}).rate
    assert production.user_writes == RATE_DEFAULTS["user_writes"] == "60/minute"
    assert production.storage_uri == "memory://"
    test = load_settings({"GLOSS_ENV": "test", "DATABASE_URL": "sqlite:///x.db"}).rate
    assert test.anon_reads == test.signin == "1000000/minute"
    chosen = load_settings({"GLOSS_ENV": "test", "DATABASE_URL": "sqlite:///x.db",
                            "GLOSS_RATE_KEY_READS": "10 per second;500 per hour"}).rate
    assert chosen.key_reads == "10 per second;500 per hour"
