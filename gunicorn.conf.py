"""gunicorn settings for Gloss (`make run`, the Dockerfile): an access log that names no reader.

Each line: time, method, path WITHOUT the query string, status, bytes, duration. No client address
(%(h)s, nor X-Forwarded-For), no query string (GET /api/annotations?url=... carries a page URL), no
referrer (it is the page being read) and no user agent. See README "Privacy".
"""
import os

# Off unless GLOSS_ACCESS_LOG=1: a log line per request costs the listing a quarter of its throughput
# on 2 cores (bench/api_bench.py: 614 req/s, 0.47 of health, with it; 804, 0.63, without).
accesslog = "-" if os.environ.get("GLOSS_ACCESS_LOG") == "1" else None
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

# Sync workers (gunicorn's default) serve the short API requests fastest (bench/api_bench.py runs
# with this file). A sync worker streaming the JSON Lines export cannot answer the arbiter's
# heartbeat, so the timeout is long enough for a full export of 1M notes (40-120 s measured) with
# room to spare; a longer export is resumed with updated_after (README, "Bulk export").
timeout = 300

# A database outage must not turn into a loop of killed workers. Nothing at start-up touches the
# database, so workers boot while it is down (and /api/health answers 503 meanwhile). A request that
# needs it fails within seconds and is answered 503 with Retry-After by the app (server/outage.py):
# server/db.py gives every PostgreSQL connection a 3 s connect_timeout and TCP keepalives, far below
# `timeout`, so no worker sits on a dead database until the arbiter kills it, and pool_pre_ping
# replaces the pool's dead connections once the database is back, without a restart.
# tests/core/test_database_outage.py and bench/fault_bench.py check that no worker is booted again.
