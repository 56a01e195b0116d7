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
