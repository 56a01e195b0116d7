"""gunicorn settings for Gloss (`make run`, the Dockerfile): an access log that names no reader.

Each line: time, method, path WITHOUT the query string, status, bytes, duration. No client address
(%(h)s, nor X-Forwarded-For), no query string (GET /api/annotations?url=... carries a page URL), no
referrer (it is the page being read) and no user agent. See docs/privacy.md.
"""
import os

# Off unless GLOSS_ACCESS_LOG=1: a log line per request costs the listing a quarter of its throughput
# on 2 cores (bench/api_bench.py: 614 req/s, 0.47 of health, with it; 804, 0.63, without).
accesslog = "-" if os.environ.get("GLOSS_ACCESS_LOG") == "1" else None
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

# Sync workers (gunicorn's default) serve the short API requests fastest (bench/api_bench.py runs
# with this file). A sync worker streaming the JSON Lines export cannot answer the arbiter's
# heartbeat, so the timeout is long enough for a full export of 1M notes (40-120 s measured) with
# room to spare; a longer export is resumed with updated_after (docs/api.md, "Bulk export").
timeout = 300

# A database outage must not turn into a loop of killed workers. Nothing at start-up touches the
# database, so workers boot while it is down (and /api/health answers 503 meanwhile). A request that
# needs it fails within seconds and is answered 503 with Retry-After by the app (server/outage.py):
# server/db.py gives every PostgreSQL connection a 3 s connect_timeout and TCP keepalives, far below
# `timeout`, so no worker sits on a dead database until the arbiter kills it, and pool_pre_ping
# replaces the pool's dead connections once the database is back, without a restart.
# tests/core/test_database_outage.py and bench/fault_bench.py check that no worker is booted again.

# Limits gunicorn applies before the app sees a request (docs/operations.md "Limits before the app"); past them
# gunicorn itself answers with a short HTML error, so they sit well above anything the API accepts.
#
# The request line. The longest one the API documents is a search with every parameter at its limit:
# a 2,048-code-point `url` (the limit counts the URL as given, so a fragment or tracking parameters
# of 4-byte characters count but are dropped; percent-encoded as UTF-8 each is 12 bytes: 24,576),
# `text` (200 x 12), `tag` (50 x 12), `domain` (253 x 12), `user`, three times, `status`, `sort`,
# `limit` and a cursor: about 31,100 bytes (tests/core/test_gunicorn_limits.py builds it). gunicorn
# clamps any value above 8,190 to 8,190 unless its ceiling is raised too (0 would mean no limit at
# all: a client could make a worker buffer an endless line). 64 KiB per connection is still bounded.
limit_request_line = 65_536
# Header lines: a bearer token is ~50 bytes and our session cookie ~200, but a Cookie header also
# carries a parent domain's cookies (up to 4,096 bytes each in browsers), so 32 KiB per header line
# (gunicorn's default is 8,190) and gunicorn's default of 100 header lines (browsers send ~20).
limit_request_field_size = 32_768
limit_request_fields = 100


def _raise_request_line_ceiling() -> None:
    # gunicorn 23 (pinned in pyproject.toml) caps limit_request_line at this module constant; the
    # real-gunicorn test fails if an upgrade moves it.
    from gunicorn.http import message
    message.MAX_REQUEST_LINE = max(message.MAX_REQUEST_LINE, limit_request_line + 1)


_raise_request_line_ceiling()
