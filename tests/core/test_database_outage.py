"""A PostgreSQL outage under real gunicorn: 503 with Retry-After while the database is stopped, a few log
lines rather than a traceback per request, and full recovery when it is back, without a restart.

The test starts a PostgreSQL server of its own (tests/core/fault_rig.py), so it can stop it. Without
PostgreSQL's binaries it skips, saying why; with GLOSS_REQUIRE_POSTGRES=1 (CI, .ci/run) it fails.
"""
from __future__ import annotations

import json
import logging
import os
import re
import time

import psycopg
import pytest
import requests
from sqlalchemy import event

from server import create_app, migrate
from server.db import db
from tests.conftest import TEST_ENV, Accounts
from tests.core import fault_rig
from tests.factories import make_note

MAX_LOG_BYTES_PER_FAILURE = 500


@pytest.fixture()
def postgres():
    reason = fault_rig.unavailable_reason()
    if reason:
        message = f"{reason}: the database outage test cannot run"
        if os.environ.get(fault_rig.REQUIRE_VARIABLE) == "1":
            pytest.fail(message)
        pytest.skip(message)
    with fault_rig.ThrowawayPostgres() as server:
        migrate.upgrade(server.url())
        yield server


def _ui_session(base: str, name: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/moderation/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    signed_in = session.post(f"{base}/moderation/login", timeout=10, allow_redirects=False, data={
        "csrf_token": token, "username": name, "password": fault_rig.PASSWORD, "next": ""})
    assert signed_in.status_code == 302, signed_in.text
    assert session.get(f"{base}/moderation/", timeout=10).status_code == 200
    return session


def _write(base: str, writer: dict, n: int) -> requests.Response:
    note = make_note(body=[{"type": "TextualBody", "value": f"outage note {n}", "format": "text/plain"}])
    return requests.post(f"{base}/api/annotations", json=note, headers=writer, timeout=10)


@pytest.mark.slow
def test_a_stopped_database_answers_503_logs_a_few_lines_and_recovers_without_restart(postgres, tmp_path):
    server = fault_rig.Gunicorn(postgres.url(), tmp_path / "gunicorn.log", workers=2)
    try:
        base = server.base
        writer = fault_rig.sign_up(base, "writer")
        fault_rig.sign_up(base, "moddy")
        fault_rig.set_role(server, "moddy", "moderator")
        moderator = _ui_session(base, "moddy")
        acknowledged = []
        for n in range(5):
            created = _write(base, writer, n)
            assert created.status_code == 201, created.text
            acknowledged.append(created.json()["id"])

        log_start = server.log_size()
        postgres.stop("fast")
        reads = [lambda: requests.get(f"{base}/api/annotations/{acknowledged[0].rsplit('/', 1)[-1]}", timeout=10),
                 lambda: requests.get(f"{base}/api/annotations", params={"url": make_note()["target"]["source"]},
                                      timeout=10),
                 lambda: requests.get(f"{base}/api/me", headers=writer, timeout=10)]
        failed = 0
        for n in range(40):
            started = time.monotonic()
            for response in (_write(base, writer, 100 + n), reads[n % len(reads)]()):
                assert response.status_code == 503, (response.request.url, response.status_code, response.text)
                assert response.json()["error"]["code"] == "unavailable"
                assert 1 <= int(response.headers["Retry-After"]) <= 30
                failed += 1
            assert time.monotonic() - started < 5, "a request during the outage must fail fast"
        health = requests.get(f"{base}/api/health", timeout=10)
        assert health.status_code == 503 and "Retry-After" in health.headers
        page = moderator.get(f"{base}/moderation/", timeout=10)
        assert page.status_code == 503 and page.headers["Content-Type"].startswith("text/html")
        assert "Temporarily unavailable" in page.text and "Retry-After" in page.headers
        failed += 2

        postgres.start()
        health = requests.get(f"{base}/api/health", timeout=10)
        assert health.status_code == 200, health.text  # the first request after the restart succeeds
        for n in range(5):
            created = _write(base, writer, 200 + n)
            assert created.status_code == 201, created.text
            acknowledged.append(created.json()["id"])
        assert moderator.get(f"{base}/moderation/", timeout=10).status_code == 200
        for note_id in acknowledged:
            assert requests.get(note_id.replace("/annotations/", "/api/annotations/"), timeout=10).status_code == 200
        # Both workers have served a request since the restart, so each has logged its recovery line.
        for _ in range(20):
            assert requests.get(f"{base}/api/health", timeout=10).status_code == 200

        logged = server.log_text(log_start)
        assert "Traceback" not in logged, logged[:3000]
        assert (server.log_size() - log_start) / failed < MAX_LOG_BYTES_PER_FAILURE, logged
        assert "database unavailable: OperationalError (psycopg." in logged, logged
        assert "database reachable again after" in logged, logged
        # gunicorn kept its workers: none timed out, died or was booted again.
        assert "WORKER TIMEOUT" not in logged and "Booting worker" not in logged, logged
    finally:
        server.stop()


def _killer(app, admin) -> list:
    """A list to arm: the next connection the app checks out while it holds True is terminated by the
    server (pg_terminate_backend), and the list is emptied."""
    armed: list = []

    def kill_on_checkout(dbapi_connection, _record, _proxy):
        if armed:
            armed.clear()
            admin.execute("SELECT pg_terminate_backend(%s, 5000)", (dbapi_connection.info.backend_pid,))
    with app.app_context():
        event.listen(db.engine, "checkout", kill_on_checkout)
    return armed


def test_a_connection_killed_under_a_request_is_never_a_500_and_the_next_request_succeeds(postgres, caplog):
    # The connection a request has just checked out is terminated by the server (as in a failover, or
    # a stop between the pool's ping and the first statement): its first statement fails mid-request.
    app = create_app({**TEST_ENV, "DATABASE_URL": postgres.url()})
    writer = Accounts(app).headers("alice")
    with psycopg.connect(postgres.url(driver=""), autocommit=True) as admin:
        armed = _killer(app, admin)
        client = app.test_client()
        armed.append(True)
        with caplog.at_level(logging.INFO):
            cut = client.post("/api/annotations", json=make_note(), headers=writer)
        assert not armed  # the connection was killed under this request
        assert cut.status_code in (201, 503), cut.get_data(as_text=True)
        assert not [record for record in caplog.records if record.exc_info], caplog.text
        assert client.post("/api/annotations", json=make_note(), headers=writer).status_code == 201
    with app.app_context():
        db.engine.dispose()


def test_an_export_cut_short_by_a_lost_database_ends_with_an_error_line_not_a_traceback(postgres, caplog,
                                                                                        monkeypatch):
    # A streamed 200 cannot become a 503: the export ends with one error line instead, so the client
    # knows the download is incomplete (and resumes with updated_after), and the log gets one line.
    from server.feeds import services as feed_services
    monkeypatch.setattr(feed_services, "EXPORT_BATCH", 1)  # one note per batch: a query between lines
    app = create_app({**TEST_ENV, "DATABASE_URL": postgres.url()})
    writer = Accounts(app).headers("alice")
    client = app.test_client()
    for _ in range(3):
        assert client.post("/api/annotations", json=make_note(), headers=writer).status_code == 201
    with psycopg.connect(postgres.url(driver=""), autocommit=True) as admin:
        armed = _killer(app, admin)
        with caplog.at_level(logging.INFO):
            response = client.get("/api/export/annotations.jsonl?status=needs_more_ratings", headers=writer)
            assert response.status_code == 200  # the first batch is read before the status line
            armed.append(True)  # the next batch's connection dies under it
            lines = response.get_data(as_text=True).splitlines()
    assert not armed and len(lines) == 2, lines
    assert '"type":"Annotation"' in lines[0].replace(" ", "")
    assert json.loads(lines[1])["error"]["code"] == "unavailable"
    assert not [record for record in caplog.records if record.exc_info], caplog.text
    assert [r.getMessage() for r in caplog.records if r.name == "gloss"][-1].endswith("stream ended with an error line")
    with app.app_context():
        db.engine.dispose()


def test_a_connection_lost_after_the_answer_was_made_is_no_500(postgres, caplog):
    # The fault bench met this: a read answered, then the database stopped before the request's closing
    # ROLLBACK, which failed in the teardown (gunicorn's HTML 500 with a traceback, for a finished read).
    app = create_app({**TEST_ENV, "DATABASE_URL": postgres.url()})
    armed, killed = [], []
    with psycopg.connect(postgres.url(driver=""), autocommit=True) as admin:
        @app.after_request
        def kill_the_requests_connection(response):
            session = db.session()
            if armed and session.in_transaction():
                armed.clear()
                pid = session.connection().connection.dbapi_connection.info.backend_pid
                admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))
                killed.append(pid)
            return response

        writer = Accounts(app).headers("alice")
        client = app.test_client()
        note = client.post("/api/annotations", json=make_note(), headers=writer).headers["Location"]
        path = note.replace("http://localhost", "")
        armed.append(True)
        with caplog.at_level(logging.INFO):
            read = client.get(path, headers=writer)
        assert killed and read.status_code == 200
        assert not [record for record in caplog.records if record.exc_info], caplog.text
        assert client.get(path, headers=writer).status_code == 200
    with app.app_context():
        db.engine.dispose()
