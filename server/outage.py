"""The database is unreachable: answer 503 with Retry-After, and log it in a bounded number of lines.

An audit measured ~17.6 KB of traceback logged per request during a PostgreSQL outage (69 MB for
10 s), each answered 500. Here a lost or unreachable database is recognised (`failure_class`), the
request is answered `503 {"error": {"code": "unavailable"}}` with `Retry-After` (an HTML 503 page in
the moderator UI), and the log gets, per worker process:

- one line the first time a failure class is seen, naming the class and the request id;
- then at most one line per class every REPEAT_LOG_SECONDS, counting the failures not logged since;
- one line when a connection is checked out again after failures (at most one per REPEAT_LOG_SECONDS),
  with the outage's length and how many requests were answered 503.

No message text is logged: a driver's message may quote a statement's parameters (a reader's page
URL, see server/privacy.py); the class and the SQLSTATE are enough to tell what happened.

Anything else (a missing table, a constraint the code did not expect) stays a logged 500: those are
bugs to see in full, not an outage to ride out.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
import time

from flask import Flask, current_app, g, render_template, request
from sqlalchemy import event
from sqlalchemy import exc as sa_exc

from server.db import db

log = logging.getLogger("gloss")

RETRY_AFTER_SECONDS = 5
REPEAT_LOG_SECONDS = 30
EXTENSION_KEY = "gloss.outage"

# SQLSTATEs of a lost server: class 08 (connection exception), operator intervention (57P01 admin
# shutdown, e.g. `pg_ctl stop -m fast`; 57P02 crash shutdown; 57P03 cannot connect now, e.g. starting up
# or in recovery) and 53300 too_many_connections.
PG_UNAVAILABLE_STATES = ("57P01", "57P02", "57P03", "53300")
# sqlite3 reports a missing or unreadable file, a lock held past busy_timeout and I/O failures only in
# its message; these fixed phrases are what may be logged of it.
SQLITE_UNAVAILABLE = ("unable to open database file", "database is locked", "disk i/o error",
                      "readonly database", "database or disk is full")


def failure_class(err: BaseException) -> str | None:
    """A short label for a lost or unreachable database (safe to log), or None for any other error."""
    if isinstance(err, sa_exc.TimeoutError):  # every pooled connection is busy: the database is saturated
        return "pool TimeoutError"
    if isinstance(err, sa_exc.DisconnectionError):
        return "DisconnectionError"
    if not isinstance(err, sa_exc.DBAPIError):
        return None
    orig, outer = err.orig, type(err).__name__
    driver = f"{type(orig).__module__.split('.')[0]}.{type(orig).__name__}"
    if isinstance(orig, sqlite3.Error):
        text = str(orig).lower()
        for phrase in SQLITE_UNAVAILABLE:
            if phrase in text:
                return f"{outer} ({driver}: {phrase})"
        return f"{outer} ({driver})" if err.connection_invalidated else None
    sqlstate = getattr(orig, "sqlstate", None)
    label = f"{outer} ({driver}{' ' + sqlstate if sqlstate else ''})"
    if err.connection_invalidated or isinstance(err, sa_exc.InterfaceError):
        return label
    if _is_psycopg(orig, "OperationalError"):
        # No SQLSTATE: the client failed (refused, reset, timed out), not a statement.
        if sqlstate is None or sqlstate.startswith("08") or sqlstate in PG_UNAVAILABLE_STATES:
            return label
    return None


def _is_psycopg(orig: BaseException, name: str) -> bool:
    return any(cls.__module__.startswith("psycopg") and cls.__name__ == name for cls in type(orig).__mro__)


class OutageLog:
    """Per process: which failure classes were seen, when each was last logged, what was not logged."""

    def __init__(self, repeat_seconds: float = REPEAT_LOG_SECONDS, clock=time.monotonic) -> None:
        self.repeat_seconds, self.clock = repeat_seconds, clock
        self.lock = threading.Lock()
        self.logged_at: dict[str, float] = {}  # failure class -> when its last line was written
        self.unlogged: dict[str, int] = {}  # failure class -> failures since that line
        self.since: float | None = None  # first failure since the database was last reachable
        self.failures = 0
        self.recovery_logged_at = float("-inf")

    def failed(self, label: str, request_id: str | None, answer: str = "answered 503") -> None:
        now = self.clock()
        with self.lock:
            if self.since is None:
                self.since, self.failures = now, 0
            self.failures += 1
            if now - self.logged_at.get(label, float("-inf")) < self.repeat_seconds:
                self.unlogged[label] = self.unlogged.get(label, 0) + 1
                return
            self.logged_at[label] = now
            unlogged = self.unlogged.pop(label, 0)
        if unlogged:
            log.error("database unavailable: %s (request id %s), %s; %d more since the last line",
                      label, request_id, answer, unlogged)
        else:
            log.error("database unavailable: %s (request id %s), %s", label, request_id, answer)

    def reachable(self) -> None:
        """A connection was checked out: the database answers again (called on every checkout)."""
        if self.since is None:  # the common case: no outage, no lock
            return
        now = self.clock()
        with self.lock:
            if self.since is None or now - self.recovery_logged_at < self.repeat_seconds:
                return
            seconds, failures, unlogged = now - self.since, self.failures, sum(self.unlogged.values())
            self.since, self.failures, self.recovery_logged_at = None, 0, now
            self.unlogged.clear()
        log.warning("database reachable again after %.1f s: %d requests answered 503 (%d not logged one by one)",
                    seconds, failures, unlogged)


def init_app(app: Flask) -> None:
    """After db.init_app: every checkout of a pooled connection tells the log the database answers."""
    outages = app.extensions[EXTENSION_KEY] = OutageLog()
    event.listen(app.extensions[db.extension_key].engine, "checkout", lambda *_args: outages.reachable())


def discard_transaction() -> None:
    """Roll the request's session back after a connection failure, so its next statement reconnects.

    A connection lost inside a transaction leaves the session unusable until rolled back: anything that
    catches the failure and carries on (the rate limiter) must call this, or the request's next statement
    raises PendingRollbackError, a 500."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone; the session is discarded at teardown anyway
        pass


def record_failure(err: BaseException) -> None:
    """Roll the request's session back and log the failure the rate-limited way (its class is the label)."""
    discard_transaction()
    label = failure_class(err) or type(err).__name__
    current_app.extensions[EXTENSION_KEY].failed(label, g.get("request_id"))


def stream_recorder():
    """For a response streamed after its request context is gone (the bulk export): a function that
    logs a lost database the rate-limited way and says whether it was one (else the caller re-raises)."""
    outages, request_id = current_app.extensions[EXTENSION_KEY], g.get("request_id")

    def failed(err: BaseException) -> bool:
        label = failure_class(err)
        if label is not None:
            outages.failed(label, request_id, "stream ended with an error line")
        return label is not None
    return failed


def unavailable_response(err: BaseException):
    """The answer to a request the database failed: rolled back, logged once per class, 503."""
    from server.errors import error_response
    record_failure(err)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.blueprint == "moderation_ui":
        g.moderator = None  # the page must not load anything from the database
        body = render_template("moderation/error.html", title="Temporarily unavailable",
                               message="The database cannot be reached. Try again in a few seconds.")
        return body, 503, headers
    return error_response(503, "unavailable", "The service is temporarily unavailable; retry in a few seconds.",
                          headers=headers)
