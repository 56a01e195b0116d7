"""Rate limits (Flask-Limiter): per app key, per user, or per client address, reads and writes apart.

Which bucket a request counts against:
- API reads (GET/HEAD on /api/..., /annotations/... and /feeds/..., and POST /api/anchor, which changes
  nothing):
  GLOSS_RATE_KEY_READS per app key, GLOSS_RATE_USER_READS per user, GLOSS_RATE_ANON_READS per address.
- API writes (POST/PUT/PATCH/DELETE): GLOSS_RATE_USER_WRITES per user (an app key's writes, refused
  anyway, count here too), GLOSS_RATE_ANON_WRITES per address.
- Password sign-in (POST /api/tokens, POST /moderation/login): GLOSS_RATE_SIGNIN per address as well.
Not limited: /api/health (monitors poll it; a 429 would read as "down"), the demo article and static
files (fixed content that touches no data), CORS preflights (no credentials; answered by flask-cors),
and the moderator UI's pages other than the sign-in form (a handful of signed-in moderators).

Counters live in RATELIMIT_STORAGE_URI (memory:// per worker process, redis:// shared). If the
storage fails, requests are served unlimited and the error is logged: limits protect the service,
an outage of the counter store should not take it down.
"""
from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from flask import Flask, current_app, request
from flask_limiter import ApplicationLimit, Limiter
from flask_limiter.errors import RateLimitExceeded
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from server import outage
from server.config import Settings
from server.errors import error_response
from server.web import is_api_path, is_write_request

log = logging.getLogger("gloss")

SIGNIN_ENDPOINTS = frozenset({"accounts.create_token", "moderation_ui.login"})
UNLIMITED_ENDPOINTS = frozenset({"health.health"})
EXTENSION_KEY = "gloss.limiter"
CALLER_KEY = "gloss.limiter.caller"


def init_rate_limits(app: Flask, settings: Settings, caller: Callable[[], object | None]) -> Limiter:
    """`caller` answers who calls (accounts.auth.caller_or_none: an object with .app_key and .user, None
    for a bad credential). The app factory hands it in: features import this module (the API reference
    asks is_rate_limited), so it imports no feature."""
    app.extensions[CALLER_KEY] = caller
    if settings.trusted_proxies:
        # Behind N proxies the client's address is the Nth from the right in X-Forwarded-For; without
        # this every request would count against the proxy's own address.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    rate = settings.rate
    options = {}
    if rate.storage_uri.startswith("redis"):
        # A stuck Redis must not hang requests: fail fast, then serve unlimited (swallow_errors).
        options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    limiter = Limiter(
        key_func=_client_address,
        application_limits=[
            ApplicationLimit(_read_limit, key_function=_caller_key, scope="read", exempt_when=_not_read),
            ApplicationLimit(_write_limit, key_function=_caller_key, scope="write", exempt_when=_not_write),
            ApplicationLimit(lambda: _rate().signin, key_function=_address_key, scope="signin",
                             exempt_when=_not_signin),
        ],
        storage_uri=rate.storage_uri,
        storage_options=options,
        strategy="fixed-window",
        key_prefix=rate.key_prefix,
        headers_enabled=False,  # ours below: RateLimit-* with Reset in seconds, as the IETF draft has it
        swallow_errors=True,
    )
    limiter.init_app(app)
    # Flask-Limiter logs every refusal at INFO with the counter key, i.e. a client's address or a user
    # id: keep addresses out of the logs (storage errors still log, at ERROR, without them).
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)
    app.extensions[EXTENSION_KEY] = limiter
    app.register_error_handler(RateLimitExceeded, _too_many_requests)
    app.after_request(_rate_limit_headers)
    return limiter


def _rate():
    return current_app.config["GLOSS"].rate


def _client_address() -> str:
    return request.remote_addr or "unknown"


def _address_key() -> str:
    return "ip:" + _client_address()


def _caller_kind_and_key() -> tuple[str, str]:
    """("key", ...), ("user", ...) or ("anon", ...); a bad credential counts by address, and so does
    any credential while the database is down (the view's own look-up of it answers the 503)."""
    try:
        caller = current_app.extensions[CALLER_KEY]()
    except SQLAlchemyError as err:
        if outage.failure_class(err) is None:
            raise
        outage.discard_transaction()
        return "anon", _address_key()
    if caller is not None and caller.app_key is not None:
        return "key", "key:" + caller.app_key.id
    if caller is not None and caller.user is not None:
        return "user", "user:" + caller.user.id
    return "anon", _address_key()


def _caller_key() -> str:
    return _caller_kind_and_key()[1]


def _read_limit() -> str:
    rate = _rate()
    if _not_read():  # asked for every request; resolve no credential where the limit does not apply
        return rate.anon_reads
    kind = _caller_kind_and_key()[0]
    return {"key": rate.key_reads, "user": rate.user_reads}.get(kind, rate.anon_reads)


def _write_limit() -> str:
    if _not_write():
        return _rate().anon_writes
    kind = _caller_kind_and_key()[0]
    return _rate().anon_writes if kind == "anon" else _rate().user_writes


def is_rate_limited(path: str, method: str, endpoint: str | None) -> bool:
    """Whether requests to this route count against a limit (so can answer 429). Pure, so the API
    reference (server/apidocs/spec.py) documents 429 exactly where it can happen."""
    return is_api_path(path) and method != "OPTIONS" and endpoint not in UNLIMITED_ENDPOINTS


def _limited_api_request() -> bool:
    return is_rate_limited(request.path, request.method, request.endpoint)


def _not_read() -> bool:
    return not _limited_api_request() or is_write_request()


def _not_write() -> bool:
    return not _limited_api_request() or not is_write_request()


def _not_signin() -> bool:
    return not (request.method == "POST" and request.endpoint in SIGNIN_ENDPOINTS)


def _window() -> tuple[int, int, int] | None:
    """(limit, remaining, seconds until the window resets) of the limit that matters on this request."""
    limiter: Limiter = current_app.extensions[EXTENSION_KEY]
    current = limiter.current_limit
    if current is None:
        return None
    try:
        reset_time, remaining = current.window
    except Exception:  # the counter store is down: no headers rather than a failed response
        log.exception("rate limit storage unreachable while reading the window")
        return None
    return current.limit.amount, max(0, remaining), max(1, math.ceil(reset_time - time.time()))


def _rate_limit_headers(response):
    window = _window()
    if window is not None:
        limit, remaining, reset = window
        response.headers["RateLimit-Limit"] = str(limit)
        response.headers["RateLimit-Remaining"] = str(remaining)
        response.headers["RateLimit-Reset"] = str(reset)
        if response.status_code == 429:
            response.headers["Retry-After"] = str(reset)
    return response


def _too_many_requests(err: RateLimitExceeded):
    window = _window()
    wait = window[2] if window else 60
    return error_response(429, "rate_limited",
                          f"Too many requests (limit {err.description}); retry in {wait} seconds.",
                          headers={"Retry-After": str(wait)})
