"""gunicorn settings for Gloss (`make run`, the Dockerfile): an access log that names no reader.

Each line: time, method, path WITHOUT the query string, status, bytes, duration. No client address
(%(h)s, nor X-Forwarded-For), no query string (GET /api/annotations?url=... carries a page URL), no
referrer (it is the page being read) and no user agent. See README "Privacy".
"""
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

# Threaded workers: a long response (the JSON Lines export of a large database streams for minutes)
# occupies one thread while the worker keeps answering its heartbeat, so gunicorn's --timeout does
# not kill it as it would a sync worker. Each worker keeps its own caches (fingerprints, rate
# counters in memory://), shared by its threads.
worker_class = "gthread"
threads = 4
