"""What rate limiting costs a request: GET /api/annotations?url=… in-process, limiter off / memory / Redis.

What it measures
    One app on a fresh, migrated SQLite file (one user, one app key, no notes, so the listing is
    cheap and the limiter's share shows). For each configuration, --requests requests through
    Flask's test client (no network, no HTTP parsing), alternately anonymous and with the app key
    (which adds the key's lookup by hash), after 200 warm-up requests; the configurations take turns
    for --rounds rounds (other work on the machine hits them alike) and it prints the best round's
    mean time per request and the overhead against the limiter switched off. Limits are set high enough never to
    refuse. Redis is the one at --redis-url; its counters go under a random prefix and are deleted.

How to run (from the repository root)
    .venv/bin/python bench/ratelimit_bench.py
    .venv/bin/python bench/ratelimit_bench.py --requests 5000 --redis-url redis://127.0.0.1:6379/0
"""
from __future__ import annotations

import argparse
import logging
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server import create_app, migrate  # noqa: E402
from server.ratelimits import EXTENSION_KEY  # noqa: E402

LISTING = "/api/annotations?url=https://news.example.com/a"
HIGH = "1000000000/minute"


def build(database_url: str, storage: str, prefix: str):
    return create_app({"GLOSS_ENV": "test", "DATABASE_URL": database_url, "PUBLIC_BASE_URL": "",
                       "CORS_ORIGINS": "", "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "1024",
                       "RATELIMIT_STORAGE_URI": storage, "GLOSS_RATE_KEY_PREFIX": prefix,
                       "GLOSS_RATE_ANON_READS": HIGH, "GLOSS_RATE_KEY_READS": HIGH})


def app_key(app) -> str:
    from server.accounts import services
    from server.apikeys.services import create_key
    with app.app_context():
        user = services.register_user("bench", "bench@example.org", "correct horse battery")
        return create_key(user, "bench", 20)[1]


def mean_seconds(app, key: str, requests: int) -> float:
    client = app.test_client()
    headers = [{}, {"Authorization": f"Bearer {key}"}]
    for i in range(200):
        client.get(LISTING, headers=headers[i % 2])
    started = time.perf_counter()
    for i in range(requests):
        response = client.get(LISTING, headers=headers[i % 2])
        assert response.status_code == 200, response.status_code
    return (time.perf_counter() - started) / requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    prefix = f"glossbench{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate.upgrade(url)
        off = build(url, "memory://", prefix)
        key = app_key(off)
        off.extensions[EXTENSION_KEY].enabled = False
        apps = {"limiter off": off, "memory://": build(url, "memory://", prefix)}
        try:
            import redis
            redis.Redis.from_url(args.redis_url, socket_connect_timeout=1).ping()
        except Exception as err:  # noqa: BLE001 - a benchmark reports and goes on
            print(f"Redis at {args.redis_url} unreachable ({err}); skipping it")
        else:
            apps[args.redis_url] = build(url, args.redis_url, prefix)
        results = {name: float("inf") for name in apps}
        for _ in range(args.rounds):
            for name, app in apps.items():
                results[name] = min(results[name], mean_seconds(app, key, args.requests))
        if args.redis_url in apps:
            client = redis.Redis.from_url(args.redis_url)
            for stored in client.scan_iter(match=f"LIMITS:LIMITER/{prefix}/*"):
                client.delete(stored)
    base = results["limiter off"]
    print(f"best of {args.rounds} rounds of {args.requests} requests, GET {LISTING} "
          "(half anonymous, half with an app key)")
    for name, seconds in results.items():
        print(f"  {name:28s} {seconds * 1e6:8.0f} µs/request   overhead {(seconds - base) * 1e6:+6.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
